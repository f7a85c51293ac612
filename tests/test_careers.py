"""Career records scored against the hand annotations of tests/careers (its README is the spec).

Every text is segmented and read by kg.extract.appointments and kg.extract.profiles; appointments
are compared as (person, kind, post, date) and profiles attribute by attribute. The figures per kind
are printed (`pytest -s tests/test_careers.py::test_figures`), and the floors below hold them.
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from kg.extract import appointments, profiles
from kg.extract.careers import jurisdiction
from kg.records import Appointment, Article, Profile
from kg.text.ingest import read_source
from kg.text.normalise import normalise
from kg.text.segment import segment

CORPUS = Path(__file__).parent / "careers"
DOCS = sorted(p.stem for p in CORPUS.glob("*.txt"))
ATTRIBUTES = ("gender", "ethnicity", "birth", "native_place", "education", "joined_party", "started_work")
KINDS = ("appointed", "removed", "retired", "elected", "nominated", "proposed")


def _gold(stem: str) -> dict:
    return json.loads((CORPUS / f"{stem}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _read(stem: str) -> tuple[tuple[Article, ...], tuple[tuple[int, Appointment], ...], tuple[Profile, ...]]:
    doc = normalise(read_source(CORPUS / f"{stem}.txt"))
    arts = tuple(segment(doc))
    found: list[tuple[int, Appointment]] = []
    profs: list[Profile] = []
    for art in arts:
        found.extend((art.index, a) for a in appointments.find(art))
        for p in profiles.find(art):
            profs.append(p)
            found.extend((art.index, a) for a in profiles._proposals(p, art))
    return arts, tuple(found), tuple(profs)


def _key(a: Appointment) -> tuple[str, str, str, str | None]:
    return (a.person, a.kind, a.post, a.date.isoformat() if a.date else None)


def _gold_key(g: dict) -> tuple[str, str, str, str | None]:
    return (g["person"], g["kind"], g["post"], g["date"])


def _profile_values(p: Profile) -> dict[str, str | None]:
    return {a: (str(getattr(p, a)) if getattr(p, a) is not None else None) for a in ATTRIBUTES}


def score() -> tuple[dict[str, list[int]], list[int], list[str]]:
    """Per kind [right, gold, found]; profile attributes [right, gold]; the misses, for the report."""
    per_kind = {k: [0, 0, 0] for k in KINDS}
    attrs = [0, 0]
    misses: list[str] = []
    for stem in DOCS:
        gold = _gold(stem)
        _, found, profs = _read(stem)
        g = Counter(_gold_key(x) for x in gold["appointments"])
        f = Counter(_key(a) for _, a in found)
        for key, n in g.items():
            per_kind[key[1]][1] += n
            per_kind[key[1]][0] += min(n, f[key])
            if f[key] < n:
                misses.append(f"{stem}: missed {key}")
        for key, n in f.items():
            per_kind[key[1]][2] += n
            if g[key] < n:
                misses.append(f"{stem}: spurious {key}")
        by_name = {p.person: _profile_values(p) for p in profs if p.gender or p.birth}
        for gp in gold["profiles"]:
            mine = by_name.get(gp["person"], {})
            for a in ATTRIBUTES:
                attrs[1] += 1
                if mine.get(a) == gp[a]:
                    attrs[0] += 1
                else:
                    misses.append(f"{stem}: {gp['person']} {a} {mine.get(a)!r} != {gp[a]!r}")
    return per_kind, attrs, misses


def test_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Print the figures per kind; every appointment and removal of the corpus must come out right."""
    per_kind, attrs, misses = score()
    with capsys.disabled():
        print("\ncareers corpus: right / gold (found)")
        for k in KINDS:
            right, gold, found = per_kind[k]
            print(f"  {k:<10} {right:>3} / {gold:<3} ({found})")
        print(f"  profile attributes {attrs[0]} / {attrs[1]}")
        for m in misses:
            print("  ", m)
    for k in KINDS:
        right, gold, found = per_kind[k]
        assert right == gold == found, (k, misses)
    assert attrs[0] == attrs[1], misses


@pytest.mark.parametrize("stem", DOCS)
def test_appointments_of(stem: str) -> None:
    """Each text on its own: (person, kind, post, date) as annotated, and nothing more."""
    gold = _gold(stem)
    _, found, _ = _read(stem)
    assert sorted(_key(a) for _, a in found) == sorted(_gold_key(g) for g in gold["appointments"])


