"""kg/views/graph.py and kg/views/html.py: the networkx graph, focus/types/path, the page's data and its
escaping, GraphML/GEXF, and the `kg view` / `kg stats` commands (the browser tests are in
test_views_browser.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.views import graph as gv
from kg.views import html as views
from kg.cli import main
from kg.errors import KgError, UsageError
from kg.rdf.namespace import PREFIXES
from kg.store import Store

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"

# A small graph with every relation the views draw, as the extractors would write it (one named
# graph per article), so these tests do not wait for the extractors to find it all in the seeds.
SMALL = """
@prefix zw: <https://w3id.org/zhengwu-kg/ontology#> .
@base <https://w3id.org/zhengwu-kg/id/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<article/t/1> {
  <article/t/1> a zw:Article ; dcterms:title "李亚主持召开市委常委会议"@zh ; dcterms:date "2019-10-12"^^xsd:date ;
    schema:author <person/李江涛> ; zw:correspondent <person/赵会生> ;
    zw:mentions <person/李亚>, <person/刘宛康>, <post/洛阳市委书记>, <org/洛阳市委>,
      <meeting/市委常委会议>, <document/洛阳市决战30天大气污染管控方案>, <person/李江涛>, <person/赵会生> .
  <person/李江涛> a zw:Person ; rdfs:label "李江涛"@zh .
  <person/赵会生> a zw:Person ; rdfs:label "赵会生"@zh .
  <person/李亚> a zw:Person ; rdfs:label "李亚"@zh ; org:holds <post/洛阳市委书记> .
  <post/洛阳市委书记> a zw:Post ; rdfs:label "洛阳市委书记"@zh ; skos:altLabel "市委书记"@zh ;
    org:postIn <org/洛阳市委> .
  <org/洛阳市委> a zw:PartyOrganization ; rdfs:label "洛阳市委"@zh ; skos:altLabel "市委"@zh .
  <holding/李亚/洛阳市委书记> a zw:PostHolding ; zw:holder <person/李亚> ;
    zw:heldPost <post/洛阳市委书记> ; prov:wasDerivedFrom <article/t/1> ;
    zw:evidence "市委书记李亚主持会议并讲话。"@zh .
  <person/刘宛康> a zw:Person ; rdfs:label "刘宛康"@zh .
  <meeting/市委常委会议> a zw:Meeting ; rdfs:label "市委常委会议"@zh ; dcterms:date "2019-10-11"^^xsd:date ;
    zw:chairedBy <person/李亚> ; zw:attendedBy <person/刘宛康> ; zw:convenedBy <org/洛阳市委> ;
    zw:adopted <document/洛阳市决战30天大气污染管控方案> ;
    zw:evidence "11日，市委书记李亚主持召开市委常委会议，审议并原则通过《洛阳市决战30天大气污染管控方案》。"@zh .
  <document/洛阳市决战30天大气污染管控方案> a zw:PolicyDocument ; rdfs:label "洛阳市决战30天大气污染管控方案"@zh ;
    skos:altLabel "方案"@zh ; zw:issuedBy <org/洛阳市委> .
}

