"""A wheel (`pip install .`, not editable) carries the ontology and works away from the checkout."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kg.ids import ONTOLOGY_GRAPH

from conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here (pip needs setuptools>=68 from an index): {r.stderr.strip()[-300:]}")
    (whl,) = out.glob("zhengwu_kg-*.whl")
    return whl


def test_the_wheel_packs_the_ontology_shapes_queries_and_lexicons(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    onto = ROOT / "ontology"
    for f in [onto / "zhengwu.ttl", onto / "shapes.ttl", *sorted((onto / "queries").glob("*.rq"))]:
        assert f"kg/_ontology/{f.relative_to(onto).as_posix()}" in names, f
    lexicons = sorted((ROOT / "kg" / "lexicons").glob("*.txt"))
    assert lexicons and all(f"kg/lexicons/{p.name}" in names for p in lexicons)


def test_an_installed_wheel_builds_queries_and_validates_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()

    def kg(*args: str) -> str:
        r = subprocess.run([str(py), "-m", "kg", *args], cwd=work, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout

    where = subprocess.run([str(py), "-c", "import kg.paths; print(kg.paths.ontology_dir())"], cwd=work,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("kg/_ontology"), where  # the packed copy, not the checkout's
    assert "Built 5 file(s)" in kg("build", str(SEEDS), "--store", "s", "--no-exports", "-q")
    assert "documents_issuers" in kg("query", "--store", "s", "--list")
    assert kg("query", "--store", "s", f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ zw:Person a owl:Class }} }}").strip() == "true"
    assert "Conforms" in kg("validate", "--store", "s")
