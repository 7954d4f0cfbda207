"""Stamps on pages where their text is no help: a fax's threshold and a phone photo merge or drop
the stamp's letters, so frames are found from their lines and broken rings from what is left of
them; and what is framed but no stamp (a table cell, the client's box, a signing area) stays
unstamped. Pages drawn by the fixtures generator, scanned, read by the pipeline (Tesseract and
OpenCV for real)."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.marks_cases import MarkCase, ReadCase, read_case
from extractor.geometry import centre_inside
from extractor.marks.ink import InkMarks, find_signatures_and_stamps
from fixtures.marks import MarkPlan

RECT_CROSSED = MarkPlan(crossing=True, stamp_colour="blue", stamp_shape="rect")
UNSTAMPED = MarkPlan(signed=True, stamped=False)
CASES = {
    # A blue double-framed stamp on a binarised fax: black, tilted two degrees, its inner frame
    # gone, half its letters unread, the signature across its text.
    "rect_stamp_on_binarised_fax": MarkCase("va", "lettre", "fax150", 301, RECT_CROSSED),
    # The same on a phone photo: its pale letters lost to the light, its frame kept.
    "rect_stamp_on_phone_photo": MarkCase("va", "formulaire", "photo", 300, RECT_CROSSED),
    # A red ring the fax broke into arcs, its letters still running around inside it.
    "broken_ring_on_fax": MarkCase(
        "va", "proces_verbal", "fax150", 325, MarkPlan(stamp_colour="red", crossing=True)
    ),
    # Framed things that are no stamp: a table of sites or of beneficiaries whose rules a fax cut
    # into dashes, the client's box of an order form, a form's boxes on a photo, the ruled areas
    # two parties sign in.
    "table_of_sites_on_fax": MarkCase("va", "multi_sites", "fax150", 302, UNSTAMPED),
    "table_of_beneficiaries_on_fax": MarkCase(
        "mom", "declaration", "fax150", 344, MarkPlan(signed=False, unsigned_variant="typed_name")
    ),
    "client_box_on_fax": MarkCase("bon_de_commande", "standard", "fax150", 304, UNSTAMPED),
    "form_boxes_on_photo": MarkCase("pv_recette", "formulaire", "photo", 303, UNSTAMPED),
    "ruled_signing_areas_turned": MarkCase("va", "proces_verbal", "turned180", 305, UNSTAMPED),
}


@functools.cache
def _read(name: str) -> tuple[ReadCase, InkMarks]:
    with ThreadPoolExecutor(1) as pool:
        case = read_case(CASES[name], pool)
    return case, find_signatures_and_stamps(case.image, case.page)


@pytest.mark.parametrize(
    "name", ["rect_stamp_on_binarised_fax", "rect_stamp_on_phone_photo", "broken_ring_on_fax"]
)
def test_stamps_whose_letters_are_lost_are_found_by_their_outline(name: str) -> None:
    case, marks = _read(name)
    assert len(case.stamps) == 1
    assert len(marks.stamps) == 1, marks.stamps
    (truth,), (found,) = case.stamps, marks.stamps
    cx, cy = (found.bbox[0] + found.bbox[2]) / 2, (found.bbox[1] + found.bbox[3]) / 2
    assert centre_inside((cx, cy, cx, cy), truth), (found.bbox, truth)
    assert 0.5 <= found.confidence <= 1


@pytest.mark.parametrize(
    "name", ["rect_stamp_on_binarised_fax", "rect_stamp_on_phone_photo", "broken_ring_on_fax"]
)
def test_the_signatures_beside_such_a_stamp_are_still_found(name: str) -> None:
    case, marks = _read(name)
    assert case.signatures
    assert len(marks.signatures) == len(case.signatures), (marks.signatures, case.signatures)
    for truth in case.signatures:
        assert any(centre_inside(m.bbox, truth) for m in marks.signatures), truth


@pytest.mark.parametrize(
    "name",
    [
        "table_of_sites_on_fax",
        "table_of_beneficiaries_on_fax",
        "client_box_on_fax",
        "form_boxes_on_photo",
        "ruled_signing_areas_turned",
    ],
)
def test_framed_printed_text_is_no_stamp(name: str) -> None:
    case, marks = _read(name)
    assert not case.stamps
    assert marks.stamps == []
