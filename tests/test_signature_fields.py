"""The signature's date and signatory on drawn pages, read digital and scanned: the date of the
dateline or of the signature block, not another date of the page; the name under « Nom : »."""

from __future__ import annotations

import functools

import pytest

from extractor.model import Candidate
from fixtures.pages import PageCanvas
from tests.reading import fields_of_drawn_page

# Lines placed as (x mm, y mm, text): an attestation's closing paragraph and dateline, with the
# dates of the verification itself written before the signature's.
ATTESTATION = (
    (20, 30, "Le 31/10/2022, l'éditeur Sigmalis SAS et le bénéficiaire désigné ci-dessous ont"),
    (20, 36, "procédé contradictoirement à la vérification d'aptitude de la solution."),
    (20, 46, "Je soussigné(e) Dr Pierre ROUSSEAU atteste que la vérification a été réalisée"),
    (20, 52, "avec succès le 02/11/2022 et que les scénarios cochés sont opérationnels."),
    (20, 64, "Fait à Toulouse, le 06/11/2022"),
    (110, 64, "Signature et cachet du bénéficiaire"),
    (110, 70, "Dr Pierre ROUSSEAU"),
)
# An order form's signature block: the captions in one column, the signature box in the other.
ORDER_FORM = (
    (20, 30, "Commande passée le 10/10/2022 auprès de l'éditeur, livraison sous 30 jours."),
    (20, 50, "Bon pour accord"),
    (110, 50, "Signature et cachet du client"),
    (20, 57, "Nom : Mme Isabelle SIMON"),
    (20, 63, "Qualité : présidente"),
    (20, 69, "Date : 14/10/2022"),
)
CASES = {
    "attestation": (
        ATTESTATION,
        {"signature_date": "2022-11-06", "signatory_name": "Pierre Rousseau"},
    ),
    "order-form": (
        ORDER_FORM,
        {"signature_date": "2022-10-14", "signatory_name": "Isabelle Simon"},
    ),
}


@functools.cache
def _fields(case: str, condition: str) -> dict[str, list[Candidate]]:
    lines, _ = CASES[case]

    def draw(page: PageCanvas) -> None:
        for x, y, text in lines:
            page.text(x, y, text, size=10)

    return fields_of_drawn_page(draw, condition)


@pytest.mark.parametrize("condition", ["digital", "scan300"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_signature_date_and_signatory_are_the_signature_blocks(case: str, condition: str):
    fields = _fields(case, condition)
    _, expected = CASES[case]
    found = {name: fields[name][0].value if fields.get(name) else None for name in expected}
    assert found == expected
