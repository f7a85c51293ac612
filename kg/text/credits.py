"""Credits of the genre: who wrote or photographed an item.

Shapes recognised (all general to Chinese party papers):
* leads      `本报讯（记者 李江涛 李东慧 通讯员 张医珂）…`, `本报讯(记者刘健)`, datelines
             `新华社北京5月3日电（记者 …）`, `本报郑州3月2日电（…）`
* credit     `本报记者 李梦龙 通讯员 张伊霖`, `记者 梅占国 通讯员 刘红医 摄`, `文/图 本报记者 李梦龙`
* photo      `李冰 程素敏 摄` alone on its line
* bracketed  `（郭飞飞 谢娜娜）` alone, or closing a brief: `…参加会议。（李冰 程素敏）`
* slashed    `徐凤胜 周奎文/图`
* editors    `责任编辑：王某`, `（编辑：王某 审核编辑：李某）` closing an item, alone or after its
             last sentence (web and newspaper pages alike); a page's staff line (`编辑：… 校对：…`)
             stays furniture (kg/text/normalise.py)
* author     a name alone under a headline (`刘宛康`), or a signature with posts
             (`市住房和城乡建设局党组书记、局长 赵书政`)

Parsing is pure: text in, `Byline`s with spans out. Names are checked against the surname list
and a length rule, which keeps phrases such as `记者从我市…` from being read as credits.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicons import words
from kg.records import Byline, Span

ROLES = ("本报记者", "本报通讯员", "特约记者", "见习记者", "实习记者", "记者", "通讯员", "实习生", "摄影", "本报")
_ROLE_RE = "|".join(ROLES)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_CREDIT_TAIL = r"(?:\s*(?:摄影|摄|报道|文/图|/图|/文|图))?"

# a news agency's or a paper's dateline: 新华社北京5月3日电, 本报郑州3月2日电, 中新社…电
_DATELINE = r"(?:新华社|中新社|本报|[\u4e00-\u9fff]{2,6}(?:日报|晚报|社))[\u4e00-\u9fff\d]{0,16}?电"
_LEAD = re.compile(rf"^(?:本报讯|本报消息|{_DATELINE})\s*[（(]([^（）()]{{2,80}})[）)]")
_HEAD = r"(?:文\s*/\s*图|文|图)\s*[/／:：]?\s*"  # 文/图 本报记者 李梦龙
# a name never starts with a role (记者张三 is 记者 + 张三), so each token reads one way only: without
# that, a long line of such tokens made the match backtrack through 2^n readings
_CNAME = rf"(?!{_ROLE_RE}){_NAME}"
_CREDIT = re.compile(rf"^(?:{_HEAD})?(?:{_ROLE_RE})\s*{_CNAME}(?:\s+(?:(?:{_ROLE_RE})\s*)?{_CNAME})*{_CREDIT_TAIL}$")
MAX_CREDIT = 120  # a credit line is short; longer paragraphs are not read as one
_PHOTO = re.compile(rf"^({_NAME}(?:\s+{_NAME})*)\s*摄(?:影)?$")
_BRACKET = re.compile(rf"^[（(]\s*({_NAME}(?:\s+{_NAME})*)\s*[）)]$")
_TRAILING = re.compile(rf"[。！？”]\s*[（(]\s*({_NAME}(?:\s+{_NAME})*)\s*[）)]$")
_SLASHED = re.compile(rf"^({_NAME}(?:\s+{_NAME})*)\s*/\s*(?:图|文|摄)$")
# editors' credits: each role with a colon, then one name or a few
EDITOR_ROLES = ("责任编辑", "审核编辑", "值班编辑", "网络编辑", "编辑", "责编", "审核", "审校", "初审", "复审", "终审")
_EDITOR_ROLE = "|".join(EDITOR_ROLES)
_EDITOR_PART = re.compile(rf"({_EDITOR_ROLE})\s*[:：]\s*((?:(?!{_EDITOR_ROLE})[\u4e00-\u9fff·]{{2,4}}[\s、，,]*){{1,4}})")
_EDITORS = re.compile(rf"^[（(\[【]?\s*(?:(?:{_EDITOR_ROLE})\s*[:：]\s*(?:(?:(?!{_EDITOR_ROLE})[\u4e00-\u9fff·]{{2,4}}[\s、，,]*){{1,4}}))+[）)\]】]?$")
_TRAILING_EDITORS = re.compile(rf"[。！？”]\s*([（(\[【]\s*(?:{_EDITOR_ROLE})\s*[:：][^（）()]{{2,60}}[）)\]】])$")
_TOKEN = re.compile(rf"(?P<role>{_ROLE_RE})|(?P<name>[\u4e00-\u9fff·]+)|(?P<tail>摄影|摄|报道)")


@lru_cache(maxsize=None)
def _post_ends() -> tuple[str, ...]:
    """The roles a signature's posts end with (kg/lexicons/titles.txt: 局长, 党组书记 …)."""
    return tuple(words("titles"))


