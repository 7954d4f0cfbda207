"""Scenario boxes on the VAs and PVs de recette of a generated corpus, by scan condition.

Only the files holding a VA or a PV de recette are read, with the pipeline's own page reading
(cached as ``benchmarks.stamps_corpus`` caches it) and the page images the marks stage renders
(``MARKS_DPI``); ``read_scenario`` then reads each true document's pages, so a document-type or
page-split error does not blur the figures. Each true box is scored twice: as ``segur eval`` does
(the document's scenario value for its name) and on its own (a box found on it, IoU > 0.3, with
its name and tick). Boxes found on no true box are counted as extra.

    .venv/bin/python -m benchmarks.scenario_corpus CORPUS [--conditions fax150,photo] [--cache DIR]
"""

from __future__ import annotations

import os

os.environ["OMP_THREAD_LIMIT"] = "1"  # before Tesseract is ever started

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from benchmarks.scenario_speed import iou
from benchmarks.stamps_corpus import DEFAULT_CACHE, corpus_documents
from extractor.ingest.page_images import PageImages
from extractor.ingest.sources import Source
from extractor.marks import MARKS_DPI, SCENARIO_TYPES
from extractor.marks.scenario import read_scenario


@dataclass
class Tally:
    boxes: int = 0
    right: int = 0  # as ``segur eval`` scores: the document's value for the box's name
    placed: int = 0  # the box itself found, named and read
    extra: int = 0
    misses: list[str] = field(default_factory=list)


def page_images(source: Source) -> Callable[[int], np.ndarray]:
    """``image_of`` as the pipeline hands it to the marks stage: each page rendered once."""
    images = PageImages([source])
    rendered: dict[int, np.ndarray] = {}

    def image_of(number: int) -> np.ndarray:
        if number not in rendered:
            image = images.image(source.name, number, dpi=MARKS_DPI)
            rendered[number] = image if image is not None else np.full((8, 8, 3), 255, np.uint8)
        return rendered[number]

    return image_of


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--conditions", help="comma-separated scan conditions (default: all)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    wanted_conditions = set(args.conditions.split(",")) if args.conditions else None

    tallies: dict[str, Tally] = defaultdict(Tally)
    seconds: list[float] = []
    for item in corpus_documents(args.corpus, SCENARIO_TYPES, args.cache, wanted_conditions):
        document, truth, pages = item.truth, item.file, item.pages
        image_of = page_images(item.source)
        read = [pages[n] for n in document.pages if n in pages]
        read = [p for p in read if p.error is None]
        start = time.perf_counter()
        scenario = read_scenario(read, image_of)
        seconds.append(time.perf_counter() - start)
        found = list(scenario.boxes) if scenario else []
        tally = tallies[truth.condition]
        for box in document.boxes:
            tally.boxes += 1
            value = getattr(scenario, box.name) if scenario else None
            tally.right += value == box.ticked
            matches = [f for f in found if f.page == box.page and iou(f.bbox, box.bbox) > 0.3]
            best = max(matches, key=lambda f: iou(f.bbox, box.bbox), default=None)
            if best is not None:
                found.remove(best)
            placed = best is not None and (best.name, best.ticked) == (
                box.name,
                box.ticked,
            )
            tally.placed += placed
            if value != box.ticked or not placed:
                at = "none" if best is None else f"{best.name} {best.ticked}"
                tally.misses.append(
                    f"{item.where} p{box.page} {box.name} "
                    f"{box.ticked} read {value}; box found: {at}"
                )
        tally.extra += len(found)
        for stray in found:
            tally.misses.append(
                f"{item.where} p{stray.page} extra {stray.name} "
                f"{stray.ticked} at {', '.join(f'{v:.3f}' for v in stray.bbox)}"
            )
    print(f"{'condition':<10} {'boxes':>6} {'eval':>7} {'boxes ok':>9} {'extra':>6}")
    for condition in sorted(tallies):
        t = tallies[condition]
        print(
            f"{condition:<10} {t.boxes:>6} {t.right / max(1, t.boxes):>7.1%} "
            f"{t.placed / max(1, t.boxes):>9.1%} {t.extra:>6}"
        )
    for condition in sorted(tallies):
        for miss in tallies[condition].misses:
            print(f"  [{condition}] {miss}")
    if seconds:
        print(f"read_scenario: {len(seconds)} documents, mean {np.mean(seconds):.3f} s")


if __name__ == "__main__":
    main()
