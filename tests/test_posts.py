"""Posts: coordinated titles split, shared organisations distributed, labels city-expanded, every
holding with its sentence; and the same person's posts from two articles on one node."""
from __future__ import annotations

import hashlib

import pytest

from kg.extract import authors as bylines, orgs as org_extractor, people, posts
from kg.extract.context import Context
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.records import Entity, Fact, Source


def extract(art):  # noqa: ANN001, ANN201
    """Only the extractors under test (bylines, people, orgs, posts), in registry order."""
    ctx = Context(art)
    for mod in (bylines, people, org_extractor, posts):
        ctx.add(*mod.extract(ctx))
    return ctx


def facts_of(text: str, city: str | None = "洛阳") -> tuple[list, list[Fact]]:
    src = Source("t.txt", "t.txt", "t", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    doc = normalise(src)
    arts = segment(doc, city=city)
    facts = [f for a in arts for f in extract(a).facts]
    return arts, facts


def holds(text: str, city: str | None = "洛阳") -> set[tuple[str, str]]:
    _, facts = facts_of(text, city)
    return {(f.subject.label, f.object.label) for f in facts if f.predicate == "org:holds"}


@pytest.mark.parametrize(
    "text,city,expected",
    [
        # three posts for one name
        ("5日，省委常委、副省长、市委书记李亚主持召开市委常委会议。", "洛阳",
         {("李亚", "省委常委"), ("李亚", "副省长"), ("李亚", "洛阳市委书记")}),
        ("昨日，市委副书记、代市长刘宛康带领有关部门到吉利区调研。", "洛阳",
         {("刘宛康", "洛阳市委副书记"), ("刘宛康", "洛阳市代市长")}),
        # a shared organisation distributed over a list of posts and names
        ("洛阳军分区司令员姜巍、政委李杏，副市长李保兴，洛阳军分区副司令员王中立、王红兵参加相关活动。", "洛阳",
         {("姜巍", "洛阳军分区司令员"), ("李杏", "洛阳军分区政委"), ("李保兴", "洛阳市副市长"),
          ("王中立", "洛阳军分区副司令员"), ("王红兵", "洛阳军分区副司令员")}),
        # a party group gives way to its body; a department takes the committee before it
        ("市住房和城乡建设局党组书记、局长 赵书政", "洛阳",
         {("赵书政", "洛阳市住房和城乡建设局党组书记"), ("赵书政", "洛阳市住房和城乡建设局局长")}),
        ("市委常委、宣传部部长王飞在座谈会上强调，要提升政治站位。", "洛阳",
         {("王飞", "洛阳市委常委"), ("王飞", "洛阳市委宣传部部长")}),
        ("市委常委、秘书长王军主持召开市四大班子秘书长联席会议。", "洛阳",
         {("王军", "洛阳市委常委"), ("王军", "洛阳市委秘书长")}),
        ("市委副书记、政法委书记陈东出席会议。", "郑州",
         {("陈东", "郑州市委副书记"), ("陈东", "郑州市委政法委书记")}),
        # other cities and papers
        ("郑州市委书记徐立毅主持会议并讲话。", "郑州", {("徐立毅", "郑州市委书记")}),
        ("市委常委、常务副市长张建国出席。", "郑州", {("张建国", "郑州市委常委"), ("张建国", "郑州市常务副市长")}),
        ("杭州市副市长胡伟在会上致辞。", "洛阳", {("胡伟", "杭州市副市长")}),
        ("市人大常委会主任王建国，市政协主席李秀英列席会议。", "开封",
         {("王建国", "开封市人大常委会主任"), ("李秀英", "开封市政协主席")}),
        ("河南省副省长武国定出席会议并讲话。", None, {("武国定", "河南省副省长")}),
        ("瀍河区委书记、区长李明主持会议。", "洛阳", {("李明", "瀍河区委书记"), ("李明", "瀍河区区长")}),
        ("国网洛阳供电公司党委书记、总经理周明陪同。", "洛阳",
         {("周明", "国网洛阳供电公司党委书记"), ("周明", "国网洛阳供电公司总经理")}),
        ("中国工商银行河南省分行行长孙九江说，要做好金融服务。", None, {("孙九江", "中国工商银行河南省分行行长")}),
        ("市委常委、市纪委书记、市监委主任刘一兵出席会议。", "洛阳",
         {("刘一兵", "洛阳市委常委"), ("刘一兵", "洛阳市纪委书记"), ("刘一兵", "洛阳市监委主任")}),
        ("市人大常委会主任赵七星，市政协主席钱八方参加活动。", "洛阳",
         {("赵七星", "洛阳市人大常委会主任"), ("钱八方", "洛阳市政协主席")}),
        ("据市统计局局长王立介绍，今年全市经济稳中向好。", "洛阳", {("王立", "洛阳市统计局局长")}),
        ("国务院总理李克强强调，要稳就业。", None, {("李克强", "国务院总理")}),
        ("董事长兼总经理王石表示，公司将继续发展。", None, set()),  # of what company? no post
        # interviews, forms of address
        ("持续深化开放\n\n——访市商务局党组书记、局长吕宗乐\n\n“要深化改革。”", "洛阳",
         {("吕宗乐", "洛阳市商务局党组书记"), ("吕宗乐", "洛阳市商务局局长")}),
        ("省委王国生书记强调，要扩大开放。李亚书记指出，要抓好落实。", "洛阳", {("王国生", "省委书记")}),
        ("习近平总书记指出，要推动高质量发展。", None, {("习近平", "总书记")}),
        # no name, no holding
        ("要建立党组书记述职制度，对违反条例的党组成员给予批评教育。", "洛阳", set()),
    ],
)
def test_holdings(text: str, city: str | None, expected: set[tuple[str, str]]) -> None:
    assert holds(text, city) == expected


def test_post_node_carries_org_role_and_short_form() -> None:
    _, facts = facts_of("市住房和城乡建设局党组书记、局长 赵书政", "洛阳")
    post = Entity("post", "洛阳市住房和城乡建设局局长")
    about = {(f.predicate, f.object if not isinstance(f.object, Entity) else f.object.label) for f in facts if f.subject == post}
    assert ("org:postIn", "洛阳市住房和城乡建设局") in about
    assert ("org:role", "局长") in about
    assert ("skos:altLabel", "市住房和城乡建设局局长") in about
    group = Entity("post", "洛阳市住房和城乡建设局党组书记")
    assert any(f.subject == group and f.predicate == "org:postIn" and f.object.label == "洛阳市住房和城乡建设局党组" for f in facts)
    assert any(f.subject == group and f.predicate == "org:role" and f.object.label == "书记" for f in facts)


def test_party_group_of_a_body_the_model_vouches_for() -> None:
    # 部 alone is an ending the genre accepts from the model: the group's body is still a body, and
    # the bare role after the group's post takes it
    _, facts = facts_of("海洋渔业部党组书记、部长罗青山出席会议。", None)
    assert {(f.subject.label, f.object.label) for f in facts if f.predicate == "org:holds"} == {
        ("罗青山", "海洋渔业部党组书记"), ("罗青山", "海洋渔业部部长")}
    assert {f.object.label for f in facts if f.predicate == "org:postIn"} == {"海洋渔业部党组", "海洋渔业部"}


@pytest.mark.parametrize(
    "text,expected",
    [
        # what the rules read before an organisation or a place is clause words by the model
        ("还有云帆（上海）装饰设计空间有限公司总经理欧阳明远。", ("欧阳明远", "云帆（上海）装饰设计空间有限公司总经理")),
        ("图为蓝海重工集团工会主席韩立新在现场指导。", ("韩立新", "蓝海重工集团工会主席")),
        ("首先有请青岚县副县长林望舒致辞。", ("林望舒", "青岚县副县长")),
        ("他将借江城市市长周启航参加小组讨论之机提出建议。", ("周启航", "江城市市长")),
    ],
)
def test_post_starts_where_the_model_starts_its_organisation(text: str, expected: tuple[str, str]) -> None:
    from extraction import facts as kind_facts

    assert kind_facts("本报讯 " + text + "\n", "person", "org:holds") == {expected}


def test_unknown_province_makes_no_organisation() -> None:
    # 省委 in a city paper: which province's? The post keeps its label, no org node is made
    _, facts = facts_of("省委常委、副省长、市委书记李亚主持会议。", "洛阳")
    post_orgs = {(f.subject.label, f.object.label) for f in facts if f.predicate == "org:postIn"}
    assert post_orgs == {("洛阳市委书记", "洛阳市委")}


def test_every_holding_has_its_sentence() -> None:
    text = "本报讯（记者 孙自豪）昨日，市委副书记、代市长刘宛康带领有关部门到吉利区调研。刘宛康强调，要补齐短板。"
    arts, facts = facts_of(text, "洛阳")
    doc = arts[0].doc
    hs = [f for f in facts if f.predicate == "org:holds"]
    assert len(hs) == 2
    for f in hs:
        assert f.evidence is not None
        assert doc.slice(f.evidence).endswith("昨日，市委副书记、代市长刘宛康带领有关部门到吉利区调研。")


def test_headline_holding_uses_its_line() -> None:
    text = "持续深化开放\n\n——访市商务局党组书记、局长吕宗乐\n\n全市商务系统将全面贯彻落实党代会精神。"
    arts, facts = facts_of(text, "洛阳")
    doc = arts[0].doc
    evidence = {doc.slice(f.evidence) for f in facts if f.predicate == "org:holds"}
    assert evidence == {"——访市商务局党组书记、局长吕宗乐"}


def test_one_person_node_holds_posts_from_two_articles(seed_store) -> None:  # noqa: ANN001
    q = """SELECT DISTINCT ?post ?a WHERE {
             GRAPH ?a { <https://w3id.org/zhengwu-kg/id/person/魏险峰> org:holds ?p }
             ?p rdfs:label ?post }"""
    rows = {(r["post"].value, r["a"].value.rsplit("/", 2)[-2]) for r in seed_store.query(q)}
    assert rows == {("洛阳市副市长", "001_9369ac743633a192"), ("洛阳市副市长", "004_7e91cbc81843ca4c")}
