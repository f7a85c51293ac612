"""Long lines and slow files (issue 15 item 4): time linear in a line's length, and a time budget
per file after which the file is reported by name and the build goes on."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.text.ingest import read_source
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.store import Store

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "bench"))
from gen_corpus import generate  # noqa: E402


def _pages_text(folder: Path, size: int) -> str:
    """`size` bytes (UTF-8) of generated pages of the genre, line breaks kept."""
    pages = generate(folder, pages=max(2, size // 15_000), seed=4)
    text = "".join(p.read_text("utf-8") for p in pages)
    return text.encode()[:size].decode("utf-8", "ignore")


@pytest.fixture(scope="module")
def megabyte(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same 1 MB of pages twice: as written, and as one line (every line break removed)."""
    d = tmp_path_factory.mktemp("long")
    text = _pages_text(d / "gen", 1 << 20)
    lines, one = d / "lines.txt", d / "one_line.txt"
    lines.write_text(text, "utf-8")
    one.write_text(text.replace("\r", "").replace("\n", ""), "utf-8")
    return lines, one


def _split(path: Path) -> tuple[float, list]:
    """Seconds to normalise and segment a file, and its articles."""
    source = read_source(path)
    t = time.perf_counter()
    articles = segment(normalise(source))
    return time.perf_counter() - t, articles


def test_a_1_mb_line_is_split_like_the_same_text_with_its_line_breaks(megabyte: tuple[Path, Path]) -> None:
    """A 1 MB line took 75 s against 6-7 s with its line breaks (2 MB: 286 s): the page became one
    article of a million characters, and extraction grows faster than an article's length. Cut at
    sentence ends, it is split into articles of ordinary size again, in time linear in the line."""
    lines, one = megabyte
    t_lines, by_lines = _split(lines)
    t_one, by_one = _split(one)
    longest = max(len(a.body) for a in by_one)
    assert longest <= 4 * max(len(a.body) for a in by_lines), f"an article of {longest} characters"
    assert len(by_one) > len(by_lines) // 2, "the cuts give back most of the page structure (headlines before 本报讯 leads)"
    assert t_one < 3 * t_lines + 1, f"one line: {t_one:.1f} s, with line breaks: {t_lines:.1f} s"


def test_normalising_and_segmenting_a_line_is_linear_in_its_length(megabyte: tuple[Path, Path]) -> None:
    """Four times the line, at most about four times the time (square: sixteen)."""
    _, one = megabyte
    quarter = one.with_name("quarter.txt")
    text = one.read_text("utf-8")
    quarter.write_text(text[: len(text) // 4], "utf-8")
    best = lambda p: min(_split(p)[0] for _ in range(2))  # noqa: E731 - the less disturbed of two runs
    t_quarter, t_whole = best(quarter), best(one)
    assert t_whole < 8 * t_quarter + 0.5, f"1/4 MB: {t_quarter:.2f} s, 1 MB: {t_whole:.2f} s"


def _build(corpus: Path, store: Path, budget: str, jobs: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KG_FILE_SECONDS=budget)
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "--no-exports", "-q", "-j", jobs]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=corpus.parent)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_budget_is_named_and_the_rest_is_built(tmp_path: Path, jobs: str) -> None:
    """A file that would take long (here a 2 MB line under a 3 s budget) is stopped and named; the
    files after it are built as usual, and the build does not wait for it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i, s in enumerate(seeds[:3]):
        (corpus / f"{i}_{s.name}").write_bytes(s.read_bytes())
    big = corpus / "1_big.txt"  # sorted between the seed pages: files after it must still be built
    big.write_text(_pages_text(tmp_path / "gen", 2 << 20).replace("\n", ""), "utf-8")
    t = time.monotonic()
    r = _build(corpus, tmp_path / "store", "3", jobs)
    took = time.monotonic() - t
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{big}: not done after 3 s, the time budget of a file" in r.stderr and "KG_FILE_SECONDS" in r.stderr, r.stderr
    assert "Built 3 file(s)" in r.stdout and "1 failed" in r.stdout, r.stdout
    assert took < 60, f"the build waited {took:.0f} s"
    with Store(tmp_path / "store", read_only=True) as s:
        assert sorted(s.sources()) == sorted(p.name for p in corpus.iterdir() if p != big)
