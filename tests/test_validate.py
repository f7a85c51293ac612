"""The shapes accept a graph built as docs/graph-model.md says and reject the mistakes
an extractor is likely to make, each with a message that says what is wrong."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, XSD

from kg.errors import KgError
from kg.rdf.namespace import SCHEMA, ZW, ZWID
from kg.validate import ValidationReport, Violation, shorten, validate

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "zhengwu.ttl"

STEM = "002_4fb8176c685af46a"
SOURCE = f"{STEM}.txt"


def iri(kind: str, *parts: str) -> URIRef:
    """Instance IRIs as docs/graph-model.md mints them (kg/rdf/ids.py is the real minter)."""
    return URIRef(ZWID + kind + "/" + "/".join(parts))


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


ARTICLE = iri("article", STEM, "1")
LI_YA = iri("person", "李亚")
LIU_WANKANG = iri("person", "刘宛康")
REPORTER = iri("person", "孙小蕊")
CORRESPONDENT = iri("person", "苗黎明")
SECRETARY = iri("post", "洛阳市委书记")
DIRECTOR = iri("post", "洛阳市住房和城乡建设局局长")
MAYOR = iri("post", "洛阳市市长")
PARTY_COMMITTEE = iri("org", "中共洛阳市委")
HOUSING_BUREAU = iri("org", "洛阳市住房和城乡建设局")
GROUP = iri("org", "洛阳古都发展集团")
MEETING = iri("meeting", "市委常委会议")
REGULATION = iri("document", "中国共产党党组工作条例（试行）")
MEASURES = iri("document", "中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法")
PROJECT = iri("project", "牡丹小镇项目")
JILI = iri("place", "吉利区")
LUOYANG = iri("place", "洛阳市")
HOLDING = iri("holding", "李亚", "洛阳市委书记")
HOLDING_2 = iri("holding", "刘宛康", "洛阳市住房和城乡建设局局长")
VISIT = iri("visit", "李亚", "吉利区", STEM, "1")

SENTENCE_HOLDS = "省委常委、市委书记李亚主持会议并讲话。"
SENTENCE_MEETING = "4月29日，市委书记李亚主持召开市委常委会议，审议并原则通过《中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法》。"
SENTENCE_DIRECTOR = "市住房和城乡建设局局长刘宛康参加会议。"
SENTENCE_PROJECT = "牡丹小镇项目，总投资30亿元，项目按照“牡丹+”模式设计。"
SENTENCE_VISIT = "李亚到吉利区调研重点项目建设。"


def article_graph() -> Graph:
    """Everything extracted from one article, as the assembler puts it in its graph."""
    g = Graph(identifier=ARTICLE)
    add = g.add
    # the article
    add((ARTICLE, RDF.type, ZW.Article))
    add((ARTICLE, DCTERMS.title, Literal("增强落实力执行力穿透力 加快推动副中心城市建设各项措施落地落实", lang="zh")))
    add((ARTICLE, DCTERMS.source, Literal(SOURCE)))
    add((ARTICLE, DCTERMS.date, Literal(dt.date(2020, 4, 30))))
    add((ARTICLE, SCHEMA.author, REPORTER))
    add((ARTICLE, ZW.correspondent, CORRESPONDENT))
    add((ARTICLE, ZW.section, zh("政务要闻")))
    add((ARTICLE, ZW.articleKind, Literal("news")))
    add((ARTICLE, ZW.charStart, Literal(120)))
    add((ARTICLE, ZW.charEnd, Literal(2380)))
    # people and the posts they hold
    for person, name in [(LI_YA, "李亚"), (LIU_WANKANG, "刘宛康"), (REPORTER, "孙小蕊"), (CORRESPONDENT, "苗黎明")]:
        add((person, RDF.type, ZW.Person))
        add((person, RDFS.label, zh(name)))
    add((LI_YA, ORG.holds, SECRETARY))
    add((LIU_WANKANG, ORG.holds, DIRECTOR))
    for post, label, short, organisation, role in [
        (SECRETARY, "洛阳市委书记", "市委书记", PARTY_COMMITTEE, "书记"),
        (DIRECTOR, "洛阳市住房和城乡建设局局长", "市住房和城乡建设局局长", HOUSING_BUREAU, "局长"),
    ]:
        add((post, RDF.type, ZW.Post))
        add((post, RDFS.label, zh(label)))
        add((post, SKOS.altLabel, zh(short)))
        add((post, ORG.postIn, organisation))
        add((post, ORG.role, iri("role", role)))
        add((iri("role", role), RDF.type, ORG.Role))
        add((iri("role", role), RDFS.label, zh(role)))
    # a post nobody is said to hold, but whose organisation is known
    add((MAYOR, RDF.type, ZW.Post))
    add((MAYOR, RDFS.label, zh("洛阳市市长")))
    add((MAYOR, ORG.postIn, iri("org", "洛阳市人民政府")))
    add((iri("org", "洛阳市人民政府"), RDF.type, ZW.GovernmentBody))
    add((iri("org", "洛阳市人民政府"), RDFS.label, zh("洛阳市人民政府")))
    for holding, person, post, sentence in [
        (HOLDING, LI_YA, SECRETARY, SENTENCE_HOLDS),
        (HOLDING_2, LIU_WANKANG, DIRECTOR, SENTENCE_DIRECTOR),
    ]:
        add((holding, RDF.type, ZW.PostHolding))
        add((holding, ZW.holder, person))
        add((holding, ZW.heldPost, post))
        add((holding, ZW.evidence, zh(sentence)))
        add((holding, PROV.wasDerivedFrom, ARTICLE))
    # organisations: only finer subclasses, so sh:class zw:Organization needs inference
    for organisation, cls, label, short in [
        (PARTY_COMMITTEE, ZW.PartyOrganization, "中共洛阳市委", "市委"),
        (HOUSING_BUREAU, ZW.GovernmentBody, "洛阳市住房和城乡建设局", "市住建局"),
        (GROUP, ZW.Enterprise, "洛阳古都发展集团", "古都集团"),
    ]:
        add((organisation, RDF.type, cls))
        add((organisation, RDFS.label, zh(label)))
        add((organisation, SKOS.altLabel, zh(short)))
    add((GROUP, ZW.locatedIn, LUOYANG))
    # the meeting
    add((MEETING, RDF.type, ZW.Meeting))
    add((MEETING, RDFS.label, zh("市委常委会议")))
    add((MEETING, ZW.chairedBy, LI_YA))
    add((MEETING, ZW.attendedBy, LIU_WANKANG))
    add((MEETING, ZW.attendedBy, HOUSING_BUREAU))
    add((MEETING, ZW.convenedBy, PARTY_COMMITTEE))
    add((MEETING, ZW.adopted, MEASURES))
    add((MEETING, ZW.discussed, zh("全市污染防治攻坚工作情况汇报")))
    add((MEETING, DCTERMS.date, Literal("2020-04-29", datatype=XSD.date)))
    add((MEETING, ZW.locatedIn, LUOYANG))
    add((MEETING, ZW.evidence, zh(SENTENCE_MEETING)))
    # documents
    for document, title, short, kind in [
        (REGULATION, "中国共产党党组工作条例（试行）", "条例", "条例"),
        (MEASURES, "中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法", "实施办法", "实施办法"),
    ]:
        add((document, RDF.type, ZW.PolicyDocument))
        add((document, RDFS.label, zh(title)))
        add((document, SKOS.altLabel, zh(short)))
        add((document, ZW.documentType, zh(kind)))
    add((MEASURES, ZW.issuedBy, PARTY_COMMITTEE))
    add((MEASURES, ZW.implements, REGULATION))
    add((MEASURES, ZW.evidence, zh("日前出台的《中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法》")))
    # the project
    add((PROJECT, RDF.type, ZW.Project))
    add((PROJECT, RDFS.label, zh("牡丹小镇项目")))
    add((PROJECT, ZW.partner, GROUP))
    add((PROJECT, ZW.investmentYuan, Literal(Decimal("3000000000"))))
    add((PROJECT, ZW.locatedIn, JILI))
    add((PROJECT, ZW.evidence, zh(SENTENCE_PROJECT)))
    # places
    for place, label, kind in [(JILI, "吉利区", "区"), (LUOYANG, "洛阳市", "市")]:
        add((place, RDF.type, ZW.Place))
        add((place, RDFS.label, zh(label)))
        add((place, ZW.placeType, zh(kind)))
    add((JILI, ZW.within, LUOYANG))
    # a visit
    add((VISIT, RDF.type, ZW.Visit))
    add((VISIT, ZW.visitor, LI_YA))
    add((VISIT, ZW.visited, JILI))
    add((VISIT, ZW.visited, PROJECT))
    add((VISIT, DCTERMS.date, Literal(dt.date(2020, 4, 28))))
    add((VISIT, ZW.evidence, zh(SENTENCE_VISIT)))
    # mentions
    for entity in [LI_YA, LIU_WANKANG, SECRETARY, DIRECTOR, PARTY_COMMITTEE, HOUSING_BUREAU, GROUP,
                   MEETING, REGULATION, MEASURES, PROJECT, JILI, LUOYANG, VISIT]:  # fmt: skip
        add((ARTICLE, ZW.mentions, entity))
    return g


def sources_graph() -> Graph:
    g = Graph(identifier=URIRef(ZWID + "graph/sources"))
    source = iri("source", SOURCE)
    g.add((source, RDF.type, ZW.SourceFile))
    g.add((source, DCTERMS.source, Literal(SOURCE)))
    g.add((source, ZW.sha256, Literal("3f" * 32)))
    g.add((source, ZW.encoding, Literal("utf-8")))
    g.add((source, ZW.hasArticle, ARTICLE))
    return g


def store_like(*, with_ontology: bool = True) -> Dataset:
    """A Dataset laid out as the store is: article graph, sources graph, ontology graph."""
    ds = Dataset()
    for g in (article_graph(), sources_graph()):
        target = ds.graph(g.identifier)
        for triple in g:
            target.add(triple)
    if with_ontology:
        ds.graph(URIRef(ZWID + "graph/ontology")).parse(ONTOLOGY, format="turtle")
    return ds


def union(ds: Dataset) -> Graph:
    """The union default graph as a plain Graph, which is what `kg validate` passes."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


