"""What appointment notices, 任前公示 and biographies share: names, post lists, dates, jurisdiction.

Pure functions over text (no RDF): `appointments.py` and `profiles.py` read notices with them, and
`jurisdiction()` gives the province that, with the name, tells homonyms apart (docs/graph-model.md).
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence, TypeVar

from kg.lexicons import ordered, rows, words
from kg.records import Article, Entity, Fact, Mention, Span, YearMonth
from kg.text.dates import parse_date

if TYPE_CHECKING:
    from kg.extract.context import Context

R = TypeVar("R")

CJK = r"\u4e00-\u9fff"
# a name in a notice: 2-4 characters, then 同志 / （女） that are not part of it
NAME = rf"[{CJK}]{{2,4}}?(?:同志)?(?:[（(][男女][）)])?"
NAMES = rf"{NAME}(?:、{NAME})*"
_NAME_TAIL = re.compile(r"(?:同志)?(?:[（(][男女][）)])?$")
_MARKER = re.compile(r"[（(]([^（）()]{1,12})[）)]")
_ACTING = re.compile(r"^代理|^代(?=[^表])")
_YM = re.compile(r"(\d{4})\s*(?:年|\.|．)\s*(\d{1,2})\s*月?")
_PUB = re.compile(r"(?:发布日期|发布时间|更新时间|时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_STAMP = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})\s*\d{1,2}:\d{2}")
_SIGNATURE = re.compile(
    rf"(?P<body>[^\s，。；：:]{{2,30}})\s*(?P<date>\d{{4}}年\d{{1,2}}月\d{{1,2}}日)(?:\s*[（(][^）)]{{1,12}}[）)])?\s*$"
)


# -- names ---------------------------------------------------------------------------


def clean_name(raw: str) -> str:
    """`马永贤同志` / `潘慧敏（女）` -> the name."""
    return _NAME_TAIL.sub("", raw)


def is_name(name: str) -> bool:
    """A plausible personal name: 2-4 characters opening with a known surname."""
    if not 2 <= len(name) <= 4 or not re.fullmatch(f"[{CJK}]+", name):
        return False
    surnames = words("surnames")
    return name[:1] in surnames or name[:2] in surnames


def split_names(raw: str, start: int) -> list[tuple[str, Span]]:
    """`祁文海、蔡永寿同志` at `start` -> [(name, span)], or [] if any is not a name."""
    out = []
    pos = start
    for part in raw.split("、"):
        name = clean_name(part)
        if not is_name(name):
            return []
        out.append((name, Span(pos, pos + len(name))))
        pos += len(part) + 1
    return out


# -- posts ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _roles() -> tuple[str, ...]:
    return tuple(sorted(set(ordered("titles")) | set(ordered("career_roles")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _place_start() -> re.Pattern[str]:
    places = sorted(set(ordered("provinces")) | set(ordered("cities")), key=lambda w: (-len(w), w))
    alt = "|".join(map(re.escape, places))
    return re.compile(rf"^(?:中共|共青团|中国|(?:{alt})|[{CJK}]{{1,10}}?(?:省|市|自治区|自治州|地区|盟|县|区|旗)(?!长|委员|委书记))")


def role_of(post: str) -> str | None:
    """The bare role a post ends with (局长, 党组书记, 二级巡视员), longest first."""
    for r in _roles():
        if post.endswith(r) and len(post) >= len(r):
            return r
    return None


def org_of(post: str) -> str | None:
    """The organisation a post names before its role (`北京市高级人民法院副院长` -> 北京市高级人民法院)."""
    role = role_of(post)
    if role is None:
        return None
    org = post[: len(post) - len(role)]
    for acting in ("代理", "代"):
        org = org.removesuffix(acting)
    return org or None


def names_own_org(item: str) -> bool:
    """Does a post in a list write its own organisation (`北京市无线电管理局局长`), or share the first's?"""
    return bool(_place_start().match(item))


def markers(text: str) -> tuple[str, bool, str | None]:
    """Take (试用期一年), (挂职) … out of a post: (post, probation, note)."""
    notes = words("appointment_notes")
    probation, note = False, None
    for m in _MARKER.finditer(text):
        inner = m.group(1)
        if "试用期" in inner:
            probation = True
        elif inner in notes:
            note = inner
    return _MARKER.sub("", text).strip(), probation, note


def split_posts(text: str) -> list[str]:
    """`X院副院长、审判委员会委员、审判员` -> each post with the shared organisation written out.

    A post that opens with a place (or 中共) writes its own organisation; one that does not takes
    the organisation of the post before it. Markers in brackets stay where they are.
    """
    out: list[str] = []
    org: str | None = None
    for item in re.split(r"[、，,]", text):
        item = item.strip()
        if not item:
            continue
        bare = _MARKER.sub("", item)
        own = org is None or names_own_org(bare) or bare.startswith(org)
        if not own:
            item = _government_of(org, bare) + item  # type: ignore[arg-type]
        out.append(item)
        if own:
            org = org_of(bare) or org
    return out


