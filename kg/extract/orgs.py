"""Organisations, found by how their names end (…局, …集团, …街道党工委; kg/lexicons/org_suffixes.txt).

Find, then write: `find_orgs()` scans one paragraph for every ending, reads the name back to the
punctuation before it and cuts it after the last verb or preposition (`联合|区委组织部`,
`老城区政府与|河南建业住宅建设有限公司`, kg/lexicons/org_stops.txt), and after leading verbs or
adverbs no list holds when the private tagger (kg/tokens.py) reads a proper name after them
(`希望|中建七局`); then the model's words (kg/recognise) say where a name can start: after the
adverbs, prepositions and time words before it, after the verbs before a place opens it
(`认真学习落实|水利部`, `按规定报送|省政府`, `29日|报…`), never inside a count or an each-word
(`几家银行`, `各县…办公室`); generic heads (`各级党委`, `有关部门`, `城市社区`, `县市区党委`) are
dropped; where names overlap the longest wins (`洛龙区定鼎门社区党委第二党支部` over `…社区党委`).
The model's own organisation names are taken where the rules found none, when they end as the
genre's bodies do (kg/lexicons/org_suffixes.txt, and org_model_endings.txt for `民政部`, `扶贫办`),
split where the model runs bodies together (`交通部|公安部`).

Then names are made canonical so one body is one node across articles and papers:
* city context made explicit: `市委组织部` in a Luoyang paper is `洛阳市委组织部`, `我市商务局` is
  `洛阳市商务局` (article.city; 省委/区委… stay as written: the province or district is not known);
* `中共洛阳市委` is `洛阳市委`, `老城区政府` is `老城区人民政府`;
* within an article a short form names the long one: `北窑街道党工委` = `瀍河区北窑街道党工委`,
  `古都集团` = `洛阳古都发展集团`, `市住建局` = `市住房和城乡建设局`, and `（以下简称特富特）`; a
  company by the body its corporate form wraps: `中建七局` = `中国建筑第七工程局有限公司`;
the forms as written become `skos:altLabel`. A bare `市委`/`省政府` in a stock phrase (按照市委决策
部署) is not recorded as a mention; posts.py still links posts to it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from kg.extract.context import Context
from kg.extract import names as N
from kg.extract import titles as T
from kg.text import tokens
from kg.lexicons import rows, words
from kg.recognise import Token, org_spans
from kg.records import Article, Entity, Fact, Mention, Span

CLASSES = {
    "party": "zw:PartyOrganization",
    "gov": "zw:GovernmentBody",
    "enterprise": "zw:Enterprise",
    "military": "zw:MilitaryUnit",
    "social": "zw:SocialOrganization",
}
_LEVEL = "省市区县镇乡"
# a bare level body: 市委, 省政府, 区人民政府, 村党支部, 党组 … (stock phrases, a short form of a
# named one, or a post's organisation that the text does not name); and the state itself (国家主席,
# 国家级): a post's scope, no body
_BARE = re.compile(
    f"^(?:(?:中共)?[{_LEVEL}村]?(?:委|党委|党工委|党组|党支部|党总支|政府|人民政府|人大|人大常委会|政协|纪委|监委|"
    f"委员会|村委会|居委会|党校)|国家)$"
)
_ALIAS_DEF = re.compile(f"[（(](?:以下简称|以下称|下称|简称)[“《]?([{T.CJK}A-Za-z0-9]{{2,12}})[”》]?[）)]")
_PROJECT_LIST = re.compile(f"(?:、[^，。；：、]{{1,20}})*等[{T.CJK}]{{0,6}}项目")
_NOT_CITY_MARKET = ("市场", "市民", "市级", "市区", "市直", "市容", "市值", "市面", "市县", "市长")


@dataclass(frozen=True, slots=True)
class Suffix:
    text: str
    cls: str
    strength: str
    not_after: str


@lru_cache(maxsize=None)
def suffixes() -> dict[str, Suffix]:
    out = {}
    for r in rows("org_suffixes"):
        out[r[0]] = Suffix(r[0], r[1] if len(r) > 1 else "-", r[2] if len(r) > 2 else "strong", r[3] if len(r) > 3 else "")
    return out


@lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern[str]:
    # an ending inside a longer word is not an ending: 局长, 部门, 公司化, 委员 …
    return re.compile(f"(?:{T.alternation(list(suffixes()))})(?![长门员面势组城习生房])")


def suffix_of(label: str) -> Suffix | None:
    end = T.org_ending(label)
    return suffixes()[end] if end else None


@lru_cache(maxsize=None)
def _model_endings() -> tuple[Suffix, ...]:
    """Endings that make the model's organisation name one the genre accepts (org_model_endings.txt),
    longest first."""
    out = [Suffix(r[0], r[1] if len(r) > 1 else "-", "model", r[2] if len(r) > 2 else "") for r in rows("org_model_endings")]
    return tuple(sorted(out, key=lambda s: (-len(s.text), s.text)))


def model_ending(name: str) -> Suffix | None:
    """The ending by which a name the model proposes, with no ending the rules trust, is still an
    organisation of the genre (民政部, 银监会, 国务院扶贫办); None for a role (…常委) or a word."""
    for suf in _model_endings():
        if name.endswith(suf.text) and len(name) > len(suf.text):
            if name[-len(suf.text) - 1] in suf.not_after or any(name[-n:] in T.role_flags() for n in (2, 3)):
                return None
            return suf
    return None


# -- canonical names ---------------------------------------------------------------------------

def canonical(surface: str, city: str | None) -> str:
    """The node label of an organisation written `surface` in a paper of `city`.

    >>> canonical("市委组织部", "洛阳"), canonical("中共洛阳市委", "洛阳"), canonical("老城区政府", None)
    ('洛阳市委组织部', '洛阳市委', '老城区人民政府')
    """
    s = surface
    if s.startswith("中共") and len(s) > 3:
        s = s[2:]
    if s.startswith("我") and s[1:2] in ("市", "省", "区", "县"):
        s = s[1:]
    if city and s.startswith("市") and (s.startswith("市政府") or not s.startswith(_NOT_CITY_MARKET)):
        s = city + s
    return re.sub(f"(?<=[{_LEVEL}旗州])政府", "人民政府", s)


def org_class(label: str) -> str | None:
    """The finer class an organisation's name tells (its ending; a place + 委 is a party committee)."""
    if label.endswith(("党组", "党委", "党工委")) or _LEVEL_COMMITTEE.search(label):
        return CLASSES["party"]
    suf = suffix_of(label) or model_ending(label)
    return CLASSES.get(suf.cls) if suf else None


