"""People named in an article, found from the genre's context rather than a tagger's guess.

A name is taken where the page's own shapes put one (kg/extract/titles.py): after a chain of
posts (`市委副书记、代市长刘宛康`, a signature `…局长 赵书政`, an interview `——访…局长吕宗乐`),
before a form of address (`李亚书记指出`), after a descriptor (`社区党员王兰华说`,
`市领导杨晓、吉振华`), as a speaker (`，王兰华说：`), or in a byline. Every later occurrence of a
name found so in the same article is a mention of the same person (`刘宛康听取了…`), so short
references resolve to one node; across articles the node is the same because its IRI is minted
from the name.
"""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract import titles as T
from kg.records import Entity, Fact, Mention, Span


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    analysis = T.analysis_of(ctx)
    if not analysis.names:
        return [], []
    taken = {(m.span.start, m.span.end) for m in ctx.of_kind("person")}
    mentions: list[Mention] = []
    text = art.text
    names = sorted(analysis.names)
    for s, e in analysis.regions:
        for start, end in occurrences(text, names, s, e):
            if (start, end) in taken:
                continue
            taken.add((start, end))
            mentions.append(Mention(Entity("person", text[start:end]), Span(start, end)))
    return mentions, []


def occurrences(text: str, words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Where `words` occur in text[start:end], left to right, longest first, never overlapping:
    what a longest-first regex alternation finds, without compiling one per article (that
    compiling was 5% of a build)."""
    hits = []
    for w in words:
        if not w:
            continue
        i = text.find(w, start, end)
        while i != -1:
            hits.append((i, -len(w)))
            i = text.find(w, i + 1, end)
    hits.sort()
    out, free = [], start
    for i, neg in hits:
        if i >= free:
            out.append((i, i - neg))
            free = i - neg
    return out
