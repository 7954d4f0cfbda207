"""PDF files: the text layer through pdfplumber, pages rendered through pypdfium2.

pypdfium2 opens the file first: it is fast, tells an encrypted file from a damaged one, and counts
pages. pdfplumber then reads each page's words and image boxes. PDFium is not thread-safe, so
:class:`PdfFile` serialises rendering behind a lock.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium

from extractor.errors import UnreadableFile
from extractor.model import BBox

MAX_PAGES = 500
RENDER_DPI = 300
# A page is rendered at RENDER_DPI unless that would exceed this many pixels (posters, plans).
MAX_RENDER_PIXELS = 60_000_000
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class TextLayerWord:
    text: str
    bbox: BBox


@dataclass(frozen=True)
class TextLayer:
    """What a page's text layer holds: its words and the boxes of the images drawn on it."""

    words: tuple[TextLayerWord, ...]
    image_boxes: tuple[BBox, ...]
    text: str


class PdfFile:
    """An open PDF. Use as a context manager."""

    def __init__(self, data: bytes) -> None:
        self._pdfium = _open_pdfium(data)
        self.page_count = len(self._pdfium)
        if self.page_count > MAX_PAGES:
            self._pdfium.close()
            raise UnreadableFile("too_many_pages", f"{self.page_count} > {MAX_PAGES}")
        self._data = data
        self._plumber: Any = None

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._pdfium.close()
        if self._plumber is not None:
            self._plumber.close()

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height in points, as displayed (the page's /Rotate applied)."""
        with _PDFIUM_LOCK:
            page = self._pdfium[index]
            width, height = page.get_size()
            page.close()
        return float(width), float(height)

    def text_layer(self, index: int) -> TextLayer | None:
        """The page's words and image boxes, or None when pdfplumber cannot parse the page."""
        try:
            if self._plumber is None:
                self._plumber = pdfplumber.open(io.BytesIO(self._data))
            page = self._plumber.pages[index]
            layer = _read_text_layer(page)
            page.close()  # drop pdfplumber's per-page caches: long PDFs stay small in memory
            return layer
        except Exception:  # any parser failure means "no usable text layer": OCR it
            return None

    def render(self, index: int, dpi: int = RENDER_DPI) -> np.ndarray:
        """The page as an RGB array, at ``dpi`` or less for very large pages."""
        width, height = self.page_size(index)
        scale = dpi / 72
        pixels = width * scale * height * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        with _PDFIUM_LOCK:
            page = self._pdfium[index]
            try:
                bitmap = page.render(scale=scale, may_draw_forms=True, rev_byteorder=True)
                array = bitmap.to_numpy().copy()
            except pdfium.PdfiumError as exc:
                raise UnreadableFile("corrupt", f"page {index + 1} : {exc}") from None
            finally:
                page.close()
        return np.ascontiguousarray(array[:, :, :3])


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        with _PDFIUM_LOCK:
            return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFile("encrypted") from None
        raise UnreadableFile("corrupt", "PDF illisible") from None


def _read_text_layer(page: Any) -> TextLayer:
    """Words and image boxes as fractions of the displayed page (pdfplumber applies /Rotate)."""
    width, height = float(page.width), float(page.height)
    words = tuple(
        TextLayerWord(
            text=w["text"],
            bbox=(
                _clamp(w["x0"] / width),
                _clamp(w["top"] / height),
                _clamp(w["x1"] / width),
                _clamp(w["bottom"] / height),
            ),
        )
        for w in page.extract_words(x_tolerance=1.5, y_tolerance=2)
        if w["text"].strip()
    )
    images = tuple(
        (
            _clamp(img["x0"] / width),
            _clamp(img["top"] / height),
            _clamp(img["x1"] / width),
            _clamp(img["bottom"] / height),
        )
        for img in page.images
    )
    return TextLayer(words=words, image_boxes=images, text=" ".join(w.text for w in words))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))
