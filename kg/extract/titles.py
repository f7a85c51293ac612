"""Title chains and the names around them: the genre's own way of naming people.

A Chinese government paper names an official by the posts before the name:
`省委常委、副省长、市委书记李亚`, `洛阳军分区司令员姜巍、政委李杏`, a signature
`市住房和城乡建设局党组书记、局长 赵书政`; later, by a form of address after it (`李亚书记指出`,
`省委王国生书记强调`); ordinary people by a descriptor (`社区党员王兰华说`, `市领导杨晓、吉振华`)
or as speakers (`，王兰华说：`). This module finds those shapes with regular expressions over the
normalised text (one scan per shape, Python work only where one matches) and returns them with
offsets; people.py, posts.py and orgs.py turn them into mentions and facts.

Where a name ends is told by what follows it (kg/lexicons/name_followers.txt): `李亚主持` is a
two-character name because 主持 follows, `刘宛康带领` a three-character one. Candidates must start
with a known surname (kg/lexicons/surnames.txt) and not be a common word (not_names.txt) or a
title (`常委`, `任组长`: a surname-like character before a role is the verb 任, "serve as").

`analysis_of(ctx)` is computed once per article and shared by the extractors through their Context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.lexicons import rows, words
from kg.recognise import org_spans
from kg.records import Article, Span
from kg.text import tokens

if TYPE_CHECKING:
    from typing import Sequence

    from kg.extract.context import Context
    from kg.recognise import Token

CJK = "\u4e00-\u9fff"
IS_CJK = re.compile(f"[{CJK}]")
# characters an organisation or a title chain may contain besides CJK: brackets and quotes
_CHUNK_TAIL = re.compile(f"[{CJK}（）“”]*$")
BAD_NAME_CHARS = set("的了是着们这那说过吗呢吧啊么")
ADDRESS_TAILS = ("女士", "先生", "大爷", "大妈", "大娘", "阿姨", "师傅", "老师", "某某", "某")
MAX_ORG = 40  # longest organisation part read before a role


def alternation(items: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of words, longest first (so 副书记 wins over 书记)."""
    return "|".join(re.escape(w) for w in sorted(set(items), key=lambda w: (-len(w), w)))


# -- lexicons ----------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def role_flags() -> dict[str, frozenset[str]]:
    """Bare roles -> their flags (`after`: also written after a name; `self`: needs no organisation)."""
    return {r[0]: frozenset(r[1].split(",")) if len(r) > 1 else frozenset() for r in rows("titles")}


@lru_cache(maxsize=None)
def role_re() -> re.Pattern[str]:
    # not a title when the role is part of a longer word: 常委会, 书记处, 部长级, 局长们, 主席台 …
    return re.compile(f"(?:{alternation(list(role_flags()))})(?![会处级室们台团制员信热])")


@lru_cache(maxsize=None)
def followers() -> tuple[dict[str, int], int]:
    """Words that may follow a name -> weight: 1 `weak`, 2 a verb, 3 `strict` (as punctuation)."""
    weight = {"weak": 1, "strict": 3}
    out = {r[0]: weight.get(r[1], 2) if len(r) > 1 else 2 for r in rows("name_followers")}
    return out, max(map(len, out))


@lru_cache(maxsize=None)
def stop_re() -> re.Pattern[str]:
    return re.compile(alternation([r[0] for r in rows("org_stops")]))


@lru_cache(maxsize=None)
def soft_stops() -> frozenset[str]:
    return frozenset(r[0] for r in rows("org_stops") if len(r) > 1 and r[1] == "soft")


@lru_cache(maxsize=None)
def place_start_re() -> re.Pattern[str]:
    """Starts that only a name can have: a province or city, 中共/国家 …, a level, a quoted name."""
    places = list(words("provinces")) + list(words("cities"))
    return re.compile(f"(?:中共|中国|中华|全国|国家|中央|“|{alternation(places)}|[省市区县](?![场民级直域内外]|政(?!府)))")


