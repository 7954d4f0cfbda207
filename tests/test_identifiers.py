"""Identifier modules: FINESS, identDMP, MSSanté addresses; SIRET/SIREN through python-stdnum."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from extractor.identifiers import finess, identdmp, mss, siret


@pytest.mark.parametrize(
    "number", ["690000880", "690028097", "690041124", "69 000 088 0", "690-000-880"]
)
def test_valid_finess_numbers(number: str):
    assert finess.validate(number) == finess.compact(number)
    assert finess.is_valid(number)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("690000881", InvalidChecksum),
        ("69000088", InvalidLength),
        ("6900008800", InvalidLength),
        ("69O000880", InvalidFormat),
        ("000000000", InvalidComponent),
        ("990000006", InvalidComponent),
    ],
    ids=["bad-key", "short", "long", "letter-O", "department-00", "department-99"],
)
def test_invalid_finess_numbers_say_why(number: str, error: type[ValidationError]):
    with pytest.raises(error):
        finess.validate(number)
    assert not finess.is_valid(number)


def test_corsican_finess_is_accepted_with_its_substituted_key():
    number = "2A000001" + finess.calc_check_digit("2A000001")
    assert finess.is_valid(number) and finess.is_corsican(number)
    assert luhn.is_valid("21000001" + number[-1])
    assert not finess.is_corsican("690000880")


@pytest.mark.parametrize("number", ["971000015", "974000018"])
def test_overseas_finess(number: str):
    assert finess.is_valid(finess.compact(number)[:8] + finess.calc_check_digit(number[:8]))


@given(st.text(max_size=30))
def test_finess_never_crashes_on_any_text(text: str):
    assert finess.is_valid(text) in (True, False)


def test_identdmp_is_one_plus_the_finess_geographique():
    assert identdmp.for_finess("690000880") == "1690000880"
    assert identdmp.validate("1 690000880") == "1690000880"
    assert identdmp.validate("2732829320") == "2732829320"
    assert identdmp.validate("373282932000074") == "373282932000074"


@pytest.mark.parametrize(
    ("number", "error"),
    [("690000880", InvalidComponent), ("1690000881", InvalidChecksum), ("", InvalidFormat)],
    ids=["no-prefix", "bad-finess", "empty"],
)
def test_invalid_identdmp(number: str, error: type[ValidationError]):
    with pytest.raises(error):
        identdmp.validate(number)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("biologie@rhone-analyses.mssante.fr", "pro"),
        (" Dr.Martin@Labo-Lyon.MSSANTE.fr", "pro"),
        ("189097512345678@patient.mssante.fr", "citoyen"),
        ("2890475123456 78@patient.mssante.fr", "citoyen"),
    ],
)
def test_valid_mss_addresses(address: str, kind: str):
    assert mss.kind(address) == kind


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("rhone-analyses.mssante.fr", InvalidFormat),
        ("@rhone-analyses.mssante.fr", InvalidFormat),
        ("biologie@gmail.com", InvalidComponent),
        ("12345@patient.mssante.fr", InvalidLength),
        ("abcdefghijklmno@patient.mssante.fr", InvalidFormat),
    ],
    ids=["bare-domain", "no-name", "not-mssante", "short-ins", "ins-not-digits"],
)
def test_invalid_mss_addresses(address: str, error: type[ValidationError]):
    with pytest.raises(error):
        mss.validate(address)


def test_siret_is_python_stdnum_with_la_poste_rule():
    assert siret.is_valid("732 829 320 00074")
    assert siret.is_valid("35600000049837")  # La Poste: digit sum multiple of 5, not Luhn
    assert not siret.is_valid("73282932000075")
