"""OCR-aware repair: accepted only when the checksum confirms it and the repair is unique."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.fr import siret

from extractor.fields.repair import person_name, read_asp_number, read_identifier, read_reference
from extractor.identifiers import finess


@pytest.mark.parametrize(
    ("raw", "value", "repairs"),
    [
        ("732 829 320 00074", "73282932000074", 0),
        ("732.829.320.00074", "73282932000074", 0),
        ("732 829 32O 00074", "73282932000074", 1),
        ("7B2 829 320 0OO74", "78282932000074", 3),
    ],
    ids=["spaces", "dots", "letter-O", "three-letters"],
)
def test_letters_read_for_digits_are_turned_back(raw: str, value: str, repairs: int):
    reading = read_identifier(raw, 14, siret.is_valid)
    assert reading is not None
    assert (reading.value, reading.repairs) == (value, repairs)
    assert reading.checksum is siret.is_valid(value)


def test_one_unique_digit_confusion_is_repaired():
    # 690000880 read with one 8 as a 3: only one likely confusion makes the key right again.
    reading = read_identifier("690000380", 9, finess.is_valid)
    assert reading is not None
    assert (reading.value, reading.repairs, reading.checksum) == ("690000880", 1, True)


def test_what_is_printed_is_kept_when_no_repair_validates():
    reading = read_identifier("732 829 320 00079", 14, siret.is_valid)
    assert reading is not None
    assert (reading.value, reading.checksum) == ("73282932000079", False)


@pytest.mark.parametrize("raw", ["hello", "123", "12345678901234567", "73282932O0OO7X"])
def test_not_an_identifier(raw: str):
    assert read_identifier(raw, 14, siret.is_valid) is None


@given(st.text(alphabet="0123456789OIlSBZG .-", max_size=20))
def test_repair_never_crashes(raw: str):
    reading = read_identifier(raw, 9, finess.is_valid)
    assert reading is None or len(reading.value) == 9


@pytest.mark.parametrize(
    ("raw", "value", "changed"),
    [
        ("2022-BI0-004512", "2022-BIO-004512", 1),
        ("2O22-BIO-OO4512", "2022-BIO-004512", 3),
        ("ED-LAB-0193", "ED-LAB-0193", 0),
        ("INV2023", "INV2023", 0),
        ("FA-2023-0412", "FA-2023-0412", 0),
        ("ED-LAB-6748.", "ED-LAB-6748", 0),
        ("2022-BlO-348724", "2022-BIO-348724", 1),
        ("ED-Bi0-2224", "ED-BIO-2224", 2),
        ("Ref-2023-12", "Ref-2023-12", 0),
    ],
)
def test_reference_segments_are_made_uniform(raw: str, value: str, changed: int):
    assert read_reference(raw) == (value, changed)


@pytest.mark.parametrize(
    ("raw", "value", "changed"),
    [
        ("2022-B10-004512", "2022-BIO-004512", 2),
        ("2022-810-004512", "2022-BIO-004512", 1),
        ("2022-BIO-004512", "2022-BIO-004512", 0),
        ("2022-BI10-004512", "2022-BI10-004512", 0),
        ("2022-123-004512", "2022-123-004512", 0),
    ],
)
def test_an_asp_numbers_corridor_code_is_letters(raw: str, value: str, changed: int):
    assert read_asp_number(raw) == (value, changed)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Dr Claire MARTIN", "Claire Martin"),
        ("M. JEAN-PIERRE LEGRAND", "Jean-Pierre Legrand"),
        ("Mme Delphine Faure", "Delphine Faure"),
    ],
)
def test_signatory_names_are_written_as_the_json_writes_them(raw: str, name: str):
    assert person_name(raw) == (name, 0)
