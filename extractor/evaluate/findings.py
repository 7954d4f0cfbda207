"""Score ``segur check`` on a generated corpus: recall and precision per finding code, and how
often a clean line raises an alarm.

Deposit-level codes (a file unreadable or unmatched, a broken JSON or zip) are scored once per
deposit wherever the report puts them (a check ties an unreadable file to its line when it can);
every other code is scored line by line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractor.check import CheckReport
from extractor.evaluate.scores import Detection, Tally
from extractor.evaluate.truth import DepositTruth
from extractor.rules.findings import Finding, Severity

DEPOSIT_CODES = frozenset({"JSON_INVALID", "ZIP_INVALID", "FILE_UNREADABLE", "FILE_UNMATCHED"})


@dataclass
class FindingScores:
    codes: dict[str, Detection] = field(default_factory=dict)
    clean_lines: Tally = field(default_factory=Tally)  # correct = raised no alarm
    alarm_codes: Counter[str] = field(default_factory=Counter)  # what clean lines raised
    # Where a code was missed or raised unplanted: "dep-0003 line 2: FACTURE_DATE_MISSING missed".
    misses: list[str] = field(default_factory=list)

    def _add(self, code: str, expected: bool, found: bool, where: str) -> None:
        self.codes.setdefault(code, Detection()).add(expected, found)
        if expected != found:
            self.misses.append(f"{where}: {code} {'missed' if expected else 'raised'}")

    def add_deposit(self, truth: DepositTruth, report: CheckReport) -> None:
        """The deposit as given: its lines' codes, and the deposit-level codes it plants."""
        anywhere = _codes(_all_findings(report))
        for code in DEPOSIT_CODES:
            planted = code in truth.expected_findings
            if planted or code in anywhere:
                self._add(code, planted, code in anywhere, truth.id)
        reports = {line.num_ligne: line for line in report.lines}
        for line in truth.lines:
            found = reports.get(line.num_ligne)
            findings = found.findings if found else []
            wanted = set(line.expected_findings) - DEPOSIT_CODES
            raised = _codes(findings) - DEPOSIT_CODES
            for code in wanted | raised:
                self._add(code, code in wanted, code in raised, f"{truth.id} line {line.num_ligne}")
            if line.clean:
                alarms = [
                    f
                    for f in findings
                    if f.severity is not Severity.INFO and f.code not in truth.expected_findings
                ]
                self.clean_lines.add(not alarms)
                self.alarm_codes.update(f.code for f in alarms)

    def add_variant(self, where: str, expected: list[str], report: CheckReport) -> None:
        """A broken copy of the deposit (JSON or zip): its code must be raised."""
        anywhere = _codes(_all_findings(report))
        for code in expected:
            self._add(code, True, code in anywhere, where)

    def to_dict(self) -> dict[str, Any]:
        total = self.clean_lines.total
        alarms = total - self.clean_lines.correct
        return {
            "scored": True,
            "per_code": {code: d.to_dict() for code, d in sorted(self.codes.items())},
            "clean_lines": {
                "total": total,
                "with_alarm": alarms,
                "false_alarm_rate": round(alarms / total, 4) if total else None,
                "alarm_codes": dict(self.alarm_codes.most_common()),
            },
            "misses": self.misses,
        }


def _all_findings(report: CheckReport) -> list[Finding]:
    return [*report.deposit_findings, *(f for line in report.lines for f in line.findings)]


def _codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}