def is_bare(label: str) -> bool:
    return bool(_BARE.match(label))


def _strip_city(label: str) -> str:
    m = T.place_prefix_re().match(label)
    return label[m.end() :] if m else label


_CORPORATE = re.compile(r"(?:集团)?(?:股份)?有限(?:责任)?公司$|集团$")


def corporate_core(label: str) -> str:
    """A company's name without its corporate form: 中国建筑第七工程局有限公司 -> 中国建筑第七工程局."""
    m = _CORPORATE.search(label)
    core = label[: m.start()] if m else label
    return core if core != label and suffix_of(core) is not None else label


def is_alias(short: str, long: str) -> bool:
    """Is `short` a short form of `long` (same ending; a tail of it, or its characters in order)?
    A company is also named by the body its corporate form wraps: 中建七局 ~ 中国建筑第七工程局有限公司."""
    if len(short) >= len(long):
        return False
    s1, s2 = suffix_of(short), suffix_of(long)
    if s1 is not None and s2 is not None and not s2.text.endswith(s1.text):
        core = corporate_core(long)
        if core != long and core.endswith(s1.text):
            long, s2 = core, suffix_of(core)
    if s1 is None or s2 is None or not s2.text.endswith(s1.text):  # 华为公司 ~ 华为技术有限公司
        return False
    if long.endswith(short):
        return True
    if s1.text != s2.text and not _CORPORATE.search(long):
        return False  # 临江省民政厅 is no short form of 省人民政府办公厅: 厅 is not 办公厅
    hs, hl = _strip_city(short)[: -len(s1.text)], _strip_city(long)[: -len(s1.text)]
    if len(hs) < 2 or not hl or hs[0] != hl[0]:
        return False
    it = iter(hl)
    return all(ch in it for ch in hs)


# -- finding -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Found:
    surface: str
    span: Span


_LEVEL_COMMITTEE = re.compile(f"[{_LEVEL}]委[^员]*(?:部|办公室|委)$")
_UNIT_HEAD = re.compile(f"(?:街道|社区|村|[{_LEVEL}]|(?:党委|党总支)第[一二三四五六七八九十0-9]+)$")
_PROPER_START = re.compile("(?:中国|中华|全国|国家|“)")


