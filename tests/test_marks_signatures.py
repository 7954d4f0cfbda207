"""Signatures and stamps found on generated pages: digital and scanned, read by the pipeline
(Tesseract and OpenCV for real), each hard case its own test."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from benchmarks.marks_cases import MarkCase, ReadCase, read_case
from extractor.geometry import centre_inside
from extractor.marks.ink import InkMarks, find_signatures_and_stamps
from extractor.marks.workpage import lines_run_across, work_page
from extractor.model import BBox
from fixtures.marks import MarkPlan

ROUND_BLUE = MarkPlan(stamp_colour="blue", stamp_shape="round")
CASES = {
    "stamp_without_signature": MarkCase(
        "va", "lettre", "digital", 11, MarkPlan(signed=False, unsigned_variant="stamp_only")
    ),
    "typed_name_without_signature": MarkCase(
        "va", "formulaire", "digital", 12, MarkPlan(signed=False, unsigned_variant="typed_name")
    ),
    "empty_signature_zone": MarkCase(
        "va", "lettre", "scan300", 13, MarkPlan(signed=False, unsigned_variant="empty")
    ),
    "signature_crossing_stamp": MarkCase(
        "va", "lettre", "digital", 14, MarkPlan(crossing=True, stamp_colour="red")
    ),
    "blue_signature_inside_blue_stamp": MarkCase(
        "va", "multi_sites", "digital", 27, MarkPlan(crossing=True, stamp_colour="blue")
    ),
    "blue_signature_on_fax": MarkCase("va", "formulaire", "fax150", 15, ROUND_BLUE),
    "black_ink_on_grey_scan": MarkCase(
        "va", "lettre", "grey300", 16, MarkPlan(ink="black", stamped=False)
    ),
    "upside_down_page": MarkCase("va", "lettre", "turned180", 17, ROUND_BLUE),
    "quarter_turned_page": MarkCase("va", "formulaire", "turned90", 18, ROUND_BLUE),
    "phone_photo": MarkCase("pv_recette", "formulaire", "photo", 19, ROUND_BLUE),
    "two_parties_signed": MarkCase(
        "pv_recette", "compte_rendu", "scan200", 20, MarkPlan(stamped=False)
    ),
    # Marks as the corpus draws them for these seeds: a violet rectangular stamp whose pale left
    # side the fax lost, and one tilted about 9 degrees on a 300 dpi colour scan.
    "rect_stamp_on_fax": MarkCase("pv_recette", "formulaire", "fax150", 110),
    "tilted_rect_stamp_on_scan300": MarkCase("va", "lettre", "scan300", 101),
    # A black rectangular stamp alone, tilted, on a grey 200 dpi scan: its frame, taken for a
    # pen stroke, was a signature.
    "tilted_black_rect_stamp_alone": MarkCase(
        "mom",
        "declaration",
        "scan200",
        3,
        MarkPlan(
            signed=False, unsigned_variant="stamp_only", stamp_colour="black", stamp_shape="rect"
        ),
    ),
    # A signature drawn across a blue rectangular stamp on a phone photo.
    "signature_inside_rect_stamp_on_photo": MarkCase(
        "bon_de_commande",
        "standard",
        "photo",
        1,
        MarkPlan(crossing=True, stamp_shape="rect", stamp_colour="blue"),
    ),
    # A 75 dpi noisy scan the OCR cannot read, its turn guessed a quarter wrong (270).
    "unreadable_degraded_page": MarkCase(
        "bon_de_commande",
        "standard",
        "degraded",
        41,
        MarkPlan(signed=False, unsigned_variant="stamp_only", stamp_colour="red"),
    ),
}


@functools.cache
def _read(name: str) -> tuple[ReadCase, InkMarks]:
    with ThreadPoolExecutor(1) as pool:
        case = read_case(CASES[name], pool)
    return case, find_signatures_and_stamps(case.image, case.page)


def _centre(box: BBox) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _overlaps(found: BBox, truth: BBox) -> bool:
    """The found box's centre inside the truth's, or the truth's centre inside the found box."""
    cx, cy = _centre(truth)
    return centre_inside(found, truth) or centre_inside((cx, cy, cx, cy), found)


