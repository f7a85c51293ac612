"""Extraction -> quads: the one mapping from facts to RDF (docs/graph-model.md describes it).

Every quad extracted from an article goes in the named graph that is the article's IRI. Terms come
from CURIEs resolved against the contract's prefixes; a `zw:` term the ontology does not define
raises (the vocabulary fails closed), so a typo cannot silently mint a new property.
"""
from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.rdf import ids
from kg.rdf.namespace import PREFIXES, ZW
from kg.records import Article, Entity, Extraction, Fact, Mention, Source, YearMonth

XSD = PREFIXES["xsd"]
CLASS_OF = {
    "person": "zw:Person",
    "org": "zw:Organization",
    "post": "zw:Post",
    "role": "org:Role",
    "meeting": "zw:Meeting",
    "document": "zw:PolicyDocument",
    "project": "zw:Project",
    "place": "zw:Place",
    "visit": "zw:Visit",
    "article": "zw:Article",
    "appointment": "zw:Appointment",
}
# subjects that carry the sentence they were stated in (CONTRACT: zw:evidence)
EVIDENCED = {"meeting", "project", "visit", "document", "appointment"}
# predicates whose object is a term of the vocabulary, written as a CURIE (zw:Appointed, schema:Male)
TERM_VALUED = {"zw:appointmentKind", "schema:gender"}
# what a holding's own facts say about its dates: a holding dated by them is not just "seen"
HOLDING_DATES = {"zw:startDate", "zw:endDate", "zw:seenOn"}
# nodes an article does not "mention": they are facts about entities, not entities
UNMENTIONED = {"role", "holding", "appointment"}


@lru_cache(maxsize=None)
def term(curie: str) -> NamedNode:
    """`zw:chairedBy` -> NamedNode; unknown prefixes or zw: terms raise KeyError/AttributeError."""
    prefix, _, local = curie.partition(":")
    if prefix == "zw":
        return NamedNode(str(getattr(ZW, local)))
    return NamedNode(PREFIXES[prefix] + local)


RDF_TYPE = term("rdf:type")
LABEL = term("rdfs:label")


@lru_cache(maxsize=65536)
def node(entity: Entity) -> NamedNode:
    return NamedNode(ids.entity_iri(entity))


def literal(value: object, lang: str | None = None) -> Literal:
    """A typed literal for the Python values extractors produce."""
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        text = format(value, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".") or "0"
        return Literal(text, datatype=NamedNode(XSD + "decimal"))
    if isinstance(value, datetime.date):
        return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))
    if isinstance(value, YearMonth):
        return Literal(str(value), datatype=NamedNode(XSD + "gYearMonth"))
    if lang:
        return Literal(str(value), language=lang)
    return Literal(str(value))


def article_entity(article: Article) -> Entity:
    return Entity("article", article.key)


def article_quads(article: Article, g: NamedNode) -> Iterator[Quad]:
    """The article node: title, source, date, kind, section, body range."""
    a = node(article_entity(article))
    doc = article.doc
    yield Quad(a, RDF_TYPE, term("zw:Article"), g)
    yield Quad(a, term("dcterms:title"), literal(article.title, "zh"), g)
    yield Quad(a, term("dcterms:source"), literal(doc.source.name), g)
    yield Quad(a, term("zw:articleKind"), literal(article.kind), g)
    if article.date:
        yield Quad(a, term("dcterms:date"), literal(article.date), g)
    if article.section:
        yield Quad(a, term("zw:section"), literal(article.section, "zh"), g)
    start, end = doc.raw_span(article.body)
    yield Quad(a, term("zw:charStart"), literal(start), g)
    yield Quad(a, term("zw:charEnd"), literal(end), g)


def _evidence(article: Article, fact: Fact) -> Literal | None:
    if fact.evidence is None:
        return None
    return literal(article.doc.slice(fact.evidence), "zh")


def fact_quads(article: Article, fact: Fact, g: NamedNode) -> Iterator[Quad]:
    s = node(fact.subject)
    p = fact.predicate
    if p == "rdf:type":
        yield Quad(s, RDF_TYPE, term(str(fact.object)), g)
        return
    if p in TERM_VALUED:
        obj = term(str(fact.object))
    else:
        obj = node(fact.object) if isinstance(fact.object, Entity) else literal(fact.object, fact.lang)
    yield Quad(s, term(p), obj, g)
    ev = _evidence(article, fact)
    if p == "org:holds" and isinstance(fact.object, Entity):
        h = NamedNode(ids.holding_iri(fact.subject.label, fact.object.label, fact.subject.qualifier))
        yield Quad(h, RDF_TYPE, term("zw:PostHolding"), g)
        yield Quad(h, term("zw:holder"), s, g)
        yield Quad(h, term("zw:heldPost"), obj, g)
        yield Quad(h, term("prov:wasDerivedFrom"), g, g)
        if ev is not None:
            yield Quad(h, term("zw:evidence"), ev, g)
    elif fact.subject.kind == "appointment":
        yield Quad(s, term("prov:wasDerivedFrom"), g, g)
        if ev is not None:
            yield Quad(s, term("zw:evidence"), ev, g)
    elif ev is not None and fact.subject.kind in EVIDENCED:
        yield Quad(s, term("zw:evidence"), ev, g)


