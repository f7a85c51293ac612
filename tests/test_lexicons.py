"""Lexicons are data: one entry a line, no duplicates, no stray spaces, no BOM."""
from __future__ import annotations

from importlib import resources

import pytest

from kg.lexicons import available, rows


@pytest.mark.parametrize("name", available())
def test_lexicon_is_clean(name: str) -> None:
    raw = resources.files("kg").joinpath("lexicons").joinpath(f"{name}.txt").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
    text = raw.decode("utf-8")
    entries = [r[0] for r in rows(name)]
    assert entries, "empty lexicon"
    dupes = sorted({e for e in entries if entries.count(e) > 1})
    assert not dupes, f"duplicates: {dupes}"
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        if body.strip():
            fields = body.rstrip().split("\t")
            assert all(f == f.strip() and f for f in fields), f"stray space: {line!r}"
            assert "\u3000" not in body, f"ideographic space: {line!r}"
