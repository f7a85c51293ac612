"""ontology/zhengwu.ttl loads in both RDF libraries we ship with and says what the
contract says: each class under its standard class, properties typed and scoped."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.rdf.namespace import PREFIXES, SPARQL_PROLOGUE, ZW

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "zhengwu.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/zhengwu-kg/ontology")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE)
    return store


def _ask(store: ox.Store, where: str) -> bool:
    return bool(store.query(SPARQL_PROLOGUE + f"ASK {{ {where} }}"))


# -- parsing ----------------------------------------------------------------------


def test_parses_with_rdflib(graph: Graph) -> None:
    assert len(graph) > 200
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph


def test_parses_with_pyoxigraph(store: ox.Store, graph: Graph) -> None:
    assert len(store) == len(graph)


def test_header(graph: Graph) -> None:
    titles = {(str(t), t.language) for t in graph.objects(ONTOLOGY_IRI, DCTERMS.title)}
    assert ("Zhengwu KG ontology", "en") in titles
    assert any(lang == "zh" for _, lang in titles)
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) is not None


# -- classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls,superclass",
    [
        # the contract
        ("zw:Person", "foaf:Person"),
        ("zw:Organization", "org:Organization"),
        ("zw:Post", "org:Post"),
        ("zw:Meeting", "schema:Event"),
        ("zw:PolicyDocument", "foaf:Document"),
        ("zw:Project", "schema:Project"),
        ("zw:Place", "schema:Place"),
        ("zw:Article", "schema:NewsArticle"),
        # finer organisations, directly and through zw:Organization
        ("zw:PartyOrganization", "zw:Organization"),
        ("zw:GovernmentBody", "zw:Organization"),
        ("zw:Enterprise", "zw:Organization"),
        ("zw:MilitaryUnit", "zw:Organization"),
        ("zw:SocialOrganization", "zw:Organization"),
        ("zw:PartyOrganization", "org:Organization"),
        ("zw:GovernmentBody", "org:Organization"),
        ("zw:Enterprise", "org:Organization"),
        ("zw:MilitaryUnit", "org:Organization"),
        ("zw:SocialOrganization", "org:Organization"),
        # the graph model's own records
        ("zw:Visit", "schema:Event"),
        ("zw:PostHolding", "prov:Entity"),
        ("zw:SourceFile", "prov:Entity"),
    ],
)
def test_subclass_axiom(store: ox.Store, cls: str, superclass: str) -> None:
    assert _ask(store, f"{cls} rdfs:subClassOf* {superclass} . {cls} a owl:Class")


def test_schema_is_the_http_form(store: ox.Store) -> None:
    assert not _ask(store, "?s ?p ?o FILTER(STRSTARTS(STR(?o), 'https://schema.org/'))")


# -- properties -------------------------------------------------------------------


OBJECT_PROPERTIES = [
    "chairedBy", "attendedBy", "convenedBy", "adopted", "issuedBy", "implements", "partner",
    "locatedIn", "mentions", "correspondent", "holder", "heldPost", "within", "visitor",
    "visited", "hasArticle",
]  # fmt: skip
DATATYPE_PROPERTIES = [
    "investmentYuan", "evidence", "dateText", "documentType", "placeType", "section",
    "articleKind", "charStart", "charEnd", "sha256", "encoding",
]  # fmt: skip


@pytest.mark.parametrize("name", OBJECT_PROPERTIES)
def test_object_property(graph: Graph, name: str) -> None:
    types = set(graph.objects(ZW[name], RDF.type))
    assert OWL.ObjectProperty in types and OWL.DatatypeProperty not in types


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES)
def test_datatype_property(graph: Graph, name: str) -> None:
    types = set(graph.objects(ZW[name], RDF.type))
    assert OWL.DatatypeProperty in types and OWL.ObjectProperty not in types


def test_discussed_takes_literal_or_entity(graph: Graph) -> None:
    assert set(graph.objects(ZW.discussed, RDF.type)) == {RDF.Property}


@pytest.mark.parametrize(
    "prop,domain,range_",
    [
        ("zw:chairedBy", "zw:Meeting", "zw:Person"),
        ("zw:convenedBy", "zw:Meeting", "zw:Organization"),
        ("zw:adopted", "zw:Meeting", "zw:PolicyDocument"),
        ("zw:issuedBy", "zw:PolicyDocument", "zw:Organization"),
        ("zw:implements", "zw:PolicyDocument", "zw:PolicyDocument"),
        ("zw:partner", "zw:Project", "zw:Organization"),
        ("zw:investmentYuan", "zw:Project", "xsd:decimal"),
        ("zw:correspondent", "zw:Article", "zw:Person"),
        ("zw:holder", "zw:PostHolding", "zw:Person"),
        ("zw:heldPost", "zw:PostHolding", "zw:Post"),
        ("zw:charStart", "zw:Article", "xsd:integer"),
    ],
)
def test_domain_and_range(store: ox.Store, prop: str, domain: str, range_: str) -> None:
    assert _ask(store, f"{prop} rdfs:domain {domain} ; rdfs:range {range_}")


@pytest.mark.parametrize(
    "prop,members",
    [
        ("zw:locatedIn", {"Project", "Organization", "Meeting"}),
        ("zw:evidence", {"Meeting", "Visit", "PolicyDocument", "Project", "PostHolding", "Appointment"}),
    ],
)
def test_union_domain(store: ox.Store, prop: str, members: set[str]) -> None:
    rows = store.query(
        SPARQL_PROLOGUE + f"SELECT ?c WHERE {{ {prop} rdfs:domain/owl:unionOf/rdf:rest*/rdf:first ?c }}"
    )
    found = {row["c"].value.removeprefix(PREFIXES["zw"]) for row in rows}
    assert found == members


def test_attended_by_persons_and_organisations(store: ox.Store) -> None:
    assert _ask(store, "zw:attendedBy rdfs:range/owl:unionOf/rdf:rest*/rdf:first zw:Person")
    assert _ask(store, "zw:attendedBy rdfs:range/owl:unionOf/rdf:rest*/rdf:first zw:Organization")


# -- hygiene ----------------------------------------------------------------------


def test_standard_terms_are_referenced_not_redefined(store: ox.Store) -> None:
    """Nothing is said about org:, schema:, dcterms:, skos:, prov:, foaf: terms."""
    foreign = " || ".join(
        f"STRSTARTS(STR(?s), '{PREFIXES[p]}')" for p in ("org", "schema", "dcterms", "skos", "prov", "foaf")
    )
    assert not _ask(store, f"?s ?p ?o FILTER({foreign})")


def test_every_zw_iri_used_is_declared(store: ox.Store) -> None:
    """A typo such as zw:Orgnization inside a unionOf list would otherwise go unnoticed."""
    rows = store.query(
        SPARQL_PROLOGUE
        + """SELECT DISTINCT ?t WHERE {
            { ?t ?p ?o } UNION { ?s ?t ?o } UNION { ?s ?p ?t }
            FILTER(isIRI(?t) && STRSTARTS(STR(?t), STR(zw:)))
            FILTER NOT EXISTS { ?t a ?kind VALUES ?kind { owl:Class owl:ObjectProperty
                                                         owl:DatatypeProperty rdf:Property
                                                         owl:NamedIndividual } }
        }"""
    )
    assert [row["t"].value for row in rows] == []


def test_contract_classes_are_pairwise_disjoint(store: ox.Store) -> None:
    for a, b in [("Person", "Organization"), ("Meeting", "Visit"), ("PolicyDocument", "Article")]:
        assert _ask(
            store,
            f"?d a owl:AllDisjointClasses ; owl:members/rdf:rest*/rdf:first zw:{a}, zw:{b}",
        )
