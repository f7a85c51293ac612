"""Helpers shared by the extractors: where an article's text is, the sentence a span was said in,
the time words that open a clause, and the names of bodies (organisations) in a run of text.

They lived in documents.py; several extractors use them (documents, meetings, projects, places,
visits), so they have a module of their own rather than extractors importing them from one another.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.extract.context import Context
from kg.extract import orgs as O
from kg.extract import titles as T
from kg.lexicons import ordered, words
from kg.records import Article, Entity, Span

CJK = "\u4e00-\u9fff"


def _connective() -> str:
    """由/经/自 as the connective (由市政府印发), not as the start of a word (自然资源和规划局)."""
    from kg.extract.titles import alternation

    return rf"(?!{alternation(sorted(words('not_connectives')))})[由经自]"


TIME_HEAD = re.compile(
    rf"^(?:本报讯(?:[（(][^）)]*[）)])?\s*|(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日(?:上午|下午|晚)?|近日|日前|近期|最近|昨日|昨天|今天|今日|目前|今年|去年|同时|此外|另外|为此|据悉|经研究|经[{CJK}]{{1,8}}同意|{_connective()})[，,]?"
)


def strip_time_head(text: str) -> tuple[str, int]:
    """`text` less the time words, dateline and connectives that open it, and how many characters
    went: what is left is the subject of the clause (昨日，本报讯（记者 …）, 经市政府同意 …).

    >>> strip_time_head("近日，郑州市政府办公厅")
    ('郑州市政府办公厅', 3)
    """
    cut = 0
    head = TIME_HEAD.match(text)
    while head and head.end():
        cut += head.end()
        head = TIME_HEAD.match(text[cut:])  # the pattern is anchored with ^: slice, not pos
    return text[cut:], cut


def printable(name: str) -> bool:
    """No control, unassigned or private-use characters: a name an IRI can be minted from."""
    return all(unicodedata.category(ch)[0] != "C" for ch in name)


def ranges(art: Article) -> list[Span]:
    """The parts of the page that belong to the article: its headline and its body."""
    t = art.title_span
    if t is None or (t.start < art.body.end and art.body.start < t.end):
        return [art.body]
    return [t, art.body] if t.start < art.body.start else [art.body, t]


def evidence(art: Article, span: Span) -> Span:
    """The sentence a span was said in; for a span in the headline, the whole headline (its deck too)."""
    t = art.title_span
    if t is not None and t.start <= span.start < t.end:
        return t
    return art.sentence_of(span)


def evidence_line(art: Article, span: Span) -> Span:
    """The sentence a span was said in or, where no sentence holds it (a headline), only its line.

    Posts use this narrower evidence: a title chain in a headline is read from one line, and the
    deck above it says nothing about the post.
    """
    for s in art.sentences:
        if s.start <= span.start < s.end:
            return s
    text = art.text
    a = text.rfind("\n", 0, span.start) + 1
    b = text.find("\n", span.end)
    return Span(a, len(text) if b < 0 else b)


@lru_cache(maxsize=None)
def _body_affixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Endings of body names, and what the next of several run-together names starts with."""
    places = sorted(words("provinces") | words("cities"), key=lambda w: (-len(w), w))
    return ordered("body_suffixes"), ("中共", "国务院", "中央", "全国", "省", "市", "县", "区", *places)


def bodies(text: str) -> list[tuple[int, int]] | None:
    """Split a run of body names into [start, end) offsets, or None if it is not only bodies.

    >>> s = "中共洛阳市委洛阳市人民政府"
    >>> [s[a:b] for a, b in bodies(s)]
    ['中共洛阳市委', '洛阳市人民政府']
    >>> s = "省委、省政府"
    >>> [s[a:b] for a, b in bodies(s)]
    ['省委', '省政府']
    >>> bodies("我市") is None
    True
    """
    out: list[tuple[int, int]] = []
    for piece in re.finditer(r"[^、\s，,]+", text):
        p, base = piece.group(), piece.start()
        got = _split_joined(p) or _split_piece(p)
        if got is None:
            return None
        out.extend((base + a, base + b) for a, b in got)
    return out or None


def _split_joined(p: str) -> list[tuple[int, int]] | None:
    """甲和乙 / 甲与乙 where each side is a body of its own (环境保护部和科学技术部), before the
    whole is read as one name; None where a side is none (市住房和城乡建设局, 发展和改革委员会)."""
    parts = list(re.finditer(r"[^和与及]+", p))
    if len(parts) < 2:
        return None
    got: list[tuple[int, int]] = []
    for part in parts:
        sub = _split_piece(part.group())
        if sub is None:
            return None
        got.extend((part.start() + a, part.start() + b) for a, b in sub)
    return got


_NOT_BODY = re.compile(r"(?:干部|全部|内部|外部|局部|本部|各部|该部|我部|各委|我委|全局|该局|我局|各局)$")


def _split_piece(p: str) -> list[tuple[int, int]] | None:
    if len(p) < 2 or _NOT_BODY.search(p):
        return None
    suffixes, starts = _body_affixes()
    out = []
    start = 0
    n = len(p)
    i = start + 2
    while i <= n:
        if p.endswith(suffixes, start, i) and (i == n or p.startswith(starts, i)):
            out.append((start, i))
            start = i
            i = start + 2
            continue
        i += 1
    if start != n or not out:
        return None
    return out


def org_entity(ctx: Context, span: Span, name: str) -> Entity:
    """The organisation named at `span`: the org extractor's entity there if it found one."""
    for m in ctx.mentions:
        if m.entity.kind == "org" and m.span == span:
            return m.entity
    return Entity("org", O.canonical(name, ctx.article.city))


def _model_cut(ctx: Context, base: int, text: str, first: tuple[int, int]) -> int | None:
    """Where the first body of `text` (page offset `base`) starts by the model's words, as the org
    extractor cuts a name (orgs.model_start): after the clause words the run opens with
    (按照|省委办公厅, 认真学习落实|水利部); None where they make it generic (该|局)."""
    a, b = first
    if not ctx.tokens or T.place_start_re().match(text, a):
        return a  # a place, a level or 中共 opens a name: nothing of a clause before it
    name = text[a:b]
    ending = next((e for e in _body_affixes()[0] if name.endswith(e) and len(e) < len(name)), "")
    lead = T.left_cut(name, len(name) - len(ending))  # after the rules' stop words first, as orgs.py
    page = ctx.article.text
    ms = O.model_start(page, base + a + lead, base + b - len(ending), base + b, base + a, O.words_of(ctx))
    return None if ms is None else ms - base


def org_mentions(ctx: Context, base: int, text: str) -> list[tuple[Entity, Span]] | None:
    """The bodies of `text` (which starts at page offset `base`) as organisation entities; the run
    starts where the model's words let its first name start (`_model_cut`)."""
    got = bodies(text) if printable(text) else None
    if not got:
        return None
    cut = _model_cut(ctx, base, text, got[0])
    if cut is None:
        return None
    if cut > got[0][0]:
        text, base = text[cut:], base + cut
        got = bodies(text)
        if not got:
            return None
    return [(org_entity(ctx, Span(base + a, base + b), text[a:b]), Span(base + a, base + b)) for a, b in got]
