"""The page as the mark finders see it: upright, levelled, at about 5 pixels per millimetre, with
the paper's lighting divided out, an ink mask, and the page's words in the same pixels.

Marks are judged in millimetres (a pen stroke, a stamp's ring), so the working image is scaled
from the sheet's size: the whole image for a scan, the sheet found in it for a phone photo. Boxes
found there go back to fractions of the stored image through :meth:`WorkPage.stored_box`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.model import BBox, Page, TextSource, Word
from extractor.ocr.preprocess import sheet_corners, to_gray

PX_PER_MM = 5.0
MAX_UPSCALE = 1.5
A4_LONG_MM = 297.0
# Below this normalised grey a pixel is ink; a coloured pixel is ink up to the paper's grey.
DARK_INK = 175
COLOURED_INK_CHROMA = 30
PAPER_GREY = 235
# A page whose pixels show this much colour was scanned in colour.
COLOUR_PIXEL_CHROMA = 35
COLOUR_PIXEL_SHARE = 0.0002
# OCR words read below this confidence may be marks misread as text: they mask nothing.
PRINTED_WORD_CONFIDENCE = 0.55
# A page the OCR could not read is turned by its print's lines: ink below this grey, letters
# this far apart (mm) joined, and this many line pieces one way.
LINE_INK, LETTER_GAP_MM, MIN_LINE_PIECES = 150, 1.5, 2


@dataclass(frozen=True)
class WordBox:
    text: str
    box: tuple[int, int, int, int]  # working pixels, upright
    printed: bool  # trusted as printed text (masks the ink under it)
    confidence: float  # as read (1.0 from a text layer)


@dataclass(frozen=True)
class WorkPage:
    rgb: np.ndarray  # lighting divided out, upright and levelled
    ink: np.ndarray  # uint8 0/1
    colour: bool
    px_per_mm: float
    text_height: float  # median printed word height, px
    words: tuple[WordBox, ...]
    lines: tuple[tuple[WordBox, ...], ...]
    to_stored: np.ndarray  # 3×3: working pixels → stored-image fractions
    photo: bool = False  # a phone photo of the sheet (its pen strokes blurred thin and pale)

    def mm(self, millimetres: float) -> int:
        return max(1, round(millimetres * self.px_per_mm))

    def stored_box(self, box: tuple[float, float, float, float]) -> BBox:
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], float).T
        moved = self.to_stored @ corners
        xs, ys = np.clip(moved[0], 0, 1), np.clip(moved[1], 0, 1)
        return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def as_rgb(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    return np.ascontiguousarray(image[:, :, :3])


def chroma_of(rgb: np.ndarray) -> np.ndarray:
    """Per pixel, the spread between the strongest and weakest channel (0 for any grey)."""
    r, g, b = cv2.split(rgb)
    return cv2.subtract(cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b))


def shows_colour(rgb: np.ndarray) -> bool:
    """Whether the scan kept colour: a grey or binarised page has equal channels everywhere."""
    coloured = np.count_nonzero(chroma_of(rgb) > COLOUR_PIXEL_CHROMA)
    return coloured / (rgb.shape[0] * rgb.shape[1]) > COLOUR_PIXEL_SHARE


def sheet_of(rgb: np.ndarray) -> tuple[float, np.ndarray | None]:
    """The sheet's long side in stored pixels and, on a phone photo, its corners (the desk
    around it is no page: its grain is not ink)."""
    corners = sheet_corners(to_gray(rgb))
    if corners is None:
        return float(max(rgb.shape[:2])), None
    sides = np.linalg.norm(corners - np.roll(corners, -1, axis=0), axis=1)
    return float(max(sides[0] + sides[2], sides[1] + sides[3]) / 2), corners


def on_sheet(ink: np.ndarray, corners: np.ndarray, to_work: np.ndarray, margin: int) -> np.ndarray:
    """``ink`` inside the photographed sheet (corners in stored pixels), ``margin`` px in."""
    points = np.column_stack([corners, np.ones(4)]) @ to_work.T
    sheet = np.zeros_like(ink)
    cv2.fillPoly(sheet, [points[:, :2].round().astype(np.int32)], 1)
    sheet = cv2.erode(sheet, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    return ink & sheet


def _turn_matrix(width: int, height: int, clockwise: int) -> np.ndarray:
    """Pixel map of ``np.rot90`` turning a width×height image ``clockwise`` degrees."""
    turn = clockwise % 360
    if turn == 90:
        return np.array([[0, -1, height - 1], [1, 0, 0], [0, 0, 1.0]])
    if turn == 180:
        return np.array([[-1, 0, width - 1], [0, -1, height - 1], [0, 0, 1.0]])
    if turn == 270:
        return np.array([[0, 1, 0], [-1, 0, width - 1], [0, 0, 1.0]])
    return np.eye(3)


def _turned(image: np.ndarray, clockwise: int) -> np.ndarray:
    return np.ascontiguousarray(np.rot90(image, -(clockwise % 360) // 90))


def upright_turn(page: Page, width: int, height: int, ink_lines: bool | None = None) -> int:
    """``page.rotation``, unless the words lie across the stored image while it says a quarter
    turn (or the other way round): then the nearer turn that agrees with the words. Too few words
    to tell (a page the OCR could not read, whose turn is a guess), ``ink_lines`` says whether
    the print's lines run across the image (None: no telling)."""
    widths = [(w.bbox[2] - w.bbox[0]) * width for w in page.words if len(w.text) >= 4]
    heights = [(w.bbox[3] - w.bbox[1]) * height for w in page.words if len(w.text) >= 4]
    if len(widths) >= 10:
        lying_across = float(np.median(np.array(widths) / np.maximum(heights, 1))) > 1
    elif ink_lines is not None:
        lying_across = ink_lines
    else:
        return page.rotation
    if lying_across == (page.rotation % 180 == 0):
        return page.rotation
    return 0 if lying_across else 90


