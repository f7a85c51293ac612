"""Policy documents: titles in 《》, aliases, types, issuers, implements (kg/extract/documents.py)."""
from __future__ import annotations

import pytest

from kg.extract.common import bodies, strip_time_head
from kg.extract.documents import document_type

from extraction import facts as kind_facts
from extraction import labels



def documents(raw: str, city: str | None = None) -> set[str]:
    return labels(raw, "document", city)


def pairs(raw: str, predicate: str, city: str | None = None) -> set[tuple[str, str]]:
    return {(s, str(o)) for s, o in kind_facts(raw, "document", predicate, city)}


@pytest.mark.parametrize(
    "raw,expected",
    [
        # a title broken across the page's lines, （试行） kept as printed
        ("制度的生命力在于执行。提高党组工作的制度化、规范化、程序化水平，必须抓好《中国共产党党组工作条例\n\n"
         "（试行）》（以下简称《条例》）的贯彻执行。", {"中国共产党党组工作条例（试行）"}),
        # a bare type word with nothing before it to refer to names no document
        ("《意见》要求，各乡（镇）要结合实际开展活动。", set()),
        ("近日，郑州市政府办公厅印发《郑州市加快推进数字经济发展 实施方案》，明确了发展目标。",
         {"郑州市加快推进数字经济发展实施方案"}),
        ("会议审议通过了《南阳市城市绿化条例（草案）》。", {"南阳市城市绿化条例（草案）"}),
        # nested 〈〉: the outer document and the one it implements
        ("日前，开封市人大常委会审议通过《开封市贯彻〈中华人民共和国乡村振兴促进法〉实施办法》。",
         {"开封市贯彻〈中华人民共和国乡村振兴促进法〉实施办法", "中华人民共和国乡村振兴促进法"}),
        # newspapers, books and programmes are not policy documents
        ("《人民日报》刊发评论员文章，《新闻联播》作了报道，大家还学习了《习近平谈治国理政》。", set()),
        ("依照《中国共产党纪律处分条例》《行政机关公务员处分条例》等有关规定给予处分。",
         {"中国共产党纪律处分条例", "行政机关公务员处分条例"}),
    ],
)
def test_titles(raw: str, expected: set[str]) -> None:
    assert documents(raw) == expected


def test_title_across_a_line_break_in_the_normalised_text() -> None:
    from kg.extract.documents import TITLE_RE, _title_positions

    text = "必须抓好《中国共产党党组工作条例\n（试行）》的贯彻执行"
    m = TITLE_RE.search(text)
    title, pos = _title_positions(text, m.start(1), m.end(1))
    assert title == "中国共产党党组工作条例（试行）"
    assert [text[i] for i in pos] == list(title)


def test_alias_and_later_uses_are_one_document() -> None:
    raw = ("日前印发的《关于推进“河洛党建计划”全面强化年 加强基层基础工作的实施方案》(下称《方案》)提出，"
           "我市将进一步强化基层党组织的政治领导。《方案》提出，今年起，我市将持续推进学习教育。")
    title = "关于推进“河洛党建计划”全面强化年加强基层基础工作的实施方案"
    assert documents(raw) == {title}
    assert pairs(raw, "skos:altLabel") == {(title, "方案")}


def test_bare_type_refers_back_without_becoming_an_alias() -> None:
    raw = ("会议审议并原则通过《新乡市人民政府关于加快推进高新区建设的若干意见》。要把《意见》中明确的政策落到实处。")
    title = "新乡市人民政府关于加快推进高新区建设的若干意见"
    assert documents(raw) == {title}
    assert pairs(raw, "skos:altLabel") == set()


