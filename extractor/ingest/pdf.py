"""PDF files through PDFium (pypdfium2): the text layer's words and images, and page rendering.

PDFium reads the text layer ten times faster than pdfplumber/pdfminer (``docs/decisions.md``), tells
an encrypted file from a damaged one, and flags glyphs that have no Unicode mapping (the
``(cid:…)`` case). It is not thread-safe: :class:`PdfFile` serialises every call behind one lock.
"""

from __future__ import annotations

import ctypes
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import NamedTuple

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.errors import UnreadableFile
from extractor.geometry import turn_box
from extractor.model import BBox

MAX_PAGES = 500
RENDER_DPI = 300
# A page is rendered at RENDER_DPI unless that would exceed this many pixels (posters, plans).
MAX_RENDER_PIXELS = 60_000_000
# A page whose images cover this share of it, and that holds nothing else, is a scan.
SCAN_COVERAGE = 0.8
# Two glyphs further apart than this share of their height belong to two words (no space drawn).
WORD_GAP = 0.3
_PDFIUM_LOCK = threading.Lock()


@dataclass(frozen=True)
class TextLayerWord:
    text: str
    bbox: BBox


@dataclass(frozen=True)
class ScanImage:
    """What a scanned page is made of: its resolution, and whether it is black and white only
    (a fax's or an office scanner's bilevel image)."""

    dpi: float
    bilevel: bool


@dataclass(frozen=True)
class TextLayer:
    """What a page's text layer holds: its words, the boxes of its images, unmapped glyphs."""

    words: tuple[TextLayerWord, ...]
    image_boxes: tuple[BBox, ...]
    text: str
    unmapped_share: float = 0.0  # glyphs PDFium could not map to Unicode, as a share of all
    scan: ScanImage | None = None  # the page is nothing but images covering it


class PdfFile:
    """An open PDF. Use as a context manager."""

    def __init__(self, data: bytes) -> None:
        self._pdfium = _open_pdfium(data)
        self.page_count = len(self._pdfium)
        if self.page_count > MAX_PAGES:
            self.close()
            raise UnreadableFile("too_many_pages", f"{self.page_count} > {MAX_PAGES}")

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._pdfium.close()

    def page_size(self, index: int) -> tuple[float, float]:
        """Width and height in points, as displayed (the page's /Rotate applied)."""
        with _PDFIUM_LOCK:
            page = self._pdfium[index]
            width, height = page.get_size()
            page.close()
        return float(width), float(height)

    def text_layer(self, index: int) -> TextLayer | None:
        """The page's words and image boxes, or None when PDFium cannot parse the page."""
        with _PDFIUM_LOCK:
            try:
                page = self._pdfium[index]
            except pdfium.PdfiumError:
                return None
            try:
                return _read_text_layer(page)
            except pdfium.PdfiumError:
                return None
            finally:
                page.close()

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
                raise UnreadableFile("corrupt", f"page {index + 1}") from exc
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
        raise UnreadableFile("corrupt", "PDF") from None


@dataclass(frozen=True)
class _DisplayFrame:
    """Maps PDF user-space points (y up, unrotated) to fractions of the page as displayed."""

    left: float
    top: float
    width: float
    height: float
    rotation: int

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> _DisplayFrame:
        x0, y0, x1, y1 = page.get_cropbox()
        return cls(x0, y1, x1 - x0, y1 - y0, page.get_rotation() % 360)

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        u0, u1 = (left - self.left) / self.width, (right - self.left) / self.width
        v0, v1 = (self.top - top) / self.height, (self.top - bottom) / self.height
        x0, y0, x1, y1 = turn_box((u0, v0, u1, v1), self.rotation)
        return (_clamp(x0), _clamp(y0), _clamp(x1), _clamp(y1))


class _Glyph(NamedTuple):  # a tuple: a page holds thousands
    char: str
    left: float
    bottom: float
    right: float
    top: float


