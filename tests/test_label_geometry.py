"""Where a label stands from its value: the layouts real documents use, drawn on a text-layer page
(the geometry is the same once OCR has read a scan)."""

from __future__ import annotations

import pytest

from fixtures.pages import draw_pdf, paragraph_page
from tests.reading import read_bytes

INTRO = "Je soussignée, biologiste responsable, atteste que la vérification d'aptitude a été"
SITES = "prononcée le 2 juillet 2023 pour les sites suivants :"


def _fields(lines: list[str]) -> dict[str, list[str]]:
    pdf, _ = draw_pdf([paragraph_page(["ATTESTATION DE VÉRIFICATION D'APTITUDE", *lines])])
    document = read_bytes("va.pdf", pdf).documents[0]
    return {name: [c.value for c in found] for name, found in document.fields.items()}


@pytest.mark.parametrize(
    "site_lines",
    [
        [
            "– Laboratoire de Joué-lès-Tours, 148 avenue de Gaulle – FINESS géographique",
            "373874882",
        ],
        [
            "– Laboratoire de Joué-lès-Tours, 148 avenue de Gaulle, FINESS géographique :",
            "373874882",
        ],
    ],
    ids=["dash", "colon"],
)
def test_a_finess_the_text_wraps_to_the_next_line_is_its_label_s(site_lines: list[str]):
    fields = _fields(["FINESS juridique : 375302379", INTRO, SITES, *site_lines])
    assert fields["finess_eg"] == ["373874882"]
    assert fields["finess_ej"] == ["375302379"]


def test_a_number_starting_a_line_after_an_unrelated_sentence_is_not_wrapped_to_a_label():
    fields = _fields(
        [
            "FINESS juridique : 375302379",
            "Les sites sont listés en annexe, avec leur FINESS géographique",
            "",
            "",
            "373874882 est le numéro de téléphone du standard.",
        ]
    )
    assert "373874882" not in fields.get("finess_eg", [])


def test_the_structure_a_signatory_acts_for_is_the_attestation_s_client():
    sentence = (
        "Je soussigné Dr Mathieu NICOLAS, biologiste responsable de la société "
        "SELAS LBM Atlantique, atteste que"
    )
    assert _fields([sentence, SITES])["client_name"][0] == "SELAS LBM Atlantique"


def test_a_billed_client_outranks_a_structure_named_in_a_sentence():
    fields = _fields(
        [
            "Facturé à : SELARL Bio Val de Loire",
            "Prestation réalisée pour le compte de SAS Biopôle Touraine, site de Tours.",
        ]
    )
    assert fields["client_name"][0] == "SELARL Bio Val de Loire"


def test_a_form_s_supplier_block_under_the_client_s_holds_the_supplier_siret():
    fields = _fields(
        [
            "1. Maître d'ouvrage",
            "Raison sociale : SELAFA Biopôle Alsace",
            "N° FINESS juridique : 679060434",
            "2. Titulaire du marché",
            "Éditeur : Cirrus Médical SA",
            "SIRET : 865 579 593 00027",
        ]
    )
    assert fields["supplier_siret"] == ["86557959300027"]
    assert "client_siret" not in fields
