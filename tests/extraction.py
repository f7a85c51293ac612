"""Helpers the extractor tests share: run a page through normalise -> segment -> extract."""
from __future__ import annotations

from kg.extract import extract_page
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.records import Entity, Extraction, Source


def run(raw: str, city: str | None = None) -> list[Extraction]:
    doc = normalise(Source("t.txt", "t.txt", "t", raw, "utf-8", "0"))
    return extract_page(segment(doc, city=city))


def labels(raw: str, kind: str, city: str | None = None) -> set[str]:
    """Labels of the entities of `kind` the page mentions."""
    return {m.entity.label for ex in run(raw, city) for m in ex.mentions if m.entity.kind == kind}


def facts(raw: str, kind: str, predicate: str, city: str | None = None) -> set[tuple[str, object]]:
    """(subject label, object label or value) of the facts about entities of `kind`."""
    out = set()
    for ex in run(raw, city):
        for f in ex.facts:
            if f.predicate == predicate and f.subject.kind == kind:
                out.add((f.subject.label, f.object.label if isinstance(f.object, Entity) else f.object))
    return out
