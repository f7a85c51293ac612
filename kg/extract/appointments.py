"""Appointment and removal notices (任免通知), motions (议案), elections and news of appointments.

Find, then write: `find(article)` reads the article clause by clause into `Appointment` records
(pure, scored against tests/careers), `extract(ctx)` turns them into mentions and facts. The
shapes are the genre's, never one page's:

* `任命A为X` / `决定任命A为X` / `提请任命A为X`, and colon lists under `任命：` `决定任命：` `提请任命：`
  `免去：` whose lines name only `A同志为X` / `A同志的X职务`;
* `免去A的X职务`, `A、B同志退休，免去其X职务` (a clause shared by a list), `，免去其Y职务` after an
  appointment (same person), `接受A辞去X职务的请求` (removed, note 辞职), `决定A为X代理市长` (acting);
* news: `A任X，免去其Y职务`, `会议决定任命A为X`; elections `A、B当选为X`; `提名A为X候选人`.

Who decided and when is read as the text goes: a decision formula (`经…研究决定`, `经<date><meeting>决定`,
`<meeting>于<date>决定`), a meeting with its date named in an earlier sentence (`5月18日，…第三次会议在
广州闭幕`), or the body a report names (`广东省人民政府日前发布一批人事任免`). Undated decisions take
the notice's signature date, else the page's date. 拟任 in 任前公示 is read by `profiles.py`.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract import careers as cr
from kg.extract.context import Context
from kg.lexicons import ordered
from kg.records import Appointment, Article, Entity, Fact, Mention, Span
from kg.text.dates import resolve_day

N, NS, CJK = cr.NAME, cr.NAMES, cr.CJK
# one regex a clause shape; `names` and `posts` are read by `_items`
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("retired", re.compile(rf"^(?P<names>{NS})退休，免去其(?P<posts>.+?)职务$")),
    ("resigned", re.compile(rf"^(?:决定)?接受(?P<names>{N})辞去(?P<posts>.+?)职务的请求$")),
    ("removed", re.compile(rf"^(?:会议)?(?:决定)?免去(?P<names>{NS})的(?P<posts>.+?)职务$")),
    ("proposed", re.compile(rf"^提请任命(?P<names>{NS})为(?P<posts>.+)$")),
    ("appointed", re.compile(rf"^(?:会议)?(?:决定)?任命(?P<names>{NS})为(?P<posts>.+)$")),
    ("acting", re.compile(rf"^决定(?P<names>{N})为(?P<posts>.+?(?:代理|代)[{CJK}]+)$")),
    ("elected", re.compile(rf"^(?P<names>{NS})当选为(?P<posts>.+)$")),
    ("nominated", re.compile(rf"^提名(?P<names>{N})为(?P<posts>.+?)候选人$")),
    ("news", re.compile(rf"^(?P<names>{N})任(?P<posts>[{CJK}（）()、]+)$")),
)
# lines of a colon list, once its verb is known
LIST_ITEM = {
    "任命": ("appointed", re.compile(rf"^(?P<names>{NS})为(?P<posts>.+)$")),
    "决定任命": ("appointed", re.compile(rf"^(?P<names>{NS})为(?P<posts>.+)$")),
    "提请任命": ("proposed", re.compile(rf"^(?P<names>{NS})为(?P<posts>.+)$")),
    "免去": ("removed", re.compile(rf"^(?P<names>{NS})的(?P<posts>.+?)职务$")),
}
_LIST_HEAD = re.compile(r"(决定任命|提请任命|任命|免去)$")
_SAME_PERSON = re.compile(r"^免去其(?P<posts>.+?)职务$")
_FORMULA = re.compile(rf"经(?P<body>[{CJK}]{{0,40}}?)(?:研究)?决定")
_REPORT = re.compile(rf"(?P<body>[{CJK}]{{2,30}}?(?:人民政府|政府|委员会|常委会|委员|组织部))(?:日前|近日|近期|今天|今日)?(?:发布|公布|作出|印发)(?:了)?(?:一批)?(?:人事)?任免")
_MOTION = re.compile(rf"(?P<body>[{CJK}]{{2,30}}?)关于提请任命")
_MEETING = re.compile(rf"[{CJK}]{{0,40}}?第[一二三四五六七八九十\d]+次(?:全体)?会议")
_WHEN = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?")
_CLAUSE = re.compile(r"[^；;。\n]+")


@dataclass(slots=True)
class _State:
    """Who decides and when, as the text has said so far."""

    by: str | None = None
    by_meeting: bool = False
    date: datetime.date | None = None
    verb: str | None = None  # the verb of an open colon list


@lru_cache(maxsize=1)
def _places() -> re.Pattern[str]:
    """Province and city names: where a meeting's name starts when furniture runs into it."""
    return re.compile("|".join(map(re.escape, sorted(ordered("provinces") + ordered("cities"), key=lambda w: (-len(w), w)))))