<article/t/2> {
  <article/t/2> a zw:Article ; dcterms:title "李亚到吉利区调研"@zh ; dcterms:date "2019-10-13"^^xsd:date ;
    schema:author <person/李江涛> ;
    zw:mentions <person/李亚>, <place/吉利区>, <project/牡丹小镇项目>, <org/洛阳古都发展集团>,
      <visit/李亚/吉利区/t/1>, <org/吉利区>, <person/李江涛> .
  <person/李江涛> a zw:Person ; rdfs:label "李江涛"@zh .
  <person/李亚> a zw:Person ; rdfs:label "李亚"@zh .
  <place/吉利区> a zw:Place ; rdfs:label "吉利区"@zh .
  <org/吉利区> a zw:GovernmentBody ; rdfs:label "吉利区"@zh .
  <org/洛阳古都发展集团> a zw:Enterprise ; rdfs:label "洛阳古都发展集团"@zh ; skos:altLabel "古都集团"@zh .
  <project/牡丹小镇项目> a zw:Project ; rdfs:label "牡丹小镇项目"@zh ;
    zw:partner <org/洛阳古都发展集团> ; zw:locatedIn <place/吉利区> ;
    zw:evidence "吉利区与洛阳古都发展集团合作建设牡丹小镇项目。"@zh .
  <visit/李亚/吉利区/t/1> a zw:Visit ; zw:visitor <person/李亚> ; zw:visited <place/吉利区> ;
    dcterms:date "2019-10-13"^^xsd:date ; zw:evidence "13日，李亚到吉利区调研。"@zh .
}
"""
SMALL_NODES = 15  # 2 articles, 4 people, 1 post, 3 orgs, 1 meeting, 1 document, 1 project, 1 place, 1 visit
SMALL_EDGES = 14


def make_store(path: Path, trig: str = SMALL, extra: list[ox.Quad] = ()) -> Path:
    """A kg store holding the ontology and `trig` (plus `extra` quads)."""
    with Store(path) as s:
        s.ensure_ontology()
        s.ox.extend(list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)) + list(extra))
    return path


def hostile_quads() -> list[ox.Quad]:
    """An article, a document and a person whose text is markup that would run if not escaped."""
    zw, zwid, rdf = PREFIXES["zw"], PREFIXES["zwid"], PREFIXES["rdf"]
    a = ox.NamedNode(zwid + "article/h/1")
    doc = ox.NamedNode(zwid + "document/hostile")
    who = ox.NamedNode(zwid + "person/hostile")
    t = ox.Literal(HOSTILE, language="zh")
    N = ox.NamedNode
    return [ox.Quad(s, p, o, a) for s, p, o in (
        (a, N(rdf + "type"), N(zw + "Article")),
        (a, N(PREFIXES["dcterms"] + "title"), t),
        (doc, N(rdf + "type"), N(zw + "PolicyDocument")),
        (doc, N(PREFIXES["rdfs"] + "label"), t),
        (doc, N(PREFIXES["skos"] + "altLabel"), ox.Literal("</script><script>alert(3)</script>", language="zh")),
        (doc, N(zw + "evidence"), ox.Literal("印发了《" + HOSTILE + "》&amp; \u2028", language="zh")),
        (who, N(rdf + "type"), N(zw + "Person")),
        (who, N(PREFIXES["rdfs"] + "label"), ox.Literal("<img src=x onerror=alert(4)>", language="zh")),
        (a, N(PREFIXES["schema"] + "author"), who),
        (doc, N(zw + "issuedBy"), N(zwid + "org/hostile")),
        (N(zwid + "org/hostile"), N(rdf + "type"), N(zw + "Organization")),
        (N(zwid + "org/hostile"), N(PREFIXES["rdfs"] + "label"), ox.Literal("<b onmouseover=alert(5)>局</b>", language="zh")),
    )]


@pytest.fixture(scope="module")
def small_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("small") / "store")


@pytest.fixture()
def small(small_path: Path):
    with Store(small_path, read_only=True) as s:
        yield s


def page_json(html: str, element: str = "kg-data") -> dict:
    m = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html, re.S)
    assert m, element
    return json.loads(m.group(1))


def iri(path: str) -> str:
    return PREFIXES["zwid"] + path


# -- the graph --------------------------------------------------------------------------------------
def test_small_graph_nodes_edges_and_attributes(small) -> None:  # noqa: ANN001
    G = gv.load(small)
    assert G.number_of_nodes() == SMALL_NODES
    assert G.number_of_edges() == SMALL_EDGES
    li = G.nodes[iri("person/李亚")]
    assert (li["cls"], li["label"], li["posts"]) == ("Person", "李亚", ("洛阳市委书记",))
    assert li["evidence"][0].text == "市委书记李亚主持会议并讲话。"
    assert li["evidence"][0].title == "李亚主持召开市委常委会议" and li["evidence"][0].date == "2019-10-12"
    assert [s.title for s in li["seen"]] == ["李亚到吉利区调研", "李亚主持召开市委常委会议"]  # newest first
    org = G.nodes[iri("org/洛阳市委")]
    assert (org["cls"], org["kind"], org["aliases"]) == ("Organization", "PartyOrganization", ("市委",))
    assert G.nodes[iri("visit/李亚/吉利区/t/1")]["label"] == "李亚调研吉利区"
    assert G.nodes[iri("article/t/1")]["label"] == "李亚主持召开市委常委会议"
    chaired = G.get_edge_data(iri("meeting/市委常委会议"), iri("person/李亚"))
    assert chaired["zw:chairedBy"]["label"] == "主持"
    assert "市委常委会议" in chaired["zw:chairedBy"]["evidence"][0].text
    holds = G.get_edge_data(iri("person/李亚"), iri("post/洛阳市委书记"))["org:holds"]
    assert holds["label"] == "担任" and holds["evidence"][0].text == "市委书记李亚主持会议并讲话。"


@pytest.mark.parametrize("curie,zh,reverse", [
    ("org:holds", "担任", False), ("zw:chairedBy", "主持", True), ("zw:attendedBy", "出席", True),
    ("zw:issuedBy", "印发", True), ("zw:adopted", "通过", False), ("zw:partner", "合作", False),
    ("zw:somethingNew", "somethingNew", False),
])
def test_relations_are_named_in_chinese(curie: str, zh: str, reverse: bool) -> None:
    assert (gv.relation(curie).zh, gv.relation(curie).reverse) == (zh, reverse)


def test_edges_match_sparql_on_the_seeds(seed_store) -> None:  # noqa: ANN001
    """Nodes = instances of the contract classes; edges = distinct entity-to-entity triples but mentions."""
    G = gv.load(seed_store)
    classes = " ".join(f"zw:{c.name}" for c in gv.CLASSES)
    n = seed_store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?c {{ {classes} }} "
                         "?t rdfs:subClassOf* ?c . ?e a ?t FILTER(isIRI(?e)) }")
    assert G.number_of_nodes() == int(next(iter(n))["n"].value)
    m = seed_store.query(f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        VALUES ?c1 {{ {classes} }} VALUES ?c2 {{ {classes} }}
        GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o) && ?p != rdf:type && ?p != zw:mentions)
        ?t1 rdfs:subClassOf* ?c1 . ?s a ?t1 . ?t2 rdfs:subClassOf* ?c2 . ?o a ?t2 }} }}""")
    assert G.number_of_edges() == int(next(iter(m))["n"].value)
    assert all(d["label"] for _, _, d in G.edges(data=True))
    with_mentions = gv.load(seed_store, mentions=True)
    k = seed_store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?e WHERE { ?a zw:mentions ?e } }")
    assert with_mentions.number_of_edges() == G.number_of_edges() + int(next(iter(k))["n"].value)


