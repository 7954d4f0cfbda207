"""Box arithmetic shared by the stages. Boxes are (x0, y0, x1, y1) fractions, origin top-left."""

from __future__ import annotations

from extractor.model import BBox


def turn_box(box: BBox, clockwise: int) -> BBox:
    """The same box once the page is turned ``clockwise`` degrees (a multiple of 90)."""
    x0, y0, x1, y1 = box
    turn = clockwise % 360
    if turn == 90:
        return (1 - y1, x0, 1 - y0, x1)
    if turn == 180:
        return (1 - x1, 1 - y1, 1 - x0, 1 - y0)
    if turn == 270:
        return (y0, 1 - x1, y1, 1 - x0)
    return box


def overlap_share(a: BBox, b: BBox) -> float:
    """Intersection area over the smaller box's area."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller if smaller > 0 else 0.0


def centre_inside(box: BBox, region: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]