def lines_run_across(rgb: np.ndarray, px_per_mm: float) -> bool | None:
    """Whether the print's lines run along the image's width, from its ink alone: letters
    joined across their spacing make long flat pieces along the lines and none across them.
    None when neither way clearly wins (a page with little print)."""
    grey = cv2.medianBlur(to_gray(rgb), 3)  # a bad scan's speckle
    ink = (grey < LINE_INK).astype(np.uint8)
    pieces = []
    gap = max(3, round(LETTER_GAP_MM * px_per_mm))
    for kernel in (np.ones((1, gap), np.uint8), np.ones((gap, 1), np.uint8)):
        _, _, stats, _ = cv2.connectedComponentsWithStats(
            cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel), connectivity=8
        )
        along, across = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        if kernel.shape[0] > 1:
            along, across = across, along
        lines = (along >= 5 * across) & (along >= 10 * px_per_mm) & (across >= px_per_mm)
        pieces.append(int(np.count_nonzero(lines)))
    if max(pieces) >= MIN_LINE_PIECES and max(pieces) >= 3 * min(pieces) + 1:
        return pieces[0] > pieces[1]
    return None


def _few_words(page: Page) -> bool:
    return sum(len(w.text) >= 4 for w in page.words) < 10


def _level_angle(page: Page, to_upright: np.ndarray) -> float:
    """Clockwise degrees that level the text lines, measured on the word centres of long lines
    (a phone photo's lines are not where the OCR's warped sheet had them); else ``page.skew``."""
    angles, weights = [], []
    for line in page.lines:
        if len(line.words) < 3:
            continue
        centres = np.array(
            [[(w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2, 1] for w in line.words]
        ).T
        xs, ys = (to_upright @ centres)[:2]
        span = float(xs.max() - xs.min())
        if span < 200:
            continue
        slope = float(np.polyfit(xs, ys, 1)[0])
        angles.append(math.degrees(math.atan(slope)))
        weights.append(span)
    if len(angles) < 3:
        return page.skew
    order = np.argsort(angles)
    cumulative = np.cumsum(np.array(weights)[order])
    median = float(np.array(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return -median


def _level_matrix(width: int, height: int, clockwise: float) -> np.ndarray:
    matrix = np.eye(3)
    matrix[:2] = cv2.getRotationMatrix2D((width / 2, height / 2), -clockwise, 1.0)
    return matrix


def flatten_lighting(rgb: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Each channel divided by its paper level (a max filter over ~6 mm): shadows, tinted paper
    and a lamp's fall-off vanish, ink keeps its colour."""
    small = cv2.resize(rgb, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = max(3, int(6 * px_per_mm / 4) | 1)
    paper = cv2.dilate(small, np.ones((k, k), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), k / 2)
    paper = cv2.resize(paper, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(rgb, np.maximum(paper, 1), scale=255)


def ink_of(flat: np.ndarray, colour: bool) -> np.ndarray:
    grey = cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY)
    ink = grey < DARK_INK
    if colour:
        ink |= (chroma_of(flat) > COLOURED_INK_CHROMA) & (grey < PAPER_GREY)
    return without_specks(ink.astype(np.uint8))


def without_specks(mask: np.ndarray, largest: int = 3) -> np.ndarray:
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] > largest
    keep[0] = False
    return keep[labels].astype(np.uint8)


def _word_boxes(
    page: Page, to_work: np.ndarray
) -> tuple[tuple[WordBox, ...], tuple[tuple[WordBox, ...], ...]]:
    """The page's words, line by line, as boxes in working pixels."""

    def box_of(word: Word) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = word.bbox
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], float).T
        moved = to_work @ corners
        return (
            int(moved[0].min()),
            int(moved[1].min()),
            math.ceil(moved[0].max()),
            math.ceil(moved[1].max()),
        )

    lines = tuple(
        tuple(WordBox(w.text, box_of(w), _trusted(w), _read_confidence(w)) for w in line.words)
        for line in page.lines
    )
    return tuple(w for line in lines for w in line), lines


def _read_confidence(word: Word) -> float:
    return 1.0 if word.source is TextSource.TEXT_LAYER else word.confidence


def _trusted(word: Word) -> bool:
    if word.source is TextSource.TEXT_LAYER:
        return True
    letters = sum(c.isalnum() for c in word.text)
    return word.confidence >= PRINTED_WORD_CONFIDENCE and letters >= max(1, len(word.text) // 2)


def _median_height(words: tuple[WordBox, ...], px_per_mm: float) -> float:
    heights = [w.box[3] - w.box[1] for w in words if w.printed]
    return float(np.median(heights)) if heights else 3.5 * px_per_mm


def work_page(image: np.ndarray, page: Page) -> WorkPage:
    rgb = as_rgb(image)
    stored_h, stored_w = rgb.shape[:2]
    long_side, corners = sheet_of(rgb)
    factor = min(MAX_UPSCALE, PX_PER_MM * A4_LONG_MM / long_side)
    scaled = cv2.resize(rgb, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    colour = shows_colour(scaled)
    fractions_to_stored = np.diag([stored_w, stored_h, 1.0])
    to_scaled = np.diag([scaled.shape[1] / stored_w, scaled.shape[0] / stored_h, 1.0])
    px_per_mm = factor * long_side / A4_LONG_MM
    across = lines_run_across(scaled, px_per_mm) if _few_words(page) else None
    rotation = upright_turn(page, stored_w, stored_h, across)
    turn = _turn_matrix(scaled.shape[1], scaled.shape[0], rotation)
    turned = _turned(scaled, rotation)
    upright = turn @ to_scaled @ fractions_to_stored  # stored fractions → turned pixels
    angle = _level_angle(page, upright)
    level = _level_matrix(turned.shape[1], turned.shape[0], angle)
    if abs(angle) >= 0.15:
        turned = cv2.warpAffine(
            turned, level[:2], (turned.shape[1], turned.shape[0]), borderValue=(255, 255, 255)
        )
    else:
        level = np.eye(3)
    to_work = level @ upright  # stored fractions → working pixels
    flat = flatten_lighting(turned, px_per_mm)
    words, lines = _word_boxes(page, to_work)
    ink = ink_of(flat, colour)
    if corners is not None:
        stored_to_work = to_work @ np.diag([1 / stored_w, 1 / stored_h, 1.0])
        ink = on_sheet(ink, corners, stored_to_work, round(3 * px_per_mm))
    return WorkPage(
        rgb=flat,
        ink=ink,
        colour=colour,
        px_per_mm=px_per_mm,
        text_height=_median_height(words, px_per_mm),
        words=words,
        lines=lines,
        to_stored=np.linalg.inv(to_work),
        photo=corners is not None,
    )


# Hue bands (degrees) of the inks documents are signed and stamped with; low chroma is black.
INK_HUES = (("red", 0, 20), ("violet", 255, 330), ("blue", 180, 255), ("red", 330, 360))
BLACK_CHROMA = 45


def ink_colour(work: WorkPage, pixels: np.ndarray, origin: tuple[int, int] = (0, 0)) -> str | None:
    """The colour name most of the ink under ``pixels`` (a boolean mask of the page, or of a
    window of it from ``origin``) has on a colour page, else None. Pixels are named one by one,
    not averaged: a blue pen across a red stamp is not violet. Only the darker half counts: a
    stroke's anti-aliased edges are paper-tinted."""
    if not work.colour:
        return None
    x, y = origin
    height, width = pixels.shape
    values = work.rgb[y : y + height, x : x + width][pixels.astype(bool)]
    if len(values) == 0:
        return None
    grey = values.astype(np.float32).mean(axis=1)
    dark = values[grey <= np.median(grey)].reshape(-1, 1, 3)
    hsv = cv2.cvtColor(dark, cv2.COLOR_RGB2HSV_FULL).reshape(-1, 3).astype(np.float32)
    chroma = chroma_of(dark).ravel()
    hues = hsv[:, 0] * 360 / 256
    names = np.where(chroma < BLACK_CHROMA, "black", "")
    for name, low, high in INK_HUES:
        names = np.where((names == "") & (hues >= low) & (hues < high), name, names)
    named, counts = np.unique(np.where(names == "", "black", names), return_counts=True)
    return str(named[int(np.argmax(counts))])