def test_focus_is_the_ego_network(small) -> None:  # noqa: ANN001
    H = gv.select(small, focus="李亚", hops=1)
    assert H.graph["focus"] == iri("person/李亚")
    assert set(H) == {iri(p) for p in ("person/李亚", "post/洛阳市委书记", "meeting/市委常委会议", "visit/李亚/吉利区/t/1")}
    H2 = gv.select(small, focus="李亚", hops=2)
    assert set(H) < set(H2) and iri("org/洛阳市委") in H2 and iri("place/吉利区") in H2
    G = gv.load(small)
    assert set(H2) == set(nx.ego_graph(G, iri("person/李亚"), radius=2, undirected=True))


def test_focus_accepts_aliases_iris_and_curies(small) -> None:  # noqa: ANN001
    assert gv.select(small, focus="古都集团").graph["focus"] == iri("org/洛阳古都发展集团")
    assert gv.select(small, focus="zwid:person/刘宛康").graph["focus"] == iri("person/刘宛康")
    assert gv.select(small, focus=iri("person/刘宛康")).graph["focus"] == iri("person/刘宛康")


def test_a_label_of_several_entities_lists_them(small) -> None:  # noqa: ANN001
    with pytest.raises(KgError) as e:
        gv.select(small, focus="吉利区")
    msg = str(e.value)
    assert "2 entities" in msg and "zwid:place/吉利区" in msg and "zwid:org/吉利区" in msg
    assert "\n" not in msg


