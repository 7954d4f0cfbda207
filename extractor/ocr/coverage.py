"""A second look at print the page's reading left out.

Tesseract's page-layout analysis now and then drops a whole line whose print is perfectly legible
— a fax's bold heading over a dotted rule (« FACTURE N° 2023/1860 DU 04/02/2023 »), a table's
row — and read as one block of text, the same pixels come out right. Ink that looks like a line
of print (letter-sized blobs side by side) and that no word read covers is cropped and read again
as a block; the words read surely there join the page's words.
"""

from __future__ import annotations

import statistics

import cv2
import numpy as np

from extractor.errors import UnreadableFile
from extractor.ocr import tesseract
from extractor.ocr.preprocess import ink_mask
from extractor.ocr.tesseract import OcrWord

# A letter stands between these multiples of the page's usual word height.
LETTER_HEIGHT = (0.45, 1.5)
# ...and is at most this many word heights wide: a word whose letters a fax ran together
# (« FACTURE » in bold) is one blob, a rule or a logo is wider.
LETTER_WIDTH = 12.0
# Letters closer than this (word heights) belong to one line of print.
LETTER_GAP = 0.8
# A line of print left out holds this many blobs at least, and is this many word heights long.
MIN_LETTERS, MIN_LENGTH = 2, 4.0
# Around a word read, in word heights: the ink it covers (accents, a tail, a bold edge).
COVER_MARGIN = 0.3
# Rows read again on one page, at most: a table Tesseract dropped whole has a dozen or two.
MAX_ROWS = 40
# Words read again are kept from this confidence (the page's own reading is not questioned).
SURE = 0.6
# What a table's vertical rule reads as.
RULE_GLYPHS = "|¦‖[]"
# Ink is measured on a copy where the usual word stands this many pixels high.
ANALYSIS_HEIGHT = 14.0
# The page needs this many words read to know its usual word height.
MIN_WORDS = 20


def read_left_out(prepared: np.ndarray, words: list[OcrWord]) -> tuple[list[OcrWord], int]:
    """The page's words (read on the grey ``prepared`` image) with each row that holds print left
    out read again whole, and how many rows were read again.

    The whole row is read, not only the ink left out: a heading's number is named by the words
    before it (« FACTURE N° … DU »), which the page's reading may have kept. The row's new
    reading replaces the words read there when it holds more text read surely."""
    usual = _usual_height(words)
    if usual is None:
        return words, 0
    rows = _rows(left_out_lines(prepared, words, usual), words, usual)[:MAX_ROWS]
    if not rows:
        return words, 0
    crops = [_crop(prepared, box, usual) for box in rows]
    try:
        readings = tesseract.read_blocks([image for image, _ in crops])
    except UnreadableFile:  # a second look never costs the page its first reading
        return words, 0
    out = list(words)
    replaced = 0
    for number, (box, (_, origin), reading) in enumerate(zip(rows, crops, readings, strict=True)):
        placed = [_placed(w, origin, number) for w in reading if _kept(w)]
        # The crop's margin holds a slice of the rows above and below, read already.
        sure = [w for w in placed if _on_row(w, box)]
        inside = [w for w in out if _on_row(w, box) and w.confidence >= SURE]
        if _text_size(sure) > _text_size(inside):
            out = [w for w in out if not _on_row(w, box)] + sure
            replaced += 1
    return out, replaced


def _rows(
    regions: list[tuple[int, int, int, int]], words: list[OcrWord], usual: float
) -> list[tuple[int, int, int, int]]:
    """The regions standing side by side joined into rows, each widened to the words read on
    it: the words beside a region join its reading."""
    rows: list[list[int]] = []
    for x0, y0, x1, y1 in regions:  # top to bottom
        if rows and y0 < rows[-1][3] - usual / 2:
            row = rows[-1]
            row[:] = [min(row[0], x0), min(row[1], y0), max(row[2], x1), max(row[3], y1)]
        else:
            rows.append([x0, y0, x1, y1])
    widened = []
    for x0, y0, x1, y1 in rows:
        beside = [w.box for w in words if y0 <= (w.box[1] + w.box[3]) / 2 <= y1]
        left = min([x0, *(int(b[0]) for b in beside)])
        right = max([x1, *(int(b[2]) + 1 for b in beside)])
        widened.append((left, y0, right, y1))
    return widened


