"""References on drawn pages, read digital and scanned: the invoice number under the invoice's
title, and no invoice number under another document's title; the ASP number's corridor code."""

from __future__ import annotations

import functools

import pytest

from extractor.model import Candidate
from fixtures.pages import PageCanvas
from tests.reading import fields_of_drawn_page

# (x mm, y mm, text, font size, alignment), as a letterhead lays them out.
Line = tuple[float, float, str, float, str]


def _heading(title: str, number: str) -> tuple[Line, ...]:
    """A letterhead: the document's title and number at the top right, the supplier under them
    at the left."""
    return (
        (190, 22, title, 20, "right"),
        (190, 30, f"N° {number}", 11, "right"),
        (190, 37, "Date : 04/06/2023", 10, "right"),
        (20, 45, "Inovalab SA", 14, "left"),
        (20, 52, "48 place de la Liberté, 75012 Paris", 10, "left"),
        (20, 65, "N° client : 199209557", 10, "left"),
        (20, 71, "Votre commande : BC-2022-0317 du 03/10/2022", 10, "left"),
        (20, 77, "Merci de rappeler le numéro de facture avec votre règlement.", 10, "left"),
    )


# An ASP file number, which a fax reads « 2022-B10-948009 ».
ASP_NUMBER: tuple[Line, ...] = (
    (20, 60, "Dossier ASP n° : 2022-BIO-948009", 10, "left"),
    (20, 66, "N° éditeur : ED-BIO-1032", 10, "left"),
)
CASES = {
    "asp-number": (ASP_NUMBER, {"numero_asp": "2022-BIO-948009"}),
    "invoice-number-under-title": (_heading("FACTURE", "F2300241"), {"invoice_number": "F2300241"}),
    "slash-number-under-title": (_heading("FACTURE", "2023/0598"), {"invoice_number": "2023/0598"}),
    "order-form-number": (_heading("BON DE COMMANDE", "BC-2022-0064"), {"invoice_number": None}),
}


@functools.cache
def _fields(case: str, condition: str) -> dict[str, list[Candidate]]:
    lines, _ = CASES[case]

    def draw(page: PageCanvas) -> None:
        for x, y, text, size, align in lines:
            page.text(x, y, text, size=size, align=align)

    return fields_of_drawn_page(draw, condition)


@pytest.mark.parametrize("condition", ["digital", "fax150"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_references_are_read_from_their_caption(case: str, condition: str):
    fields = _fields(case, condition)
    _, expected = CASES[case]
    found = {name: fields[name][0].value if fields.get(name) else None for name in expected}
    assert found == expected