def _head_ok(head: str, suf: Suffix) -> bool:
    """Is `head` + `suf` an organisation's name, not a word or a generic body (各级党委)?"""
    if T.determiner_re().match(head) or head in words("org_generic"):
        return False
    if suf.strength == "name":
        return head == "" or T.is_place(head)
    if suf.strength == "level":
        if suf.text in ("政府", "人民政府"):  # 老城区政府, 洛阳市政府
            return head != "" and (head[-1] in _LEVEL + "旗州" or T.is_place(head))
        h = head[2:] if head.startswith("中共") else head  # 洛阳市委, 瀍河区委, 市委
        return h == "" or T.is_place(h, suf.text[0])
    if not head:
        return False
    if len(suf.text) == 1 and len(head) < 2:
        return False
    if suf.strength == "unit":  # 定鼎门社区党委, 北窑街道党工委, …局党委, …党委第二党支部
        return bool(_UNIT_HEAD.search(head) or T.org_ending(head) or T.is_place(head))
    if suf.strength == "weak":  # 洛阳…中心, “红引擎”党建联盟 (not 洛阳副中心)
        m = _PROPER_START.match(head) or T.place_prefix_re().match(head)
        return m is not None and len(head) - m.end() >= 2
    if suf.strength == "community":  # 定鼎门社区
        return 2 <= len(head) <= 5 and not any(head.endswith(g) for g in words("org_generic"))
    return True


def _glued_lead(name: str, head: str) -> int:
    """Words glued before a name that no stop-list holds (希望|中建七局发挥…, 热烈欢迎|比亚迪…): the
    leading verbs, adverbs and pronouns by the tagger, cut only where a proper name (a place, a
    person's or a firm's name, an abbreviation) follows them — 发现科技有限公司 stays whole."""
    if len(head) < 3 or T.place_start_re().match(head):
        return 0
    k = tokens.lead_end(name, len(head), adverbial=True)
    if 0 < k <= len(head) - 2 and (tokens.proper_at(name, k) or T.place_start_re().match(head, k)):
        return k
    return 0


# the model's words that never stand inside an organisation's head: adverbs, prepositions,
# particles, time words (以|县民政局, 关于|…, 29日|报…); verbs and adverbials too, but only before a
# name starts (认真学习落实|水利部, 不断规范|村民监督委员会): after a place they may be its words
# (县脱贫攻坚领导小组, 市委全面深化改革委员会). Conjunctions, verbal nouns and numbers stand in
# names (住房和城乡建设局, 监督管理局, 十六届人大常委会), except where `_clause` says.
_CLAUSE_TAGS = frozenset({"d", "p", "u", "TIME", "xc", "vd"})
_LEAD_TAGS = frozenset({"v", "ad"})
_NAME_TAGS = frozenset({"ORG", "LOC", "PER"})
_EACH = "各该此这那每某"  # a word opening with one of these in a head makes it generic (各县, 该市)
_CLASSIFIERS = "个家条张位名场项批所座"  # 几家|咨询公司, 一位|…公司: a count of bodies, not a name


@dataclass(frozen=True, slots=True)
class Words:
    """The model's words over an article, in text order, and where its organisation names end."""

    tokens: tuple[Token, ...] = ()
    starts: tuple[int, ...] = ()
    org_ends: dict[int, int] = field(default_factory=dict)  # end -> start (places before joined)

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> "Words":
        toks = tuple(tokens)
        return cls(toks, tuple(t.start for t in toks), {e: s for s, e in org_spans(toks)})

    def within(self, start: int, end: int) -> list[Token]:
        """Words that overlap [start, end)."""
        i = max(0, bisect.bisect_left(self.starts, start) - 1)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            if self.tokens[i].end > start:
                out.append(self.tokens[i])
            i += 1
        return out


def _opens_name(text: str, i: int, tok: Token | None) -> bool:
    """Does a name start at text[i] by the model (a place, a person, an organisation) or the
    genre (a province, a city, a level, 中共/国家 …)?"""
    return (tok is not None and tok.start == i and tok.tag in _NAME_TAGS) or bool(T.place_start_re().match(text, i))


