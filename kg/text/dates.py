"""Dates as the genre writes them: full, relative to the article (5日, 昨日), or vague (近日).

>>> parse_date("2020年4月30日 星期四")
datetime.date(2020, 4, 30)
>>> resolve_day("5日", datetime.date(2020, 4, 30))
datetime.date(2020, 4, 5)
>>> resolve_day("昨日", datetime.date(2020, 4, 30))
datetime.date(2020, 4, 29)
>>> resolve_day("5日", None) is None
True
>>> find_when("2020年3月27日，省委、省政府在洛阳召开推进会").group()
'2020年3月27日'
>>> resolve_when("10日至昨日", datetime.date(2019, 4, 12)) is None
True
>>> resolve_when("昨日", None) is None
True
"""
from __future__ import annotations

import datetime
import re

from kg.text.numbers import number

DATE_RE = re.compile(r"(?P<y>\d{4}|[零〇一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
# a date as news writes it, absolute or relative to the article (5日, 10日至昨日, 昨日, 近日, 今年3月)
WHEN_RE = re.compile(
    r"(?:\d{4}年|今年|去年)?(?:\d{1,2}月)?\d{1,2}日(?:至(?:\d{1,2}月)?\d{1,2}日|至(?:昨日|今日|今天))?"
    r"(?:上午|下午|晚上|晚间|晚)?"
    r"|(?:\d{4}年|今年|去年)\d{1,2}月(?:上旬|中旬|下旬|初|底)?"
    r"|(?:昨日|昨天|今日|今天|前日|前天)(?:上午|下午|晚上|晚)?|日前|近日|近期|前不久|前些天"
)
DAY_RE = re.compile(r"(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日|(?P<rel>昨日|昨天|今日|今天|前日|前天)")


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    n = number(text)
    return int(n) if n is not None else None


def parse_date(text: str) -> datetime.date | None:
    """The first full date (`2020年3月30日`, also in Chinese numerals) in `text`."""
    m = DATE_RE.search(text)
    if not m:
        return None
    y = m.group("y")
    if not y.isdigit():
        y = "".join(str("零一二三四五六七八九".index(c)) if c != "〇" else "0" for c in y)
    mo, d = _int(m.group("m")), _int(m.group("d"))
    try:
        return datetime.date(int(y), mo or 0, d or 0)
    except (ValueError, TypeError):
        return None


def resolve_day(text: str, ref: datetime.date | None) -> datetime.date | None:
    """A day written relative to the article (`5日`, `3月5日`, `昨日`) against its date.

    Never invents: without a reference date, or if the day cannot exist, returns None.
    A day after the reference day is taken to be in the previous month (news reports the past).
    """
    full = parse_date(text)
    if full:
        return full
    if ref is None:
        return None
    m = DAY_RE.search(text)
    if not m:
        return None
    if m.group("rel"):
        back = {"昨日": 1, "昨天": 1, "今日": 0, "今天": 0, "前日": 2, "前天": 2}[m.group("rel")]
        return ref - datetime.timedelta(days=back)
    day = int(m.group("d"))
    month = int(m.group("m")) if m.group("m") else ref.month
    year = ref.year
    if not m.group("m") and day > ref.day:
        month -= 1
        if month == 0:
            month, year = 12, year - 1
    elif m.group("m") and month > ref.month:
        year -= 1
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def find_when(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The first date expression (`5日`, `2020年3月27日`, `昨日`, `近日`, `10日至昨日`) in text[pos:endpos]."""
    return WHEN_RE.search(text, pos, len(text) if endpos is None else endpos)


def resolve_when(text: str, ref: datetime.date | None) -> datetime.date | None:
    """The day a date expression names, or None when it names a range, a month or a vague time.

    Full dates resolve on their own; days and 昨日 need the article's date (`resolve_day`).
    """
    if "至" in text or text in ("日前", "近日", "近期", "前不久", "前些天") or not re.search(r"日|天", text):
        return None
    return resolve_day(text, ref)
