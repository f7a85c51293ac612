"""Meetings: names, chairs, attendees, conveners, adopted documents, dates (kg/extract/meetings.py)."""
from __future__ import annotations

import datetime

import pytest


from extraction import facts as kind_facts
from extraction import labels



def meetings(raw: str, city: str | None = None) -> set[str]:
    return labels(raw, "meeting", city)


def facts(raw: str, predicate: str, city: str | None = None) -> set[tuple[str, object]]:
    return kind_facts(raw, "meeting", predicate, city)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("本报讯（记者 李江涛）5日，省委常委、副省长、市委书记李亚主持召开市委常委会议，研究有关工作。", {"市委常委会议"}),
        # a meeting named by its number alone is the convening body's (every body has a 12th one)
        ("本报讯 3月18日，市政府召开第12次常务会议，市长侯红主持会议。", {"市政府第12次常务会议"}),
        ("全省优化营商环境工作推进会在郑州召开。副省长何金平出席会议并讲话。", {"全省优化营商环境工作推进会"}),
        ("本报讯 昨日，记者从全市安全生产工作会议上获悉，今年我市将开展专项整治。", {"全市安全生产工作会议"}),
        ("本报讯 昨日，记者从我市召开的2019年“书香洛阳”建设提升工作座谈会获悉，城市书房将如期建成。",
         {"2019年“书香洛阳”建设提升工作座谈会"}),
        ("近日，洛龙区定鼎门社区党委第二党支部召开支部党员大会，布置党员积分管理等工作。", {"支部党员大会"}),
        ("该区将深入学习贯彻2019年全市第二次地企合作联席会议精神，真抓实干。", {"2019年全市第二次地企合作联席会议"}),
        ("在推动中部地区崛起工作座谈会、黄河流域生态保护和高质量发展座谈会上的重要讲话精神，为我们指明了方向。",
         {"推动中部地区崛起工作座谈会", "黄河流域生态保护和高质量发展座谈会"}),
        ("按照全市领导干部会议和全市重点工作推进会部署要求，狠抓落实。", {"全市领导干部会议", "全市重点工作推进会"}),
        ("为深入贯彻落实开封市第十四次党代会精神，近日市委组织部下发通知。", {"开封市第十四次党代会"}),
        ("本报讯 9日，县政府召开第三十次常务会议，县长王刚主持会议。", {"县政府第三十次常务会议"}),
        # a headline's short form and the body's scoped one are one meeting
        ("我区召开民营企业座谈会\n\n本报讯（记者 张敏）昨日，全区民营企业座谈会召开。区长李强主持座谈会。",
         {"全区民营企业座谈会"}),
        ("区政府召开第7次常务会议\n\n本报讯（记者 张敏）8日，区长李强主持召开区政府第7次常务会议。",
         {"区政府第7次常务会议"}),
        # kinds of meeting and references are not named meetings
        ("该社区流动党员通过视频会议功能参加了会议。", set()),
        ("积极参加上级组织召开的政银企洽谈会，全力支持重点项目建设。", set()),
        ("下一步，我们将以此次会议为契机，深刻汲取教训。", set()),
        ("原则上不在当日安排重大会议，领导干部全部到村联系服务群众。", set()),
        ("考核可以与领导班子年度考核、民主生活会结合开展。", set()),
    ],
)
def test_named_meetings(raw: str, expected: set[str]) -> None:
    assert meetings(raw) == expected


def test_chair_date_adopted_discussed() -> None:
    raw = ("本报讯（记者 王华）6日，市委书记朱是西主持召开市委常委会议，传达学习省委有关会议精神。"
           "会议审议通过了《南阳市城市绿化条例（草案）》。会议听取了全市疫情防控工作情况汇报。")
    assert facts(raw, "zw:chairedBy") == {("市委常委会议", "朱是西")}
    assert facts(raw, "zw:adopted") == {("市委常委会议", "南阳市城市绿化条例（草案）")}
    assert facts(raw, "zw:discussed") == {("市委常委会议", "全市疫情防控工作情况汇报")}
    assert facts(raw, "zw:dateText") == {("市委常委会议", "6日")}  # no page date: left as written
    assert facts(raw, "dcterms:date") == set()


