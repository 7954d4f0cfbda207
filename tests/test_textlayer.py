"""When to trust a PDF's text layer, when to OCR, when to mix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extractor.ingest.pdf import PdfFile, TextLayer, TextLayerWord
from extractor.ingest.textlayer import plan_page, text_quality
from extractor.model import TextSource
from fixtures.scan import CONDITIONS, image_pdf, scan
from tests.reading import text_page

READABLE = (
    "FACTURE N° FA-2023-0412 Date de facture : 14/03/2023 SIRET : 732 829 320 00074 "
    "Déploiement SGL référencé Ségur vague 1 Total HT 18 500,00 € TVA 20 % Total TTC 22 200,00 €"
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Total", "too_little_text"),
        ("ÐÑÒÓÔ ĀĂĄĆĈ ЖЗИЙК ЛМНОП " * 10, "unusual_characters"),
        (
            "Fgxqvrn Wkhp Pqxvsh Bdwv Zfkqvt Klmnpq Wxzrtv Mnbvcx Qwrtpl Zxcvbn Hjklmn " * 3,
            "gibberish",
        ),
        ("Sdfwxu Bqfwjn Dpqwnr Tkfqbx " * 12, "gibberish"),
    ],
    ids=["too-little", "non-latin", "no-vowels", "no-common-word"],
)
def test_text_that_is_not_text_is_refused(text: str, reason: str):
    assert text_quality(text) == (False, reason)


@pytest.mark.parametrize(
    "text",
    [READABLE, "INVOICE Number F20180027 Date 31/12/2018 Total amount 110.00 EUR " * 3],
    ids=["french-invoice", "english-invoice"],
)
def test_real_text_is_trusted(text: str):
    assert text_quality(text) == (True, "readable")


def _layer(text: str, images: tuple[tuple[float, float, float, float], ...] = ()) -> TextLayer:
    words = tuple(
        TextLayerWord(w, (0.1 + 0.01 * i, 0.1, 0.11 + 0.01 * i, 0.12))
        for i, w in enumerate(text.split())
    )
    return TextLayer(words=words, image_boxes=images, text=text)


def test_digital_page_is_read_from_its_text_layer():
    assert plan_page(_layer(READABLE)).source is TextSource.TEXT_LAYER


def test_small_logo_does_not_trigger_ocr():
    assert plan_page(_layer(READABLE, ((0.05, 0.02, 0.2, 0.08),))).source is TextSource.TEXT_LAYER


def test_scan_with_its_own_text_layer_is_mixed():
    plan = plan_page(_layer(READABLE, ((0.0, 0.0, 1.0, 1.0),)))
    assert (plan.source, plan.reason) == (TextSource.MIXED, "scan_with_text_layer")


def test_scan_with_a_gibberish_text_layer_is_ocred():
    plan = plan_page(_layer("Sdfwxu Bqfwjn Dpqwnr Tkfqbx " * 12, ((0.0, 0.0, 1.0, 1.0),)))
    assert (plan.source, plan.reason) == (TextSource.OCR, "gibberish")


def test_large_pasted_image_without_text_is_ocred_too():
    region = (0.5, 0.6, 0.95, 0.9)
    plan = plan_page(_layer(READABLE, (region,)))
    assert (plan.source, plan.ocr_regions) == (TextSource.MIXED, (region,))


def test_glyphs_without_unicode_mapping_are_ocred():
    layer = TextLayer(_layer(READABLE).words, (), READABLE, unmapped_share=0.4)
    assert (plan_page(layer).source, plan_page(layer).reason) == (TextSource.OCR, "unmapped_glyphs")


def test_unparsable_page_is_ocred():
    assert plan_page(None).source is TextSource.OCR


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_a_scanned_pdf_page_tells_its_scan_resolution(dpi: int):
    pdf, _ = text_page()
    image = scan(pdf, 0, replace(CONDITIONS["scan300"], dpi=dpi), seed=1).image
    with PdfFile(image_pdf([image])) as scanned:
        layer = scanned.text_layer(0)
    assert layer is not None and layer.scan is not None
    assert layer.scan.dpi == pytest.approx(dpi, abs=1) and not layer.scan.bilevel


def test_a_faxed_pdf_page_is_a_bilevel_scan():
    pdf, _ = text_page()
    image = scan(pdf, 0, CONDITIONS["fax150"], seed=1).image
    with PdfFile(image_pdf([image])) as faxed:
        layer = faxed.text_layer(0)
    assert layer is not None and layer.scan is not None
    assert layer.scan.bilevel and layer.scan.dpi == pytest.approx(150, abs=1)


def test_a_digital_page_is_no_scan():
    pdf, _ = text_page()
    with PdfFile(pdf) as digital:
        layer = digital.text_layer(0)
    assert layer is not None and layer.scan is None