def _clause(text: str, toks: list[Token], i: int, cut: int, lead: bool, head_end: int) -> bool:
    """Is the model's word toks[i], in a name's head that starts at `cut` so far, clause material
    the name cannot hold? `lead`: the words just cut were clause words (建立|健全)."""
    t = toks[i]
    tag, at_cut = t.tag, t.start == cut
    if tag in _LEAD_TAGS:
        clause = at_cut or not _opens_name(text, cut, toks[i - 1] if i else None)
    elif tag == "c":  # 或|公司, 权和|社区, 领导小组和|办公室, …委员会或者|…: it joins two words
        # (暨 joins two names of one body: 院士工作站暨…研究院)
        clause = text[t.start : t.end] != "暨" and (at_cut or t.end == head_end or T.org_ending(text[cut : t.start]) is not None)
    elif tag == "PER":  # 某某|安平县建设局: a person's name before a place is no part of it
        clause = _opens_name(text, t.end, toks[i + 1] if i + 1 < len(toks) else None)
    else:
        clause = tag in _CLAUSE_TAGS or (tag.startswith("a") and lead and at_cut)
    if clause and tag != "c" and t.end - t.start == 1:
        # one-character words in a run: the model lost in a word it does not know, often a name
        # (都|有|为|院士工作站; after a name, 某大学|人|因|工程…); not 已|获|市自来水公司
        run = _single_run(text, toks, i)
        if run >= 3 or (run == 2 and _opens_name(text, cut, _at(toks, cut))):
            return False
    return clause


def _at(toks: list[Token], i: int) -> Token | None:
    """The word that starts at text[i], if one does."""
    return next((t for t in toks if t.start == i), None)


def _single_run(text: str, toks: list[Token], i: int) -> int:
    """How many one-character words, not names, places (市) or marks, run together through toks[i]."""
    def single(j: int) -> bool:
        t = toks[j]
        return t.end - t.start == 1 and t.tag not in _NAME_TAGS and t.tag != "w" and not T.place_start_re().match(text, t.start)

    a = b = i
    while a > 0 and single(a - 1) and toks[a - 1].end == toks[a].start:
        a -= 1
    while b + 1 < len(toks) and single(b + 1) and toks[b].end == toks[b + 1].start:
        b += 1
    return b - a + 1


def _clause_cut(text: str, s: int, head_end: int, floor: int, words_: Words) -> int | None:
    """Where a name the rules start at s (its head ending at head_end) starts after the clause
    words the model reads before it (`_clause`); None when a pronoun shows it generic (该|公司,
    我|局, 你|厅). A word the rules' start cuts in two belongs before the name (29日|报…), unless
    the model reads it as a name, which the rules cut after a stop word inside it (联合|国…): then
    the name starts with it (not before `floor`, the start of the run)."""
    toks = words_.within(s, head_end)
    cut, lead = s, False
    for i, t in enumerate(toks):
        if t.start < cut < t.end:
            if t.tag not in _NAME_TAGS:
                cut = t.end
            elif t.tag == "ORG" and t.start >= floor and i == 0 and any(m.end() == cut for m in T.stop_re().finditer(text, t.start, cut)):
                cut = t.start
            continue
        if t.start < cut or t.end > head_end:
            continue
        if t.tag == "m" and text[t.end - 1] in _CLASSIFIERS:
            return None  # 几家|大银行, 一位|…经纪公司: a count of bodies, not a name
        if text[t.start] in _EACH and t.tag not in _NAME_TAGS:
            return None  # 通知|各县（区）党委…办公室: each county's office, not one body
        if t.tag == "r":
            if text[t.start] == "我" and text[t.start + 1 : t.start + 2] in ("市", "省", "区", "县"):
                cut, lead = t.start + 1, False  # 我|市商务局: the paper's own city
                continue
            return None
        if _clause(text, toks, i, cut, lead, head_end):
            cut, lead = t.end, True
        else:
            lead = False
    return cut


def model_start(text: str, s: int, head_end: int, end: int, floor: int, words_: Words) -> int | None:
    """Where a name the rules read as text[s:end] (its head ending at head_end) starts by the
    model's words (`_clause_cut`); where the model names an organisation ending there, what the
    rules read before it stays only if it opens with a place or a level (市|十六届人大常委会), not a
    heading or a clause (第十条|国家林业局, 得知|某某银行)."""
    if not words_.tokens:
        return s
    cut = _clause_cut(text, s, head_end, floor, words_)
    if cut is None:
        return None
    ms = words_.org_ends.get(end)
    if ms is not None and cut < ms <= head_end and not T.place_start_re().match(text, cut, ms):
        cut = ms
    return cut


