"""The graph the views draw: entities as nodes, the relations between them as edges (networkx).

`load()` reads the store once into a `networkx.MultiDiGraph`; `select()` narrows it to what a
view asks for (classes, the ego network of one entity, the shortest connection between two).
Labels given by users are matched in Python against the loaded nodes, never pasted into SPARQL.

Nodes are the instances of the contract's classes (Article included: bylines are edges from it).
Edges are every entity-to-entity triple of the article graphs except `zw:mentions`, which is left
out by default: every article mentions every entity it names, so with it each article becomes a
hub that drowns the relations (担任, 主持, 出席 …) the view is for. `mentions=True` adds it.
Edges keep the RDF direction (subject -> object) and are keyed by the predicate's CURIE; the page
draws some of them reversed so that the Chinese verb reads left to right (李亚 主持 会议).
"""
from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.rdf.namespace import PREFIXES

ZW = PREFIXES["zw"]
MENTIONS = "zw:mentions"


@dataclass(frozen=True, slots=True)
class NodeClass:
    """A contract class as the views draw it."""

    name: str  # local name in zw:
    zh: str
    colour: str
    shape: str  # a vis-network shape whose size is set by `size` (label below it)


# in priority order: an entity typed twice is drawn as the first class it has
CLASSES: tuple[NodeClass, ...] = (
    NodeClass("Person", "人物", "#e15759", "dot"),
    NodeClass("Organization", "机构", "#4e79a7", "square"),
    NodeClass("Post", "职务", "#f28e2b", "triangle"),
    NodeClass("Meeting", "会议", "#76b7b2", "star"),
    NodeClass("PolicyDocument", "文件", "#59a14f", "diamond"),
    NodeClass("Project", "项目", "#edc948", "hexagon"),
    NodeClass("Place", "地点", "#b07aa1", "triangleDown"),
    NodeClass("Visit", "调研", "#ff9da7", "dot"),
    NodeClass("Article", "报道", "#9c9c9c", "square"),
)
CLASS_BY_NAME = {c.name: c for c in CLASSES}


@dataclass(frozen=True, slots=True)
class Relation:
    """A predicate as the views name it: the Chinese verb, and whether it reads object -> subject."""

    curie: str
    zh: str
    reverse: bool = False


RELATIONS: dict[str, Relation] = {r.curie: r for r in (
    Relation("org:holds", "担任"),
    Relation("org:postIn", "隶属"),
    Relation("zw:chairedBy", "主持", reverse=True),
    Relation("zw:attendedBy", "出席", reverse=True),
    Relation("zw:convenedBy", "召开", reverse=True),
    Relation("zw:adopted", "通过"),
    Relation("zw:issuedBy", "印发", reverse=True),
    Relation("zw:implements", "贯彻"),
    Relation("zw:partner", "合作"),
    Relation("zw:locatedIn", "位于"),
    Relation("zw:within", "属于"),
    Relation("zw:discussed", "听取"),
    Relation("zw:visitor", "调研", reverse=True),
    Relation("zw:visited", "前往"),
    Relation("schema:author", "记者"),
    Relation("zw:correspondent", "通讯员"),
    Relation("schema:editor", "编辑"),
    Relation(MENTIONS, "提及"),
)}


