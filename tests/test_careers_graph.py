"""Career records in the graph: appointment nodes, dated holdings, person attributes, homonyms.

Built from tests/careers. The 王刚 of 海南 (hn01, hn02) and the 王刚 of 四川 (sc01, sc02) must stay
two people, each one node across his two files, whatever the order files are built in, the number of
processes, or a build done in two steps and a file removed again (docs/graph-model.md, Homonyms).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.export import all_quads
from kg.store import Store

CORPUS = Path(__file__).parent / "careers"
TEXTS = sorted(CORPUS.glob("*.txt"))
WANG = [CORPUS / f"{s}.txt" for s in ("hn01_publicity", "hn02_notice", "sc01_publicity", "sc02_page")]


def _build(paths: list[Path], store: Path, jobs: int = 1) -> list[str]:
    with kg.build([str(p) for p in paths], store=store, jobs=jobs) as g:
        assert not g.report.failed, g.report.failed
        return [str(q) for q in all_quads(g.store)]


@pytest.fixture(scope="module")
def careers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("careers") / "store"
    _build(TEXTS, path)
    return path


def _rows(store: Path, sparql: str) -> list[tuple[str, ...]]:
    with kg.open_store(store) as g:
        res = g.query(sparql)
        names = [v.value for v in res.variables]
        return [tuple(r[n].value if r[n] is not None else "" for n in names) for r in res]


def test_appointments_per_kind(careers: Path) -> None:
    """One zw:Appointment per decision of the corpus (its README's totals)."""
    rows = _rows(careers, "SELECT ?k (COUNT(?a) AS ?n) WHERE { ?a a zw:Appointment ; zw:appointmentKind ?k } GROUP BY ?k")
    got = {k.rsplit("#", 1)[1]: int(n) for k, n in rows}
    assert got == {"Appointed": 31, "Removed": 19, "Proposed": 19, "Elected": 10, "Retired": 4, "Nominated": 2}


def test_an_appointment_node(careers: Path) -> None:
    rows = _rows(careers, """SELECT ?date ?by ?post ?who ?ev WHERE {
        ?a zw:appointee/rdfs:label "钱立军"@zh ; zw:toPost/rdfs:label "北京市无线电管理局局长"@zh ;
           dcterms:date ?date ; zw:decidedBy/rdfs:label ?by ; zw:evidence ?ev ; zw:appointee ?who }""")
    assert rows == [("2023-02-28", "北京市第十六届人民代表大会常务委员会第一次会议", "",
                     "https://w3id.org/zhengwu-kg/id/person/钱立军/北京", rows[0][4])]  # fmt: skip
    assert "任命钱立军为" in rows[0][4]


def test_two_wang_gang_stay_apart(careers: Path) -> None:
    rows = _rows(careers, """SELECT ?p ?birth ?native WHERE { ?p a zw:Person ; rdfs:label "王刚"@zh ;
        schema:birthDate ?birth ; zw:nativePlace/rdfs:label ?native } ORDER BY ?birth""")
    assert [(p.rsplit("/", 1)[1], b, n) for p, b, n in rows] == [("海南", "1966-11", "海南文昌"), ("四川", "1971-03", "四川南充")]


def test_one_wang_gang_across_two_files(careers: Path) -> None:
    """海南: seen in the 公示 (2018-05-21), removed on 2018-06-12 — one holding of one person."""
    rows = _rows(careers, """SELECT ?seen ?end ?kind WHERE {
        ?h zw:holder <https://w3id.org/zhengwu-kg/id/person/王刚/海南> ; zw:heldPost/rdfs:label "海南省交通运输厅副厅长"@zh ;
           zw:seenOn ?seen ; zw:endDate ?end ; zw:endedBy/zw:appointmentKind ?kind }""")
    assert rows == [("2018-05-21", "2018-06-12", "https://w3id.org/zhengwu-kg/ontology#Removed")]
    rows = _rows(careers, """SELECT ?start ?proposed WHERE {
        ?h zw:holder <https://w3id.org/zhengwu-kg/id/person/王刚/四川> ; zw:heldPost ?post ; zw:startDate ?start .
        ?post rdfs:label "四川省农业厅副厅长"@zh .
        ?a zw:appointee <https://w3id.org/zhengwu-kg/id/person/王刚/四川> ; zw:toPost ?post ;
           zw:appointmentKind zw:Proposed ; dcterms:date ?proposed }""")
    assert rows == [("2018-09-05", "2018-07-16")]


def test_name_only_mention_is_linked_where_the_page_tells_who(careers: Path) -> None:
    rows = _rows(careers, "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }")
    assert rows == [("https://w3id.org/zhengwu-kg/id/person/王刚", "https://w3id.org/zhengwu-kg/id/person/王刚/四川")]


def test_same_person_in_two_files(careers: Path) -> None:
    """韩志远: appointed by the 2023-02-28 decision, seen holding the post in the 2023-07-10 公示."""
    rows = _rows(careers, """SELECT ?p ?start ?seen WHERE { ?p rdfs:label "韩志远"@zh .
        ?h zw:holder ?p ; zw:heldPost/rdfs:label "北京市发展和改革委员会主任"@zh ; zw:startDate ?start ; zw:seenOn ?seen }""")
    assert rows == [("https://w3id.org/zhengwu-kg/id/person/韩志远/北京", "2023-02-28", "2023-07-10")]


def test_profile_attributes(careers: Path) -> None:
    rows = _rows(careers, """SELECT ?g ?eth ?birth ?native ?edu ?party ?work WHERE {
        ?p rdfs:label "李桂兰"@zh ; schema:gender ?g ; zw:ethnicity ?eth ; schema:birthDate ?birth ;
           zw:nativePlace/rdfs:label ?native ; zw:education ?edu ; zw:startedWorkOn ?work .
        OPTIONAL { ?p zw:joinedPartyOn ?party } }""")
    assert rows == [("http://schema.org/Female", "汉族", "1970-05", "青海湟中", "大学学历", "", "1992-07")]


def test_biography_lines_are_dated_holdings(careers: Path) -> None:
    rows = _rows(careers, """SELECT ?post ?start ?end WHERE { ?p rdfs:label "邢守华"@zh .
        ?h zw:holder ?p ; zw:heldPost/rdfs:label ?post ; zw:startDate ?start . OPTIONAL { ?h zw:endDate ?end } }
        ORDER BY ?start ?post""")
    assert ("陵水黎族自治县副县长", "2008-09", "2012-12") in rows
    assert ("三亚市人民政府代市长", "2021-01", "") in rows
    assert not any("学习" in r[0] for r in rows)


def test_careers_conform_to_the_shapes(careers: Path) -> None:
    from kg.validate import validate

    with kg.open_store(careers) as g:
        report = validate(g.dataset)
    assert report.conforms, report.text()


def test_file_order_jobs_and_incremental_builds_agree(tmp_path: Path) -> None:
    """The same graph for any order, for two processes, for a build in two steps, and after a
    `kg remove` the graph of a build without that file."""
    whole = _build(WANG, tmp_path / "a")
    assert _build(list(reversed(WANG)), tmp_path / "b") == whole
    assert _build(WANG, tmp_path / "c", jobs=2) == whole
    _build(WANG[2:], tmp_path / "d")
    assert _build(WANG, tmp_path / "d") == whole
    without = _build([w for w in WANG if w.name != "hn02_notice.txt"], tmp_path / "e")
    with Store(tmp_path / "d") as s:
        assert s.remove_source("hn02_notice.txt")
        assert [str(q) for q in all_quads(s)] == without


# -- the named queries of careers --------------------------------------------------------------


def _named(store: Path, name: str, **bind: str) -> list[dict[str, str]]:
    from kg.query import named_queries, parse_bindings, run

    q = named_queries()[name]
    text = q.text
    with kg.open_store(store) as g:
        res = run(g.store, text, substitutions=parse_bindings(f"{k}={v}" for k, v in bind.items()))
        names = [v.value for v in res.variables]
        return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in res]


