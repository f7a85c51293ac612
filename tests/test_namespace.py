"""kg/rdf/namespace.py is generated from the ontology and closed: no term exists in code
that the ontology does not define, and every term the docs use is defined."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.rdf.namespace import PREFIXES, SCHEMA, SPARQL_PROLOGUE, ZW, ZWID

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "zhengwu.ttl"
ZW_IRI = "https://w3id.org/zhengwu-kg/ontology#"
TERM = re.compile(r"\bzw:([A-Za-z][A-Za-z0-9_]*)")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.NamedIndividual)


def _load_generator() -> ModuleType:
    """scripts/ is not a package, so load the generator from its path."""
    spec = importlib.util.spec_from_file_location("gen_namespace", ROOT / "scripts" / "gen_namespace.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _load_generator()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _declared(graph: Graph) -> set[str]:
    """Local names of the zw: terms the ontology types as a class or property."""
    return {
        str(s)[len(ZW_IRI) :]
        for kind in KINDS
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(ZW_IRI)
    }


def _doc_terms(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return sorted(set(TERM.findall(text)))


# -- generation -------------------------------------------------------------------


def test_regenerating_gives_no_change(gen: ModuleType) -> None:
    committed = (ROOT / "kg" / "rdf" / "namespace.py").read_text(encoding="utf-8")
    assert gen.generate(ONTOLOGY) == committed, "run python scripts/gen_namespace.py"


def test_check_flag_passes_on_committed_file(gen: ModuleType) -> None:
    assert gen.main(["--check"]) == 0


def test_check_flag_fails_on_stale_file(gen: ModuleType, tmp_path: Path) -> None:
    stale = tmp_path / "namespace.py"
    stale.write_text("# stale\n", encoding="utf-8")
    assert gen.main(["--check", "--output", str(stale)]) == 1
    assert stale.read_text(encoding="utf-8") == "# stale\n"  # --check writes nothing


def test_generation_is_deterministic_and_sorted(gen: ModuleType) -> None:
    first, second = gen.generate(ONTOLOGY), gen.generate(ONTOLOGY)
    assert first == second
    blocks = re.findall(r"    # (\S+)\n((?:    \w+: URIRef.*\n)+)", first)
    assert [b[0] for b in blocks] == [str(k) for k in KINDS]
    for _, block in blocks:
        names = re.findall(r"^    (\w+): URIRef", block, flags=re.M)
        assert names == sorted(names)


def test_namespace_holds_exactly_the_ontology_terms(ontology: Graph) -> None:
    in_code = {name for name in ZW.__annotations__ if not name.startswith("_")}
    assert in_code == _declared(ontology)


# -- closed vocabulary ------------------------------------------------------------


@pytest.mark.parametrize("name", ["nonexistent", "chairdBy", "person", "Organisation"])
def test_unknown_term_raises(name: str) -> None:
    with pytest.raises(AttributeError):
        getattr(ZW, name)
    with pytest.raises((AttributeError, KeyError)):
        ZW[name]


def test_known_terms_are_iris() -> None:
    assert ZW.Person == URIRef(ZW_IRI + "Person")
    assert ZW["chairedBy"] == URIRef(ZW_IRI + "chairedBy")
    assert ZW.investmentYuan in ZW


# -- docs and contract ------------------------------------------------------------


@pytest.mark.parametrize("name", _doc_terms("docs/graph-model.md"))
def test_graph_model_term_is_defined(name: str, ontology: Graph) -> None:
    assert name in _declared(ontology), f"docs/graph-model.md uses zw:{name}, the ontology lacks it"
    assert getattr(ZW, name) == URIRef(ZW_IRI + name)


CONTRACT_TERMS = [
    # classes
    "Person", "Organization", "Post", "Meeting", "PolicyDocument", "Project", "Place", "Article",
    # properties
    "chairedBy", "attendedBy", "convenedBy", "adopted", "issuedBy", "implements", "partner",
    "investmentYuan", "locatedIn", "mentions", "correspondent", "evidence",
    # careers
    "Appointment", "appointee", "toPost", "fromPost", "appointmentKind", "Appointed", "Removed",
    "Elected", "Nominated", "Proposed", "Retired", "decidedBy", "PostHolding", "startDate", "endDate",
    "seenOn", "startedBy", "endedBy", "ethnicity", "nativePlace", "education", "joinedPartyOn",
    "startedWorkOn", "holder", "heldPost",
]  # fmt: skip


def test_contract_table_matches_contract_file() -> None:
    """If CONTRACT.md grows a zw: term, this list (and the ontology) must follow."""
    contract = ROOT / "docs" / "CONTRACT.md"
    text = contract.read_text(encoding="utf-8")
    assert set(TERM.findall(text)) == set(CONTRACT_TERMS)


def _texts(graph: Graph, term: URIRef, prop: URIRef, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(term, prop) if isinstance(o, Literal) and o.language == lang]


@pytest.mark.parametrize("name", sorted(set(CONTRACT_TERMS) | set(_doc_terms("docs/graph-model.md"))))
def test_term_has_labels_and_comment(name: str, ontology: Graph) -> None:
    term = URIRef(ZW_IRI + name)
    zh = _texts(ontology, term, RDFS.label, "zh")
    en = _texts(ontology, term, RDFS.label, "en")
    comment = _texts(ontology, term, RDFS.comment, "en")
    assert len(zh) == 1 and re.search(r"[\u4e00-\u9fff]", zh[0]), f"zw:{name} needs one Chinese @zh label"
    assert len(en) == 1 and en[0].strip(), f"zw:{name} needs one @en label"
    assert comment and comment[0].strip(), f"zw:{name} needs an @en rdfs:comment"


def test_every_ontology_term_is_documented_in_both_languages(ontology: Graph) -> None:
    missing = [
        name
        for name in sorted(_declared(ontology))
        if not (
            _texts(ontology, URIRef(ZW_IRI + name), RDFS.label, "zh")
            and _texts(ontology, URIRef(ZW_IRI + name), RDFS.label, "en")
            and _texts(ontology, URIRef(ZW_IRI + name), RDFS.comment, "en")
        )
    ]
    assert missing == []


# -- prefixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix,iri",
    [
        ("zw", "https://w3id.org/zhengwu-kg/ontology#"),
        ("zwid", "https://w3id.org/zhengwu-kg/id/"),
        ("org", "http://www.w3.org/ns/org#"),
        ("schema", "http://schema.org/"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("owl", "http://www.w3.org/2002/07/owl#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("sh", "http://www.w3.org/ns/shacl#"),
    ],
)
def test_prefix(prefix: str, iri: str) -> None:
    assert PREFIXES[prefix] == iri
    assert f"PREFIX {prefix}: <{iri}>\n" in SPARQL_PROLOGUE


def test_constants() -> None:
    assert ZWID == "https://w3id.org/zhengwu-kg/id/"
    assert SCHEMA.NewsArticle == URIRef("http://schema.org/NewsArticle")
    assert len(SPARQL_PROLOGUE.splitlines()) == len(PREFIXES)


def test_prologue_is_valid_sparql() -> None:
    prepareQuery(SPARQL_PROLOGUE + "SELECT ?p WHERE { ?p org:holds ?post . ?post a zw:Post }")
