"""The invoice-date rule on drawn invoices: a labelled date that differs is a mismatch to look
at; dates no label names are no invoice date at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.deposit.model import load_solde
from extractor.rules.context import LineContext
from extractor.rules.invoice import facture_date
from fixtures.pages import draw_pdf, paragraph_page
from tests.reading import read_bytes

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample" / "dep-0002" / "solde.json"


def _codes(date_line: str) -> list[str]:
    line = load_solde(SAMPLE).lines[0]  # declares an invoice of 2023-07-03
    lines = ["FACTURE", f"Facture n° {line.invoice_number}", date_line, "Total HT : 1 000,00 €"]
    pdf, _ = draw_pdf([paragraph_page(lines)])
    context = LineContext(line, "SGL", None, files=[read_bytes("facture.pdf", pdf)])
    return [f.code for f in facture_date(context)]


@pytest.mark.parametrize(
    ("date_line", "codes"),
    [
        ("Date de facture : 03/07/2023", []),
        ("Date de facture : 05/07/2023", ["FACTURE_DATE_MISMATCH"]),
        ("Lyon, le 03/07/2023", []),
        ("Lyon, le 05/07/2023", ["FACTURE_DATE_MISSING"]),
        ("Conditions : paiement à réception.", ["FACTURE_DATE_MISSING"]),
    ],
    ids=["labelled-same", "labelled-other", "bare-same", "bare-other", "none"],
)
def test_only_a_labelled_date_can_contradict_the_declared_one(date_line: str, codes: list[str]):
    assert _codes(date_line) == codes
