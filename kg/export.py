"""Files for other stores and tools, through one registry (FORMATS): a new format is one entry.

Triple formats (ttl, nt) write the union of all graphs (deduplicated); quad formats (nq, trig,
jsonld) keep one named graph per article. The ontology graph is data of its own and is left out
unless asked (`data_quads`). Output is sorted, so two builds of the same input give byte-identical
files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

import pyoxigraph as ox

from kg.errors import OutputError, UsageError, os_reason
from kg.rdf import ids
from kg.rdf.namespace import PREFIXES
from kg.store import Store
from kg.views import careers
from kg.views import formats as graph_formats


def all_quads(store: Store) -> list[ox.Quad]:
    """Every quad of the named graphs, the ontology's included, sorted (to compare two stores)."""
    return sorted(store.quads(), key=str)


ONTOLOGY = ox.NamedNode(ids.ONTOLOGY_GRAPH)
GENID = ids.ZWID + "genid/"  # skolem IRIs of the ontology's blank nodes: zwid:genid/onto0 …


def _skolem(term):  # noqa: ANN001, ANN202
    return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term


def data_quads(store: Store, *, with_ontology: bool = False) -> list[ox.Quad]:
    """The quads an RDF export writes, sorted: the article graphs and the sources graph.

    The ontology graph (zwid:graph/ontology) is left out unless asked: it is ontology/zhengwu.ttl,
    not data, and its blank nodes (OWL restrictions, lists) would be new nodes each time a store
    loads the export, so loading it twice added 69 quads (issue 15). Asked for, it comes with
    its blank nodes skolemised to stable IRIs (zwid:genid/onto0 …, the labels the store gives them
    in file order), so loading it again changes nothing.
    """
    out = []
    for q in store.quads():
        if q.graph_name == ONTOLOGY:
            if not with_ontology:
                continue
            q = ox.Quad(_skolem(q.subject), q.predicate, _skolem(q.object), q.graph_name)
        out.append(q)
    return sorted(out, key=str)


def data_triples(store: Store, *, with_ontology: bool = False) -> list[ox.Triple]:
    """The union an RDF triple export writes: each triple of `data_quads` once, sorted."""
    union = store.union_triples()
    onto = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(ids.ONTOLOGY_GRAPH)}
    if not onto:
        return union
    if with_ontology:
        return sorted((ox.Triple(_skolem(t.subject), t.predicate, _skolem(t.object)) for t in union), key=str)
    said_elsewhere = {t for q in store.quads() if q.graph_name != ONTOLOGY
                      and (t := ox.Triple(q.subject, q.predicate, q.object)) in onto}
    return [t for t in union if t not in onto or t in said_elsewhere]


def _rdf(fmt: ox.RdfFormat, quads: bool) -> Callable[..., None]:
    def write(store: Store, out: BinaryIO, *, with_ontology: bool = False) -> None:
        data: Iterator = iter(data_quads(store, with_ontology=with_ontology) if quads
                              else data_triples(store, with_ontology=with_ontology))
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        ox.serialize(data, out, format=fmt, prefixes=prefixes)

    write.takes_ontology = True  # type: ignore[attr-defined]
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
    "careers-csv": Format("careers-csv", ".csv", "text/csv", careers.write_csv,
                          "CSV, one row per post holding: person, name, gender, birth, post, organisation, start, end, first/last seen, source, evidence"),
}


def _write(store: Store, fmt: str, out: BinaryIO, with_ontology: bool) -> None:
    f = FORMATS[fmt]
    if with_ontology and not getattr(f.writer, "takes_ontology", False):
        raise UsageError(f"--with-ontology is for the RDF formats (ttl, nt, nq, trig, jsonld), not {fmt}")
    f.writer(store, out, **({"with_ontology": True} if with_ontology else {}))


def export(store: Store, fmt: str, path: str | Path, *, with_ontology: bool = False) -> Path:
    """Write the store in `fmt` to `path`: to `<path>.part` first, renamed when whole, so a reader
    never sees half a file. If writing fails (a full disk), the part file is removed and the error
    is one line naming `path`; a file already at `path` is left as it was."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as out:
            _write(store, fmt, out, with_ontology)
        tmp.replace(path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write the export ({_why(e)}); nothing was written") from None
    except BaseException:  # interrupted, or a bad option: no part file is left behind
        tmp.unlink(missing_ok=True)
        raise
    return path


def export_to(store: Store, fmt: str, out: BinaryIO, *, with_ontology: bool = False) -> None:
    """Write the store in `fmt` to an open binary stream (`kg export -o -`: standard output)."""
    try:
        _write(store, fmt, out, with_ontology)
        out.flush()
    except BrokenPipeError:  # `kg export -o - | head`: the reader has all it wanted
        raise
    except OSError as e:
        raise OutputError(f"standard output: cannot write the export ({_why(e)})") from None


def _why(e: OSError) -> str:
    import errno

    if e.errno == errno.ENOSPC or "No space left on device" in str(e):
        return "the disk is full; free some space and export again"
    return os_reason(e)
