"""A masthead above the first headline (issue 15 item 18): the paper's name and the page date on
lines of their own are page furniture, not part of the headline; the page date dates the articles,
and the days they write relative to it (18日, 昨日) resolve against it."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from kg.cli import main
from kg.records import Source
from kg.store import Store
from kg.text.normalise import normalise
from kg.text.segment import segment

# written for this test, in the shape of a city daily's front page
PAGE = """开封日报
2024年3月19日 星期二

市政府召开常务会议
研究部署春季植树造林工作

本报讯（记者 周文博）18日，市长王立新主持召开市政府第十二次常务会议，研究部署春季植树造林和森林防火工作。
会议指出，要坚持科学绿化，扎实推进国土绿化行动。

我市举办农民丰收节筹备会

本报讯（记者 何静）昨日，市农业农村局召开农民丰收节筹备工作会议，对各项筹备工作作出安排。
"""

SHAPES = {
    "as printed": PAGE,
    "no blank line under the masthead": PAGE.replace("星期二\n\n", "星期二\n"),
    "with a page label": PAGE.replace("星期二\n", "星期二\n第01版 · 要闻\n"),
    "blank lines inside the masthead": PAGE.replace("开封日报\n", "开封日报\n\n"),
}


@pytest.mark.parametrize("raw", SHAPES.values(), ids=SHAPES.keys())
def test_the_masthead_is_furniture_and_the_page_date_dates_the_articles(raw: str) -> None:
    doc = normalise(Source("kf.txt", "kf.txt", "kf", raw, "utf-8", "0"))
    articles = segment(doc)
    assert [a.title for a in articles] == ["市政府召开常务会议 研究部署春季植树造林工作", "我市举办农民丰收节筹备会"]
    assert {a.date for a in articles} == {datetime.date(2024, 3, 19)}
    assert "开封日报" not in doc.text and "要闻" not in doc.text


def test_a_headline_at_the_top_is_not_taken_for_a_masthead() -> None:
    raw = "市政府召开常务会议\n\n本报讯（记者 周文博）18日，市长王立新主持召开市政府第十二次常务会议。\n"
    (article,) = segment(normalise(Source("t.txt", "t.txt", "t", raw, "utf-8", "0")))
    assert article.title == "市政府召开常务会议" and article.date is None


def test_relative_days_resolve_against_the_page_date(tmp_path: Path, runner) -> None:  # noqa: ANN001
    (tmp_path / "kf.txt").write_text(PAGE, "utf-8")
    r = runner.invoke(main, ["build", str(tmp_path / "kf.txt"), "--store", str(tmp_path / "s"), "--no-exports", "-q", "-j", "1"])
    assert r.exit_code == 0, r.output
    with Store(tmp_path / "s", read_only=True) as s:
        articles = {row["t"].value: row["d"].value for row in s.query(
            "SELECT ?t ?d WHERE { ?a a zw:Article ; dcterms:title ?t ; dcterms:date ?d }")}
        meetings = {row["l"].value: row["d"].value for row in s.query(
            "SELECT ?l ?d WHERE { ?m a zw:Meeting ; rdfs:label ?l ; dcterms:date ?d }")}
    assert articles == {"市政府召开常务会议 研究部署春季植树造林工作": "2024-03-19", "我市举办农民丰收节筹备会": "2024-03-19"}
    assert meetings.get("市政府第十二次常务会议") == "2024-03-18"  # 18日
    assert meetings.get("农民丰收节筹备工作会议") == "2024-03-18"  # 昨日
