"""The competency queries about people, posts and organisations give the expected answers on the
seeds, by name through the library and through `kg query NAME`."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Variable

from kg.cli import main
from kg.query import named_queries, run

ID = "https://w3id.org/zhengwu-kg/id/"


def rows(store, name: str, **bind: str) -> list[dict[str, str]]:  # noqa: ANN001
    subs = {Variable(k): NamedNode(ID + v) for k, v in bind.items()}
    result = run(store, named_queries()[name].text, label=name, substitutions=subs or None)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else "") for n in names} for s in result]


@pytest.mark.parametrize("name", ["people_posts", "org_post_holders", "person_posts_sources"])
def test_named_and_described(name: str) -> None:
    q = named_queries()[name]
    assert q.description and q.text.lstrip().startswith("#")


def test_all_people_with_posts_and_organisations(seed_store) -> None:  # noqa: ANN001
    got = {(r["name"], r["postLabel"], r["role"], r["orgLabel"]) for r in rows(seed_store, "people_posts")}
    assert {
        ("李亚", "洛阳市委书记", "书记", "洛阳市委"),
        ("李亚", "省委常委", "常委", ""),  # which province's 省委 the page does not say
        ("李亚", "副省长", "副省长", ""),
        ("刘宛康", "洛阳市代市长", "代市长", "洛阳市人民政府"),
        ("赵书政", "洛阳市住房和城乡建设局党组书记", "书记", "洛阳市住房和城乡建设局党组"),
        ("赵书政", "洛阳市住房和城乡建设局局长", "局长", "洛阳市住房和城乡建设局"),
        ("李杏", "洛阳军分区政委", "政委", "洛阳军分区"),
        ("王飞", "洛阳市委宣传部部长", "部长", "洛阳市委宣传部"),
        ("高峰", "瀍河区北窑街道党工委书记", "书记", "瀍河区北窑街道党工委"),
        ("吕宗乐", "洛阳市商务局局长", "局长", "洛阳市商务局"),
    } <= got
    assert not any(name in ("李江涛", "王兰华") for name, *_ in got)  # reporters, residents: no posts


def test_everyone_in_a_given_organisation(seed_store) -> None:  # noqa: ANN001
    got = {(r["name"], r["postLabel"]) for r in rows(seed_store, "org_post_holders", org="org/洛阳军分区")}
    assert got == {
        ("姜巍", "洛阳军分区司令员"),
        ("李杏", "洛阳军分区政委"),
        ("王中立", "洛阳军分区副司令员"),
        ("王红兵", "洛阳军分区副司令员"),
    }
    city_hall = {(r["name"], r["postLabel"]) for r in rows(seed_store, "org_post_holders", org="org/洛阳市人民政府")}
    assert city_hall == {("刘宛康", "洛阳市代市长"), ("李保兴", "洛阳市副市长"), ("魏险峰", "洛阳市副市长")}


def test_a_persons_posts_with_article_date_and_sentence(seed_store) -> None:  # noqa: ANN001
    got = rows(seed_store, "person_posts_sources", person="person/李亚")
    assert {r["postLabel"] for r in got} == {"洛阳市委书记", "省委常委", "副省长"}
    assert {r["source"] for r in got} == {"000_db331fe8dac00418.txt"}
    assert all("省委常委、副省长、市委书记李亚主持召开市委常委会议" in r["evidence"] for r in got)


def test_one_person_across_articles_and_dates(seed_store) -> None:  # noqa: ANN001
    got = {(r["postLabel"], r["source"], r["date"]) for r in rows(seed_store, "person_posts_sources", person="person/尹弘")}
    assert got == {
        ("省长", "002_4fb8176c685af46a.txt", "2020-04-30"),
        ("省长", "003_a3f629f1342c9ce7.txt", "2020-03-30"),
    }


def test_through_kg_query(runner, seed_store_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "people_posts", "--store", str(seed_store_path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    table = list(csv.DictReader(io.StringIO(r.output)))
    assert {"name": "魏险峰", "postLabel": "洛阳市副市长"}.items() <= next(t for t in table if t["name"] == "魏险峰").items()
    r = runner.invoke(main, ["query", "--list"])
    for name in ("people_posts", "org_post_holders", "person_posts_sources"):
        assert name in r.output
