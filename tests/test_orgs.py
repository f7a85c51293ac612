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


# -- with the model (kg/recognise): its words say where a name starts; its names with a body's ending

def model_orgs(text: str) -> set[str]:
    from extraction import labels

    return labels(text, "org")


@pytest.mark.parametrize(
    "text,expected",
    [
        # prepositions, adverbs and verbs the model reads before a name are no part of it
        ("本报讯 会议要求，以县民政局名义向各乡镇征求意见。\n", {"县民政局"}),
        ("本报讯 各县要认真落实水利部、中组部下发的文件精神，不断规范村民监督委员会的组建。\n",
         {"水利部", "中组部", "村民监督委员会"}),
        ("本报讯 会议指出，要建立健全老年人协会，研究制定关于加强和改进街道居民委员会建设的办法。\n",
         {"老年人协会", "街道居民委员会"}),
        ("本报讯 各地工作开展情况报送县农业农村局。\n", {"县农业农村局"}),
        # the model's ministries and offices, which end in no ending the rules trust alone
        ("本报讯 12日，住房和城乡建设部同财政部在京联合召开会议，国务院扶贫办有关负责同志出席。\n",
         {"住房和城乡建设部", "财政部", "国务院扶贫办"}),
        # bodies the model runs together are read one by one
        ("本报讯 近日，安平县财政局与交通部公安部联合发文。\n", {"安平县财政局", "交通部", "公安部"}),
        # a stop word inside the model's name is no cut (联合|国)
        ("本报讯 联合国儿童基金会与安平县卫生健康委员会签署合作协议。\n", {"联合国儿童基金会", "安平县卫生健康委员会"}),
        # counts, pronouns and each-words make a body generic
        ("本报讯 据了解，该市几家大银行已下调利率，部分银行暂停放贷。\n", set()),
        ("本报讯 通知要求，各县（区）党委农村工作领导小组办公室要抓好落实。\n", set()),
    ],
)
def test_where_the_model_says_a_name_starts(text: str, expected: set[str]) -> None:
    assert model_orgs(text) == expected


def test_a_clause_before_a_bare_body_leaves_nothing() -> None:
    assert not any("程序" in o for o in model_orgs("本报讯 材料齐全的，按规定程序报送省政府批准。\n"))


def test_the_state_in_a_post_is_no_organisation() -> None:
    assert "国家" not in model_orgs("本报讯 国家主席赵某某当天出席了欢迎仪式。\n")


@pytest.mark.parametrize(
    "name,expected",
    [
        ("民政部", "zw:GovernmentBody"), ("国务院扶贫办", "zw:GovernmentBody"), ("安平县教委", "zw:GovernmentBody"),
        ("银监会", "zw:GovernmentBody"), ("世界卫生组织", "zw:SocialOrganization"),
        ("干部", None), ("全部", None), ("民建中央常委", None), ("主办", None),
    ],
)
def test_endings_the_genre_accepts_from_the_model(name: str, expected: str | None) -> None:
    suf = O.model_ending(name)
    assert (O.CLASSES.get(suf.cls) if suf else None) == expected


@pytest.mark.parametrize(
    "name,pieces",
    [
        ("交通部公安部", ["交通部", "公安部"]),
        ("湖北省委湖北省人民政府", ["湖北省委", "湖北省人民政府"]),
        ("环境保护部和科学技术部", ["环境保护部", "科学技术部"]),
        ("国务院扶贫办", ["国务院扶贫办"]),  # a body's own office
        ("交通运输部政策研究室", ["交通运输部政策研究室"]),
        ("中国工商银行安平分行", ["中国工商银行安平分行"]),  # a branch
        ("住房和城乡建设部", ["住房和城乡建设部"]),
    ],
)
def test_bodies_run_together_are_split(name: str, pieces: list[str]) -> None:
    assert [name[a:b] for a, b in O._pieces(name, 0, len(name))] == pieces


def test_a_short_form_keeps_its_ending() -> None:
    assert not O.is_alias("安平省民政厅", "省人民政府办公厅")  # 厅 is not 办公厅
    assert O.is_alias("市住建局", "市住房和城乡建设局")
    assert O.is_alias("华信公司", "华信科技有限公司")


def test_a_model_organisation_without_an_ending_needs_a_second_source() -> None:
    """The model's ORG alone is too loose in this genre (石化, 新时代); with no ending the rules trust,
    it stands where the dictionary knows it as an abbreviation (足协) or it is written in a
    transliteration's characters (a foreign club or company)."""
    from kg.recognise import Token

    text = "本报讯 足协与卡塔维亚及新时代昨日签约。"
    toks = [Token(0, 3, "n"), Token(3, 4, "w"), Token(4, 6, "ORG"), Token(6, 7, "p"), Token(7, 11, "ORG"),
            Token(11, 12, "c"), Token(12, 15, "ORG"), Token(15, 17, "TIME"), Token(17, 19, "v"), Token(19, 20, "w")]
    found = {f.surface for f in O.model_orgs(text, toks, [])}
    assert found == {"足协", "卡塔维亚"}


def test_a_foreign_government_and_a_firm_by_its_trade_from_the_model() -> None:
    """政府 after no Chinese place, and a firm named by its trade (…证券), stand where the model
    reads them as one organisation."""
    from kg.recognise import Token

    text = "本报讯 卡塔维亚政府与华信证券昨日签约。"
    toks = [Token(0, 3, "n"), Token(3, 4, "w"), Token(4, 10, "ORG"), Token(10, 11, "p"), Token(11, 15, "ORG"),
            Token(15, 17, "TIME"), Token(17, 19, "v"), Token(19, 20, "w")]
    assert {f.surface for f in O.model_orgs(text, toks, [])} == {"卡塔维亚政府", "华信证券"}
    assert not O._model_ok("数字政府", 0, 4)  # a word before 政府 is no state