def _meeting(text: str) -> str | None:
    """The meeting a clause names (`北京市第十六届人民代表大会常务委员会第一次会议`)."""
    masked = _WHEN.sub(lambda m: " " * len(m.group()), text)
    m = _MEETING.search(masked)
    if not m:
        return None
    name = re.sub(r"^.*?(?:召开|举行)的", "", m.group())
    cut = [p.start() for p in _places().finditer(name) if p.start() < name.find("第")]
    return name[max(cut):] if cut else name


def _update(state: _State, clause: str, ref: datetime.date | None, signer: str | None) -> None:
    """A clause that names a meeting, a decision formula or a reporting body sets who and when."""
    meeting = _meeting(clause)
    when = _WHEN.search(clause)
    if meeting:
        state.by, state.by_meeting = meeting, True
        state.date = resolve_day(when.group(), ref) if when else None
    m = _FORMULA.search(clause)
    if m and not meeting:
        body = m.group("body")
        state.by, state.by_meeting = (body or signer), False
        state.date = resolve_day(when.group(), ref) if when else None
    m = _REPORT.search(clause)
    if m and not meeting:
        state.by, state.by_meeting, state.date = m.group("body"), False, None


def _appointments(kind: str, names: list[tuple[str, Span]], posts_text: str, clause: Span, state: _State, when: datetime.date | None) -> list[Appointment]:
    note = "辞职" if kind == "resigned" else None
    kind = {"resigned": "removed", "acting": "appointed", "news": "appointed"}.get(kind, kind)
    out = []
    for post in cr.split_posts(posts_text):
        post, probation, mark = cr.markers(post)
        post, is_acting = cr.acting(post)
        if not post or cr.role_of(post) is None:
            continue
        for name, span in names:
            out.append(
                Appointment(
                    person=name, kind=kind, post=post, date=state.date or when,
                    decided_by=state.by, span=clause, name_span=span, acting=is_acting,
                    probation=probation, note=mark or note, decided_by_meeting=state.by_meeting,
                    org=cr.org_of(post),
                )
            )  # fmt: skip
    return out


# an article with none of these words states no decision (most news): skip it at once
_CUES = re.compile(r"任命|免去|任免|当选|提名|退休|辞去|代理")


def find(article: Article) -> list[Appointment]:
    """Every appointment decision the article states, in text order."""
    text = article.text
    if not _CUES.search(text, article.body.start, article.body.end):
        return []
    signer, signed = cr.signature(article)
    fallback = signed or article.date or cr.page_date(article)
    state = _State()
    m = _MOTION.search(article.title)
    if m:
        state.by = m.group("body")
    out: list[Appointment] = []
    for para in re.finditer(r"[^\n]+", text[article.body.start : article.body.end]):
        state.verb = None
        base = article.body.start + para.start()
        for c in _CLAUSE.finditer(para.group()):
            out.extend(_clause(text, base + c.start(), base + c.end(), state, signer, fallback))
    return out


def _clause(text: str, start: int, end: int, state: _State, signer: str | None, fallback: datetime.date | None) -> list[Appointment]:
    """One clause (between ；。): its header (up to the last ：), then its items split at `，免去`."""
    out: list[Appointment] = []
    clause = Span(start, end)
    body = text[start:end]
    head, colon, rest = body.rpartition("：")
    if colon:
        _update(state, head, fallback, signer)
        lh = _LIST_HEAD.search(head)
        state.verb = lh.group(1) if lh else state.verb
        # the evidence: from a list's verb (决定任命：…), else what follows the colon
        clause = Span(start + lh.start() if lh else start + len(head) + 1, end)
        start += len(head) + 1
        body = rest
    _update(state, body, fallback, signer)
    last: list[tuple[str, Span]] = []
    pos = start
    for part in re.split(r"(?<!退休)，(?=免去|任命|提名|接受)", body):
        found, names = _part(text, pos, part, clause, state, fallback, last)
        out.extend(found)
        last = names or last
        pos += len(part) + 1
    return out


