"""One RDF export of a store written to standard output: what `kg serve` runs for /export/FORMAT.

Why a process of its own: `kg export` sorts every quad in memory so that two builds give
byte-identical files; three 140 MB N-Quads exports in the server process took it from 80 MB to
1.35 GB and held the GIL while queries waited. Here the quads stream in the store's own order
(stable for a given store, not sorted) straight into the serializer and out of the pipe, at low
CPU priority, in a process the server kills when the client leaves or the time limit passes.

    python -m kg.serve.exporter STORE FORMAT      # FORMAT: one of RDF_FORMATS
"""
from __future__ import annotations

import os
import sys
from typing import BinaryIO

import pyoxigraph as ox

from kg.rdf.ids import ONTOLOGY_GRAPH
from kg.rdf.namespace import PREFIXES
from kg.store import Store

RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {  # name -> (format, keeps named graphs)
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}


def stream(store: Store, name: str, out: BinaryIO) -> None:
    """Serialize the store as `name` into `out` without holding it in memory: the named graphs as
    quads, or the union graph for the triple formats (each triple once in a store this kg wrote,
    which keeps the union materialised; a store from an older kg may repeat a triple here), without
    the ontology graph."""
    fmt, quads = RDF_FORMATS[name]
    onto = ox.NamedNode(ONTOLOGY_GRAPH)
    if quads:
        data = (q for q in store.quads() if q.graph_name != onto)
    else:
        # the ontology's triples are left out, as `kg export` leaves them out (its blank nodes would
        # be new nodes at every load); the few a page also states are dropped with them here
        schema = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(ONTOLOGY_GRAPH)}
        data = (t for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") if t not in schema)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(data, out, format=fmt, prefixes=prefixes)


def main(argv: list[str]) -> int:
    store_path, name = argv
    os.nice(10)  # queries come first
    with Store(store_path, read_only=True) as store:
        stream(store, name, sys.stdout.buffer)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # the server stopped reading: the client left
        os._exit(1)
    except Exception as e:  # noqa: BLE001 - one line for the server's log, no traceback
        print(f"export failed: {' '.join(str(e).split())}", file=sys.stderr)
        sys.exit(1)