def relation(curie: str) -> Relation:
    """The relation for a CURIE; one the table does not know is named by its local name."""
    return RELATIONS.get(curie) or Relation(curie, curie.partition(":")[2] or curie)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence a fact was read from, with the article it is in."""

    text: str
    article: str
    title: str
    date: str


@dataclass(frozen=True, slots=True)
class Seen:
    """An article that names an entity."""

    article: str
    title: str
    date: str


def curie(iri: str) -> str:
    """`http://www.w3.org/ns/org#holds` -> `org:holds` (the longest matching namespace wins)."""
    best = ""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = p
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _local(iri: str) -> str:
    return iri.rpartition("#")[2].rpartition("/")[2]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# -- loading ---------------------------------------------------------------------------------------
MAX_EVIDENCE = 3


@dataclass(slots=True)
class _Facts:
    """What `load` reads from the store about the nodes of G, before it writes it onto them."""

    articles: dict[str, tuple[str, str]]
    labels: dict[str, set[str]]
    alt: dict[str, set[str]]
    dates: dict[str, set[str]]
    evidence: dict[str, set[tuple[str, str]]]
    holdings: dict[tuple[str, str], set[tuple[str, str]]]
    seen: dict[str, set[str]]
    stated: dict[tuple[str, str, str], set[str]]  # (s, predicate CURIE, o) -> article graphs

    def ev(self, text: str, g: str) -> "Evidence":
        title, date = self.articles.get(g, ("", ""))
        return Evidence(text, g, title, date)

    def evidence_of(self, found: set[tuple[str, str]]) -> tuple["Evidence", ...]:
        """The earliest MAX_EVIDENCE (sentence, article) pairs, by article date."""
        ordered = sorted(found, key=lambda sg: (self.articles.get(sg[1], ("", ""))[1], sg))
        return tuple(self.ev(s, g) for s, g in ordered[:MAX_EVIDENCE])


def load(store, *, mentions: bool = False) -> nx.MultiDiGraph:  # noqa: ANN001
    """Every entity of the store as a node, every relation between two of them as an edge.

    Node attributes: iri, label, cls (contract class), kind (most specific class), aliases,
    posts, date, evidence (Evidence…), seen (Seen…: the articles naming it). Edge attributes
    (key = predicate CURIE): relation, label (Chinese), evidence, articles (how many state it).
    """
    G = _entities(store)
    facts = _read_facts(store, G, mentions)
    _describe_nodes(G, facts)
    for (s, p, o), graphs in sorted(facts.stated.items()):
        G.add_edge(s, o, key=p, relation=p, label=relation(p).zh, articles=len(graphs),
                   evidence=_edge_evidence(G, s, p, o, graphs, facts.evidence, facts.holdings, facts.ev))
    _add_posts(G, facts)
    return G


def _read_facts(store, G: nx.MultiDiGraph, mentions: bool) -> _Facts:  # noqa: ANN001
    """Labels, dates, evidence, holdings, mentions and relations of the nodes of G, one query each."""
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.query("SELECT ?e ?l WHERE { ?e rdfs:label ?l }"):
        if row["e"].value in G:
            labels[row["e"].value].add(row["l"].value)
    alt: dict[str, set[str]] = defaultdict(set)
    for row in store.query("SELECT ?e ?l WHERE { ?e skos:altLabel ?l }"):
        if row["e"].value in G:
            alt[row["e"].value].add(row["l"].value)
    dates: dict[str, set[str]] = defaultdict(set)
    for row in store.query("SELECT ?e ?d WHERE { { ?e dcterms:date ?d } UNION { ?e zw:dateText ?d } }"):
        if row["e"].value in G:
            dates[row["e"].value].add(row["d"].value)
    evidence: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in store.query("SELECT ?e ?s ?g WHERE { GRAPH ?g { ?e zw:evidence ?s } }"):
        evidence[row["e"].value].add((row["s"].value, row["g"].value))
    holdings: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in store.query("SELECT ?p ?post ?s ?g WHERE { GRAPH ?g { ?h zw:holder ?p ; zw:heldPost ?post ; "
                           "zw:evidence ?s } }"):
        holdings[(row["p"].value, row["post"].value)].add((row["s"].value, row["g"].value))
    seen: dict[str, set[str]] = defaultdict(set)
    mention_pairs: set[tuple[str, str, str]] = set()
    for row in store.query("SELECT ?a ?e ?g WHERE { GRAPH ?g { ?a zw:mentions ?e } }"):
        a, e = row["a"].value, row["e"].value
        if e in G:
            seen[e].add(a)
            if a in G:
                mention_pairs.add((a, e, row["g"].value))
    # edges: every IRI-valued triple between two nodes, with the article graphs stating it
    stated: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) && ?p != rdf:type "
                           "&& ?p != zw:mentions) }"):
        s, o = row["s"].value, row["o"].value
        if s in G and o in G:
            stated[(s, curie(row["p"].value), o)].add(row["g"].value)
    if mentions:
        for a, e, g in mention_pairs:
            stated[(a, MENTIONS, e)].add(g)
    return _Facts(_articles(store), labels, alt, dates, evidence, holdings, seen, stated)


def _describe_nodes(G: nx.MultiDiGraph, facts: _Facts) -> None:
    """Label, aliases, date, evidence and the articles naming it, on every node."""
    articles = facts.articles
    for n, data in G.nodes(data=True):
        names = sorted(facts.labels.get(n, ()), key=lambda s: (-len(s), s))
        if data["cls"] == "Article":
            title = articles.get(n, ("", ""))[0]
            names = [title] + names if title else names
            data["date"] = articles.get(n, ("", ""))[1]
        else:
            data["date"] = min(facts.dates.get(n, ()), default="")
        data["label"] = names[0] if names else ""
        data["aliases"] = tuple(sorted((set(names[1:]) | facts.alt.get(n, set())) - {data["label"]}))
        data["evidence"] = facts.evidence_of(facts.evidence.get(n, set()))
        data["seen"] = tuple(sorted((Seen(a, *articles.get(a, ("", ""))) for a in facts.seen.get(n, ())),
                                    key=lambda x: (x.date, x.article), reverse=True))


def _add_posts(G: nx.MultiDiGraph, facts: _Facts) -> None:
    """Each person's posts (and, lacking other evidence, the sentences naming them); fallback labels."""
    posts: dict[str, set[str]] = defaultdict(set)
    held: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for s, o, p in G.edges(keys=True):
        if p == "org:holds":
            posts[s].add(G.nodes[o]["label"] or o)
            held[s] |= facts.holdings.get((s, o), set())
    for n, data in G.nodes(data=True):
        data["posts"] = tuple(sorted(posts.get(n, ())))
        if not data["evidence"] and held.get(n):  # a person's sentences are those naming their posts
            data["evidence"] = facts.evidence_of(held[n])
        if not data["label"]:
            data["label"] = _fallback_label(G, n)


