"""Normalisation: clean text, and every character traced back to the file it came from."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.normalise import normalise
from kg.records import Source, Span

from conftest import seed_files


def src(raw: str, name: str = "t.txt") -> Source:
    return Source(name, name, name.rsplit(".", 1)[0], raw, "utf-8", "0")


def norm(raw: str) -> str:
    return normalise(src(raw)).text


@pytest.mark.parametrize(
    "raw,expected",
    [
        # letter-spaced body text loses its spaces
        ("本 领 不 足“ 不 能 为 ”、动 力 不 足", "本领不足“不能为”、动力不足"),
        # spaces between multi-character runs are kept (bylines, headline phrases)
        ("本报记者 李梦龙 通讯员 张伊霖", "本报记者 李梦龙 通讯员 张伊霖"),
        ("把握关键环节 强力推进实施", "把握关键环节 强力推进实施"),
        # numbers written apart from their units are joined
        ("近日下发的《洛阳市决战 30 天大气污染管控方案》提出", "近日下发的《洛阳市决战30天大气污染管控方案》提出"),
        # a line wrapped inside a name is joined
        ("市委副书记、代市长刘宛\n康带领有关部门负责同志到吉利区调研。", "市委副书记、代市长刘宛康带领有关部门负责同志到吉利区调研。"),
        # a column break (blank line) inside a sentence is joined
        ("相结合，为经济提供支撑，推动发展方式向依\n靠知识积累转变，为经济提\n\n质增效提供有力支撑。", "相结合，为经济提供支撑，推动发展方式向依靠知识积累转变，为经济提质增效提供有力支撑。"),
        # a headline followed by a lead stays a separate paragraph
        ("抓好民兵整组 服务国防建设\n\n本报讯（记者 李三旺）10日，省军区司令员陈兆明来洛。", "抓好民兵整组 服务国防建设\n本报讯（记者 李三旺）10日，省军区司令员陈兆明来洛。"),
        # a blank line inside an open 《 title does not end the paragraph
        ("会议审议了《中共郑州市委关于加强新时\n代基层\n\n应急管理体系建设的实施意见》。", "会议审议了《中共郑州市委关于加强新时代基层应急管理体系建设的实施意见》。"),
        # digits wrapped across lines are joined without a space, Latin words with one
        ("《行动方案（20\n21—2023年）》", "《行动方案（2021—2023年）》"),
        ("the Belt and\nRoad Initiative", "the Belt and Road Initiative"),
        # half-width punctuation in Chinese text becomes full-width, but not inside numbers
        ("日前印发的《方案》(下称《方案》)提出,会议于10:30开始,投资1,200万元。", "日前印发的《方案》（下称《方案》）提出，会议于10:30开始，投资1,200万元。"),
        # full-width digits and letters become ASCII
        ("２０２０年ＧＤＰ达到５０３５亿元。", "2020年GDP达到5035亿元。"),
        # page furniture is dropped
        ("按照国家有关法律规定处理。 （下转02版）", "按照国家有关法律规定处理。"),
        ("编辑:郭立翔 校对:变鸾 组版:刘涛\n\n正文第一句。", "正文第一句。"),
        # Markdown heading marks are dropped
        ("## 洛阳工运史馆开馆\n\n### 杨晓参加相关活动", "洛阳工运史馆开馆\n杨晓参加相关活动"),
        # CRLF and CR line ends behave like LF
        ("第一段。\r\n\r\n第二段。", "第一段。\n第二段。"),
        ("第一段。\r\r第二段。", "第一段。\n第二段。"),
        # NUL and control characters carry no text
        ("会议\x00审议\x07通过。", "会议审议通过。"),
        ("", ""),
        ("   \n\t\n  ", ""),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert norm(raw) == expected


def test_markdown_heading_levels_are_kept_on_blocks() -> None:
    doc = normalise(src("## 标题\n\n### 副题\n\n正文。"))
    assert [b.heading for b in doc.blocks] == [2, 3, 0]


def _assert_offsets(doc) -> None:  # noqa: ANN001
    raw = doc.source.raw
    assert len(doc.to_raw) == len(doc.text) + 1
    for i, ch in enumerate(doc.text):
        r = doc.to_raw[i]
        assert 0 <= r <= len(raw)
        if ch == "\n":
            continue
        orig = raw[r]
        # the raw character is the same one, or its width/punctuation variant, or a kept space
        assert orig == ch or ch == " " and orig.isspace() or _variant(orig, ch), (i, ch, orig)
    # offsets never go backwards
    assert all(a <= b for a, b in zip(doc.to_raw, doc.to_raw[1:]))


def _variant(orig: str, ch: str) -> bool:
    pairs = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", "\u2014": "—", "\u2015": "—"}
    if pairs.get(orig) == ch:
        return True
    return 0xFF01 <= ord(orig) <= 0xFF5E and chr(ord(orig) - 0xFEE0) == ch


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_seed_offsets_map_back_to_the_file(path) -> None:  # noqa: ANN001
    raw = path.read_text("utf-8")
    doc = normalise(src(raw, path.name))
    _assert_offsets(doc)
    # a multi-character span maps to a raw range whose text, stripped of layout, is the same
    for b in doc.blocks[:50]:
        s, e = doc.raw_span(b.span)
        raw_text = "".join(c for c in raw[s:e] if not c.isspace())
        norm_text = "".join(c for c in doc.slice(b.span) if not c.isspace())
        assert len(raw_text) >= len(norm_text)


def test_raw_span_of_a_name_split_across_lines() -> None:
    raw = "市委副书记、代市长刘宛\n康带领有关部门负责同志调研。"
    doc = normalise(src(raw))
    i = doc.text.index("刘宛康")
    s, e = doc.raw_span(Span(i, i + 3))
    assert raw[s:e] == "刘宛\n康"


_chars = st.sampled_from(list("李亚市委书记主持召开会议，。、“”《》（）()  \n\n\r\t0123456789ab#■—") + ["本报讯", "记者 ", "（下转02版）"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_chars, max_size=80).map("".join))
def test_offsets_always_point_back(raw: str) -> None:
    _assert_offsets(normalise(src(raw)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_raises(raw: str) -> None:
    doc = normalise(src(raw))
    assert len(doc.to_raw) == len(doc.text) + 1


# -- over-long lines (issue 15 item 4) -------------------------------------------------------

PAGE_AS_ONE_LINE = (
    "市委常委会召开会议本报讯（记者 王晓燕）昨日，市委书记张建国主持召开市委常委会会议，研究部署近期重点工作。"
    "会议强调，要坚持稳中求进工作总基调，扎实推进高质量发展。"
    "■ 我市举办营商环境培训班 本月以来，市发展改革委组织开展营商环境专题培训，覆盖干部三百余人。"
)


def test_an_over_long_line_is_cut_at_sentence_ends_with_exact_offsets() -> None:
    """A page saved as one line (here 400 copies, ~80k characters) comes back as paragraphs no longer
    than MAX_LINE, cut after sentence ends and before 本报讯 / ■, every offset exact."""
    from kg.text.normalise import MAX_LINE

    raw = PAGE_AS_ONE_LINE * 400
    doc = normalise(src(raw))
    _assert_offsets(doc)
    assert max(len(b.span) for b in doc.blocks) <= MAX_LINE
    paras = doc.text.split("\n")
    assert paras[:4] == ["市委常委会召开会议", "本报讯（记者 王晓燕）昨日，市委书记张建国主持召开市委常委会会议，研究部署近期重点工作。",
                         "会议强调，要坚持稳中求进工作总基调，扎实推进高质量发展。", "■我市举办营商环境培训班 本月以来，市发展改革委组织开展营商环境专题培训，覆盖干部三百余人。"]
    assert "".join(doc.text.split()) == "".join(raw.split())  # nothing lost, nothing added but line ends


def test_a_line_without_sentence_ends_is_cut_at_clause_marks_or_at_the_limit() -> None:
    from kg.text.normalise import MAX_LINE

    raw = ("甲乙丙丁戊己庚辛" * 100 + "，") * 30 + "子丑寅卯" * 2000
    doc = normalise(src(raw))
    _assert_offsets(doc)
    lens = [len(b.span) for b in doc.blocks]
    assert max(lens) <= MAX_LINE and doc.text.replace("\n", "") == raw
    assert doc.text.split("\n")[0].endswith("，")  # at a clause mark when there is one in reach


def test_lines_of_ordinary_length_are_not_cut() -> None:
    from kg.text.normalise import MAX_LINE

    line = "会议强调，要坚持稳中求进工作总基调，扎实推进高质量发展。" * ((MAX_LINE - 100) // 28)
    assert norm(line) == line
