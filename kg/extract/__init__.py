"""Extractors: one module a kind, each a pure function Article -> (mentions, facts).

They know nothing of RDF: entities are (kind, label), predicates are the contract's CURIEs.
`extract()` runs them in a fixed order and merges what they found; later extractors may read
what earlier ones found through `Context` (e.g. meetings use the people already found).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..types import Article, Extraction, Fact, Mention


@dataclass(slots=True)
class Context:
    """What the extractors have found so far in this article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def add(self, mentions: list[Mention] | tuple[Mention, ...] = (), facts: list[Fact] | tuple[Fact, ...] = ()) -> None:
        self.mentions.extend(mentions)
        self.facts.extend(facts)

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.entity.kind == kind]


def unique_facts(facts: list[Fact]) -> list[Fact]:
    """Facts without repeats of the same (subject, predicate, object); the first evidence is kept."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.subject, f.predicate, f.object)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


class Extractor(Protocol):
    def __call__(self, ctx: Context) -> tuple[list[Mention], list[Fact]]: ...


# in flow order: people first (others attach to them), then organisations and posts, then events
ORDER = ("bylines", "people", "orgs", "posts", "places", "documents", "meetings", "projects", "visits")


def _load() -> list[tuple[str, Callable[[Context], tuple[list[Mention], list[Fact]]]]]:
    out = []
    for name in ORDER:
        try:
            mod = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"{__name__}.{name}":
                continue  # not written yet
            raise
        out.append((name, mod.extract))
    return out


_EXTRACTORS: list | None = None


def extractors() -> list[tuple[str, Callable[[Context], tuple[list[Mention], list[Fact]]]]]:
    global _EXTRACTORS
    if _EXTRACTORS is None:
        _EXTRACTORS = _load()
    return _EXTRACTORS


def extract(article: Article) -> Extraction:
    """Run every extractor over one article."""
    ctx = Context(article)
    for _name, fn in extractors():
        mentions, facts = fn(ctx)
        ctx.add(mentions, facts)
    return Extraction(article, tuple(ctx.mentions), tuple(ctx.facts))
