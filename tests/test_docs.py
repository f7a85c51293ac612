"""The docs match the code: every command and every zw: term is documented."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.rdf.namespace import ZW

from conftest import ROOT

DOCS = "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme(name: str) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"`kg {name}" in readme, f"kg {name} is not documented in README.md"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    r = CliRunner().invoke(main, [name, "--help"])
    assert r.exit_code == 0
    assert "Example:" in r.output


def test_every_zw_term_is_documented() -> None:
    ns = str(ZW._NS)
    terms = sorted(str(t)[len(ns):] for t in dir(ZW) if str(t).startswith(ns))
    assert terms
    missing = [t for t in terms if not re.search(rf"zw:{t}\b", DOCS)]
    assert not missing, f"zw: terms not in README.md or docs/: {missing}"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert blocks[:2] == ["pip install -e . && kg build", "pip install -e '.[test]' && python -m pytest"]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert blocks[1] in ci


def test_every_test_the_readme_names_exists() -> None:
    """Each promise in "Limits and guarantees" names its test: the names must be real."""
    readme = (ROOT / "README.md").read_text("utf-8")
    named = re.findall(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", readme)  # in order: `::name` is of the file before
    named = [(p or None, t) for p, t in named if p or t]
    assert len(named) > 10
    last_file = None
    for path, test in named:
        path = path or last_file
        last_file = path
        text = (ROOT / path).read_text("utf-8")
        if test:
            assert re.search(rf"def {test}\b", text), f"{path}::{test} is named in README.md but does not exist"