@lru_cache(maxsize=None)
def _suffix_set() -> tuple[frozenset[str], int]:
    ends = frozenset(r[0] for r in rows("org_suffixes"))
    return ends, max(map(len, ends))


def org_ending(s: str) -> str | None:
    """The organisation ending `s` ends with, longest first (洛阳古都发展集团 -> 集团), or None."""
    ends, longest = _suffix_set()
    for n in range(min(longest, len(s)), 0, -1):
        if s[-n:] in ends:
            return s[-n:]
    return None


@lru_cache(maxsize=None)
def determiner_re() -> re.Pattern[str]:
    """Heads that make an organisation word generic (各级, 该, 有关 …; org_determiners.txt)."""
    return re.compile(alternation(list(words("org_determiners"))))


@lru_cache(maxsize=None)
def descriptor_re() -> re.Pattern[str]:
    return re.compile(alternation(list(words("person_descriptors"))))


@lru_cache(maxsize=None)
def _etc_re() -> re.Pattern[str]:
    return re.compile(f"等(?=(?:{alternation(list(words('person_descriptors')))}))")


@lru_cache(maxsize=None)
def _speaker_re() -> re.Pattern[str]:
    return re.compile(f"(?<![{CJK}])([{CJK}]{{2,4}}?)(?:说|表示|介绍|认为|坦言|告诉记者)(?=[：，“])")


def _surnames() -> frozenset[str]:
    return words("surnames")


@lru_cache(maxsize=None)
def place_names() -> frozenset[str]:
    return words("cities") | words("provinces")


@lru_cache(maxsize=None)
def place_prefix_re() -> re.Pattern[str]:
    """A province or city name at the start (洛阳古都发展集团, 河南建业…)."""
    return re.compile(alternation(list(place_names())))


@lru_cache(maxsize=None)
def _divisions() -> frozenset[str] | None:
    """Names of counties and districts (瀍河区), when the places lexicon is installed."""
    try:
        return words("divisions")
    except FileNotFoundError:
        return None


def is_place(head: str, level: str = "") -> bool:
    """Is `head` (+ `level`, e.g. 瀍河 + 区) a known place? Without a county list: two or three
    characters count as one."""
    if head in place_names() or (head + level) in place_names():
        return True
    divs = _divisions()
    if divs is None:
        return 2 <= len(head) <= 3
    return (head + level) in divs or head in divs


# -- names -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Name:
    text: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def plausible_name(cand: str) -> bool:
    """A candidate full name: known surname, 2-4 Chinese characters, not a common word, not a
    form of address (王总, 陈小姐). Verbs and adjectives are names after a role (区长齐心); the
    weaker shapes that read a name without one check them (`_weak_name`)."""
    n = len(cand)
    if not 2 <= n <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in cand):
        return False
    if address_form(cand):  # 副总经理|陆总
        return False
    if cand in words("not_names") or cand in place_names() or any(c in BAD_NAME_CHARS for c in cand[1:]):
        return False
    if org_ending(cand):  # 党工委, 古都集团: an organisation, not a person
        return False
    if cand.endswith(ADDRESS_TAILS):  # 李女士, 王大爷: not a full name
        return False
    flags = role_flags()
    if cand in flags or cand[1:] in flags or cand[2:] in flags:  # 常委, 任组长 (由书记任组长), 王局长
        return False
    sur = _surnames()
    if n >= 3 and cand[:2] in sur:
        return True
    return cand[0] in sur and n <= 3


# jieba's tags of words that are no name: verbs, adjectives, adverbs, function words, numbers,
# idioms, abbreviations (nouns are left alone: 马力 and 欧文 are nouns and names alike)
_WORD_TAGS = ("v", "a", "d", "p", "c", "u", "r", "m", "q", "t", "f", "i", "l", "j", "y", "e", "o", "b", "z")
_COMMON = 3  # a dictionary word of those tags this frequent is a word, not a name