def find_orgs(text: str, start: int, end: int, words_: Words = Words()) -> list[Found]:
    """Organisation names in text[start:end], longest first where they overlap; with the model's
    words (`words_`), a name starts where they say it can (`model_start`)."""
    cands: list[Found] = []
    table = suffixes()
    for m in _suffix_re().finditer(text, start, end):
        suf = table[m.group()]
        if suf.not_after and m.start() > start and text[m.start() - 1] in suf.not_after:
            continue
        if text.startswith(("项目", "工程"), m.end()) or _PROJECT_LIST.match(text, m.end(), end):
            continue  # 中国邮政快递物流中心项目, 正骨学院、伊滨医院…等重点项目: projects
        cs = T.chunk_before(text, m.start(), start)
        chunk = text[cs : m.end()]
        cut = T.left_cut(chunk, m.start() - cs)
        name = chunk[cut:]
        head = name[: len(name) - len(suf.text)]
        lead = _glued_lead(name, head)
        if lead:
            name, head, cut = name[lead:], head[lead:], cut + lead
        ms = model_start(text, cs + cut, m.start(), m.end(), cs, words_)
        if ms is None:
            continue
        if ms != cs + cut:
            name, cut = text[ms : m.end()], ms - cs
            head = name[: len(name) - len(suf.text)]
        if head.startswith("我") and head[1:2] in ("市", "省", "区", "县"):
            name, head, cut = name[1:], head[1:], cut + 1
        if not _head_ok(head, suf):
            continue
        cands.append(Found(name, Span(cs + cut, m.end())))
    kept: list[Found] = []
    for f in sorted(cands, key=lambda f: (-(f.span.end - f.span.start), f.span.start)):
        if all(f.span.end <= k.span.start or f.span.start >= k.span.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.span.start)


_ANCHOR = re.compile(f"等[{T.CJK}]{{0,4}}(?:企业|公司)|为(?:主|代表|龙头)的")
_LIST_BEFORE = re.compile(f"(?:[{T.CJK}]{{2,12}}、)*[{T.CJK}]{{2,12}}$")
_RUN = re.compile(f"[{T.CJK}]+")


def _firm_lists(text: str, start: int, end: int, taken: list[Span]) -> list[Found]:
    """Companies named in a list before 等…企业 (推动特富特、腾啸生物等骨干企业) or leading an
    industry (以中信重工、一拖集团为代表的, 新春都制药为主的生物医药)."""
    out = []
    for a in _ANCHOR.finditer(text, start, end):
        lo = max(start, a.start() - 80)
        m = _LIST_BEFORE.search(text, lo, a.start())
        if m is None or (a.group().startswith("等") and "、" not in m.group()):
            continue  # 等…企业 after a single word is too loose (节能环保等产业企业)
        chunk = m.group()
        cut = T.left_cut(chunk)
        for part in _RUN.finditer(chunk, cut):
            s = m.start() + part.start()
            name = part.group()
            sp = Span(s, s + len(name))
            if any(t.start <= sp.start < t.end for t in taken) or name in words("org_generic"):
                continue
            if T.determiner_re().match(name) or not 2 <= len(name) <= 10:
                continue
            suf = suffix_of(name)
            if name in words("not_names") or (suf is not None and not _head_ok(name[: -len(suf.text)], suf)):
                continue
            taken.append(sp)
            out.append(Found(name, sp))
    return out


# -- per article -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OrgMention:
    label: str  # canonical, after aliases
    surface: str
    span: Span
    cls: str | None


def alias_map(labels: list[str]) -> dict[str, str]:
    """Short form -> the long form it names, among the organisations of one article."""
    out: dict[str, str] = {}
    by_end: dict[str, list[str]] = {}  # an alias ends like its name: compare within a last character
    for lab in sorted(set(labels), key=lambda s: (-len(s), s)):
        by_end.setdefault(lab[-1:], []).append(lab)
        core = corporate_core(lab)
        if core[-1:] != lab[-1:]:  # 中建七局 names 中国建筑第七工程局有限公司
            by_end.setdefault(core[-1:], []).append(lab)
    for group in by_end.values():
        for short in group:
            longs = [lg for lg in group if is_alias(short, lg)]
            if longs:
                out[short] = longs[0]
    return out