@pytest.mark.parametrize(
    "raw,city,expected",
    [
        ("近日，郑州市政府办公厅印发《郑州市加快推进数字经济发展实施方案》，明确了发展目标。", "郑州",
         {("郑州市加快推进数字经济发展实施方案", "郑州市政府办公厅")}),
        ("近日，中共中央办公厅、国务院办公厅印发了《关于加强基层治理体系和治理能力现代化建设的意见》。", None,
         {("关于加强基层治理体系和治理能力现代化建设的意见", "中共中央办公厅"),
          ("关于加强基层治理体系和治理能力现代化建设的意见", "国务院办公厅")}),
        # 市委… is expanded with the paper's city
        ("为深入贯彻落实市第十二次党代会精神，近日市委组织部下发《关于建立乡镇（街道）领导干部普遍直接联系群众制度的实施意见》。",
         "洛阳", {("关于建立乡镇（街道）领导干部普遍直接联系群众制度的实施意见", "洛阳市委组织部")}),
        # bodies that open the title issue it
        ("会议审议并原则通过《中共洛阳市委 洛阳市人民政府关于加快推进洛阳国家自主创新示范区建设的若干意见》。", "洛阳",
         {("中共洛阳市委洛阳市人民政府关于加快推进洛阳国家自主创新示范区建设的若干意见", "中共洛阳市委"),
          ("中共洛阳市委洛阳市人民政府关于加快推进洛阳国家自主创新示范区建设的若干意见", "洛阳市人民政府")}),
        # the subject of an earlier clause in the sentence
        ("省委、省政府高规格召开推进会，省委书记王国生出席会议并讲话，出台了《关于支持郑州建设国家中心城市的若干意见》。",
         "郑州", {("关于支持郑州建设国家中心城市的若干意见", "省委"), ("关于支持郑州建设国家中心城市的若干意见", "省政府")}),
        # an adverb no list holds between the body and the verb, read by the tagger
        ("与《实施意见》配套，市人力资源和社会保障局同步制定了《开封市技能人才评价管理办法（试行）》。", "开封",
         {("开封市技能人才评价管理办法（试行）", "开封市人力资源和社会保障局")}),
        # no named body: no issuer
        ("近日，我市出台《构建现代产业体系促进电子信息产业发展实施方案》。", "洛阳", set()),
        ("日前出台的《安阳市大气污染防治条例》明确，全市将加强扬尘管控。", "安阳", set()),
    ],
)
def test_issuers(raw: str, city: str | None, expected: set[tuple[str, str]]) -> None:
    got = pairs(raw, "zw:issuedBy", city)
    # the organisation extractor may name a body in its own canonical form; compare on the text
    assert {d for d, _ in got} == {d for d, _ in expected}
    assert len(got) == len(expected)


def test_implements() -> None:
    raw = "日前出台的《中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法》（以下简称《实施办法》），细化了责任追究。"
    outer = "中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法"
    assert pairs(raw, "zw:implements") == {(outer, "中国共产党党组工作条例（试行）")}
    assert (outer, "实施办法") in pairs(raw, "skos:altLabel")


def test_notice_signed_by_bodies() -> None:
    raw = ("中共许昌市委 许昌市人民政府\n\n关于认真学习宣传贯彻全省优化营商环境大会精神的通知\n\n"
           "各县（市、区）党委和人民政府：现将有关事项通知如下。许昌市各级各部门要认真学习。\n\n"
           "中共许昌市委\n\n许昌市人民政府\n\n2021年5月10日\n")
    title = "关于认真学习宣传贯彻全省优化营商环境大会精神的通知"
    assert title in documents(raw, "许昌")
    assert pairs(raw, "zw:documentType", "许昌") >= {(title, "通知")}
    assert len({o for d, o in pairs(raw, "zw:issuedBy", "许昌") if d == title}) == 2


