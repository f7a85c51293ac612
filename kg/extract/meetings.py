"""Meetings: named meetings and conferences, who chaired and attended them, what they adopted.

Find: every meeting word (kg/lexicons/meeting_words.txt: 会议, 常委会议, 座谈会, 推进会 …) ends a
candidate; its name starts after the verb that introduces it (召开, 主持召开, 出席 …,
kg/lexicons/meeting_verbs.txt), else after a weaker cue (在, 学习贯彻, 以及, 的 …) or the start of
the clause. A candidate with no introducing verb must also be followed by what the genre says of
meetings (…上, …精神, …部署要求, …，明确提出). The party's congresses are named by number (党的十九大,
二十大); a date or a passive (经, 已被) that opens the clause is no part of a name, 党的 before a numbered
plenum is (its short form an altLabel), and a session followed by a meeting held in it is two meetings. A name whose qualifier is only generic (此次会议,
视频会议, 政银企洽谈会: kg/lexicons/meeting_generic.txt) is a kind of meeting, not a named one, and
is not recorded; bare 会议 / 座谈会 / 会上 refer to the meeting last named in the article.

Write: the label is the name as written, less the bodies that convened it when they prefix it
(`省委省政府加快洛阳副中心城市建设工作推进会` -> `加快洛阳副中心城市建设工作推进会`, convened by 省委 and
省政府, the long form kept as a `skos:altLabel`) — except a name that is only a number, which is
its body's (`市政府召开第12次常务会议` -> `市政府第12次常务会议`). Names in one article that differ
only by the city's name are one meeting, and so is a name another one only prefixes with its scope
or body (`重点企业座谈会` / `全市重点企业座谈会`). A meeting referred to (`传达学习X会议精神`) is not
the one the later `会议审议通过…` speaks of. Facts: chair (`李亚主持召开…`, `会议由…主持`), attendees (`…等参加座谈会`,
`出席会议`, `在座谈会上强调`, the speaker of `在…上的讲话`), convener, adopted documents
(`会议审议并原则通过《…》`), reports heard (`听取了…汇报`), date (resolved against the article's date,
else kept as written), place (`在洛阳召开`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.context import Context, unique_facts
from kg.extract.common import CJK, TIME_HEAD, bodies, evidence, org_mentions, printable, ranges, strip_time_head
from kg.extract.titles import role_flags
from kg.extract.names import glued_word
from kg.lexicons import ordered, rows, words
from kg.records import Entity, Fact, Mention, Span
from kg.text.dates import find_when, resolve_when

_WEAK = ("学习贯彻", "深入学习", "贯彻落实", "传达学习", "学习", "贯彻", "落实", "传达", "以及", "按照", "根据",
         "围绕", "实现", "迎接", "在", "于", "从", "的", "是", "将", "把", "——")
_RIGHT_OK = re.compile(
    r"(?:上|精神|部署|要求|报告|期间|(?:胜利|隆重|顺利)?(?:召开|举行|开幕|闭幕)|结束|以来|提出|指出|强调|明确|审议|表决|通过|决定|作出|确定|"
    r"(?:\d{1,2}日(?:上午|下午|晚)?)?(?:在|于)[^，。；]{1,12}(?:召开|举行|开幕)|等[^，。；]{0,6}会议|"
    r"[，,](?:会议)?(?:明确|提出|指出|强调|要求|审议|听取|研究|部署|通报|传达|号召))"
)
_NOT_END = re.compile(r"(?:室|堂|厅|场所|中心|纪要|记录|材料|内容|功能|系统|形式|制度|机制|议题|期间的)")
_CONVENER_PREFIX = re.compile(r"^(?:(?:党中央|中共中央|国务院|省委|省政府|市委|市政府|县委|县政府|区委|区政府)[、和]?){2,}")
_SINGLE_PREFIX = re.compile(r"^(?:党中央|中共中央|国务院|省委|省政府|市委|市政府|县委|县政府|区委|区政府)(?=加快|推进|推动|学习|贯彻|创建|建设|促进|深化|实施|全面|落实|打好|打赢|决战)")
_POST_END = set("长记任员委席理官政令监事书主师")


@lru_cache(maxsize=None)
def _res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    suffix = "|".join(map(re.escape, ordered("meeting_words")))
    verbs = "|".join(map(re.escape, ordered("meeting_verbs")))
    return re.compile(f"(?:{suffix})"), re.compile(f"(?:{verbs})")


@lru_cache(maxsize=None)
def _verb_role() -> dict[str, str]:
    return {r[0]: r[1] for r in rows("meeting_verbs")}


@dataclass(slots=True)
class _Cand:
    span: Span  # the name as written (convener prefix included)
    name: str
    verb: str | None  # the verb that introduced it (召开, 主持召开, 出席 …)
    verb_span: Span | None
    label: str = ""
    conveners: list[tuple[int, int]] = field(default_factory=list)  # offsets in name
    accepted: bool = False


_LEAD_HEAD = re.compile(r"(?:本报讯|本报消息)\s*(?:[（(][^（）()]*[）)])?\s*")
# what opens a clause before a meeting that passed something (经省人大常委会第9次会议表决通过,
# 已被…第十八次会议通过的): the passive or the agent, no part of the name
_AGENT = re.compile(r"(?:已经|已被|已由|经|被|由)(?=(?:\d{4}年)?(?:\d{1,2}月\d{1,2}日)?(?:[省市县区]|全国|中央|国务院|中共|党的|第|[一二三四五六七八九十]+届))")
_DATE_HEAD = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?")
# the party's national congresses by number (党的十九大, 中共一大): a single digit only after 党的/中共
# the party's congresses by number (党的十九大, 中共一大, 二十大精神). Without 党的/中共 a number
# and 大 are as often a count of kinds (十大工程, 十三大领域), so the bare form needs what is said of
# a congress right after it (精神, 报告, 以来, 召开 …) or a pause; and no congress is past 二十
_CONGRESS = re.compile(
    r"(?:(?:党的|中共)(?:十[一二三四五六七八九]?|二十|[一二三四五六七八九])大"
    r"|(?<![一二三四五六七八九十第])(?:十[一二三四五六七八九]|二十)大"
    r"(?=精神|报告|以来|召开|胜利|开幕|闭幕|代表大会|主题|和|及|、|[，。；：！？”）]|$))"
    r"(?!代表[^大]|工程|项目|行动|举措|任务|产业|类|批|战略|[一二三四五六七八九十])"
)
_COUNT = re.compile(r"(?:\d+|[一二三四五六七八九十百两几多]+)次(?:全体)?")
_PREDICATE = re.compile(r"要|把|为|将|让|使|被|抓好|做好|领会|突出|确保|宣传|报道")
_NUMBERED = re.compile(r"(?:第[一二三四五六七八九十百\d]+次|委员会|小组|常委会|全会)$")


def _qualifier_ok(name: str, suffix: str, verb: str | None) -> bool:
    """Is this a named meeting (市委常委会议, 全区重点企业座谈会) rather than a kind or a reference?"""
    name = re.sub(r"\s+", "", name)
    q = name[: len(name) - len(suffix)]
    unquoted = re.sub(r"“[^“”]*”", "", q)  # a quoted slogan may hold any word (“…使命”主题教育总结大会)
    if not printable(name) or len(q) < 2 or q in words("meeting_generic") or _PREDICATE.search(unquoted):
        return False
    if len(suffix) <= 3 and re.fullmatch(r"(?:[省市县区]|全[省市县区]|各|全体|两|本|该|这|此)+", q):
        return False
    if _COUNT.fullmatch(q):  # 召开21次会议: how many, not which
        return False
    # a bare 会议 is named only when introduced by a verb or numbered (市政府第5次常务会议)
    return suffix != "会议" or verb is not None or bool(_NUMBERED.search(q))


def _candidates(ctx: Context) -> list[_Cand]:
    """Meeting names by their endings, read back to where the name starts, longest kept, each one
    introduced by a verb or followed by the genre's context."""
    art = ctx.article
    text = art.text
    suffix_re, verb_re = _res()
    out: list[_Cand] = []
    for rng in ranges(art):
        for m in suffix_re.finditer(text, rng.start, rng.end):
            if _NOT_END.match(text, m.end()):
                continue
            cand = _read_back(text, rng.start, m, verb_re)
            if cand is not None:
                out.extend(_split_session(text, cand))
        out.extend(_congresses(text, rng, verb_re))
    return _accepted(text, _longest(out))


