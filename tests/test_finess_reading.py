"""FINESS numbers on the pages the world sends: tables, lists wrapped across lines, labels and
digits OCR half-read. Each page is drawn with reportlab, scanned under a condition (or kept
digital), and read through the whole pipeline."""

from __future__ import annotations

import pytest

from extractor.identifiers import finess
from fixtures.pages import PageCanvas, draw_pdf
from fixtures.scan import CONDITIONS, image_pdf, scan
from tests.reading import read_bytes


def _finess(first_eight: str) -> str:
    return first_eight + finess.calc_check_digit(first_eight)


EJ = _finess("38883613")
SITES = [_finess("38029077"), _finess("38154402"), _finess("38460115")]


def _fields(drawer, condition: str) -> dict[str, list[str]]:
    """The candidates' values of every field on the one drawn page, read as ``condition``."""
    pdf, _ = draw_pdf([drawer])
    if condition != "digital":
        pdf = image_pdf([scan(pdf, 0, CONDITIONS[condition], seed=1).image])
    document = read_bytes("document.pdf", pdf).documents[0]
    return {name: [c.value for c in found] for name, found in document.fields.items()}


def _sites_table(page: PageCanvas) -> None:
    """A declaration's table: the entity's FINESS and each site's side by side, the columns
    close together (the site column starts just past the end of the entity's caption)."""
    page.text(20, 30, "DÉCLARATION DE MAÎTRISE D'OUVRAGE", size=12, font="Helvetica-Bold")
    page.text(20, 45, "Bénéficiaires finaux listés ci-dessous :", size=10)
    page.text(70, 60, "FINESS juridique", size=9, font="Helvetica-Bold")
    page.text(98, 60, "FINESS géographique", size=9, font="Helvetica-Bold")
    page.text(135, 60, "Adresse du site", size=9, font="Helvetica-Bold")
    for row, site in enumerate(SITES):
        y = 67 + row * 8
        page.text(70, y, EJ, size=9)
        page.text(98, y, site, size=9)
        page.text(135, y, f"{12 + row} rue Pasteur, 38000 Grenoble", size=9)


@pytest.mark.parametrize("condition", ["digital", "scan200", "photo"])
def test_a_site_column_just_right_of_the_entity_s_caption_is_the_sites(condition: str):
    fields = _fields(_sites_table, condition)
    assert sorted(fields["finess_eg"]) == sorted(SITES)
    assert fields["finess_ej"][0] == EJ


def _letter_wrapping_the_label(page: PageCanvas) -> None:
    """An attestation's list of sites, one sentence each, wrapped between « FINESS » and
    « géographique » on the first."""
    lines = [
        f"FINESS juridique : {EJ}",
        "atteste que la vérification d'aptitude a été prononcée pour les sites suivants :",
        "— Laboratoire de Saint-Maur-des-Fossés, 29 avenue de la Gare, 94100 Saint-Maur — FINESS",
        f"géographique {SITES[0]}",
        f"— Laboratoire de Créteil, 156 rue Pasteur, Créteil — FINESS géographique {SITES[1]}",
    ]
    for row, line in enumerate(lines):
        page.text(20, 30 + row * 6, line, size=10)


@pytest.mark.parametrize("condition", ["digital", "scan200", "turned180"])
def test_a_label_wrapped_across_two_lines_still_names_the_site(condition: str):
    fields = _fields(_letter_wrapping_the_label, condition)
    assert sorted(fields["finess_eg"]) == sorted(SITES[:2])
    assert fields["finess_ej"][0] == EJ


# Captions as faxes and photos get them read: a letter misread, a speck or a stray letter between
# the words, the « (s) » run into the word.
GARBLED_CAPTIONS = [
    "FINESS géoaraphique :",
    "FINLSS geographique",
    "FINESS ¢ géographique",
    "FINESS g géographique",
    "N° FINESS geographiqueis)",
]


def _site_under_a_garbled_caption(caption: str):
    def draw(page: PageCanvas) -> None:
        page.text(20, 30, "ATTESTATION DE VÉRIFICATION D'APTITUDE", size=12)
        page.text(20, 45, "Laboratoire de Brest — 29200 Brest", size=10)
        page.text(20, 51, f"{caption} {SITES[0]}", size=10)

    return draw


@pytest.mark.parametrize("caption", GARBLED_CAPTIONS)
def test_a_caption_ocr_garbled_still_names_its_finess(caption: str):
    fields = _fields(_site_under_a_garbled_caption(caption), "digital")
    assert fields["finess_eg"] == [SITES[0]]


# A site whose leading 5 OCR read as « § ».
SITE_5 = _finess("59952431")


def _invoice_with_spaced_numbers(page: PageCanvas) -> None:
    """An invoice whose FINESS came out of OCR split after three digits (or with a « § » for a
    5), with SIRET and RCS numbers spaced in groups of three under the same captions' reach."""
    ej, site = EJ[:3] + " " + EJ[3:], SITES[1]
    page.text(110, 30, f"FINESS juridique : {ej}", size=10)
    page.text(110, 36, "SIRET : 837 648 880 00032", size=10)
    page.text(20, 70, "Laboratoire de Grenoble — 38000 Grenoble", size=10)
    page.text(20, 76, f"FINESS géographique : {site[:3]} {site[3:]}", size=10)
    page.text(20, 82, f"N° FINESS géographique(s) : §{SITE_5[1:]}", size=10)
    page.text(20, 200, "Axilab SAS — RCS Grenoble 344 994 652 — APE 6202A", size=8)


@pytest.mark.parametrize("condition", ["digital", "scan300"])
def test_a_finess_split_anywhere_is_read_whole_but_not_a_spaced_siret_or_siren(condition: str):
    fields = _fields(_invoice_with_spaced_numbers, condition)
    assert fields["finess_ej"] == [EJ]
    assert sorted(fields["finess_eg"]) == sorted([SITES[1], SITE_5])


def _form_with_a_caption_beyond_repair(bare: str):
    def draw(page: PageCanvas) -> None:
        page.text(20, 30, "PROCÈS-VERBAL DE VÉRIFICATION D'APTITUDE", size=12)
        page.text(20, 45, "N° FINESS juridique", size=10)
        page.text(70, 45, EJ, size=10)
        page.text(20, 52, "Adresse : 85 bis rue du Docteur Roux, 38000 Grenoble", size=10)
        page.text(20, 59, f"N° FINESS séogr: hits) : {bare}", size=10)

    return draw


@pytest.mark.parametrize(
    ("bare", "sites"), [(SITES[0], [SITES[0]]), (EJ, [])], ids=["a site", "the entity again"]
)
def test_a_number_only_a_bare_finess_caption_names_is_a_site_unless_it_is_the_entity(
    bare: str, sites: list[str]
):
    fields = _fields(_form_with_a_caption_beyond_repair(bare), "digital")
    assert fields.get("finess_eg", []) == sites
    assert fields["finess_ej"][0] == EJ