# -- conforming graphs ------------------------------------------------------------


@pytest.mark.parametrize("with_ontology", [True, False])
def test_graph_model_example_conforms(with_ontology: bool) -> None:
    report = validate(union(store_like(with_ontology=with_ontology)))
    assert report.violations == [], report.text()
    assert report.conforms
    assert report.text() == "Conforms: no violations."


def test_dataset_is_validated_as_union() -> None:
    report = validate(store_like())
    assert report.conforms, report.text()


def test_typed_strings_count_as_plain() -> None:
    """oxrdflib hands back "news"^^xsd:string; RDF 1.1 says that is the plain "news"."""
    g = union(store_like())
    g.set((ARTICLE, ZW.articleKind, Literal("news", datatype=XSD.string)))
    g.set((ARTICLE, DCTERMS.source, Literal(SOURCE, datatype=XSD.string)))
    assert validate(g).conforms


def test_seed_build_conforms(seed_store) -> None:  # noqa: ANN001 - conftest's Store fixture
    """What the whole pipeline writes for seeds/ passes every shape."""
    report = validate(seed_store.rdflib_dataset())
    assert report.conforms, report.text()


def test_input_graph_is_not_modified() -> None:
    g = union(store_like())
    before = len(g)
    validate(g)
    assert len(g) == before


