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


def _credits(raw: str) -> list[tuple[str, str]]:
    from extraction import run

    return [(b.role, b.name) for ex in run(raw) for b in ex.article.bylines]


@pytest.mark.parametrize(
    "raw,expected",
    [
        # half-width brackets, no space between role and name
        ("标题\n\n本报讯(记者孙明)昨日，市长赵文强到高新区调研。\n", [("记者", "孙明")]),
        ("标题\n\n本报讯（特约记者 孙明 通讯员 钱立新）昨日，赵文强到高新区调研。\n", [("特约记者", "孙明"), ("通讯员", "钱立新")]),
        # a news agency's dateline opens the item and credits its reporters
        ("标题\n\n新华社北京5月3日电（记者 孙明 周正）国务院总理赵文强今天会见外宾。\n", [("记者", "孙明"), ("记者", "周正")]),
        ("标题\n\n本报郑州3月2日电（记者 孙明）全省工作会议今天召开。\n", [("记者", "孙明")]),
        # a photo credit alone on its line, and 文/图 before the role
        ("标题\n\n昨日，市长赵文强到高新区调研。\n\n孙明 钱立新 周正 摄\n", [("", "孙明"), ("", "钱立新"), ("", "周正")]),
        ("标题\n\n文/图 本报记者 孙明\n\n昨日，市长赵文强到高新区调研。\n", [("本报记者", "孙明")]),
        # a trailing bracket closing a brief
        ("标题\n\n昨日，市长赵文强到高新区调研。（孙明）\n", [("", "孙明")]),
        # editors: a line of their own closing the item, or a bracket after its last sentence
        ("标题\n\n昨日，市长赵文强到高新区调研。\n\n责任编辑：周正\n", [("责任编辑", "周正")]),
        ("标题\n\n昨日，市长赵文强到高新区调研。（编辑：周正 审核编辑：钱立新）\n",
         [("编辑", "周正"), ("审核编辑", "钱立新")]),
        ("标题\n\n本报讯（记者 孙明）昨日，赵文强到高新区调研。\n\n（编辑：周正、吴敏 审核：钱立新）\n",
         [("记者", "孙明"), ("编辑", "周正"), ("编辑", "吴敏"), ("审核", "钱立新")]),
        # what reads like an editors' line but names no one is text
        ("标题\n\n昨日，市长赵文强到高新区调研。\n\n编辑部地址：高新区科技路\n", []),
    ],
)
def test_credit_shapes(raw: str, expected: list[tuple[str, str]]) -> None:
    assert _credits(raw) == expected


def test_a_dateline_is_no_lead_without_its_bracket() -> None:
    from kg.text.credits import is_lead

    assert is_lead("新华社北京5月3日电（记者 孙明）国务院总理今天会见外宾。")
    assert not is_lead("新华社北京5月3日电 国务院总理今天会见外宾。")  # no credit to read
    assert not is_lead("他来电（话）说")


def test_editors_are_schema_editor_not_authors() -> None:
    """An editor is credited with the item (schema:editor), and is neither its author nor one of
    the people the item reports on beyond that credit."""
    from extraction import run

    ex = run("标题\n\n本报讯（记者 孙明）昨日，赵文强到高新区调研。（编辑：周正 审核编辑：钱立新）\n")[0]
    facts = {(f.predicate, f.object.label) for f in ex.facts if f.predicate.startswith("schema:")}
    assert ("schema:author", "孙明") in facts
    assert ("schema:editor", "周正") in facts and ("schema:editor", "钱立新") in facts
    assert ("schema:author", "周正") not in facts
