"""Seconds per page of ``find_signatures_and_stamps`` on generated signature pages, by scan
condition (the pages are read by the pipeline first; only the mark finding is timed).

    .venv/bin/python -m benchmarks.marks_speed [pages per condition]
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from benchmarks.marks_cases import CONDITION_NAMES, MarkCase, read_case
from extractor.marks.ink import find_signatures_and_stamps

LAYOUTS = (("va", "lettre"), ("va", "formulaire"), ("pv_recette", "formulaire"))


def main(per_condition: int) -> None:
    every = []
    with ThreadPoolExecutor(1) as pool:
        for condition in CONDITION_NAMES:
            seconds = []
            for i in range(per_condition):
                kind, layout = LAYOUTS[i % len(LAYOUTS)]
                case = read_case(MarkCase(kind, layout, condition, 500 + i), pool)
                start = time.perf_counter()
                find_signatures_and_stamps(case.image, case.page)
                seconds.append(time.perf_counter() - start)
            every += seconds
            print(f"{condition:10s} {_figures(seconds)}")
    print(f"{'all':10s} {_figures(every)}")


def _figures(seconds: list[float]) -> str:
    return f"mean {np.mean(seconds):.3f} s  p95 {np.percentile(seconds, 95):.3f} s"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
