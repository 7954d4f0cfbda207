"""Read one page image: measure, turn upright, deskew, clean, OCR, and map words back to the page.

Orientation costs nothing on an upright page: the text-line angle (OpenCV) tells a quarter-turned
page from an upright one; an upright-looking page is read at once, and only when Tesseract's words
come out implausible (upside-down text reads as low-confidence junk) does Tesseract's orientation
detection run, at full resolution, and the page is read again turned.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from extractor.layout.lines import split_at_gaps
from extractor.model import Line, TextSource, Word
from extractor.ocr import coverage, preprocess, reread, tesseract
from extractor.ocr.transform import PageTransform, rotate_small, scale, turn, unwarp

log = logging.getLogger(__name__)

# Mean confidence of real words under which an "upright" page is checked for being upside down.
PLAUSIBLE_CONFIDENCE = 0.70
# A background spread above this (grey levels) is uneven lighting: flatten and binarise locally.
UNEVEN_LIGHTING = 50.0
# Above this share of 1–3 px specks, a median filter runs first.
SPECKLED = 0.3
# An image narrower than this (px), or longer than this many times its width, holds no text.
MIN_SIDE, MAX_ASPECT = 16, 20
# Orientation detection's confidence needed to turn a page it did not look turned.
OSD_MIN_CONFIDENCE = 2.0


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[Line, ...]
    rotation: int
    skew: float
    steps: tuple[str, ...]

    @property
    def mean_confidence(self) -> float:
        return reading_score(w for line in self.lines for w in line.words)


@dataclass(frozen=True)
class _Reading:
    """One reading of the page at one rotation, with the image and words a second look at its
    numbers needs once it is the reading kept."""

    page: OcrPage
    prepared: np.ndarray
    words: list[tesseract.OcrWord]
    transform: PageTransform

    @property
    def mean_confidence(self) -> float:
        return self.page.mean_confidence


def reading_score(words: Iterable[Word]) -> float:
    """Mean confidence over words with at least 3 letters or digits (0 when there are none)."""
    scores = [w.confidence for w in words if sum(c.isalnum() for c in w.text) >= 3]
    return sum(scores) / len(scores) if scores else 0.0


def ocr_page(image: np.ndarray) -> OcrPage:
    """OCR an RGB or grey page image; word boxes come back as fractions of this image."""
    gray = preprocess.to_gray(image)
    if not _could_hold_text(gray):
        return OcrPage((), 0, 0.0, ("no_text_possible",))
    steps: list[str] = []
    transform = PageTransform(width=gray.shape[1], height=gray.shape[0])
    corners = preprocess.sheet_corners(gray)
    sheet_turn = 0.0
    if corners is not None:
        gray = unwarp(gray, corners, transform)
        sheet_turn = -preprocess.sheet_angle(corners)
        steps.append("unwarp")
    # Lighting first: shadows would otherwise pass for ink in every measurement below.
    if corners is not None:
        # A photographed sheet's paper is grey, never white, and Tesseract's layout analysis
        # drops whole blocks of grey paper: whiten it, keeping the ink's greys (binarising it
        # would lose small print and white-on-dark bands).
        gray = preprocess.whiten_paper(gray)
        steps.append("whiten_paper")
    elif preprocess.lighting_unevenness(gray) > UNEVEN_LIGHTING:
        gray = preprocess.flatten_lighting(gray)
        steps.append("flatten_lighting")
    axis, skew, _ = preprocess.text_angle(gray)
    blobs = preprocess.blob_stats(gray, quarter_turned=axis == 90)
    if preprocess.speckle_ratio(blobs) > SPECKLED:
        gray = preprocess.despeckle(gray)
        steps.append("despeckle")
    factor = preprocess.scale_factor(blobs)
    if factor > 1.0 and preprocess.is_bilevel(gray):
        gray = preprocess.smooth_bilevel(gray)
        steps.append("smooth_bilevel")
    if factor != 1.0:
        gray = scale(gray, factor, transform)
        steps.append(f"scale:{factor:.2f}")
    if axis == 90:
        kept = _read_quarter_turned(gray, transform, skew, steps)
    else:
        kept = _read(gray, 0, skew, transform, steps)
        if kept.page.lines and kept.mean_confidence < PLAUSIBLE_CONFIDENCE:
            kept = _maybe_upside_down(gray, transform, skew, steps, kept)
    reading = _second_looks(kept)
    if reading.mean_confidence == 0:
        # Nothing legible: no evidence that the page was turned or skewed.
        return replace(reading, rotation=0, skew=0.0)
    # The skew was measured on the straightened sheet; as stored, the sheet also lies turned.
    return replace(reading, skew=round(reading.skew + sheet_turn, 2))


def _could_hold_text(gray: np.ndarray) -> bool:
    """Whether the image is big enough, and not too thin a strip, to hold a line of text: the
    measurements below work on reduced copies a sliver would reduce to nothing."""
    short, long = sorted(gray.shape[:2])
    return short >= MIN_SIDE and long <= MAX_ASPECT * short


def _read_quarter_turned(
    gray: np.ndarray, transform: PageTransform, skew: float, steps: list[str]
) -> _Reading:
    """Lines run down the page: orientation detection says which way; 90 and 270 as fallbacks."""
    detected = tesseract.detect_orientation(gray)
    order = [detected[0]] if detected else []
    order += [r for r in (90, 270) if r not in order]
    return _first_plausible(gray, transform, skew, [*steps, "osd"], order)


def _maybe_upside_down(
    gray: np.ndarray, transform: PageTransform, skew: float, steps: list[str], upright: _Reading
) -> _Reading:
    detected = tesseract.detect_orientation(gray)
    if not detected or detected[0] == 0 or detected[1] < OSD_MIN_CONFIDENCE:
        return upright
    turned = _read(gray, detected[0], skew, transform, [*steps, "osd"])
    return max(upright, turned, key=lambda p: p.mean_confidence)


def _first_plausible(
    gray: np.ndarray, transform: PageTransform, skew: float, steps: list[str], order: list[int]
) -> _Reading:
    """Read at each rotation in turn; stop at the first plausible reading, else keep the best."""
    best: _Reading | None = None
    for rotation in order:
        reading = _read(gray, rotation, skew, transform, steps)
        if reading.mean_confidence >= PLAUSIBLE_CONFIDENCE:
            return reading
        if best is None or reading.mean_confidence > best.mean_confidence:
            best = reading
    assert best is not None, "at least one rotation is always tried"
    return best


def _read(
    gray: np.ndarray, rotation: int, skew: float, base: PageTransform, steps: list[str]
) -> _Reading:
    """Turn, deskew, OCR, and map the words back through every step."""
    transform = PageTransform(base.width, base.height, base.matrix.copy())
    prepared = turn(gray, rotation, transform)
    # Plane rotations commute: the skew measured before the quarter turn still levels the lines.
    prepared = rotate_small(prepared, skew, transform)
    words = tesseract.read_words(prepared)
    page = OcrPage(_lines(words, transform), rotation, skew, tuple(steps))
    return _Reading(page, prepared, words, transform)


def _second_looks(reading: _Reading) -> OcrPage:
    """The kept reading, with the lines its layout analysis left out read
    (:mod:`extractor.ocr.coverage`), then its suspicious numbers read again
    (:mod:`extractor.ocr.reread`)."""
    steps = []
    words, lines = coverage.read_left_out(reading.prepared, reading.words)
    if lines:
        steps.append(f"left_out:{lines}")
    words, numbers = reread.reread_numbers(reading.prepared, words)
    if numbers:
        steps.append(f"reread:{numbers}")
    if not steps:
        return reading.page
    page = reading.page
    return replace(page, lines=_lines(words, reading.transform), steps=(*page.steps, *steps))


def _lines(words: list[tesseract.OcrWord], transform: PageTransform) -> tuple[Line, ...]:
    """Tesseract's lines, cut at column-wide gaps like the text layer's (a table header row
    becomes its cells), with boxes mapped back to the page as stored."""
    grouped: dict[tuple[int, int, int], list[tesseract.OcrWord]] = {}
    for word in words:
        grouped.setdefault(word.line_key, []).append(word)
    lines = []
    for row in grouped.values():
        for piece in split_at_gaps([w.box for w in row]):
            lines.append(Line(tuple(_word(row[i], transform) for i in piece)))
    return tuple(lines)


def _word(word: tesseract.OcrWord, transform: PageTransform) -> Word:
    return Word(word.text, transform.to_original(word.box), word.confidence, TextSource.OCR)
