"""Counts of one kind of item and what they make: precision, recall, F1 (micro-averaged by summing)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Score:
    """Counts of one kind; precision is 1 when nothing was predicted, recall 1 when there was
    nothing to find (nothing wrong, nothing missed), so an empty kind scores F1 = 1."""

    kind: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.kind, self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class KindResult:
    """A kind's score with the items behind it: (doc, item) pairs wrongly predicted or missed."""

    score: Score
    false_positives: list[tuple[str, object]] = field(default_factory=list)
    false_negatives: list[tuple[str, object]] = field(default_factory=list)
