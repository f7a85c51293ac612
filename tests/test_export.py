"""Every export format round-trips: parsed back by pyoxigraph and by rdflib (and Turtle, N-Triples,
N-Quads and TriG by `rapper`, a third, independent parser) it is the store again — the union of all
graphs for ttl/nt, every quad with its graph for nq/trig/jsonld. Builds are reproducible to the byte."""
from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.cli import main
from kg.export import FORMATS, export

from conftest import SEEDS, require_tool, seed_files

TRIPLE_FORMATS = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("nt", ox.RdfFormat.N_TRIPLES)}
QUAD_FORMATS = {"nq": ("nquads", ox.RdfFormat.N_QUADS), "trig": ("trig", ox.RdfFormat.TRIG),
                "jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
RAPPER = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "trig": "trig"}


NOT_RDF = {"application/graphml+xml", "application/gexf+xml",  # network formats for Gephi, yEd, networkx
           "text/csv"}  # tables (careers-csv)
ONTOLOGY = "https://w3id.org/zhengwu-kg/id/graph/ontology"  # left out of exports unless --with-ontology


def test_every_rdf_format_is_tested() -> None:
    rdf = {n for n, f in FORMATS.items() if f.media_type not in NOT_RDF}
    assert rdf >= set(TRIPLE_FORMATS) | set(QUAD_FORMATS)
    assert rdf - set(TRIPLE_FORMATS) - set(QUAD_FORMATS) == set(), "a new RDF format needs a round-trip test here"


# -- what the store holds, read without kg.export -------------------------------------------------


def _canon(quads) -> set[str]:  # noqa: ANN001
    """Quads (or triples) as N-Quads lines after RDFC-1.0 canonicalisation: blank-node labels fixed."""
    ds = ox.Dataset([q if isinstance(q, ox.Quad) else ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


@pytest.fixture(scope="module")
def store_quads(seed_store_path: Path) -> list[ox.Quad]:
    from kg.store import Store

    with Store(seed_store_path, read_only=True) as s:
        return [q for q in s.quads() if q.graph_name.value != ONTOLOGY]


@pytest.fixture(scope="module")
def union(store_quads: list[ox.Quad]) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store_quads}


@pytest.fixture(scope="module")
def union_rdflib(union: set[ox.Triple]) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ox.serialize(union, format=ox.RdfFormat.N_TRIPLES), format="nt")


@pytest.fixture(scope="module")
def exported(seed_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each format written by `kg export` (the command, so its options are covered too)."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in [*TRIPLE_FORMATS, *QUAD_FORMATS]:
        paths[fmt] = out / f"graph{FORMATS[fmt].suffix}"
        r = CliRunner().invoke(main, ["export", "--format", fmt, "-o", str(paths[fmt]), "--store", str(seed_store_path)])
        assert r.exit_code == 0, r.output
    return paths


def _rdflib_quads(path: Path, fmt: str) -> set[str]:
    ds = rdflib.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own JSON-LD parser and N-Quads writer
        ds.parse(path, format=fmt)
        nq = ds.serialize(format="nquads", encoding="utf-8")
    return _canon(ox.parse(nq, format=ox.RdfFormat.N_QUADS))


# -- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(TRIPLE_FORMATS))
def test_triple_formats_round_trip_to_the_union(exported, union, union_rdflib, fmt: str) -> None:  # noqa: ANN001
    rdflib_name, ox_format = TRIPLE_FORMATS[fmt]
    back = list(ox.parse(path=str(exported[fmt]), format=ox_format))
    assert len(back) == len(union)
    assert _canon(back) == _canon(union)
    g = rdflib.Graph().parse(exported[fmt], format=rdflib_name)
    assert len(g) == len(union) and isomorphic(g, union_rdflib)


@pytest.mark.parametrize("fmt", sorted(QUAD_FORMATS))
def test_quad_formats_round_trip_with_their_graphs(exported, store_quads, fmt: str) -> None:  # noqa: ANN001
    rdflib_name, ox_format = QUAD_FORMATS[fmt]
    back = list(ox.parse(path=str(exported[fmt]), format=ox_format))
    assert len(back) == len(store_quads)
    assert not any(isinstance(q.graph_name, ox.DefaultGraph) for q in back) or any(
        isinstance(q.graph_name, ox.DefaultGraph) for q in store_quads)
    want = _canon(store_quads)
    assert _canon(back) == want
    assert _rdflib_quads(exported[fmt], rdflib_name) == want


def test_named_graphs_are_the_articles(exported, store_quads) -> None:  # noqa: ANN001
    graphs = {q.graph_name.value for q in ox.parse(path=str(exported["nq"]), format=ox.RdfFormat.N_QUADS)}
    assert graphs == {q.graph_name.value for q in store_quads}
    assert any("/id/article/" in g for g in graphs)


@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_accepts_and_counts_the_same(exported, union, store_quads, fmt: str) -> None:  # noqa: ANN001
    rapper = require_tool("rapper")
    r = subprocess.run([rapper, "-i", RAPPER[fmt], "-c", str(exported[fmt])], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "error" not in r.stderr.lower(), r.stderr
    m = re.search(r"returned (\d+) triples", r.stderr)
    assert m, r.stderr
    assert int(m.group(1)) == (len(union) if fmt in TRIPLE_FORMATS else len(store_quads))


def test_graphml(seed_store_path: Path, tmp_path: Path) -> None:
    import networkx as nx

    from kg.store import Store

    with Store(seed_store_path, read_only=True) as s:
        path = export(s, "graphml", tmp_path / "graph.graphml")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() > 0


# -- reproducible builds -------------------------------------------------------------------------


def test_two_builds_give_byte_identical_exports(seed_store_path: Path, tmp_path: Path) -> None:
    import kg
    from kg.store import Store

    with kg.build([str(p) for p in reversed(seed_files())], store=tmp_path / "again") as g:
        assert not g.report.failed
        second = {f: export(g.store, f, tmp_path / f"b{FORMATS[f].suffix}").read_bytes() for f in ("nt", "nq", "ttl")}
    with Store(seed_store_path, read_only=True) as s:
        first = {f: export(s, f, tmp_path / f"a{FORMATS[f].suffix}").read_bytes() for f in ("nt", "nq", "ttl")}
    for f in first:
        assert first[f] == second[f], f"{f} differs between two builds of the same seeds"
    lines = first["nt"].decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_build_writes_exactly_the_union_to_graph_ttl(tmp_path: Path, runner) -> None:  # noqa: ANN001
    from kg.store import Store

    exports = tmp_path / "exports"
    r = runner.invoke(main, ["build", str(SEEDS), "--store", str(tmp_path / "store"), "--exports", str(exports),
                             "-j", "1", "-q"])
    assert r.exit_code == 0, r.output
    with Store(tmp_path / "store", read_only=True) as s:
        union = {ox.Triple(q.subject, q.predicate, q.object) for q in s.quads() if q.graph_name.value != ONTOLOGY}
    back = list(ox.parse(path=str(exports / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(back) == len(union) and _canon(back) == _canon(union)