def test_an_unknown_label_suggests_near_ones(small) -> None:  # noqa: ANN001
    with pytest.raises(KgError, match="no entity is labelled '李'.*李亚"):
        gv.select(small, focus="李")


def test_labels_are_matched_in_python_not_pasted_into_sparql(small) -> None:  # noqa: ANN001
    with pytest.raises(KgError, match="no entity"):
        gv.select(small, focus='李亚" } ; DROP ALL ; #')
    assert gv.select(small, focus="李亚").number_of_nodes() > 1


def test_types_restrict_the_classes(small) -> None:  # noqa: ANN001
    H = gv.select(small, types="Person,Meeting")
    assert {d for _, d in H.nodes(data="cls")} == {"Person", "Meeting"}
    assert {k for _, _, k in H.edges(keys=True)} == {"zw:chairedBy", "zw:attendedBy"}
    # the focus is kept even when its class is not listed
    F = gv.select(small, focus="市委常委会议", types=["person"], hops=1)
    assert {d for _, d in F.nodes(data="cls")} == {"Person", "Meeting"}


def test_unknown_type_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown class 'Persons'.*Person"):
        gv.parse_types("Persons")
    assert gv.parse_types("人物, zw:Meeting") == ("Person", "Meeting")


def test_path_is_the_shortest_connection(small) -> None:  # noqa: ANN001
    H = gv.select(small, path_between=("刘宛康", "牡丹小镇项目"))
    chain = [H.nodes[n]["label"] for n in H.graph["path"]]
    assert chain[0] == "刘宛康" and chain[-1] == "牡丹小镇项目"
    G = gv.load(small).to_undirected()
    assert len(chain) == nx.shortest_path_length(G, iri("person/刘宛康"), iri("project/牡丹小镇项目")) + 1
    assert H.number_of_edges() >= len(chain) - 1
    assert not H.graph["via_mentions"]
    # bylines link to the news only through mentions: the path then goes through an article
    M = gv.select(small, path_between=("李江涛", "刘宛康"))
    assert [M.nodes[n]["label"] for n in M.graph["path"]][1] == "李亚主持召开市委常委会议"
    assert M.graph["via_mentions"] and "zw:mentions" in {k for _, _, k in M.edges(keys=True)}
    with pytest.raises(KgError, match="no connection between 李江涛 and 刘宛康"):
        gv.select(small, path_between=("李江涛", "刘宛康"), types="Person")


def test_focus_and_path_together_is_a_usage_error(small) -> None:  # noqa: ANN001
    with pytest.raises(UsageError):
        gv.select(small, focus="李亚", path_between=("李亚", "刘宛康"))


def test_centrality_ranks_people_and_orgs(small) -> None:  # noqa: ANN001
    G = gv.load(small)
    by_degree, by_btw = gv.centrality(G, ["Person"], top=2)
    assert by_degree[0].label == "李亚" and by_degree[0].degree == G.degree(iri("person/李亚"))
    assert by_btw[0].label == "李亚" and by_btw[0].betweenness > 0
    orgs, _ = gv.centrality(G, ["Organization"])
    assert orgs[0].label == "洛阳市委"


# -- the page ---------------------------------------------------------------------------------------
def test_page_data_matches_the_graph(small, tmp_path: Path) -> None:  # noqa: ANN001
    out = views.write_view(small, tmp_path / "v.html")
    data = page_json(out.read_text("utf-8"))
    G = gv.load(small)
    assert (len(data["nodes"]), len(data["edges"])) == (G.number_of_nodes(), G.number_of_edges())
    by_name = {n["name"]: n for n in data["nodes"]}
    li = by_name["李亚"]
    assert (li["cls"], li["shape"], li["posts"], li["deg"]) == ("Person", "dot", ["洛阳市委书记"], G.degree(iri("person/李亚")))
    assert li["size"] > by_name["刘宛康"]["size"]  # size grows with degree
    assert li["ev"][0] == ["市委书记李亚主持会议并讲话。", "李亚主持召开市委常委会议", "2019-10-12"]
    chaired = next(e for e in data["edges"] if e["rel"] == "zw:chairedBy")
    assert chaired["label"] == "主持"
    ids = {n["id"]: n["name"] for n in data["nodes"]}
    assert (ids[chaired["from"]], ids[chaired["to"]]) == ("李亚", "市委常委会议")  # reads 李亚 主持 会议
    assert {c["name"] for c in data["classes"]} == {c.name for c in gv.CLASSES}
    assert sum(c["count"] for c in data["classes"]) == len(data["nodes"])
    assert {r["curie"] for r in data["relations"]} == {k for _, _, k in G.edges(keys=True)}
    assert data["isolated"] == 1 and data["hideIsolated"]  # the district government is only mentioned


