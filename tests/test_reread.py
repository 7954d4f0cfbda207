"""The second look at long numbers whose check digit fails: real Tesseract on real crops and
pages. A number drawn with PIL and given a wrong first reading is read again; on faxed pages
drawn with reportlab, a FINESS whose first reading fails its check comes back right."""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from extractor.ocr import tesseract
from extractor.ocr.page import ocr_page
from extractor.ocr.reread import REREAD_CONFIDENCE, find_suspects, reread_numbers, vote
from extractor.ocr.tesseract import OcrWord
from fixtures.marks import stamp_font
from fixtures.pages import PageCanvas, draw_pdf
from fixtures.scan import CONDITIONS, scan

LINE = (1, 1, 1)


def _printed(groups: list[str], size: int = 22) -> tuple[np.ndarray, list[tuple[float, ...]]]:
    """A grey strip with the groups printed on one line, a space apart, and each group's box."""
    font = stamp_font(size, bold=False)
    image = Image.new("L", (40 + 14 * size, 3 * size), 250)
    draw = ImageDraw.Draw(image)
    x, boxes = 20.0, []
    for group in groups:
        box = draw.textbbox((x, size), group, font=font)
        draw.text((x, size), group, font=font, fill=30)
        boxes.append(tuple(float(v) for v in box))
        x = box[2] + draw.textlength(" ", font=font)
    return np.array(image), boxes


def _first_reading(
    printed: list[str], first: list[str], confidence: float = 0.9
) -> tuple[np.ndarray, list[OcrWord]]:
    """The printed strip, and its first reading given group by group over the printed boxes."""
    image, boxes = _printed(printed)
    words = [
        OcrWord(text, box, confidence, LINE)  # type: ignore[arg-type]
        for text, box in zip(first, boxes, strict=True)
    ]
    return image, words


@pytest.mark.parametrize(
    ("printed", "first", "confidence", "expected"),
    [
        (["673853461"], ["473853461"], 0.9, "673853461"),  # a digit misread
        (["970129037"], ["970729031"], 0.9, "970129037"),  # two
        (["879385128"], ["8793851228"], 0.7, "879385128"),  # a digit too many, read unsurely
        (["132840943"], ["13284043"], 0.7, "132840943"),  # one too few
        (["344", "994", "652", "00073"], ["344", "994", "652", "00078"], 0.9, "34499465200073"),
        # Two misread digits can make a valid number: an unsure reading is read again all the same.
        (["970129037"], ["976129031"], 0.4, "970129037"),
    ],
    ids=["misread", "two-misread", "inserted", "dropped", "siret-in-groups", "valid-but-unsure"],
)
def test_a_number_whose_check_fails_is_read_again(printed, first, confidence, expected):
    words, replaced = reread_numbers(*_first_reading(printed, first, confidence))
    assert replaced == 1
    assert [w.text for w in words] == [expected]
    assert words[0].confidence <= REREAD_CONFIDENCE


@pytest.mark.parametrize(
    ("printed", "first"),
    [
        (["149462197"], ["149462191"]),  # printed without a valid check digit: a client code
        (["879385128"], ["870005128"]),  # too far from the first reading to be its correction
    ],
    ids=["invalid-as-printed", "too-far"],
)
def test_a_re_reading_that_is_not_a_close_valid_number_leaves_the_first(printed, first):
    image, words = _first_reading(printed, first)
    assert find_suspects(words)
    assert reread_numbers(image, words) == (words, 0)


@pytest.mark.parametrize(
    ("first", "confidence"),
    [
        (["879385128"], 0.9),  # valid, read surely
        (["241038380228763"], 0.9),  # 15 digits read surely: a social security number
        (["05", "07", "17", "86", "86"], 0.5),  # a phone number
        (["14.03.2023"], 0.5),  # a date
    ],
    ids=["valid", "sure-miscount", "phone", "date"],
)
def test_numbers_that_are_not_suspicious_are_not_read_again(first, confidence):
    words = [
        OcrWord(text, (10.0 * i, 0.0, 10.0 * i + 8, 10.0), confidence, LINE)
        for i, text in enumerate(first)
    ]
    assert find_suspects(words) == []


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        (["673853461"] * 3 + ["473853461"] * 2, ("673853461", 3)),
        (["673853461"] * 2 + ["673853416"] * 2 + [""], None),  # no majority
        (["473853461"] * 5, None),  # the first reading again
        (["6738534610"] * 5, None),  # the wrong length
        (["673853462"] * 5, None),  # not a valid number
    ],
    ids=["majority", "split", "same", "length", "check-digit"],
)
def test_a_re_reading_needs_a_majority_a_valid_check_and_the_length(readings, expected):
    assert vote("473853461", 9, readings) == expected


# FINESS numbers printed as on a list of sites, in 9 pt, faxed.
SITES = [
    "752601815", "759083017", "876131863", "139139091", "870308244", "872819487",
    "381993518", "971909379", "976579755", "693231946", "977574912", "338625270",
    "870189552", "759797111", "697104974", "696507524",
]  # fmt: skip
# The misreading a fax makes of one of them: one digit off, the check digit fails.
MISREAD = {"696507524": "696807524"}


def _sites(page: PageCanvas) -> None:
    for i, number in enumerate(SITES):
        page.text(20 + (i % 2) * 90, 30 + (i // 2) * 12, f"FINESS géographique : {number}", size=9)


@functools.cache
def _sites_pdf() -> bytes:
    return draw_pdf([_sites])[0]


def _misreading(read_words):
    """Tesseract's page reading, with the fax's misreading of one FINESS put in: whether the
    first reading makes it depends on a pixel, the second look must not."""

    def read(image):
        return [replace(w, text=MISREAD.get(w.text, w.text)) for w in read_words(image)]

    return read


@pytest.mark.parametrize("seed", [0, 1])
def test_a_faxed_finess_whose_check_fails_is_recovered(seed: int, monkeypatch):
    monkeypatch.setattr(tesseract, "read_words", _misreading(tesseract.read_words))
    image = scan(_sites_pdf(), 0, CONDITIONS["fax150"], seed=seed).image.convert("L")
    page = ocr_page(np.array(image))
    words = {w.text for line in page.lines for w in line.words}
    assert any(step.startswith("reread:") for step in page.steps)
    assert set(SITES) <= words