def entity_quads(entity: Entity, g: NamedNode) -> Iterator[Quad]:
    n = node(entity)
    yield Quad(n, RDF_TYPE, term(CLASS_OF[entity.kind]), g)
    if entity.kind != "visit":
        yield Quad(n, LABEL, literal(entity.label, "zh"), g)


def same_person_in_article(extraction: Extraction) -> Extraction:
    """Within one article a name is one person: where a career record told a person apart
    (zwid:person/王刚/四川), every name-only mention of that name in the article is that person.
    A name qualified two ways in one article is left alone (docs/graph-model.md, Homonyms)."""
    told: dict[str, set[Entity]] = {}
    for m in extraction.mentions:
        if m.entity.kind == "person" and m.entity.qualifier:
            told.setdefault(m.entity.label, set()).add(m.entity)
    to = {Entity("person", name): next(iter(es)) for name, es in told.items() if len(es) == 1}
    if not to:
        return extraction

    def swap(x: object) -> object:
        return to.get(x, x) if isinstance(x, Entity) else x

    mentions = tuple(Mention(swap(m.entity), m.span, m.surface) for m in extraction.mentions)  # type: ignore[arg-type]
    facts = tuple(Fact(swap(f.subject), f.predicate, swap(f.object), f.evidence, f.lang) for f in extraction.facts)  # type: ignore[arg-type]
    return Extraction(extraction.article, mentions, facts)


def _seen_on(article: Article, facts: Iterable[Fact], g: NamedNode) -> Iterator[Quad]:
    """zw:seenOn the article's date for every holding it shows that no appointment dates here."""
    if article.date is None:
        return
    facts = list(facts)
    dated = {
        f.subject for f in facts if f.subject.kind == "holding" and f.predicate in HOLDING_DATES
    }
    for f in facts:
        if f.predicate == "org:holds" and isinstance(f.object, Entity):
            holder = "/".join(x for x in (f.subject.label, f.subject.qualifier) if x)
            if Entity("holding", f.object.label, holder) in dated:
                continue
            h = NamedNode(ids.holding_iri(f.subject.label, f.object.label, f.subject.qualifier))
            yield Quad(h, term("zw:seenOn"), literal(article.date), g)


def assemble(extraction: Extraction) -> list[Quad]:
    """All quads of one article, deduplicated and in a stable order."""
    extraction = same_person_in_article(extraction)
    article = extraction.article
    g = node(article_entity(article))
    a = g
    out: dict[Quad, None] = {}
    for q in article_quads(article, g):
        out[q] = None
    entities: dict[Entity, None] = {}
    for m in extraction.mentions:
        entities[m.entity] = None
    for f in extraction.facts:
        if f.subject.kind != "article":
            entities[f.subject] = None
        if isinstance(f.object, Entity) and f.object.kind != "article":
            entities[f.object] = None
    for e in entities:
        if e.kind == "holding":
            continue  # a holding node is written by the org:holds fact it belongs to
        for q in entity_quads(e, g):
            out[q] = None
        if e.kind not in UNMENTIONED:
            out[Quad(a, term("zw:mentions"), node(e), g)] = None
    for f in extraction.facts:
        for q in fact_quads(article, f, g):
            out[q] = None
    for q in _seen_on(article, extraction.facts, g):
        out[q] = None
    return list(out)


def source_quads(source: Source, articles: Iterable[Article]) -> list[Quad]:
    """The file's record in zwid:graph/sources (written in the same transaction as its articles)."""
    g = NamedNode(ids.SOURCES_GRAPH)
    s = NamedNode(ids.source_iri(source.name))
    out = [
        Quad(s, RDF_TYPE, term("zw:SourceFile"), g),
        Quad(s, term("dcterms:source"), literal(source.name), g),
        Quad(s, term("zw:sha256"), literal(source.sha256), g),
        Quad(s, term("zw:encoding"), literal(source.encoding), g),
    ]
    for art in articles:
        out.append(Quad(s, term("zw:hasArticle"), node(article_entity(art)), g))
    return out
