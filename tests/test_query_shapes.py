"""The competency queries are written for speed on Oxigraph (join order, FILTER EXISTS, subqueries,
sort keys built in the query). Each must return what its plain formulation below returns: the same
rows, and the same order as far as the ORDER BY decides it (rows equal on every ORDER BY term may
come in any order, in the plain form as in the fast one: Oxigraph's sort is not stable). Checked
on the seed store and on a generated archive, bound to several entities and unbound."""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Variable

from conftest import ROOT, SEEDS
from kg.query import named_queries

# The plain formulations: what each query means, written without regard to speed.
PLAIN = {
    "documents_issuers": """
SELECT ?document ?title ?type ?issuerName ?implementsTitle WHERE {
  ?document a zw:PolicyDocument ; rdfs:label ?title .
  OPTIONAL { ?document zw:documentType ?type }
  OPTIONAL { ?document zw:issuedBy ?issuer . ?issuer rdfs:label ?issuerName }
  OPTIONAL { ?document zw:implements ?implemented . ?implemented rdfs:label ?implementsTitle }
} ORDER BY ?title ?issuerName ?implementsTitle""",
    "meetings_chairs_adopted": """
SELECT ?meeting ?label ?date ?chairName ?adoptedTitle WHERE {
  ?meeting a zw:Meeting ; rdfs:label ?label .
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT STR(?d); SEPARATOR="、") AS ?resolved)
             WHERE { ?meeting a zw:Meeting ; dcterms:date ?d } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT ?w; SEPARATOR="、") AS ?written)
             WHERE { ?meeting zw:dateText ?w } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT STR(?n); SEPARATOR="、") AS ?chairName)
             WHERE { ?meeting zw:chairedBy/rdfs:label ?n } GROUP BY ?meeting }
  OPTIONAL { SELECT ?meeting (GROUP_CONCAT(DISTINCT STR(?t); SEPARATOR="、") AS ?adoptedTitle)
             WHERE { ?meeting zw:adopted/rdfs:label ?t } GROUP BY ?meeting }
  BIND(COALESCE(?resolved, ?written) AS ?date)
} ORDER BY ?label""",
    "org_post_holders": """
SELECT DISTINCT ?org ?orgLabel ?person ?name ?post ?postLabel WHERE {
  ?post org:postIn ?org .
  ?org a zw:Organization ; rdfs:label ?orgLabel .
  ?person org:holds ?post ; rdfs:label ?name .
  ?post rdfs:label ?postLabel .
} ORDER BY ?orgLabel ?name ?postLabel""",
    "people_posts": """
SELECT DISTINCT ?person ?name ?post ?postLabel ?role ?org ?orgLabel WHERE {
  ?person a zw:Person ; rdfs:label ?name ; org:holds ?post .
  ?post rdfs:label ?postLabel .
  OPTIONAL { ?post org:role/rdfs:label ?role }
  OPTIONAL { ?post org:postIn ?org . ?org rdfs:label ?orgLabel }
} ORDER BY ?name ?postLabel""",
    "person_neighbourhood": """
SELECT DISTINCT ?person ?hop ?via ?predicate ?node ?nodeLabel WHERE {
  ?person a zw:Person .
  {
    { ?person ?predicate ?node } UNION { ?node ?predicate ?person }
    BIND(1 AS ?hop)
    BIND(?person AS ?via)
  } UNION {
    { ?person ?first ?via } UNION { ?via ?first ?person }
    FILTER(?first NOT IN (rdf:type, zw:mentions, prov:wasDerivedFrom))
    FILTER(isIRI(?via) && NOT EXISTS { ?via a zw:Article })
    { ?via ?predicate ?node } UNION { ?node ?predicate ?via }
    BIND(2 AS ?hop)
  }
  FILTER(isIRI(?node) && ?node != ?person)
  FILTER(?predicate NOT IN (rdf:type, zw:mentions, prov:wasDerivedFrom))
  OPTIONAL { ?node rdfs:label ?nodeLabel }
} ORDER BY ?person ?hop ?predicate ?nodeLabel ?node""",
    "person_posts_sources": """
SELECT DISTINCT ?person ?name ?post ?postLabel ?orgLabel ?article ?title ?source ?date ?evidence WHERE {
  ?person a zw:Person ; rdfs:label ?name .
  GRAPH ?article {
    ?holding zw:holder ?person ; zw:heldPost ?post .
    OPTIONAL { ?holding zw:evidence ?evidence }
  }
  ?post rdfs:label ?postLabel .
  OPTIONAL { ?post org:postIn/rdfs:label ?orgLabel }
  ?article dcterms:title ?title ; dcterms:source ?source .
  OPTIONAL { ?article dcterms:date ?date }
} ORDER BY ?name ?date ?article ?postLabel""",
    "projects_by_investment": """
SELECT ?project ?label ?investmentYuan ?partners ?places WHERE {
  ?project a zw:Project ; rdfs:label ?label .
  OPTIONAL { SELECT ?project (MAX(?yuan) AS ?investmentYuan)
             WHERE { ?project zw:investmentYuan ?yuan } GROUP BY ?project }
  OPTIONAL { SELECT ?project (GROUP_CONCAT(DISTINCT STR(?n); SEPARATOR="、") AS ?partners)
             WHERE { ?project zw:partner/rdfs:label ?n } GROUP BY ?project }
  OPTIONAL { SELECT ?project (GROUP_CONCAT(DISTINCT STR(?n); SEPARATOR="、") AS ?places)
             WHERE { ?project a zw:Project ; zw:locatedIn/rdfs:label ?n } GROUP BY ?project }
} ORDER BY DESC(?investmentYuan) ?label""",
}