def _congresses(text: str, rng: Span, verb_re: re.Pattern[str]) -> list[_Cand]:
    """党的十九大, 二十大: a congress by its number, introduced by the verb just before it if any."""
    out = []
    for m in _CONGRESS.finditer(text, rng.start, rng.end):
        v = None
        for v in verb_re.finditer(text, max(rng.start, m.start() - 6), m.start()):
            pass
        if v is not None and v.end() == m.start():
            out.append(_Cand(Span(m.start(), m.end()), m.group(), v.group(), Span(v.start(), v.end())))
        else:
            out.append(_Cand(Span(m.start(), m.end()), m.group(), None, None))
    return out


_SESSION_END = re.compile(r"次(?:会议|全会|全体会议)")


def _split_session(text: str, c: _Cand) -> list[_Cand]:
    """`十三届全国人大五次会议临江代表团全体会议`: a numbered session, then a meeting
    held within it — two meetings, the session and the one named after it."""
    inner = _SESSION_END.search(c.name, 0, len(c.name) - 4)
    if inner is None:
        return [c]
    k = c.span.start + inner.end()
    rest = text[k : c.span.end]
    suffix = _suffix_of(rest, rest)
    if len(rest) - len(suffix) < 4 or not _qualifier_ok(rest, suffix, None if c.verb is None else c.verb):
        return [c]
    first = _Cand(Span(c.span.start, k), text[c.span.start : k], c.verb, c.verb_span)
    return [first, _Cand(Span(k, c.span.end), rest, c.verb, c.verb_span)]


