"""Box arithmetic shared by the stages. Boxes are (x0, y0, x1, y1) fractions, origin top-left."""

from __future__ import annotations

import math

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


def reading_box(box: BBox, rotation: int, skew: float, aspect: float) -> BBox:
    """A stored-page box on the page as read: turned by ``rotation`` and levelled by ``skew``
    (both clockwise degrees). ``aspect`` is the stored page's height ÷ width. Levelling moves the
    box's centre and keeps its size, which is all the "same row" and "below" tests need."""
    turned = turn_box(box, rotation)
    if not skew:
        return turned
    ratio = aspect if rotation % 180 == 0 else 1 / aspect  # height ÷ width once turned
    theta = math.radians(skew)
    cx, cy = (turned[0] + turned[2]) / 2 - 0.5, ((turned[1] + turned[3]) / 2 - 0.5) * ratio
    x = cx * math.cos(theta) - cy * math.sin(theta) + 0.5
    y = (cx * math.sin(theta) + cy * math.cos(theta)) / ratio + 0.5
    half_w, half_h = (turned[2] - turned[0]) / 2, (turned[3] - turned[1]) / 2
    return (x - half_w, y - half_h, x + half_w, y + half_h)


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