_VERBAL_TAGS = ("v", "a", "d", "j", "i", "l")  # what a shape's name never is: its dictionary tags err less


def common_word(cand: str, tags: tuple[str, ...] = _WORD_TAGS) -> bool:
    """Is `cand` a verb, adjective, abbreviation … in jieba's dictionary (保障, 查处, 黄赌毒)?
    A name a shape of the genre reads (a title chain's) is held to the verbal `tags` alone: the
    dictionary files some names under other tags (周恩来 t)."""
    entry = tokens.dictionary_tag(cand)
    return bool(entry) and entry[0].startswith(tags) and entry[1] >= _COMMON


@lru_cache(maxsize=None)
def _address_forms() -> tuple[frozenset[str], frozenset[str]]:
    forms = rows("address_forms")
    return frozenset(r[0] for r in forms if r[1] == "head"), frozenset(r[0] for r in forms if r[1] == "tail")


def address_tails() -> frozenset[str]:
    """The tails of address_forms.txt (总, 老板, 小姐 …): what follows a surname addressed so."""
    return _address_forms()[1]


def address_form(name: str) -> bool:
    """小李, 老王, 张总, 王老板: a surname addressed familiarly or by a short title."""
    heads, tails = _address_forms()
    sur = _surnames()
    if len(name) == 2 and name[0] in heads and name[1] in sur:
        return True
    return any(name.endswith(t) and 1 <= len(name) - len(t) <= 2 and name[: len(name) - len(t)] in sur for t in tails)


def follower_score(text: str, i: int, end: int) -> int:
    """How strongly text[i:] reads as what follows a name: 3 punctuation/end or a `strict` word
    (说, 参加 …), 2 another verb, 1 a weak character, 0 nothing known."""
    if i >= end or not IS_CJK.match(text[i]):
        return 3
    table, longest = followers()
    for n in range(min(longest, end - i), 0, -1):
        w = text[i : i + n]
        if w in table:
            return table[w]
    if role_re().match(text, i, end):
        return 2  # 李亚书记
    return 0


_SERVE_AS = re.compile(r"任(?:常务|执行|第一)?副?")


def pick_name(text: str, p: int, end: int, known: frozenset[str] = frozenset(), *, strict: bool = False) -> Name | None:
    """The name starting at p, if one does: a known name first, else the best-followed candidate
    (`strict`: only one followed by punctuation or a strict word, after a mere descriptor)."""
    if p >= end:
        return None
    for k in sorted((k for k in known if text.startswith(k, p) and p + len(k) <= end), key=lambda s: (-len(s), s)):
        return Name(k, p, p + len(k))
    serve = _SERVE_AS.match(text, p, end)
    if serve and role_re().match(text, serve.end(), end):
        return None  # 由区委书记任组长、区长任常务副组长: 任 is "serve as", not a surname
    sur = _surnames()
    if text[p : p + 2] in sur:
        lengths: tuple[int, ...] = (3, 4)
    elif text[p] in sur:
        lengths = (2, 3)
    else:
        return None
    best: tuple[int, int] | None = None
    for n in lengths:
        if p + n > end:
            continue
        cand = text[p : p + n]
        if not plausible_name(cand):
            continue
        # the last character must not itself begin what follows (高峰说： is 高峰 + 说)
        if n == lengths[-1] and follower_score(text, p + n - 1, end) >= 2:
            continue
        s = follower_score(text, p + n, end)
        if n == lengths[-1] and followers()[0].get(cand[-1]) == 1:
            s -= 2  # 李四在调研: a name rarely ends in 在/对/与 …, which follow names
        if strict and (s < 3 or not (p + n < end and (text[p + n] == "、" or IS_CJK.match(text[p + n])))):
            continue  # after a descriptor: a list mark or a strict word (说, 参加), not any stop
        if s > 0 and (best is None or (s, n) > best):
            best = (s, n)
    if best is None:
        return None
    return Name(text[p : p + best[1]], p, p + best[1])


