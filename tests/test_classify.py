"""Document types from decisive cues, and files holding several documents split by page."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest

from extractor.classify.continuation import continues
from extractor.model import Line, Page, TextSource, Word
from fixtures.documents import LAYOUTS, draw_document
from fixtures.scan import CONDITIONS, image_pdf, scan
from fixtures.values import random_line_values
from tests.reading import read_bytes

KINDS = [(kind, layout) for kind, layouts in LAYOUTS.items() for layout in layouts]


def _pdf(kind: str, layout: str, seed: int = 4) -> bytes:
    values = random_line_values(np.random.default_rng(seed), n_sites=2)
    return draw_document(kind, values, np.random.default_rng(seed), layout=layout).pdf


@pytest.mark.parametrize(("kind", "layout"), KINDS, ids=[f"{k}-{layout}" for k, layout in KINDS])
def test_every_generated_layout_is_typed_as_what_it_is(kind: str, layout: str):
    documents = read_bytes("document.pdf", _pdf(kind, layout)).documents
    assert [d.type for d in documents] == [kind]
    assert documents[0].type_cue is not None


def test_pv_de_verification_d_aptitude_is_a_va_and_names_its_cue():
    document = read_bytes("va.pdf", _pdf("va", "proces_verbal")).documents[0]
    assert document.type == "va"
    assert "aptitude" in document.type_cue.text.lower()


@pytest.mark.parametrize("layout", LAYOUTS["pv_recette"])
def test_pv_de_recette_with_every_identifier_of_a_va_is_not_a_va(layout: str):
    document = read_bytes("pv.pdf", _pdf("pv_recette", layout)).documents[0]
    assert document.type == "pv_recette"
    assert document.fields.get("finess_ej")  # it does carry the VA's identifiers


def test_invoice_and_va_in_one_pdf_are_two_documents():
    merged = pdfium.PdfDocument.new()
    for data in (_pdf("facture", "deux_pages"), _pdf("va", "formulaire")):
        merged.import_pages(pdfium.PdfDocument(data))
    buffer = io.BytesIO()
    merged.save(buffer)
    documents = read_bytes("facture_va.pdf", buffer.getvalue()).documents
    assert [(d.type, d.pages) for d in documents] == [("facture", [1, 2]), ("va", [3])]
    assert "amount_ht" in documents[0].fields and "amount_ht" not in documents[1].fields


def _page(number: int, *lines: str) -> Page:
    return Page(
        number,
        595,
        842,
        TextSource.TEXT_LAYER,
        tuple(
            Line(
                tuple(
                    Word(w, (0.1, 0.05 * i, 0.2, 0.05 * i + 0.02), 1.0, TextSource.TEXT_LAYER)
                    for w in text.split()
                )
            )
            for i, text in enumerate(lines, start=1)
        ),
    )


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (("Total TTC", "Suite au verso — page 1/2"), ("Reste à payer",), True),
        (("Désignation", "Page 1 / 3"), ("Conditions de règlement",), True),
        (("Désignation",), ("Epsilab SARL - Facture 2023/0683 (suite)",), True),
        (("Désignation",), ("Récapitulatif", "page 2/2"), True),
        (("Total TTC", "page 2/2"), ("ATTESTATION DE VÉRIFICATION D'APTITUDE",), False),
        (("Total TTC", "page 2/2"), ("ATTESTATION", "page 1/1"), False),
        (("Total TTC",), ("ATTESTATION",), False),
        (("page 1/2",), ("ATTESTATION", "page 1/1"), False),
    ],
    ids=[
        "verso",
        "page-1-of-3",
        "suite",
        "page-2-of-2",
        "last-page",
        "new-numbering",
        "none",
        "restart",
    ],
)
def test_a_page_tied_to_the_one_before_by_its_numbering_continues_it(
    before: tuple[str, ...], after: tuple[str, ...], expected: bool
):
    assert continues(_page(1, *before), _page(2, *after)) is expected


def test_an_invoice_whose_first_page_lost_its_title_stays_one_invoice():
    """OCR lost the first page's letterhead (title, supplier): the page reads like an order, but
    « page 1/2 » ties the totals page to it."""
    pdf = _pdf("facture", "deux_pages")
    first, second = (scan(pdf, i, CONDITIONS["scan300"], seed=2).image for i in (0, 1))
    blank = first.copy()
    blank.paste(255, (0, 0, blank.width, int(0.2 * blank.height)))
    documents = read_bytes("facture.pdf", image_pdf([blank, second])).documents
    assert [(d.type, d.pages) for d in documents] == [("facture", [1, 2])]
