"""Document -> Articles: split a page into its news items.

Every paragraph is classed first (headline, lead, credit, author line, date, body), then the page
is walked once. Two layouts occur in the genre:

* headline first (most pages and all Markdown): a run of headlines opens an item when it is a
  real deck (two or more lines, a Markdown heading, or followed by a lead / author line / `——`
  subtitle) or when the previous item was closed by a credit; a lone short line inside an item
  is an inner subhead or a photo caption and stays in the item;
* headline last (pages cut from column layouts, where the text of each item precedes its deck):
  detected when the page opens with body text and ends with a headline; a run of headlines
  closes the item before it when it is a deck (two or more), follows a credit, or precedes a lead.

Other rules: `本报讯` and `■` open items; `【栏目】` opens a one-paragraph item titled by its label;
a Markdown heading run whose subtitle is followed by another heading is a banner (section); a
heading directly followed by `■` briefs is their column label; a run of organisation lines
followed by a date closes a notice (its signature). Dates: a page date (`2020年4月30日 星期四`) dates
every item on the page, a signature date dates its notice; otherwise None.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache
from dataclasses import dataclass, field

from kg.text import credits as by
from kg.lexicons import ordered
from kg.records import Article, Block, Byline, Document, Span
from kg.text.dates import parse_date

HEAD, LEAD, BRIEF, LABEL, CREDIT, AUTHOR, DATE, BODY = "head lead brief label credit author date body".split()

_PAGE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日\s*(星期[一二三四五六日天])?$|^\d{4}年\d{1,2}月\d{1,2}日\s*[（(]?星期.[）)]?$")
_INNER = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．\s]?(?=[\u4e00-\u9fff])|第[一二三四五六七八九十]+[章节条部分]|[●◆▲□■★☆]\s*(?!$))"
)
# a notice's header: its title (关于…的通知/决定/公告/议案) or its document number (川府人〔2018〕46号)
_NOTICE_HEAD = re.compile(r"关于\S{2,60}的(?:通知|决定|公告|议案|批复)|[\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号")
# a signature joined into one paragraph: the signing body (or 省长 name) and a full date, ending it
_SIGNATURE = re.compile(r"(?:^|\s)[^\s，。；]{2,30}\s+\d{4}年\d{1,2}月\d{1,2}日(?:\s*[（(][^）)]{1,12}[）)])?$")
_SENT_END = re.compile(r"[。！？!?]+[”’」』）)]*|……[”’」』]*(?=[^，。])")


@dataclass(slots=True)
class _Item:
    title: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    credits: list[Byline] = field(default_factory=list)
    closed: bool = False
    date: datetime.date | None = None
    section: str | None = None
    kind: str = "news"
    label: str | None = None  # 【栏目】 label used as the title


def _text(doc: Document, b: Block) -> str:
    return doc.text[b.span.start : b.span.end]


def classify(doc: Document, b: Block) -> str:
    """The role of one paragraph on the page."""
    t = _text(doc, b)
    if b.heading:
        return HEAD
    if _PAGE_DATE.match(t):
        return DATE
    if by.is_lead(t):
        return LEAD
    if t.startswith("■") and len(t) > 1:
        return BRIEF
    if t.startswith("【") and "】" in t[:20]:
        return LABEL
    if by.parse_credit(t) is not None:
        return CREDIT
    if by.parse_author(t) is not None:
        return AUTHOR
    if _INNER.match(t):
        return BODY
    end = t.rstrip("”’」』）)")
    if len(t) <= 40 and not re.search(r"[。！？!?；;…]$", end) and "。" not in t:
        return HEAD
    return BODY


@lru_cache(maxsize=1)
def _city_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, ordered("cities"))))


def detect_city(text: str) -> str | None:
    """The paper's city: the known city (kg/lexicons/cities.txt) the page names most often.

    Counts `洛阳` in 洛阳市…, 中共洛阳市委, 洛阳军分区 alike; needs two mentions so a city named once
    in passing (徐州经济总量…) is not taken for the paper's own.
    """
    counts: dict[str, int] = {}
    for m in _city_re().finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    if not counts:
        return None
    best, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return best if n >= 2 else None


def sentences(text: str, span: Span) -> list[Span]:
    """Sentence spans inside `span`: ends at 。！？ (with closing quotes) and at line ends."""
    out: list[Span] = []
    pos = span.start
    for line in re.finditer(r"[^\n]+", text[span.start : span.end]):
        ls, le = span.start + line.start(), span.start + line.end()
        pos = ls
        for m in _SENT_END.finditer(text, ls, le):
            if m.end() > pos:
                out.append(Span(pos, m.end()))
                pos = m.end()
        if pos < le:
            out.append(Span(pos, le))
    return out


def _split_banner(doc: Document, heads: list[Block]) -> tuple[list[Block], list[Block]]:
    """Markdown: `## 栏目 / ### 副题 / ## 标题` -> banner (section) and title units."""
    units: list[list[Block]] = [[]]
    for i, b in enumerate(heads):
        if i and b.heading and heads[i - 1].heading >= 3 and b.heading <= 2:
            units.append([])
        units[-1].append(b)
    banner = [b for u in units[:-1] for b in u]
    return banner, units[-1]


def _opens(doc: Document, heads: list[Block], nxt: str | None, cur: _Item | None) -> bool:
    """Does this run of headline paragraphs open a new item (headline-first pages)?"""
    if cur is None or cur.closed or not cur.body:
        return True
    if len(heads) >= 2 or any(h.heading for h in heads):
        return True
    if nxt in (LEAD, AUTHOR, BRIEF):
        return True
    if any(_NOTICE_HEAD.search(_text(doc, h)) for h in heads):
        return True  # a notice printed after a news item is an item of its own
    return _text(doc, heads[-1]).startswith("——")


def _closes(heads: list[Block], nxt: str | None, after_credit: bool) -> bool:
    """Does this run of headline paragraphs close the item before it (headline-last pages)?"""
    return len(heads) >= 2 or after_credit or nxt in (LEAD, BRIEF, LABEL, None)


def segment(doc: Document, *, city: str | None = None) -> list[Article]:
    """Split a normalised page into articles (in page order, numbered from 1)."""
    blocks = list(doc.blocks)
    if not blocks:
        return []
    classes = [classify(doc, b) for b in blocks]
    city = city or detect_city(doc.text)
    first = next((c for c in classes if c != DATE), None)
    trailing = first in (BODY, LEAD, LABEL, BRIEF) and classes[-1] == HEAD and not any(b.heading for b in blocks)
    walk = _Walk(doc, trailing)
    for b, cls in zip(blocks, classes):
        walk.step(b, cls)
    walk.finish()
    return _to_articles(doc, [it for it in walk.items if it.body or it.title], walk.page_date, city)


class _Walk:
    """One pass over a page's classed paragraphs, opening and closing items as the genre does."""

    def __init__(self, doc: Document, trailing: bool) -> None:
        self.doc = doc
        self.trailing = trailing  # headline-last layout
        self.items: list[_Item] = []
        self.page_date: datetime.date | None = None
        self.cur: _Item | None = None
        self.heads: list[Block] = []  # headline paragraphs waiting for what follows them
        self.after_credit = False
        self.pending_section: str | None = None  # a column label over the briefs that follow

    def new(self, **kw: object) -> _Item:
        item = _Item(**kw)  # type: ignore[arg-type]
        self.items.append(item)
        return item

    def step(self, b: Block, cls: str) -> None:
        if cls == HEAD:
            self.heads.append(b)
            return
        text = _text(self.doc, b)
        if self.heads and not self.trailing:
            self._signature()
        if self.heads:
            if self.trailing:
                self._heads_after(cls)
            else:
                self._heads_before(cls)
            self.heads = []
        self.after_credit = False
        if cls == DATE:
            self._date(b, text)
        elif cls in (LEAD, BRIEF, LABEL):
            self._opener(b, cls, text)
        elif cls == CREDIT:
            self._credit(b, text)
        elif cls == AUTHOR and self.cur is not None and not self.cur.body:
            self._author(b, text)
        else:
            self._body(b, text)

    # -- a run of headlines, once what follows it is known ---------------------------------
    def _heads_after(self, cls: str) -> None:
        """Headline-last pages: the run closes the item before it, or stays in it."""
        cur = self.cur
        if _closes(self.heads, cls, self.after_credit) and cur is not None:
            cur.title = list(self.heads)
            cur.closed = True
            self.cur = None
        elif cur is not None:
            cur.body.extend(self.heads)
        else:
            self.cur = self.new(title=list(self.heads))

    def _heads_before(self, cls: str) -> None:
        """Headline-first pages: the run opens an item, labels briefs, signs a notice, or is a subhead."""
        doc, heads, cur = self.doc, self.heads, self.cur
        banner, unit = _split_banner(doc, heads) if any(h.heading for h in heads) else ([], heads)
        if cls == BRIEF and len(unit) == 1:
            # a column label over briefs (政务要闻)
            self.pending_section = " ".join(_text(doc, h) for h in banner + unit)
            self.cur = None
        elif cls == DATE and cur is not None and cur.body:
            # organisation lines then a date: the signature of a notice
            cur.body.extend(heads)
            cur.kind = "notice"
        elif _opens(doc, unit, cls, cur):
            self.pending_section = None
            section = " ".join(_text(doc, h) for h in banner) or None
            self.cur = self.new(title=list(unit), section=section)
        elif cur is not None:
            cur.body.extend(heads)

    def _signature(self) -> None:
        """Signing body and date joined into one paragraph (`四川省人民政府 2018年9月5日`): they end
        the notice above and date it; the furniture after them (（此件公开发布）) stays in it."""
        cur = self.cur
        if cur is None or not cur.body:
            return
        last = max((i for i, h in enumerate(self.heads) if h.lines >= 2 and _SIGNATURE.search(_text(self.doc, h))), default=None)
        if last is None:
            return
        sign = self.heads[last]
        cur.body.extend(self.heads[: last + 1])
        cur.date = parse_date(_text(self.doc, sign)[-40:])
        cur.kind = "notice"
        self.heads = self.heads[last + 1 :]

    # -- the other paragraphs ---------------------------------------------------------------
    def _date(self, b: Block, text: str) -> None:
        """A page date before any item dates the page; after one, it closes and dates the item."""
        d = parse_date(text)
        if self.cur is None and not self.items:
            self.page_date = d
        elif self.cur is not None:
            self.cur.date = d
            self.cur.body.append(b)
            self.cur.closed = True
        elif self.items:
            self.items[-1].date = d

    def _opener(self, b: Block, cls: str, text: str) -> None:
        """本报讯 leads, ■ briefs and 【栏目】 labels open an item."""
        cur = self.cur
        if cur is None or cur.body or cur.closed or cls == LABEL:
            if self.trailing and cur is not None and cur.title == [] and cur.body:
                cur.closed = True
            cur = self.cur = self.new()
        if cls == LEAD:
            cur.credits.extend(by.parse_lead(text, b.span.start))
        elif cls == BRIEF:
            cur.kind = "brief"
            cur.section = self.pending_section
        else:
            cur.kind = "column"
            cur.label = text[1 : text.index("】")]
            cur.body.append(b)
            cur.closed = True
            self.cur = None
            return
        cur.body.append(b)
        trailing_credits = by.parse_trailing(text, b.span.start)
        if trailing_credits:
            cur.credits.extend(trailing_credits)
            cur.closed = True

    def _credit(self, b: Block, text: str) -> None:
        """A credit line closes the item it signs (the last one, if none is open)."""
        found = by.parse_credit(text, b.span.start) or []
        if self.cur is None:
            self.cur = self.items[-1] if self.items else self.new()
        cur = self.cur
        cur.credits.extend(found)
        if text.rstrip().endswith(("摄", "摄影", "/图")):
            cur.kind = "photo" if cur.kind == "news" else cur.kind
        cur.body.append(b)
        cur.closed = True
        self.after_credit = True

    def _author(self, b: Block, text: str) -> None:
        """A name (with posts) under a headline: a signed commentary."""
        cur = self.cur
        assert cur is not None
        author = by.parse_author(text, b.span.start)
        if author:
            cur.credits.append(author)
        cur.body.append(b)
        cur.kind = "commentary" if cur.kind == "news" else cur.kind

    def _body(self, b: Block, text: str) -> None:
        """Body text (or an author-like line inside an item); a closing （名字） credit closes it."""
        if self.cur is None or (self.cur.closed and not self.trailing):
            self.cur = self.new()
        cur = self.cur
        trailing_credits = by.parse_trailing(text, b.span.start)
        cur.body.append(b)
        if trailing_credits:
            cur.credits.extend(trailing_credits)
            cur.closed = True

    def finish(self) -> None:
        """Headlines left at the end of the page."""
        if self.heads and not self.trailing:
            self._signature()
        if not self.heads:
            return
        if self.trailing and self.cur is not None:
            self.cur.title = list(self.heads)
        elif self.cur is not None:
            self.cur.body.extend(self.heads)
        else:
            self.new(title=list(self.heads))