def names_after(text: str, pos: int, end: int, known: frozenset[str], *, space: bool = True, strict: bool = False) -> list[Name]:
    """Names right after a title (one space allowed: signatures), with a 、-list sharing it."""
    p = pos
    if space and p < end and text[p] == " ":
        p += 1
    first = pick_name(text, p, end, known, strict=strict)
    if first is None:
        return []
    out = [first]
    q = first.end
    while q + 1 < end and text[q] == "、" and not role_re().match(text, q + 1, end):
        nxt = pick_name(text, q + 1, end, known, strict=strict)
        if nxt is None:
            break
        out.append(nxt)
        q = nxt.end
    if strict and not (q < end and IS_CJK.match(text[q])):
        return []
    return out


def name_before(text: str, pos: int, floor: int, known: frozenset[str]) -> Name | None:
    """The name ending at pos (before a form of address: 李亚|书记, 省委王国生|书记)."""
    for k in sorted(known, key=lambda s: (-len(s), s)):
        if pos - len(k) >= floor and text.startswith(k, pos - len(k)):
            return Name(k, pos - len(k), pos)
    found: list[Name] = []
    for n in (4, 3, 2):
        s = pos - n
        if s < floor:
            continue
        cand = text[s:pos]
        if not plausible_name(cand) or (n == 4 and cand[:2] not in _surnames()):
            continue
        if s == floor or not IS_CJK.match(text[s - 1]) or _ends_with_boundary(text, s, floor):
            found.append(Name(cand, s, pos))
    if not found:
        return None
    best = found[0]
    # 和李亚书记: a stop word before a shorter reading wins over a longer one that swallows it
    for alt in found[1:]:
        if text[best.start] in soft_stops() or stop_re().fullmatch(text[best.start]):
            best = alt
    return best


def _ends_with_boundary(text: str, s: int, floor: int) -> bool:
    """Does text[:s] end with a stop word or an organisation (省委|王国生)?"""
    lo = max(floor, s - 12)
    left = text[lo:s]
    if org_ending(left):
        return True
    for m in stop_re().finditer(left):
        if m.end() == len(left):
            return True
    return False


# -- the organisation part before a role --------------------------------------------------------

def left_cut(chunk: str, head_len: int | None = None) -> int:
    """Where a name starts in `chunk` (text back to the last punctuation): after the last stop
    word (联合|区委组织部), a soft one only between names (老城区政府|与|…); or at a place that
    follows an organisation without a word between (中共洛阳市委|洛阳市人民政府)."""
    head = chunk if head_len is None else chunk[:head_len]
    cut = 0
    soft = soft_stops()
    for m in stop_re().finditer(head):
        w = m.group()
        if w in soft:
            left, right = head[cut : m.start()], chunk[m.end() :]
            if not (
                left == ""
                or org_ending(left)
                or left[-1] in "省市区县"
                or left in ("我市", "我省", "我区", "我县", "我国")
                or place_start_re().match(right)
            ):
                continue
        cut = max(cut, m.end())
    branch = chunk[len(head) :].startswith(("分", "支"))  # 工商银行洛阳分行 is one name
    for m in () if branch else place_start_re().finditer(head, cut + 1):
        if org_ending(head[cut : m.start()]):
            cut = m.start()
    return cut


def chunk_before(text: str, pos: int, floor: int) -> int:
    """Start of the run of CJK (and brackets, quotes) that ends at pos."""
    lo = max(floor, pos - MAX_ORG)
    m = _CHUNK_TAIL.search(text, lo, pos)
    start = m.start() if m else pos
    # a bracket opened or closed outside the run is not part of a name
    for open_, close in (("（", "）"), ("“", "”")):
        seg = text[start:pos]
        depth, cut = 0, 0
        for i, ch in enumerate(seg):
            if ch == open_:
                depth += 1
            elif ch == close:
                if depth == 0:
                    cut = i + 1
                else:
                    depth -= 1
        start += cut
        if depth:
            start += text[start:pos].rfind(open_) + 1
    return start


