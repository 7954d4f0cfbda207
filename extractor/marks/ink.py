"""Handwritten signatures and stamps on a page image (issue 5).

``find_signatures_and_stamps(image, page)`` takes the page as stored (RGB, any resolution) and the
page as read (its words, boxes in fractions of that image, and how it was turned to be read), and
returns every signature and stamp with its box (fractions of the stored image), confidence and,
on a colour page, its ink. The work is done upright and levelled at about 5 px/mm
(:mod:`extractor.marks.workpage`): stamps first (:mod:`extractor.marks.stamps`), then the pen
strokes left once rulings, printed words and stamps are taken away
(:mod:`extractor.marks.signatures`), in the zones a page is signed in
(:mod:`extractor.marks.zones`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from extractor.marks.signatures import find_signatures
from extractor.marks.stamps import find_stamps
from extractor.marks.workpage import work_page
from extractor.marks.zones import signing_zones
from extractor.model import Mark, Page


@dataclass(frozen=True)
class InkMarks:
    signatures: list[Mark]
    stamps: list[Mark]


def find_signatures_and_stamps(image: np.ndarray, page: Page) -> InkMarks:
    work = work_page(image, page)
    zones = signing_zones(work)
    stamps = find_stamps(work, zones)
    signatures = find_signatures(work, zones, stamps)
    return InkMarks(
        signatures=[
            Mark(page.number, work.stored_box(s.box), s.confidence, s.ink) for s in signatures
        ],
        stamps=[Mark(page.number, work.stored_box(s.box), s.confidence, s.ink) for s in stamps],
    )
