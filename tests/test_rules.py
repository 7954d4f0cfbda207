"""Every rule of findings.md against a deposit that plants exactly its fault, and a clean twin
that must raise nothing. Real generated PDFs, read by the real pipeline."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest

from extractor.check import CheckReport, check_deposit
from extractor.pipeline import ReadOptions
from fixtures.deposit import ALL_CODES
from tests.planted import PlantedDeposit, planted_deposit

WORK = Path(tempfile.mkdtemp(prefix="segur-rules-"))
# What a fault implies beside its own code: an unusable zip leaves the line without documents.
IMPLIED = {
    "ZIP_INVALID": {
        "FILE_UNREADABLE",
        "FACTURE_MISSING",
        "VA_MISSING",
        "COMPTE_RENDU_MISSING",
        "CATALOGUE_MISSING",
    }
}


@functools.cache
def checked(code: str | None, software: str | None = None) -> tuple[PlantedDeposit, CheckReport]:
    deposit = planted_deposit(code, WORK / f"{code or 'clean'}-{software}", software)
    report = check_deposit(deposit.solde, [deposit.zip], deposit.avance, ReadOptions(jobs=2))
    return deposit, report


def codes_of(report: CheckReport) -> set[str]:
    found = {f.code for f in report.deposit_findings}
    return found | {f.code for line in report.lines for f in line.findings}


@pytest.mark.parametrize("code", ALL_CODES)
def test_a_planted_fault_is_found(code: str) -> None:
    deposit, report = checked(code)
    assert code in deposit.expected
    assert code in codes_of(report), [f.message for line in report.lines for f in line.findings]


@pytest.mark.parametrize("code", ALL_CODES)
def test_a_planted_fault_raises_nothing_else(code: str) -> None:
    """Beside the planted code, only the codes the fault implies (a removed site is also a
    BENEFICIARY_REMOVED) — never an unrelated false alarm."""
    deposit, report = checked(code)
    assert codes_of(report) <= set(deposit.expected) | IMPLIED.get(code, set())


@pytest.mark.parametrize("software", ["SGL", "LOINC"])
def test_a_clean_deposit_raises_nothing(software: str) -> None:
    _, report = checked(None, software)
    findings = [f for line in report.lines for f in line.findings] + report.deposit_findings
    assert findings == [], [f.message for f in findings]
    assert report.verdict == "conforme"
