"""Checkboxes on a page image: drawn squares found by their straight borders, and whether ink
fills them.

The rows of the page where boxes may stand are first turned upright and levelled the way the page
was read (``Page.rotation`` and ``Page.skew``), so a box's borders are horizontal and vertical
lines and its place can be compared with the words' upright boxes
(:func:`extractor.fields.text.page_reading_box`). A square is four straight strokes of about the
same length meeting at corners: a morphological opening with a long thin kernel keeps such strokes
and drops letters, diagonals (an X, a check mark) and specks. Whether a box is ticked is read from
the ink inside it, its own border left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.model import BBox

# Pages are analysed at most this many pixels on their long side (about 170 dpi for A4): ticks
# stay several pixels wide, and a 300 dpi scan costs a quarter of its full size.
WORKING_SIDE = 2000
INK_RATIO = 0.65  # ink: darker than this share of the local paper's brightness
# A box is also sought among fainter strokes: a photo's blur or a fax's grey spreads a thin border
# into a light grey line (measured: most photographed boxes lost a side at 0.65).
STROKE_RATIO = 0.8
BORDER_COVER = 0.85  # each side of a square must be this much straight stroke
CORNER = 0.12  # the corner windows' side, as a share of the box's
TICK_INK = 0.07  # share of a box's inside covered by ink above which it is ticked
INSET = 0.18  # the border left out of a box's inside, as a share of its side


@dataclass(frozen=True)
class Square:
    """A box drawn on the upright page, in pixels of :class:`UprightPage`, and its ink."""

    x0: int
    y0: int
    x1: int
    y1: int
    ink: float  # share of its inside covered by ink

    @property
    def ticked(self) -> bool:
        return self.ink >= TICK_INK

    @property
    def confidence(self) -> float:
        """How far the ink is from the threshold: 0.5 on it, 1 at an empty or full box."""
        if self.ticked:
            return 0.5 + 0.5 * min(1.0, (self.ink - TICK_INK) / (2 * TICK_INK))
        return 0.5 + 0.5 * min(1.0, (TICK_INK - self.ink) / (0.6 * TICK_INK))


@dataclass(frozen=True)
class UprightPage:
    """A band of rows of a stored page image, turned upright and levelled, in grey at the
    working scale, with the maps from its pixels to the upright page and to the stored page."""

    grey: np.ndarray
    ink: np.ndarray  # bool mask: what a tick is read from
    strokes: np.ndarray  # bool mask, fainter ink too: where borders are sought
    top: int  # the band's first row on the whole upright page, in working pixels
    size: tuple[int, int]  # (width, height) of the whole upright page, in working pixels
    to_stored: np.ndarray  # 3×3: band pixels → stored-page pixels
    stored_size: tuple[int, int]  # (width, height) of the stored image

    @classmethod
    def of(
        cls, image: np.ndarray, rotation: int, skew: float, rows: tuple[float, float] = (0, 1)
    ) -> UprightPage:
        """The rows ``rows`` (fractions of the upright page's height) of ``image``, upright.

        One ``warpAffine`` turns, levels, scales and crops: only the band's pixels are computed."""
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        height, width = grey.shape[:2]
        scale = min(1.0, WORKING_SIDE / max(height, width))
        matrix, (upright_w, upright_h) = _upright_matrix(width, height, rotation, skew)
        size = (round(upright_w * scale), round(upright_h * scale))
        top = max(0, math.floor(rows[0] * size[1]))
        bottom = min(size[1], math.ceil(rows[1] * size[1]))
        to_band = np.array([[scale, 0, 0], [0, scale, -top], [0, 0, 1.0]]) @ matrix
        band = cv2.warpAffine(
            grey,
            to_band[:2],
            (size[0], max(1, bottom - top)),
            flags=cv2.INTER_LINEAR,
            borderValue=(255,),
        )
        ink, strokes = _ink_masks(band)
        return cls(band, ink, strokes, top, size, np.linalg.inv(to_band), (width, height))

    def stored_box(self, square: Square) -> BBox:
        """Where ``square`` is on the stored page, as fractions of it."""
        corners = np.array(
            [
                [square.x0, square.x1, square.x0, square.x1],
                [square.y0, square.y0, square.y1, square.y1],
                [1.0, 1.0, 1.0, 1.0],
            ]
        )
        moved = self.to_stored @ corners
        xs, ys = moved[0] / moved[2], moved[1] / moved[2]
        width, height = self.stored_size
        return (
            float(max(0.0, xs.min() / width)),
            float(max(0.0, ys.min() / height)),
            float(min(1.0, xs.max() / width)),
            float(min(1.0, ys.max() / height)),
        )

    def upright_box(self, square: Square) -> BBox:
        """Where ``square`` is on the upright page, as fractions of it."""
        width, height = self.size
        top = self.top
        return (
            square.x0 / width,
            (square.y0 + top) / height,
            square.x1 / width,
            (square.y1 + top) / height,
        )


def _upright_matrix(
    width: int, height: int, rotation: int, skew: float
) -> tuple[np.ndarray, tuple[int, int]]:
    """The map turning the image ``rotation`` degrees clockwise, then levelling it by ``skew``
    clockwise degrees about its centre, as :func:`extractor.geometry.reading_box` does."""
    turn = rotation % 360
    turns = {
        0: np.eye(3),
        90: np.array([[0, -1, height], [1, 0, 0], [0, 0, 1.0]]),
        180: np.array([[-1, 0, width], [0, -1, height], [0, 0, 1.0]]),
        270: np.array([[0, 1, 0], [-1, 0, width], [0, 0, 1.0]]),
    }
    size = (height, width) if turn in (90, 270) else (width, height)
    theta = math.radians(skew)
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = size[0] / 2, size[1] / 2
    level = np.array(
        [[cos, -sin, cx - cos * cx + sin * cy], [sin, cos, cy - sin * cx - cos * cy], [0, 0, 1.0]]
    )
    return level @ turns.get(turn, np.eye(3)), size


def _ink_masks(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixels darker than the paper around them (a local maximum), whatever the lighting: ink
    (:data:`INK_RATIO`) and strokes (:data:`STROKE_RATIO`)."""
    paper = cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 41)))
    paper = paper.astype(np.float32)
    grey = grey.astype(np.float32)
    return grey < INK_RATIO * paper, grey < STROKE_RATIO * paper


def find_squares(page: UprightPage, sides: tuple[float, float]) -> list[Square]:
    """Every square box on ``page`` whose side lies within ``sides`` (pixels)."""
    ink = page.strokes.astype(np.uint8)
    length = max(5, round(0.6 * sides[0]))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    strokes = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    # Two levels: outer boundaries (a box inside a table's cell is one too) and holes.
    contours, hierarchy = cv2.findContours(strokes, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    outer = [c for c, h in zip(contours, hierarchy[0] if contours else [], strict=True) if h[3] < 0]
    dark = page.ink.astype(np.uint8)
    squares = []
    for contour in outer:
        x, y, w, h = cv2.boundingRect(contour)
        if sides[0] <= min(w, h) and max(w, h) <= 1.5 * sides[1] and 0.6 <= w / h <= 1.6:
            # The ink first: faint strokes thicken a tick, which then rounds the box's corner.
            box = _border_of(dark[y : y + h, x : x + w], sides)
            box = box or _border_of(ink[y : y + h, x : x + w], sides)
            if box is not None:
                box = (x + box[0], y + box[1], x + box[2], y + box[3])
                squares.append(Square(*box, ink=inside_ink(page, box)))
    return squares


def _border_of(patch: np.ndarray, sides: tuple[float, float]) -> tuple[int, int, int, int] | None:
    """The square drawn in ``patch``, between its outermost long straight strokes (a tick
    overflowing the box is no border), or None when its four sides are not all there."""
    length = max(5, round(0.7 * min(patch.shape)))
    # A pixel's wobble (binarised or slightly skewed borders) does not break a straight stroke.
    widened = cv2.dilate(patch, np.ones((1, 3), np.uint8))
    heightened = cv2.dilate(patch, np.ones((3, 1), np.uint8))
    horizontal = cv2.morphologyEx(heightened, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vertical = cv2.morphologyEx(widened, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    columns = np.flatnonzero(vertical.any(axis=0))
    rows = np.flatnonzero(horizontal.any(axis=1))
    if len(columns) < 2 or len(rows) < 2:
        return None
    x0, x1, y0, y1 = int(columns[0]), int(columns[-1]) + 1, int(rows[0]), int(rows[-1]) + 1
    w, h = x1 - x0, y1 - y0
    if not (sides[0] <= min(w, h) and max(w, h) <= sides[1] and 0.75 <= w / h <= 1.33):
        return None
    if not _bordered(horizontal[y0:y1, x0:x1], vertical[y0:y1, x0:x1]):
        return None
    if not _cornered(cv2.bitwise_or(horizontal, vertical)[y0:y1, x0:x1]):
        return None
    return x0, y0, x1, y1


def _bordered(horizontal: np.ndarray, vertical: np.ndarray) -> bool:
    """Whether the four edges of a box-sized patch are straight strokes (its border)."""
    h, w = horizontal.shape
    band = max(2, round(0.2 * min(h, w)))
    top = horizontal[:band].any(axis=0).mean()
    bottom = horizontal[-band:].any(axis=0).mean()
    left = vertical[:, :band].any(axis=1).mean()
    right = vertical[:, -band:].any(axis=1).mean()
    return min(top, bottom, left, right) >= BORDER_COVER


def _cornered(strokes: np.ndarray) -> bool:
    """Whether straight strokes reach the four corners of a box-sized patch: a box's sides meet
    there, where a bold « O » or « @ » (as straight on its sides as a box, at that size) is
    round."""
    size = max(3, round(CORNER * min(strokes.shape)))
    corners = (
        strokes[:size, :size],
        strokes[:size, -size:],
        strokes[-size:, :size],
        strokes[-size:, -size:],
    )
    return all(corner.any() for corner in corners)


def inside_ink(page: UprightPage, box: tuple[int, int, int, int]) -> float:
    """The share of a box's inside covered by ink, its border (:data:`INSET`) left out."""
    x0, y0, x1, y1 = box
    inset = max(2, round(INSET * min(x1 - x0, y1 - y0)))
    inside = page.ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    return float(inside.mean()) if inside.size else 0.0
