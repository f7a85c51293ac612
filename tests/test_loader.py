"""Bulk loading (kg/loader.py): batches land whole files, and a load cut short is undone on reopening."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.store.loader import Loader
from kg.pipeline.build import build_into
from kg.pipeline.work import process_source
from kg.store import JOURNAL, Store

from conftest import ROOT
from test_incremental import nquads
from test_interrupt import check_consistent

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate(tmp_path_factory.mktemp("corpus"), pages=6, seed=11)


def clean_build(path: Path, files: list[Path]) -> list[str]:
    with Store(path) as s:
        assert not build_into(s, [str(f) for f in files]).failed
    return nquads(path)


def test_batch_size_does_not_change_the_store(tmp_path: Path, pages: list[Path]) -> None:
    """One file per batch, a few per batch, all in one: the same quads, the union in step."""
    results = [process_source(str(p)) for p in pages]
    got = []
    for batch in (1, 1500, 10**9):
        path = tmp_path / f"b{batch}"
        with Store(path) as s:
            s.ensure_ontology()
            with Loader(s, batch=batch) as loader:
                for r in results:
                    loader.add(r.name, r.nquads)
            assert loader.landed == [r.name for r in results]
        got.append(nquads(path))  # also checks the default graph is the union
    assert got[0] == got[1] == got[2]
    assert got[0] == clean_build(tmp_path / "clean", pages)


def _partial_load(s: Store, pages: list[Path], cut: float) -> list[str]:
    """What the loader leaves when a load of `pages` as one batch stops part-way: the journal, and
    only the first `cut` of the batch's lines (union copies included) in the store."""
    rest = [process_source(str(p)) for p in pages]
    graphs: set[bytes] = set()
    data = b"".join(s.nquads_with_union(r.nquads, graphs=graphs) for r in rest)
    s.write_journal([r.name for r in rest], sorted(g.decode() for g in graphs))
    lines = data.splitlines(keepends=True)
    s.ox.bulk_load(b"".join(lines[: int(len(lines) * cut)]), format=ox.RdfFormat.N_QUADS)
    return [r.name for r in rest]


def _kill_mid_load(store: Path, pages: list[Path], keep: int, cut: float) -> list[str]:
    """What a kill during a bulk load leaves: the first `keep` files landed, the others part-loaded."""
    clean_build(store, pages[:keep])
    with Store(store) as s:
        return _partial_load(s, pages[keep:], cut)


@pytest.mark.parametrize("cut", [0.0, 0.3, 0.97])
def test_a_load_cut_short_is_undone_when_the_store_next_opens(tmp_path: Path, pages: list[Path], cut: float) -> None:
    store = tmp_path / "store"
    pending = _kill_mid_load(store, pages, 3, cut)
    assert (store / JOURNAL).exists()
    with Store(store) as s:
        assert s.recovered == pending
        assert sorted(check_consistent(s)) == sorted(p.name for p in pages[:3])
    assert not (store / JOURNAL).exists()
    # exactly a build of the files that had landed: no stray quad, and the union in step
    assert nquads(store) == clean_build(tmp_path / "three", pages[:3])
    # and the next build completes it
    with Store(store) as s:
        report = build_into(s, [str(p) for p in pages])
    assert sorted(report.built) == sorted(str(p) for p in pages[3:]) and len(report.skipped) == 3
    assert nquads(store) == clean_build(tmp_path / "all", pages)


def test_reading_a_store_left_mid_load_says_what_to_do(tmp_path: Path, pages: list[Path], runner) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    _kill_mid_load(store, pages, 2, 0.5)
    with pytest.raises(StoreError, match="interrupted.*run `kg build` again"):
        Store(store, read_only=True)
    for cmd in (["query", "ASK { ?s ?p ?o }"], ["export", "--format", "nq", "-o", str(tmp_path / "x.nq")], ["serve"]):
        r = runner.invoke(main, [*cmd, "--store", str(store)])
        assert r.exit_code == 1 and "interrupted" in r.output and "Traceback" not in r.output, (cmd, r.output)
    r = runner.invoke(main, ["build", str(pages[0].parent), "--store", str(store), "--no-exports", "-q", "-j", "1"])
    assert r.exit_code == 0, r.output
    assert "interrupted" in r.output and f"{len(pages) - 2} file(s)" in r.output
    with Store(store, read_only=True) as s:
        assert len(check_consistent(s)) == len(pages)


