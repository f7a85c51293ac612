"""Faults: a full disk, a read-only store, two builds at once — a clear error, never a broken store.

The disk tests mount a small tmpfs (root only: CI runs as root; elsewhere they skip with the reason).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.export import all_quads
from kg.store import Store

from conftest import SEEDS

pytestmark = pytest.mark.slow


def _mount(path: Path, size: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {r.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def _quads(store: Path) -> list[str]:
    with Store(store, read_only=True) as s:
        return [str(q) for q in all_quads(s)]


@pytest.fixture(scope="module")
def clean_quads(seed_store_path: Path) -> list[str]:
    return _quads(seed_store_path)


def test_full_disk_is_a_clear_error_and_the_next_build_completes(tmp_path: Path, clean_quads: list[str]) -> None:
    mnt = tmp_path / "tiny"
    _mount(mnt, "600k")
    try:
        r = _kg("build", str(SEEDS), "--store", str(mnt / "store"), "--no-exports", "-q", "-j", "1", cwd=tmp_path)
        assert r.returncode == 1, r.stdout + r.stderr
        err = r.stderr.strip().splitlines()
        assert "Traceback" not in r.stderr and err and "disk is full" in r.stderr, r.stderr
        # room again: the same store opens and the next build completes it
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        r = _kg("build", str(SEEDS), "--store", str(mnt / "store"), "--no-exports", "-q", "-j", "1", cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr
        assert _quads(mnt / "store") == clean_quads
    finally:
        _umount(mnt)


def test_read_only_store_is_a_clear_error_and_stays_intact(tmp_path: Path, clean_quads: list[str]) -> None:
    mnt = tmp_path / "ro"
    _mount(mnt, "64m")
    try:
        r = _kg("build", str(SEEDS), "--store", str(mnt / "store"), "--no-exports", "-q", "-j", "1", cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        r = _kg("build", str(SEEDS), "--store", str(mnt / "store"), "--no-exports", "-q", "--force", cwd=tmp_path)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert str(mnt / "store") in r.stderr and ("permission" in r.stderr or "read-only" in r.stderr), r.stderr
        # reading still works, and nothing was lost
        r = _kg("query", "ASK { ?a a zw:Article }", "--store", str(mnt / "store"), cwd=tmp_path)
        assert r.returncode == 0 and r.stdout.strip() == "true", r.stderr
        subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        assert _quads(mnt / "store") == clean_quads
    finally:
        _umount(mnt)


def test_a_second_build_on_the_same_store_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pages = sorted(SEEDS.glob("*.txt"))
    for i in range(150):  # enough work that the first build is still running
        src = pages[i % len(pages)]
        (corpus / f"{i:03d}_{src.name}").write_bytes(src.read_bytes())
    store = tmp_path / "store"
    first = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--no-exports",
                              "-q", "-j", "1"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (store / "kg.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert first.poll() is None, "the first build finished too soon to test"
        r = _kg("build", str(SEEDS), "--store", str(store), "--no-exports", "-q", cwd=tmp_path)
        assert r.returncode == 1 and "being written by kg pid" in r.stderr and "Traceback" not in r.stderr, r.stderr
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    with Store(store, read_only=True) as s:
        assert len(s.sources()) == 150
