"""People are read from the genre's context: titles before a name, forms of address after it,
descriptors, speakers, bylines; and common words that look like names are not people."""
from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, strategies as st

from kg.extract import authors as bylines, orgs as org_extractor, people, posts
from kg.extract.context import Context
from kg.extract import titles as T
from kg.text.normalise import normalise
from kg.text.segment import segment
from kg.records import Source


def extract(art):  # noqa: ANN001, ANN201
    """Only the extractors under test (bylines, people, orgs, posts), in registry order."""
    ctx = Context(art)
    for mod in (bylines, people, org_extractor, posts):
        ctx.add(*mod.extract(ctx))
    return ctx


def persons(text: str, city: str | None = "洛阳") -> set[str]:
    src = Source("t.txt", "t.txt", "t", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    out: set[str] = set()
    for art in segment(normalise(src), city=city):
        out |= {m.entity.label for m in extract(art).mentions if m.entity.kind == "person"}
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        # title chains before a name (the name's end told by what follows it)
        ("5日，省委常委、副省长、市委书记李亚主持召开市委常委会议。", {"李亚"}),
        ("昨日，市委副书记、代市长刘宛康带领有关部门负责同志到吉利区调研。", {"刘宛康"}),
        ("郑州市委书记徐立毅主持会议并讲话。", {"徐立毅"}),
        ("市委常委、常务副市长张建国出席。", {"张建国"}),
        ("省委常委、组织部部长李四海在调研时强调，要加强干部队伍建设。", {"李四海"}),
        ("省委常委、组织部部长李明在调研时强调。", {"李明"}),  # 李明 + 在, not 李明在
        ("副市长王刚一行先后来到郑州大学。", {"王刚"}),
        # lists sharing a title, and list heads
        ("洛阳军分区司令员姜巍、政委李杏，副市长李保兴，洛阳军分区副司令员王中立、王红兵参加相关活动。",
         {"姜巍", "李杏", "李保兴", "王中立", "王红兵"}),
        ("10日上午，洛阳工运史馆开馆。市领导杨晓、吉振华参加相关活动。", {"杨晓", "吉振华"}),
        ("副市长魏险峰等参加座谈会。", {"魏险峰"}),
        ("区人大常委会主任刘志强，区政协主席陈丽华列席会议。", {"刘志强", "陈丽华"}),
        ("出席会议的有市领导张一鸣、李二强、王三等。", {"张一鸣", "李二强", "王三"}),
        # descriptors and speakers
        ("社区党员王兰华说：“视频会议这种形式真好！”", {"王兰华"}),
        ("北窑街道党工委书记高峰说：“在党建联盟中，我们可以调动各方力量。”", {"高峰"}),
        ("村民张大山表示，今年收成好。", {"张大山"}),
        # forms of address after a name, and the later short references
        ("省委王国生书记强调，洛阳发展与中央要求相比还有差距。", {"王国生"}),
        ("正如李亚书记指出的，内陆区位不可怕。", {"李亚"}),
        ("深入学习了省委王国生书记、尹弘省长在推进会上的讲话精神。", {"王国生", "尹弘"}),
        ("市委书记李亚主持会议。会上，李亚强调要抓好落实。", {"李亚"}),
        # a compound surname
        ("副县长欧阳明华表示同意。", {"欧阳明华"}),
        # signatures and interviews (title lines)
        ("知耻后勇\n\n市住房和城乡建设局党组书记、局长 赵书政\n\n我市建筑工地扬尘防治工作没有管好。", {"赵书政"}),
        ("持续深化开放\n\n——访市商务局党组书记、局长吕宗乐\n\n“要深化改革。”吕宗乐说。", {"吕宗乐"}),
        # bylines
        ("本报讯（记者 李江涛 李东慧）5日，市委常委会议召开。", {"李江涛", "李东慧"}),
    ],
)
def test_people_from_context(text: str, expected: set[str]) -> None:
    assert persons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # words a tagger takes for names, with no context that names a person
        "实现以高水平开放引领高质量发展，对总书记的殷殷嘱托，越学体会越深刻。",
        "深入学习贯彻习近平新时代中国特色社会主义思想。",
        # titles not followed by a name
        "要建立党组书记述职制度，各级党委书记要带头。市长热线12345开通。",
        "他当选为村委会主任，书记、主任一肩挑。县长们纷纷表示支持。局长高度重视。",
        # a title read where a name is expected
        "县委副书记、县长出席，县委常委出席会议。",
        "成立工作专班，由区委书记任组长，区长任常务副组长。",
        "要坚持联系群众全覆盖，确保反映情况的群众全部得到接待，切实为群众解难题。",
        "让流动党员能随时与社区党组织互动沟通，提升社区党组织的领导能力。",
        # a name inside an organisation's name
        "成立都有为院士工作站暨特富特磁性材料与器件研究院。",
    ],
)
def test_no_people_without_context(text: str) -> None:
    assert persons(text) == set()


@pytest.mark.parametrize(
    "text,pos,expected",
    [
        ("李亚主持召开", 0, "李亚"),
        ("刘宛康带领", 0, "刘宛康"),
        ("高峰说：", 0, "高峰"),
        ("王振和说：", 0, "王振和"),
        ("李杏，副市长", 0, "李杏"),
        ("王中立、王红兵参加", 0, "王中立"),
        ("赵书政", 0, "赵书政"),
        ("项目建设", 0, None),
        ("热线电话", 0, None),
    ],
)
def test_where_a_name_ends(text: str, pos: int, expected: str | None) -> None:
    name = T.pick_name(text, pos, len(text))
    assert (name.text if name else None) == expected


def test_known_names_win() -> None:
    # a name found before decides the boundary even where what follows is unknown
    text = "李亚深刻指出"
    assert T.pick_name(text, 0, len(text)) is None
    assert T.pick_name(text, 0, len(text), frozenset({"李亚"})).text == "李亚"


def test_mentions_point_at_the_name() -> None:
    text = "市委书记李亚主持会议。李亚强调，要抓好落实。"
    src = Source("t.txt", "t.txt", "t", text, "utf-8", "0")
    doc = normalise(src)
    (art,) = segment(doc, city="洛阳")
    spans = [m.span for m in extract(art).mentions if m.entity.kind == "person"]
    assert len(spans) == 2
    assert all(doc.slice(s) == "李亚" for s in spans)


@given(text=st.text(alphabet="甲乙丙丁", max_size=40), words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=3), min_size=1, max_size=5),
       bounds=st.tuples(st.integers(0, 40), st.integers(0, 40)))
def test_name_occurrences_are_what_a_longest_first_alternation_finds(text: str, words: list[str], bounds: tuple[int, int]) -> None:
    import re

    from kg.extract.people import occurrences
    from kg.extract.titles import alternation

    start, end = min(bounds), max(bounds)
    expected = [(m.start(), m.end()) for m in re.compile(alternation(words)).finditer(text, start, end)]
    assert occurrences(text, words, start, end) == expected
