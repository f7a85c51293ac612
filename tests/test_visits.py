"""Visits: an official's 调研/视察 of places, organisations and projects (kg/extract/visits.py)."""
from __future__ import annotations

import datetime

import pytest

from kg.extract import extract
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.records import Entity, Source


def run(raw: str, city: str | None = None):  # noqa: ANN201
    doc = normalise(Source("t.txt", "t.txt", "t", raw, "utf-8", "0"))
    return [extract(a) for a in segment(doc, city=city)]


def visit_facts(raw: str, city: str | None = None) -> dict[str, set]:
    out: dict[str, set] = {}
    for ex in run(raw, city):
        for f in ex.facts:
            if f.subject.kind == "visit":
                o = (f.object.kind, f.object.label) if isinstance(f.object, Entity) else f.object
                out.setdefault(f.predicate, set()).add(o)
    return out


def test_visit_with_sites() -> None:
    raw = ("本报讯（记者 孙自豪）昨日，市委副书记、代市长刘宛康带领市发展改革等部门负责同志到吉利区调研。"
           "在洛阳黎明大成氟化工有限公司，刘宛康鼓励企业加快建设。在洛阳万众吉利热电联产项目施工现场，刘宛康强调，要一手抓进度。"
           "在洛阳石化公司调研时，刘宛康强调，石化产业是吉利区的立身之本。")
    got = visit_facts(raw, "洛阳")
    assert got["zw:visitor"] == {("person", "刘宛康")}
    visited = {label for _, label in got["zw:visited"]}
    assert {"吉利区", "洛阳黎明大成氟化工有限公司", "洛阳万众吉利热电联产项目"} <= visited
    assert any(label.endswith("洛阳石化公司") for label in visited)
    assert ("project", "洛阳万众吉利热电联产项目") in got["zw:visited"]
    assert got["zw:dateText"] == {"昨日"}  # no page date: never invented


def test_visit_to_the_city_with_a_tour() -> None:
    raw = ("2019年4月12日 星期五\n\n本报讯（记者 李三旺）10日至昨日，省军区司令员陈兆明带领工作组来洛，就我市民兵整组工作进行检查调研。"
           "工作组先后前往瀍河区人民武装部、伊川县人民武装部等单位，对民兵整组工作进行了检查。")
    got = visit_facts(raw, "洛阳")
    assert got["zw:visitor"] == {("person", "陈兆明")}
    visited = {label for _, label in got["zw:visited"]}
    assert "洛阳市" in visited and len(visited) == 3
    assert got["zw:dateText"] == {"10日至昨日"}  # a range has no single day


def test_visit_date_resolved_and_other_city() -> None:
    raw = ("2021年6月19日 星期六\n\n本报讯（记者 赵磊）18日，省委书记楼阳生到许昌市调研，"
           "先后前往许昌智能装备产业园、许继集团有限公司等地，察看项目建设情况。")
    got = visit_facts(raw, "许昌")
    assert got["zw:visitor"] == {("person", "楼阳生")}
    assert got["dcterms:date"] == {datetime.date(2021, 6, 18)}
    assert ("place", "许昌市") in got["zw:visited"]
    assert ("project", "许昌智能装备产业园") in got["zw:visited"]


def test_no_visit_without_a_visitor() -> None:
    assert visit_facts("工作组到基层调研，了解情况。") == {}


@pytest.mark.parametrize(
    "site,expected",
    [
        ("市民兵训练基地", ("org", "市民兵训练基地")),  # kg/lexicons/site_suffixes.txt
        ("洛阳市第一实验学校", ("org", "洛阳市第一实验学校")),
        ("民兵工作站", ("org", "民兵工作站")),  # org_suffixes.txt (the org scanner wants a place first)
        ("伊滨工业园", ("project", "伊滨工业园")),  # project_suffixes.txt
        ("王城公园", ("place", "王城公园")),  # 公园 names a project only after a verb of building
    ],
)
def test_site_no_extractor_named_is_told_by_its_ending(site: str, expected: tuple[str, str]) -> None:
    raw = ("2019年4月12日 星期五\n\n本报讯（记者 李三旺）10日，省军区司令员陈兆明带领工作组来洛，就我市民兵整组工作进行检查调研。"
           f"工作组先后前往瀍河区人民武装部、{site}等单位，对民兵整组工作进行了检查。")
    assert expected in visit_facts(raw, "洛阳")["zw:visited"]
