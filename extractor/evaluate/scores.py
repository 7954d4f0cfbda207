"""Counters that add up over a corpus: accuracy tallies, binary detection scores, confusion."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def add(self, correct: bool) -> None:
        self.correct += int(correct)
        self.total += 1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _round(self.accuracy)}


@dataclass
class Detection:
    """Presence scores: true/false positives and negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif truth:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None or r is not None else None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass
class Confusion:
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, truth: str, predicted: str) -> None:
        row = self.counts[truth]
        row[predicted] = row.get(predicted, 0) + 1

    def accuracy(self, labels: set[str] | None = None) -> float | None:
        rows = {t: r for t, r in self.counts.items() if labels is None or t in labels}
        total = sum(sum(r.values()) for r in rows.values())
        right = sum(r.get(t, 0) for t, r in rows.items())
        return right / total if total else None

    def to_dict(self) -> dict[str, dict[str, int]]:
        return {t: dict(sorted(r.items())) for t, r in sorted(self.counts.items())}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
