"""Scorers for people, the posts they hold, organisations and bylines.

Each turns one gold file (tests/gold/SCHEMA.md) and the graph built from the same source into
(gold items, predicted items), sets of normalised hashable items.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.evaluate.match import labelled, norm_org, pick, rows

if TYPE_CHECKING:
    from kg.store import Store


def persons(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = set(gold.get("persons", []))
    p = {v[0] for v in labelled(store, source, "zw:Person").values()}
    return g, p


def holds(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {(person, norm_org(post)) for person, post in gold.get("holds", [])}
    found = rows(store, """
        SELECT DISTINCT ?src ?person ?post ?label ?alt WHERE {
          ?a dcterms:source ?src .
          GRAPH ?a { ?p org:holds ?post }
          ?p rdfs:label ?person . ?post rdfs:label ?label .
          OPTIONAL { ?post skos:altLabel ?alt }
        }""", source)
    variants: dict[tuple[str, str], list[str]] = {}
    for r in found:
        v = variants.setdefault((r["person"], r["post"]), [r["label"]])
        if r["alt"] and r["alt"] not in v:
            v.append(r["alt"])
    p = {pick(v, g, lambda s, person=person: (person, norm_org(s))) for (person, _), v in variants.items()}
    return g, p


def organizations(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {norm_org(o) for o in gold.get("organizations", [])}
    p = {pick(v, g, norm_org) for v in labelled(store, source, "zw:Organization").values()}
    return g, p


def role_class(role: str) -> str:
    """"correspondent" for 通讯员 (本报通讯员), "author" for every other credit (记者, '' …)."""
    return "correspondent" if role.endswith("通讯员") else "author"


def authors(gold: dict, store: "Store", source: str) -> tuple[set, set]:
    g = {(role_class(role), name) for role, name in gold.get("authors", [])}
    found = rows(store, """
        SELECT DISTINCT ?src ?prop ?name WHERE {
          ?a dcterms:source ?src ; ?prop ?p .
          VALUES ?prop { schema:author zw:correspondent }
          ?p rdfs:label ?name .
        }""", source)
    p = {("correspondent" if r["prop"].endswith("correspondent") else "author", r["name"]) for r in found}
    return g, p