def _each_found(found: list[BBox], truths: tuple[BBox, ...]) -> None:
    assert len(found) == len(truths), (found, truths)
    for truth in truths:
        assert any(_overlaps(box, truth) for box in found), (truth, found)


@pytest.mark.parametrize(
    "name",
    [
        "stamp_without_signature",
        "typed_name_without_signature",
        "empty_signature_zone",
        "tilted_black_rect_stamp_alone",
        "unreadable_degraded_page",
    ],
)
def test_unsigned_page_has_no_signature(name: str) -> None:
    case, marks = _read(name)
    assert not case.signatures
    assert marks.signatures == []


@pytest.mark.parametrize("name", ["stamp_without_signature", "tilted_black_rect_stamp_alone"])
def test_a_stamp_alone_is_found_as_a_stamp(name: str) -> None:
    case, marks = _read(name)
    _each_found([m.bbox for m in marks.stamps], case.stamps)


def test_an_unreadable_page_is_turned_by_its_lines() -> None:
    """The OCR read nothing and guessed a quarter turn: the print's lines say the page stands
    as stored (its text lines across), so the marks are looked for on the upright page."""
    case, _ = _read("unreadable_degraded_page")
    assert case.page.rotation % 180 == 90
    height, width = case.image.shape[:2]
    assert lines_run_across(case.image, max(height, width) / 297)
    assert not lines_run_across(
        np.ascontiguousarray(np.rot90(case.image)), max(height, width) / 297
    )
    work = work_page(case.image, case.page)
    assert work.ink.shape[0] > work.ink.shape[1]


@pytest.mark.parametrize(
    "name",
    [
        "signature_crossing_stamp",
        "blue_signature_inside_blue_stamp",
        "blue_signature_on_fax",
        "black_ink_on_grey_scan",
        "upside_down_page",
        "quarter_turned_page",
        "phone_photo",  # two thin pens the photo blurred pale: ink only in dots, once
        "two_parties_signed",
        "signature_inside_rect_stamp_on_photo",
    ],
)
def test_signatures_are_found_where_they_are(name: str) -> None:
    case, marks = _read(name)
    _each_found([m.bbox for m in marks.signatures], case.signatures)
    assert all(0.5 <= m.confidence <= 1 for m in marks.signatures)
    assert all(m.page == case.page.number for m in marks.signatures)


@pytest.mark.parametrize(
    "name",
    [
        "signature_crossing_stamp",
        "blue_signature_inside_blue_stamp",
        "blue_signature_on_fax",
        "upside_down_page",
    ],
)
def test_stamps_are_found_beside_signatures(name: str) -> None:
    case, marks = _read(name)
    _each_found([m.bbox for m in marks.stamps], case.stamps)


@pytest.mark.parametrize("name", ["rect_stamp_on_fax", "tilted_rect_stamp_on_scan300"])
def test_rectangular_stamps_are_found(name: str) -> None:
    case, marks = _read(name)
    assert case.plan.stamp_shape == "rect"
    _each_found([m.bbox for m in marks.stamps], case.stamps)
    _each_found([m.bbox for m in marks.signatures], case.signatures)


@pytest.mark.parametrize(
    ("name", "signature_ink"),
    [
        ("signature_crossing_stamp", "blue"),
        ("blue_signature_on_fax", None),  # binarised: a blue pen is black, no colour to tell
        ("black_ink_on_grey_scan", None),
    ],
)
def test_ink_is_named_on_colour_pages_only(name: str, signature_ink: str | None) -> None:
    _, marks = _read(name)
    assert {m.ink for m in marks.signatures} == {signature_ink}


def test_the_crossed_stamp_keeps_its_colour() -> None:
    _, marks = _read("signature_crossing_stamp")
    assert [m.ink for m in marks.stamps] == ["red"]
