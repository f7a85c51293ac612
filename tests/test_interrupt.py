"""A build killed mid-way leaves a consistent store, and the next build completes it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.rdf import ids
from kg.export import all_quads
from kg.pipeline.build import build_into
from kg.store import Store

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402

PAGES = 150


def recorded(store: Path) -> int:
    """How many files a running build has committed (a read-only snapshot; the writer keeps going)."""
    if not (store / "CURRENT").exists():
        return 0
    try:
        with Store(store, read_only=True) as s:
            return len(s.sources())
    except Exception:  # noqa: BLE001 - the store may be mid-creation
        return 0


def check_consistent(s: Store) -> dict:
    """Every recorded file has all its article graphs; every article graph belongs to a record."""
    records = s.sources()
    listed = {a for rec in records.values() for a in rec.articles}
    for rec in records.values():
        assert rec.articles, f"{rec.name}: a record without articles"
        for a in rec.articles:
            assert next(iter(s.quads(a)), None) is not None, f"{rec.name}: article graph {a} is missing"
    prefix = ids.ZWID + "article/"
    graphs = {g.value for g in s.ox.named_graphs() if g.value.startswith(prefix)}
    assert graphs == listed, f"article graphs without a record: {sorted(graphs - listed)[:3]}"
    return records


@pytest.mark.slow
def test_killed_build_leaves_a_consistent_store_and_the_next_build_completes_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    generate(corpus, pages=PAGES, seed=7)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--no-exports", "-q", "--jobs", "1"]
    # small bulk loads (a few files each), so the kill lands among many of them, maybe inside one
    env = dict(os.environ, KG_LOAD_BATCH="2000")
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while recorded(store) < 3:  # let a few files land, then kill it without warning
            assert proc.poll() is None, f"the build ended before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "the build made no progress"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with Store(store) as s:  # opens for writing: no stale lock, no corruption, a load cut short undone
        done = check_consistent(s)
        assert not (store / "kg.pending").exists()
    assert 0 < len(done) < PAGES, "the kill should have landed mid-way"

    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"Built {PAGES - len(done)} file(s)" in r.stdout and f"{len(done)} unchanged" in r.stdout

    clean = tmp_path / "clean"
    with Store(clean) as s:
        assert not build_into(s, [str(corpus)]).failed
    with Store(store, read_only=True) as a, Store(clean, read_only=True) as b:
        check_consistent(a)
        assert [str(q) for q in all_quads(a)] == [str(q) for q in all_quads(b)]


def test_replacing_a_file_is_never_half_done(tmp_path: Path) -> None:
    """The two steps of a replacement (old out, new in) each leave a consistent store."""
    corpus = tmp_path / "corpus"
    (page,) = generate(corpus, pages=1, seed=3)
    store = tmp_path / "store"
    with Store(store) as s:
        build_into(s, [str(page)])
        s.remove_source(page.name)  # what a kill between the two steps leaves
        assert check_consistent(s) == {}
        assert len(list(s.quads())) == len(list(s.quads(ids.ONTOLOGY_GRAPH)))  # nothing of the file is left
        report = build_into(s, [str(page)])
        assert report.built == [str(page)]  # the next build redoes it
        assert list(check_consistent(s)) == [page.name]