@pytest.mark.parametrize(
    "title,expected",
    [
        ("中国共产党党组工作条例（试行）", "条例"),
        ("中共洛阳市委贯彻〈中国共产党党组工作条例（试行）〉的实施办法", "实施办法"),
        ("关于支持洛阳以开放为引领加快建设中原城市群副中心城市的若干意见", "意见"),
        ("洛阳市决战30天大气污染管控方案", "方案"),
        ("郑州市国土空间总体规划（2021—2035年）", "规划"),
        ("中华人民共和国乡村振兴促进法", "法"),
        ("洛阳日报", None),
        ("孙子兵法", None),
        ("习近平谈治国理政", None),
    ],
)
def test_document_type(title: str, expected: str | None) -> None:
    assert document_type(title) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("中共洛阳市委洛阳市人民政府", ["中共洛阳市委", "洛阳市人民政府"]),
        ("省委省政府", ["省委", "省政府"]),
        ("市委办公室、市政府办公室", ["市委办公室", "市政府办公室"]),
        ("中共中央办公厅国务院办公厅", ["中共中央办公厅", "国务院办公厅"]),
        ("市住房和城乡建设局", ["市住房和城乡建设局"]),
        ("洛龙区定鼎门社区党委第二党支部", ["洛龙区定鼎门社区党委第二党支部"]),
        ("我市", None),
        ("各级领导干部", None),
        # two bodies joined by 和/与 are two bodies, even where the whole ends like one
        ("农业农村部和水利部", ["农业农村部", "水利部"]),
        ("县财政局与县林业局", ["县财政局", "县林业局"]),
        ("国家发展和改革委员会", ["国家发展和改革委员会"]),
    ],
)
def test_bodies(text: str, expected: list[str] | None) -> None:
    got = bodies(text)
    assert ([text[a:b] for a, b in got] if got else None) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("近日，郑州市政府办公厅", ("郑州市政府办公厅", 3)),
        ("本报讯（记者 李冰）昨日，市政府", ("市政府", 13)),  # dateline, then a time word
        ("6日上午，市委", ("市委", 5)),
        ("经市政府同意，市政府办公室", ("市政府办公室", 7)),
        ("省委、省政府", ("省委、省政府", 0)),
        ("", ("", 0)),
        ("近日，由市委宣传部", ("市委宣传部", 4)),  # 由, 经, 自 as connectives go
        ("自即日起", ("即日起", 1)),
        ("自然资源和规划局", ("自然资源和规划局", 0)),  # … but not from a word they open
        ("昨日，经开区管委会", ("经开区管委会", 3)),
        ("自由贸易试验区建设工作会议", ("自由贸易试验区建设工作会议", 0)),
        ("经济技术开发区", ("经济技术开发区", 0)),
    ],
)
def test_strip_time_head(text: str, expected: tuple[str, int]) -> None:
    assert strip_time_head(text) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        # types of the genre beyond decrees: norms, guidelines, treaties, declarations, policies
        ("住房城乡建设部发布《城镇排水管网运行维护技术规范》和《农村自建房质量安全技术导则》。",
         {"城镇排水管网运行维护技术规范", "农村自建房质量安全技术导则"}),
        ("各方重申将落实《生物多样性公约》和《东亚海洋合作宣言》。", {"生物多样性公约", "东亚海洋合作宣言"}),
        ("近日，我市出台《临江市支持文旅产业发展若干政策》（下称《若干政策》），《若干政策》明确了奖补标准。",
         {"临江市支持文旅产业发展若干政策"}),
        # 预算法 is a law, though it ends with the word for an algorithm
        ("常委会组成人员集体学习了《中华人民共和国预算法》。《机器学习算法》一书也被提及。", {"中华人民共和国预算法"}),
    ],
)
def test_types_beyond_decrees(raw: str, expected: set[str]) -> None:
    assert documents(raw) == expected


def test_catalogue_rows_name_documents_without_brackets() -> None:
    raw = ("现决定废止下列规章：\n"
           "12临江省渔船管理办法2001年3月5日省政府令第12号公布，与上位法不一致。\n"
           "十三、临江省城市供水管理规定（2003年7月1日省政府令第40号公布）\n"
           "14本条所称工作人员2005年以后入职的，按原规定执行。\n")
    assert documents(raw) == {"临江省渔船管理办法", "临江省城市供水管理规定"}


def test_amendment_quotes_name_laws() -> None:
    raw = "一、将第七条中的“草原法实施细则”修改为“草原法实施条例”。二、将第八条中的“县级”修改为“县级以上”。"
    assert documents(raw) == {"草原法实施细则", "草原法实施条例"}


def test_notice_headline_run_into_the_text_by_its_salutation() -> None:
    raw = ("（吴新）信阳市林业局信阳市财政局关于做好2023年森林防火工作的通知各县（区）林业局、财政局："
           "当前正值森林防火关键期，现就有关事项通知如下。")
    title = "关于做好2023年森林防火工作的通知"
    assert documents(raw) == {title}
    assert pairs(raw, "zw:issuedBy") == {(title, "信阳市林业局"), (title, "信阳市财政局")}


@pytest.mark.parametrize(
    "raw,expected",
    [
        # the clause words before an issuer are no part of it, as the org extractor cuts a name
        ("各地要严格按照农业农村部和水利部印发的《高标准农田建设资金管理办法》执行。",
         {("高标准农田建设资金管理办法", "农业农村部"), ("高标准农田建设资金管理办法", "水利部")}),
        ("要认真贯彻落实应急管理部印发的《关于加强汛期安全防范工作的通知》。",
         {("关于加强汛期安全防范工作的通知", "应急管理部")}),
        ("按照青川省委办公厅印发的《关于进一步减轻基层负担的若干措施》要求，各县抓好落实。",
         {("关于进一步减轻基层负担的若干措施", "青川省委办公厅")}),
    ],
)
def test_issuer_starts_where_the_model_lets_a_name_start(raw: str, expected: set[tuple[str, str]]) -> None:
    assert pairs(raw, "zw:issuedBy") == expected


def test_an_unnumbered_line_with_a_date_is_a_sentence_not_a_catalogue_row() -> None:
    assert documents("新修订的管理办法2020年1月1日起施行。\n") == set()


def test_a_notice_title_holding_ge_is_read_to_its_type() -> None:
    raw = "安平县林业局关于加强各级护林队伍建设的通知各乡镇（街道）：现将有关事项通知如下。"
    assert "关于加强各级护林队伍建设的通知" in documents(raw)
