"""Map boxes from the prepared image (scaled, turned, deskewed) back to the page as stored."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from extractor.model import BBox


@dataclass
class PageTransform:
    """An affine map from original pixel coordinates to prepared-image pixel coordinates."""

    width: int
    height: int
    matrix: np.ndarray = field(default_factory=lambda: np.eye(3))

    def then(self, step: np.ndarray) -> None:
        """Compose a further 2×3 (or 3×3) step after the current map."""
        full = np.vstack([step, [0.0, 0.0, 1.0]]) if step.shape == (2, 3) else step
        self.matrix = full @ self.matrix

    def to_original(self, box_px: tuple[float, float, float, float]) -> BBox:
        """A prepared-image box (pixels) as a box in fractions of the original page."""
        x0, y0, x1, y1 = box_px
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=float).T
        back = np.linalg.inv(self.matrix) @ corners
        back = back[:2] / back[2]  # a perspective step makes the map projective
        xs = np.clip(back[0] / self.width, 0.0, 1.0)
        ys = np.clip(back[1] / self.height, 0.0, 1.0)
        return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def unwarp(image: np.ndarray, quad: np.ndarray, transform: PageTransform) -> np.ndarray:
    """The sheet whose corners are ``quad`` (top-left, top-right, bottom-right, bottom-left),
    straightened into a rectangle: a phone photo taken at an angle becomes a flat page."""
    tl, tr, br, bl = quad.astype(np.float32)
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    transform.then(matrix)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR)


def scale(image: np.ndarray, factor: float, transform: PageTransform) -> np.ndarray:
    if abs(factor - 1.0) < 1e-3:
        return image
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    out = cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)
    sy, sx = out.shape[0] / image.shape[0], out.shape[1] / image.shape[1]
    transform.then(np.array([[sx, 0, 0], [0, sy, 0]], dtype=float))
    return out


def turn(image: np.ndarray, clockwise: int, transform: PageTransform) -> np.ndarray:
    """Turn by a multiple of 90° clockwise, exactly (no resampling)."""
    h, w = image.shape[:2]
    steps = {
        90: (cv2.ROTATE_90_CLOCKWISE, [[0, -1, h], [1, 0, 0]]),
        180: (cv2.ROTATE_180, [[-1, 0, w], [0, -1, h]]),
        270: (cv2.ROTATE_90_COUNTERCLOCKWISE, [[0, 1, 0], [-1, 0, w]]),
    }
    if clockwise % 360 == 0:
        return image
    code, matrix = steps[clockwise % 360]
    transform.then(np.array(matrix, dtype=float))
    return cv2.rotate(image, code)


def rotate_small(image: np.ndarray, clockwise_deg: float, transform: PageTransform) -> np.ndarray:
    """Rotate by a small angle, growing the canvas so no corner is cut; the border is white."""
    if abs(clockwise_deg) < 0.05:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -clockwise_deg, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = round(h * sin + w * cos), round(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    transform.then(matrix)
    border = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_LINEAR, borderValue=border)
