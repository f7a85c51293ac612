"""Places: divisions, towns, villages, communities; types and containment (kg/extract/places.py)."""
from __future__ import annotations

import pytest

from kg.extract.places import divisions

from extraction import facts as kind_facts
from extraction import labels



def places(raw: str, city: str | None = None) -> set[str]:
    return labels(raw, "place", city)


def facts(raw: str, predicate: str, city: str | None = None) -> set[tuple[str, object]]:
    return kind_facts(raw, "place", predicate, city)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("初冬时节，位于嵩县南部山区的天白路，犹如一条玉带。", {"嵩县"}),
        ("该路东起车村镇天桥沟村，西至白河镇上河村，全长30公里。", {"车村镇", "天桥沟村", "白河镇", "上河村"}),
        ("日前，在洛龙区定鼎门街道王庄社区，游客打卡拍照。", {"洛龙区", "定鼎门街道", "王庄社区"}),
        ("本报讯 在郑州市金水区花园路街道，社区志愿者正在开展服务。", {"郑州市", "金水区", "花园路街道"}),
        ("该路东起登封市大冶镇垌头村，西至告成镇曲河村。", {"登封市", "大冶镇", "垌头村", "告成镇", "曲河村"}),
        ("全省优化营商环境工作推进会在郑州召开。", {"郑州市"}),  # a bare city after 在 is the city
        ("瀍河区积极推进老旧小区改造。", {"瀍河区"}),  # the short form of 瀍河回族区
        # kinds of area are not places; one-character county names need a boundary
        ("推动城乡一体化，助力乡村振兴，加强城市社区和新农村建设，提高县域经济发展水平。", set()),
        ("各乡（镇）领导干部要走进村（社区），与每个村联系。", set()),
    ],
)
def test_places(raw: str, expected: set[str]) -> None:
    assert places(raw) == expected


def test_types_and_containment() -> None:
    raw = "该路东起车村镇天桥沟村，西至白河镇上河村。在洛阳市吉利区，石化产业是立身之本。"
    types = dict(facts(raw, "zw:placeType", "洛阳"))
    assert types == {"车村镇": "镇", "天桥沟村": "村", "白河镇": "镇", "上河村": "村", "洛阳市": "市", "吉利区": "区"}
    within = facts(raw, "zw:within", "洛阳")
    assert {("天桥沟村", "车村镇"), ("上河村", "白河镇"), ("吉利区", "洛阳市")} <= within


def test_unlisted_district_named_twice() -> None:
    raw = "伊滨区作为我市创新创业新高地，具有诸多优势。去年以来，伊滨区积极谋划推进园区建设。"
    assert places(raw, "洛阳") == {"伊滨区"}


def test_division_table() -> None:
    div = divisions()
    assert div["吉利区"] == ("区", ("洛阳市",))
    assert div["瀍河区"][1] == ("洛阳市",)
    assert div["河南省"][0] == "省"
    assert "城区" not in div  # a common word, left out
