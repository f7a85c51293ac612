"""Files for other stores and tools, through a registry: a new format is one entry.

Triple formats (ttl, nt, jsonld) write the union of all graphs (deduplicated); quad formats
(nq, trig) keep one named graph per article. Output is sorted, so two builds of the same input
give byte-identical files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from .namespace import PREFIXES
from .store import Store


def union_triples(store: Store) -> list[ox.Triple]:
    """Every distinct triple of the union graph, sorted by its N-Triples form.

    The store keeps the union in its default graph (store.py); an older store without it is
    deduplicated here from the named graphs.
    """
    if store._union_is_materialised:
        triples = (ox.Triple(q.subject, q.predicate, q.object)
                   for q in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return sorted(triples, key=str)
    seen: dict[str, ox.Triple] = {}
    for q in store.quads():
        t = ox.Triple(q.subject, q.predicate, q.object)
        seen.setdefault(str(t), t)
    return [seen[k] for k in sorted(seen)]


def all_quads(store: Store) -> list[ox.Quad]:
    return sorted(store.quads(), key=str)


def _rdf(fmt: ox.RdfFormat, quads: bool) -> Callable[[Store, BinaryIO], None]:
    def write(store: Store, out: BinaryIO) -> None:
        data: Iterator = iter(all_quads(store) if quads else union_triples(store))
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(data, out, format=fmt, prefixes=prefixes)

    return write


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffix: str
    media_type: str
    writer: Callable[[Store, BinaryIO], None]
    description: str


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", ".ttl", "text/turtle", _rdf(ox.RdfFormat.TURTLE, False), "Turtle, the union of all graphs"),
    "nt": Format("nt", ".nt", "application/n-triples", _rdf(ox.RdfFormat.N_TRIPLES, False), "N-Triples, the union"),
    "nq": Format("nq", ".nq", "application/n-quads", _rdf(ox.RdfFormat.N_QUADS, True), "N-Quads, one named graph per article"),
    "trig": Format("trig", ".trig", "application/trig", _rdf(ox.RdfFormat.TRIG, True), "TriG, one named graph per article"),
    "jsonld": Format("jsonld", ".jsonld", "application/ld+json", _rdf(ox.RdfFormat.JSON_LD, True), "JSON-LD, named graphs kept"),
}


def register(fmt: Format) -> None:
    """Add a format (e.g. graphml from kg.views) to the registry."""
    FORMATS[fmt.name] = fmt


def export(store: Store, fmt: str, path: str | Path) -> Path:
    """Write the store in `fmt` to `path` (written to a temporary name first, then renamed)."""
    f = FORMATS[fmt]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as out:
        f.writer(store, out)
    tmp.replace(path)
    return path
