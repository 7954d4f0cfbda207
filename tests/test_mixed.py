"""Pages that carry both a text layer and a scan: which words are kept from which."""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from extractor.model import TextSource
from fixtures.pages import PageCanvas, paragraph_page
from tests.reading import TEXT_LINES, read_bytes, scanned_text_page, text_page, word_recall

WIDTH, HEIGHT = A4


def _scan_with_hidden_layer(lines: list[str]) -> bytes:
    """A scanned page (full-page image) with an invisible text layer, as scanners produce."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawImage(ImageReader(scanned_text_page("scan300").image), 0, 0, WIDTH, HEIGHT)
    text = canvas.beginText()
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 11)
    text.setTextOrigin(20 * mm, HEIGHT - 25 * mm)
    text.setLeading(11 * 1.6)
    for line in lines:
        text.textLine(line)
    canvas.drawText(text)
    canvas.save()
    return buffer.getvalue()


def _digital_page_with_pasted_stamp() -> bytes:
    """A digital page whose lower part is a pasted picture holding words of its own."""
    picture = Image.new("RGB", (900, 400), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=44)
    draw.text((40, 60), "CACHET DU LABORATOIRE", fill="black", font=font)
    draw.text((40, 200), "Signature du directeur", fill="black", font=font)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    paragraph_page(TEXT_LINES[:6])(PageCanvas(canvas, 1))
    canvas.drawImage(ImageReader(picture), 20 * mm, 40 * mm, 120 * mm, 53 * mm)
    canvas.save()
    return buffer.getvalue()


def _expected() -> list[str]:
    return [w.text for w in text_page()[1]]


def test_scan_with_a_good_hidden_layer_is_mixed_without_duplicates():
    page = read_bytes("scan.pdf", _scan_with_hidden_layer(TEXT_LINES)).pages[0]
    assert page.source is TextSource.MIXED
    texts = [w.text for w in page.words]
    assert word_recall(_expected(), texts) >= 0.95
    assert Counter(texts)["Attestation"] == 1


def test_scan_whose_hidden_layer_is_gibberish_is_ocred_and_the_gibberish_dropped():
    garbled = ["Sdfwxu Bqfwjn Dpqwnr Tkfqbx Wxzrtv Mnbvcx"] * 10
    page = read_bytes("scan.pdf", _scan_with_hidden_layer(garbled)).pages[0]
    assert page.source is TextSource.OCR
    texts = [w.text for w in page.words]
    assert "Sdfwxu" not in texts
    assert word_recall(_expected(), texts) >= 0.95


def test_words_of_a_pasted_picture_are_ocred_beside_the_text_layer():
    page = read_bytes("stamped.pdf", _digital_page_with_pasted_stamp()).pages[0]
    assert page.source is TextSource.MIXED
    by_text = {w.text: w for w in page.words}
    assert by_text["Attestation"].source is TextSource.TEXT_LAYER
    assert by_text["LABORATOIRE"].source is TextSource.OCR
    assert by_text["directeur"].source is TextSource.OCR
    # OCR added nothing on top of the text layer's own words.
    assert Counter(w.text for w in page.words)["Attestation"] == 1
