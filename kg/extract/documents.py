"""Policy documents: titles in 《…》, their aliases, types, issuers and the documents they implement.

Find, then write: every `《…》` in the article (headline and body, across line breaks, nested `〈…〉`)
is a candidate; a title that ends with no document type (kg/lexicons/document_types.txt) is a
newspaper, book or programme and is dropped. Titles lose their spaces and keep 〈〉 and （） as printed.

* `（以下简称《条例》）`, `（下称《方案》）` give a `skos:altLabel`, and a later `《条例》` is that document;
  a bare `《意见》` with no alias is the nearest document of that type named before it (a reference,
  not an alias, so no altLabel).
* Issuers (`zw:issuedBy`): bodies that open the title (`中共洛阳市委洛阳市人民政府关于…`,
  `中共洛阳市委贯彻〈…〉的实施办法`); the subject of 出台/印发/下发/制定, less adverbs the tagger
  reads between it and the verb (`郑州市政府办公厅印发《…》`, `…办公室同步制定了《…》`,
  `省委、省政府高规格召开…会，…，出台了《…》`); the bodies heading and signing a notice.
  `我市出台` names no body, so gives no issuer.
* `贯彻〈X〉的实施办法` implements X.
* Named without 《》: the rows of a catalogue of rules (`27河南省…管理办法1995年…公布`), the laws an
  amendment quotes (`将…中的“X条例”修改为“X法”`), and a notice's headline the page ran into its
  text, known by the salutation after it (`…局关于…的通知各县（区）…：`), issued by the bodies before it.

The helpers for names of bodies (`bodies`, `org_entity`, `org_mentions`) are in common.py, shared
with meetings, projects and visits.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Context, unique_facts
from kg.text import tokens
from kg.extract.common import CJK, bodies, evidence, org_entity, org_mentions, printable, ranges, strip_time_head
from kg.lexicons import ordered, rows, words
from kg.records import Entity, Fact, Mention, Span

TITLE_RE = re.compile(r"《([^《》\n。！？]{1,100}(?:\n[^《》\n。！？]{0,100})?)》")
ALIAS_RE = re.compile(r"\s*[（(]\s*(?:以下简称|以下称|下称|简称)\s*[《“\"]?([^《》“”\"（）()]{1,16}?)[》”\"]?\s*[）)]")
INNER_RE = re.compile(r"〈([^〈〉]{2,100})〉")
_TRAILER = re.compile(r"(?:[（(][^（）()]{1,16}[）)])+$")  # （试行） （草案） （2021—2025年）
# titles ending in an ordinary word with 法 (a book on 书法), not a law; 预算法 is a law, 算法 is not
_NOT_LAW = re.compile(r"(?:兵法|方法|做法|想法|说法|看法|书法|疗法|(?<!预)算法|手法|技法|语法|用法|办法论)$")


@lru_cache(maxsize=None)
def _types() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in rows("document_types")), key=lambda r: -len(r[0])))


def document_type(title: str) -> str | None:
    """The document type a title ends with (`…实施办法` -> 实施办法), or None if not a policy document.

    >>> document_type("中国共产党党组工作条例（试行）")
    '条例'
    >>> document_type("洛阳日报") is None
    True
    """
    core = _TRAILER.sub("", title)
    for suffix, typ in _types():
        if core.endswith(suffix):
            if typ == "法" and (len(core) < 3 or _NOT_LAW.search(core)):
                return None
            return typ
    return None


@lru_cache(maxsize=None)
def _verb_re() -> re.Pattern[str]:
    verbs = "|".join(map(re.escape, ordered("document_verbs")))
    adv = r"(?:近日|日前|近期|最近|昨日|今年|正式|专门|联合|研究|再次|先后|相继|制定并|已经|已|及时|共同|又|还)*"
    return re.compile(rf"(?P<subj>[^，,。；;：:！？\n]*?){adv}(?:{verbs})(?:的)?\s*$")


_SUBJECT_FOLLOW = re.compile(r"^(?:在|召开|高规格|研究|印发|出台|制定|下发|联合|近日|日前|正式|专门|先后)")


def _title_positions(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The title without whitespace, and the page offset of each of its characters."""
    chars, pos = [], []
    for i in range(start, end):
        if not text[i].isspace():
            chars.append(text[i])
            pos.append(i)
    return "".join(chars), pos


