"""Stamps (cachets): a round ring with text along it, or a framed block of a few text lines.

Round stamps are circles the Hough transform proposes, kept when ink lies on the circle all
around it and not just outside it (text blocks and pen loops fail that); a ring a fax broke into
arcs is kept when letters still run around its inside. Rectangular stamps are found from their
frame, not their text (a fax's threshold merges or drops a stamp's letters, a photo's light
fades them): at tilts up to 15 degrees, pairs of long straight lines a stamp's height apart with a
tall stroke between their ends propose a frame; around each, the nearest long lines above and
below at the tilt that makes them longest, and tall sides where those lines end; one side may
have faded away (pale ink, a fax's threshold). The frame must be tilted, coloured (its own ink,
not a pen's crossing it), doubled, or closed around text the page's words do not account for — a
table cell around printed text, a ruled signing area, a box of the form are none of these. Works
on colour, grey and binarised pages alike: the ink mask does not care about colour, colour only
adds evidence.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from extractor.marks.workpage import WorkPage, ink_colour
from extractor.marks.zones import Zones

# Round stamps are 25–55 mm across; the ring is sampled at this many angles.
RING_RADII_MM = (12.5, 27.0)
RING_SAMPLES = 180
RING_BAND_MM = 0.7
MIN_RING_COVER = 0.7
# A ring a fax or pale ink broke: this much of it, with letters along its inside in this many of
# its twelve sectors.
MIN_FADED_RING_COVER, MIN_LETTERED_SECTORS = 0.55, 5
MIN_RING_CONTRAST = 0.45
# Glyphs of a stamp's text (mm), and how many make a line of text.
GLYPH_HEIGHT_MM = (0.8, 6.0)
GLYPH_WIDTH_MM = 8.0
MIN_GLYPHS = 8
# Words read at least this surely count as print inside a frame (see _printed_cover).
SURE_PRINT = 0.9
# Rectangular stamps: their size (mm), their largest tilt (degrees), how far from a proposed centre
# their frame is looked for (mm, across and down), and what makes a frame side.
STAMP_WIDTH_MM = (25.0, 80.0)
STAMP_HEIGHT_MM = (8.0, 45.0)
MAX_TILT = 15.0
TILT_STEP = 3.0
TILTS = tuple(float(t) for t in np.arange(-MAX_TILT, MAX_TILT + 1, TILT_STEP))
STAMP_REACH_MM = (70.0, 25.0)
RUN_MM = 6.0
MIN_FRAME_SIDE_MM = 20.0
SIDE_RUN_MM = 3.0
# A frame line on its own (frame-first search): at least this long, rows this near one line,
# faded stretches this long bridged (mm), as long as ink fills this share of it.
MIN_FRAME_LINE_MM, LINE_THICKNESS_MM, LINE_GAP_MM, MIN_LINE_FILL = 15.0, 1.0, 15.0, 0.5
# Frame lines are looked for at this share of the working resolution; a reduced pixel is ink
# when this much of it was (of 255).
SEED_SCALE, SEED_INK = 0.5, 64
SEED_APART_MM = 4.0
# A side is where the top and bottom lines end: they go on no further than its corner's rounding.
SIDE_CORNER_MM, SIDE_PAST_MM = 2.0, 4.0
MIN_SIDE_COVER = 0.4
# A frame with one side faded: its top and bottom lines each run along this share of it.
MIN_LINE_COVER = 0.5
MIN_RECT_EVIDENCE = 0.3
# A closed frame this tilted (degrees) against the levelled page is no form's box.
STEEP_TILT = 4.0
# Lines found at two tilts this near each other (mm) are the same lines.
SAME_LINE_MM = 3.0
# A level rule inside a frame across this share of its width: a table's (a slanted frame across
# a table's level rules).
LEVEL_RULE_SPAN = 0.85
# A doubled frame: each line fills this share of its row, the row between them this share of it.
DOUBLE_LINE_COVER = 0.5
DOUBLE_GAP_SHARE = 0.6


@dataclass(frozen=True)
class Stamp:
    box: tuple[int, int, int, int]  # working pixels
    confidence: float
    ink: str | None
    outline: np.ndarray  # uint8 mask of the ring or frame's pixels (what a pen crossing meets)
    glyph_height: float  # px: the stamp's text height, to tell its letters from pen strokes
    centre: tuple[float, float]
    radius: float | None  # round stamps


def find_stamps(work: WorkPage, zones: Zones) -> list[Stamp]:
    stamps = round_stamps(work)
    for stamp in rect_stamps(work, zones):
        if not any(_inside(stamp.centre, other.box) for other in stamps):
            stamps.append(stamp)
    return stamps


def _inside(point: tuple[float, float], box: tuple[int, int, int, int]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


# --- Round stamps -------------------------------------------------------------------------------


def round_stamps(work: WorkPage) -> list[Stamp]:
    stamps: list[Stamp] = []
    for cx, cy, r in _circle_proposals(work):
        if any(math.hypot(cx - s.centre[0], cy - s.centre[1]) < r for s in stamps):
            continue
        fitted = _fitted_ring(work.ink, cx, cy, r, work.mm(RING_BAND_MM))
        if fitted is None:
            continue
        (cx, cy, r), cover, contrast = fitted
        if cover < MIN_FADED_RING_COVER or contrast < MIN_RING_CONTRAST:
            continue
        if cover < MIN_RING_COVER and _sectors_lettered(work, cx, cy, r) < MIN_LETTERED_SECTORS:
            continue  # a broken ring is a stamp's when letters run around inside it
        stamps.append(_round_stamp(work, cx, cy, r, cover, contrast))
    return stamps


def _sectors_lettered(work: WorkPage, cx: float, cy: float, r: float) -> int:
    """In how many of the ring's twelve sectors letter-sized blobs lie along its inside (a
    stamp's name runs around it; a pen loop or a broken arc of a drawing holds none)."""
    height, width = work.ink.shape
    x0, y0 = max(0, int(cx - r)), max(0, int(cy - r))
    x1, y1 = min(width, math.ceil(cx + r) + 1), min(height, math.ceil(cy + r) + 1)
    ring = np.zeros((y1 - y0, x1 - x0), np.uint8)
    band = work.mm(RING_BAND_MM)
    cv2.circle(ring, (round(cx - x0), round(cy - y0)), round(r), 1, 2 * band + 1)
    inside = (work.ink[y0:y1, x0:x1] & ~ring).astype(np.uint8)
    _, _, stats, centroids = cv2.connectedComponentsWithStats(inside, connectivity=8)
    sides = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    low, high = (work.mm(h) for h in GLYPH_HEIGHT_MM)
    dx, dy = centroids[1:, 0] + x0 - cx, centroids[1:, 1] + y0 - cy
    distance = np.hypot(dx, dy) / r
    letters = (sides >= low) & (sides <= high) & (distance >= 0.55) & (distance <= 0.95)
    sectors = (np.degrees(np.arctan2(dy[letters], dx[letters])) % 360 // 30).astype(int)
    return len(set(sectors.tolist()))


def _circle_proposals(work: WorkPage) -> list[tuple[float, float, float]]:
    small = cv2.resize(work.ink * 255, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 1.2)
    low, high = (work.mm(r) // 2 for r in RING_RADII_MM)
    circles = cv2.HoughCircles(
        small, cv2.HOUGH_GRADIENT, dp=1, minDist=low, param1=120, param2=28,
        minRadius=low, maxRadius=high,
    )  # fmt: skip
    if circles is None:
        return []
    return [(float(x) * 2, float(y) * 2, float(r) * 2) for x, y, r in circles[0][:25]]


def _ring_cover(ink: np.ndarray, cx: float, cy: float, radii: np.ndarray) -> float:
    """Share of angles at which some of ``radii`` around (cx, cy) falls on ink."""
    angles = np.linspace(0, 2 * np.pi, RING_SAMPLES, endpoint=False)
    xs = (cx + np.outer(radii, np.cos(angles))).round().astype(int)
    ys = (cy + np.outer(radii, np.sin(angles))).round().astype(int)
    height, width = ink.shape
    inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    hits = np.zeros(xs.shape, bool)
    hits[inside] = ink[ys[inside], xs[inside]] > 0
    return float(hits.any(axis=0).mean())


def _fitted_ring(
    ink: np.ndarray, cx: float, cy: float, r: float, band: int
) -> tuple[tuple[float, float, float], float, float] | None:
    """The circle near the proposal that ink covers best, its cover, and its contrast with the
    bands just outside and just inside it."""
    best: tuple[float, tuple[float, float, float]] | None = None
    for dx in (-2, 0, 2):
        for dy in (-2, 0, 2):
            for dr in range(-3, 4):
                radius = r + dr
                radii = np.arange(radius - band, radius + band + 1)
                cover = _ring_cover(ink, cx + dx, cy + dy, radii)
                if best is None or cover > best[0]:
                    best = (cover, (cx + dx, cy + dy, radius))
    if best is None:
        return None
    cover, (x, y, radius) = best
    outside = _ring_cover(ink, x, y, np.arange(radius + 3 * band, radius + 5 * band))
    inside = _ring_cover(ink, x, y, np.arange(radius - 2.5 * band, radius - 1.5 * band))
    return (x, y, radius), cover, cover - max(outside, inside * 0.6)


def _round_stamp(
    work: WorkPage, cx: float, cy: float, r: float, cover: float, contrast: float
) -> Stamp:
    height, width = work.ink.shape
    box = (
        max(0, int(cx - r)),
        max(0, int(cy - r)),
        min(width, int(cx + r)),
        min(height, int(cy + r)),
    )
    disc = np.zeros_like(work.ink)
    cv2.circle(disc, (round(cx), round(cy)), round(r), 1, -1)
    outline = _concentric_rings(work.ink, cx, cy, r, work.mm(RING_BAND_MM))
    confidence = float(np.clip(0.5 + cover * 0.3 + contrast * 0.4, 0, 0.99))
    letters = _letter_height(work, work.ink & disc & ~outline, r * 0.17)
    return Stamp(box, confidence, ink_colour(work, work.ink & disc), outline, letters, (cx, cy), r)


def _letter_height(work: WorkPage, inside: np.ndarray, guess: float) -> float:
    """The stamp's letter size as its own glyphs show it (median of the glyph-sized blobs'
    longer sides: letters along a ring lie at every angle), else ``guess``."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=8)
    sides = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    low, high = (work.mm(h) for h in GLYPH_HEIGHT_MM)
    glyphs = sides[(sides >= low) & (sides <= high)]
    return float(np.median(glyphs)) if len(glyphs) >= MIN_GLYPHS else guess


def _concentric_rings(ink: np.ndarray, cx: float, cy: float, r: float, band: int) -> np.ndarray:
    """The outer ring and any inner ring (a radius where ink covers most angles)."""
    outline = np.zeros_like(ink)
    radii = [r]
    for inner in np.arange(r * 0.4, r * 0.8, band):
        if _ring_cover(ink, cx, cy, np.arange(inner - band / 2, inner + band / 2 + 1)) > 0.6:
            radii.append(float(inner))
    for radius in radii:
        cv2.circle(outline, (round(cx), round(cy)), round(radius), 1, 2 * band + 1)
    return outline


# --- Rectangular stamps -------------------------------------------------------------------------


def rect_stamps(work: WorkPage, zones: Zones) -> list[Stamp]:
    """Framed blocks around the places pairs of long lines propose, in the signing zones."""
    stamps: list[Stamp] = []
    seeds = _frame_seeds(work, zones)
    for (x, y), tilts in seeds:
        if zones.weight((int(x), int(y), int(x), int(y))) == 0:
            continue
        if any(_inside((x, y), s.box) for s in stamps):
            continue
        stamp = _framed_block(work, (x, y), tilts)
        if stamp is not None:
            stamps.append(stamp)
    return stamps


def _frame_seeds(
    work: WorkPage, zones: Zones
) -> list[tuple[tuple[float, float], tuple[float, ...]]]:
    """Centres of the stamp-sized rectangles that pairs of long straight lines could frame, at
    each tilt, with the tilts to search around them: a line and the nearest line below it that
    runs alongside it, both no longer than a stamp. Looked for at half the working resolution
    (a frame line is still a line there), over the signing zones only."""
    x0, y0, x1, y1 = zones.bounds((work.mm(STAMP_WIDTH_MM[1] / 2), work.mm(STAMP_HEIGHT_MM[1] / 2)))
    if x1 - x0 < work.mm(STAMP_WIDTH_MM[0]) or y1 - y0 < work.mm(STAMP_HEIGHT_MM[0]):
        return []
    region = cv2.resize(
        work.ink[y0:y1, x0:x1] * 255,
        None,
        fx=SEED_SCALE,
        fy=SEED_SCALE,
        interpolation=cv2.INTER_AREA,
    )
    region = (region >= SEED_INK).astype(np.uint8)
    unit = work.px_per_mm * SEED_SCALE
    found: list[tuple[float, tuple[float, float], float]] = []
    for angle in TILTS:
        matrix, turned = _turned(region, angle)
        back = cv2.invertAffineTransform(matrix)
        for top, bottom in _line_pairs(_frame_lines(turned, unit), unit):
            if not _has_side(turned, top, bottom, unit):
                continue
            cx = (max(top[1], bottom[1]) + min(top[2], bottom[2])) / 2
            cy = (top[0] + bottom[0]) / 2
            px, py = cv2.transform(np.array([[[cx, cy]]], np.float32), back)[0, 0]
            length = min(top[2], bottom[2]) - max(top[1], bottom[1])
            found.append(
                (length, (float(px) / SEED_SCALE + x0, float(py) / SEED_SCALE + y0), angle)
            )
    # The longest pairs first (a frame seen at its own tilt), one seed per place.
    seeds: list[tuple[tuple[float, float], tuple[float, ...]]] = []
    for _, centre, angle in sorted(found, key=lambda f: -f[0]):
        if not any(math.dist(centre, seed) < work.mm(SEED_APART_MM) for seed, _ in seeds):
            seeds.append((centre, tuple(t for t in TILTS if abs(t - angle) <= TILT_STEP)))
    return seeds


def _turned(ink: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """``ink`` turned ``angle`` degrees about its centre onto a canvas that holds all of it."""
    height, width = ink.shape
    cos, sin = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
    size = (math.ceil(width * cos + height * sin), math.ceil(width * sin + height * cos))
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    matrix[:, 2] += np.array([(size[0] - width) / 2, (size[1] - height) / 2])
    return matrix, cv2.warpAffine(ink, matrix, size, flags=cv2.INTER_NEAREST)


def _frame_lines(turned: np.ndarray, unit: float) -> list[tuple[int, int, int]]:
    """Straight horizontal lines of a stamp's length (faded stretches bridged), ``unit`` px a
    millimetre: (y, x0, x1), row by row (a line touching a row of bold letters stays a line), the
    rows of one thick line merged."""
    runs = _runs(turned, round(RUN_MM * unit), horizontal=True)
    bridge = np.ones((3, round(LINE_GAP_MM * unit)), np.uint8)
    joined = cv2.morphologyEx(runs, cv2.MORPH_CLOSE, bridge).astype(np.int8)
    rows = np.flatnonzero(joined.sum(axis=1, dtype=np.int32) >= MIN_FRAME_LINE_MM * unit)
    steps = np.diff(joined[rows], axis=1, prepend=0, append=0)
    at, starts = np.nonzero(steps == 1)
    ends = np.nonzero(steps == -1)[1]
    ys = rows[at]
    lengths = ends - starts
    keep = (lengths >= MIN_FRAME_LINE_MM * unit) & (lengths <= (STAMP_WIDTH_MM[1] + 5) * unit)
    # Mostly ink, not a few runs far apart: the share of its length the runs fill (a row apart).
    filled = cv2.dilate(runs, np.ones((3, 1), np.uint8))[rows].cumsum(axis=1, dtype=np.int32)
    inked = filled[at, ends - 1] - filled[at, starts] + 1
    keep &= inked >= MIN_LINE_FILL * lengths
    lines: list[tuple[int, int, int]] = []
    thickness = LINE_THICKNESS_MM * unit
    for y, x0, x1 in zip(
        ys[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True
    ):
        same = next(
            (
                i
                for i in range(len(lines) - 1, -1, -1)
                if y - lines[i][0] <= thickness
                and min(x1, lines[i][2]) - max(x0, lines[i][1])
                > 0.5 * min(x1 - x0, lines[i][2] - lines[i][1])
            ),
            None,
        )
        if same is None:
            lines.append((y, x0, x1))
        else:
            ly, lx0, lx1 = lines[same]
            lines[same] = (ly, min(x0, lx0), max(x1, lx1))
    return lines


def _line_pairs(
    lines: list[tuple[int, int, int]], unit: float
) -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """Each line with the nearest line below it, a stamp's height away, running alongside it."""
    low, high = (h * unit for h in STAMP_HEIGHT_MM)
    pairs = []
    for i, top in enumerate(lines):
        for bottom in lines[i + 1 :]:
            gap = bottom[0] - top[0]
            if gap > high:
                break
            overlap = min(top[2], bottom[2]) - max(top[1], bottom[1])
            if overlap < 0.6 * min(top[2] - top[1], bottom[2] - bottom[1]):
                continue
            if gap >= low:
                pairs.append((top, bottom))
                break
    return pairs


def _has_side(
    turned: np.ndarray, top: tuple[int, int, int], bottom: tuple[int, int, int], unit: float
) -> bool:
    """Whether a tall straight stroke joins the two lines near either pair of their ends (rows
    of text do not: no letter is that tall)."""
    reach = round(SIDE_CORNER_MM * unit) + 1
    band = _runs(turned[top[0] : bottom[0] + 1], round(SIDE_RUN_MM * unit), horizontal=False)
    band = cv2.dilate(band, np.ones((1, 3), np.uint8))
    cover = band.sum(axis=0) >= MIN_SIDE_COVER * (bottom[0] - top[0])
    for ends in ((top[1], bottom[1]), (top[2], bottom[2])):
        if cover[max(0, min(ends) - reach) : max(ends) + reach + 1].any():
            return True
    return False


def _framed_block(
    work: WorkPage, centre: tuple[float, float], tilts: tuple[float, ...] = TILTS
) -> Stamp | None:
    """The frame around the text at ``centre``: at the tilt where the nearest long straight
    runs above and below are longest (``tilts``, then a degree either side of the best), those
    two runs and the nearest tall runs beside."""

    def best_of(angles: Iterable[float]) -> _Levelled | None:
        levelled = (_levelled(work, centre, angle) for angle in angles)
        return max((b for b in levelled if b is not None), key=lambda b: b.score, default=None)

    coarse = best_of(tilts)
    if coarse is None:
        return None
    # A degree either side: the frame's outline must lie on its lines from end to end.
    best = best_of((coarse.angle - 1.0, coarse.angle + 1.0))
    if best is None or best.score <= coarse.score:
        best = coarse
    if best.angle != 0:  # the same two lines longer level: level lines a slant cut into dashes
        level = _levelled(work, centre, 0.0)
        near = work.mm(SAME_LINE_MM)
        if (
            level is not None
            and level.score > best.score
            and abs(level.top - best.top) <= near
            and abs(level.bottom - best.bottom) <= near
        ):
            best = level
    sides = _sides(work, best.crop, best.top, best.bottom)
    if sides is None:
        return None
    frame, both = sides
    return _rect_stamp(work, best.matrix, frame, both, best.angle, best.crop)


@dataclass(frozen=True)
class _Levelled:
    """The ink around a point turned by ``angle``, with the frame lines found above and below."""

    score: float
    angle: float
    matrix: np.ndarray
    crop: np.ndarray
    top: int
    bottom: int


def _levelled(work: WorkPage, centre: tuple[float, float], angle: float) -> _Levelled | None:
    size = (work.mm(STAMP_REACH_MM[0]) * 2, work.mm(STAMP_REACH_MM[1]) * 2)
    matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
    matrix[:, 2] += np.array([size[0] / 2 - centre[0], size[1] / 2 - centre[1]])
    crop = cv2.warpAffine(work.ink, matrix, size, flags=cv2.INTER_NEAREST)
    edges = _top_and_bottom(work, crop)
    if edges is None:
        return None
    score, top, bottom = edges
    return _Levelled(score, angle, matrix, crop, top, bottom)


def _top_and_bottom(work: WorkPage, crop: np.ndarray) -> tuple[float, int, int] | None:
    """The nearest rows above and below the crop's middle that long runs fill, with the sum of
    their run lengths."""
    middle = crop.shape[0] // 2
    rows = _runs(crop, work.mm(RUN_MM), horizontal=True).sum(axis=1)
    long_row = rows >= work.mm(MIN_FRAME_SIDE_MM)
    clear = work.mm(1.0)
    above = np.flatnonzero(long_row[: middle - clear])
    below = np.flatnonzero(long_row[middle + clear :])
    if above.size == 0 or below.size == 0:
        return None
    top, bottom = int(above[-1]), int(below[0]) + middle + clear
    if not work.mm(STAMP_HEIGHT_MM[0]) <= bottom - top <= work.mm(STAMP_HEIGHT_MM[1]):
        return None
    return float(rows[top] + rows[bottom]), top, bottom


def _sides(
    work: WorkPage, crop: np.ndarray, top: int, bottom: int
) -> tuple[tuple[int, int, int, int], bool] | None:
    """The nearest tall columns left and right of the crop's middle where the top and bottom
    runs end (a pen stroke crossing the frame is tall too, but the frame goes on past it), and
    whether both were seen. One side may have faded away: then the frame ends where its top and
    bottom lines do, and both lines must run along most of it (a ruled signing area's rule, a
    pen stroke for a side and another for a bottom line frame nothing)."""
    middle = crop.shape[1] // 2
    runs = _runs(crop[top : bottom + 1], work.mm(SIDE_RUN_MM), horizontal=False)
    runs = cv2.dilate(runs, np.ones((1, 3), np.uint8))  # a faded side wobbles
    tall_column = runs.sum(axis=0) >= MIN_SIDE_COVER * (bottom - top)
    at_top, at_bottom = _edge_runs(work, crop, top, bottom)
    edges = at_top & at_bottom
    past, gap = work.mm(SIDE_PAST_MM), work.mm(SIDE_CORNER_MM)
    left = [
        int(x)
        for x in np.flatnonzero(tall_column[:middle])[::-1]
        if not edges[max(0, x - past) : max(0, x - gap)].any()
    ]
    right = [
        int(x)
        for x in np.flatnonzero(tall_column[middle:]) + middle
        if not edges[x + gap : x + past].any()
    ]
    if not left and not right:
        return None
    lines = cv2.morphologyEx(
        (at_top | at_bottom).astype(np.uint8)[None], cv2.MORPH_CLOSE, np.ones((1, past), np.uint8)
    )[0]
    x0 = left[0] if left else _line_end(lines, right[0] - gap, step=-1)
    x1 = right[0] if right else _line_end(lines, left[0] + gap, step=1)
    if not work.mm(STAMP_WIDTH_MM[0]) <= x1 - x0 <= work.mm(STAMP_WIDTH_MM[1]):
        return None
    both = bool(left and right)
    if not both and min(at_top[x0:x1].mean(), at_bottom[x0:x1].mean()) < MIN_LINE_COVER:
        return None
    return (x0, top, x1, bottom), both


def _edge_runs(
    work: WorkPage, crop: np.ndarray, top: int, bottom: int
) -> tuple[np.ndarray, np.ndarray]:
    """Columns where long runs fill the top frame line's rows, and the bottom one's."""
    band = work.mm(0.6)
    runs = _runs(crop, work.mm(RUN_MM), horizontal=True)
    at_top = np.asarray(runs[max(0, top - band) : top + band + 1].any(axis=0))
    at_bottom = np.asarray(runs[max(0, bottom - band) : bottom + band + 1].any(axis=0))
    return at_top, at_bottom


def _line_end(lines: np.ndarray, start: int, step: int) -> int:
    """The last column of the frame lines' unbroken stretch from ``start`` going ``step``."""
    x = start
    while 0 <= x + step < len(lines) and lines[x + step]:
        x += step
    return x


def _runs(crop: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """Long straight runs of ink along one axis (a pixel of wobble allowed)."""
    if horizontal:
        thick = cv2.dilate(crop, np.ones((3, 1), np.uint8))
        return cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    thick = cv2.dilate(crop, np.ones((1, 3), np.uint8))
    return cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))


def _rect_stamp(
    work: WorkPage,
    matrix: np.ndarray,
    frame: tuple[int, int, int, int],
    both_sides: bool,
    angle: float,
    crop: np.ndarray,
) -> Stamp | None:
    x0, y0, x1, y1 = frame
    back = cv2.invertAffineTransform(matrix)
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    placed = cv2.transform(corners[None], back)[0]
    # Judged in a window around the frame: most candidates are no stamp, and the page is large.
    pen = work.mm(1.2)
    height, width = work.ink.shape
    wx0, wy0 = (max(0, int(v) - pen - 1) for v in placed.min(axis=0))
    wx1, wy1 = (math.ceil(v) + pen + 2 for v in placed.max(axis=0))
    wx1, wy1 = min(width, wx1), min(height, wy1)
    local = (placed - np.array([wx0, wy0], np.float32)).round().astype(np.int32)
    outline = np.zeros((wy1 - wy0, wx1 - wx0), np.uint8)
    cv2.polylines(outline, [local], True, 1, pen * 2 + 1)
    inside = np.zeros_like(outline)
    cv2.fillPoly(inside, [local], 1)
    ink_here = work.ink[wy0:wy1, wx0:wx1]
    ink = ink_colour(work, ink_here & outline, (wx0, wy0))
    content = ink_here & inside & ~outline
    evidence = _rect_evidence(
        work, ink_here & inside, content, (wx0, wy0), angle, ink, crop, frame, both_sides
    )
    if evidence == 0:
        return None
    xs, ys = placed[:, 0], placed[:, 1]
    box = (int(xs.min()), int(ys.min()), math.ceil(xs.max()), math.ceil(ys.max()))
    centre = (float(xs.mean()), float(ys.mean()))
    glyph_height = _letter_height(work, content, min(work.text_height, (y1 - y0) / 3))
    on_page = np.zeros_like(work.ink)
    on_page[wy0:wy1, wx0:wx1] = outline
    return Stamp(box, min(0.99, 0.55 + evidence), ink, on_page, glyph_height, centre, None)


def _rect_evidence(
    work: WorkPage,
    inside: np.ndarray,
    content: np.ndarray,
    origin: tuple[int, int],
    angle: float,
    ink: str | None,
    crop: np.ndarray,
    frame: tuple[int, int, int, int],
    both_sides: bool,
) -> float:
    """What says a framed block of text is a stamp and not a table cell or a signing box: its
    ink's colour, a tilt, a doubled frame, text the page's words do not account for (more so
    when that ink is letters: a signing box's unread ink is a pen's). Unread ink only counts in
    a frame closed on both sides: between two rules, a signature is unread ink too. ``inside``
    is the ink within the frame, ``content`` the same without the frame, both a window of the
    page from ``origin``. Below :data:`MIN_RECT_EVIDENCE` it is not a stamp."""
    if _ruled_inside(work, crop, frame, content):
        return 0.0
    evidence = 0.0
    if ink not in (None, "black"):
        evidence += 0.3
    if abs(angle) >= 1.5:
        evidence += 0.2
    if abs(angle) >= STEEP_TILT and both_sides:
        evidence += 0.1  # a table's or a form's closed box is as level as its text
    if _doubled(crop, frame, work.mm(2.5)):
        evidence += 0.2
    if both_sides:
        printed = _printed_cover(work, inside.shape, origin)
        if _unread_share(inside, printed) > 0.5:
            evidence += 0.15
        if _unread_glyphs(work, content, printed) >= MIN_GLYPHS:
            evidence += 0.15
    return evidence if evidence >= MIN_RECT_EVIDENCE else 0.0


def _ruled_inside(
    work: WorkPage, crop: np.ndarray, frame: tuple[int, int, int, int], content: np.ndarray
) -> bool:
    """A long rule across the inside (a table, a form): a stamp's frame holds text only. Looked
    for along the frame, and level on the page (``content``, the ink inside the frame but off
    its outline) from side to side: a frame proposed at a slant across a table cuts its level
    rules into dashes (a pen's stroke across a stamp seldom spans it)."""
    x0, y0, x1, y1 = frame
    margin = work.mm(2.5)
    inner = crop[y0 + margin : y1 - margin, x0:x1]
    if inner.size == 0:
        return False
    runs = _runs(inner, work.mm(RUN_MM), horizontal=True).sum(axis=1)
    if (runs >= 0.5 * (x1 - x0)).any():
        return True
    level = _runs(content, work.mm(RUN_MM), horizontal=True)
    return bool((level.sum(axis=1) >= LEVEL_RULE_SPAN * (x1 - x0)).any())


def _doubled(crop: np.ndarray, frame: tuple[int, int, int, int], reach: int) -> bool:
    """A second frame line beside the top or bottom one, as stamps have: two rows the ink
    fills within ``reach`` of the frame line, with a paler row between them."""
    x0, y0, x1, y1 = frame
    rows = crop[:, x0:x1].astype(np.float32).mean(axis=1)
    for line in (y0, y1):
        cover = rows[max(0, line - reach) : line + reach + 1]
        full = np.flatnonzero(cover >= DOUBLE_LINE_COVER)
        if any(
            cover[a : b + 1].min() < DOUBLE_GAP_SHARE * min(cover[a], cover[b])
            for a, b in itertools.pairwise(full)
        ):
            return True
    return False


def _printed_cover(work: WorkPage, shape: tuple[int, ...], origin: tuple[int, int]) -> np.ndarray:
    """The boxes of the page's surely printed words over a window of ``shape`` from ``origin``:
    a stamp's bold first line is often read, but less surely than print (« TOIRES Fr VENCE » at
    0.65–0.87 on a fax), and must not pass for the print of a form's box."""
    covered = np.zeros(shape[:2], np.uint8)
    ox, oy = origin
    for word in work.words:
        if word.printed and word.confidence >= SURE_PRINT:
            x0, y0, x1, y1 = word.box
            covered[max(0, y0 - oy) : max(0, y1 - oy), max(0, x0 - ox) : max(0, x1 - ox)] = 1
    return covered


def _unread_share(ink: np.ndarray, printed: np.ndarray) -> float:
    """Share of the block's ink that no printed word covers (stamp text is not in a text layer
    and reads poorly by OCR)."""
    total = int(np.count_nonzero(ink))
    if total == 0:
        return 0.0
    return 1 - int(np.count_nonzero(ink & printed)) / total


def _unread_glyphs(work: WorkPage, content: np.ndarray, printed: np.ndarray) -> int:
    """How many letter-sized blobs of ``content`` no printed word covers."""
    _, _, stats, centroids = cv2.connectedComponentsWithStats(content, connectivity=8)
    low, high = (work.mm(h) for h in GLYPH_HEIGHT_MM)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    letters = (heights >= low) & (heights <= high) & (widths <= work.mm(GLYPH_WIDTH_MM))
    xs, ys = centroids[1:, 0].astype(int), centroids[1:, 1].astype(int)
    return int(np.count_nonzero(letters & (printed[ys, xs] == 0)))