def test_focused_page_counts_match_the_subgraph(small, tmp_path: Path) -> None:  # noqa: ANN001
    out = views.write_view(small, tmp_path / "f.html", focus="李亚", hops=2)
    data = page_json(out.read_text("utf-8"))
    H = gv.select(small, focus="李亚", hops=2)
    assert (len(data["nodes"]), len(data["edges"])) == (H.number_of_nodes(), H.number_of_edges())
    assert [data["nodes"][i]["name"] for i in data["focus"]] == ["李亚"]
    assert not data["hideIsolated"]


def test_page_is_self_contained(small, tmp_path: Path) -> None:  # noqa: ANN001
    html = views.write_view(small, tmp_path / "v.html").read_text("utf-8")
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=""", html, re.I)
    assert "@import" not in html and not re.search(r"url\(\s*(?!['\"]?data:)", html)
    assert "connect-src 'none'" in html and "'unsafe-inline'" not in html.split("script-src")[1].split(";")[0]
    assert "vis.Network" in html  # vis-network is inlined


def test_the_page_is_deterministic(small, tmp_path: Path) -> None:  # noqa: ANN001
    a = views.write_view(small, tmp_path / "a.html").read_bytes()
    b = views.write_view(small, tmp_path / "b.html").read_bytes()
    assert a == b


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    store = make_store(tmp_path / "h", extra=hostile_quads())
    with Store(store, read_only=True) as s:
        html = views.write_view(s, tmp_path / "h.html", focus="zwid:document/hostile", hops=2).read_text("utf-8")
    body = html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in body and ">" not in body and "&" not in body  # nothing in the data can end its element
    assert html.count("</script>") == 4  # data, options, vis-network, our script: nothing else closes one
    assert "<img" not in html and "<script>alert" not in html and "<b " not in html
    data = page_json(html)
    names = {n["name"] for n in data["nodes"]}
    assert HOSTILE in names  # the page shows the text itself
    assert "\u2028" not in html


def test_empty_graph_renders(tmp_path: Path) -> None:
    with Store(tmp_path / "e") as s:
        s.ensure_ontology()
    with Store(tmp_path / "e", read_only=True) as s:
        data = page_json(views.write_view(s, tmp_path / "e.html").read_text("utf-8"))
    assert data["nodes"] == [] and data["edges"] == []


def test_large_graphs_get_cheaper_options() -> None:
    small, large = views.vis_options(50, 80), views.vis_options(5000, 9000)
    assert small["layout"]["improvedLayout"] and not large["layout"]["improvedLayout"]
    assert large["edges"]["smooth"] is False and large["interaction"]["hideEdgesOnDrag"]
    assert large["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]


def test_big_graphs_come_laid_out(tmp_path: Path) -> None:
    """Past PRELAYOUT nodes positions are computed in Python (the page only polishes), deterministically."""
    pytest.importorskip("numpy")
    G = bench_graph(views.PRELAYOUT * 3)
    html = views.write_html(G, tmp_path / "a.html").read_text("utf-8")
    data, options = page_json(html), page_json(html, "kg-options")
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert options["physics"]["stabilization"]["iterations"] == views.polish_steps(len(data["nodes"]))
    assert not options["physics"]["adaptiveTimestep"]
    assert views.write_html(G, tmp_path / "b.html").read_text("utf-8") == html
    # linked nodes end up nearer each other than unlinked ones
    import math
    xy = {n["iri"]: (n["x"], n["y"]) for n in data["nodes"]}
    linked = sorted(math.dist(xy[u], xy[v]) for u, v in G.edges())
    nodes = sorted(xy)
    unlinked = sorted(math.dist(xy[a], xy[b]) for a, b in zip(nodes, nodes[7:]) if not G.has_edge(a, b) and not G.has_edge(b, a))
    assert linked[len(linked) // 2] < unlinked[len(unlinked) // 2]


def bench_graph(n: int) -> nx.MultiDiGraph:
    """The synthetic news-shaped graph of bench/view_5000.py."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("view_5000", Path(__file__).resolve().parent.parent / "bench" / "view_5000.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.synthetic(n)


