"""The competency queries of ontology/queries/: listed with their one-line description by
`kg query --list`, and each runs by name on the seed store in every output format."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import query as kq
from kg.cli import main

QUERY_FILES = sorted(kq.queries_dir().glob("*.rq"))


def _description(path: Path) -> str:
    first = path.read_text("utf-8").lstrip().splitlines()[0]
    return first.lstrip("#").strip() if first.startswith("#") else ""


def test_named_queries_are_the_rq_files() -> None:
    assert list(kq.named_queries()) == [p.stem for p in QUERY_FILES]


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_each_query_opens_with_a_one_line_description(path: Path) -> None:
    assert _description(path), f"{path.name}: open with a '# what this query answers' line"


def test_list_shows_every_query_with_its_description(runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "--list"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    for path in QUERY_FILES:
        hits = [ln for ln in lines if ln.split()[:1] == [path.stem]]
        assert len(hits) == 1, f"{path.stem} not listed once: {lines}"
        assert hits[0].rstrip().endswith(kq.users_form(_description(path)))  # `--bind …`, not pyoxigraph code


@pytest.mark.parametrize("name", [p.stem for p in QUERY_FILES])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_each_named_query_runs_on_the_seeds(runner, seed_store_path: Path, name: str, fmt: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", name, "--format", fmt, "--store", str(seed_store_path)])
    assert r.exit_code == 0, f"{name}: {r.output}"
    if fmt == "json" and r.output.lstrip().startswith("{"):
        data = json.loads(r.output)
        assert "boolean" in data or "results" in data


# -- the mechanism, on queries of our own ------------------------------------------------------


@pytest.fixture()
def own_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "queries"
    d.mkdir()
    (d / "people.rq").write_text("# Who is named in the news, with their names\n"
                                 "SELECT ?p ?name WHERE { ?p a zw:Person ; rdfs:label ?name } ORDER BY ?name\n", "utf-8")
    (d / "any_article.rq").write_text("\n# Is there at least one article?\nASK { ?a a zw:Article }\n", "utf-8")
    (d / "undescribed.rq").write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", "utf-8")
    monkeypatch.setattr(kq, "queries_dir", lambda: d)
    return d


def test_list_format(runner, own_queries: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    assert r.output.splitlines() == [
        "any_article  Is there at least one article?",
        "people       Who is named in the news, with their names",
        "undescribed  ",
    ]


def test_run_by_name(runner, own_queries: Path, seed_store_path: Path) -> None:  # noqa: ANN001
    from kg.store import Store

    r = runner.invoke(main, ["query", "people", "--format", "csv", "--store", str(seed_store_path)])
    assert r.exit_code == 0, r.output
    with Store(seed_store_path, read_only=True) as s:
        want = kq.format_results(kq.run(s, kq.named_queries()["people"].text), "csv")
    assert r.output == want.replace("\r\n", "\n") and r.output.startswith("p,name")  # CliRunner folds CRLF
    r = runner.invoke(main, ["query", "any_article", "--store", str(seed_store_path)])
    assert r.exit_code == 0 and r.output.strip() in ("true", "false")


def test_unknown_name_is_a_one_line_error(runner, own_queries: Path, seed_store_path: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "no_such_query", "--store", str(seed_store_path)])
    assert r.exit_code == 1
    assert "no named query 'no_such_query'" in r.output and "--list" in r.output
