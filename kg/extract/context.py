"""What the extractors of one article share: the article, the model's proposals over it, what
earlier extractors found, and the title-chain analysis that people and posts both read (computed
once, on first use)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.recognise import Token
from kg.records import Article, Fact, Mention

if TYPE_CHECKING:
    from kg.extract.titles import Analysis


@dataclass(slots=True)
class Context:
    """What the extractors have found so far in this article."""

    article: Article
    tokens: tuple[Token, ...] = ()  # the model's words and names over this article (kg/recognise)
    doc_names: frozenset[str] = frozenset()  # people the model proposed and the rules let pass, page-wide
    name_hits: tuple[tuple[int, int], ...] = ()  # where on the page those names occur, in text order

    def hits_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """The page's name occurrences within [start, end)."""
        i = bisect.bisect_left(self.name_hits, (start, start))
        out = []
        while i < len(self.name_hits) and self.name_hits[i][1] <= end:
            out.append(self.name_hits[i])
            i += 1
        return out
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    analysis: "Analysis | None" = None  # kg.extract.titles.analysis_of fills it
    memo: dict = field(default_factory=dict)  # what an extractor derives once per article (orgs.words_of)

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