def org_part(text: str, pos: int, floor: int, model_orgs: dict[int, int] | None = None) -> tuple[int, str] | None:
    """The organisation written right before a role at pos ('' for none); None if it is generic.
    An organisation the model names right there (`model_orgs`: end -> start) is taken as it reads
    it (住房和城乡建设部|部长), where the rules know no ending for it."""
    if model_orgs and floor <= model_orgs.get(pos, -1):
        return model_orgs[pos], text[model_orgs[pos] : pos]
    cs = chunk_before(text, pos, floor)
    chunk = text[cs:pos]
    cut = left_cut(chunk)
    org = chunk[cut:]
    if org.startswith("我") and org[1:2] in ("市", "省", "区", "县"):
        org, cut = org[1:], cut + 1
    if determiner_re().match(org) or not org_like(org):
        return None
    return cs + cut, org


def org_like(org: str) -> bool:
    """Could this be the organisation part of a post? ('' for none, 市委, 北窑街道党工委, 宣传部 …)"""
    return (
        org == ""
        or bool(org_ending(org))
        or org.endswith(("党组", "党委", "党工委", "党总支", "党支部", "街道", "社区", "村"))
        or org[-1] in "省市区县镇乡"
        or org in words("sub_bodies")
    )


# -- chains ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Item:
    """One post as written: the organisation part ('' when the role stands alone) and the role."""

    org: str
    org_start: int
    role: str
    role_start: int
    role_end: int


@dataclass(frozen=True, slots=True)
class Chain:
    """Posts and the names that hold them.

    kind: `before` (市委书记李亚), `after` (省委王国生书记), `descriptor` (社区党员王兰华, no posts),
    `speaker` (，王兰华说：, no posts). `joined` is the mark (、 or ，) between this chain and the
    names of the chain before it, when nothing else stands between them (姜巍、政委李杏).
    """

    kind: str
    items: tuple[Item, ...]
    names: tuple[Name, ...]
    joined: str = ""


def chains_in(text: str, start: int, end: int, known: frozenset[str], model_orgs: dict[int, int] | None = None) -> list[Chain]:
    """Title chains with their names in text[start:end] (one paragraph, title or body)."""
    out: list[Chain] = []
    pending: list[Item] = []  # roles joined by 、 waiting for their name
    last_end = -1  # end of the names of the last chain
    for m in role_re().finditer(text, start, end):
        rs, re_ = m.start(), m.end()
        if pending and text[pending[-1].role_end : rs].startswith(("、", "兼")):
            gap = text[pending[-1].role_end + 1 : rs]
            if len(gap) <= MAX_ORG and all("\u4e00" <= c <= "\u9fff" for c in gap) and not stop_re().search(gap):
                item = Item(gap, pending[-1].role_end + 1, m.group(), rs, re_)
            else:
                pending, item = [], None
        else:
            pending, item = [], None
        if item is None:
            part = org_part(text, rs, start, model_orgs)
            if part is None:
                continue
            item = Item(part[1], part[0], m.group(), rs, re_)
        pending.append(item)
        if re_ < end and text[re_] in "、兼":
            continue  # more posts to come
        names = names_after(text, re_, end, known)
        if names:
            first = pending[0].org_start
            joined = text[last_end:first] if last_end >= 0 and text[last_end:first] in ("、", "，") else ""
            out.append(Chain("before", tuple(pending), tuple(names), joined))
            last_end = names[-1].end
        pending = []
    return out


def addressed_in(text: str, start: int, end: int, known: frozenset[str]) -> list[Chain]:
    """Names before a form of address: 李亚书记指出, 省委王国生书记强调, 尹弘省长."""
    out: list[Chain] = []
    flags = role_flags()
    for m in role_re().finditer(text, start, end):
        if "after" not in flags[m.group()]:
            continue
        name = name_before(text, m.start(), start, known)
        if name is None:
            continue
        if name.text not in known and follower_score(text, m.end(), end) < 1:
            continue
        part = org_part(text, name.start, start) or (name.start, "")
        if part[1] and not org_ending(part[1]):
            part = (name.start, "")
        out.append(Chain("after", (Item(part[1], part[0], m.group(), m.start(), m.end()),), (name,)))
    return out