def test_a_damaged_journal_is_a_clear_error(tmp_path: Path, pages: list[Path]) -> None:
    store = tmp_path / "store"
    clean_build(store, pages[:1])
    (store / JOURNAL).write_text(json.dumps({"files": ["x.txt"]}), "utf-8")
    with pytest.raises(StoreError, match=f"{JOURNAL}: unreadable journal"):
        Store(store)


def test_a_changed_file_is_replaced_in_the_middle_of_a_batch(tmp_path: Path, pages: list[Path]) -> None:
    """The old version leaves (a transaction) only after the files before it have landed."""
    store = tmp_path / "store"
    clean_build(store, pages[:3])
    changed = tmp_path / "changed"
    changed.mkdir()
    files = []
    for i, p in enumerate(pages):
        q = changed / p.name
        text = p.read_text("utf-8")
        q.write_text(text if i != 1 else text.replace("。", "。\n", 3), "utf-8")
        files.append(q)
    files[1].write_text(pages[4].read_text("utf-8"), "utf-8")  # a wholly different page under the old name
    with Store(store) as s:
        report = build_into(s, [str(f) for f in files])
    assert len(report.built) == 4 and len(report.skipped) == 2
    assert nquads(store) == clean_build(tmp_path / "clean", files)


def test_two_files_that_would_mint_the_same_articles_are_refused(tmp_path: Path, pages: list[Path]) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_bytes(pages[0].read_bytes())
    (d / "a.text").write_bytes(pages[1].read_bytes())
    with Store(tmp_path / "store") as s:
        report = build_into(s, [str(d / "a.txt"), str(d / "a.text")])
    (built,) = report.built
    (f,) = report.failed
    assert {built, f.path} == {str(d / "a.txt"), str(d / "a.text")}
    assert f"same name without its suffix as {built}" in f.message
    with Store(tmp_path / "store") as s:  # also against a file already in the store
        report = build_into(s, [f.path])
    assert not report.built and "already in the store" in report.failed[0].message


def test_a_journal_left_by_a_failed_load_is_undone_before_the_same_store_loads_again(tmp_path: Path, pages: list[Path]) -> None:
    """A writer error (a full disk) leaves the journal; a second build on the still-open store undoes it first."""
    store = tmp_path / "store"
    with Store(store) as s:
        assert not build_into(s, [str(p) for p in pages[:2]]).failed
        pending = _partial_load(s, pages[2:4], 0.6)  # then the disk filled
        report = build_into(s, [str(p) for p in pages])
        assert s.recovered == pending
    assert len(report.built) == len(pages) - 2
    assert nquads(store) == clean_build(tmp_path / "clean", pages)


def test_a_loader_given_the_same_file_twice_keeps_the_union_whole(tmp_path: Path, pages: list[Path]) -> None:
    first, second = process_source(str(pages[0])), process_source(str(pages[1]))
    other = process_source(str(pages[2]))
    store = tmp_path / "store"
    with Store(store) as s:
        s.ensure_ontology()
        with Loader(s, batch=10**9) as loader:
            loader.add(first.name, first.nquads)
            loader.add(other.name, other.nquads)  # skips union triples the first version wrote
            loader.add(first.name, second.nquads)  # the same name, other content: replaces it
    expected = tmp_path / "expected"
    with Store(expected) as s:
        s.ensure_ontology()
        with Loader(s) as loader:
            loader.add(other.name, other.nquads)
            loader.add(first.name, second.nquads)
    assert nquads(store) == nquads(expected)  # nquads() also checks the default graph is the union


@pytest.mark.parametrize("variant", ["nfd", "spaced"])
def test_names_that_mint_the_same_iris_are_one_file(tmp_path: Path, pages: list[Path], variant: str) -> None:
    """ids.path_segment mints names NFC and trimmed: a Mac's NFD name is the same file; `p .txt` clashes with `p.txt`."""
    import unicodedata

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    if variant == "nfd":
        nfc = unicodedata.normalize("NFC", "café.txt")
        (a / nfc).write_bytes(pages[0].read_bytes())
        (b / unicodedata.normalize("NFD", nfc)).write_bytes(pages[0].read_bytes())
        with Store(tmp_path / "s") as s:
            assert len(build_into(s, [str(a)]).built) == 1
            report = build_into(s, [str(b)])
        assert len(report.skipped) == 1 and not report.built and not report.failed  # unchanged: the same file
    else:
        (a / "p.txt").write_bytes(pages[0].read_bytes())
        (a / "p .txt").write_bytes(pages[1].read_bytes())
        with Store(tmp_path / "s") as s:
            report = build_into(s, [str(a / "p.txt"), str(a / "p .txt")])
        assert len(report.built) == 1 and len(report.failed) == 1
        assert "same name without its suffix" in report.failed[0].message