def _title_text(doc: Document, item: _Item, body: Span) -> tuple[str, Span | None]:
    if item.title:
        text = " ".join(_text(doc, b) for b in item.title)
        return text, Span(item.title[0].span.start, item.title[-1].span.end)
    if item.label:
        return item.label, None
    # briefs and untitled items: their first sentence, without a leading date
    first = next(iter(sentences(doc.text, body)), body)
    t = doc.text[first.start : first.end].lstrip("■ ")
    t = re.sub(r"^(本报讯[（(][^）)]*[）)])", "", t)
    t = re.sub(r"^(\d{1,2}月)?\d{1,2}日(上午|下午|晚)?，", "", t).rstrip("。")
    return (t[:40] + ("…" if len(t) > 40 else "")) or "（无题）", None


def _to_articles(doc: Document, items: list[_Item], page_date: datetime.date | None, city: str | None) -> list[Article]:
    out: list[Article] = []
    for n, item in enumerate(items, 1):
        blocks = sorted(item.body, key=lambda b: b.span.start)
        if blocks:
            body = Span(blocks[0].span.start, blocks[-1].span.end)
        else:
            body = Span(item.title[0].span.start, item.title[-1].span.end)
        sents: list[Span] = []
        for b in blocks:
            sents.extend(sentences(doc.text, b.span))
        title, title_span = _title_text(doc, item, body)
        kind = item.kind
        if kind == "news" and item.title and _text(doc, item.title[-1]).startswith("——访"):
            kind = "interview"
        seen: set[tuple[str, str]] = set()
        credits = []
        for c in item.credits:
            if (c.role, c.name) not in seen:
                seen.add((c.role, c.name))
                credits.append(c)
        out.append(
            Article(
                doc=doc,
                index=n,
                title=title,
                title_span=title_span,
                body=body,
                sentences=tuple(sents),
                bylines=tuple(credits),
                date=item.date or page_date,
                section=item.section,
                city=city,
                kind=kind,
            )
        )
    return out