def test_person_career(careers: Path) -> None:
    rows = _named(careers, "person_career", person="zwid:person/王刚/海南")
    got = [(r["postLabel"], r["start"], r["end"], r["seenOn"]) for r in rows]
    assert got == [("海南省交通运输厅副厅长", "", "", "2018-05-21"), ("海南省交通运输厅副厅长", "", "2018-06-12", "")]
    assert all(r["evidence"] and r["article"] for r in rows)


def test_person_career_follows_same_as(careers: Path) -> None:
    rows = _named(careers, "person_career", person="zwid:person/王刚/四川")
    assert "省农业厅副厅长" in {r["postLabel"] for r in rows}  # the news item's name-only 王刚


def test_post_succession(careers: Path) -> None:
    rows = _named(careers, "post_succession", post="zwid:post/海南省交通运输厅副厅长")
    assert [(r["name"], r["started"], r["ended"], r["firstSeen"]) for r in rows] == [
        ("王刚", "", "2018-06-12", "2018-05-21"), ("吴光明", "2018-06-12", "", "")]


def test_appointments_by_body(careers: Path) -> None:
    rows = _named(careers, "appointments_by_body", body="zwid:meeting/北京市第十六届人民代表大会常务委员会第一次会议")
    assert len(rows) == 15
    assert {r["date"] for r in rows} == {"2023-02-28"}
    assert {r["kind"] for r in rows} == {"任命", "免职"}