_PARTY_COMMITTEE = re.compile(rf"^中共(?P<place>[{CJK}]+?(?:自治县|自治州|自治旗|县|市|区|州|旗|盟))委$")
_HEAD_OF_GOVERNMENT = re.compile(r"^(?:常务)?(?:副|代理|代)?(?:县|市|区|州|旗|盟)长$")


def _government_of(org: str, role: str) -> str:
    """`中共X县委常委、副县长`: the 副县长 belongs to the county's government, so only X县 is shared."""
    m = _PARTY_COMMITTEE.match(org)
    if m and _HEAD_OF_GOVERNMENT.match(role):
        return m.group("place")
    return org


def acting(post: str) -> tuple[str, bool]:
    """`韶关市人民政府代理市长` -> (`韶关市人民政府市长`, True)."""
    role = role_of(post)
    org = org_of(post)
    if role is None or org is None:
        head = post
    else:
        head = post[: len(post) - len(role)]
    for prefix in ("代理", "代"):
        if head.endswith(prefix) and role is not None and org is not None:
            return org + role, True
    # 代市长 is itself in the role lexicon
    if role and _ACTING.match(role) and org is not None:
        return org + _ACTING.sub("", role), True
    return post, False


# -- dates ---------------------------------------------------------------------------


def year_month(text: str) -> YearMonth | None:
    """`1978年5月` / `1970.05` -> YearMonth."""
    m = _YM.search(text)
    if not m:
        return None
    month = int(m.group(2))
    return YearMonth(int(m.group(1)), month) if 1 <= month <= 12 else None


def page_date(article: Article) -> datetime.date | None:
    """The page's publication date (发布日期 / 发布时间 / 更新时间, or a `2023-05-19 07:58` stamp)."""
    text = article.text
    for rx in (_PUB, _STAMP):
        m = rx.search(text)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def signature(article: Article) -> tuple[str | None, datetime.date | None]:
    """The notice's signing body and date: the last line of the body that ends with a full date."""
    text = article.text
    found: tuple[str | None, datetime.date | None] = (None, None)
    for line in re.finditer(r"[^\n]+", text[article.body.start : article.body.end]):
        t = line.group()
        if "印发" in t or not t.rstrip().endswith(("日", "）", ")")):
            continue
        m = _SIGNATURE.search(t)
        if m:
            found = (m.group("body"), parse_date(m.group("date")))
    if found[1] is None and article.kind == "notice" and article.date:
        return None, article.date
    return found


# -- jurisdiction --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, ordered("provinces"))))


@lru_cache(maxsize=1)
def _city_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, ordered("cities"))))


@lru_cache(maxsize=1)
def _city_province() -> dict[str, str]:
    return {r[0]: r[1] for r in rows("city_provinces") if len(r) > 1}


def _first_or_most(rx: re.Pattern[str], text: str) -> str | None:
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in rx.finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
        first.setdefault(m.group(), m.start())
    if not counts:
        return None
    return sorted(counts, key=lambda k: (-counts[k], first[k]))[0]


def jurisdiction(article: Article) -> str | None:
    """The province whose record this is: the one its headline names (a city counts for its
    province), else the one its body names most. None when nothing tells it."""
    title = article.title
    body = article.doc.slice(article.body)
    provinces = _province_re()
    cities = _city_re()
    m = provinces.search(title)
    if m:
        return m.group()
    m = cities.search(title)
    if m:
        return _city_province().get(m.group(), m.group())
    p = _first_or_most(provinces, body)
    if p:
        return p
    c = _first_or_most(cities, body)
    if c:
        return _city_province().get(c, c)
    return None


def person(name: str, where: str | None) -> Entity:
    """A person read from a career record: the name, told apart by jurisdiction."""
    return Entity("person", name, where or "")


def record_facts(ctx: "Context", find: Callable[[Article], Sequence[R]],
                 facts_of: Callable[[R, str | None], tuple[list[Mention], list[Fact]]]) -> tuple[list[Mention], list[Fact]]:
    """What the career records an extractor `find`s in the article give, each read by `facts_of`
    with the article's jurisdiction (shared by appointments.py and profiles.py)."""
    found = find(ctx.article)
    if not found:
        return [], []
    where = jurisdiction(ctx.article)
    mentions: list[Mention] = []
    facts: list[Fact] = []
    for record in found:
        ms, fs = facts_of(record, where)
        mentions.extend(ms)
        facts.extend(fs)
    return mentions, facts
