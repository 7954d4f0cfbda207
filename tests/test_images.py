"""Image files: multi-page TIFF, EXIF orientation, transparency, JPEG; pages stay in order."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from extractor.model import TextSource
from extractor.ocr.page import ocr_page
from fixtures.pages import draw_pdf, paragraph_page
from fixtures.scan import CONDITIONS, scan
from tests.reading import read_bytes, word_recall

FIRST = ["Premier feuillet de la facture FA-2023-0412", "Montant hors taxes 18 500,00 euros"]
SECOND = ["Second feuillet : attestation de vérification", "Signature du biologiste responsable"]


def _page_image(lines: list[str], condition: str = "scan300") -> Image.Image:
    pdf, _ = draw_pdf([paragraph_page(lines, size=14)])
    return scan(pdf, 0, CONDITIONS[condition]).image


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _words(lines: list[str]) -> list[str]:
    return " ".join(lines).split()


def test_multipage_tiff_gives_one_page_per_frame_in_order():
    first, second = _page_image(FIRST), _page_image(SECOND)
    data = _save(first, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    result = read_bytes("scan.tiff", data, jobs=2)
    assert [p.number for p in result.pages] == [1, 2]
    assert word_recall(_words(FIRST), [w.text for w in result.pages[0].words]) >= 0.9
    assert word_recall(_words(SECOND), [w.text for w in result.pages[1].words]) >= 0.9
    assert result.documents[0].pages == [1, 2]


def test_exif_orientation_is_applied_before_reading():
    upside_down = _page_image(FIRST).rotate(180)
    exif = Image.Exif()
    exif[0x0112] = 3  # the camera says: turn 180° to display
    data = _save(upside_down.convert("RGB"), "JPEG", exif=exif.tobytes(), quality=90)
    page = read_bytes("photo.jpg", data).pages[0]
    assert page.rotation == 0  # upright as displayed, so nothing left to turn
    assert word_recall(_words(FIRST), [w.text for w in page.words]) >= 0.9


def test_transparent_png_is_read_on_white():
    image = _page_image(FIRST).convert("L")
    rgba = Image.new("RGBA", image.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(image, lambda v: 255 - v))  # black ink, transparent paper
    page = read_bytes("transparent.png", _save(rgba, "PNG")).pages[0]
    assert word_recall(_words(FIRST), [w.text for w in page.words]) >= 0.9


@pytest.mark.parametrize("mode", ["L", "1"], ids=["grey", "bilevel"])
def test_grey_and_bilevel_images(mode: str):
    page = read_bytes("scan.png", _save(_page_image(SECOND).convert(mode), "PNG")).pages[0]
    assert page.source is TextSource.OCR
    assert word_recall(_words(SECOND), [w.text for w in page.words]) >= 0.9


def test_low_resolution_image_is_rescaled_for_tesseract():
    """A 100 dpi image (capitals ~10 px high) is read once enlarged."""
    small = _page_image(FIRST, "scan300").resize((827, 1170), Image.Resampling.LANCZOS)
    assert any(step.startswith("scale:") for step in ocr_page(np.asarray(small)).steps)
    page = read_bytes("small.png", _save(small, "PNG")).pages[0]
    assert page.width == 827
    assert word_recall(_words(FIRST), [w.text for w in page.words]) >= 0.9


@pytest.mark.parametrize(
    ("size", "colour"),
    [((1, 1), 255), ((10, 4000), 0), ((1240, 1754), 0), ((1240, 1754), 255)],
    ids=["one-pixel", "thin-strip", "all-black", "blank"],
)
def test_pages_without_text_give_no_words_and_no_turn(size: tuple[int, int], colour: int):
    page = read_bytes("odd.png", _save(Image.new("L", size, colour), "PNG")).pages[0]
    assert page.error is None
    assert (page.rotation, page.skew) == (0, 0.0)
    assert not [w for w in page.words if sum(c.isalnum() for c in w.text) >= 3]
