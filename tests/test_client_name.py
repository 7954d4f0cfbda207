"""The client's name on drawn pages, read digital and scanned: a laboratory's letterhead with its
FINESS, an uncaptioned client block, and neither a table's header nor the person who signs."""

from __future__ import annotations

import functools

import pytest

from extractor.model import Candidate
from fixtures.pages import PageCanvas
from tests.reading import fields_of_drawn_page

# (x mm, y mm, text, font size)
Line = tuple[float, float, str, float]

# A test report: the laboratory's letterhead, then the patient; no « Client » caption anywhere.
REPORT: tuple[Line, ...] = (
    (20, 20, "SELAS Val-de-Marne Analyses", 14),
    (20, 26, "Laboratoire de biologie médicale – accrédité Cofrac", 9),
    (20, 33, "100 rue de Verdun – 94000 Créteil – Tél. 01 32 86 41 67", 8.5),
    (20, 37.5, "FINESS juridique 942873514", 8.5),
    (20, 50, "Compte rendu d'examens de biologie médicale", 12),
    (20, 58, "Patient : Mme TEST-SÉGUR Claire, née le 04/05/1961", 10),
)
# An invoice whose client block has no caption, and a client's phone over the items' table.
INVOICE: tuple[Line, ...] = (
    (20, 20, "ORDILAB SA", 11),
    (20, 25, "Espace Européen, 17 rue Lamartine, 87350 Panazol", 9),
    (20, 30, "SIRET 50614258700043 APE 5829C", 9),
    (113, 42, "SELAFA ARMOR ANALYSES", 10),
    (113, 47, "29 rue Saint-Martin, 35000 Rennes", 10),
    (113, 52, "FINESS juridique : 356700534", 10),
    (20, 70, "FACTURE N° 2022/2123 DU 14/11/2022", 11),
    (20, 78, "TEL CLIENT : 02 79 59 36 25", 10),
    (22, 88, "REF", 9),
    (44, 88, "DESIGNATION", 9),
    (170, 88, "MONTANT HT", 9),
)
# An attestation: the structure in the identification table, its signatory in the conclusion.
ATTESTATION: tuple[Line, ...] = (
    (20, 30, "Raison sociale", 10),
    (72, 30, "SAS Biolab Garonne", 10),
    (20, 36, "N° FINESS juridique", 10),
    (72, 36, "318178456", 10),
    (
        20,
        50,
        "La vérification d'aptitude est prononcée à la date ci-dessous. Signataire pour le",
        10,
    ),
    (20, 56, "bénéficiaire : Dr Pierre ROUSSEAU, pharmacien biologiste.", 10),
)
CASES = {
    "report-letterhead": (REPORT, "SELAS Val-de-Marne Analyses"),
    "uncaptioned-invoice-client": (INVOICE, "SELAFA ARMOR ANALYSES"),
    "attestation-not-its-signatory": (ATTESTATION, "SAS Biolab Garonne"),
}


@functools.cache
def _fields(case: str, condition: str) -> dict[str, list[Candidate]]:
    lines, _ = CASES[case]

    def draw(page: PageCanvas) -> None:
        for x, y, text, size in lines:
            page.text(x, y, text, size=size)

    return fields_of_drawn_page(draw, condition)


@pytest.mark.parametrize("condition", ["digital", "scan300"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_client_is_the_structure_not_a_caption_or_a_person(case: str, condition: str):
    candidates = _fields(case, condition).get("client_name", [])
    _, expected = CASES[case]
    assert candidates and candidates[0].value == expected
