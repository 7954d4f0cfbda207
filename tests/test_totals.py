"""Totals that add up: HT + VAT = TTC as a check on the amounts read, and the lost decimal
separator it lets us put back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.fields.totals import ht_adds_up, lost_separator, ttc_adds_up
from fixtures.pages import draw_pdf, paragraph_page
from tests.reading import read_bytes


@pytest.mark.parametrize(
    ("ht", "amounts", "adds_up"),
    [
        ("5700.00", {"6840.00"}, True),  # 20 %
        ("1000.00", {"1055.00"}, True),  # 5.5 %
        ("1000.00", {"1085.00"}, True),  # 8.5 % (DOM)
        ("-218.48", {"-262.18"}, True),  # a credit note
        ("5700.00", {"6800.00", "5700.00"}, False),
        ("0.00", {"0.00"}, False),
    ],
)
def test_an_ht_total_adds_up_with_a_ttc_total_at_a_french_rate(ht, amounts, adds_up):
    printed = {Decimal(a) for a in amounts}
    assert ht_adds_up(Decimal(ht), printed) is adds_up


def test_a_ttc_total_adds_up_with_an_ht_total_printed_beside_it():
    assert ttc_adds_up(Decimal("6840.00"), {Decimal("5700.00"), Decimal("1140.00")})
    assert not ttc_adds_up(Decimal("6840.00"), {Decimal("6840.00"), Decimal("12.00")})


@pytest.mark.parametrize(
    ("raw", "value", "restored"),
    [
        ("570000", "570000", "5700.00"),
        ("1854050", "1854050", "18540.50"),
        ("5 700,00", "5700.00", None),
        ("18.500", "18500", None),
        ("40", "40", None),
        ("000", "9999999999999999999999999999.50", None),
    ],
)
def test_a_lost_decimal_separator_is_put_back_only_where_none_is_printed(raw, value, restored):
    found = lost_separator(Decimal(value), raw)
    assert (str(found) if found is not None else None) == restored


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2), st.text(max_size=12))
def test_the_total_checks_never_crash(value, raw):
    amounts = {value, value * 2}
    assert isinstance(ht_adds_up(value, amounts), bool)
    assert isinstance(ttc_adds_up(value, amounts), bool)
    lost_separator(value, raw)


def test_an_ht_total_read_without_its_comma_is_restored_when_the_ttc_confirms_it():
    pdf, _ = draw_pdf(
        [
            paragraph_page(
                [
                    "FACTURE N° FA-2023-0412",
                    "Désignation : licence logiciel de biologie médicale",
                    "Total HT : 570000 €",
                    "TVA 20 % : 1 140,00 €",
                    "Total TTC : 6 840,00 €",
                ]
            )
        ]
    )
    fields = read_bytes("facture.pdf", pdf).documents[0].fields
    best = fields["amount_ht"][0]
    assert (best.value, best.raw, best.note) == ("5700.00", "570000", "séparateur décimal rétabli")
    assert fields["amount_ttc"][0].value == "6840.00"


def test_a_total_that_adds_up_is_surer_than_the_same_total_that_does_not():
    def best_ht(ttc: str) -> float:
        lines = ["FACTURE N° FA-2023-0412", "Total HT : 5 700,00 €", f"Total TTC : {ttc} €"]
        pdf, _ = draw_pdf([paragraph_page(lines)])
        candidate = read_bytes("facture.pdf", pdf).documents[0].fields["amount_ht"][0]
        assert candidate.value == "5700.00"
        return candidate.confidence

    assert best_ht("6 840,00") > best_ht("6 900,00")


@pytest.mark.parametrize(
    ("total_line", "expected"),
    [
        ("Montant HT : (1U) formation", []),  # a fax's « (1 jour) »: a figure a letter follows
        ("Montant HT : 2A bâtiment", []),
        ("Montant HT : 5 700,00EUR", ["5700.00"]),  # a currency glued to it is still an amount
    ],
    ids=["glued-letter", "glued-letters", "glued-currency"],
)
def test_a_figure_a_letter_is_glued_to_is_no_amount(total_line: str, expected: list[str]):
    pdf, _ = draw_pdf([paragraph_page(["FACTURE N° FA-2023-0412", total_line])])
    fields = read_bytes("facture.pdf", pdf).documents[0].fields
    assert [c.value for c in fields.get("amount_ht", [])] == expected
