"""Parsers of what the genre writes in words: money, numbers and dates (kg/text/money.py, numbers.py, dates.py)."""
from __future__ import annotations

import datetime
import doctest
from decimal import Decimal

import pytest

from kg.text import dates, money, numbers
from kg.text.dates import find_when, parse_date, resolve_day, resolve_when
from kg.text.money import parse_yuan

D = datetime.date


@pytest.mark.parametrize("module", [dates, money, numbers])
def test_doctests(module) -> None:  # noqa: ANN001
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    "text,expected",
    [
        ("总投资30亿元", Decimal("3000000000")),
        ("签署了总投资13.66亿元人民币的合作协议", Decimal("1366000000")),
        ("总投资1亿元的中国邮政快递物流中心项目", Decimal("100000000")),
        ("计划总投资5.2亿元", Decimal("520000000")),
        ("研发投入760万元", Decimal("7600000")),
        ("总投资1,200万元", Decimal("12000000")),
        ("项目总投资达二十亿元", Decimal("2000000000")),
        ("总投资500万美元", None),  # not yuan
        ("占地264亩", None),
    ],
)
def test_parse_yuan(text: str, expected: Decimal | None) -> None:
    assert parse_yuan(text) == expected


@pytest.mark.parametrize(
    "text,ref,expected",
    [
        ("5日", D(2020, 4, 30), D(2020, 4, 5)),
        ("昨日", D(2020, 4, 30), D(2020, 4, 29)),
        ("3月27日", D(2020, 4, 30), D(2020, 3, 27)),
        ("28日", D(2020, 3, 2), D(2020, 2, 28)),  # a day after the article's is last month's
        ("2020年3月27日", None, D(2020, 3, 27)),  # a full date needs no reference
        ("5日", None, None),  # never invented
        ("昨日", None, None),
    ],
)
def test_resolve_day(text: str, ref: D | None, expected: D | None) -> None:
    assert resolve_day(text, ref) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("2020年3月27日，省委、省政府在洛阳召开推进会", "2020年3月27日"),
        ("5日，省委常委、副省长、市委书记李亚主持召开市委常委会议", "5日"),
        ("10日至昨日，省军区司令员陈兆明带领工作组来洛", "10日至昨日"),
        ("近日，洛龙区定鼎门社区党委第二党支部召开支部党员大会", "近日"),
        ("今年3月，省委省政府高规格召开推进会", "今年3月"),
        ("18日上午，郑州市召开全市优化营商环境大会", "18日上午"),
        ("市委书记主持召开会议", None),
    ],
)
def test_find_when(sentence: str, expected: str | None) -> None:
    m = find_when(sentence)
    assert (m.group() if m else None) == expected


@pytest.mark.parametrize(
    "text,ref,expected",
    [
        ("5日", D(2020, 4, 30), D(2020, 4, 5)),
        ("10日至昨日", D(2019, 4, 12), None),  # a range has no one day
        ("近日", D(2020, 4, 30), None),
        ("今年3月", D(2020, 4, 30), None),
        ("2020年3月27日", None, D(2020, 3, 27)),
        ("昨日", None, None),
    ],
)
def test_resolve_when(text: str, ref: D | None, expected: D | None) -> None:
    assert resolve_when(text, ref) == expected


def test_parse_date_in_chinese_numerals() -> None:
    assert parse_date("二〇二〇年三月三十日") == D(2020, 3, 30)
