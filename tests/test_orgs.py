"""Organisations: found by their endings, cut from the verbs before them, made canonical (city
context explicit, 中共 dropped, 政府 -> 人民政府), short forms resolved, typed by what the name tells."""
from __future__ import annotations

import hashlib

import pytest

from kg.extract import authors as bylines, orgs as org_extractor, people, posts
from kg.extract.context import Context
from kg.extract import orgs as O
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.records import Entity, Source


def extract(art):  # noqa: ANN001, ANN201
    """Only the extractors under test (bylines, people, orgs, posts), in registry order."""
    ctx = Context(art)
    for mod in (bylines, people, org_extractor, posts):
        ctx.add(*mod.extract(ctx))
    return ctx


def org_facts(text: str, city: str | None = "洛阳"):  # noqa: ANN201
    src = Source("t.txt", "t.txt", "t", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    mentions, facts = [], []
    for art in segment(normalise(src), city=city):
        ex = extract(art)
        mentions += [m for m in ex.mentions if m.entity.kind == "org"]
        facts += ex.facts
    return mentions, facts


def orgs(text: str, city: str | None = "洛阳") -> set[str]:
    return {m.entity.label for m in org_facts(text, city)[0]}


@pytest.mark.parametrize(
    "text,city,expected",
    [
        # cut after the verb or preposition before the name; a list split at its marks
        ("瀍河区北窑街道党工委探索成立了党建联盟，联合区委组织部、河南省洛阳正骨医院、洛阳市监狱、金家街社区等16个成员单位。",
         "洛阳", {"瀍河区北窑街道党工委", "区委组织部", "河南省洛阳正骨医院", "洛阳市监狱", "金家街社区"}),
        ("在洛阳黎明大成氟化工有限公司，刘宛康鼓励企业加快建设。", "洛阳", {"洛阳黎明大成氟化工有限公司"}),
        # partners joined by 与/和, the first itself a name
        ("洛阳古都发展集团与中铁四局集团合作隋唐大运河遗址公园项目。", "洛阳", {"洛阳古都发展集团", "中铁四局集团"}),
        ("老城区政府和工商银行洛阳分行签署战略合作协议。", "洛阳", {"老城区人民政府", "工商银行洛阳分行"}),
        ("我市与凯盛科技集团签署战略合作框架协议。", "洛阳", {"凯盛科技集团"}),
        # two issuers written side by side
        ("会议审议并原则通过《中共洛阳市委洛阳市人民政府关于加快推进创新的若干意见》。", "洛阳", {"洛阳市委", "洛阳市人民政府"}),
        # 和 inside a department's name is not a cut
        ("区发改委、商务和工业信息化局、科技局、金融工作局等部门就涉企优惠政策进行解读。", "洛阳",
         {"区发改委", "商务和工业信息化局", "科技局", "金融工作局"}),
        # city made explicit; elsewhere other cities
        ("市委组织部有关负责人表示，将严格督查。", "洛阳", {"洛阳市委组织部"}),
        ("记者从郑州市交通运输局获悉，地铁新线开通。", "洛阳", {"郑州市交通运输局"}),
        ("据市统计局介绍，全市经济稳中向好。", "郑州", {"郑州市统计局"}),
        ("河南省发展和改革委员会印发通知。", None, {"河南省发展和改革委员会"}),
        ("近日，洛龙区定鼎门社区党委第二党支部召开支部党员大会。", "洛阳", {"洛龙区定鼎门社区党委第二党支部"}),
        ("“红引擎”党建联盟成立以来，成效明显。", "洛阳", {"“红引擎”党建联盟"}),
        ("特富特电磁科技（洛阳）有限公司（以下简称特富特）于2017年落户。特富特成功申报高新技术企业。", "洛阳",
         {"特富特电磁科技（洛阳）有限公司"}),
        ("推动特富特、腾啸生物等骨干企业增量扩容。", "洛阳", {"特富特", "腾啸生物"}),
        ("支持中信重工、一拖集团等优势企业抱团出海。", "洛阳", {"中信重工", "一拖集团"}),
        # stock phrases, generic bodies and words that end like names are not organisations
        ("要按照市委决策部署，同中央、省委精神保持一致。", "洛阳", set()),
        ("各级党委和有关部门要加强领导，纪律检查机关、党委有关工作部门参与。", "洛阳", set()),
        ("形成文化旅游大格局，提升社区党组织的服务能力，推动城市社区治理。", "洛阳", set()),
        ("总投资1亿元的中国邮政快递物流中心项目已正式投产。", "洛阳", set()),
        ("发挥金融服务中心职能，建立产业技术创新战略联盟。", "洛阳", set()),
        ("他当选为村委会主任。各县（市）区政府要加强领导。", "洛阳", set()),
        ("对县市区党委和政府推进乡村振兴战略实绩进行年度考核。", "南阳", set()),
        ("规划新建标准化厂房12万平方米。", "郑州", set()),
        # a verb glued before a name, cut by the tagger where a proper name follows it
        ("我们希望中铁十局发挥技术优势，深度参与城市建设。", "济南", {"中铁十局"}),
        ("热烈欢迎比亚迪股份有限公司一行来我市考察。", "西安", {"比亚迪股份有限公司"}),
        ("代表团走进引领科技有限公司，察看生产线。", "西安", {"引领科技有限公司"}),  # no proper name after 引领: whole
    ],
)
def test_organisations(text: str, city: str | None, expected: set[str]) -> None:
    assert orgs(text, city) == expected


def test_a_company_is_named_by_the_body_its_corporate_form_wraps() -> None:
    text = ("市委书记会见了中国铁路第十工程局集团有限公司董事长一行。中铁十局将加大在济南的投资力度。"
            "会后，济南市人民政府与中国铁路第十工程局集团有限公司签署合作协议。")
    assert orgs(text, "济南") >= {"中国铁路第十工程局集团有限公司"}
    assert "中铁十局" not in orgs(text, "济南")


def test_short_forms_name_the_long_one() -> None:
    text = ("我市建筑工地扬尘防治工作由市住房和城乡建设局牵头。市住建局所有班子成员投身一线。"
            "洛阳古都发展集团与南关办事处合作。工商银行洛阳分行将为古都集团提供融资支持。"
            "瀍河区北窑街道党工委成立了联盟。北窑街道党工委书记高峰说：“好。”老城区政府表示，区政府将加强服务。")
    mentions, facts = org_facts(text)
    by_surface = {m.surface or m.entity.label: m.entity.label for m in mentions}
    assert by_surface["市住建局"] == "洛阳市住房和城乡建设局"
    assert by_surface["古都集团"] == "洛阳古都发展集团"
    assert by_surface["北窑街道党工委"] == "瀍河区北窑街道党工委"
    assert by_surface["区政府"] == "老城区人民政府"
    alt = {(f.subject.label, f.object) for f in facts if f.predicate == "skos:altLabel" and f.subject.kind == "org"}
    assert ("洛阳市住房和城乡建设局", "市住建局") in alt
    assert ("洛阳市住房和城乡建设局", "市住房和城乡建设局") in alt
    assert ("老城区人民政府", "区政府") in alt


@pytest.mark.parametrize(
    "label,cls",
    [
        ("洛阳市委", "zw:PartyOrganization"),
        ("洛阳市委组织部", "zw:PartyOrganization"),
        ("瀍河区北窑街道党工委", "zw:PartyOrganization"),
        ("洛阳市住房和城乡建设局", "zw:GovernmentBody"),
        ("老城区人民政府", "zw:GovernmentBody"),
        ("区发改委", "zw:GovernmentBody"),
        ("洛阳古都发展集团", "zw:Enterprise"),
        ("平顶山银行洛阳分行", "zw:Enterprise"),
        ("洛阳军分区", "zw:MilitaryUnit"),
        ("瀍河区人民武装部", "zw:MilitaryUnit"),
        ("上海洛阳商会", "zw:SocialOrganization"),
        ("洛阳市总工会", "zw:SocialOrganization"),
        ("河南省洛阳正骨医院", None),
    ],
)
def test_class_from_the_name(label: str, cls: str | None) -> None:
    assert O.org_class(label) == cls


@pytest.mark.parametrize(
    "surface,city,label",
    [
        ("市委组织部", "洛阳", "洛阳市委组织部"),
        ("市住房和城乡建设局", "洛阳", "洛阳市住房和城乡建设局"),
        ("中共洛阳市委", "洛阳", "洛阳市委"),
        ("我市商务局", "郑州", "郑州市商务局"),
        ("市政府", "郑州", "郑州市人民政府"),
        ("老城区政府", None, "老城区人民政府"),
        ("省委组织部", "洛阳", "省委组织部"),  # the province is not known: as written
        ("区委组织部", "洛阳", "区委组织部"),
        ("市场监管局", "洛阳", "市场监管局"),  # 市场 is a word, not the city
        ("市委组织部", None, "市委组织部"),
    ],
)
def test_canonical(surface: str, city: str | None, label: str) -> None:
    assert O.canonical(surface, city) == label


def test_types_and_short_forms_are_facts() -> None:
    _, facts = org_facts("市委组织部有关负责人表示，将严格督查。", "洛阳")
    e = Entity("org", "洛阳市委组织部")
    assert any(f.subject == e and f.predicate == "rdf:type" and f.object == "zw:PartyOrganization" for f in facts)
    assert any(f.subject == e and f.predicate == "skos:altLabel" and f.object == "市委组织部" and f.lang == "zh" for f in facts)


@pytest.mark.parametrize(
    "short,long,expected",
    [
        ("汝州市委", "平顶山市委", False),  # two cities' committees: the long form is all city and suffix
        ("汝州市委组织部", "平顶山市委组织部", False),
        ("市委", "平顶山市委", True),
    ],
)
def test_is_alias_of_city_bodies(short: str, long: str, expected: bool) -> None:
    from kg.extract.orgs import is_alias

    assert is_alias(short, long) is expected