def _on_row(word: OcrWord, box: tuple[int, int, int, int]) -> bool:
    """The word's centre lies on the row."""
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _text_size(words: list[OcrWord]) -> int:
    return sum(sum(c.isalnum() for c in w.text) for w in words)


def left_out_lines(
    prepared: np.ndarray, words: list[OcrWord], usual: float
) -> list[tuple[int, int, int, int]]:
    """Boxes (pixels) of the rows of letter-sized ink no word covers, top to bottom.

    Sought on a copy reduced so that words stand about 14 px high: blobs are as well told apart
    there, in a sixth of the time."""
    factor = min(1.0, ANALYSIS_HEIGHT / usual)
    small = cv2.resize(prepared, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    mask = ink_mask(small).astype(np.uint8)
    height = usual * factor
    margin = COVER_MARGIN * height
    for word in words:
        x0, y0, x1, y1 = (v * factor for v in word.box)
        mask[
            max(0, int(y0 - margin)) : int(y1 + margin) + 1,
            max(0, int(x0 - margin)) : int(x1 + margin) + 1,
        ] = 0
    letters = _letters(mask, height)
    gap = max(1, round(LETTER_GAP * height))
    joined = cv2.dilate(letters, np.ones((1, gap), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for label in range(1, count):
        x, y, w, h = stats[label, :4]
        if w < MIN_LENGTH * height or h > 2 * LETTER_HEIGHT[1] * height:
            continue
        inside = cv2.connectedComponents(letters[y : y + h, x : x + w])[0] - 1
        if inside >= MIN_LETTERS:
            left, top, right, bottom = (int(v / factor) for v in (x, y, x + w, y + h))
            boxes.append((left, top, right, bottom))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _letters(mask: np.ndarray, usual: float) -> np.ndarray:
    """Only the blobs of a letter's size."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    low, high = LETTER_HEIGHT[0] * usual, LETTER_HEIGHT[1] * usual
    keep = (heights >= low) & (heights <= high) & (widths <= LETTER_WIDTH * usual)
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _crop(
    prepared: np.ndarray, box: tuple[int, int, int, int], usual: float
) -> tuple[np.ndarray, tuple[int, int]]:
    """The region with a word height of margin, and where its top-left corner lies."""
    margin = int(usual)
    height, width = prepared.shape[:2]
    left, top = max(0, box[0] - margin), max(0, box[1] - margin)
    right, bottom = min(width, box[2] + margin), min(height, box[3] + margin)
    return prepared[top:bottom, left:right], (left, top)


def _kept(word: OcrWord) -> bool:
    """A word read surely, and not a table's vertical rule read as a bar: a row read as a block
    keeps the rules between its cells, which would join a header's cells into one caption."""
    return word.confidence >= SURE and bool(word.text.strip(RULE_GLYPHS))


def _placed(word: OcrWord, origin: tuple[int, int], number: int) -> OcrWord:
    """A word read in a crop, on the page; its line is the crop's own."""
    x, y = origin
    x0, y0, x1, y1 = word.box
    key = (-1 - number, *word.line_key[1:])
    return OcrWord(word.text, (x0 + x, y0 + y, x1 + x, y1 + y), word.confidence, key)


def _usual_height(words: list[OcrWord]) -> float | None:
    heights = [w.box[3] - w.box[1] for w in words if sum(c.isalnum() for c in w.text) >= 3]
    return statistics.median(heights) if len(heights) >= MIN_WORDS else None
