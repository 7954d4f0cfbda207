"""The second look at print the page's reading left out: real pages, real Tesseract. The page's
own reading is taken, one of its lines is removed from it as Tesseract's layout analysis drops
one on a fax, and the line must come back; ink that is no print (a rule, a pen stroke) gives no
words."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.errors import UnreadableFile
from extractor.ocr import coverage, tesseract
from fixtures.pages import draw_pdf, paragraph_page
from fixtures.scan import CONDITIONS, scan
from tests.reading import TEXT_LINES, normalise

HEADING = "FACTURE N° 2023/1860 DU 04/02/2023"


@functools.cache
def _page(condition: str) -> np.ndarray:
    pdf, _ = draw_pdf([paragraph_page([HEADING, *TEXT_LINES], size=10)])
    return np.array(scan(pdf, 0, CONDITIONS[condition], seed=1).image.convert("L"))


@functools.cache
def _first_reading(condition: str) -> tuple[tesseract.OcrWord, ...]:
    return tuple(tesseract.read_words(_page(condition)))


def _texts(words: list[tesseract.OcrWord]) -> set[str]:
    return {normalise(w.text) for w in words}


@pytest.mark.parametrize("condition", ["scan300", "fax150"])
def test_a_line_the_reading_dropped_is_read_again(condition: str):
    words = list(_first_reading(condition))
    first_line = min(words, key=lambda w: w.box[1]).line_key
    dropped = [w for w in words if w.line_key != first_line]
    assert {"FACTURE", "04/02/2023"} <= _texts(words) - _texts(dropped)

    restored, rows = coverage.read_left_out(_page(condition), dropped)

    assert rows == 1
    assert {"FACTURE", "DU", "04/02/2023"} <= _texts(restored)
    assert len(restored) >= len(words) - 1


@pytest.mark.parametrize("condition", ["scan300", "fax150"])
def test_a_page_read_whole_is_left_as_it_is(condition: str):
    words = list(_first_reading(condition))
    assert coverage.read_left_out(_page(condition), words) == (words, 0)


def _with_marks(page: np.ndarray) -> np.ndarray:
    """The page with a dotted rule and a pen scribble in its empty lower half."""
    image = Image.fromarray(page)
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for x in range(width // 10, 9 * width // 10, 12):
        draw.rectangle((x, int(0.75 * height), x + 3, int(0.75 * height) + 3), fill=0)
    points = [(width // 2 + 40 * i, int(0.85 * height) + (25 if i % 2 else -25)) for i in range(8)]
    draw.line(points, fill=0, width=5)
    return np.array(image)


def test_a_rule_and_a_pen_stroke_give_no_words():
    page = _with_marks(_page("scan300"))
    words = tesseract.read_words(_page("scan300"))  # the print only, as read on the clean page
    restored, rows = coverage.read_left_out(page, words)
    assert rows == 0
    assert restored == words


@pytest.mark.parametrize(
    ("text", "confidence", "kept"),
    [
        ("Date", 0.9, True),
        ("|", 0.95, False),
        ("‖", 0.9, False),
        ("|Date", 0.9, True),
        ("Date", 0.4, False),
    ],
    ids=["word", "bar", "double-bar", "bar-glued", "unsure"],
)
def test_a_table_rule_read_as_a_bar_is_not_a_word(text: str, confidence: float, kept: bool):
    """A header row read as a block keeps its cells' rules (« Date | Échéance »): as words they
    would join the cells into one caption."""
    word = tesseract.OcrWord(text, (0.0, 0.0, 10.0, 10.0), confidence, (1, 1, 1))
    assert coverage._kept(word) is kept


def test_a_failing_second_look_keeps_the_first_reading(monkeypatch):
    words = list(_first_reading("scan300"))
    dropped = [w for w in words if w.line_key != min(words, key=lambda w: w.box[1]).line_key]

    def fail(_images):
        raise UnreadableFile("ocr_failed", "tesseract crashed")

    monkeypatch.setattr(tesseract, "read_blocks", fail)
    assert coverage.read_left_out(_page("scan300"), dropped) == (dropped, 0)
