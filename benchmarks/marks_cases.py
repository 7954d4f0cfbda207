"""Generated pages with signatures and stamps, read as the pipeline reads them, with their truth.

Shared by ``marks_speed.py`` and ``marks_accuracy.py``: one signature page of a VA, a PV de
recette or an order form, drawn with a chosen :class:`MarkPlan`, scanned under a condition
(``digital`` is the PDF rendered at 150 dpi and read from its text layer; ``grey300`` is a 300 dpi
scan stored in grey), read through the pipeline, and the truth boxes carried onto the image.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from extractor.ingest.pdf import PdfFile
from extractor.ingest.sources import Source
from extractor.model import BBox, Page
from extractor.pipeline import read_source
from fixtures.documents import draw_document
from fixtures.marks import MarkPlan, random_mark_plan
from fixtures.scan import CONDITIONS, DEGRADED, Condition, image_bytes, scan
from fixtures.values import random_line_values

GREY300 = Condition("grey300")
CONDITION_NAMES = ("digital", *(c for c in CONDITIONS if c != "digital"), "grey300")


@dataclass(frozen=True)
class MarkCase:
    kind: str
    layout: str
    condition: str
    seed: int
    plan: MarkPlan | None = None  # None: drawn from the seed as the corpus does


@dataclass(frozen=True)
class ReadCase:
    """The stored page image, the page as read, and the truth boxes on that image."""

    image: np.ndarray
    page: Page
    signatures: tuple[BBox, ...]
    stamps: tuple[BBox, ...]
    plan: MarkPlan


def read_case(case: MarkCase, pool: ThreadPoolExecutor) -> ReadCase:
    rng = np.random.default_rng(case.seed)
    values = random_line_values(rng, n_sites=2)
    plan = case.plan or corpus_plan(case.seed)
    document = draw_document(case.kind, values, rng, layout=case.layout, marks=plan)
    truth = document.truth
    marked = [m.page for m in truth.signatures + truth.stamps]
    number = marked[0] if marked else len(truth.pages)
    signatures = [m.bbox for m in truth.signatures if m.page == number]
    stamps = [m.bbox for m in truth.stamps if m.page == number]
    if case.condition == "digital":
        with PdfFile(document.pdf) as pdf:
            image = pdf.render(number - 1, dpi=150)[:, :, :3].copy()
        pages = read_source(Source.from_bytes("doc.pdf", document.pdf), pool).pages
        page = pages[number - 1]
    else:
        grey = case.condition == "grey300"
        condition = {"grey300": GREY300, "degraded": DEGRADED}.get(case.condition)
        scanned = scan(document.pdf, number - 1, condition or CONDITIONS[case.condition])
        stored = scanned.image.convert("L") if grey else scanned.image
        data = image_bytes(stored)
        image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
        page = read_source(Source.from_bytes("page.png", data), pool).pages[0]
        page = Page(
            number, page.width, page.height, page.source, page.lines, page.rotation, page.skew
        )
        signatures = [scanned.carry(b) for b in signatures]
        stamps = [scanned.carry(b) for b in stamps]
    return ReadCase(image, page, tuple(signatures), tuple(stamps), plan)


def corpus_plan(seed: int) -> MarkPlan:
    """Marks drawn as the corpus draws them, but one page in three unsigned, in turn empty, with
    a typed name only, or with a stamp only: the hard negatives."""
    plan = random_mark_plan(np.random.default_rng(seed + 1))
    if seed % 3:
        return replace(plan, signed=True)
    variant = ("empty", "typed_name", "stamp_only")[(seed // 3) % 3]
    return replace(plan, signed=False, unsigned_variant=variant)


def corpus_cases(count: int, seed: int = 100) -> list[MarkCase]:
    """``count`` VA and PV signature pages, layouts and conditions in turn, marks as drawn."""
    kinds = [
        ("va", "formulaire"),
        ("va", "lettre"),
        ("va", "multi_sites"),
        ("va", "proces_verbal"),
        ("pv_recette", "formulaire"),
        ("pv_recette", "compte_rendu"),
    ]
    conditions = ("digital", "scan300", "scan200", "fax150", "photo", "turned90", "turned180")
    cases = []
    for i in range(count):
        kind, layout = kinds[i % len(kinds)]
        cases.append(MarkCase(kind, layout, conditions[i % len(conditions)], seed + i))
    return cases
