"""Scoring a graph against a directory of gold files: one fixed list of scorers, counts summed.

One gold JSON file per source text; its "doc" names the file, and the predictions compared with it
are what the store links to the articles whose `dcterms:source` is that file.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kg.errors import InputError, KgError
from kg.evaluate import events, people
from kg.evaluate.match import memoised
from kg.evaluate.score import KindResult, Score
from kg.records import Failure

if TYPE_CHECKING:
    from kg.store import Store

Scorer = Callable[[dict, "Store", str], tuple[set, set]]

# kind -> scorer, in the order `kg eval` prints them
SCORERS: dict[str, Scorer] = {
    "persons": people.persons,
    "holds": people.holds,
    "organizations": people.organizations,
    "authors": people.authors,
    "meetings": events.meetings,
    "meeting_chair": events.meeting_chair,
    "documents": events.documents,
    "document_aliases": events.document_aliases,
    "document_issuers": events.document_issuers,
    "projects": events.projects,
    "project_partners": events.project_partners,
}


def gold_files(gold_dir: str | Path) -> list[tuple[Path, dict]]:
    """The gold JSON files of a directory, parsed, in name order."""
    d = Path(gold_dir)
    if not d.is_dir():
        raise InputError(str(d), "not a directory of gold annotations")
    out = []
    for p in sorted(d.glob("*.json")):
        try:
            data = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise InputError(str(p), f"cannot read gold annotations ({e})") from None
        if not isinstance(data, dict) or not isinstance(data.get("doc"), str):
            raise InputError(str(p), 'a gold file needs a "doc" naming its source text')
        out.append((p, data))
    if not out:
        raise InputError(str(d), "no gold files (*.json)")
    return out


def compare(gold_dir: str | Path, store: "Store", scorers: dict[str, Scorer] = SCORERS) -> list[KindResult]:
    """Per kind, in registry order: the summed counts and the items behind them."""
    results = {kind: KindResult(Score(kind, 0, 0, 0)) for kind in scorers}
    for _path, gold in gold_files(gold_dir):
        doc = gold["doc"]
        with memoised():  # queries shared by kinds run once for this file
            for kind, fn in scorers.items():
                g, p = fn(gold, store, doc)
                r = results[kind]
                r.score = r.score + Score(kind, len(g & p), len(p - g), len(g - p))
                r.false_positives.extend((doc, x) for x in sorted(p - g, key=str))
                r.false_negatives.extend((doc, x) for x in sorted(g - p, key=str))
    return list(results.values())


def evaluate(gold_dir: str | Path, store: "Store", scorers: dict[str, Scorer] = SCORERS) -> list[Score]:
    """Scores per kind, micro-averaged over the gold files, in registry order."""
    return [r.score for r in compare(gold_dir, store, scorers)]


def gold_docs(gold_dir: str | Path) -> list[str]:
    return [g["doc"] for _p, g in gold_files(gold_dir)]


def store_for(gold_dir: str | Path, paths: list[str], store: str | Path | None = None,
              force: bool = False) -> tuple["Store", list[Failure]]:
    """The store to score `gold_dir` against, and the files that failed to build.

    With `paths`, they are built into `store` first; without, the store is used as it is if it holds
    every text a gold file names, else the seeds are built into it. A gold text still missing
    after the build is an error naming it.
    """
    from kg.pipeline.build import build_into
    from kg.store import Store

    wanted = set(gold_docs(gold_dir))
    if not paths:
        try:
            s = Store(store, read_only=True)
        except KgError:
            pass
        else:
            if wanted <= set(s.sources()):
                return s, []
            s.close()
    s = Store(store)
    inputs = paths or ["seeds"]
    try:
        report = build_into(s, inputs, force=force)
        missing = sorted(wanted - set(s.sources()))
        if missing:
            raise KgError(f"{gold_dir}: the gold files name text(s) not built from {' '.join(inputs)}: {', '.join(missing)}")
    except BaseException:
        s.close()
        raise
    return s, report.failed