# -- kg export --format careers-csv ---------------------------------------------------------------


def _load_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """As a user would load it: with pandas (a test extra)."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return list(df.columns), df.to_dict("records")


def test_careers_csv_loads_with_the_documented_columns(careers: Path, tmp_path: Path) -> None:
    from kg.export import FORMATS, export
    from kg.views.careers import COLUMNS

    assert "careers-csv" in FORMATS  # so `kg export --format careers-csv` and /export/ offer it
    with kg.open_store(careers) as g:
        out = export(g.store, "careers-csv", tmp_path / "careers.csv")
    columns, rows = _load_table(out)
    assert columns == list(COLUMNS) == [
        "person", "name", "gender", "birth", "post", "organisation", "start", "end",
        "first_seen", "last_seen", "source_article", "evidence",
    ]  # fmt: skip
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert ",".join(COLUMNS) in readme, "document the careers-csv header in README.md"
    wang = [x for x in rows if x["person"].endswith("/person/王刚/海南")]
    assert [(x["post"], x["gender"], x["birth"], x["end"], x["first_seen"]) for x in wang] == [
        ("海南省交通运输厅副厅长", "male", "1966-11", "2018-06-12", "2018-05-21")]
    assert all(x["source_article"].startswith("https://w3id.org/zhengwu-kg/id/article/") for x in rows)
    assert len({(x["person"], x["post"]) for x in rows}) == len(rows)  # one row per holding


def test_kg_export_writes_careers_csv(careers: Path, tmp_path: Path, runner) -> None:  # noqa: ANN001
    from kg.cli import main

    out = tmp_path / "c.csv"
    r = runner.invoke(main, ["export", "--store", str(careers), "--format", "careers-csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert _load_table(out)[0][0] == "person"


def test_careers_csv_is_byte_identical_across_builds(careers: Path, tmp_path: Path) -> None:
    from kg.export import export

    with kg.open_store(careers) as g:
        a = export(g.store, "careers-csv", tmp_path / "a.csv").read_bytes()
        b = export(g.store, "careers-csv", tmp_path / "b.csv").read_bytes()
    assert a == b and a.startswith("\ufeffperson,".encode())


def test_acting_probation_and_notes(careers: Path) -> None:
    rows = _rows(careers, """SELECT ?name ?post ?what WHERE { ?a zw:appointee/rdfs:label ?name ; zw:toPost/rdfs:label ?post .
        { ?a zw:acting true BIND("acting" AS ?what) } UNION { ?a zw:probation true BIND("probation" AS ?what) }
        UNION { ?a zw:appointmentNote ?n BIND(STR(?n) AS ?what) } } ORDER BY ?what ?name""")
    assert ("罗一鸣", "韶关市人民政府市长", "acting") in rows
    assert ("马永贤", "青海省财政厅副厅长", "probation") in rows
    assert ("周立新", "青海省教育厅副厅长", "援青") in rows
    assert ("赵明轩", "西藏自治区拉萨市人民政府副市长", "援藏") in rows


def test_shapes_catch_a_broken_appointment(careers: Path) -> None:
    """An appointment without its kind, or with two appointees, is reported by name."""
    from rdflib import Graph, Namespace, URIRef

    from kg.validate import validate

    ZW = Namespace("https://w3id.org/zhengwu-kg/ontology#")
    with kg.open_store(careers) as g:
        data = Graph()
        for t in g.dataset.triples((None, None, None)):
            data.add(t)
    a = next(iter(data.subjects(ZW.appointmentKind, ZW.Retired)))
    data.remove((a, ZW.appointmentKind, None))
    data.add((a, ZW.appointee, URIRef("https://w3id.org/zhengwu-kg/id/person/韩志远/北京")))
    report = validate(data)
    assert not report.conforms
    text = report.text()
    assert "An appointment needs exactly one zw:appointmentKind" in text
    assert "An appointment needs exactly one zw:appointee" in text