def is_name(text: str) -> bool:
    """A plausible full Chinese personal name: 2-4 characters, known surname (1 or 2 chars)."""
    if not 2 <= len(text) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in text):
        return False
    surnames = words("surnames")
    if text[:2] in surnames and len(text) >= 3:
        return True
    return text[0] in surnames and len(text) <= 3


def _names_in(text: str, base: int, default_role: str) -> list[Byline]:
    """Role/name tokens of a credit, e.g. `记者 李冰 见习记者 谢娜娜 吕百营 通讯员 张宝权`."""
    out: list[Byline] = []
    role = default_role
    for m in re.finditer(r"\S+", text):
        tok = m.group()
        start = base + m.start()
        # a token may glue role and name together: 记者李江涛
        rm = re.match(rf"^({_ROLE_RE})(.*)$", tok)
        if rm:
            role = rm.group(1)
            tok = rm.group(2)
            start += len(rm.group(1))
        tok = re.sub(r"(摄影|摄|报道)$", "", tok) if len(tok) > 2 else tok
        tok = tok.split("/")[0]
        if tok and is_name(tok):
            out.append(Byline(role, tok, Span(start, start + len(tok))))
    return out


def is_lead(text: str) -> bool:
    """Does the paragraph open an item with a lead or a dateline (`本报讯…`, `新华社北京5月3日电（…）`)?"""
    return text.startswith(("本报讯", "本报消息")) or bool(re.match(rf"{_DATELINE}\s*[（(]", text))


def parse_lead(text: str, base: int = 0) -> list[Byline]:
    """Credits in a `本报讯（…）` lead at the start of `text` (offsets relative to `base`)."""
    m = _LEAD.match(text)
    if not m:
        return []
    return _names_in(m.group(1), base + m.start(1), "")


def parse_credit(text: str, base: int = 0) -> list[Byline] | None:
    """If the whole paragraph is a credit line, its bylines; else None."""
    t = text.strip()
    if len(t) > MAX_CREDIT:
        return None
    off = base + (len(text) - len(text.lstrip()))
    editors = parse_editors(t, off)
    if editors:
        return editors
    if _CREDIT.match(t):
        head = re.match(_HEAD, t) if re.match(rf"{_HEAD}(?:{_ROLE_RE})", t) else None
        skip = head.end() if head else 0
        found = _names_in(t[skip:], off + skip, "")
        return found or None
    m = _BRACKET.match(t) or _SLASHED.match(t) or _PHOTO.match(t)
    if m:
        found = _names_in(m.group(1), off + m.start(1), "")
        return found if found and len(found) == len(m.group(1).split()) else None
    return None


def parse_editors(text: str, base: int = 0) -> list[Byline] | None:
    """If `text` is wholly an editors' credit (`责任编辑：王某`, `（编辑：王某 审核编辑：李某）`),
    its bylines, each with the role printed; else None. Every name must read as one."""
    if len(text) > MAX_CREDIT or not _EDITORS.match(text.strip()):
        return None
    out: list[Byline] = []
    for m in _EDITOR_PART.finditer(text):
        for n in re.finditer(r"[\u4e00-\u9fff·]+", m.group(2)):
            if not is_name(n.group()):
                return None
            out.append(Byline(m.group(1), n.group(), Span(base + m.start(2) + n.start(), base + m.start(2) + n.end())))
    return out or None


def parse_trailing(text: str, base: int = 0) -> list[Byline]:
    """Credits in brackets closing a brief: `…参加会议。（李冰 程素敏）`, or its editors'
    (`…参加会议。（编辑：王某 审核编辑：李某）`)."""
    e = _TRAILING_EDITORS.search(text)
    if e:
        return parse_editors(e.group(1), base + e.start(1)) or []
    m = _TRAILING.search(text)
    if not m:
        return []
    found = _names_in(m.group(1), base + m.start(1), "")
    return found if len(found) == len(m.group(1).split()) else []


def parse_author(text: str, base: int = 0) -> Byline | None:
    """A signature under a headline: a bare name, or posts then a space then the name."""
    t = text.strip()
    if is_name(t):
        return Byline("", t, Span(base, base + len(t)))
    m = re.match(rf"^(\S{{2,40}})\s+({_NAME})$", t)
    if m and is_name(m.group(2)) and m.group(1).replace("、", "").endswith(_post_ends()):
        return Byline("", m.group(2), Span(base + m.start(2), base + m.end(2)))
    return None