def test_a_meeting_referred_to_is_not_the_one_held() -> None:
    raw = ("本报讯（记者 王华）14日，市长张明主持召开市政府第9次常务会议，传达学习全省防汛工作电视电话会议精神。"
           "副市长赵强出席会议。会议审议通过了《信阳市城市绿化管理办法》。")
    assert facts(raw, "zw:adopted") == {("市政府第9次常务会议", "信阳市城市绿化管理办法")}
    assert facts(raw, "zw:attendedBy") == {("市政府第9次常务会议", "赵强")}


def test_date_resolved_against_the_page_date() -> None:
    raw = ("2021年9月12日 星期日\n\n本报讯（记者 孙小蕊）10日，市委常委、秘书长王军主持召开市四大班子秘书长联席会议，"
           "深入学习全市领导干部会议精神。")
    assert facts(raw, "dcterms:date") == {("市四大班子秘书长联席会议", datetime.date(2021, 9, 10))}
    assert facts(raw, "zw:chairedBy") == {("市四大班子秘书长联席会议", "王军")}


def test_chair_by_you_zhuchi() -> None:
    raw = "本报讯 3月18日，市政府召开第12次常务会议，市长侯红主持会议。会议研究了有关事项。"
    assert facts(raw, "zw:chairedBy", "郑州") == {("市政府第12次常务会议", "侯红")}
    assert facts(raw, "skos:altLabel", "郑州") == {("市政府第12次常务会议", "第12次常务会议")}
    assert {str(o)[:2] for _, o in facts(raw, "zw:convenedBy", "郑州")} == {"郑州"}  # 市政府 on a 郑州 page


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("本报讯 昨日，记者从我市召开的2019年“书香洛阳”建设提升工作座谈会获悉，城市书房将如期建成。"
         "市委常委、宣传部部长王飞在座谈会上强调，要压实责任。副市长魏险峰等参加座谈会。",
         {("2019年“书香洛阳”建设提升工作座谈会", "王飞"), ("2019年“书香洛阳”建设提升工作座谈会", "魏险峰")}),
        ("全省优化营商环境工作推进会在郑州召开。副省长何金平出席会议并讲话。",
         {("全省优化营商环境工作推进会", "何金平")}),
    ],
)
def test_attendees(raw: str, expected: set[tuple[str, str]]) -> None:
    assert facts(raw, "zw:attendedBy") >= expected


def test_speech_author_attended() -> None:
    raw = ("知耻后勇 加压奋进 坚决打赢扬尘污染防治攻坚战\n\n——在全市污染防治攻坚工作座谈会上的表态发言\n\n"
           "市住房和城乡建设局党组书记、局长 赵书政\n\n我市建筑工地扬尘防治工作没有管好，对此，我们深感自责，在此作出深刻检查。\n")
    assert facts(raw, "zw:attendedBy") == {("全市污染防治攻坚工作座谈会", "赵书政")}


def test_convener_prefix_is_stripped_and_kept_as_alt_label() -> None:
    raw = ("学习省委省政府加快洛阳副中心城市建设工作推进会精神。省委、省政府在洛阳召开高规格的加快副中心城市建设工作推进会，"
           "研究出台有关意见。")
    assert meetings(raw, "洛阳") == {"加快洛阳副中心城市建设工作推进会"}
    alts = {o for _, o in facts(raw, "skos:altLabel", "洛阳")}
    assert alts == {"省委省政府加快洛阳副中心城市建设工作推进会", "加快副中心城市建设工作推进会"}
    _conveners_are_sheng_wei_and_sheng_zhengfu(facts(raw, "zw:convenedBy", "洛阳"))


def _conveners_are_sheng_wei_and_sheng_zhengfu(got: set[tuple[str, object]]) -> None:
    # the organisation extractor names the bodies in its own canonical form
    names = {str(o) for _, o in got}
    assert any(n.endswith("省委") for n in names) and any(n.endswith(("省政府", "省人民政府")) for n in names)