def _glyphs(textpage: pdfium.PdfTextPage) -> tuple[list[_Glyph | None], float]:
    """Every character with its loose box (None for spaces and line breaks: PDFium's generated
    characters are only those), and the share of glyphs without a Unicode mapping, estimated on
    every 8th glyph (a page-wide statistic; each call through ctypes costs)."""
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    glyphs: list[_Glyph | None] = []
    sampled = unmapped = 0
    for index in range(textpage.count_chars()):
        char = _printable(get_unicode(raw, index))
        if not char:
            glyphs.append(None)
            continue
        if len(glyphs) % 8 == 0:
            sampled += 1
            unmapped += pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1
        get_box(raw, index, rect_ref)
        glyphs.append(_Glyph(char, rect.left, rect.bottom, rect.right, rect.top))
    return glyphs, unmapped / sampled if sampled else 0.0


def _printable(code: int) -> str:
    """The character as text: ligatures spelt out, PDFium's line-end hyphen (U+0002) as "-",
    and "" for spaces and control characters, which separate words."""
    if code == 0x02:
        return "-"
    # Outside Unicode, or half of a UTF-16 surrogate pair (characters beyond the BMP are rare in
    # invoices and must not reach the text as lone surrogates): the replacement character.
    char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    if 0xFB00 <= code <= 0xFB06:
        return unicodedata.normalize("NFKC", char)
    if char.isspace() or unicodedata.category(char) == "Cc":
        return ""
    return char


def _split_words(glyphs: list[_Glyph | None]) -> Iterator[list[_Glyph]]:
    """Runs of glyphs between spaces, line changes and gaps wider than a space."""
    word: list[_Glyph] = []
    for glyph in glyphs:
        if glyph is None:
            if word:
                yield word
            word = []
            continue
        if word and _starts_new_word(word[-1], glyph):
            yield word
            word = []
        word.append(glyph)
    if word:
        yield word


def _starts_new_word(previous: _Glyph, glyph: _Glyph) -> bool:
    height = max(previous.top - previous.bottom, glyph.top - glyph.bottom, 1e-6)
    same_line = abs((previous.top + previous.bottom) - (glyph.top + glyph.bottom)) / 2 < height / 2
    return not same_line or glyph.left - previous.right > WORD_GAP * height


def _read_text_layer(page: pdfium.PdfPage) -> TextLayer:
    frame = _DisplayFrame.of(page)
    textpage = page.get_textpage()
    try:
        glyphs, unmapped_share = _glyphs(textpage)
    finally:
        textpage.close()
    words = tuple(_word(word, frame) for word in _split_words(glyphs))
    images = tuple(
        frame.box(*obj.get_bounds())
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])
    )
    return TextLayer(
        words=words,
        image_boxes=images,
        text=" ".join(w.text for w in words),
        unmapped_share=unmapped_share,
        scan=_scan_image(page, frame),
    )


def _scan_image(page: pdfium.PdfPage, frame: _DisplayFrame) -> ScanImage | None:
    """The scan a page is made of: None unless the page holds nothing but images and they cover
    most of it (a scanner's or a fax's PDF)."""
    objects = list(page.get_objects(max_depth=1))
    if not objects or any(obj.type != pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in objects):
        return None
    boxes = [frame.box(*obj.get_bounds()) for obj in objects]
    if sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes) < SCAN_COVERAGE:
        return None
    metadata = [obj.get_metadata() for obj in objects]
    dpi = max(min(meta.horizontal_dpi, meta.vertical_dpi) for meta in metadata)
    bilevel = all(meta.bits_per_pixel == 1 for meta in metadata)
    return ScanImage(dpi, bilevel) if dpi > 0 else None


def _word(glyphs: list[_Glyph], frame: _DisplayFrame) -> TextLayerWord:
    chars, lefts, bottoms, rights, tops = zip(*glyphs, strict=True)
    return TextLayerWord(
        "".join(chars), frame.box(min(lefts), min(bottoms), max(rights), max(tops))
    )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))