# -- broken graphs ----------------------------------------------------------------

Mutation = Callable[[Graph], None]


def _second_label(g: Graph) -> None:
    g.add((LI_YA, RDFS.label, zh("李 亚")))


def _no_label(g: Graph) -> None:
    g.remove((LI_YA, RDFS.label, None))


def _english_label(g: Graph) -> None:
    g.set((LIU_WANKANG, RDFS.label, Literal("Liu Wankang", lang="en")))


def _empty_label(g: Graph) -> None:
    g.set((GROUP, RDFS.label, zh("")))


def _holding_without_evidence(g: Graph) -> None:
    g.remove((HOLDING_2, ZW.evidence, None))


def _holding_with_two_holders(g: Graph) -> None:
    g.add((HOLDING, ZW.holder, LIU_WANKANG))


def _holder_is_an_organisation(g: Graph) -> None:
    g.set((HOLDING, ZW.holder, PARTY_COMMITTEE))


def _date_as_string(g: Graph) -> None:
    g.set((MEETING, DCTERMS.date, Literal("2020年4月29日")))


def _negative_investment(g: Graph) -> None:
    g.set((PROJECT, ZW.investmentYuan, Literal(Decimal("-3000000000"))))


def _investment_as_text(g: Graph) -> None:
    g.set((PROJECT, ZW.investmentYuan, zh("30亿元")))


