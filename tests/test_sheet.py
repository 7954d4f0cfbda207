"""Phone photos: the sheet is found on the desk (any desk, any light) and nothing is taken for a
sheet on a scan that is all page — not even a framed table."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from extractor.ocr.preprocess import sheet_corners, to_gray
from fixtures.documents import draw_document
from fixtures.scan import CONDITIONS, Scan, scan
from fixtures.values import random_line_values

PHOTOS = range(12)


@functools.cache
def photographed(seed: int, condition: str = "photo", kind: str = "facture") -> Scan:
    rng = np.random.default_rng(500 + seed)
    drawn = draw_document(kind, random_line_values(rng), rng)
    return scan(drawn.pdf, 0, CONDITIONS[condition], seed=seed)


def true_corners(taken: Scan) -> np.ndarray:
    w, h = taken.source_size
    corners = taken.matrix @ np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], float).T
    return (corners[:2] / corners[2]).T


@pytest.mark.parametrize("seed", PHOTOS)
def test_the_sheet_of_a_photo_is_found_within_one_percent(seed: int) -> None:
    taken = photographed(seed)
    gray = to_gray(np.asarray(taken.image.convert("RGB")))
    found = sheet_corners(gray)
    assert found is not None
    assert np.abs(found - true_corners(taken)).max() < 0.01 * max(gray.shape)


@pytest.mark.parametrize("condition", ["scan300", "scan200", "fax150", "turned90"])
@pytest.mark.parametrize("kind", ["facture", "va", "bon_de_commande"])
def test_a_scan_is_all_page(condition: str, kind: str) -> None:
    taken = photographed(1, condition, kind)
    assert sheet_corners(to_gray(np.asarray(taken.image.convert("RGB")))) is None


def test_a_page_framed_by_a_border_is_not_a_sheet() -> None:
    page = np.full((1400, 1000), 250, np.uint8)
    page[100:1300, 80:920] = 250
    page[100:104, 80:920] = page[1296:1300, 80:920] = 0
    page[100:1300, 80:84] = page[100:1300, 916:920] = 0
    page[200:1200:40, 150:850] = 20  # lines of "text" inside the frame
    assert sheet_corners(page) is None