def _entities(store) -> nx.MultiDiGraph:  # noqa: ANN001
    """A graph of the instances of CLASSES (subclasses included), without labels yet."""
    G = nx.MultiDiGraph()
    rank = {c.name: i for i, c in enumerate(CLASSES)}
    values = " ".join(f"zw:{c.name}" for c in CLASSES)
    typed: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for row in store.query(f"SELECT DISTINCT ?e ?t ?c WHERE {{ VALUES ?c {{ {values} }} ?t rdfs:subClassOf* ?c . ?e a ?t }}"):
        if isinstance(row["e"], ox.NamedNode):
            typed[row["e"].value].add((rank[row["c"].value[len(ZW):]], _local(row["t"].value)))
    for iri in sorted(typed):
        # the class of highest priority; as kind, its most specific subclass (PartyOrganization …)
        first = min(typed[iri])[0]
        c = CLASSES[first].name
        kind = min((t for r, t in typed[iri] if r == first and t != c), default=c)
        G.add_node(iri, iri=iri, cls=c, kind=kind, label="", aliases=(), posts=(), date="", evidence=(), seen=())
    return G


def _articles(store) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """Article IRI -> (title, date), for the sources of evidence."""
    out: dict[str, tuple[str, str]] = {}
    for row in store.query("SELECT ?a ?t ?d WHERE { ?a a zw:Article . OPTIONAL { ?a dcterms:title ?t } "
                           "OPTIONAL { ?a dcterms:date ?d } }"):
        t, d = row["t"], row["d"]
        old = out.get(row["a"].value, ("", ""))
        out[row["a"].value] = (min(filter(None, (old[0], t.value if t else "")), default=""),
                               min(filter(None, (old[1], d.value if d else "")), default=""))
    return out


def _edge_evidence(G: nx.MultiDiGraph, s: str, p: str, o: str, graphs: set[str], evidence, holdings, ev) -> tuple:  # noqa: ANN001
    """The sentences that state s-p-o: a holding's own, else the subject's (or object's) sentence
    in the same article, preferring one that names the other end."""
    out: list[Evidence] = []
    for g in sorted(graphs):
        if p == "org:holds":
            cands = [sg for sg in holdings.get((s, o), ()) if sg[1] == g]
        else:
            cands = [sg for sg in evidence.get(s, ()) if sg[1] == g] or [sg for sg in evidence.get(o, ()) if sg[1] == g]
        if not cands:
            continue
        ends = [[G.nodes[x]["label"], *G.nodes[x]["aliases"]] for x in (s, o)]
        cands.sort(key=lambda sg: (-sum(any(nm and nm in sg[0] for nm in names) for names in ends), len(sg[0]), sg[0]))
        out.append(ev(*cands[0]))
        if len(out) == MAX_EVIDENCE:
            break
    return tuple(out)