def _read_back(text: str, floor: int, m: re.Match[str], verb_re: re.Pattern[str]) -> _Cand | None:
    """The meeting whose ending `m` is: its name back to the clause start, the verb, or a weak word."""
    start = _clause_start(text, floor, m.start())
    verb = None
    verb_span = None
    for v in verb_re.finditer(text, start, m.start()):
        verb, verb_span = v.group(), Span(v.start(), v.end())
    if verb_span is not None:
        start = verb_span.end + (text[verb_span.end] == "了")  # 组织召开了X
    else:
        start += _after_weak(text[start : m.start()])
    lead = _LEAD_HEAD.match(text, start, m.start())  # 本报讯 市十三届人大常委会…: the lead is no part of it
    if lead:
        start = lead.end()
    seg = text[start : m.start()]
    if "的" in seg:
        start += seg.rfind("的") + 1
    head = TIME_HEAD.match(text[start : m.start()])
    if head and head.end() and verb_span is not None:
        start += head.end()
    start = _name_start(text, start, m.start())
    if text[start] == "“" and "”" not in text[start : m.end()]:
        start += 1
    name = text[start : m.end()]
    if not _qualifier_ok(name, _suffix_of(name, m.group()), verb):
        return None
    return _Cand(Span(start, m.end()), name, verb, verb_span)


def _clause_start(text: str, floor: int, end: int) -> int:
    """Where the clause a meeting word ends starts: punctuation, or a coordinated meeting
    (甲会议和乙会议, 十九大和十九届四中全会), at most 40 characters back; a quoted phrase with
    its own 、 (“不忘初心、牢记使命”主题教育总结大会) is not cut."""
    lo = max(floor, end - 40)
    left = text[lo:end]
    cut = max((left.rfind(c) for c in "，。；：！？、,;:!?\n《》"), default=-1)
    co_re = r"(?<=会|议)[和与及]|(?<=[一二三四五六七八九十]大)[和与及]|[和与及](?=全[国省市区县]|中央|省委|市委|党的|\d{4}年|[一二三四五六七八九十]+届)"
    for co in re.finditer(co_re, left):
        cut = max(cut, co.start())
    start = lo + cut + 1
    seg = text[start:end]
    close = seg.find("”")
    if close >= 0 and "“" not in seg[:close]:
        q = text.rfind("“", lo, start)
        if q >= 0 and not re.search(r"[，。；：！？,;:!?\n]", text[q:start]):
            start = q
    return start