# -- GraphML / GEXF ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_round_trip(small, tmp_path: Path, fmt: str, read) -> None:  # noqa: ANN001
    from kg.export import FORMATS, export

    assert fmt in FORMATS
    out = export(small, fmt, tmp_path / f"g.{fmt}")
    H = read(out)
    G = gv.load(small)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    node = H.nodes[iri("person/李亚")]
    assert node["label"] == "李亚" and node["class"] == "Person" and node["posts"] == "洛阳市委书记"
    assert H.nodes[iri("org/洛阳市委")]["kind"] == "PartyOrganization"
    assert node["mentioned_in"] == 2
    rels = {(d["relation"], d["label"]) for _, _, d in H.edges(data=True)}
    assert ("zw:chairedBy", "主持") in rels and ("org:holds", "担任") in rels
    assert export(small, fmt, tmp_path / f"again.{fmt}").read_bytes() == out.read_bytes()  # byte-identical
    assert b"lastmodifieddate" not in out.read_bytes()  # nor does it change with the day


def test_cli_export_graphml(runner, small_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"), "--store", str(small_path)])
    assert r.exit_code == 0, r.output
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == SMALL_NODES


# -- commands ---------------------------------------------------------------------------------------
def test_cli_view_whole_and_focused(runner, small_path: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, ["view", "--store", str(small_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "exports" / "graph.html").exists() and f"{SMALL_NODES} nodes" in r.output
    r = runner.invoke(main, ["view", "--store", str(small_path), "--focus", "李亚", "--hops", "2"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "exports" / "view-李亚.html").exists()
    r = runner.invoke(main, ["view", "--store", str(small_path), "--types", "Person,Meeting", "-o", "pm.html"])
    assert r.exit_code == 0 and (tmp_path / "pm.html").exists()
    r = runner.invoke(main, ["view", "--store", str(small_path), "--path", "刘宛康", "牡丹小镇项目"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "exports" / "path-刘宛康-牡丹小镇项目.html").exists()
    assert "刘宛康 → " in r.output


@pytest.mark.parametrize("args,code,message", [
    (["--focus", "吉利区"], 1, "matches 2 entities"),
    (["--focus", "没有这个人"], 1, "no entity is labelled"),
    (["--types", "Nope"], 2, "unknown class"),
    (["--focus", "李亚", "--path", "李亚", "刘宛康"], 2, "either --focus or --path"),
    (["--hops", "2"], 2, "--hops needs --focus"),
    (["--path", "李江涛", "刘宛康", "--types", "Person"], 1, "no connection"),
])
def test_cli_view_errors(runner, small_path: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["view", "--store", str(small_path), "-o", str(tmp_path / "x.html"), *args])
    assert r.exit_code == code, r.output
    assert message in r.output and "Traceback" not in r.output


def test_cli_stats(runner, small_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["stats", "--store", str(small_path)])
    assert r.exit_code == 0, r.output
    out = r.output
    assert re.search(r"Person\s+人物\s+4\b", out) and re.search(r"zw:chairedBy\s+主持\s+1\b", out)
    assert re.search(r"zw:mentions\s+提及\s+15\b", out)  # counted, though not drawn by default
    people = out.split("People")[1].split("Organisations")[0]
    assert people.splitlines()[2].split()[0] == "李亚"  # the first row under the two header lines
    assert "洛阳市委" in out.split("Organisations")[1]


def test_cli_stats_on_the_seeds(runner, seed_store_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["stats", "--store", str(seed_store_path), "--top", "3"])
    assert r.exit_code == 0, r.output
    assert "Person" in r.output and "betweenness" in r.output
