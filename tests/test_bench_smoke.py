"""bench/run.py at 0.2 MB: the benchmark completes and prints its figures (speed is not asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402


def test_corpus_is_deterministic_and_of_the_genre(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", pages=6, seed=11)
    b = generate(tmp_path / "b", pages=6, seed=11)
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    c = generate(tmp_path / "c", pages=3, seed=12)
    assert c[0].read_bytes() != a[0].read_bytes()
    text = "".join(p.read_text("utf-8") for p in a)
    for shape in ("本报讯（记者", "主持召开", "总投资", "合作建设", "《"):
        assert shape in text or shape.replace("（", "(") in text
    assert all(12_000 <= p.stat().st_size <= 40_000 for p in a)


def test_a_smaller_corpus_is_the_start_of_a_larger_one(tmp_path: Path) -> None:
    small = generate(tmp_path / "s", mb=0.1, seed=2)
    large = generate(tmp_path / "l", mb=0.3, seed=2)
    assert [p.name for p in small] == [p.name for p in large[: len(small)]]


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_bench_runs_and_prints_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "0.2", "--smoke", "--work", str(tmp_path), "--json", str(out)],
        capture_output=True, text=True, timeout=170, cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    for heading in ("| corpus | files | characters | build (1 process)", "recogniser alone", "--jobs 2", "Query latency", "| target | measured | reached |"):
        assert heading in r.stdout
    res = json.loads(out.read_text("utf-8"))
    one = res["sizes"]["0.2"]
    assert one["build"]["failed"] == 0 and one["build"]["quads"] > 0 and one["jieba"]["chars"] > 60_000
    assert one["recogniser"]["chars"] > 0 and one["recogniser"]["seconds"] > 0
    assert one["build_jobs2"]["quads"] == one["build"]["quads"]
    assert one["queries"] and all(q["error"] is None for q in one["queries"].values())