def _adopted_a_person(g: Graph) -> None:
    g.add((MEETING, ZW.adopted, LIU_WANKANG))


def _chaired_by_an_organisation(g: Graph) -> None:
    g.set((MEETING, ZW.chairedBy, HOUSING_BUREAU))


def _attended_by_a_document(g: Graph) -> None:
    g.add((MEETING, ZW.attendedBy, REGULATION))


def _issued_by_a_person(g: Graph) -> None:
    g.set((MEASURES, ZW.issuedBy, LI_YA))


def _partner_is_a_place(g: Graph) -> None:
    g.add((PROJECT, ZW.partner, JILI))


def _orphan_post(g: Graph) -> None:
    g.remove((MAYOR, ORG.postIn, None))


def _article_without_title(g: Graph) -> None:
    g.remove((ARTICLE, DCTERMS.title, None))


def _article_without_source(g: Graph) -> None:
    g.remove((ARTICLE, DCTERMS.source, None))


def _unknown_article_kind(g: Graph) -> None:
    g.set((ARTICLE, ZW.articleKind, Literal("社论")))


def _untyped_meeting(g: Graph) -> None:
    g.remove((MEETING, RDF.type, ZW.Meeting))


BROKEN: list[tuple[str, Mutation, str, str, str]] = [
    # id, mutation, focus, path, message (a substring)
    ("two labels", _second_label, "zwid:person/李亚", "rdfs:label", "Every person needs exactly one label (found 2)"),
    ("no label", _no_label, "zwid:person/李亚", "rdfs:label", "Every person needs exactly one label (found 0)"),
    ("english label", _english_label, "zwid:person/刘宛康", "rdfs:label", "label must be a Chinese string tagged @zh"),
    ("empty label", _empty_label, "zwid:org/洛阳古都发展集团", "rdfs:label", "A label must not be empty"),
    ("holding without evidence", _holding_without_evidence, "zwid:holding/刘宛康/洛阳市住房和城乡建设局局长",
     "zw:evidence", "A post holding needs at least one zw:evidence sentence"),
    ("two holders", _holding_with_two_holders, "zwid:holding/李亚/洛阳市委书记", "zw:holder",
     "A post holding needs exactly one zw:holder"),
    ("holder is an org", _holder_is_an_organisation, "zwid:holding/李亚/洛阳市委书记", "zw:holder",
     "The holder of a post holding must be a zw:Person (found zwid:org/中共洛阳市委)"),
    ("date as string", _date_as_string, "zwid:meeting/市委常委会议", "dcterms:date",
     'must be an xsd:date literal such as "2019-05-05"^^xsd:date (found "2020年4月29日")'),
    ("negative investment", _negative_investment, "zwid:project/牡丹小镇项目", "zw:investmentYuan",
     'must be a non-negative xsd:decimal number of yuan (found "-3000000000"^^xsd:decimal)'),
    ("investment as text", _investment_as_text, "zwid:project/牡丹小镇项目", "zw:investmentYuan",
     'must be a non-negative xsd:decimal number of yuan (found "30亿元"@zh)'),
    ("adopted a person", _adopted_a_person, "zwid:meeting/市委常委会议", "zw:adopted",
     "What a meeting adopts (zw:adopted) must be a zw:PolicyDocument (found zwid:person/刘宛康)"),
    ("chaired by an org", _chaired_by_an_organisation, "zwid:meeting/市委常委会议", "zw:chairedBy",
     "must be a zw:Person (found zwid:org/洛阳市住房和城乡建设局)"),
    ("attended by a document", _attended_by_a_document, "zwid:meeting/市委常委会议", "zw:attendedBy",
     "must be a zw:Person or a zw:Organization"),
    ("issued by a person", _issued_by_a_person,
     "zwid:document/中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法", "zw:issuedBy",
     "The issuer of a document (zw:issuedBy) must be a zw:Organization (found zwid:person/李亚)"),
    ("partner is a place", _partner_is_a_place, "zwid:project/牡丹小镇项目", "zw:partner",
     "must be a zw:Organization (found zwid:place/吉利区)"),
    ("orphan post", _orphan_post, "zwid:post/洛阳市市长", "-",
     "A post must be held by someone (org:holds) or belong to an organisation (org:postIn)"),
    ("article without title", _article_without_title, f"zwid:article/{STEM}/1", "dcterms:title",
     "An article needs a dcterms:title"),
    ("article without source", _article_without_source, f"zwid:article/{STEM}/1", "dcterms:source",
     "An article needs a dcterms:source"),
    ("unknown article kind", _unknown_article_kind, f"zwid:article/{STEM}/1", "zw:articleKind",
     'must be one of news, brief, photo, commentary, notice, interview, column (found "社论")'),
    ("untyped meeting", _untyped_meeting, "zwid:meeting/市委常委会议", "-", "Only a zw:Meeting can be chaired"),
]  # fmt: skip


