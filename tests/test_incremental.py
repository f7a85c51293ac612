"""Incremental builds and `kg remove`: the store always equals a from-scratch build of its files."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.export import all_quads
from kg.pipeline.build import build_into
from kg.store import Store

from conftest import SEEDS

A = SEEDS / "000_db331fe8dac00418.txt"  # its lead is credited to 记者 李江涛 李东慧
# B names 李江涛 too (so one entity is shared) and people of its own.
B_TEXT = """2020年5月6日 星期三

市委组织部召开基层党建工作推进会

本报讯（记者 李江涛 通讯员 王建新）5日，市委组织部召开全市基层党建工作推进会。副市长孙立新参加会议。

会议强调，要进一步压实工作责任，确保各项任务如期完成。

强化责任担当 推进乡村振兴

本报讯（记者 赵晓燕）昨日，全市乡村振兴工作座谈会召开，市委副书记刘宛康出席会议并讲话。
"""
# B changed: one credit renamed, one item dropped, one added
B2_TEXT = B_TEXT.replace("王建新", "王建华").split("强化责任担当")[0] + """■ 6日，市住房和城乡建设局召开扬尘治理工作调度会。（郭飞飞 谢娜娜）
"""


def nquads(store: Path) -> list[str]:
    """Every quad of the named graphs, sorted; also checks that the default graph is their union."""
    with Store(store, read_only=True) as s:
        named = all_quads(s)
        union = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in named}
        default = {str(ox.Triple(q.subject, q.predicate, q.object)) for q in s.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
        assert default == union, f"union out of step: {sorted(default ^ union)[:3]}"
        return [str(q) for q in named]


def build(store: Path, *paths: Path):  # noqa: ANN201
    with Store(store) as s:
        report = build_into(s, [str(p) for p in paths])
    assert not report.failed, report.failed
    return report


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    d = tmp_path / "in"
    d.mkdir()
    a = d / A.name
    shutil.copyfile(A, a)
    b = d / "005_b.txt"
    b.write_text(B_TEXT, "utf-8")
    return a, b


def test_rebuild_after_a_change_equals_a_build_from_scratch(tmp_path: Path, files: tuple[Path, Path]) -> None:
    a, b = files
    store = tmp_path / "store"
    build(store, a, b)
    b.write_text(B2_TEXT, "utf-8")
    report = build(store, a, b)
    assert report.built == [str(b)] and report.skipped == [str(a)]  # only the changed file is redone
    fresh = tmp_path / "fresh"
    build(fresh, a, b)
    assert nquads(store) == nquads(fresh)
    assert not any("王建新" in q for q in nquads(store))  # what only the old B said is gone


def test_unchanged_files_are_skipped_and_force_redoes_them(tmp_path: Path, files: tuple[Path, Path]) -> None:
    store = tmp_path / "store"
    build(store, *files)
    before = nquads(store)
    assert build(store, *files).built == []
    with Store(store) as s:
        report = build_into(s, [str(p) for p in files], force=True)
    assert len(report.built) == 2 and nquads(store) == before


def test_remove_equals_a_build_without_the_file_and_shared_entities_survive(
    runner, tmp_path: Path, files: tuple[Path, Path]  # noqa: ANN001
) -> None:
    a, b = files
    store = tmp_path / "store"
    build(store, a, b)
    shared = "<https://w3id.org/zhengwu-kg/id/person/李江涛>"
    only_b = "<https://w3id.org/zhengwu-kg/id/person/王建新>"
    assert any(q.startswith(shared) for q in nquads(store)) and any(only_b in q for q in nquads(store))

    r = runner.invoke(main, ["remove", str(b), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert f"Removed {b.name}" in r.output

    alone = tmp_path / "alone"
    build(alone, a)
    after = nquads(store)
    assert after == nquads(alone)
    # the entity both files named keeps its type and label (from A's article graphs) ...
    assert any(q.startswith(f"{shared} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>") for q in after)
    assert any(q.startswith(f"{shared} <http://www.w3.org/2000/01/rdf-schema#label>") for q in after)
    # ... while what only B named is gone
    assert not any(only_b in q for q in after)


def test_remove_by_file_name_and_unknown_files(runner, tmp_path: Path, files: tuple[Path, Path]) -> None:  # noqa: ANN001
    a, b = files
    store = tmp_path / "store"
    build(store, a, b)
    r = runner.invoke(main, ["remove", b.name, "nothing.txt", "--store", str(store)])
    assert r.exit_code == 1
    assert f"Removed {b.name}" in r.output and "not in the store: nothing.txt" in r.output
    with Store(store, read_only=True) as s:
        assert list(s.sources()) == [a.name]


def test_rebuild_after_remove_restores_the_file(tmp_path: Path, files: tuple[Path, Path]) -> None:
    store = tmp_path / "store"
    build(store, *files)
    before = nquads(store)
    with Store(store) as s:
        assert s.remove_source(files[1].name)
        assert not s.remove_source(files[1].name)
    assert build(store, *files).built == [str(files[1])]
    assert nquads(store) == before
