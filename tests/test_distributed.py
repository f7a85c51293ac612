"""Parallel builds (`--jobs`) and Dask cluster builds (`--scheduler`) give exactly the single-process triples."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.export import all_quads
from kg.pipeline.build import build_into
from kg.pipeline.work import process_bytes, process_source
from kg.store import Store

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    d = tmp_path_factory.mktemp("corpus")
    pages = generate(d, pages=12, seed=5)
    bad = d / "zz_binary.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # a failure must travel back as a failure
    return [str(p) for p in sorted(SEEDS.glob("*.txt"))] + [str(p) for p in pages] + [str(bad)]


@pytest.fixture(scope="module")
def single(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    store = tmp_path_factory.mktemp("single") / "store"
    with Store(store) as s:
        report = build_into(s, corpus, jobs=1)
        return [str(q) for q in all_quads(s)], sorted(f.path for f in report.failed)


def test_process_bytes_equals_process_source(corpus: list[str]) -> None:
    for path in corpus:
        a, b = process_source(path), process_bytes(path, Path(path).read_bytes())
        assert (a.nquads, a.count, a.articles, a.error) == (b.nquads, b.count, b.articles, b.error)


def test_jobs_give_the_single_process_triples(corpus: list[str], single, tmp_path: Path) -> None:  # noqa: ANN001
    with Store(tmp_path / "store") as s:
        report = build_into(s, corpus, jobs=2)
        assert [str(q) for q in all_quads(s)] == single[0]
    assert sorted(f.path for f in report.failed) == single[1]


@pytest.mark.slow
def test_dask_cluster_gives_the_single_process_triples(corpus: list[str], single, tmp_path: Path) -> None:  # noqa: ANN001
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with Store(tmp_path / "store") as s:
            report = build_into(s, corpus, scheduler=cluster.scheduler_address)
            quads = [str(q) for q in all_quads(s)]
    assert quads == single[0]
    assert sorted(f.path for f in report.failed) == single[1]
    assert len(report.built) == len(corpus) - 1


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("dask.distributed")
    from kg.pipeline import cluster as distributed
    from kg.errors import KgError

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    with Store(tmp_path / "store") as s, pytest.raises(KgError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        build_into(s, [str(SEEDS)], scheduler="tcp://127.0.0.1:9")
