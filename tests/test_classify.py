"""Document types from decisive cues, and files holding several documents split by page."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
import pytest

from fixtures.documents import LAYOUTS, draw_document
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
