"""What a new user and a hostile one meet in `kg query`, `kg build` and `kg.open_store` (issue 15,
items 5, 10-13, 16, 17): one line naming the query, prefix, file or store at fault, the form that
works, and never a crash or a silent wrong answer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.query import MAX_DEPTH, MAX_PARTS, QueryTooComplex, check_complexity, named_queries, prepare



def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def _one_error_line(output: str) -> str:
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    assert "Traceback" not in output
    return lines[0]


# -- 5: nesting that crashed the engine is refused before parsing ---------------------------------


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 20000 + "true" + ")" * 20000 + ") }",
], ids=["braces x3000", "parens x20000"])
def test_deep_nesting_is_a_one_line_error_not_a_segfault(seed_store_path: Path, tmp_path: Path, query: str) -> None:
    r = _kg("query", query, "--store", str(seed_store_path), cwd=tmp_path)
    assert r.returncode == 1, f"rc {r.returncode} (139 is the segfault)\n{r.stderr}"
    line = _one_error_line(r.stderr)
    assert "nested more than" in line and str(MAX_DEPTH) in line


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["true"] * 20000) + ") }",
    "SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 20000) + " }",
    "SELECT * WHERE { ?s ?p ?o " + " ".join(f"BIND(1 AS ?x{i})" for i in range(3000)) + " }",
    "SELECT * WHERE { ?s ?p ?o " + " ".join(["MINUS {?s ?p ?o}"] * 3000) + " }",
    "SELECT * WHERE { " + " ".join(f"?s{i} <urn:p> ?o{i} ." for i in range(20000)) + " }",
    "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 20000) + " ?o }",
    "SELECT * WHERE { ?s <urn:p> " + "[ <urn:p> " * 5000 + "?o" + " ]" * 5000 + " }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < <" + "(" * 5000 + "1" + ")" * 5000 + "> ) }",
], ids=["and", "union", "bind", "minus", "bgp", "path", "blank nodes", "brackets inside <…>"])
def test_long_chains_that_crash_the_engine_are_refused(query: str) -> None:
    with pytest.raises(QueryTooComplex):
        check_complexity(query)


@pytest.mark.parametrize("query", [
    'SELECT * WHERE { ?s rdfs:label "' + "{(" * 5000 + '" }',  # brackets in a string are text
    "SELECT * WHERE { ?s ?p ?o } # " + "{" * 5000,  # and in a comment
    "SELECT * WHERE { VALUES ?o { " + " ".join(f'"{i}"' for i in range(20000)) + " } ?s ?p ?o }",  # flat lists
    "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(f'"{i}"' for i in range(20000)) + ")) }",
], ids=["brackets in a string", "brackets in a comment", "VALUES x20000", "IN x20000"])
def test_long_flat_queries_are_accepted(query: str) -> None:
    check_complexity(query)


def test_the_limits_leave_room_for_every_named_query() -> None:
    for name, q in named_queries().items():
        check_complexity(q.text, name, max_depth=MAX_DEPTH // 4, max_parts=MAX_PARTS // 4)


def test_the_worst_query_within_the_limits_runs(tmp_path: Path) -> None:
    """A query at both limits (braces 254 deep around 740 BINDs, 255 deep with their parentheses)
    runs to the end in a fresh process, in a thread (whose stack may be smaller) too."""
    code = ("import threading, pyoxigraph as ox; from kg.query import check_complexity\n"
            "q = 'SELECT * WHERE ' + '{' * 254 + ' '.join(f'BIND(1 AS ?x{i})' for i in range(740)) + '}' * 254\n"
            "check_complexity(q); print(len(list(ox.Store().query(q))))\n"
            "t = threading.Thread(target=lambda: print(len(list(ox.Store().query(q))))); t.start(); t.join()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.split() == ["1", "1"], r.stderr


# -- 10-12: updates, unknown prefixes, the contract's instance notation ---------------------------


@pytest.mark.parametrize("query", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                   "PREFIX ex: <urn:x#>\ndelete where { ?s ?p ?o }", "DROP ALL", "LOAD <http://127.0.0.1:1/x>"])
def test_an_update_says_the_store_is_read_only_and_how_to_change_the_graph(seed_store_path: Path, runner,
                                                                           query: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", query, "--store", str(seed_store_path)])
    assert r.exit_code == 1
    line = _one_error_line(r.output)
    assert "read-only" in line and "kg build" in line and "kg remove" in line and "CONSTRUCT" not in line


def test_an_unknown_prefix_is_named_with_the_declared_ones(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "SELECT ?x WHERE { ?x a nope:Thing }", "--store", str(seed_store_path)])
    assert r.exit_code == 1
    line = _one_error_line(r.output)
    assert "nope:" in line and "zw:" in line and "zwid:" in line and "rdfs:" in line and "\\u{" not in line


def test_a_prefix_the_query_declares_is_known() -> None:
    prepare("PREFIX ex: <urn:ex#> SELECT * WHERE { ?s ex:p ?o . ?s ?p _:b }")
    with pytest.raises(QueryError, match="ex:"):
        prepare("SELECT * WHERE { ?s ex:p 'PREFIX ex: <urn:ex#>' }")


@pytest.mark.parametrize("query", [
    'SELECT ?post WHERE { zwid:person/李亚 org:holds/rdfs:label ?post }',
    'SELECT ?post WHERE { ?p org:holds/rdfs:label ?post . FILTER(?p = zwid:person/李亚) }',
    'SELECT ?post WHERE { ?p org:holds/rdfs:label ?post . FILTER(?p IN (zwid:person/李亚, zwid:person/nobody)) }',
    'SELECT ?post WHERE { VALUES ?p { zwid:person/李亚 } ?p org:holds/rdfs:label ?post }',
])
def test_the_contracts_instance_notation_works_in_queries(seed_store_path: Path, runner, query: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", query, "--format", "csv", "--store", str(seed_store_path)])
    assert r.exit_code == 0, r.output
    assert set(r.output.split()[1:]) == {"洛阳市委书记", "副省长", "省委常委"}


def test_the_instance_notation_is_left_alone_in_strings_and_iris() -> None:
    q = 'SELECT * WHERE { ?s rdfs:comment "zwid:person/李亚" ; ?p <urn:zwid:person/x> }'
    assert prepare(q) == q


def test_a_syntax_error_says_where_without_code_points(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "SELECT ?x WHERE { ?x rdfs:label ?l FILTER(?l = 李亚) }", "--store",
                             str(seed_store_path)])
    assert r.exit_code == 1
    line = _one_error_line(r.output)
    assert "\\u{" not in line and "error at 1:" in line and "李亚" in line


# -- 13: formats that fit the result ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_a_construct_in_a_table_format_is_refused(seed_store_path: Path, runner, fmt: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "CONSTRUCT WHERE { ?s a zw:Person } LIMIT 2", "--format", fmt, "--store",
                             str(seed_store_path)])
    assert r.exit_code == 2 and "CONSTRUCT" in r.output and f"--format {fmt}" in r.output
    assert "<https://" not in r.output, "N-Triples were written anyway"


def test_a_construct_in_the_default_format_is_n_triples(seed_store_path: Path, runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "CONSTRUCT WHERE { ?s a zw:Person } LIMIT 2", "--store", str(seed_store_path)])
    assert r.exit_code == 0 and r.output.count(" .\n") == 2


@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s a zw:Person } LIMIT 1", "ASK { ?s a zw:Person }"])
def test_json_ends_with_a_newline(seed_store_path: Path, runner, query: str) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", query, "--format", "json", "--store", str(seed_store_path)])
    assert r.exit_code == 0 and r.output.endswith("}\n") and json.loads(r.output)


def test_list_shows_the_bind_option_not_pyoxigraph_code(runner) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["query", "--list"])
    assert r.exit_code == 0
    assert "pyoxigraph" not in r.output and "Variable(" not in r.output and "NamedNode(" not in r.output
    assert "--bind person=zwid:person/李亚" in r.output


# -- 16: a path that does not exist ---------------------------------------------------------------


def test_building_a_path_that_does_not_exist_is_an_error(tmp_path: Path, runner) -> None:  # noqa: ANN001
    exports = tmp_path / "exports"
    r = runner.invoke(main, ["build", "nothing_here", "--store", str(tmp_path / "store"), "--exports", str(exports)])
    assert r.exit_code == 1
    line = _one_error_line(r.output)
    assert "nothing_here" in line and "no such file" in line
    assert not exports.exists() and not (tmp_path / "store").exists(), "exports or a store were written"
    assert "Built" not in r.output and "Article" not in r.output


# -- 17: kg.open_store ----------------------------------------------------------------------------


def test_open_store_on_a_mistyped_path_fails_and_creates_nothing(tmp_path: Path) -> None:
    for read_only in (True, False):
        with pytest.raises(StoreError, match="no store here"):
            kg.open_store(tmp_path / "stroe", read_only=read_only)
    with pytest.raises(StoreError, match="no store here"):
        kg.open_store(tmp_path / "stroe")
    assert not (tmp_path / "stroe").exists()


def test_open_store_reads_by_default_so_two_opens_in_one_process_work(seed_store_path: Path) -> None:
    with kg.open_store(seed_store_path) as a, kg.open_store(seed_store_path) as b:
        assert a.store.read_only and len(a) == len(b) > 0
        ask = "ASK { ?p a zw:Person }"
        assert bool(a.query(ask)) and bool(b.query(ask))


def test_a_file_name_that_is_not_utf8_is_built_under_an_escaped_name(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    bad = bytes(pages) + b"/\xff\xfebad.txt"
    with open(bad, "wb") as fh:
        fh.write("标题\n\n本报讯 市长赵文强昨日到高新区调研。\n".encode("utf-8"))
    r = _kg("build", str(pages), "--store", "s", "--no-exports", cwd=tmp_path)
    assert r.returncode == 0 and "internal error" not in r.stdout + r.stderr, r.stdout + r.stderr
    q = _kg("query", "--store", "s", "--format", "csv", "SELECT ?s WHERE { ?a dcterms:source ?s }", cwd=tmp_path)
    assert "\\xff\\xfebad.txt" in q.stdout
    import os

    r = subprocess.run([sys.executable, "-m", "kg", "remove", "--store", "s", os.fsdecode(bad)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
