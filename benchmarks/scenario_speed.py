"""Scenario boxes: accuracy per scan condition and time per page of ``read_scenario``.

Run from the repository root, either way::

    python benchmarks/scenario_speed.py [--per-condition 8] [--digital 16] [--cache DIR]
    python -m benchmarks.scenario_speed

VAs are drawn in the four layouts with every tick style, scanned under each condition and read
through the pipeline (text layer for digital PDFs, OCR otherwise): the slow part, kept in
``--cache`` between runs. ``read_scenario`` is then timed on each page (the page image already
decoded, as the pipeline hands it over) and every box of the truth is looked for: found (IoU > 0.3)
with its name and its tick. Boxes found that are none are counted apart. Figures are printed,
never asserted.
"""

from __future__ import annotations

import os
import sys

os.environ["OMP_THREAD_LIMIT"] = "1"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import json
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from extractor.ingest.pdf import PdfFile
from extractor.ingest.sources import Source
from extractor.marks.scenario import read_scenario
from extractor.model import Page
from extractor.pipeline import read_source, text_layer_page
from fixtures.documents import LAYOUTS, MarkPlan, draw_document
from fixtures.marks import TICK_STYLES
from fixtures.scan import CONDITIONS, image_bytes, scan
from fixtures.values import random_line_values

SCANNED = ("scan300", "scan200", "fax150", "photo", "turned90", "turned180")


@dataclass
class Tally:
    boxes: int = 0
    right: int = 0
    extra: int = 0
    seconds: list[float] = field(default_factory=list)


def case_dir(cache: Path, condition: str, index: int) -> Path:
    """One VA under one condition, drawn, scanned and read once: pages, image, truth on disk."""
    folder = cache / f"{condition}-{index:02d}"
    if (folder / "pages.json").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    layout = LAYOUTS["va"][(index + index // 4) % 4]
    document = draw_document(
        "va",
        random_line_values(np.random.default_rng(1000 + index)),
        np.random.default_rng(2000 + index),
        layout=layout,
        marks=MarkPlan(tick_style=TICK_STYLES[index % 4]),
    )
    if condition == "digital":
        with PdfFile(document.pdf) as pdf:
            layer = pdf.text_layer(0)
            assert layer is not None
            page = text_layer_page(1, *pdf.page_size(0), layer)
            image = pdf.render(0, dpi=150)
        boxes = [(b.name, b.bbox, b.ticked) for b in document.truth.boxes]
    else:
        scanned = scan(document.pdf, 0, CONDITIONS[condition], seed=index)
        with ThreadPoolExecutor(1) as pool:
            source = Source.from_bytes(f"{condition}.png", image_bytes(scanned.image))
            page = read_source(source, pool).pages[0]
        image = np.asarray(scanned.image.convert("RGB"))
        boxes = [(b.name, scanned.carry(b.bbox), b.ticked) for b in document.truth.boxes]
    Image.fromarray(image).save(folder / "image.png")
    (folder / "truth.json").write_text(json.dumps(boxes))
    (folder / "pages.json").write_text(json.dumps([page.to_dict()]))
    return folder


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def score(folder: Path, tally: Tally) -> None:
    pages = [Page.from_dict(p) for p in json.loads((folder / "pages.json").read_text())]
    image = np.asarray(Image.open(folder / "image.png").convert("RGB"))
    start = time.perf_counter()
    scenario = read_scenario(pages, lambda _: image)
    tally.seconds.append(time.perf_counter() - start)
    found = list(scenario.boxes) if scenario else []
    for name, bbox, ticked in json.loads((folder / "truth.json").read_text()):
        tally.boxes += 1
        matches = [f for f in found if iou(f.bbox, bbox) > 0.3]
        if matches:
            best = max(matches, key=lambda f: iou(f.bbox, bbox))
            found.remove(best)
            tally.right += (best.name, best.ticked) == (name, ticked)
    tally.extra += len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-condition", type=int, default=8, help="VAs per scan condition")
    parser.add_argument("--digital", type=int, default=16, help="digital VAs")
    parser.add_argument("--cache", type=Path, help="keep drawn and read pages here")
    args = parser.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="scenario-"))
    counts = {"digital": args.digital} | {name: args.per_condition for name in SCANNED}
    tallies: dict[str, Tally] = defaultdict(Tally)
    for condition, count in counts.items():
        for index in range(count):
            score(case_dir(cache, condition, index), tallies[condition])
    print(f"{'condition':<10} {'boxes':>6} {'right':>7} {'extra':>6} {'ms/page':>8} {'max ms':>7}")
    for condition, tally in tallies.items():
        share = tally.right / tally.boxes if tally.boxes else 0.0
        mean, worst = 1000 * np.mean(tally.seconds), 1000 * max(tally.seconds)
        print(
            f"{condition:<10} {tally.boxes:>6} {share:>7.1%} {tally.extra:>6} "
            f"{mean:>8.0f} {worst:>7.0f}"
        )


if __name__ == "__main__":
    main()