def _ending(name: str) -> Suffix | None:
    """The ending of a name the model proposes: one the rules trust, else one the genre accepts from
    the model (org_model_endings.txt)."""
    return suffix_of(name) or model_ending(name)


_STATE = (CLASSES["gov"], CLASSES["party"])


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The bodies a name of the model runs together, as the rules read them side by side (left_cut):
    a body and another of the state after a place (省委|省政府, 水利部|国家发展和改革委员会), two of
    one ending (交通部|公安部), two joined by 和/与/及 (环境保护部|和|科学技术部). A body's own part
    stays (国务院扶贫办, 交通运输部政策研究室), and so does a branch (中国银行北京分行)."""
    out = []
    a, k = start, start + 2
    while k <= end - 2:
        left = _ending(text[a:k])
        if left is None or _ends_inside_ending(text, a, k):
            k += 1
            continue
        j = k + 1 if text[k] in "和与及" else k
        right = _ending(text[j:end])
        if right is None or right.text.startswith(("分", "支")):
            k += 1
            continue
        state = CLASSES.get(left.cls) in _STATE and CLASSES.get(right.cls) in _STATE
        if j > k or right.text == left.text or (state and T.place_start_re().match(text, j)) or (right.strength == "name" and text[j:end] == right.text):
            out.append((a, k))
            a, k = j, j + 2
            continue
        k += 1
    out.append((a, end))
    return out


def _stop_inside(name: str) -> bool:
    """Does a stop word of the rules show a clause inside a name the model proposes? Only where it
    is a word of its own (by the tagger) and opens the name or follows a body (会同|市水务局,
    水利部|联合|财政部), not where it is part of a word (联合国, 大使馆, 全面深化改革委员会); and
    never a conjunction (住房和城乡建设部)."""
    soft = T.soft_stops()
    own = {(t.start, t.end) for t in tokens.tokenize(name)}
    for m in T.stop_re().finditer(name):
        if m.group() in soft or (m.start(), m.end()) not in own:
            continue
        if m.start() == 0 or _ending(name[: m.start()]) is not None:
            return True
    return False


def _model_ok(text: str, start: int, end: int) -> bool:
    """Does the genre accept text[start:end], proposed by the model, as an organisation?"""
    name = text[start:end]
    if not 2 <= len(name) <= 40 or not T.IS_CJK.match(name) or name in words("org_generic") or name in words("not_names"):
        return False
    if T.determiner_re().match(name) or is_bare(name) or _stop_inside(name):
        return False
    suf = suffix_of(name)
    if suf is not None and not _head_ok(name[: -len(suf.text)], suf) and not _model_head_ok(name[: -len(suf.text)], suf):
        return False
    if text.startswith(("项目", "工程"), end) or _PROJECT_LIST.match(text, end):
        return False  # …物流中心项目: a project, as find_orgs reads it
    if _ends_inside_ending(text, start, end):
        return False  # 省军|区司令员: the model stopped inside an ending the rules read whole
    # no ending: the model's guess alone (石化, 新时代, 日报) is too loose in this genre, unless a
    # second source agrees (`_vouched`)
    return suf is not None or model_ending(name) is not None or _vouched(name)


def _model_head_ok(head: str, suf: Suffix) -> bool:
    """An ending the rules trust only after a Chinese place (政府) stands after a foreign state's
    name (the dictionary's place, or a transliteration) the model reads as one organisation with
    it; not after a word (数字政府, 法治政府)."""
    if suf.strength != "level" or len(head) < 2 or head in words("org_generic") or T.determiner_re().match(head):
        return False
    entry = tokens.dictionary_tag(head)  # a state's name (ns), or a transliteration: not 数字|政府
    return bool(entry) and entry[0] == "ns" or N.transliterated(head)


def _vouched(name: str) -> bool:
    """Is an organisation the model names without an ending vouched for by something besides the
    model: the dictionary's abbreviation (足协, 中行: jieba's `j`), or a transliteration's
    characters (a foreign club or company: 卡塔维亚), which no word of the genre is made of?"""
    entry = tokens.dictionary_tag(name)
    return bool(entry) and entry[0] == "j" or len(name) >= 3 and N.transliterated(name)


def model_orgs(text: str, proposed: Sequence[Token], taken: list[Span]) -> list[Found]:
    """The model's organisation names (kg/recognise) that the rules did not find, joined to the
    places the model wrote just before them (黑龙江省 | 民政厅 -> 黑龙江省民政厅) and split where
    they run bodies together (`_pieces`), where the genre allows them (`_model_ok`): an ending (局,
    委员会, 公司 …, or one the genre accepts from the model: 民政部, 银监会) on a head the rules
    accept; never a clause word inside, a generic word or a determiner (各级, 有关 …).
    A name that goes on where the rules' name stops (国家林业局|扶贫办) replaces it: its span
    leaves `taken`."""
    out = []
    for start, end in org_spans(proposed):
        for s, e in _pieces(text, start, end):
            over = [k for k in taken if k.start < e and s < k.end]
            if any(k.start != s or k.end >= e for k in over) or not _model_ok(text, s, e):
                continue
            for k in over:
                taken.remove(k)
            sp = Span(s, e)
            taken.append(sp)
            out.append(Found(text[s:e], sp))
    return out


def _ends_inside_ending(text: str, start: int, end: int) -> bool:
    """Does an organisation ending of the rules run across `end` (省军|区, 人民政|府)?"""
    lo = max(start, end - 8)
    return any(m.start() < end < m.end() for m in _suffix_re().finditer(text, lo, min(len(text), end + 8)))


def words_of(ctx: Context) -> Words:
    """The article's model words as `Words`, built once per article and kept on the context."""
    got = ctx.memo.get("words")
    if got is None:
        got = ctx.memo["words"] = Words.of(ctx.tokens)
    return got


