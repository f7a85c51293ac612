"""Projects: names, partners, investment, place (kg/extract/projects.py)."""
from __future__ import annotations

from decimal import Decimal

import pytest


from extraction import facts as kind_facts
from extraction import labels, run



def projects(raw: str, city: str | None = None) -> set[str]:
    return labels(raw, "project", city)


def facts(raw: str, predicate: str, city: str | None = None) -> set[tuple[str, object]]:
    return kind_facts(raw, "project", predicate, city)


def partner_text(raw: str, city: str | None = None) -> set[tuple[str, str]]:
    """(project, partner as written): the organisation extractor may label bodies in its own way."""
    out = set()
    for ex in run(raw, city):
        text = ex.article.text
        for f in ex.facts:
            if f.predicate == "zw:partner":
                for m in ex.mentions:
                    if m.entity == f.object and f.evidence and f.evidence.start <= m.span.start < f.evidence.end:
                        out.add((f.subject.label, text[m.span.start : m.span.end]))
    return out


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("本报讯 12日，总投资5.2亿元的许昌智能装备产业园项目开工建设。", {"许昌智能装备产业园项目"}),
        ("建设军民融合创新发展产业园，促进军民深度融合发展。", {"军民融合创新发展产业园"}),
        ("研究洛阳国家自主创新示范区、中国（河南）自由贸易试验区洛阳片区、洛阳西工综合保税区推进工作。",
         {"洛阳国家自主创新示范区", "中国（河南）自由贸易试验区洛阳片区", "洛阳西工综合保税区"}),
        # lists: each item is a project, labels as written
        ("本报讯 我市将推动中原科技城、龙子湖智慧岛等项目建设。", {"中原科技城", "龙子湖智慧岛"}),
        ("该园区推动电子雷管芯片模组等项目落地。", {"电子雷管芯片模组"}),
        ("已帮助解决北郊建材大世界、新型铜包铝排生产等项目单位反映的问题。", {"北郊建材大世界", "新型铜包铝排生产"}),
        # kinds of project are not named projects
        ("刘宛康鼓励企业加快建设二期项目，带动一批配套项目，确保重大高端石化项目加快实施。", set()),
        ("积极开发旅游观光、垂钓休闲的游览项目。", set()),
        ("2017年，老城区纳入全市地企合作工作台账项目共13个，继续实施项目1个。", set()),
        ("完善提升重大项目专项督导等制度机制，带头抓重点项目协调推进。", set()),
        # where the name starts, by the tagger: verbs, adverbs, time words glued before it
        ("调研组仔细询问项目建设进度和存在的困难。", set()),
        ("会议通报了一季度重大项目推进情况。", set()),
        ("今年以来全区已累计签约5000万元以上项目18个。", set()),
        ("在汴梁纺织公司，他察看了企业年产5万吨差别化纤维项目生产线。", {"年产5万吨差别化纤维项目"}),
        # a phase after a name is part of it
        ("市长一行来到许昌智能装备产业园二期项目施工现场。", {"许昌智能装备产业园二期项目"}),
        # a park or a museum is a project only as the object of a verb of building
        ("要高标准建设大运河国家文化公园，打造文旅融合新地标。", {"大运河国家文化公园"}),
        ("初夏时节，位于金水区的如意湖湿地公园游人如织。", set()),
        # programmes are kinds of project
        ("加快推进城市更新项目和老旧小区改造项目建设。", set()),
    ],
)
def test_named_projects(raw: str, expected: set[str]) -> None:
    assert projects(raw) == expected


def test_short_form_in_the_same_article_is_the_same_project() -> None:
    raw = ("老城区以灰熊科技园为平台促创新。洛阳灰熊科技园由洛阳起重机械厂转型升级后改建而成。"
           "特富特于2017年落户灰熊科技园。")
    assert projects(raw) == {"洛阳灰熊科技园"}
    assert facts(raw, "skos:altLabel") == {("洛阳灰熊科技园", "灰熊科技园")}


