"""GraphML and GEXF of the network model, for Gephi, yEd and networkx users (kg.export lists them).

networkx is imported inside the writers: kg.export's registry imports this module, and `kg --help`
should not pay for networkx.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    import networkx as nx


def write_graphml(G: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GraphML of a graph from `gv.load` (without its mentions)."""
    import networkx as nx

    from kg.views import graph as gv

    nx.write_graphml(gv.flat(G), out, encoding="utf-8", prettyprint=True)


def write_gexf(G: nx.MultiDiGraph, out: BinaryIO) -> None:
    """GEXF of a graph from `gv.load` (without its mentions)."""
    from networkx.readwrite.gexf import GEXFWriter

    from kg.views import graph as gv

    w = GEXFWriter(encoding="utf-8", prettyprint=True)
    w.add_graph(gv.flat(G))
    meta = w.xml.find("meta")
    if meta is not None:  # today's date would make two exports of one graph differ
        meta.attrib.pop("lastmodifieddate", None)
    w.write(out)


GRAPH_WRITERS = {"graphml": write_graphml, "gexf": write_gexf}  # for callers holding a loaded graph (kg serve)


def graphml(store, out: BinaryIO) -> None:  # noqa: ANN001
    """GraphML of a store (the export registry's writer)."""
    from kg.views import graph as gv

    write_graphml(gv.load(store), out)


def gexf(store, out: BinaryIO) -> None:  # noqa: ANN001
    """GEXF of a store (the export registry's writer)."""
    from kg.views import graph as gv

    write_gexf(gv.load(store), out)
