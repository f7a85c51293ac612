"""Extractors: one module a kind, each a pure function Context -> (mentions, facts).

They know nothing of RDF: entities are (kind, label), predicates are the contract's CURIEs.
`extract()` runs them in the fixed order of EXTRACTORS and merges what they found; later extractors
read what earlier ones found through the `Context` (e.g. meetings use the people already found).
To add an extractor: write kg/extract/<kind>.py with `extract(ctx)` and list it here.
"""
from __future__ import annotations

from typing import Callable, Sequence

from kg.extract import authors, documents, meetings, orgs, people, places, posts, projects, visits
from kg.extract import appointments, homonyms, profiles
from kg.extract.context import Context
from kg.extract.names import document_names
from kg.extract.people import occurrences
from kg.recognise import Token, recognise
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
    ("appointments", appointments.extract),  # career records: notices, elections, 任前公示, 简历
    ("profiles", profiles.extract),
)


def extract_page(articles: Sequence[Article]) -> list[Extraction]:
    """Recognise the page's names with the model (one batched pass), extract each article, then
    link what only the page as a whole tells (kg/extract/homonyms.py)."""
    tokens = recognise(articles)
    if not articles:
        return []
    text = articles[0].text
    names = document_names(text, tokens)
    hits = tuple(occurrences(text, sorted(names), 0, len(text)))  # once per page, not per article
    # then what only the whole page tells: a name-only person linked to one a career record tells apart
    return homonyms.link([extract(a, t, names, hits) for a, t in zip(articles, tokens)])


def extract(article: Article, tokens: Sequence[Token] = (), doc_names: frozenset[str] = frozenset(),
            name_hits: tuple[tuple[int, int], ...] = ()) -> Extraction:
    """Run every extractor over one article, given the model's tokens over it, the page's names and
    where on the page they occur (`extract_page` computes them; without them only the rules run)."""
    ctx = Context(article, tuple(tokens), doc_names, name_hits)
    for _name, fn in EXTRACTORS:
        mentions, facts = fn(ctx)
        ctx.add(mentions, facts)
    return Extraction(article, tuple(ctx.mentions), tuple(ctx.facts))
