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

    kind: str  # person | org | post | role | meeting | document | project | place | visit | article | appointment | holding
    label: str
    # what tells two entities of one label apart (kg/rdf/ids.py puts it in the IRI): a person read
    # from a career record carries its jurisdiction (王刚 of 四川 vs 海南); '' for everything else
    qualifier: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """Where the text names an entity."""

    entity: Entity
    span: Span
    surface: str = ""  # the text as written, if it differs from the label (短称, 市委组织部)


@dataclass(frozen=True, slots=True, order=True)
class YearMonth:
    """A month, as biographies date things (1978年5月生, 1992.07参加工作): xsd:gYearMonth.

    >>> str(YearMonth(1970, 5))
    '1970-05'
    """

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


Value = str | int | Decimal | _dt.date | bool | YearMonth


@dataclass(frozen=True, slots=True)
class Appointment:
    """One decision about one person and one post, as a notice or report states it.

    kind: appointed | removed | retired | elected | nominated | proposed. `post` is the post as
    written with a shared organisation expanded and markers ((试用期一年), (挂职), 代理) taken out
    into `probation`, `note` and `acting`. `date` is the decision date the text gives, else the
    notice's (signature) date, else the article's.
    """

    person: str
    kind: str
    post: str
    date: _dt.date | None
    decided_by: str | None
    span: Span  # the clause that states it (evidence)
    name_span: Span
    acting: bool = False
    probation: bool = False
    note: str | None = None
    decided_by_meeting: bool = False
    org: str | None = None  # the organisation part of `post`, where the role lexicon tells it


@dataclass(frozen=True, slots=True)
class CareerLine:
    """One line of a biography's 简历: from, to (None: open-ended), the posts it names."""

    start: YearMonth
    end: YearMonth | None
    posts: tuple[str, ...]
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Profile:
    """Who a person is, from a 任前公示 paragraph, a 议案 attachment or a biography."""

    person: str
    name_span: Span
    span: Span  # the paragraph
    gender: str | None = None  # 男 | 女
    ethnicity: str | None = None
    birth: YearMonth | None = None
    native_place: str | None = None
    education: str | None = None
    joined_party: YearMonth | None = None
    party: str | None = None
    started_work: YearMonth | None = None
    current_posts: tuple[str, ...] = ()
    proposed_posts: tuple[str, ...] = ()
    career: tuple[CareerLine, ...] = ()


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
