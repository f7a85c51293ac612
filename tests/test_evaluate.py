"""kg eval: the scorer math, the forgiving names, the registry, and the thresholds on the gold seeds."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import evaluate as ev
from kg.cli import main
from kg.errors import InputError

THRESHOLDS = {"persons": 0.95, "holds": 0.90, "organizations": 0.80, "authors": 0.95}


@pytest.mark.parametrize(
    "tp,fp,fn,p,r,f1",
    [
        (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
        (5, 0, 0, 1.0, 1.0, 1.0),
        (0, 2, 3, 0.0, 0.0, 0.0),
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find and nothing found
        (0, 0, 4, 1.0, 0.0, 0.0),  # nothing found: nothing wrong, all missed
        (0, 4, 0, 0.0, 1.0, 0.0),  # nothing to find, something found
    ],
)
def test_score_math(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    s = ev.Score("x", tp, fp, fn)
    assert s.precision == pytest.approx(p)
    assert s.recall == pytest.approx(r)
    assert s.f1 == pytest.approx(f1)


def test_scores_sum_counts_not_ratios() -> None:
    total = ev.Score("x", 1, 0, 0) + ev.Score("x", 1, 3, 1)
    assert (total.tp, total.fp, total.fn) == (2, 3, 1)
    assert total.precision == pytest.approx(2 / 5)


@pytest.mark.parametrize(
    "label,city,normal",
    [
        ("洛阳市委组织部", "洛阳", "市委组织部"),
        ("洛阳市委组织部", None, "市委组织部"),
        ("中共洛阳市委", None, "市委"),
        ("洛阳市人民政府", None, "市政府"),
        ("老城区政府", None, "老城区政府"),
        ("老城区人民政府", None, "老城区政府"),
        ("洛阳市副市长", None, "副市长"),
        ("洛阳市代市长", "洛阳", "代市长"),
        ("洛阳市委书记", None, "市委书记"),
        ("郑州市住房和城乡建设局局长", None, "市住房和城乡建设局局长"),
        ("特富特电磁科技(洛阳)有限公司", None, "特富特电磁科技（洛阳）有限公司"),
        ("省委常委", None, "省委常委"),
        ("河南省洛阳正骨医院", None, "河南省洛阳正骨医院"),
    ],
)
def test_norm_org(label: str, city: str | None, normal: str) -> None:
    assert ev.norm_org(label, city) == normal


@pytest.mark.parametrize("role,cls", [("记者", "author"), ("本报记者", "author"), ("见习记者", "author"),
                                      ("", "author"), ("通讯员", "correspondent"), ("本报通讯员", "correspondent")])
def test_role_class(role: str, cls: str) -> None:
    assert ev.role_class(role) == cls


def test_registry_is_ordered_and_open(seed_store, tmp_path: Path) -> None:  # noqa: ANN001
    assert list(ev.SCORERS)[:4] == ["persons", "holds", "organizations", "authors"]
    for doc in ("a.txt", "b.txt"):
        (tmp_path / f"{doc}.json").write_text(json.dumps({"doc": doc}), "utf-8")

    def toy(gold: dict, store, source: str) -> tuple[set, set]:  # noqa: ANN001
        return {1, 2, 3}, {2, 3, 4}

    scores = {s.kind: s for s in ev.evaluate(tmp_path, seed_store, {**ev.SCORERS, "toy": toy})}
    assert list(scores)[-1] == "toy"
    assert (scores["toy"].tp, scores["toy"].fp, scores["toy"].fn) == (4, 2, 2)  # summed over two files
    assert scores["persons"].tp == 0  # no such texts in the store: nothing predicted


def test_each_query_runs_once_per_gold_file_with_the_file_name_bound(
        seed_store, gold_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    calls: list[tuple[str, str]] = []
    query = seed_store.query

    def counted(sparql: str, **kw):  # noqa: ANN003, ANN202
        (src,) = kw["substitutions"].values()  # the name travels as a term, not in the text
        calls.append((sparql, src.value))
        return query(sparql, **kw)

    monkeypatch.setattr(seed_store, "query", counted)
    ev.evaluate(gold_dir, seed_store)
    docs = ev.gold_docs(gold_dir)
    assert calls and {doc for _, doc in calls} == set(docs)
    assert len(calls) == len(set(calls)), "a query shared by several kinds ran more than once for one file"
    assert not any(doc in sparql for sparql, doc in calls)


def test_gold_dir_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no gold files"):
        ev.gold_files(tmp_path)
    (tmp_path / "x.json").write_text("{not json", "utf-8")
    with pytest.raises(InputError, match="x.json"):
        ev.gold_files(tmp_path)


def test_seed_gold_meets_the_thresholds(seed_store, gold_dir: Path) -> None:  # noqa: ANN001
    scores = {s.kind: s for s in ev.evaluate(gold_dir, seed_store)}
    for kind, floor in THRESHOLDS.items():
        assert scores[kind].f1 >= floor, (kind, scores[kind])


def test_cli_eval_json(runner, seed_store_path: Path, gold_dir: Path) -> None:  # noqa: ANN001
    r = runner.invoke(main, ["eval", str(gold_dir), "--store", str(seed_store_path), "--format", "json", "--details"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    scores = {s["kind"]: s for s in out["scores"]}
    for kind, floor in THRESHOLDS.items():
        assert scores[kind]["f1"] >= floor
        assert {"precision", "recall", "tp", "fp", "fn"} <= set(scores[kind])
    assert set(THRESHOLDS) <= set(out["details"])


def test_cli_eval_builds_the_paths(runner, tmp_path: Path, gold_dir: Path) -> None:  # noqa: ANN001
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    store = tmp_path / "store"
    r = runner.invoke(main, ["eval", str(gold_dir), str(seeds / "000_db331fe8dac00418.txt"),
                             str(seeds / "001_9369ac743633a192.txt"), "--store", str(store), "--details"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split()[:4] == ["kind", "P", "R", "F1"]
    assert any(line.startswith("persons ") for line in lines)


def test_cli_eval_names_missing_texts(runner, tmp_path: Path) -> None:  # noqa: ANN001
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "nope.json").write_text(json.dumps({"doc": "nope.txt", "persons": []}), "utf-8")
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    r = runner.invoke(main, ["eval", str(gold), str(seeds / "000_db331fe8dac00418.txt"), "--store", str(tmp_path / "s")])
    assert r.exit_code == 1
    assert "nope.txt" in r.output and "Traceback" not in r.output