def test_convened_by_body_and_place() -> None:
    raw = "2020年3月27日，省委、省政府在洛阳召开加快洛阳副中心城市建设工作推进会，进行全面动员部署。"
    assert facts(raw, "dcterms:date", "洛阳") == {("加快洛阳副中心城市建设工作推进会", datetime.date(2020, 3, 27))}
    assert facts(raw, "zw:locatedIn", "洛阳") == {("加快洛阳副中心城市建设工作推进会", "洛阳市")}
    _conveners_are_sheng_wei_and_sheng_zhengfu(facts(raw, "zw:convenedBy", "洛阳"))


def test_a_city_body_is_one_node_whoever_names_it() -> None:
    # the convener (meetings), the mayor's post (posts) and the issuer (documents) name one body
    raw = "本报讯（记者 王强）5日，市政府召开第12次常务会议，市长张明主持会议。会后，洛阳市政府印发了《关于加快发展的意见》。"
    bodies = {o for _, o in facts(raw, "zw:convenedBy", city="洛阳")}
    bodies |= {o for _, o in kind_facts(raw, "document", "zw:issuedBy", city="洛阳")}
    assert bodies == {"洛阳市人民政府"}


@pytest.mark.parametrize(
    "raw,expected",
    [
        # the party's congresses by number; 党的 kept as written
        ("全县上下要深入学习党的二十大精神，奋力谱写新篇章。", {"党的二十大"}),
        ("下半年，党将召开二十大，各地要做好准备。", {"二十大"}),
        ("各级党组织要认真领会党的十九大和十九届历次全会精神。", {"党的十九大", "十九届历次全会"}),
        ("认真学习党的十八届三中全会、十八大和省第九次党代会等会议精神。",
         {"党的十八届三中全会", "十八大", "省第九次党代会"}),
        ("当地推出十大工程和二十大项目。", set()),
        # a session that passed something, after the passive or a date: not the verb's or the date's
        ("《临江省湿地保护条例》经省十四届人大常委会第8次会议表决通过。", {"省十四届人大常委会第8次会议"}),
        ("本规定已被2015年9月10日省第十二届人民代表大会常务委员会第十八次会议通过的《临江省河道管理条例》取代。",
         {"省第十二届人民代表大会常务委员会第十八次会议"}),
        # a numbered session and a meeting held within it are two meetings
        ("她参加十三届全国人大五次会议临江代表团全体会议，并作发言。", {"十三届全国人大五次会议", "临江代表团全体会议"}),
        # how many times is not which meeting
        ("市委常委会召开12次会议研究重大事项。", set()),
        # 了 after the verb, a date before 在…召开, a quoted name with its own 、, lists closed by 等…会议
        ("三是组织召开了全市水务系统座谈会，听取意见。", {"全市水务系统座谈会"}),
        ("全国森林防火工作现场会18日在江西赣州召开", {"全国森林防火工作现场会"}),
        ("在“强作风、促发展”专题活动总结大会上的讲话", {"“强作风、促发展”专题活动总结大会"}),
        ("将全国水利工作会议、全国河湖长制现场会等重要会议的部署落到实处。", {"全国水利工作会议", "全国河湖长制现场会"}),
        ("为实现市委九届三次全会提出的发展目标，各部门要狠抓落实。", {"市委九届三次全会"}),
    ],
)
def test_numbered_sessions_congresses_and_boundaries(raw: str, expected: set[str]) -> None:
    assert meetings(raw) == expected


def test_a_congress_keeps_its_name_without_dang_de_as_an_alias() -> None:
    raw = "全县上下要深入学习党的十九届六中全会精神。"
    assert facts(raw, "skos:altLabel") == {("党的十九届六中全会", "十九届六中全会")}


@pytest.mark.parametrize("raw", ["全市聚焦十三大领域推进改革。", "打造十六大重点产业链。", "实施二十五大重点项目。"])
def test_a_number_and_da_before_a_noun_is_a_count_not_a_congress(raw: str) -> None:
    assert meetings(raw) == set()
