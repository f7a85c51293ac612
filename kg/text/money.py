"""Amounts of money as the genre writes them.

>>> parse_yuan("总投资30亿元")
Decimal('3000000000')
>>> parse_yuan("13.66亿元人民币")
Decimal('1366000000')
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.text.numbers import CN_DIGITS, number

_UNITS = {"万亿": Decimal("1e12"), "亿": Decimal("1e8"), "千万": Decimal("1e7"), "百万": Decimal("1e6"),
          "万": Decimal("1e4"), "千": Decimal("1e3"), "百": Decimal("1e2"), "": Decimal(1)}
YUAN_RE = re.compile(
    rf"(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?|[{CN_DIGITS}]+)\s*(?P<unit>万亿|亿|千万|百万|万|千|百)?\s*(?:多|余)?\s*(?P<cur>元|美元|欧元)"
)


def parse_yuan(text: str) -> Decimal | None:
    """The first amount of yuan in `text` as a Decimal (None if none, or not in 元)."""
    m = YUAN_RE.search(text)
    if not m or m.group("cur") != "元":
        return None
    n = number(m.group("num"))
    if n is None:
        return None
    value = n * _UNITS[m.group("unit") or ""]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