def article_orgs(article: Article, proposed: Sequence[Token] = ()) -> list[OrgMention]:
    """Every organisation mention of an article: the rules' names, then the model's (`proposed`)."""
    text, city = article.text, article.city
    found: list[Found] = []
    words_ = Words.of(proposed)
    for s, e in T.regions_of(article):
        found.extend(find_orgs(text, s, e, words_))
    # names given a short form: 特富特电磁科技（洛阳）有限公司（以下简称特富特）
    defined: dict[str, str] = {}
    for f in found:
        m = _ALIAS_DEF.match(text, f.span.end)
        if m:
            defined[m.group(1)] = f.surface
    extra: list[Found] = []
    if defined:
        pat = re.compile(T.alternation(list(defined)))
        for s, e in T.regions_of(article):
            for m in pat.finditer(text, s, e):
                sp = Span(m.start(), m.end())
                if not any(f.span.start <= sp.start < f.span.end or sp.start <= f.span.start < sp.end for f in found):
                    extra.append(Found(m.group(), sp))
    found.extend(extra)
    taken = [f.span for f in found]
    for s, e in T.regions_of(article):
        found.extend(_firm_lists(text, s, e, taken))
    model = model_orgs(text, proposed, taken)
    kept = set(taken)
    found = [f for f in found if f.span in kept] + model
    labels = {f.surface: canonical(defined.get(f.surface, f.surface), city) for f in found}
    aliases = alias_map(list(labels.values()))
    out = []
    for f in found:
        label = labels[f.surface]
        if is_bare(f.surface) and label not in aliases:
            continue  # 按照市委决策部署: a stock phrase, not a named organisation
        label = aliases.get(label, label)
        # a listed firm (腾啸生物) or a defined short name (特富特) has no ending: an enterprise
        cls = org_class(label) or (CLASSES["enterprise"] if suffix_of(f.surface) is None and model_ending(f.surface) is None else None)
        out.append(OrgMention(label, f.surface, f.span, cls))
    return out


def org_facts(entity: Entity, surface: str, cls: str | None) -> list[Fact]:
    """Type and short form of an organisation node."""
    facts = []
    if cls:
        facts.append(Fact(entity, "rdf:type", cls))
    if surface and surface != entity.label:
        facts.append(Fact(entity, "skos:altLabel", surface, lang="zh"))
    return facts


def extract(ctx: Context) -> tuple[list[Mention], list[Fact]]:
    mentions: list[Mention] = []
    facts: dict[Fact, None] = {}
    for om in article_orgs(ctx.article, ctx.tokens):
        e = Entity("org", om.label)
        mentions.append(Mention(e, om.span, om.surface if om.surface != om.label else ""))
        for f in org_facts(e, om.surface, om.cls):
            facts[f] = None
    return mentions, list(facts)
