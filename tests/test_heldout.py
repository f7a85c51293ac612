"""Pages the rules were not written on (tests/heldout/, other cities, one GBK): a regression floor.

The floors sit below today's figures (README, "Extraction quality"); a drop under them means a change
fitted the seeds at the cost of the genre.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate
from kg.pipeline.build import build_into
from kg.store import Store

HELDOUT = Path(__file__).resolve().parent / "heldout"
FLOOR = {
    "persons": 0.95, "holds": 0.9, "organizations": 0.8, "authors": 0.95, "meetings": 0.85, "meeting_chair": 0.9,
    "documents": 0.9, "document_aliases": 0.85, "document_issuers": 0.85, "projects": 0.9, "project_partners": 0.85,
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    with Store(tmp_path_factory.mktemp("heldout") / "store") as s:
        report = build_into(s, [HELDOUT], jobs=1)
        assert not report.failed, report.failed
        return {sc.kind: sc.f1 for sc in evaluate(HELDOUT, s)}


@pytest.mark.parametrize("kind", sorted(FLOOR))
def test_heldout_f1_floor(scores: dict[str, float], kind: str) -> None:
    assert scores[kind] >= FLOOR[kind], f"{kind}: F1 {scores[kind]:.3f} < {FLOOR[kind]}"


def _model_alone_persons_f1(gold_dir: Path, texts: Path) -> float:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from baselines import model_persons, score

    return score(gold_dir, texts, model_persons)[2]


@pytest.mark.parametrize("which", ["heldout", "seeds"])
def test_the_build_finds_people_at_least_as_well_as_the_model_alone(which: str, scores: dict[str, float],
                                                                     tmp_path: Path) -> None:
    """The genre rules over the model must not lose what the model alone finds (issue 13)."""
    root = Path(__file__).resolve().parents[1]
    if which == "heldout":
        gold, texts, build_f1 = HELDOUT, HELDOUT, scores["persons"]
    else:
        gold, texts = root / "tests" / "gold", root / "seeds"
        with Store(tmp_path / "store") as s:
            build_into(s, [texts], jobs=1)
            build_f1 = {sc.kind: sc.f1 for sc in evaluate(gold, s)}["persons"]
    assert build_f1 >= _model_alone_persons_f1(gold, texts)