_BIND = re.compile(r"bind \?(\w+) to the (person|organisation)'s IRI")
_ENTITIES = {  # the most-named entities of the kind a parameter takes, and one named least
    "person": "?e a zw:Person . OPTIONAL { ?a zw:mentions ?e }",
    "organisation": "?e a zw:Organization . OPTIONAL { ?a zw:mentions ?e }",
}


@pytest.fixture(scope="module")
def archive_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed pages plus a small generated archive: enough recurring people, meetings and bodies for
    ties, several labels, hop-2 fan-out and articles that share a holding."""
    import kg

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    pages = generate(tmp_path_factory.mktemp("gen"), pages=40, seed=3)
    path = tmp_path_factory.mktemp("archive-store") / "store"
    with kg.build([str(SEEDS), *map(str, pages)], store=path) as g:
        assert not g.report.failed, g.report.failed
    return path


def _rows(store, text: str, binding: dict | None):  # noqa: ANN001, ANN202
    result = store.query(text, substitutions=binding or None)
    names = [v.value for v in result.variables]
    return names, [tuple(None if s[n] is None else str(s[n]) for n in names) for s in result]


def _order_terms(text: str) -> list[str]:
    return re.findall(r"\?(\w+)", text[text.rindex("ORDER BY"):])


def _bindings(store, text: str) -> list[dict | None]:  # noqa: ANN001
    m = _BIND.search(text)
    if not m:
        return [None]
    var, kind = m.groups()
    q = f"SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {_ENTITIES[kind]} }} GROUP BY ?e ORDER BY DESC(?n) ?e"
    ranked = [r["e"] for r in store.query(q)]
    picks = ranked[:4] + ranked[len(ranked) // 2:len(ranked) // 2 + 2] + ranked[-2:]
    return [None] + [{Variable(var): e} for e in picks] + [{Variable(var): NamedNode("https://w3id.org/zhengwu-kg/id/none")}]


# Queries written in their plain form (no speed shaping yet), so there is nothing to compare.
WRITTEN_PLAIN = {"appointments_by_body", "person_career", "post_succession"}


def test_every_query_has_a_plain_form() -> None:
    assert sorted(set(PLAIN) | WRITTEN_PLAIN) == sorted(named_queries())
    assert not set(PLAIN) & WRITTEN_PLAIN


@pytest.mark.parametrize("which", ["seeds", "archive"])
@pytest.mark.parametrize("name", sorted(PLAIN))
def test_query_returns_what_its_plain_form_returns(request: pytest.FixtureRequest, which: str, name: str) -> None:
    from kg.store import Store

    path = request.getfixturevalue("seed_store_path" if which == "seeds" else "archive_store_path")
    fast = named_queries()[name].text
    plain = PLAIN[name]
    with Store(path, read_only=True) as store:
        checked = 0
        for binding in _bindings(store, fast):
            names, want = _rows(store, plain, binding)
            fast_names, got = _rows(store, fast, binding)
            label = f"{name} bound to {list(binding.values())[0]}" if binding else f"{name} unbound"
            assert fast_names == names, label
            assert Counter(got) == Counter(want), f"{label}: other rows"
            keys = [names.index(t) for t in _order_terms(plain)]
            assert [tuple(r[i] for i in keys) for r in got] == [tuple(r[i] for i in keys) for r in want], f"{label}: other order"
            checked += len(want)
        assert checked, f"{name}: no rows on the {which} store, nothing compared"
