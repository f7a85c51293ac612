"""Files for other stores and tools, through one registry (FORMATS): a new format is one entry.

Triple formats (ttl, nt, jsonld) write the union of all graphs (deduplicated); quad formats
(nq, trig) keep one named graph per article. Output is sorted, so two builds of the same input
give byte-identical files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from kg.rdf.namespace import PREFIXES
from kg.store import Store
from kg.views import formats as graph_formats


def all_quads(store: Store) -> list[ox.Quad]:
    return sorted(store.quads(), key=str)


def _rdf(fmt: ox.RdfFormat, quads: bool) -> Callable[[Store, BinaryIO], None]:
    def write(store: Store, out: BinaryIO) -> None:
        data: Iterator = iter(all_quads(store) if quads else store.union_triples())
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
    from_graph: Callable | None = None  # network formats: write a graph already loaded (kg serve keeps one)


FORMATS: dict[str, Format] = {
    "ttl": Format("ttl", ".ttl", "text/turtle", _rdf(ox.RdfFormat.TURTLE, False), "Turtle, the union of all graphs"),
    "nt": Format("nt", ".nt", "application/n-triples", _rdf(ox.RdfFormat.N_TRIPLES, False), "N-Triples, the union"),
    "nq": Format("nq", ".nq", "application/n-quads", _rdf(ox.RdfFormat.N_QUADS, True), "N-Quads, one named graph per article"),
    "trig": Format("trig", ".trig", "application/trig", _rdf(ox.RdfFormat.TRIG, True), "TriG, one named graph per article"),
    "jsonld": Format("jsonld", ".jsonld", "application/ld+json", _rdf(ox.RdfFormat.JSON_LD, True), "JSON-LD, named graphs kept"),
    "graphml": Format("graphml", ".graphml", "application/graphml+xml", graph_formats.graphml,
                      "GraphML for Gephi/yEd: entities with label and class, relations with their Chinese name",
                      graph_formats.write_graphml),
    "gexf": Format("gexf", ".gexf", "application/gexf+xml", graph_formats.gexf,
                   "GEXF for Gephi: entities with label and class, relations with their Chinese name",
                   graph_formats.write_gexf),
}


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
