"""Signature and stamp presence on generated VA and PV signature pages, by scan condition:
precision, recall and F1, and how many stamp-only or typed-name pages were called signed.

    .venv/bin/python -m benchmarks.marks_accuracy [pages]
"""

from __future__ import annotations

import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from benchmarks.marks_cases import corpus_cases, read_case
from extractor.marks.ink import find_signatures_and_stamps


def f1(tally: Counter[tuple[bool, bool]]) -> str:
    tp, fp, fn = tally[True, True], tally[False, True], tally[True, False]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"P {precision:.3f} R {recall:.3f} F1 {score:.3f} ({tp + fn} with)"


def main(pages: int) -> None:
    signatures: dict[str, Counter[tuple[bool, bool]]] = {}
    stamps: dict[str, Counter[tuple[bool, bool]]] = {}
    fooled = Counter[str]()
    with ThreadPoolExecutor(1) as pool:
        for case in corpus_cases(pages):
            read = read_case(case, pool)
            marks = find_signatures_and_stamps(read.image, read.page)
            signed, found = bool(read.signatures), bool(marks.signatures)
            for condition in (case.condition, "all"):
                signatures.setdefault(condition, Counter())[signed, found] += 1
                stamps.setdefault(condition, Counter())[bool(read.stamps), bool(marks.stamps)] += 1
            if not read.plan.signed and found:
                fooled[read.plan.unsigned_variant] += 1
    for condition in signatures:
        print(
            f"{condition:10s} signature {f1(signatures[condition])}   stamp {f1(stamps[condition])}"
        )
    print("unsigned pages called signed:", dict(fooled) or "none")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 63)
