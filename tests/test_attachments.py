"""Attachments go to the lines whose numeroEditeur their name carries, or that declare them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from extractor.deposit.attachments import base_name, match_attachments, names_editeur
from extractor.deposit.model import Beneficiaries, DeclaredScenario, Piece, SoldeLine
from extractor.model import FileResult


@pytest.mark.parametrize(
    ("name", "editeur", "named"),
    [
        ("pieces.zip!ED-LAB-0193_facture.pdf", "ED-LAB-0193", True),
        ("ed_lab_0193 facture.PDF", "ED-LAB-0193", True),
        ("EDLAB0193-VA.jpeg", "ED-LAB-0193", True),
        ("VA signée (ED-LAB-0193).pdf", "ED-LAB-0193", True),
        ("ED-LAB-01934_facture.pdf", "ED-LAB-0193", False),
        ("ED-LAB-019_facture.pdf", "ED-LAB-0193", False),
        ("XED-LAB-0193.pdf", "ED-LAB-0193", False),
        ("pieces.zip!ED-LAB-0193/scan.pdf", "ED-LAB-0193", True),
        ("pieces.zip!lot ED-LAB-0193/scan.pdf", "ED-LAB-0193", True),
        ("scan_0193.pdf", "ED-LAB-0193", False),
        ("facture.pdf", "", False),
    ],
)
def test_a_name_carries_the_numero_editeur_as_a_whole(name: str, editeur: str, named: bool) -> None:
    assert names_editeur(name, editeur) is named


def test_base_name_drops_the_archive_and_folders() -> None:
    assert base_name("pieces.zip!lot 1/ED-1_VA.pdf") == "ED-1_VA.pdf"


def _line(index: int, editeur: str, pieces: tuple[str, ...] = ()) -> SoldeLine:
    return SoldeLine(
        index=index,
        num_ligne=index + 1,
        numero_asp=f"2022-BIO-00000{index}",
        numero_editeur=editeur,
        invoice_number="F1",
        invoice_date=datetime.date(2023, 3, 14),
        amount_ht=Decimal("100.00"),
        beneficiaries=Beneficiaries(False, None, "Lab", "690041124", ("690000880",)),
        scenario=DeclaredScenario(False, None, False, None, False, None, None),
        pieces=tuple(Piece(name, "PDF", "FACTURE") for name in pieces),
    )


def test_files_go_to_their_lines_and_the_rest_is_unmatched() -> None:
    lines = [_line(0, "ED-1", ("facture_mars.pdf",)), _line(1, "ED-12")]
    files = [
        FileResult(name, "")
        for name in (
            "pieces.zip!ED-1_VA.pdf",
            "pieces.zip!facture_mars.pdf",
            "pieces.zip!ED-12_VA.pdf",
            "pieces.zip!Document1.pdf",
        )
    ]
    matching = match_attachments(lines, files)
    assert [f.file for f in matching.lines[0].files] == [
        "pieces.zip!ED-1_VA.pdf",
        "pieces.zip!facture_mars.pdf",
    ]
    assert [f.file for f in matching.lines[1].files] == ["pieces.zip!ED-12_VA.pdf"]
    assert [f.file for f in matching.unmatched] == ["pieces.zip!Document1.pdf"]


def test_a_declared_piece_missing_from_the_attachments_is_listed() -> None:
    lines = [_line(0, "ED-1", ("ED-1_facture.pdf", "ED-1_VA.pdf"))]
    matching = match_attachments(lines, [FileResult("pieces.zip!ED-1_facture.pdf", "")])
    assert matching.lines[0].missing_pieces == ["ED-1_VA.pdf"]
