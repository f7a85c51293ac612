"""The recogniser stage: a statistical model proposes words and names with offsets over each article.

It sits between segmentation and extraction. The model (kg/recognise/lac.py, Baidu's LAC) tags every
sentence of a page once, in batches; what it proposes are `Token`s with page offsets and a tag:
`PER`, `ORG`, `LOC`, `TIME` for names and parts of speech (`v`, `n`, `p` …) for the other words.
It decides nothing: the genre rules in kg/extract bind, confirm or veto its proposals
(kg/extract/names.py holds that policy).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

from kg.records import Article, Span
from kg.recognise.lac import model

NAME_TAGS = {"PER": "person", "ORG": "org", "LOC": "place"}


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the page as the model cut and tagged it; [start, end) are page offsets."""

    start: int
    end: int
    tag: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def org_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """[start, end) of each organisation the model names, joined to the places it wrote right
    before it (黑龙江省 | 民政厅 -> 黑龙江省民政厅): the model stops an organisation at a place."""
    out = []
    for i, t in enumerate(tokens):
        if t.tag != "ORG":
            continue
        start, j = t.start, i - 1
        while j >= 0 and tokens[j].tag == "LOC" and tokens[j].end == start:
            start, j = tokens[j].start, j - 1
        out.append((start, t.end))
    return out


def article_spans(article: Article) -> list[Span]:
    """What of an article the model reads: its headline and its sentences."""
    spans = [article.title_span] if article.title_span is not None else []
    spans.extend(article.sentences)
    return spans


_PAGES: OrderedDict[tuple[str, ...], list] = OrderedDict()
_PAGES_KEPT = 32  # pages whose tags a process keeps: a rebuild of the same page costs no model pass
_PAGE_CHARS_KEPT = 500_000  # …and at most this many characters of them (~15 MB of tags)
_LOCK = threading.Lock()  # Dask workers extract in threads


def _tag_page(sentences: tuple[str, ...]) -> list:
    """The model's words for one page's sentences, remembered for the last few pages (the same
    sentences always give the same batches, so a remembered answer is the answer)."""
    with _LOCK:
        hit = _PAGES.get(sentences)
        if hit is not None:
            _PAGES.move_to_end(sentences)
            return hit
    hit = model().tag(sentences)
    size = sum(map(len, sentences))
    if size <= _PAGE_CHARS_KEPT:
        with _LOCK:
            _PAGES[sentences] = hit
            while len(_PAGES) > _PAGES_KEPT or sum(sum(map(len, k)) for k in _PAGES) > _PAGE_CHARS_KEPT:
                _PAGES.popitem(last=False)
    return hit


def recognise(articles: Sequence[Article]) -> list[tuple[Token, ...]]:
    """The model's tokens for each article of one page, in page offsets, in text order.

    All sentences of the page go to the model together (one batched pass per page), so a
    sentence's tags depend on the page alone, never on which other files a build holds.
    """
    if not articles:
        return []
    text = articles[0].text
    spans = [article_spans(a) for a in articles]
    flat = [s for ss in spans for s in ss if s.end > s.start]
    tagged = _tag_page(tuple(text[s.start : s.end] for s in flat))
    by_span = {(s.start, s.end): toks for s, toks in zip(flat, tagged)}
    out = []
    for ss in spans:
        toks = [Token(s.start + t.start, s.start + t.end, t.tag) for s in ss for t in by_span.get((s.start, s.end), ())]
        out.append(tuple(sorted(set(toks), key=lambda t: (t.start, t.end, t.tag))))
    return out
