"""Amounts and dates as French and English documents print them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.fields.amounts import find_amounts, format_amount, parse_amount
from extractor.fields.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18 500,00 €", "18500.00"),
        ("18\u202f500,00\u00a0€", "18500.00"),
        ("18.500,00", "18500.00"),
        ("18500,00 EUR", "18500.00"),
        ("1,810.80", "1810.80"),
        ("2,076.76", "2076.76"),
        ("-1 234,56", "-1234.56"),
        ("1 234,56-", "-1234.56"),
        ("(12,50)", "-12.50"),
        ("18 500 €", "18500.00"),
        ("100.00", "100.00"),
        ("1.234.567,89", "1234567.89"),
        ("12,5 euros", "12.50"),
    ],
)
def test_amounts(text: str, value: str):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "18 50,00", "12/03/2023", "€"])
def test_not_amounts(text: str):
    assert parse_amount(text) is None


def test_amounts_in_a_line_keep_their_spans():
    line = "Total HT Ségur 18 500,00 € TVA 20 % 3 700,00 €"
    found = [(m.value, line[m.start : m.end]) for m in find_amounts(line)]
    assert (Decimal("18500.00"), "18 500,00") in found
    assert (Decimal("3700.00"), "3 700,00") in found


@given(st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False))
def test_french_printing_reads_back(value: Decimal):
    whole, cents = f"{abs(value):,.2f}".split(".")
    printed = ("-" if value < 0 else "") + whole.replace(",", "\u202f") + "," + cents + " €"
    assert parse_amount(printed) == value
    assert format_amount(value) == f"{value:.2f}"


@given(st.text(max_size=60))
def test_amount_parser_never_crashes(text: str):
    parse_amount(text)
    list(find_amounts(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("14/03/2023", date(2023, 3, 14)),
        ("14-03-23", date(2023, 3, 14)),
        ("14.03.2023", date(2023, 3, 14)),
        ("14 mars 2023", date(2023, 3, 14)),
        ("1er janvier 2023", date(2023, 1, 1)),
        ("02 Juillet 2015", date(2015, 7, 2)),
        ("14 août 2023", date(2023, 8, 14)),
        ("2023-03-14", date(2023, 3, 14)),
        ("31 Dec 2018", date(2018, 12, 31)),
        ("March 14, 2023", date(2023, 3, 14)),
        ("27février 2023.", date(2023, 2, 27)),
        ("13avril2023", date(2023, 4, 13)),
    ],
)
def test_dates(text: str, value: date):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    "text", ["31/02/2023", "14/13/2023", "le 14 mars", "2023", "", "15 marseille 2023"]
)
def test_not_dates(text: str):
    assert parse_date(text) is None


def test_several_dates_in_a_line_come_in_order():
    line = "Facture du 14.03.2023, échéance le 13 avril 2023"
    assert [m.value for m in find_dates(line)] == [date(2023, 3, 14), date(2023, 4, 13)]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_printed_dates_read_back(value: date):
    for printed in (value.strftime("%d/%m/%Y"), value.isoformat(), value.strftime("%d-%m-%Y")):
        assert parse_date(printed) == value


@given(st.text(max_size=60))
def test_date_parser_never_crashes(text: str):
    list(find_dates(text))