def _name_start(text: str, start: int, end: int) -> int:
    """`start` past what opens a clause but is no part of a meeting's name: a full date
    (2015年9月10日省人大常委会第十八次会议), the passive or agent (经, 已被); and back over 党的
    before a numbered congress (党的十九届四中全会)."""
    agent = None
    for agent in _AGENT.finditer(text, start, end):
        pass
    if agent is not None:  # …本规定已被|省人大常委会第十八次会议通过的
        start = agent.end()
    d = _DATE_HEAD.match(text, start, end)
    if d:
        start = d.end()
    a = _AGENT.match(text, start, end)  # 2009年11月23日经|…
    if a:
        start = a.end()
    if text[max(0, start - 2) : start] == "党的" and re.match(r"[一二三四五六七八九十]+届", text[start:end]):
        start -= 2
    return start


def _suffix_of(name: str, written: str) -> str:
    """The longest meeting word the name ends with once its spaces are gone (工作 会议 -> 工作会议)."""
    compact = re.sub(r"\s+", "", name)
    return next((w for w in ordered("meeting_words") if compact.endswith(w)), written)


def _after_weak(seg: str) -> int:
    """Where a name starts after the last weak introducing word of `seg` (0 if none)."""
    best = -1
    for w in _WEAK:
        i = seg.rfind(w)
        if i >= 0 and i + len(w) > best:
            best = i + len(w)
    return best if best > 0 else 0


def _longest(cands: list[_Cand]) -> list[_Cand]:
    """Longest wins: candidates inside another one are dropped."""
    cands.sort(key=lambda c: (c.span.start, -c.span.end))
    kept: list[_Cand] = []
    for c in cands:
        if kept and kept[-1].span.contains(c.span):
            continue
        kept = [k for k in kept if not c.span.contains(k.span)]
        kept.append(c)
    return kept


def _accepted(text: str, kept: list[_Cand]) -> list[_Cand]:
    """A candidate without a verb needs the genre's context on its right (or to be listed with one that has)."""
    for c in reversed(kept):
        if c.verb is not None or _RIGHT_OK.match(text, c.span.end):
            c.accepted = True
            continue
        nxt = text[c.span.end : c.span.end + 1]
        if nxt and nxt in "、和与及" and any(k.accepted and k.span.start == c.span.end + 1 for k in kept):
            c.accepted = True
    return [c for c in kept if c.accepted]


def _canonical(c: _Cand, city: str | None) -> None:
    name = re.sub(r"\s+", "", c.name)
    m = _CONVENER_PREFIX.match(name) or _SINGLE_PREFIX.match(name)
    if m and len(name) - m.end() >= 6:
        prefix = m.group()
        c.conveners = [(a.start(), a.end()) for a in re.finditer(r"[^、和]+", prefix)]
        name = name[m.end() :]
    c.label = name


def _city_key(label: str, city: str | None) -> str:
    return label.replace(city, "") if city else label


_SCOPE = re.compile(r"(?:全|我|本)?[省市区县镇乡]")
_ORDINAL = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+次")


def _groups(cands: list[_Cand], city: str | None) -> dict[str, str]:
    """City-less name -> the label of its meeting. Names that differ only by the city are one
    meeting, the longest label winning; so is a name that another one in the article only
    prefixes with its scope or its body (我市召开重点企业座谈会 … 全市重点企业座谈会召开;
    第二十六次常务会议 … 市政府第二十六次常务会议), when that longer name is the only one."""
    groups: dict[str, str] = {}
    for c in cands:
        k = _city_key(c.label, city)
        if len(c.label) > len(groups.get(k, "")):
            groups[k] = c.label
    for k in list(groups):
        longer = {groups[K] for K in groups if K != k and K.endswith(k) and _owner_prefix(K[: -len(k)])}
        if len(longer) == 1:
            groups[k] = longer.pop()
    return groups