@pytest.mark.parametrize("stem", DOCS)
def test_decision_details(stem: str) -> None:
    """Who decided, acting, probation and the note, per appointment."""
    gold = _gold(stem)
    _, found, _ = _read(stem)
    mine = sorted((_key(a), a.decided_by, a.acting, a.probation, a.note) for _, a in found)
    want = sorted((_gold_key(g), g["decided_by"], g["acting"], g["probation"], g["note"]) for g in gold["appointments"])
    assert mine == want


@pytest.mark.parametrize("stem", [s for s in DOCS if _gold(s).get("articles")])
def test_notice_after_news_is_its_own_article(stem: str) -> None:
    """A notice printed after a news item is an article of its own, dated by its signature."""
    gold = _gold(stem)
    arts, found, _ = _read(stem)
    assert [(a.date.isoformat() if a.date else None) for a in arts] [1:] == [x["date"] for x in gold["articles"]][1:]
    assert gold["articles"][1]["title"] in arts[1].title.replace(" ", "")
    assert {i for i, _ in found} == {g["article"] + 1 for g in gold["appointments"]}


@pytest.mark.parametrize("stem", [s for s in DOCS if _gold(s)["profiles"]])
def test_profile_posts(stem: str) -> None:
    """现任 and 拟任 posts as written (shared organisation expanded), and biography lines."""
    gold = _gold(stem)
    _, _, profs = _read(stem)
    by_name = {p.person: p for p in profs if p.gender}
    for gp in gold["profiles"]:
        p = by_name[gp["person"]]
        assert list(p.current_posts) == gp["current_posts"]
        assert list(p.proposed_posts) == gp["proposed_posts"]
    careers = {p.person: p.career for p in profs if p.career}
    for gp in gold["profiles"]:
        if gp["career"]:
            mine = [
                {"from": str(c.start), "to": str(c.end) if c.end else None, "posts": list(c.posts), "text": c.text}
                for c in careers[gp["person"]]
            ]
            assert mine == gp["career"]


@pytest.mark.parametrize(
    "stem,province",
    [("bj01_npc_decision", "北京"), ("gd02_citynpc", "广东"), ("ha02_county_election", "河南"), ("hn03_bio", "海南"),
     ("qh02_notice", "青海"), ("sc01_publicity", "四川"), ("sc02_page", "四川")],
)  # fmt: skip
def test_jurisdiction(stem: str, province: str) -> None:
    """The province that tells homonyms apart: headline first (a city counts for its province)."""
    arts, found, profs = _read(stem)
    index = found[0][0] if found else 1
    assert jurisdiction(arts[index - 1]) == province


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("任命张三为某某县财政局局长；", [("张三", "appointed", "某某县财政局局长")]),
        ("免去李四的某某县财政局局长职务；", [("李四", "removed", "某某县财政局局长")]),
        ("王五、赵六同志退休，免去其某某市统计局副局长职务。", [("王五", "retired", "某某市统计局副局长"), ("赵六", "retired", "某某市统计局副局长")]),
        ("刘七任某某市教育局局长，免去其某某市教育局副局长职务；",
         [("刘七", "appointed", "某某市教育局局长"), ("刘七", "removed", "某某市教育局副局长")]),
        ("孙八当选为某某县人民政府县长；", [("孙八", "elected", "某某县人民政府县长")]),
        ("会议决定任命周九为某某市公安局局长。", [("周九", "appointed", "某某市公安局局长")]),
        ("提请任命：吴十为某某市财政局局长；", [("吴十", "proposed", "某某市财政局局长")]),
        ("接受郑一辞去某某市人民政府市长职务的请求；", [("郑一", "removed", "某某市人民政府市长")]),
        ("决定冯二为某某市人民政府代理市长。", [("冯二", "appointed", "某某市人民政府市长")]),
        ("任命陈三为某某市中级人民法院副院长、审判员；",
         [("陈三", "appointed", "某某市中级人民法院副院长"), ("陈三", "appointed", "某某市中级人民法院审判员")]),
        ("此前，大会主席团第一次会议提名褚四为某某县人民政府县长候选人。", [("褚四", "nominated", "某某县人民政府县长")]),
        ("局长刘七在会上讲话。", []),
        ("刘七任务很重。", []),
    ],
)  # fmt: skip
def test_shapes(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    """The genre's shapes on sentences of their own (names and bodies made up)."""
    from kg.records import Document, Source, Block, Span as S

    text = sentence
    src = Source("x.txt", "x.txt", "x", text, "utf-8", "0" * 64)
    doc = Document(src, text, list(range(len(text) + 1)), (Block(S(0, len(text))),))
    art = Article(doc, 1, "某某", None, S(0, len(text)), (S(0, len(text)),))
    assert [(a.person, a.kind, a.post) for a in appointments.find(art)] == expected
