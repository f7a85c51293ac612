"""Shared fixtures: the seed pages, a store built from them once per session, a CLI runner."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from seeds/ once per test session (treat as read-only)."""
    import kg

    path = tmp_path_factory.mktemp("seed-store") / "store"
    with kg.build([str(SEEDS)], store=path) as g:
        assert not g.report.failed, g.report.failed
    return path


@pytest.fixture()
def seed_store(seed_store_path: Path):
    """The seed store opened read-only."""
    from kg.store import Store

    with Store(seed_store_path, read_only=True) as s:
        yield s


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip(f"gold annotations not found at {GOLD}")
    return GOLD


def require_tool(name: str) -> str:
    """Path of a system tool, or skip with the reason (CI installs it, so there it runs)."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (CI installs it via .ci/run)")
    return path


def stop_process(proc: subprocess.Popen, grace: float = 15) -> None:
    """End a server a test started: terminate, and kill it if it has not gone within `grace` s."""
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
