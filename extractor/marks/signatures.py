"""Handwritten signatures: long, thin, curving pen strokes in a signing zone.

What is not a pen stroke is taken away first: ruled lines and frames (long straight runs), the
glyphs of printed words (blobs inside the boxes of words read with confidence), stamps' rings
and frames and their letters. What stays is grouped into marks, each judged on stroke statistics:
its size against the page's text, the length of its strokes, how thin they are, and how many
directions they turn through (a ruled line turns through one, a handwritten name through all).
A typed name is glyphs, a stamp is ring and letters: neither leaves a pen stroke behind.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.marks.stamps import Stamp
from extractor.marks.workpage import WorkPage, ink_colour
from extractor.marks.zones import Zones

RULING_MM = 12.0
# On a phone photo, paler than ink (grey of 255) but still a stroke where it continues ink.
FAINT_INK = 205
# A pen stroke blob is at least this long (mm) and this much taller than printed text.
MIN_STROKE_EXTENT_MM = 6.0
GLYPH_SCALE = 1.9
MIN_STROKE_HEIGHT_MM = 4.5
MIN_FLAT_STROKE_WIDTH_MM = 15.0
# A signature has at least one stroke this tall (mm): a line of print has none.
MIN_TALLEST_STROKE_MM = 4.5
# Strokes within these distances (mm, across and down) of one another are one signature.
GROUP_GAP_MM = (12.0, 6.0)
MIN_SIGNATURE_LENGTH_MM = 22.0
MIN_SIGNATURE_WIDTH_MM = 9.0
MAX_STROKE_WIDTH_MM = 1.4
MIN_CONFIDENCE = 0.5
# What is left of a ring, or its letters merged, lies within this many letter heights of a radius.
ARC_DEPTH = 1.6
# A rectangular stamp's text merged into a blob wider than this many of its letters is no taller
# than this many: its lines are level.
RECT_TEXT_WIDTH, RECT_TEXT_HEIGHT = 3.0, 1.5
# A frame at any tilt (a stamp's the stamp finder missed, a box): this share of its ink lies
# within this distance (mm) of the smallest rectangle around it.
FRAME_SHARE, FRAME_BAND_MM = 0.85, 1.2


@dataclass(frozen=True)
class Signature:
    box: tuple[int, int, int, int]  # working pixels
    confidence: float
    ink: str | None


def find_signatures(work: WorkPage, zones: Zones, stamps: list[Stamp]) -> list[Signature]:
    strokes = pen_strokes(work, stamps, zones.bounds())
    found = []
    for group in _groups(work, strokes):
        signature = _judged(work, zones, group)
        if signature is not None:
            found.append(signature)
    return found


def rulings(ink: np.ndarray, length: int) -> np.ndarray:
    """Long horizontal and vertical runs (rules, frames, underlines), a pixel of tilt allowed."""
    across = cv2.morphologyEx(
        cv2.dilate(ink, np.ones((3, 1), np.uint8)), cv2.MORPH_OPEN, np.ones((1, length), np.uint8)
    )
    down = cv2.morphologyEx(
        cv2.dilate(ink, np.ones((1, 3), np.uint8)), cv2.MORPH_OPEN, np.ones((length, 1), np.uint8)
    )
    lines = cv2.bitwise_or(across, down)
    return cv2.bitwise_and(cv2.dilate(lines, np.ones((3, 3), np.uint8)), ink)


def printed_mask(work: WorkPage) -> np.ndarray:
    mask = np.zeros_like(work.ink)
    pad = work.mm(0.4)
    for word in work.words:
        if word.printed:
            x0, y0, x1, y1 = word.box
            mask[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 1
    return mask


def pen_strokes(
    work: WorkPage, stamps: list[Stamp], region: tuple[int, int, int, int] | None = None
) -> np.ndarray:
    """The ink left once rulings, printed glyphs and stamps (rings, frames, letters) are gone;
    on a photo, its faint pen is looked for within ``region`` only (the signing zones)."""
    base = _with_faint_strokes(work, region) if work.photo else work.ink
    ink = base & ~rulings(base, work.mm(RULING_MM))
    for stamp in stamps:
        ink &= ~stamp.outline
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    printed = printed_mask(work)
    keep = np.zeros(count, bool)
    for index in range(1, count):
        keep[index] = _is_stroke(work, stats[index], labels, index, printed, stamps)
    return keep[labels].astype(np.uint8)


def _with_faint_strokes(
    work: WorkPage, region: tuple[int, int, int, int] | None = None
) -> np.ndarray:
    """The ink with the paler pixels that continue it, on a phone photo: a thin pen the photo
    blurred is ink only where it is darkest, and falls into dots too small to be strokes."""
    height, width = work.ink.shape
    x0, y0, x1, y1 = region or (0, 0, width, height)
    ink = work.ink[y0:y1, x0:x1]
    grey = cv2.cvtColor(work.rgb[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY)
    faint = (grey < FAINT_INK).astype(np.uint8) | ink
    count, labels = cv2.connectedComponents(faint, connectivity=8)
    inked = np.zeros(count, bool)
    inked[np.unique(labels[ink > 0])] = True
    inked[0] = False
    extended = work.ink.copy()
    extended[y0:y1, x0:x1] = inked[labels] & (faint > 0)
    return extended


def _is_stroke(
    work: WorkPage,
    stat: np.ndarray,
    labels: np.ndarray,
    index: int,
    printed: np.ndarray,
    stamps: list[Stamp],
) -> bool:
    x, y, w, h, area = (int(v) for v in stat)
    if max(w, h) < work.mm(MIN_STROKE_EXTENT_MM) or area < work.mm(8):
        return False
    if h < work.mm(MIN_STROKE_HEIGHT_MM) and w < work.mm(MIN_FLAT_STROKE_WIDTH_MM):
        return False  # as flat as a line of print, too short for a flourish
    if h <= GLYPH_SCALE * work.text_height and w <= GLYPH_SCALE * 2.5 * work.text_height:
        region = labels[y : y + h, x : x + w] == index
        if np.count_nonzero(printed[y : y + h, x : x + w][region]) >= 0.9 * area:
            return False  # printed text, however it merged
    box = (x, y, x + w, y + h)
    return not any(_stamp_part(box, labels, index, stamp) for stamp in stamps)


def _stamp_part(
    box: tuple[int, int, int, int], labels: np.ndarray, index: int, stamp: Stamp
) -> bool:
    """A blob inside a stamp that is its text or what remains of its ring: small, or (round
    stamps) an arc no deeper than a line of the stamp's letters (a pen stroke merged with the
    letters along the ring reaches across their baseline)."""
    sx0, sy0, sx1, sy1 = stamp.box
    x0, y0, x1, y1 = box
    if x0 < sx0 or y0 < sy0 or x1 > sx1 or y1 > sy1:
        return False
    if max(x1 - x0, y1 - y0) <= 2.2 * stamp.glyph_height:
        return True
    if stamp.radius is None:  # level lines of text: a wide blob is flat (a pen's is not)
        flat = x1 - x0 <= RECT_TEXT_WIDTH * stamp.glyph_height
        flat |= y1 - y0 <= RECT_TEXT_HEIGHT * stamp.glyph_height
        return y1 - y0 <= 2.2 * stamp.glyph_height and flat
    ys, xs = np.nonzero(labels[y0:y1, x0:x1] == index)
    distances = np.hypot(xs + x0 - stamp.centre[0], ys + y0 - stamp.centre[1])
    return float(distances.max() - distances.min()) <= ARC_DEPTH * stamp.glyph_height


def _groups(work: WorkPage, strokes: np.ndarray) -> list[np.ndarray]:
    """Strokes near one another, as one mask each (cropped: (mask, x, y))."""
    across, down = (work.mm(gap) for gap in GROUP_GAP_MM)
    joined = cv2.dilate(strokes, np.ones((down, across), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    groups = []
    for index in range(1, count):
        x, y, w, h = (int(v) for v in stats[index, :4])
        group = np.zeros_like(strokes)
        group[y : y + h, x : x + w] = (labels[y : y + h, x : x + w] == index) & (
            strokes[y : y + h, x : x + w] > 0
        )
        groups.append(group)
    return groups


@dataclass(frozen=True)
class StrokeStats:
    width_mm: float
    height_mm: float
    length_mm: float  # along the strokes
    pen_mm: float  # mean stroke thickness
    turning: float  # 0 (one direction) … 1 (every direction equally)
    tallest_mm: float  # the tallest single stroke


def stroke_stats(
    work: WorkPage, group: np.ndarray
) -> tuple[StrokeStats, tuple[int, int, int, int]]:
    ys, xs = np.nonzero(group)
    x0, y0, x1, y1 = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
    crop = group[y0:y1, x0:x1]
    contours, _ = cv2.findContours(crop, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    length = max(perimeter / 2, 1.0)
    area = float(np.count_nonzero(crop))
    mm = work.px_per_mm
    stats = StrokeStats(
        width_mm=(x1 - x0) / mm,
        height_mm=(y1 - y0) / mm,
        length_mm=length / mm,
        pen_mm=area / length / mm,
        turning=_turning(contours),
        tallest_mm=max(cv2.boundingRect(c)[3] for c in contours) / mm,
    )
    return stats, (x0, y0, x1, y1)


def _turning(contours: Sequence[np.ndarray]) -> float:
    """Spread of the strokes' directions: entropy of the contour's step directions over 8 bins
    (mod 180°), normalised to 0…1."""
    steps = [np.diff(c[:, 0, :].astype(np.float32)[::3], axis=0) for c in contours if len(c) > 6]
    if not steps:
        return 0.0
    every = np.vstack(steps)
    angles = np.mod(np.arctan2(every[:, 1], every[:, 0]), np.pi)
    counts = np.bincount((angles / np.pi * 8).astype(int) % 8, minlength=8).astype(float)
    shares = counts / counts.sum()
    shares = shares[shares > 0]
    return float(-(shares * np.log(shares)).sum() / math.log(8))


def _judged(work: WorkPage, zones: Zones, group: np.ndarray) -> Signature | None:
    stats, box = stroke_stats(work, group)
    place = zones.weight(box)
    if place == 0 or stats.width_mm < MIN_SIGNATURE_WIDTH_MM:
        return None
    if stats.length_mm < MIN_SIGNATURE_LENGTH_MM or stats.pen_mm > MAX_STROKE_WIDTH_MM:
        return None
    if stats.tallest_mm < MIN_TALLEST_STROKE_MM or _is_frame(work, group):
        return None
    confidence = signature_confidence(stats, place)
    if confidence < MIN_CONFIDENCE:
        return None
    return Signature(box, confidence, ink_colour(work, group))


def _is_frame(work: WorkPage, group: np.ndarray) -> bool:
    """Whether the strokes are a rectangle's outline at some tilt: a stamp's frame the page's
    rules did not take away (it is tilted), not a hand's."""
    ys, xs = np.nonzero(group)
    corners = cv2.boxPoints(cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32)))
    outline = np.zeros_like(group)
    band = work.mm(FRAME_BAND_MM)
    cv2.polylines(outline, [corners.round().astype(np.int32)], True, 1, 2 * band + 1)
    return bool(np.count_nonzero(outline[ys, xs]) >= FRAME_SHARE * len(xs))


def signature_confidence(stats: StrokeStats, place: float) -> float:
    """How much the strokes look handwritten, weighed by where they stand."""
    length = min(1.0, stats.length_mm / 60)
    turning = float(np.clip((stats.turning - 0.6) / 0.3, 0, 1))
    shape = 0.45 + 0.3 * turning + 0.25 * length
    return round(float(np.clip(shape * (0.8 + 0.2 * place), 0, 0.99)), 3)