def _fallback_label(G: nx.MultiDiGraph, n: str) -> str:
    """Visits have no rdfs:label: name them by visitor and first site (李亚调研吉利区)."""
    data = G.nodes[n]
    if data["cls"] == "Visit":
        who = sorted(G.nodes[o]["label"] for _, o, k in G.out_edges(n, keys=True) if k == "zw:visitor")
        where = sorted(G.nodes[o]["label"] for _, o, k in G.out_edges(n, keys=True) if k == "zw:visited")
        if who or where:
            return f"{'、'.join(who)}调研{where[0] if where else ''}"
    tail = n.rstrip("/").rpartition("/")[2]
    from urllib.parse import unquote

    return unquote(tail) or n


# -- selecting -------------------------------------------------------------------------------------
def parse_types(text: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """`"Person,Meeting"` -> ("Person", "Meeting"); an unknown class is a usage error naming the known ones."""
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    names = [t.strip().removeprefix("zw:") for t in items if t.strip()]
    by_lower = {c.name.lower(): c.name for c in CLASSES}
    by_zh = {c.zh: c.name for c in CLASSES}
    out = []
    for t in names:
        name = by_lower.get(t.lower()) or by_zh.get(t)
        if name is None:
            raise UsageError(f"--types: unknown class {t!r}; choose from {', '.join(c.name for c in CLASSES)}")
        if name not in out:
            out.append(name)
    if not out:
        raise UsageError("--types: name at least one class, e.g. Person,Meeting")
    return tuple(out)


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node a user means by `name`: an IRI, a CURIE (zwid:person/李亚), or a label or alias.

    A name that fits several entities is an error listing them, never a guess.
    """
    text = _norm(name)
    if not text:
        raise KgError("an empty name matches no entity")
    for iri in (text, PREFIXES.get(text.partition(":")[0], "\0") + text.partition(":")[2]):
        if iri in G:
            return iri
    hits = sorted(n for n, d in G.nodes(data=True)
                  if text == _norm(d["label"]) or any(text == _norm(a) for a in d["aliases"]))
    if len(hits) == 1:
        return hits[0]
    if hits:
        listed = "; ".join(describe(G, n) for n in hits[:20])
        raise KgError(f"{name!r} matches {len(hits)} entities: {listed}. Give the IRI of the one you mean, "
                      f"e.g. {curie(hits[0])}")
    near = sorted((n for n, d in G.nodes(data=True) if text in _norm(d["label"])),
                  key=lambda n: (len(G.nodes[n]["label"]), n))
    hint = f"; labels containing it: {'; '.join(describe(G, n) for n in near[:10])}" if near else ""
    raise KgError(f"no entity is labelled {name!r}{hint}")


def describe(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    return f"{d['label']} ({d['kind']}, {curie(n)})"


def restrict(G: nx.MultiDiGraph, types: Iterable[str] | None, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The subgraph of the given classes (plus `keep`, e.g. the focus), or G itself."""
    if not types:
        return G
    wanted = set(types)
    nodes = {n for n, c in G.nodes(data="cls") if c in wanted} | set(keep)
    return G.subgraph(nodes)


def ego(G: nx.MultiDiGraph, centre: str, hops: int) -> nx.MultiDiGraph:
    """Everything within `hops` relations of `centre`, whatever their direction."""
    return nx.ego_graph(G, centre, radius=hops, undirected=True)


class NoConnection(KgError):
    """Two entities that no chain of edges links."""


def shortest_connection(G: nx.MultiDiGraph, a: str, b: str) -> nx.MultiDiGraph:
    """The shortest chain of relations between a and b (either direction), with every relation
    that links two neighbours on it."""
    try:
        chain = nx.shortest_path(G.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        raise NoConnection(f"no connection between {G.nodes[a]['label']} and {G.nodes[b]['label']} "
                           "in the graph (try fewer --types)") from None
    H = nx.MultiDiGraph()
    for n in chain:
        H.add_node(n, **G.nodes[n])
    for x, y in zip(chain, chain[1:]):
        for u, v in ((x, y), (y, x)):
            for k, data in (G.get_edge_data(u, v) or {}).items():
                H.add_edge(u, v, key=k, **data)
    H.graph["path"] = tuple(chain)
    return H


def without_mentions(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A view of G without its zw:mentions edges."""
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: k != MENTIONS)


def select(store, *, focus: str | None = None, hops: int = 1, types: Iterable[str] | str | None = None,  # noqa: ANN001
           path_between: tuple[str, str] | None = None, mentions: bool = False,
           full: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The graph a view shows: the whole graph, or its classes `types`, around `focus`, or the
    shortest connection `path_between` two entities. Returns a new graph (safe to modify).

    A path that no chain of relations makes goes through the articles that mention both ends
    (zw:mentions) rather than failing; `graph["via_mentions"]` then says so. `full` is the
    store's graph already loaded with its mentions (`load(store, mentions=True)`, only read
    here), for callers that draw many views of one snapshot (kg serve); `store` is then unused.
    """
    if focus is not None and path_between is not None:
        raise UsageError("give either --focus or --path, not both")
    if hops < 0:
        raise UsageError("--hops must be 0 or more")
    types = parse_types(types) if types is not None else None
    if full is None:
        full = load(store, mentions=True)
    G = full if mentions else without_mentions(full)
    via_mentions = False
    if path_between is not None:
        a, b = (find_node(G, x) for x in path_between)
        try:
            H = shortest_connection(restrict(G, types, keep=(a, b)), a, b)
        except NoConnection:
            if mentions:
                raise
            H = shortest_connection(restrict(full, types, keep=(a, b)), a, b)
            via_mentions = True
    elif focus is not None:
        c = find_node(G, focus)
        H = nx.MultiDiGraph(ego(restrict(G, types, keep=(c,)), c, hops))
        H.graph["focus"] = c
    else:
        H = nx.MultiDiGraph(restrict(G, types))
    H.graph.update(types=types or (), mentions=mentions or via_mentions, via_mentions=via_mentions)
    return H


# -- analysis --------------------------------------------------------------------------------------
def counts(G: nx.MultiDiGraph) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per class (in CLASSES order) and edges per relation (most frequent first)."""
    per_class = Counter(c for _, c in G.nodes(data="cls"))
    per_rel = Counter(k for _, _, k in G.edges(keys=True))
    return ({c.name: per_class.get(c.name, 0) for c in CLASSES},
            dict(sorted(per_rel.items(), key=lambda kv: (-kv[1], kv[0]))))


@dataclass(frozen=True, slots=True)
class Central:
    iri: str
    label: str
    degree: int
    betweenness: float


BETWEENNESS_SAMPLE = 500  # above this many nodes, betweenness is estimated from this many sources


def centrality(G: nx.MultiDiGraph, classes: Iterable[str], top: int = 10) -> tuple[list[Central], list[Central]]:
    """The `top` entities of `classes` by degree (relations, counted with multiplicity) and by
    betweenness (on the simple undirected graph, normalised; estimated with a fixed seed on big graphs)."""
    wanted = set(classes)
    simple = nx.Graph(G.to_undirected(as_view=True))
    simple.remove_edges_from(nx.selfloop_edges(simple))
    k = BETWEENNESS_SAMPLE if simple.number_of_nodes() > BETWEENNESS_SAMPLE else None
    btw = nx.betweenness_centrality(simple, k=k, seed=0) if simple.number_of_nodes() else {}
    rows = [Central(n, d["label"], G.degree(n), btw.get(n, 0.0)) for n, d in G.nodes(data=True) if d["cls"] in wanted]
    by_degree = sorted(rows, key=lambda r: (-r.degree, -r.betweenness, r.label, r.iri))[:top]
    by_btw = sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.label, r.iri))[:top]
    return by_degree, by_btw


# -- export ----------------------------------------------------------------------------------------
def flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (GraphML and GEXF take no lists) and unique edge ids."""
    H = nx.MultiDiGraph()
    for n, d in sorted(G.nodes(data=True)):
        H.add_node(n, label=d["label"], **{"class": d["cls"]}, kind=d["kind"], iri=n,
                   aliases="；".join(d["aliases"]), posts="；".join(d["posts"]), date=d["date"],
                   evidence=" | ".join(e.text for e in d["evidence"]), mentioned_in=len(d["seen"]),
                   degree=G.degree(n))
    for i, (u, v, k, d) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])):
        H.add_edge(u, v, key=f"e{i}", label=d["label"], relation=k, articles=d["articles"],
                   evidence=" | ".join(e.text for e in d["evidence"]))
    return H
