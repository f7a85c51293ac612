"""Scorers for meetings, documents and projects.

Each scorer reads one gold file (tests/gold/SCHEMA.md) and the graph built from the same source,
and returns (gold items, predicted items) as sets of normalised tuples; `kg eval` turns them into
precision, recall and F1. Predictions are what the articles of that source state (their named
graphs), so a fact another file adds to the same node is not credited here.

A predicted node matches a gold label through its `rdfs:label` or any `skos:altLabel` (a meeting
labelled 加快洛阳副中心城市建设工作推进会 matches gold 省委省政府加快洛阳副中心城市建设工作推进会 when it
keeps that form as an altLabel). Labels compare after NFKC folding and removing whitespace, so
（） and () are the same; organisations compare with `norm_org`.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from kg.evaluate.match import norm, norm_org, solutions

if TYPE_CHECKING:
    from kg.store import Store


_NODES = """
SELECT ?src ?n ?label ?alt WHERE {{
  ?a dcterms:source ?src .
  GRAPH ?a {{ ?n a {cls} ; rdfs:label ?label . OPTIONAL {{ ?n skos:altLabel ?alt }} }}
}}"""

_PAIRS = """
SELECT ?src ?n ?o ?olabel ?oalt WHERE {{
  ?a dcterms:source ?src .
  GRAPH ?a {{ ?n a {cls} ; {pred} ?o . }}
  OPTIONAL {{ ?o rdfs:label ?olabel }}
  OPTIONAL {{ ?o skos:altLabel ?oalt }}
}}"""


def _nodes(store: "Store", source_name: str, cls: str, gold_labels: set[str]) -> dict[str, str]:
    """Node IRI -> the key it is scored under: the gold label it matches, else its own label."""
    names: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in solutions(store, _NODES.format(cls=cls), source_name):
        n = r["n"].value
        labels[n] = norm(r["label"].value)
        names[n].add(labels[n])
        if r["alt"] is not None:
            names[n].add(norm(r["alt"].value))
    out = {}
    for n, label in labels.items():
        hit = sorted(names[n] & gold_labels)
        out[n] = label if label in gold_labels else (hit[0] if hit else label)
    return out


def _pairs(store: "Store", source_name: str, cls: str, pred: str) -> list[tuple[str, str, list[str]]]:
    """(subject IRI, object value, the object's names: label first, then altLabels) per statement."""
    names: dict[tuple[str, str], list[str]] = {}
    for r in solutions(store, _PAIRS.format(cls=cls, pred=pred), source_name):
        v = names.setdefault((r["n"].value, r["o"].value), [])
        for term in (r["olabel"], r["oalt"]):
            if term is not None and term.value not in v:
                v.append(term.value)
    return [(n, o, v or [o]) for (n, o), v in names.items()]


def _named_pairs(store: "Store", source_name: str, cls: str, pred: str, nodes: dict[str, str], gold: set,
                 fold) -> set:  # noqa: ANN001
    """(subject key, object name) items; the object matches through its label or any altLabel."""
    out = set()
    for n, _o, variants in _pairs(store, source_name, cls, pred):
        key = nodes.get(n, "")
        items = [(key, fold(v)) for v in variants]
        out.add(next((i for i in items if i in gold), items[0]))
    return out


# --------------------------------------------------------------------------- meetings


def _gold_meetings(gold: dict) -> list[dict]:
    return list(gold.get("meetings") or [])


def meetings(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {norm(m["label"]) for m in _gold_meetings(gold)}
    nodes = _nodes(store, source_name, "zw:Meeting", g)
    return g, set(nodes.values())


def meeting_chair(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {(norm(m["label"]), norm(p)) for m in _gold_meetings(gold) for p in m.get("chair") or []}
    nodes = _nodes(store, source_name, "zw:Meeting", {k for k, _ in g} | {norm(m["label"]) for m in _gold_meetings(gold)})
    return g, _named_pairs(store, source_name, "zw:Meeting", "zw:chairedBy", nodes, g, norm)


# --------------------------------------------------------------------------- documents


def _gold_documents(gold: dict) -> list[dict]:
    return list(gold.get("documents") or [])


def documents(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {norm(d["title"]) for d in _gold_documents(gold)}
    nodes = _nodes(store, source_name, "zw:PolicyDocument", set())  # titles only: aliases are scored apart
    return g, set(nodes.values())


def document_aliases(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {(norm(d["title"]), norm(a)) for d in _gold_documents(gold) for a in d.get("aliases") or []}
    nodes = _nodes(store, source_name, "zw:PolicyDocument", set())
    pred = {(nodes.get(n, ""), norm(alias)) for n, alias, _ in _pairs(store, source_name, "zw:PolicyDocument", "skos:altLabel")}
    return g, pred


def document_issuers(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {(norm(d["title"]), norm_org(i)) for d in _gold_documents(gold) for i in d.get("issuer") or []}
    nodes = _nodes(store, source_name, "zw:PolicyDocument", set())
    return g, _named_pairs(store, source_name, "zw:PolicyDocument", "zw:issuedBy", nodes, g, norm_org)


# --------------------------------------------------------------------------- projects


def _gold_projects(gold: dict) -> list[dict]:
    return list(gold.get("projects") or [])


def projects(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {norm(p["label"]) for p in _gold_projects(gold)}
    nodes = _nodes(store, source_name, "zw:Project", g)
    return g, set(nodes.values())


def project_partners(gold: dict, store: "Store", source_name: str) -> tuple[set, set]:
    g = {(norm(p["label"]), norm_org(o)) for p in _gold_projects(gold) for o in p.get("partners") or []}
    nodes = _nodes(store, source_name, "zw:Project", {norm(p["label"]) for p in _gold_projects(gold)})
    return g, _named_pairs(store, source_name, "zw:Project", "zw:partner", nodes, g, norm_org)