@pytest.mark.parametrize(
    "raw,city,expected",
    [
        ("2019年，老城区纳入地企合作台账项目7个，分别是：洛阳古都发展集团与中铁四局集团合作隋唐大运河遗址公园及隋唐大运河博物馆项目；"
         "老城区政府与河南建业住宅建设有限公司合作牡丹小镇项目、瀍河沟域经济带项目。", "洛阳",
         {("隋唐大运河遗址公园及隋唐大运河博物馆项目", "洛阳古都发展集团"), ("隋唐大运河遗址公园及隋唐大运河博物馆项目", "中铁四局集团"),
          ("牡丹小镇项目", "老城区政府"), ("牡丹小镇项目", "河南建业住宅建设有限公司"),
          ("瀍河沟域经济带项目", "老城区政府"), ("瀍河沟域经济带项目", "河南建业住宅建设有限公司")}),
        ("本报讯 郑州市政府与比亚迪股份有限公司签约的新能源汽车产业园项目总投资100亿元，将于年内开工。", "郑州",
         {("新能源汽车产业园项目", "郑州市政府"), ("新能源汽车产业园项目", "比亚迪股份有限公司")}),
        ("本报讯 新乡市政府与中国中车集团有限公司合作建设的新能源装备产业园，计划总投资20亿元。", "新乡",
         {("新能源装备产业园", "新乡市政府"), ("新能源装备产业园", "中国中车集团有限公司")}),
        # banks' credit lines are agreements, not projects
        ("老城区政府与平顶山银行洛阳分行签订战略合作协议，将获得20亿元的融资支持。", "洛阳", set()),
        ("许昌市政府与中国银行河南省分行签订战略合作协议。该行将为全市重点项目建设提供融资支持。", "许昌", set()),
        # a development zone's administrative committee signs
        ("本报讯 15日，开封经济技术开发区管委会与宁德时代新能源科技股份有限公司签约动力电池生产基地项目。", "开封",
         {("动力电池生产基地项目", "开封经济技术开发区管委会"), ("动力电池生产基地项目", "宁德时代新能源科技股份有限公司")}),
        # the subject carried to the next clause: 甲与乙签约X项目；与丙签约Y项目
        ("其中，新乡经济技术开发区管委会与河南心连心化学工业集团股份有限公司签约新型肥料产业园项目；"
         "与新乡化纤股份有限公司签约生物基纤维项目，总投资12亿元。", "新乡",
         {("新型肥料产业园项目", "新乡经济技术开发区管委会"), ("新型肥料产业园项目", "河南心连心化学工业集团股份有限公司"),
          ("生物基纤维项目", "新乡经济技术开发区管委会"), ("生物基纤维项目", "新乡化纤股份有限公司")}),
        # an agreement, then what the two parties will pursue together
        ("会后，洛阳市人民政府与中国中铁股份有限公司签署了战略合作协议。根据协议，双方将在交通、水利等领域深化合作，"
         "共同推进洛河生态廊道综合治理项目建设。", "洛阳",
         {("洛河生态廊道综合治理项目", "洛阳市人民政府"), ("洛河生态廊道综合治理项目", "中国中铁股份有限公司")}),
    ],
)
def test_partners(raw: str, city: str, expected: set[tuple[str, str]]) -> None:
    assert partner_text(raw, city) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("牡丹小镇项目，总投资30亿元，项目按照“牡丹+”模式设计。", {("牡丹小镇项目", Decimal("3000000000"))}),
        ("总投资1亿元的中国邮政快递物流中心项目，目前已正式投产。", {("中国邮政快递物流中心项目", Decimal("100000000"))}),
        ("中欧科创产业园通过“云招商”活动，与德国客商签署了总投资13.66亿元人民币的合作协议。",
         {("中欧科创产业园", Decimal("1366000000"))}),
        # a total over several projects belongs to none of them
        ("今年纳入台账项目7个，总投资76.5亿元，分别是牡丹小镇项目、瀍河沟域经济带项目。", set()),
        ("南阳市卧龙综合保税区今年已完成投资30.1亿元。", set()),
    ],
)
def test_investment(raw: str, expected: set[tuple[str, Decimal]]) -> None:
    assert facts(raw, "zw:investmentYuan") == expected


def test_place_from_the_district_government_partner() -> None:
    raw = "老城区政府与上海洛阳商会签约的老城区安乐寨生态农业休闲旅游项目，融合旅游、文化等相关产业。"
    assert ("老城区安乐寨生态农业休闲旅游项目", "老城区") in facts(raw, "zw:locatedIn", "洛阳")


@pytest.mark.parametrize(
    "raw,expected",
    [
        # counts, grades, adjectives and owners make a kind of project, not a named one
        ("要为一些外资大项目开辟绿色通道。", set()),
        ("县、乡两级民生项目资金使用情况要定期公开。", set()),
        ("支持临江市建设省级生态产业示范区。", set()),
        ("安乐纺织有限公司、安乐机械制造有限公司等多个企业厂区项目已完成环评。", set()),
        ("审计发现部分PPP项目绩效不佳，一批经济适用住房项目开工偏晚。", set()),
        ("努力把高新区建成国内一流科技园区。", set()),
        # …园区: the name runs to the end of 园区
        ("高标准建设临江光电科技园区，打造产业高地。", {"临江光电科技园区"}),
    ],
)
def test_kinds_and_counts_are_not_projects(raw: str, expected: set[str]) -> None:
    assert projects(raw) == expected


def test_partners_named_by_a_later_sentence_that_refers_back() -> None:
    """`…X项目建设现场……该项目由甲与乙合作建设`: the partners of the project the sentences before named."""
    raw = ("本报讯 市长赵文强来到安平县光电材料产业园项目建设现场，察看工程进度。"
           "该项目由安平县人民政府与临江晶华光电有限公司合作建设，总投资12亿元。\n")
    got = facts(raw, "zw:partner")
    assert ("安平县光电材料产业园项目", "安平县人民政府") in got
    assert ("安平县光电材料产业园项目", "临江晶华光电有限公司") in got


def test_a_material_and_its_alloy_are_one_word_of_the_name() -> None:
    raw = "本报讯 他先后来到临江铝业公司和安平铝及铝合金深加工产业园项目建设现场。\n"
    assert "安平铝及铝合金深加工产业园项目" in projects(raw)
