"""What ``segur check`` prints: the JSON of output.md, a terminal summary, the annotated solde."""

from __future__ import annotations

import copy
from typing import Any

from extractor.check import CheckReport, LineReport
from extractor.messages import say
from extractor.rules.findings import Finding

VERDICT_WORDS = {
    "conforme": ("conforme", "compliant"),
    "a_verifier": ("à vérifier", "to check"),
    "non_conforme": ("non conforme", "non-compliant"),
}
VERDICT_MARKS = {"conforme": "✓", "a_verifier": "?", "non_conforme": "✗"}


def member_name(file: str) -> str:
    """The name a file has in the deposit: ``pieces.zip!ED-1_VA.pdf`` → ``ED-1_VA.pdf``."""
    return file.rsplit("!", 1)[-1]


def finding_json(found: Finding) -> dict[str, Any]:
    data = found.to_dict()
    if data["file"]:
        data["file"] = member_name(data["file"])
    return data


def line_json(line: LineReport) -> dict[str, Any]:
    treatment = line.treatment
    return {
        "numLigne": line.num_ligne,
        "numeroASP": line.numero_asp,
        "numeroEditeur": line.numero_editeur,
        "verdict": line.verdict,
        "codeTraitement": treatment.code if treatment else None,
        "libelleTraitement": treatment.message if treatment else None,
        "files": [member_name(f) for f in line.files],
        "findings": [finding_json(f) for f in line.findings],
    }


def check_json(report: CheckReport, layout: bool = False) -> dict[str, Any]:
    return {
        "verdict": report.verdict,
        "solde": report.solde.file,
        "deposit_findings": [finding_json(f) for f in report.deposit_findings],
        "lines": [line_json(line) for line in report.lines],
        "files": [r.to_dict(layout=layout) for r in report.files],
    }


def annotated_solde(report: CheckReport) -> dict[str, Any] | None:
    """The solde JSON as given, each line's ``codeTraitement`` / ``libelleTraitement`` filled."""
    if report.solde.raw is None:
        return None
    annotated = copy.deepcopy(report.solde.raw)
    raw_lines = _raw_lines(annotated)
    for line in report.lines:
        if line.index < len(raw_lines) and isinstance(raw_lines[line.index], dict):
            treatment = line.treatment
            raw_lines[line.index]["codeTraitement"] = treatment.code if treatment else None
            raw_lines[line.index]["libelleTraitement"] = treatment.message if treatment else None
    return annotated


def _raw_lines(solde: dict[str, Any]) -> list[Any]:
    for key, value in solde.items():
        if key.casefold() == "lignesimport" and isinstance(value, list):
            return value
    return []


def verdict_words(verdict: str) -> str:
    french, english = VERDICT_WORDS[verdict]
    return say(french, english)


def check_text(report: CheckReport) -> str:
    """A few lines per line of the deposit, blocking findings first, for a person at a terminal."""
    counts = {v: sum(1 for line in report.lines if line.verdict == v) for v in VERDICT_WORDS}
    summary = ", ".join(f"{n} {verdict_words(v)}" for v, n in counts.items() if n)
    out = [
        f"{VERDICT_MARKS[report.verdict]} {report.solde.file} : "
        f"{verdict_words(report.verdict).upper()} ({len(report.lines)} "
        f"{say('ligne(s)', 'line(s)')} : {summary or '—'})"
    ]
    out += [_finding_text(f) for f in report.deposit_findings]
    for line in report.lines:
        out.append(
            f"{VERDICT_MARKS[line.verdict]} {say('Ligne', 'Line')} {line.num_ligne or '?'} — "
            f"{line.numero_asp or '?'} ({line.numero_editeur or '?'}) : "
            f"{verdict_words(line.verdict)}"
        )
        ordered = sorted(
            line.findings, key=lambda f: ("bloquant", "alerte", "info").index(f.severity)
        )
        out += [_finding_text(f) for f in ordered]
    return "\n".join(out)


def _finding_text(found: Finding) -> str:
    where = ""
    if found.file:
        page = f", p. {found.page}" if found.page else ""
        where = f" ({member_name(found.file)}{page})"
    return f"    [{found.severity.value}] {found.code} — {found.message}{where}"
