"""Stage 5, marks: what a page bears besides its printed text — handwritten signatures, stamps
and ticked scenario boxes.

Marks are read from the page image (the page as stored, RGB) with the page's words, whose boxes
mask the printed text out. Boxes are fractions of the stored page, like every other box.
Only the documents that are signed are looked at (:data:`SIGNED_TYPES`): an invoice's logo is
nobody's signature, and rendering every page of a sweep for nothing would cost time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from extractor.marks.ink import find_signatures_and_stamps
from extractor.marks.scenario import read_scenario
from extractor.model import Document, Page

SIGNED_TYPES = frozenset({"va", "pv_recette", "bon_de_commande", "mom"})
SCENARIO_TYPES = frozenset({"va", "pv_recette"})
MARKS_DPI = 150

ImageOf = Callable[[int], np.ndarray]


def mark_document(document: Document, pages: Sequence[Page], image_of: ImageOf) -> None:
    """Fill the document's signatures, stamps and scenario from its pages' images."""
    if document.type not in SIGNED_TYPES:
        return
    readable = [p for p in pages if p.error is None]
    for page in readable:
        ink = find_signatures_and_stamps(image_of(page.number), page)
        document.signatures.extend(ink.signatures)
        document.stamps.extend(ink.stamps)
    if document.type in SCENARIO_TYPES:
        document.scenario = read_scenario(readable, image_of)
