"""Segmentation: pages split into their articles, with titles, bylines and dates."""
from __future__ import annotations

import datetime

import pytest

from kg.text.normalise import normalise
from kg.text.segment import detect_city, segment
from kg.records import Source

from conftest import SEEDS


def page(raw: str, name: str = "p.txt"):  # noqa: ANN201
    return segment(normalise(Source(name, name, name[:-4], raw, "utf-8", "0")))


def seed(name: str):  # noqa: ANN201
    p = next(SEEDS.glob(name + "*.txt"))
    return page(p.read_text("utf-8"), p.name)


# Per seed page: (title start, kind, bylines) for every article, read off the page by hand.
# Page 000 is cut from a column layout where each item's headline follows its text; its photo item
# (深山镶“玉带”) shares one printed line with the next item's first words, so the two stay joined.
EXPECTED = {
    "000": [
        ("你好，洛阳", "column", []),
        ("——《中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法》解读（下）", "news", []),
        ("会议还研究了", "news", [("记者", "李江涛"), ("记者", "李东慧")]),
        ("《洛阳市决战30天大气污染管控方案》下发", "photo", [("记者", "梅占国"), ("通讯员", "刘红医")]),
        ("我市出台相关方案", "news", []),
        ("刘宛康到吉利区调研", "news", [("记者", "孙自豪")]),
    ],
    "001": [
        ("全面加强政治功能 打造坚强领导核心", "news", [("本报记者", "李梦龙"), ("通讯员", "张伊霖")]),
        ("知耻后勇 加压奋进", "commentary", [("", "赵书政")]),
        ("抓好民兵整组 服务国防建设", "news", [("记者", "李三旺"), ("通讯员", "张医珂")]),
        ("压实工作责任 加大推进力度", "news", [("记者", "常书香"), ("通讯员", "李俊杰")]),
        ("地企合作助推高质量发展", "photo", [("", "徐凤胜"), ("", "周奎文")]),
    ],
    "002": [
        ("增强落实力执行力穿透力", "commentary", [("", "刘宛康")]),
        ("以中欧科创产业园建设为抓手", "commentary", [("", "赵会生")]),
        ("忠诚履职尽责 创树工作标杆", "commentary", [("", "姜会峰")]),
        ("推动“三服务”工作高质量", "commentary", [("", "王敬林")]),
    ],
    "003": [
        ("中共洛阳市委 洛阳市人民政府 关于认真学习宣传贯彻", "notice", []),
    ],
    "004": [
        ("我市建立乡镇（街道）领导干部普遍直接联系群众制度", "news", [("记者", "孙小蕊"), ("通讯员", "苗黎明")]),
        ("洛阳工运史馆开馆", "news", [("记者", "李冰"), ("见习记者", "谢娜娜"), ("见习记者", "吕百营"), ("通讯员", "张宝权")]),
        ("持续深入贯彻落实省市党代会精神", "news", [("记者", "孙小蕊")]),
        ("持续深化制度型开放", "interview", [("本报记者", "李迎博"), ("通讯员", "刘朋辉")]),
        ("我市召开创建“东亚文化之都”工作推进会", "brief", [("", "李冰"), ("", "程素敏")]),
        ("市委宣传部、市社科联组织召开", "brief", [("", "郭飞飞"), ("", "谢娜娜")]),
        ("隋唐文化扬优势 乡村运营添引擎", "photo", [("记者", "张光辉"), ("通讯员", "张俊翌"), ("通讯员", "郑雅静")]),
        ("豫西地区最大计量中心智能库房在洛投用", "photo", [("记者", "李卫超"), ("通讯员", "张静")]),
    ],
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_seed_pages_split_into_their_articles(stem: str) -> None:
    arts = seed(stem)
    want = EXPECTED[stem]
    assert len(arts) == len(want), [a.title for a in arts]
    for a, (title, kind, credits) in zip(arts, want):
        assert a.title.startswith(title), a.title
        assert a.kind == kind, (a.title, a.kind)
        assert [(b.role, b.name) for b in a.bylines] == credits
        assert a.title.strip()


def test_seed_article_boundaries() -> None:
    arts = seed("000")
    text = arts[0].text
    # the explainer runs from its first sentence to its last, and the meeting report starts with its lead
    assert text[arts[1].body.start :].startswith("制度的生命力在于执行")
    assert text[: arts[1].body.end].endswith("按照国家有关法律规定处理。")
    assert text[arts[2].body.start :].startswith("本报讯（记者 李江涛 李东慧）5日")
    assert text[arts[5].body.start :].startswith("本报讯（记者 孙自豪）昨日")
    # the inner subheading stays inside the explainer
    assert "责任追究：重大决策失误" in text[arts[1].body.start : arts[1].body.end]
    arts = seed("001")
    body = arts[4].text[arts[4].body.start : arts[4].body.end]
    assert "1推动结构升级" in body and "3优化要素供应" in body  # numbered subheads stay inside


def test_seed_dates() -> None:
    assert all(a.date == datetime.date(2020, 4, 30) for a in seed("002"))  # page date
    assert seed("003")[0].date == datetime.date(2020, 3, 30)  # signature date of the notice
    assert all(a.date is None for a in seed("000"))  # no date on the page: never invented
    assert all(a.date is None for a in seed("001"))


def test_sections_and_city() -> None:
    arts = seed("004")
    assert [a.section for a in arts[4:6]] == ["政务要闻", "政务要闻"]
    assert {a.city for a in arts} == {"洛阳"}


def test_sentences_cover_the_body() -> None:
    for stem in EXPECTED:
        for a in seed(stem):
            assert a.sentences
            for s in a.sentences:
                assert a.body.start <= s.start < s.end <= a.body.end


# Pages of the genre that are not seeds: other cities, other layouts.
def test_headline_first_page_with_briefs_and_credits() -> None:
    raw = """2021年6月8日 星期二

郑州召开优化营商环境推进会

本报讯（记者 王晓明 通讯员 陈静）7日，市委书记徐立毅主持召开全市优化营商环境推进会。

会议强调，要持续深化“放管服”改革。

政务要闻

■ 7日，市政府召开常务会议，研究部署防汛工作。（张华 刘洋）

■ 6日，市人大常委会召开党组会议。

（李娜）
"""
    arts = page(raw)
    assert [a.kind for a in arts] == ["news", "brief", "brief"]
    assert arts[0].title == "郑州召开优化营商环境推进会"
    assert [(b.role, b.name) for b in arts[0].bylines] == [("记者", "王晓明"), ("通讯员", "陈静")]
    assert arts[1].section == arts[2].section == "政务要闻"
    assert [b.name for b in arts[1].bylines] == ["张华", "刘洋"]
    assert [b.name for b in arts[2].bylines] == ["李娜"]
    assert all(a.date == datetime.date(2021, 6, 8) for a in arts)
    assert arts[1].title.startswith("市政府召开常务会议")


def test_headline_last_page() -> None:
    raw = """本报讯（记者 周强）昨日，市长李明到高新区调研，强调要加快项目建设进度，推动产业
转型升级。

李明到高新区调研

强调加快项目建设

近日，我市出台《关于支持民营经济发展的若干措施》，明确了二十条具体措施，涵盖融资、用地、人才等方面。

我市出台支持民营经济发展措施
"""
    arts = page(raw)
    assert len(arts) == 2
    assert arts[0].title == "李明到高新区调研 强调加快项目建设"
    assert arts[1].title == "我市出台支持民营经济发展措施"


def test_commentary_and_notice() -> None:
    raw = """坚定不移推动高质量发展

张建国

今年以来，我们坚持稳中求进工作总基调，扎实推进各项工作。

中共南阳市委办公室

南阳市人民政府办公室

2022年1月5日
"""
    arts = page(raw)
    assert len(arts) == 1
    assert arts[0].bylines[0].name == "张建国"
    assert arts[0].date == datetime.date(2022, 1, 5)


def test_empty_page() -> None:
    assert page("") == []
    assert page("\n\n  \n") == []


@pytest.mark.parametrize(
    "text,city",
    [("中共洛阳市委洛阳市人民政府印发通知。洛阳市委组织部下发文件。", "洛阳"), ("郑州市委书记徐立毅。郑州市人民政府召开会议。", "郑州"), ("我市召开会议。全市上下。", None)],
)
def test_detect_city(text: str, city: str | None) -> None:
    assert detect_city(text) == city
