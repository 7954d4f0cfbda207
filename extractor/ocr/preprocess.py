"""OpenCV measurements and cleaning before Tesseract.

Each function measures one thing on a grey page and returns a number, so the pipeline can decide
(and report) what it did: the text height (to rescale), the text-line angle (to deskew, and to tell
a page turned 90° from an upright one), the unevenness of the lighting and the speckle noise.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

# Tesseract reads best when capital letters are about 30 px high.
TARGET_CAP_HEIGHT = 30.0
# The median height of letter-sized blobs in running text is about 0.85 of the capital height.
_BLOB_TO_CAP = 1 / 0.85
_ANALYSIS_WIDTH = 1000
_MAX_POINTS = 60_000


def to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark-on-light ink as a boolean mask (Otsu threshold)."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary > 0


def sheet_corners(gray: np.ndarray) -> np.ndarray | None:
    """The four corners of a sheet of paper photographed on a darker background (top-left,
    top-right, bottom-right, bottom-left, in pixels), or None for a scan that is all page.

    The sheet's outline is looked for among the edges first (a light desk under uneven light
    defeats a brightness threshold), then as the brightest region; either way the sheet must be
    clearly brighter than what surrounds it, so a framed table on a scan is never taken for one."""
    factor = _ANALYSIS_WIDTH / max(gray.shape[:2])
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    for outline in (_outline_by_edges(small), _outline_by_brightness(small)):
        if outline is not None and _brighter_than_around(small, outline):
            return _clockwise_from_top_left(outline / factor)
    return None


# The sheet covers this share of the photo at least, and leaves some desk in view.
_SHEET_SHARE = (0.2, 0.9)
# How much brighter (grey levels, median) the sheet is than the desk around it.
_SHEET_CONTRAST = 15


def _outline_by_edges(small: np.ndarray) -> np.ndarray | None:
    edges = cv2.dilate(cv2.Canny(small, 20, 60), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    quads = [_quadrilateral(cv2.convexHull(c), small.shape) for c in contours]
    found = [q for q in quads if q is not None]
    return max(found, key=lambda q: cv2.contourArea(q.astype(np.float32))) if found else None


def _outline_by_brightness(small: np.ndarray) -> np.ndarray | None:
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    quad = _quadrilateral(sheet, small.shape)
    return quad if quad is not None and cv2.isContourConvex(quad.astype(np.int32)) else None


def _quadrilateral(contour: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """The contour's four corners if it is a quadrilateral of a sheet's size."""
    share = cv2.contourArea(contour) / (shape[0] * shape[1])
    if not _SHEET_SHARE[0] <= share <= _SHEET_SHARE[1]:
        return None
    corners = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
    return corners.reshape(4, 2).astype(np.float64) if len(corners) == 4 else None


def _brighter_than_around(small: np.ndarray, outline: np.ndarray) -> bool:
    inside = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inside, outline.astype(np.int32), 255)
    contrast = float(np.median(small[inside > 0])) - float(np.median(small[inside == 0]))
    return contrast >= _SHEET_CONTRAST


def sheet_angle(corners: np.ndarray) -> float:
    """The clockwise degrees a photographed sheet lies turned, from its top and bottom edges
    (corners as :func:`sheet_corners` gives them)."""
    tl, tr, br, bl = corners
    top = math.atan2(tr[1] - tl[1], tr[0] - tl[0])
    bottom = math.atan2(br[1] - bl[1], br[0] - bl[0])
    return math.degrees((top + bottom) / 2)


def _clockwise_from_top_left(points: np.ndarray) -> np.ndarray:
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ]
    )


def blob_stats(gray: np.ndarray, quarter_turned: bool = False) -> np.ndarray:
    """Height, width and area of every ink blob, as read upright (one connected-components pass)."""
    mask = ink_mask(gray).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = cv2.CC_STAT_HEIGHT, cv2.CC_STAT_WIDTH
    if quarter_turned:
        height, width = width, height
    return stats[1:, [height, width, cv2.CC_STAT_AREA]]


def cap_height(blobs: np.ndarray) -> float | None:
    """Typical capital-letter height in pixels, from the letter-sized ink blobs; None if no text."""
    heights, widths = blobs[:, 0], blobs[:, 1]
    letters = heights[(heights >= 5) & (heights <= 300) & (widths <= 3 * heights) & (widths >= 2)]
    if letters.size < 20:
        return None
    return float(np.median(letters)) * _BLOB_TO_CAP


def scale_factor(blobs: np.ndarray) -> float:
    """The factor that brings capitals to about 30 px; 1.0 when already close or unknown."""
    height = cap_height(blobs)
    if height is None:
        return 1.0
    factor = TARGET_CAP_HEIGHT / height
    if 0.8 <= factor <= 1.25:
        return 1.0
    return float(np.clip(factor, 0.3, 2.5))


def speckle_ratio(blobs: np.ndarray) -> float:
    """Share of ink blobs that are specks of 1–3 pixels: high on noisy scans and faxes."""
    if blobs.shape[0] == 0:
        return 0.0
    return float(np.count_nonzero(blobs[:, 2] <= 3) / blobs.shape[0])


def _ink_points(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """Coordinates (x, y) of ink pixels on a reduced copy, and the reduction factor."""
    factor = min(1.0, _ANALYSIS_WIDTH / max(gray.shape[:2]))
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(ink_mask(small))
    if xs.size > _MAX_POINTS:
        keep = np.random.default_rng(0).choice(xs.size, _MAX_POINTS, replace=False)
        xs, ys = xs[keep], ys[keep]
    return np.stack([xs, ys]).astype(np.float32), factor


def _line_score(points: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """How sharply ink piles up into lines when projected at each angle (sum of squared bins)."""
    radians = np.deg2rad(degrees)
    xs, ys = points
    scores = np.empty(len(degrees))
    for i, angle in enumerate(radians):
        offsets = ys * np.cos(angle) - xs * np.sin(angle)
        bins = np.bincount((offsets - offsets.min()).astype(np.int32))
        scores[i] = float(np.dot(bins, bins))
    return scores


def text_angle(gray: np.ndarray, max_skew: float = 10.0) -> tuple[int, float, float]:
    """The text lines' direction: (axis, skew, strength).

    ``axis`` is 0 when lines run across the page and 90 when they run down it (a page turned a
    quarter); ``skew`` the clockwise degrees to turn the page by to level the lines; ``strength``
    how much better the best angle is than the other axis (≈1 means no clear text lines).
    """
    points, _ = _ink_points(gray)
    if points.shape[1] < 500:
        return 0, 0.0, 1.0
    coarse = np.arange(-max_skew, max_skew + 0.01, 0.5)
    across = _line_score(points, coarse)
    down = _line_score(points, coarse + 90)
    axis, scores = (0, across) if across.max() >= down.max() else (90, down)
    best = coarse[int(np.argmax(scores))]
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    fine_scores = _line_score(points, fine + axis)
    angle = float(fine[int(np.argmax(fine_scores))])
    strength = float(max(across.max(), down.max()) / max(min(across.max(), down.max()), 1.0))
    return axis, round(-angle, 2), strength


def lighting_unevenness(gray: np.ndarray) -> float:
    """Spread (grey levels) of the page background: 0 for a flat scan, 60+ for a phone photo."""
    size = (256, int(256 * gray.shape[0] / gray.shape[1]))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    background = cv2.dilate(small, np.ones((15, 15), np.uint8))
    background = cv2.GaussianBlur(background, (0, 0), 8)
    low, high = np.percentile(background, [5, 95])
    return float(high - low)


def whiten_paper(gray: np.ndarray) -> np.ndarray:
    """Divide by the estimated background: the paper turns white, the ink keeps its greys.

    A dark band (a coloured letterhead, a table's header row) is turned negative first: its white
    print becomes dark print on light paper. Divided as it is, the band would turn white with its
    print, leaving only its grain, which OCR reads as lines of junk."""
    background = _paper_background(gray)
    dark = background < DARK_BAND * float(np.median(background))
    if dark.any():
        gray = np.where(dark, 255 - gray, gray).astype(np.uint8)
        background = _paper_background(gray)
    return cv2.divide(gray, background, scale=255)


# Paper darker than this share of the page's typical paper is a printed band, not a shadow.
DARK_BAND = 0.4


def _paper_background(gray: np.ndarray) -> np.ndarray:
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    k = _kernel(min(small.shape[:2]))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    return cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)


def _kernel(quarter_side: int) -> int:
    """The paper-background kernel for a page whose quarter-size shorter side is given."""
    return max(5, (quarter_side // 40) | 1)


def flatten_lighting(gray: np.ndarray) -> np.ndarray:
    """Divide by the estimated background so shadows and gradients vanish, then binarise locally."""
    flat = whiten_paper(gray)
    block = max(31, (_kernel(min(gray.shape[:2]) // 4) * 8) | 1)
    return cv2.adaptiveThreshold(
        flat, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 15
    )


def despeckle(gray: np.ndarray) -> np.ndarray:
    """White out ink specks of 1–3 pixels: fax and scanner noise goes, thin strokes stay (a
    median filter would thin the strokes of a 150 dpi page along with the noise)."""
    mask = ink_mask(gray).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= 3)
    specks = specks[specks > 0]
    if specks.size == 0:
        return gray
    cleaned = gray.copy()
    cleaned[np.isin(labels, specks)] = 255
    return cleaned


# Share of a page's pixels that are pure black or pure white, at least, on a black-and-white page:
# a fax image is all of them, a faxed PDF page as PDFium renders it 96–97 %, a grey 200 dpi scan
# 15–20 % (near black and white, but its edges and paper are grey already).
BILEVEL_SHARE = 0.95
# The Gaussian blur (pixels of the page as stored) that rounds a black-and-white page's edges.
BILEVEL_SMOOTHING = 0.5


def is_bilevel(gray: np.ndarray) -> bool:
    """Black and white only: a fax, a bilevel office scan."""
    extremes = np.count_nonzero((gray == 0) | (gray == 255))
    return bool(extremes >= BILEVEL_SHARE * gray.size)


def smooth_bilevel(gray: np.ndarray) -> np.ndarray:
    """Grey edges for a black-and-white page about to be enlarged.

    Enlarged as it is, a 150 dpi fax keeps its staircase edges, only bigger, and Tesseract (trained
    on grey, anti-aliased print) misreads its small print: « 46888572800062 » came out
    « JGRSKS72IXX62 ». A slight blur first gives the enlargement grey edges to interpolate, as a
    grey scan has (measured, docs/decisions.md)."""
    return cv2.GaussianBlur(gray, (0, 0), BILEVEL_SMOOTHING)