def _owner_prefix(prefix: str) -> bool:
    """A scope (全市, 我省) or a body (市政府, 市人大常委会) written before a meeting's name."""
    return bool(_SCOPE.fullmatch(prefix)) or bodies(prefix) is not None


def _subject(ctx: Context, verb_start: int, sent: Span) -> tuple[int, str]:
    """The subject written before a meeting verb in its clause, less time words and adverbs."""
    text = ctx.article.text
    left = text[sent.start : verb_start]
    cut = max(left.rfind("，"), left.rfind(","))
    start = sent.start + cut + 1
    subj, skipped = strip_time_head(text[start:verb_start])
    start += skipped
    subj = re.sub(r"(?:在[^在]{1,12}?|专门|高规格|组织|联合|共同|再次|今天|近日)+$", "", subj)
    return start, subj


def _ordinal_owner(ctx: Context, c: _Cand) -> None:
    """`市政府召开第二十六次常务会议`: a meeting named by its number alone is the convening body's
    (市政府第二十六次常务会议); every body has a 26th one."""
    if c.verb is None or c.verb_span is None or not _ORDINAL.match(c.label):
        return
    if _verb_role().get(c.verb, "convene") != "convene":
        return
    _, subj = _subject(ctx, c.verb_span.start, evidence(ctx.article, c.span))
    got = bodies(subj) if subj else None
    if got is not None and len(got) == 1:
        c.label = subj + c.label


def person_before(ctx: Context, end: int) -> tuple[Entity, Span] | None:
    """The person named just before `end` (`李亚` in `…市委书记李亚主持`), allowing 同志 and 等.

    Uses the people extractor's mentions; when it found none there, a surname-led name of two or
    three characters after a post or a clause boundary. This check is looser than
    `titles.plausible_name` on purpose: it is reached for the names the people extractor let go,
    such as 朱是西 (是 is one of plausible_name's function-word characters).
    """
    text = ctx.article.text
    for tail in ("同志等", "同志", "等", ""):
        if tail and text[max(0, end - len(tail)) : end] != tail:
            continue
        e = end - len(tail)
        for m in ctx.mentions:
            if m.entity.kind == "person" and m.span.end == e:
                return m.entity, m.span
    e = end - 1 if text[end - 1 : end] == "等" else end
    surnames = words("surnames")
    for n in (3, 2):
        s = e - n
        if s < 0:
            continue
        cand = text[s:e]
        if not re.fullmatch(f"[{CJK}]+", cand):
            continue
        if cand[0] not in surnames and cand[:2] not in surnames:
            continue
        if cand in words("not_names") or cand in role_flags() or cand[1:] in role_flags():
            continue  # 市委常委出席: a title, not a name
        before = text[s - 1] if s > 0 else "\n"
        if glued_word(text, s):
            continue  # 及|时赶赴: the first character closes a word begun before it
        if before in _POST_END or not re.match(f"[{CJK}]", before) or before in "、和与及由":
            return Entity("person", cand), Span(s, e)
    return None


def persons_before(ctx: Context, verb_start: int, sent: Span) -> list[tuple[Entity, Span]]:
    """The people listed just before a verb (`副市长魏险峰等参加`, `…姜巍、政委李杏，副市长李保兴…参加`)."""
    text = ctx.article.text
    people = sorted((m for m in ctx.mentions if m.entity.kind == "person" and sent.start <= m.span.start and m.span.end <= verb_start), key=lambda m: m.span.start)
    out: list[tuple[Entity, Span]] = []
    hit = person_before(ctx, verb_start)
    if hit is None:
        return out
    out.append(hit)
    # walk back over the list while only posts, 、 and ， lie between names
    pos = hit[1].start
    for m in reversed(people):
        if m.span.end > pos:
            continue
        gap = text[m.span.end : pos]
        if len(gap) > 20 or re.search(r"[。；！？]|主持|召开|强调|指出|表示|说", gap):
            break
        out.append((m.entity, m.span))
        pos = m.span.start
    return out


