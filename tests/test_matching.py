"""Declared values found on a document: whole numbers only, one OCR slip tolerated at a cost,
names by their distinctive words."""

from __future__ import annotations

import pytest

from extractor.model import Document, Line, Page, TextSource, Word
from extractor.rules.context import FoundDocument
from extractor.rules.matching import name_on, seen_on
from extractor.rules.va import _a_person


def _document(*texts: str) -> FoundDocument:
    lines = tuple(
        Line(
            tuple(
                Word(w, (0.1, 0.1 * i, 0.2, 0.1 * i + 0.02), 0.9, TextSource.OCR) for w in t.split()
            )
        )
        for i, t in enumerate(texts, start=1)
    )
    page = Page(1, 595, 842, TextSource.OCR, lines)
    return FoundDocument("f.pdf", Document("va", 0.9, [1], TextSource.OCR), (page,))


@pytest.mark.parametrize(
    ("text", "found", "sure"),
    [
        ("FINESS : 690000880", True, True),
        ("FINESS : 690 000 880", True, True),
        ("FINESS:690000880,", True, True),
        ("FINESS : 69OOOO88O", True, True),  # letters read for digits
        ("SIRET 69000880", True, False),  # one digit dropped by the fax
        ("identDMP : 1690000880", False, False),  # the FINESS inside another identifier
        ("FINESS : 690000881", True, False),  # a misread key: no valid FINESS is one digit off
        ("FINESS : 690000778", False, False),  # another number
    ],
)
def test_a_number_is_seen_whole_or_one_slip_away(text: str, found: bool, sure: bool) -> None:
    sighting = seen_on(_document("Attestation", text), "690000880")
    assert (sighting is not None) is found
    if sighting is not None:
        assert (sighting.confidence > 0.6) is sure


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pour la SELARL Bio Val de Loire", True),
        ("pour la Selarl BIO VAL DE LOIRE, le directeur", True),
        ("Pour la SELARL Bio Val de Lo1re", True),
        ("Pour la SELAS Biolab Auvergne", False),
        ("Biologie médicale", False),
        ("MSSanté : lbm@bio-val-de-loire.mssante.fr", False),
        ("Adresse MSS : Ibm @ bio-val-de-loire.mssante.fr", False),
        ("Adresse de la boîte : laboratoire &bio-val de loire mssante fr", False),
        # A fax read the « @ » as « 2 »: only the domain's end tells the address.
        ("Adresse de la boîte aux lettres laboratoire 2 bio-val de loire mssante fr", False),
        ("SELARL Bio Val de Loire — lbm@bio-val-de-loire.mssante.fr", True),
        ("Laboratoires Bio & Val de Loire SELARL", True),
        ("Site : www.bio-val-de-loire.fr", False),
    ],
)
def test_a_structure_is_named_by_its_distinctive_words(text: str, found: bool) -> None:
    assert (name_on(_document(text), "SELARL Bio Val de Loire") is not None) is found


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("M. Bruno NGUYEN", True),
        ("Dr Claire Martin", True),
        ("MEDILAB", False),
        ("SAS Mlab", False),
    ],
)
def test_a_signatory_person_is_not_a_structure(name: str, person: bool) -> None:
    assert _a_person(name) is person
