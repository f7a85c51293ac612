"""Extractors: one module a kind, each a pure function Context -> (mentions, facts).

They know nothing of RDF: entities are (kind, label), predicates are the contract's CURIEs.
`extract()` runs them in the fixed order of EXTRACTORS and merges what they found; later extractors
read what earlier ones found through the `Context` (e.g. meetings use the people already found).
To add an extractor: write kg/extract/<kind>.py with `extract(ctx)` and list it here.
"""
from __future__ import annotations

from typing import Callable

from kg.extract import authors, documents, meetings, orgs, people, places, posts, projects, visits
from kg.extract.context import Context
from kg.records import Article, Extraction, Fact, Mention

Extractor = Callable[[Context], tuple[list[Mention], list[Fact]]]

# in flow order: people first (others attach to them), then organisations and posts, then events
EXTRACTORS: tuple[tuple[str, Extractor], ...] = (
    ("authors", authors.extract),
    ("people", people.extract),
    ("orgs", orgs.extract),
    ("posts", posts.extract),
    ("places", places.extract),
    ("documents", documents.extract),
    ("meetings", meetings.extract),
    ("projects", projects.extract),
    ("visits", visits.extract),
)


def extract(article: Article) -> Extraction:
    """Run every extractor over one article."""
    ctx = Context(article)
    for _name, fn in EXTRACTORS:
        mentions, facts = fn(ctx)
        ctx.add(mentions, facts)
    return Extraction(article, tuple(ctx.mentions), tuple(ctx.facts))