class _Writer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.art = ctx.article
        self.mentions: list[Mention] = []
        self.facts: list[Fact] = []

    def fact(self, s: Entity, p: str, o: object, span: Span, lang: str | None = None) -> None:
        self.facts.append(Fact(s, p, o, evidence(self.art, span), lang))  # type: ignore[arg-type]

    def person(self, meeting: Entity, pred: str, who: tuple[Entity, Span], span: Span) -> None:
        self.mentions.append(Mention(who[0], who[1]))
        self.fact(meeting, pred, who[0], span)


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    art = ctx.article
    text = art.text
    cands = _candidates(ctx)
    if not cands and not re.search(r"在.{2,40}上的(?:表态)?(?:发言|讲话|致辞|报告)", art.title):
        return [], []
    w = _Writer(ctx)
    for c in cands:
        _canonical(c, art.city)
        _ordinal_owner(ctx, c)
    groups = _groups(cands, art.city)
    timeline: list[tuple[int, Entity]] = []
    for c in cands:
        label = groups[_city_key(c.label, art.city)]
        meeting = Entity("meeting", label)
        written = re.sub(r"\s+", "", c.name)
        w.mentions.append(Mention(meeting, c.span, written if written != label else ""))
        short = label.removeprefix("党的") if re.match(r"党的[一二三四五六七八九十]", label) else label
        for alt in sorted({c.label, written, short} - {label}):
            w.fact(meeting, "skos:altLabel", alt, c.span, "zh")
        if not text.startswith("精神", c.span.end):  # 传达学习X会议精神: X is referred to, not held here
            timeline.append((c.span.start, meeting))
        _convener_prefix(ctx, w, c, meeting)
        if c.verb is None and text[c.span.end : c.span.end + 1] in ("在", "于"):  # X会在洛阳召开
            for m in ctx.mentions:
                if m.entity.kind == "place" and m.span.start == c.span.end + 1:
                    w.fact(meeting, "zw:locatedIn", m.entity, c.span)
        if c.verb is not None:
            _introduced(ctx, w, c, meeting)
    timeline.sort(key=lambda t: t[0])

    def current(pos: int) -> Entity | None:
        last = None
        for start, m in timeline:
            if start > pos:
                break
            last = m
        return last

    by_span = {c.span.start: c for c in cands}
    _speech(ctx, w, timeline)
    for s in art.sentences:
        _sentence_roles(ctx, w, s, current, by_span)
    return w.mentions, unique_facts(w.facts)


def _convener_prefix(ctx: Context, w: _Writer, c: _Cand, meeting: Entity) -> None:
    if not c.conveners:
        return
    # offsets in the name without spaces map to page offsets (names have no spaces in practice)
    base = c.span.start
    names = [c.name[a:b] for a, b in c.conveners]
    pos = 0
    for n in names:
        i = c.name.find(n, pos)  # inside the candidate's own text, so offsets stay page offsets
        if i < 0:
            continue
        got = org_mentions(ctx, base + i, n)
        pos = i + len(n)
        for org, span in got or []:
            w.mentions.append(Mention(org, span))
            w.fact(meeting, "zw:convenedBy", org, c.span)


def _introduced(ctx: Context, w: _Writer, c: _Cand, meeting: Entity) -> None:
    """召开 / 主持召开 / 出席 X: the subject convenes, chairs or attends; date and place come along."""
    art = ctx.article
    text = art.text
    assert c.verb is not None and c.verb_span is not None
    role = _verb_role().get(c.verb, "convene")
    sent = evidence(art, c.span)
    if role == "chair":
        who = person_before(ctx, c.verb_span.start)
        if who:
            w.person(meeting, "zw:chairedBy", who, c.span)
    elif role == "attend":
        for who in persons_before(ctx, c.verb_span.start, sent):
            w.person(meeting, "zw:attendedBy", who, c.span)
    else:
        _convener_subject(ctx, w, c, meeting, sent)
    if role in ("chair", "convene"):
        when = find_when(text, sent.start, c.verb_span.start)
        if when:
            day = resolve_when(when.group(), art.date)
            if day is not None:
                w.fact(meeting, "dcterms:date", day, c.span)
            else:
                w.fact(meeting, "zw:dateText", when.group(), c.span)
        for m in ctx.mentions:
            if m.entity.kind == "place" and sent.start <= m.span.start and m.span.end <= c.verb_span.start and text[m.span.start - 1 : m.span.start] == "在":
                w.fact(meeting, "zw:locatedIn", m.entity, c.span)


