"""The package's architecture holds: stages are layers (pyproject's import-linter contract), nothing is
loaded by name, and the top of `kg/` stays small enough to read."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

KG = ROOT / "kg"


def test_the_layer_contract_is_kept() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    r = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "1 kept, 0 broken" in r.stdout


def _calls_and_handlers(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in {"import_module", "__import__"}:
                found.append(name)
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            found += [n.id for n in names if isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError"}]
    return found


def test_nothing_is_loaded_by_name_or_skipped_when_missing() -> None:
    bad = {str(p.relative_to(ROOT)): hits for p in sorted(KG.rglob("*.py"))
           if (hits := _calls_and_handlers(ast.parse(p.read_text(encoding="utf-8"))))}
    assert not bad, bad


def test_at_most_twelve_modules_at_the_top() -> None:
    top = sorted(p.name for p in KG.glob("*.py"))
    assert len(top) <= 12, top


def test_a_module_that_imports_upward_breaks_the_contract(tmp_path: Path) -> None:
    """The guard can fail: a copy of the tree with text importing the CLI is reported broken."""
    copy = tmp_path / "repo"
    shutil.copytree(KG, copy / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "kg" / "text" / "upward.py").write_text("import kg.cli\n", encoding="utf-8")
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([exe], cwd=copy, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode != 0 and "kg.text.upward" in r.stdout, r.stdout[-2000:]
