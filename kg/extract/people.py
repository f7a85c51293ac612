"""People named in an article: where the genre's shapes put a name, and where the model proposes
one that the fusion policy (kg/extract/names.py) lets pass.

A name is taken where the page's own shapes put one (kg/extract/titles.py): after a chain of
posts (`市委副书记、代市长刘宛康`, a signature `…局长 赵书政`, an interview `——访…局长吕宗乐`),
before a form of address (`李亚书记指出`), after a descriptor (`社区党员王兰华说`,
`市领导杨晓、吉振华`), as a speaker (`，王兰华说：`), or in a byline. Every later occurrence of a
name found so in the same article is a mention of the same person (`刘宛康听取了…`), so short
references resolve to one node; across articles the node is the same because its IRI is minted
from the name. A name the model proposed and the policy confirmed anywhere on the page is a mention
wherever the model reads it as a whole word.
"""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract import names as N
from kg.extract import titles as T
from kg.records import Entity, Fact, Mention, Span


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    analysis = T.analysis_of(ctx)
    text = art.text
    taken = {(m.span.start, m.span.end) for m in ctx.of_kind("person")}
    rule_hits: list[tuple[int, int]] = []
    for s, e in analysis.regions:
        rule_hits.extend(occurrences(text, sorted(analysis.names), s, e))
    mentions: list[Mention] = []
    for start, end in sorted(overlap_policy(rule_hits, _model_hits(ctx, analysis))):
        if (start, end) in taken:
            continue
        taken.add((start, end))
        mentions.append(Mention(Entity("person", text[start:end]), Span(start, end)))
    return mentions, []


def overlap_policy(rule_hits: list[tuple[int, int]], model_hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a rule's name and a model's name overlap, the longer wins (约翰·史密斯 over 史密斯),
    and the rule's on equal length; names that overlap nothing are all kept."""
    ranked = sorted({(s, e, 0) for s, e in rule_hits} | {(s, e, 1) for s, e in model_hits},
                    key=lambda h: (h[0] - h[1], h[2], h[0]))
    kept: list[tuple[int, int]] = []
    for s, e, _src in ranked:
        if all(e <= a or s >= b for a, b in kept):
            kept.append((s, e))
    return kept


def _model_hits(ctx: Context, analysis: "T.Analysis") -> list[tuple[int, int]]:
    """Where the page's model names (kg/extract/names.py) occur in this article as whole words:
    the proposals themselves, and every occurrence the model's words begin and end at."""
    model_only = sorted(ctx.doc_names - analysis.names)
    if not model_only:
        return []
    text = ctx.article.text
    starts, ends = N.word_bounds(ctx.tokens)
    proposed = set(N.proposed_names(text, ctx.tokens))
    only = set(model_only)
    out = []
    for s, e in analysis.regions:
        for a, b in ctx.hits_in(s, e) if ctx.name_hits else occurrences(text, model_only, s, e):
            if text[a:b] in only and ((a, b) in proposed or (a in starts and b in ends)):
                out.append((a, b))
    return out


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