def _weak_name(name: Name, known: frozenset[str]) -> bool:
    """Is a name read by a weak shape (after a descriptor, before 说) no verb or adjective of the
    dictionary (退伍军人|保障)? A name the page knows otherwise always is one."""
    return name.text in known or not common_word(name.text, _VERBAL_TAGS)


def described_in(text: str, start: int, end: int, known: frozenset[str], interview: bool = False) -> list[Chain]:
    """Names after a descriptor (社区党员王兰华说, 市领导杨晓、吉振华), speakers (，王兰华说：) and
    the turns of an interview (`interview`: the interviewer's turns open paragraphs too)."""
    out: list[Chain] = []
    for m in descriptor_re().finditer(text, start, end):
        names = [n for n in names_after(text, m.end(), end, known, space=False, strict=True) if _weak_name(n, known)]
        if not names:  # 选手Sky、…: a name in Latin letters, a handle or a foreign name, after its descriptor
            lat = _LATIN_NAME.match(text, m.end(), end)
            if lat and follower_score(text, lat.end(), end) >= 2:
                names = [Name(lat.group(), lat.start(), lat.end())]
        if names:
            out.append(Chain("descriptor", (), tuple(names)))
    # names listed before 等 + a descriptor: 王强、李伟、赵敏等专家参加研讨
    for m in _etc_re().finditer(text, start, end):
        names: list[Name] = []
        pos = m.start()
        while True:
            name = name_before(text, pos, start, known)
            if name is None:
                break
            names.insert(0, name)
            if name.start - 1 < start or text[name.start - 1] != "、":
                break
            pos = name.start - 1
        if names:
            out.append(Chain("descriptor", (), tuple(names)))
    for m in _speaker_re().finditer(text, start, end):
        cand = Name(m.group(1), m.start(1), m.end(1))
        if cand.text in known or plausible_name(cand.text) and _weak_name(cand, known):
            out.append(Chain("speaker", (), (cand,)))
    # an interview's or a column's turn: the speaker's name opens the paragraph, then a colon
    # (王兰华：…, 王兰华（市政协委员）：…). A word of the dictionary (高校：, 石油：) is a subhead's
    # topic unless the article is an interview
    m = _TURN.match(text, start, end)
    if m and (m.group(1) in known or plausible_name(m.group(1)) and not common_word(m.group(1))
              and (interview or tokens.dictionary_tag(m.group(1)) is None)):
        out.append(Chain("speaker", (), (Name(m.group(1), m.start(1), m.end(1)),)))
    return out


_ASKER = re.compile(r"[ \u3000]*(?:本报)?(?:记者|主持人|问)[：:]")


def is_interview(text: str, regions: list[tuple[int, int]]) -> bool:
    """Does a paragraph open with the interviewer's turn (记者：…, 主持人：…, 问：…)? Subheads
    (石油：…, 高校：…) open paragraphs with a colon too."""
    return any(_ASKER.match(text, s, e) for s, e in regions)


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{1,15}(?:[ .][A-Z][A-Za-z]{1,15}){0,2}(?![A-Za-z0-9])")
_TURN = re.compile(rf"[ \u3000]*([{CJK}]{{2,4}})(?:[（(][^）)\n]{{1,30}}[）)])?[：:](?!\s*$)")
_SERVING = re.compile(r"现任|现为|现担任")
_CLAUSE_END = re.compile(r"[，。；;,！？\n（(]")


