"""A wheel (`pip install .`, not editable) carries the ontology and works away from the checkout."""
from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from kg.rdf.ids import ONTOLOGY_GRAPH

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
    # The new venv sees the running interpreter's packages (pyoxigraph, rdflib, ...) through a .pth of
    # plain paths, whether this suite runs in a venv or on the system Python; plain lines in a .pth are
    # not themselves processed, so the checkout's editable install stays invisible there.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    inner = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    outer = [p for p in dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"],
                                       sysconfig.get_paths()["platlib"]]) if Path(p).is_dir()]
    Path(inner, "_outer_site.pth").write_text("".join(f"{p}\n" for p in outer), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", inner, str(wheel)],
                   check=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def kg(*args: str) -> str:
        r = subprocess.run([str(py), "-m", "kg", *args], cwd=work, env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout

    where = subprocess.run([str(py), "-c", "import kg.paths; print(kg.paths.ontology_dir())"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(venv)) and where.endswith("kg/_ontology"), where  # the packed copy, not the checkout's
    assert "Built 5 file(s)" in kg("build", str(SEEDS), "--store", "s", "--no-exports", "-q")
    assert "documents_issuers" in kg("query", "--store", "s", "--list")
    assert kg("query", "--store", "s", f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ zw:Person a owl:Class }} }}").strip() == "true"
    assert "Conforms" in kg("validate", "--store", "s")