class _Found:
    """What this article says about its documents, built in one pass."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.art = ctx.article
        self.mentions: list[Mention] = []
        self.facts: list[Fact] = []
        self.aliases: dict[str, Entity] = {}
        self.seen: list[tuple[Entity, str]] = []  # documents in order, with their type
        self.typed: set[Entity] = set()

    def fact(self, s: Entity, p: str, o: object, span: Span, lang: str | None = None) -> None:
        self.facts.append(Fact(s, p, o, evidence(self.art, span), lang))  # type: ignore[arg-type]

    def document(self, title: str, typ: str, span: Span, surface: str) -> Entity:
        doc = Entity("document", title)
        self.mentions.append(Mention(doc, span, surface if surface != title else ""))
        if doc not in self.typed:
            self.typed.add(doc)
            self.fact(doc, "zw:documentType", typ, span)
        self.seen.append((doc, typ))
        return doc

    def issuers(self, doc: Entity, orgs: list[tuple[Entity, Span]], span: Span) -> None:
        for org, ospan in orgs:
            self.mentions.append(Mention(org, ospan))
            self.fact(doc, "zw:issuedBy", org, span)


def _refer(found: _Found, title: str) -> Entity | None:
    """A short reference: an alias, or a bare type word (《意见》) for the last document of that type."""
    if title in found.aliases:
        return found.aliases[title]
    core = title.removeprefix("本").removeprefix("该")
    typ = document_type(core)
    if typ is None or len(core) > 4 or core not in words("document_types"):
        return None
    for doc, t in reversed(found.seen):
        if t == typ or doc.label.endswith(core):
            return doc
    return None


def _is_bare(title: str) -> bool:
    """《意见》, 《本办法》: a type word alone names no document of its own."""
    return title.removeprefix("本").removeprefix("该").removeprefix("此") in words("document_types")


def _issuer_from_title(found: _Found, doc: Entity, title: str, pos: list[int], span: Span) -> None:
    m = re.match(r"(.{2,40}?)(?:关于|贯彻|转发|印发)", title)
    if not m or "关于" in m.group(1):
        return
    prefix = m.group(1)
    got = bodies(prefix)
    if not got:
        return
    orgs = [(org_entity(found.ctx, Span(pos[a], pos[b - 1] + 1), prefix[a:b]), Span(pos[a], pos[b - 1] + 1)) for a, b in got]
    found.issuers(doc, orgs, span)


def _issuer_from_verb(found: _Found, doc: Entity, m: re.Match[str]) -> None:
    art, text = found.art, found.art.text
    sent = evidence(art, Span(m.start(), m.end()))
    left = text[sent.start : m.start()]
    v = _verb_re().search(left)
    if not v:
        return
    subj = v.group("subj")
    subj, cut = strip_time_head(subj)
    base = sent.start + v.start("subj") + cut
    if subj:
        orgs = org_mentions(found.ctx, base, subj)
        if not orgs:  # …办公室同步|制定了: adverbs the pattern does not list, by the tagger
            trail = tokens.trail_start(subj)
            orgs = org_mentions(found.ctx, base, subj[:trail]) if 0 < trail < len(subj) else None
        if orgs:
            found.issuers(doc, orgs, Span(m.start(), m.end()))
        return
    # no subject in the verb's own clause: the body that opens an earlier clause of the sentence
    clause_end = sent.start + v.start()
    for c in reversed(list(re.finditer(r"[^，,；;]+", text[sent.start : clause_end]))):
        ctext, cut = strip_time_head(c.group())
        cstart = sent.start + c.start() + cut
        run = re.match(rf"[{CJK}、]+?(?=在|召开|高规格|研究|印发|出台|制定|下发|联合|近日|日前|正式|专门|先后)", ctext)
        if run:
            orgs = org_mentions(found.ctx, cstart, run.group())
            if orgs and _SUBJECT_FOLLOW.match(ctext[run.end() :]):
                found.issuers(doc, orgs, Span(m.start(), m.end()))
                return


def _notice(found: _Found) -> None:
    """A notice: `中共洛阳市委 洛阳市人民政府 关于…的通知` as headline, signed by bodies."""
    art = found.art
    if art.kind != "notice" or art.title_span is None:
        return
    text = art.text
    ts = art.title_span
    m = re.search(r"关于[^《》\n]{2,80}$", text[ts.start : ts.end])
    if not m:
        return
    tstart = ts.start + m.start()
    title, pos = _title_positions(text, tstart, ts.end)
    typ = document_type(title)
    if typ is None or not printable(title):
        return
    span = Span(tstart, ts.end)
    doc = found.document(title, typ, span, text[tstart : ts.end])
    orgs: list[tuple[Entity, Span]] = []
    head = text[ts.start : tstart]
    for line in re.finditer(r"\S+", head):
        got = org_mentions(found.ctx, ts.start + line.start(), line.group())
        if got:
            orgs.extend(got)
    # the signature: lines of body names just before the closing date
    lines = list(re.finditer(r"[^\n]+", text[art.body.start : art.body.end]))
    for line in reversed(lines[-6:]):
        t = line.group().strip()
        if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t):
            continue
        got = org_mentions(found.ctx, art.body.start + line.start(), line.group()) if len(t) <= 30 else None
        if not got:
            break
        orgs.extend(got)
    seen: set[Entity] = set()
    found.issuers(doc, [(o, s) for o, s in orgs if not (o in seen or seen.add(o))], span)


_ROW_NO = r"(?:\d{1,3}[、.．]?|[一二三四五六七八九十百]{1,4}、|[（(][一二三四五六七八九十\d]{1,3}[）)])"
# a catalogue row (a list of rules repealed or amended): a numbered title without 《》 at the start of
# a line or after the row before it, followed at once by its date or its document number (an
# unnumbered line is a sentence as often: 新修订的管理办法2020年1月1日起施行)
_CATALOGUE = re.compile(rf"(?m)(?:^[ \t　]*{_ROW_NO}|(?<=[。；：）)]){_ROW_NO})(?P<t>[{CJK}][{CJK}（）()〈〉、]{{5,60}}?)(?=[（(]?\d{{4}}年\d{{1,2}}月|[（(]?[{CJK}]{{1,4}}〔\d{{4}}〕)")
# an amendment: 将第三条中的“X条例”修改为“X法”; quoted, only the types of laws and rules
_AMENDED = re.compile(r"(?:中的|修改为|改为|替换为)“(?P<t>[^“”\n]{4,40})”")
_RULE_TYPES = frozenset({"法", "条例", "细则", "实施细则", "办法", "实施办法", "规定"})
# a notice's headline the page did not split off, known by the salutation that follows it
# (…关于…的通知 各县（区）人民政府，市政府各部门：), after the names of the bodies that issue it; the
# title ends with its type, so a 各 inside it (关于加强各级…的通知) does not end it
_SALUTED = re.compile(r"(?P<t>关于[^，。；：！？《》“”\n]{2,80}?的(?:通知|意见|决定|方案|办法|规定|通报|公告|批复|函))"
                      r"\s*(?=各[^。；！？\n]{1,80}?：)")
_HEAD_STOP = "。！？；：）)」\n"


def _catalogue(found: _Found, rng: Span) -> None:
    """Rows of a catalogue of rules: `12临江省渔船管理办法2001年3月5日…公布`,
    `十三、临江省城市供水管理规定（2003年7月1日省政府令第40号公布…）`."""
    text = found.art.text
    for m in _CATALOGUE.finditer(text, rng.start, rng.end):
        title = m.group("t")
        typ = document_type(title)
        if typ is None or _is_bare(title) or not printable(title):
            continue
        found.document(title, typ, Span(m.start("t"), m.end("t")), title)


def _amended(found: _Found, rng: Span) -> None:
    """The laws an amendment names in quotes (`将…中的“草原法实施细则”修改为“草原法实施条例”`)."""
    text = found.art.text
    for m in _AMENDED.finditer(text, rng.start, rng.end):
        title = m.group("t")
        typ = document_type(title)
        if typ not in _RULE_TYPES or _is_bare(title) or not printable(title):
            continue
        found.document(title, typ, Span(m.start("t"), m.end("t")), title)


def _saluted(found: _Found, rng: Span) -> None:
    """`中共安平县委办公室 安平县林业局 关于…的通知 各乡镇：`: the headline is a document,
    the bodies written just before it its issuers (a notice whose lines the page ran together)."""
    art, text = found.art, found.art.text
    for m in _SALUTED.finditer(text, rng.start, rng.end):
        title, pos = _title_positions(text, m.start("t"), m.end("t"))
        typ = document_type(title)
        if typ is None or not printable(title):
            continue
        if art.title_span is not None and art.title_span.start <= m.start() < art.title_span.end:
            continue
        lo = max(rng.start, m.start() - 60)
        cut = max(text.rfind(c, lo, m.start()) for c in _HEAD_STOP)
        hstart = max(lo, cut + 1)
        head, hpos = _title_positions(text, hstart, m.start())
        got = bodies(head) if head and printable(head) else None
        if not got:
            continue
        orgs = [(org_entity(found.ctx, Span(hpos[x], hpos[y - 1] + 1), head[x:y]), Span(hpos[x], hpos[y - 1] + 1)) for x, y in got]
        span = Span(m.start("t"), m.end("t"))
        doc = found.document(title, typ, span, text[span.start : span.end])
        found.issuers(doc, orgs, span)


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    found = _Found(ctx)
    art = ctx.article
    text = art.text
    _notice(found)
    for rng in ranges(art):
        _catalogue(found, rng)
        _amended(found, rng)
        _saluted(found, rng)
    for rng in ranges(art):
        for m in TITLE_RE.finditer(text, rng.start, rng.end):
            title, pos = _title_positions(text, m.start(1), m.end(1))
            span = Span(m.start(), m.end())
            ref = _refer(found, title)
            if ref is not None:
                found.mentions.append(Mention(ref, span, text[m.start() : m.end()]))
                continue
            typ = document_type(title)
            if typ is None or _is_bare(title) or not printable(title):
                continue
            doc = found.document(title, typ, span, text[m.start(1) : m.end(1)])
            alias = ALIAS_RE.match(text, m.end())
            if alias:
                short = re.sub(r"\s+", "", alias.group(1))
                if short and short != title:
                    found.aliases[short] = doc
                    found.fact(doc, "skos:altLabel", short, span, "zh")
            for inner in INNER_RE.finditer(title):
                inner_title = inner.group(1)
                ityp = document_type(inner_title)
                if ityp is None or not printable(inner_title):
                    continue
                ispan = Span(pos[inner.start(1)], pos[inner.end(1) - 1] + 1)
                idoc = found.document(inner_title, ityp, ispan, text[ispan.start : ispan.end])
                if re.search(r"(?:贯彻|落实|实施|执行)(?:落实)?$", title[: inner.start()]):
                    found.fact(doc, "zw:implements", idoc, span)
            _issuer_from_title(found, doc, title, pos, span)
            _issuer_from_verb(found, doc, m)
    return found.mentions, unique_facts(found.facts)