def serving_in(text: str, start: int, end: int, known: frozenset[str], model_orgs: dict[int, int] | None = None) -> list[Chain]:
    """Posts a person is said to hold now, written after the name: `孙某现任市委常委、组织部部长`
    (profiles, appointment news). Read as a chain of the same items a title chain has."""
    out: list[Chain] = []
    for m in _SERVING.finditer(text, start, end):
        name = name_before(text, m.start(), start, known)
        if name is None or (name.text not in known and not plausible_name(name.text)):
            continue
        stop_m = _CLAUSE_END.search(text, m.end(), end)
        stop = stop_m.start() if stop_m else end
        items: list[Item] = []
        for r in role_re().finditer(text, m.end(), stop):
            rs, re_ = r.start(), r.end()
            if items and text[items[-1].role_end : rs].startswith("、"):
                gap = text[items[-1].role_end + 1 : rs]
                if len(gap) > MAX_ORG or not all("\u4e00" <= c <= "\u9fff" for c in gap):
                    break
                items.append(Item(gap, items[-1].role_end + 1, r.group(), rs, re_))
                continue
            if items:
                break  # a role not listed with the ones before it: another clause
            part = org_part(text, rs, m.end(), model_orgs)
            if part is None:
                break
            items.append(Item(part[1], part[0], r.group(), rs, re_))
        if items:
            out.append(Chain("before", tuple(items), (name,)))
    return out


# -- one analysis per article ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Analysis:
    chains: tuple[Chain, ...]
    names: frozenset[str]  # every full name found, bylines included
    regions: tuple[tuple[int, int], ...]  # (start, end) of each paragraph of the title and body


def regions_of(article: Article) -> list[tuple[int, int]]:
    """Paragraphs (lines) of the title and the body: no shape crosses a line."""
    text = article.text
    out = []
    spans = ([article.title_span] if article.title_span else []) + [article.body]
    for sp in spans:
        pos = sp.start
        while pos < sp.end:
            nl = text.find("\n", pos, sp.end)
            stop = sp.end if nl < 0 else nl
            if stop > pos:
                out.append((pos, stop))
            pos = stop + 1
    return out


def model_org_ends(text: str, tokens: "Sequence[Token]") -> dict[int, int]:
    """end -> start of each organisation the model names (with the places written just before it):
    where a role may follow it."""
    return {e: s for s, e in org_spans(tokens) if all(IS_CJK.match(c) for c in text[s:e])}


def analysis_of(ctx: "Context") -> Analysis:
    """The article's analysis, computed once and kept on the context people and posts share."""
    if ctx.analysis is None:
        text = ctx.article.text
        inside = frozenset(text[a:b] for s, e in regions_of(ctx.article) for a, b in ctx.hits_in(s, e))
        ctx.analysis = analyse(ctx.article, inside, model_org_ends(text, ctx.tokens))
    return ctx.analysis


def analyse(article: Article, proposed: frozenset[str] = frozenset(), model_orgs: dict[int, int] | None = None) -> Analysis:
    """Every title chain, addressed name and described name of an article.

    `proposed` are names the model proposed and the fusion policy let pass (kg/extract/names.py):
    a chain prefers them where it reads a name, as it does bylines. `model_orgs` (end -> start)
    are the model's organisation names, read as a post's organisation where a role follows."""
    text = article.text
    regions = regions_of(article)
    credited = frozenset(b.name for b in article.bylines)
    known = credited | {n for n in proposed if any(text.find(n, s, e) >= 0 for s, e in regions)}
    chains: list[Chain] = []
    interview = is_interview(text, regions)
    for s, e in regions:
        chains.extend(chains_in(text, s, e, known, model_orgs))
        chains.extend(described_in(text, s, e, known, interview))
    found = known | {n.text for c in chains for n in c.names}
    for s, e in regions:
        chains.extend(addressed_in(text, s, e, found))
        chains.extend(serving_in(text, s, e, found, model_orgs))
    # the names the rules vouch for: credits and names a shape of the genre binds (model names
    # alone are people.py's to place, where the model reads them as words)
    names = credited | {n.text for c in chains for n in c.names}
    return Analysis(tuple(chains), frozenset(names), tuple(regions))
