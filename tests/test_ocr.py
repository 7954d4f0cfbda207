"""OCR on real rendered pages scanned under several conditions: words, orientation, skew, boxes."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractor.model import TextSource
from extractor.ocr.page import ocr_page
from fixtures.documents import draw_document
from fixtures.scan import CONDITIONS, image_pdf, scan
from fixtures.values import random_line_values
from tests.reading import (
    iou,
    read_bytes,
    read_scanned_text_page,
    scanned_text_page,
    text_page,
    unique_word_boxes,
    word_recall,
)

# (condition, minimum word recall, clockwise rotation the reader must apply, skew it must find)
CASES = [
    ("scan300", 0.95, 0, 0.0),
    ("skew3", 0.95, 0, 3.0),
    ("turned90", 0.95, 270, 0.0),
    ("turned180", 0.95, 180, 0.0),
    ("noisy150", 0.90, 0, -2.0),
    ("skew8", 0.95, 0, -8.0),
    ("shadowed", 0.90, 0, 0.0),
]
CONDITION_IDS = [c[0] for c in CASES]


def _expected_words() -> list[str]:
    return [w.text for w in text_page()[1]]


@pytest.mark.parametrize(("name", "recall", "rotation", "skew"), CASES, ids=CONDITION_IDS)
def test_words_read_match_the_source_text(name: str, recall: float, rotation: int, skew: float):
    page = read_scanned_text_page(name).pages[0]
    assert page.source is TextSource.OCR
    assert word_recall(_expected_words(), [w.text for w in page.words]) >= recall


@pytest.mark.parametrize(("name", "recall", "rotation", "skew"), CASES, ids=CONDITION_IDS)
def test_page_is_turned_upright(name: str, recall: float, rotation: int, skew: float):
    page = read_scanned_text_page(name).pages[0]
    assert page.rotation == rotation
    assert page.skew == pytest.approx(skew, abs=0.3)


@pytest.mark.parametrize(("name", "recall", "rotation", "skew"), CASES, ids=CONDITION_IDS)
def test_boxes_fall_where_the_words_were_drawn(
    name: str, recall: float, rotation: int, skew: float
):
    """Each word read lands on the spot of the scanned image where the word was printed."""
    scan = scanned_text_page(name)
    drawn = unique_word_boxes([(w.text, scan.carry(w.bbox)) for w in text_page()[1]])
    page = read_scanned_text_page(name).pages[0]
    read = unique_word_boxes([(w.text, w.bbox) for w in page.words])
    common = drawn.keys() & read.keys()
    assert len(common) >= 0.8 * len(drawn)
    # Drawn boxes span the font's full ascent and descent; Tesseract's hug the ink: IoU ≥ 0.4.
    overlapping = [word for word in common if iou(drawn[word], read[word]) >= 0.4]
    assert len(overlapping) >= 0.95 * len(common)


def test_image_only_pdf_is_ocred_with_confidences():
    data = image_pdf([scanned_text_page("scan300").image])
    result = read_bytes("scan.pdf", data)
    page = result.pages[0]
    assert page.source is TextSource.OCR
    assert word_recall(_expected_words(), [w.text for w in page.words]) >= 0.95
    confidences = [w.confidence for w in page.words]
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert sum(confidences) / len(confidences) > 0.85


def test_digital_pdf_is_read_from_its_text_layer_without_ocr():
    pdf, drawn = text_page()
    page = read_bytes("digital.pdf", pdf).pages[0]
    assert page.source is TextSource.TEXT_LAYER
    assert page.rotation == 0 and page.skew == 0.0
    assert word_recall([w.text for w in drawn], [w.text for w in page.words]) == 1.0
    expected = unique_word_boxes([(w.text, w.bbox) for w in drawn])
    read = unique_word_boxes([(w.text, w.bbox) for w in page.words])
    assert all(iou(expected[k], read[k]) > 0.7 for k in expected.keys() & read.keys())


def test_lines_keep_the_reading_order():
    page = read_scanned_text_page("turned180").pages[0]
    first_words = [line.words[0].text for line in page.lines[:3]]
    assert first_words == ["Attestation", "Le", "sur"]


def test_uneven_lighting_is_flattened_before_reading():
    image = np.asarray(scanned_text_page("shadowed").image)
    assert "flatten_lighting" in ocr_page(image).steps


@pytest.mark.parametrize(
    ("name", "smoothed"), [("fax150", True), ("noisy150", False), ("scan200", False)]
)
def test_only_a_black_and_white_page_is_smoothed_before_it_is_enlarged(name: str, smoothed: bool):
    image = np.asarray(scanned_text_page(name).image.convert("L"))
    assert ("smooth_bilevel" in ocr_page(image).steps) is smoothed


def test_clean_scan_is_not_reprocessed():
    image = np.asarray(scanned_text_page("scan300").image)
    assert ocr_page(image).steps == ()


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_text_layer_boxes_follow_the_page_rotation(rotate: int):
    """A page stored with /Rotate: boxes are given on the page as displayed."""
    pdf, drawn = text_page()
    document = pdfium.PdfDocument(pdf)
    document[0].set_rotation(rotate)
    buffer = io.BytesIO()
    document.save(buffer)
    page = read_bytes("rotated.pdf", buffer.getvalue()).pages[0]
    assert page.source is TextSource.TEXT_LAYER
    turn = {
        90: lambda b: (1 - b[3], b[0], 1 - b[1], b[2]),
        180: lambda b: (1 - b[2], 1 - b[3], 1 - b[0], 1 - b[1]),
        270: lambda b: (b[1], 1 - b[2], b[3], 1 - b[0]),
    }[rotate]
    expected = unique_word_boxes([(w.text, turn(w.bbox)) for w in drawn])
    read = unique_word_boxes([(w.text, w.bbox) for w in page.words])
    assert len(expected.keys() & read.keys()) >= 0.9 * len(expected)
    assert all(iou(expected[k], read[k]) > 0.7 for k in expected.keys() & read.keys())


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_white_print_on_a_dark_letterhead_band_is_read_on_a_phone_photo(seed: int):
    """The band is turned negative before the paper is whitened: its title is read, and its
    grain gives no lines of junk."""
    values = random_line_values(np.random.default_rng(seed), n_sites=2)
    invoice = draw_document("facture", values, np.random.default_rng(seed), layout="deux_pages")
    photo = scan(invoice.pdf, 0, CONDITIONS["photo"], seed=seed).image
    page = read_bytes("photo.pdf", image_pdf([photo])).pages[0]
    band = [w for w in page.words if w.bbox[1] < 0.16]
    assert "FACTURE" in [w.text for w in band]
    assert len([w for w in band if w.confidence < 0.5]) <= 3