@pytest.mark.parametrize(
    "mutate,focus,path,message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_graph_fails_with_message(mutate: Mutation, focus: str, path: str, message: str) -> None:
    g = union(store_like())  # with the ontology, as in the store: its ranges must not hide errors
    mutate(g)
    report = validate(g)
    assert not report.conforms
    lines = report.text().splitlines()
    assert any(
        line.startswith(f"{focus}  {path}  ") and message in line for line in lines
    ), report.text()


def test_report_lines_are_sorted_and_stable() -> None:
    g = union(store_like())
    for mutate in (_second_label, _adopted_a_person, _negative_investment, _date_as_string):
        mutate(g)
    first, second = validate(g), validate(g)
    assert first == second
    keys = [(shorten(v.focus), v.message) for v in first.violations]
    assert keys == sorted(keys)
    assert len(first.text().splitlines()) == len(first.violations) >= 4


def test_violation_fields() -> None:
    g = union(store_like())
    _second_label(g)
    (violation,) = validate(g).violations
    assert isinstance(violation, Violation)
    assert violation == Violation(
        LI_YA, RDFS.label, "Every person needs exactly one label (found 2)", "Violation"
    )
    assert violation.text() == "zwid:person/李亚  rdfs:label  Every person needs exactly one label (found 2)"


def test_report_is_frozen() -> None:
    report = ValidationReport(conforms=True)
    with pytest.raises(AttributeError):
        report.conforms = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "node,text",
    [
        (URIRef(ZWID + "person/李亚"), "zwid:person/李亚"),
        (ZW.chairedBy, "zw:chairedBy"),
        (SCHEMA.author, "schema:author"),
        (URIRef("http://example.org/x"), "<http://example.org/x>"),
        (zh("李亚"), '"李亚"@zh'),
        (Literal(Decimal("1.5")), '"1.5"^^xsd:decimal'),
        (Literal("utf-8"), '"utf-8"'),
        (None, "-"),
    ],
)
def test_shorten(node: URIRef | Literal | None, text: str) -> None:
    assert shorten(node) == text


def test_missing_shapes_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttl"
    with pytest.raises(KgError, match="nope.ttl"):
        validate(Graph(), shapes_path=missing)


def test_malformed_shapes_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(KgError, match="bad.ttl"):
        validate(Graph(), shapes_path=bad)
