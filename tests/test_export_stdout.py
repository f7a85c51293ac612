"""`kg export` as a Unix tool and as a data file (issue 15, items 14 and 19): `-o -` is standard
output; a full disk is one line and leaves no part file; an export while a build writes the store
waits for it; and loading an export into a store twice gives the same data, not 69 quads more."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from test_faults import _mount  # a real small tmpfs, as the fault tests use
from kg.export import FORMATS
from kg.rdf import ids

RDF = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
       "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}


def _kg(*args: str, cwd: Path, **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, cwd=cwd, timeout=120, **kw)


# -- 14: standard output, a full disk, a build running --------------------------------------------


def test_dash_writes_to_standard_output_and_no_file(seed_store_path: Path, tmp_path: Path) -> None:
    r = _kg("export", "--format", "nq", "-o", "-", "--store", str(seed_store_path), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "-").exists() and not list(tmp_path.iterdir()), "a file named - was written"
    quads = list(ox.parse(r.stdout, format=ox.RdfFormat.N_QUADS))
    assert quads and all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    assert b"Wrote" not in r.stdout and b"Wrote" not in r.stderr


def test_dash_into_a_closed_pipe_is_quiet(seed_store_path: Path, tmp_path: Path) -> None:
    r = subprocess.run(f"'{sys.executable}' -m kg export --format nt -o - --store '{seed_store_path}' | head -1",
                       shell=True, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert r.stdout.count("\n") == 1 and "Traceback" not in r.stderr and "Error" not in r.stderr, r.stderr


def test_full_disk_is_one_line_and_leaves_no_part_file(seed_store_path: Path, tmp_path: Path) -> None:
    mnt = tmp_path / "tiny"
    _mount(mnt, "64k")
    try:
        out = mnt / "big.nq"
        r = _kg("export", "--format", "nq", "-o", str(out), "--store", str(seed_store_path), cwd=tmp_path, text=True)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Traceback" not in r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and str(out) in lines[0] and "disk is full" in lines[0], r.stderr
        assert sorted(p.name for p in mnt.iterdir()) == [], "a part file (or half an export) was left"
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_an_export_while_a_build_writes_the_store_waits_for_it(seed_store_path: Path, tmp_path: Path) -> None:
    """A real writer (a process holding the store open for writing, as `kg build` does) keeps the
    export waiting, with a line on stderr; when it closes, the export completes."""
    import shutil

    store = tmp_path / "store"
    shutil.copytree(seed_store_path, store, ignore=shutil.ignore_patterns("kg.lock"))
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys, kg.store as s; w = s.Store(sys.argv[1]); print('open', flush=True); "
                               "sys.stdin.read(); w.close()", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "open"
        out = tmp_path / "g.nt"
        export = subprocess.Popen([sys.executable, "-m", "kg", "export", "--format", "nt", "-o", str(out), "--store",
                                   str(store)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        time.sleep(2.0)
        assert export.poll() is None and not out.exists(), "the export did not wait for the writer"
        writer.stdin.close()
        writer.wait(30)
        stdout, stderr = export.communicate(timeout=60)
        assert export.returncode == 0, stderr
        assert "Waiting for kg pid" in stderr and f"Wrote {out}" in stdout and out.stat().st_size > 0
    finally:
        if writer.poll() is None:
            writer.kill()
    r = _kg("export", "--no-wait", "--format", "nt", "-o", str(tmp_path / "h.nt"), "--store", str(store),
            cwd=tmp_path, text=True)
    assert r.returncode == 0 and "Waiting" not in r.stderr, r.stderr


# -- 19: the ontology's blank nodes --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["trig", "jsonld", "nq", "ttl"])
@pytest.mark.parametrize("with_ontology", [False, True])
def test_loading_an_export_twice_adds_nothing(seed_store_path: Path, tmp_path: Path, runner, fmt: str,
                                              with_ontology: bool) -> None:  # noqa: ANN001
    path = tmp_path / f"graph{FORMATS[fmt].suffix}"
    args = ["export", "--format", fmt, "-o", str(path), "--store", str(seed_store_path)]
    r = runner.invoke(main, args + (["--with-ontology"] if with_ontology else []))
    assert r.exit_code == 0, r.output
    target = ox.Store()
    counts = []
    for _ in range(2):
        target.load(path=str(path), format=RDF[fmt])
        counts.append(len(target))
    assert counts[0] == counts[1], f"loading the {fmt} export again added {counts[1] - counts[0]} quads"
    graphs = {q.graph_name for q in target}
    has_onto = ox.NamedNode(ids.ONTOLOGY_GRAPH) in graphs or any(
        q.object == ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology") for q in target)
    assert has_onto == with_ontology


def test_with_ontology_is_refused_for_network_formats(seed_store_path: Path, tmp_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["export", "--format", "gexf", "--with-ontology", "-o", str(tmp_path / "g.gexf"),
                             "--store", str(seed_store_path)])
    assert r.exit_code == 2 and "--with-ontology" in r.output
    assert not list(tmp_path.iterdir())
