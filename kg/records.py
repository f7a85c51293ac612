"""The plain records that flow one way through the pipeline.

ingest -> Source; normalise -> Document; segment -> Article; extract -> Mention/Fact.
All are frozen so a stage can never change what an earlier stage produced, and all are
picklable so per-file work can run in other processes or on a Dask cluster.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Sequence


@dataclass(frozen=True, slots=True)
class Source:
    """One input file, decoded. `raw` is the decoded text that offsets point into."""

    path: str
    name: str  # file name, e.g. "000_db331fe8dac00418.txt" (dcterms:source)
    stem: str  # name without suffix, used in article IRIs
    raw: str
    encoding: str
    sha256: str  # of the file's bytes: the key for incremental builds


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) in a Document's normalised text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the normalised text: its span and Markdown heading level (0 = none)."""

    span: Span
    heading: int = 0
    lines: int = 1  # physical lines it was joined from
    width: int = 0  # its longest physical line, in characters


@dataclass(frozen=True, slots=True)
class Document:
    """Normalised text of a Source plus a map back to it.

    `to_raw[i]` is the offset in `source.raw` of normalised character i; `to_raw[len(text)]`
    is one past the last mapped raw character, so a span maps back as
    raw[to_raw[start] : to_raw[end-1] + 1].
    """

    source: Source
    text: str
    to_raw: Sequence[int]  # array('q') in practice: 8 bytes a character
    blocks: tuple[Block, ...] = ()  # one per paragraph (a line of `text`)

    def raw_span(self, span: Span) -> tuple[int, int]:
        """The [start, end) range in `source.raw` that `span` was normalised from."""
        if len(span) == 0:
            pos = self.to_raw[span.start]
            return pos, pos
        return self.to_raw[span.start], self.to_raw[span.end - 1] + 1

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True, slots=True)
class Byline:
    """A credit: role as printed (记者, 本报记者, 见习记者, 通讯员, 摄影, or '' for a bare name)."""

    role: str
    name: str
    span: Span  # of the name

    @property
    def is_correspondent(self) -> bool:
        return self.role == "通讯员"


@dataclass(frozen=True, slots=True)
class Article:
    """One news item on a page."""

    doc: Document
    index: int  # 1-based position on its page: zwid:article/<stem>/<index>
    title: str
    title_span: Span | None
    body: Span
    sentences: tuple[Span, ...]
    bylines: tuple[Byline, ...] = ()
    date: _dt.date | None = None  # the article's own date (page date or signature date)
    section: str | None = None  # column label such as 政务要闻
    city: str | None = None  # the paper's city, used to expand 市委… to 洛阳市委…
    kind: str = "news"  # news | brief | photo | commentary | notice | interview | column (【栏目】 blurb)

    @property
    def key(self) -> str:
        return f"{self.doc.source.stem}/{self.index}"

    @property
    def text(self) -> str:
        """The whole page text (offsets in spans are into this)."""
        return self.doc.text

    def sentence_of(self, span: Span) -> Span:
        """The sentence that contains `span` (or the span itself if none does)."""
        for s in self.sentences:
            if s.start <= span.start < s.end:
                return s
        return span


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing in the world, identified by kind and normalised label (IRIs derive from both)."""

    kind: str  # person | org | post | role | meeting | document | project | place | visit | article
    label: str


@dataclass(frozen=True, slots=True)
class Mention:
    """Where the text names an entity."""

    entity: Entity
    span: Span
    surface: str = ""  # the text as written, if it differs from the label (短称, 市委组织部)


Value = str | int | Decimal | _dt.date | bool


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement with its evidence.

    `predicate` is a CURIE of the contract's vocabulary ("org:holds", "zw:chairedBy",
    "skos:altLabel" …); extractors stay free of RDF, assemble maps it to IRIs and fails
    closed on unknown terms.
    """

    subject: Entity
    predicate: str
    object: Entity | Value
    evidence: Span | None = None  # the sentence the fact came from
    lang: str | None = None  # for string literals: "zh" for labels


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractors found in one article."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(slots=True)
class Failure:
    """A file that could not be built, and why (for the run summary)."""

    path: str
    message: str


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts per class, files built/skipped/failed."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    failed: list[Failure] = field(default_factory=list)
    articles: int = 0
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    load_seconds: float = 0.0  # the store's writer thread, loading (overlaps the extraction)
    load_wait_seconds: float = 0.0  # the build waiting for that thread

    @property
    def ok(self) -> bool:
        return not self.failed
