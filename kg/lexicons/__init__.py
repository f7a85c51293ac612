"""Words as data: load the lexicon files in kg/lexicons/ once, via importlib.resources.

One entry a line, `#` starts a comment, blank lines ignored. Tab-separated columns are allowed
(the first column is the entry). A test checks the files for duplicates, stray spaces and BOMs.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """All rows of kg/lexicons/<name>.txt, split on tabs, in file order."""
    text = resources.files("kg").joinpath("lexicons").joinpath(f"{name}.txt").read_text("utf-8")
    out: list[tuple[str, ...]] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line:
            out.append(tuple(line.split("\t")))
    return tuple(out)


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The first column of kg/lexicons/<name>.txt as a set."""
    return frozenset(r[0] for r in rows(name))


@lru_cache(maxsize=None)
def ordered(name: str) -> tuple[str, ...]:
    """The first column in file order, longest first (for alternations that must prefer long words)."""
    return tuple(sorted((r[0] for r in rows(name)), key=lambda w: (-len(w), w)))


def available() -> list[str]:
    return sorted(
        p.name[:-4] for p in resources.files("kg").joinpath("lexicons").iterdir() if p.name.endswith(".txt")
    )
