"""Credits of the genre: leads, credit lines, bracketed and slashed names, signatures (kg/text/credits.py)."""
from __future__ import annotations

import pytest

from kg.text.credits import parse_author


@pytest.mark.parametrize(
    "text,expected",
    [
        ("刘宛康", "刘宛康"),  # a name alone under a headline
        ("市住房和城乡建设局党组书记、局长 赵书政", "赵书政"),
        # the posts end with any role of kg/lexicons/titles.txt
        ("开封市红十字会常务副会长 陈飞伟", "陈飞伟"),
        ("洛阳市残联理事长 黎亚博", "黎亚博"),
        ("洛阳石化公司经理 王建军", "王建军"),
        ("在全市大会上的讲话 王建军", None),  # no post before the name
        ("洛阳日报社", None),
    ],
)
def test_parse_author(text: str, expected: str | None) -> None:
    got = parse_author(text)
    assert (got.name if got else None) == expected
