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


def _kill_mid_build(cmd: list[str], store: Path, cwd: Path, env: dict[str, str]) -> list[int]:
    """Start `cmd`, SIGKILL it once a few files have landed; the pids of its children at that moment."""
    import psutil

    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 120
        while recorded(store) < 2:
            assert proc.poll() is None, f"the build ended before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "the build made no progress"
            time.sleep(0.02)
        children = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return children


def test_kill_9_of_a_parallel_build_leaves_no_worker_and_no_lock(tmp_path: Path) -> None:
    """Issue 15 item 2: `kill -9` of `kg build --jobs 2` used to leave its workers alive holding the
    store lock, so every later build said "being written by kg pid N" for a dead N."""
    import psutil

    corpus = tmp_path / "corpus"
    generate(corpus, pages=40, seed=5)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--no-exports", "-q", "--jobs", "2"]
    env = dict(os.environ, KG_LOAD_BATCH="2000")
    children = _kill_mid_build(cmd, store, tmp_path, env)
    try:
        assert len(children) >= 2, "a build with --jobs 2 runs worker processes"
        procs = [psutil.Process(p) for p in children if psutil.pid_exists(p)]
        _, alive = psutil.wait_procs(procs, timeout=5)
        assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE], \
            f"worker processes outlived the killed build: {[p.pid for p in alive]}"
    finally:
        for p in children:  # never leave them behind, whatever the outcome
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    with Store(store, read_only=True) as s:
        assert len(check_consistent(s)) == 40


ORPHAN = """
import fcntl, os, sys, time
fh = open(sys.argv[1], "a+")
fcntl.flock(fh, fcntl.LOCK_EX)
fh.truncate(0); fh.write(f"kg pid {os.getpid()}"); fh.flush()
if os.fork() == 0:  # the orphan keeps the lock open, as the workers of an older kg did
    time.sleep(120)
    os._exit(0)
print(flush=True)
time.sleep(120)
"""


def test_a_lock_whose_holder_is_dead_is_taken_over_after_the_journal_is_undone(tmp_path: Path) -> None:
    """The lock file names a writer killed mid-load whose orphans still hold the lock: the next
    build takes the store over, undoes the load cut short and completes the build."""
    import psutil

    corpus = tmp_path / "corpus"
    pages = generate(corpus, pages=4, seed=9)
    store = tmp_path / "store"
    with Store(store) as s:
        assert not build_into(s, [str(p) for p in pages[:3]]).failed
        rec = s.source(pages[2].name)
        s.write_journal([rec.name], list(rec.articles))  # what a kill in the middle of its load leaves
    holder = subprocess.Popen([sys.executable, "-c", ORPHAN, str(store / "kg.lock")], stdout=subprocess.PIPE)
    orphans: list[int] = []
    try:
        holder.stdout.readline()  # the lock is taken and the orphan forked
        orphans = [c.pid for c in psutil.Process(holder.pid).children()]
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert orphans and all(psutil.pid_exists(p) for p in orphans)
        cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--no-exports", "-q", "-j", "1"]
        r = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "Removed 1 file(s) partly loaded" in r.stdout and "Built 2 file(s)" in r.stdout, r.stdout
        assert str(holder.pid) not in (store / "kg.lock").read_text()
    finally:
        for p in orphans:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
    with Store(store, read_only=True) as s:
        assert sorted(check_consistent(s)) == sorted(p.name for p in pages)


def test_a_live_writer_is_never_taken_over(tmp_path: Path) -> None:
    """The takeover is for dead holders only: a running writer still refuses a second build."""
    store = tmp_path / "store"
    with Store(store):
        r = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--store", str(store), "--no-exports", "-q"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and f"being written by kg pid {os.getpid()}" in r.stderr, r.stderr