def _convener_subject(ctx: Context, w: _Writer, c: _Cand, meeting: Entity, sent: Span) -> None:
    assert c.verb_span is not None
    start, subj = _subject(ctx, c.verb_span.start, sent)
    orgs = org_mentions(ctx, start, subj) if subj else None
    for org, span in orgs or []:
        w.mentions.append(Mention(org, span))
        w.fact(meeting, "zw:convenedBy", org, c.span)


def _speech(ctx: Context, w: _Writer, timeline: list[tuple[int, Entity]]) -> None:
    """A speech headed `——在X上的讲话`: its author attended X."""
    art = ctx.article
    t = art.title_span
    if t is None or not art.bylines:
        return
    if not re.search(r"在.{2,40}上的(?:表态)?(?:发言|讲话|致辞|报告)", art.title):
        return
    for start, meeting in timeline:
        if t.start <= start < t.end:
            for b in art.bylines:
                if b.role in ("", "作者"):
                    w.person(meeting, "zw:attendedBy", (Entity("person", b.name), b.span), t)
            return


_ATTEND = re.compile(r"(?:等)?(?:参加|出席|列席)(?:了)?(?=会议|座谈会|推进会|大会|会|相关活动|活动|并)")
_AT = re.compile(r"在(?:此次|这次|本次)?(?:会议|座谈会|推进会|联席会议|大会|会)上")
_CHAIR = re.compile(r"(?:同志)?主持(?:会议|座谈会|推进会|大会|并讲话|。|，)")
_ADOPT = re.compile(r"审议(?:并)?(?:原则)?通过(?:了)?")
_HEARD = re.compile(r"听取(?:了)?(?P<x>[^，。；、]{2,60}?(?:汇报|报告))")
_SUBJ_MEETING = re.compile(r"^(?:[^，。]{0,12}?[，,])?(?:会议|会上|座谈会|推进会|大会)")


def _sentence_roles(ctx: Context, w: _Writer, s: Span, current, by_span) -> None:  # noqa: ANN001
    art = ctx.article
    text = art.text
    st = text[s.start : s.end]
    if not re.search(r"参加|出席|列席|在.{0,6}上|主持|审议|听取", st):
        return
    for m in _ATTEND.finditer(text, s.start, s.end):
        meeting = current(m.end())
        if meeting is None:
            continue
        for who in persons_before(ctx, m.start(), s):
            w.person(meeting, "zw:attendedBy", who, Span(m.start(), m.end()))
    for m in _AT.finditer(text, s.start, s.end):
        meeting = current(m.end())
        who = person_before(ctx, m.start())
        if meeting is not None and who:
            w.person(meeting, "zw:attendedBy", who, Span(m.start(), m.end()))
    for m in _CHAIR.finditer(text, s.start, s.end):
        meeting = current(m.end())
        who = person_before(ctx, m.start())
        if meeting is not None and who:
            w.person(meeting, "zw:chairedBy", who, Span(m.start(), m.end()))
    lead = _SUBJ_MEETING.match(st)
    for m in _ADOPT.finditer(text, s.start, s.end):
        meeting = current(m.start())
        if meeting is None or (not lead and not any(c.span.start >= s.start and c.span.end <= m.start() for c in by_span.values())):
            continue
        for d in ctx.mentions:
            if d.entity.kind == "document" and m.end() <= d.span.start <= m.end() + 2 + 60 and d.span.end <= s.end:
                gap = text[m.end() : d.span.start]
                if re.fullmatch(r"[《》、和及\s]*|(?:[^。；]*》[、和及])*", gap):
                    w.fact(meeting, "zw:adopted", d.entity, Span(m.start(), m.end()))
    for m in _HEARD.finditer(text, s.start, s.end):
        meeting = current(m.start())
        if meeting is None or not lead:
            continue
        w.fact(meeting, "zw:discussed", re.sub(r"\s+", "", m.group("x")), Span(m.start(), m.end()), "zh")