def _part(text: str, pos: int, part: str, clause: Span, state: _State, when: datetime.date | None, last: list[tuple[str, Span]]) -> tuple[list[Appointment], list[tuple[str, Span]]]:
    lead = len(part) - len(part.lstrip())
    part = part.strip()
    pos += lead
    m = _SAME_PERSON.match(part)
    if m and last:
        return _appointments("removed", last, m.group("posts"), clause, state, when), last
    if "候选人" in part and "提名" in part:
        out: list[Appointment] = []
        for m in re.finditer(rf"提名(?P<names>{N})为(?P<posts>[^，]+?)候选人", part):
            names = cr.split_names(m.group("names"), pos + m.start("names"))
            out.extend(_appointments("nominated", names, m.group("posts"), clause, state, when))
        return out, []
    shapes = list(SHAPES)
    if state.verb:
        shapes.insert(0, LIST_ITEM[state.verb])
    for kind, rx in shapes:
        m = rx.match(part)
        if not m:
            continue
        names = cr.split_names(m.group("names"), pos + m.start("names"))
        if not names:
            continue
        found = _appointments(kind, names, m.group("posts"), clause, state, when)
        if found:
            return found, names
    return [], []


# -- write -----------------------------------------------------------------------------

KIND_TERM = {
    "appointed": "zw:Appointed", "removed": "zw:Removed", "retired": "zw:Retired",
    "elected": "zw:Elected", "nominated": "zw:Nominated", "proposed": "zw:Proposed",
}  # fmt: skip
STARTS = {"appointed", "elected"}
ENDS = {"removed", "retired"}
_VERB = {
    "appointed": "任命{p}为{x}", "removed": "免去{p}的{x}职务", "retired": "{p}退休，免去其{x}职务",
    "elected": "{p}当选为{x}", "nominated": "提名{p}为{x}候选人", "proposed": "{p}拟任{x}",
}  # fmt: skip


def appointment_entity(a: Appointment, person: Entity) -> Entity:
    """The decision as a node: labelled as the genre states it, keyed by date and person too."""
    label = _VERB[a.kind].format(p=a.person, x=a.post)
    date = a.date.isoformat() if a.date else "undated"
    return Entity("appointment", label, "/".join(x for x in (date, person.qualifier) if x))


def holding_entity(person: Entity, post: Entity) -> Entity:
    """The person's holding of the post (kg/rdf/ids.py mints it as org:holds holdings are)."""
    return Entity("holding", post.label, "/".join(x for x in (person.label, person.qualifier) if x))


def facts_of(a: Appointment, where: str | None) -> tuple[list[Mention], list[Fact]]:
    """Mentions and facts of one appointment record."""
    p = cr.person(a.person, where)
    post = Entity("post", a.post)
    ap = appointment_entity(a, p)
    ev = a.span
    mentions = [Mention(p, a.name_span), Mention(post, ev)]
    facts = [
        *([Fact(p, "zw:jurisdiction", where, ev, "zh")] if where else []),
        Fact(ap, "zw:appointee", p, ev),
        Fact(ap, "zw:fromPost" if a.kind in ENDS else "zw:toPost", post, ev),
        Fact(ap, "zw:appointmentKind", KIND_TERM[a.kind], ev),
    ]
    if a.org:
        org = Entity("org", a.org)
        mentions.append(Mention(org, ev))
        facts.append(Fact(post, "org:postIn", org, ev))
    if a.date:
        facts.append(Fact(ap, "dcterms:date", a.date, ev))
    if a.decided_by:
        by = Entity("meeting" if a.decided_by_meeting else "org", a.decided_by)
        mentions.append(Mention(by, ev))
        facts.append(Fact(ap, "zw:decidedBy", by, ev))
    if a.acting:
        facts.append(Fact(ap, "zw:acting", True, ev))
    if a.probation:
        facts.append(Fact(ap, "zw:probation", True, ev))
    if a.note:
        facts.append(Fact(ap, "zw:appointmentNote", a.note, ev, "zh"))
    if a.kind in STARTS | ENDS:
        h = holding_entity(p, post)
        facts.append(Fact(p, "org:holds", post, ev))
        if a.kind in STARTS:
            facts.append(Fact(h, "zw:startedBy", ap, ev))
            if a.date:
                facts.append(Fact(h, "zw:startDate", a.date, ev))
        else:
            facts.append(Fact(h, "zw:endedBy", ap, ev))
            if a.date:
                facts.append(Fact(h, "zw:endDate", a.date, ev))
    return mentions, facts


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    """Appointment nodes, the holdings they start or end, and who took the decision."""
    return cr.record_facts(ctx, find, facts_of)
