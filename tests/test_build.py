"""`kg build` and `kg.build()`: the main job, its summary, and what happens to bad files."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.cli import main

from conftest import SEEDS

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
GBK_TEXT = "本报讯（记者 王建军）5日，市委书记张国强主持召开市委常委会议。"
UTF16_TEXT = "本报讯（记者 刘晓燕 通讯员 陈明）昨日，副市长孙立新到高新区调研。"


@pytest.fixture()
def mixed_folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a_image.txt").write_bytes(PNG)  # binary with a text suffix: rejected by content
    (d / "b_empty.txt").write_bytes(b"")
    (d / "c_gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (d / "d_utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))
    (d / "e_picture.png").write_bytes(PNG)  # not a .txt/.md in a folder: not an input at all
    return d


def test_cli_build_seeds_prints_counts(runner, tmp_path: Path) -> None:  # noqa: ANN001
    store, exports = tmp_path / "store", tmp_path / "exports"
    r = runner.invoke(main, ["build", str(SEEDS), "--store", str(store), "--exports", str(exports), "-q"])
    assert r.exit_code == 0, r.output
    assert "Built 5 file(s), 24 article(s)" in r.output
    for cls in ("Article", "Person", "Organization", "Meeting", "PolicyDocument", "Project"):
        assert cls in r.output
    assert (exports / "graph.ttl").stat().st_size > 0
    # a second build skips the unchanged files
    r = runner.invoke(main, ["build", str(SEEDS), "--store", str(store), "--exports", str(exports), "-q"])
    assert r.exit_code == 0 and "0 article(s); 5 unchanged" in r.output


def test_bad_files_are_named_and_the_rest_is_built(runner, tmp_path: Path, mixed_folder: Path) -> None:  # noqa: ANN001
    store = tmp_path / "store"
    r = runner.invoke(main, ["build", str(mixed_folder), "--store", str(store), "--no-exports", "-q"])
    assert r.exit_code == 1
    assert "a_image.txt" in r.output and "PNG" in r.output
    assert "e_picture.png" not in r.output
    assert "Traceback" not in r.output
    with kg.open_store(store, read_only=True) as g:
        names = {row["n"].value for row in g.query("SELECT ?n WHERE { ?p a zw:Person ; rdfs:label ?n }")}
        sources = {row["s"].value for row in g.query("SELECT DISTINCT ?s WHERE { ?a a zw:Article ; dcterms:source ?s }")}
    assert {"王建军", "刘晓燕", "陈明"} <= names  # GBK and UTF-16 bylines are in the graph
    assert sources == {"c_gbk.txt", "d_utf16.txt"}  # the empty file has no articles


def test_missing_path_is_reported(runner, tmp_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["build", str(tmp_path / "nope"), str(SEEDS / "000_db331fe8dac00418.txt"),
                             "--store", str(tmp_path / "s"), "--no-exports", "-q"])
    assert r.exit_code == 1
    assert "nope" in r.output and "Built 1 file(s)" in r.output


def test_every_article_has_a_title_source_and_its_bylines(seed_store) -> None:  # noqa: ANN001
    rows = list(seed_store.query("SELECT ?a ?t ?s WHERE { ?a a zw:Article ; dcterms:title ?t ; dcterms:source ?s }"))
    assert len(rows) == 24
    assert all(r["t"].value.strip() for r in rows)
    linked = {(r["n"].value, r["p"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]) for r in seed_store.query(
        "SELECT ?n ?p WHERE { ?a ?p ?x . ?x a zw:Person ; rdfs:label ?n . VALUES ?p { schema:author zw:correspondent } }")}
    assert ("李江涛", "author") in linked and ("刘红医", "correspondent") in linked and ("赵书政", "author") in linked


def test_articles_live_in_their_own_named_graphs(seed_store) -> None:  # noqa: ANN001
    q = "SELECT ?a ?g WHERE { GRAPH ?g { ?a a zw:Article } }"
    rows = list(seed_store.query(q))
    assert rows and all(r["a"] == r["g"] for r in rows)


def test_library_build_returns_a_queryable_graph(tmp_path: Path) -> None:
    with kg.build([SEEDS / "003_a3f629f1342c9ce7.txt"], store=tmp_path / "s") as g:
        assert g.report.ok and g.report.articles == 1
        assert len(g) > 0
        ds = g.dataset  # rdflib view over the same store
        titles = list(ds.query("SELECT ?t WHERE { ?a a zw:Article ; dcterms:title ?t }"))
        assert len(titles) == 1 and "通知" in str(titles[0][0])


def test_malformed_query_is_one_line(runner, seed_store_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "SELEC ?x WHERE {", "--store", str(seed_store_path)])
    assert r.exit_code == 1
    assert r.output.startswith("Error: query: malformed SPARQL")
    assert len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt,marker", [("table", "(1 row)"), ("csv", "n\n24"), ("tsv", "?n\n"), ("json", '"vars"')])
def test_query_formats(runner, seed_store_path: Path, fmt: str, marker: str) -> None:  # noqa: ANN001
    q = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a zw:Article }"
    r = runner.invoke(main, ["query", q, "--format", fmt, "--store", str(seed_store_path)])
    assert r.exit_code == 0, r.output
    assert marker in r.output.replace("\r\n", "\n") and "24" in r.output


def test_query_from_file_and_usage_errors(runner, seed_store_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    f = tmp_path / "q.rq"
    f.write_text("ASK { ?a a zw:Article }", "utf-8")
    r = runner.invoke(main, ["query", "-f", str(f), "--store", str(seed_store_path)])
    assert r.exit_code == 0 and r.output.strip() == "true"
    assert runner.invoke(main, ["query", "--store", str(seed_store_path)]).exit_code == 2
    assert runner.invoke(main, ["query", "ASK {}", "--format", "xml"]).exit_code == 2


def test_no_store_is_a_clear_error(runner, tmp_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1 and "run `kg build` first" in r.output


def test_bind_passes_terms_not_text(runner, seed_store_path: Path) -> None:  # noqa: ANN001
    q = "SELECT ?src ?t WHERE { ?a dcterms:source ?src ; dcterms:title ?t }"
    args = ["query", q, "--format", "csv", "--store", str(seed_store_path)]
    r = runner.invoke(main, args + ["--bind", "src=003_a3f629f1342c9ce7.txt"])
    assert r.exit_code == 0 and "通知" in r.output and len(r.output.strip().splitlines()) == 2
    # quotes, braces and keywords in a value are data, not query text
    r = runner.invoke(main, args + ["--bind", 'src=x" } UNION { ?a ?p ?t } #'])
    assert r.exit_code == 0 and r.output.strip() == "src,t"
    # the engine needs bound variables selected: said plainly
    r = runner.invoke(main, ["query", "SELECT ?t WHERE { ?a dcterms:source ?src ; dcterms:title ?t }",
                             "--bind", "src=x", "--store", str(seed_store_path)])
    assert r.exit_code == 1 and "add it to SELECT" in r.output
    r = runner.invoke(main, args + ["--bind", "no-equals-sign"])
    assert r.exit_code == 2


def test_progress_names_each_file_then_the_closing_steps(tmp_path: Path) -> None:
    """After the last file the bar stays full and says what the build is still doing."""
    from kg.pipeline.build import build_into
    from kg.store import Store

    calls: list[tuple[int, int, str]] = []
    with Store(tmp_path / "s") as s:
        build_into(s, [str(SEEDS)], jobs=1, progress=lambda d, t, n: calls.append((d, t, n)))
    files = sorted(p.name for p in SEEDS.glob("*.txt"))
    n = len(files)
    assert [c[2] for c in calls[:n]] == files and [c[0] for c in calls[:n]] == list(range(1, n + 1))
    assert calls[n:] == [(n, n, "writing the last files …"), (n, n, "compacting the store …")]
