"""Property tests: offsets always point back, extractors never raise, building is idempotent."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.rdf import assemble
from kg.export import all_quads
from kg.extract import extract
from kg.text.normalise import normalise
from kg.pipeline.build import build_into
from kg.text.segment import segment
from kg.store import Store
from kg.records import Source

# fragments of the genre, so generated text exercises the rules and not only noise
GENRE = [
    "本报讯（记者 李江涛 李东慧）", "市委书记", "省委常委、副省长、市委书记李亚", "主持召开", "市委常委会议",
    "会议审议并原则通过《", "》", "《", "〈", "〉", "（以下简称《条例》）", "印发", "总投资30亿元", "与", "合作",
    "项目", "到吉利区调研", "座谈会", "参加", "出席", "■", "——访", "记者 梅占国 通讯员 刘红医 摄", "（郭飞飞 谢娜娜）",
    "2020年4月30日 星期四", "5日", "昨日", "，", "。", "、", "\n", "\n\n", " ", "洛阳", "市住房和城乡建设局党组书记、局长 赵书政",
]
genre_text = st.lists(st.one_of(st.sampled_from(GENRE), st.text(max_size=6)), max_size=60).map("".join)


def _pipeline(raw: str):  # noqa: ANN202
    doc = normalise(Source("p.txt", "p.txt", "p", raw, "utf-8", "0"))
    return doc, [extract(a) for a in segment(doc)]


def _folds(ch: str) -> set[str]:
    """What a raw character may become: itself width-folded, or its full-width punctuation form."""
    from kg.text.normalise import _FOLD, _TO_FULL

    ch = ch.translate(_FOLD)
    return {ch, _TO_FULL.get(ch, ch)}


def _squash(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(genre_text)
def test_extractors_never_raise_and_mentions_point_back(raw: str) -> None:
    doc, extractions = _pipeline(raw)
    for ex in extractions:
        assemble.assemble(ex)  # every fact maps to RDF terms the ontology defines
        for m in ex.mentions:
            assert 0 <= m.span.start <= m.span.end <= len(doc.text)
            rs, re_ = doc.raw_span(m.span)
            assert 0 <= rs <= re_ <= len(raw)
            # each character of the mention is the character at its raw offset, up to width folding
            for i in range(m.span.start, m.span.end):
                ch = doc.text[i]
                if not ch.isspace():
                    assert ch in _folds(raw[doc.to_raw[i]]), (m, i)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(raw: str) -> None:
    _pipeline(raw)


def test_building_is_idempotent(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    with Store(tmp_path / "s") as s:
        build_into(s, [seeds], jobs=1)
        first = [str(q) for q in all_quads(s)]
        build_into(s, [seeds], jobs=1)  # unchanged: skipped
        assert [str(q) for q in all_quads(s)] == first
        build_into(s, [seeds], jobs=1, force=True)  # rebuilt from scratch over itself
        assert [str(q) for q in all_quads(s)] == first
