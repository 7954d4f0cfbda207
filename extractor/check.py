"""The main job: a solde deposit checked against its attachments (and its avance, if given).

read the JSON (:mod:`extractor.deposit`) → read every attachment (:mod:`extractor.pipeline`) →
attach files to lines → run the rules (:mod:`extractor.rules`) → one :class:`CheckReport`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractor.deposit.attachments import LineFiles, match_attachments, names_editeur
from extractor.deposit.model import Avance, Solde, SoldeLine, load_avance, load_solde
from extractor.ingest.page_images import PageImages
from extractor.ingest.sources import iter_sources
from extractor.model import FileResult
from extractor.pipeline import ReadOptions, read_sources
from extractor.rules import avance, declaration, documents, invoice, va
from extractor.rules.context import LineContext
from extractor.rules.deposit import (
    archive_findings,
    deposit_json_findings,
    faulty_line_findings,
    unmatched_findings,
)
from extractor.rules.findings import Finding, Severity, verdict

# The order the portal and then the instructor would look in: the first blocking finding of a
# line becomes its codeTraitement.
LINE_RULES: tuple[Callable[[LineContext], Iterator[Finding]], ...] = (
    *avance.RULES,
    *declaration.RULES,
    *documents.RULES,
    *invoice.RULES,
    *va.RULES,
)


@dataclass
class LineReport:
    index: int
    num_ligne: int | None
    numero_asp: str | None
    numero_editeur: str | None
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return verdict(self.findings)

    @property
    def treatment(self) -> Finding | None:
        """The finding the portal's codeTraitement shows: the first bloquant, else alerte."""
        for severity in (Severity.BLOQUANT, Severity.ALERTE):
            for found in self.findings:
                if found.severity is severity:
                    return found
        return None


@dataclass
class CheckReport:
    solde: Solde
    deposit_findings: list[Finding]
    lines: list[LineReport]
    files: list[FileResult]
    images: PageImages = field(default_factory=lambda: PageImages(()))

    @property
    def verdict(self) -> str:
        return verdict(self.deposit_findings + [f for line in self.lines for f in line.findings])


def check_deposit(
    solde_path: Path,
    attachments: Sequence[Path],
    avance_path: Path | None = None,
    options: ReadOptions | None = None,
    field_names: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    solde = load_solde(solde_path, field_names)
    advance = load_avance(avance_path, field_names) if avance_path else None
    sources = list(iter_sources(attachments))
    results = list(read_sources(sources, options or ReadOptions(), progress))
    report = check_read_deposit(solde, advance, results)
    report.images = PageImages(sources)
    return report


def check_read_deposit(
    solde: Solde, advance: Avance | None, results: list[FileResult]
) -> CheckReport:
    """The rules over a deposit whose attachments are already read."""
    matching = match_attachments(solde.lines, results)
    deposit = deposit_json_findings(solde, advance)
    deposit += archive_findings(results)
    # A line whose JSON is faulty still owns the files named for it: they are not unmatched.
    faulty = [(line, _named_for(line.numero_editeur, results)) for line in solde.faulty_lines]
    owned = {r.file for _, files in faulty for r in files}
    if solde.lines or solde.faulty_lines:  # a JSON with no line to match says nothing of files
        deposit += unmatched_findings([r for r in matching.unmatched if r.file not in owned])
    reports = [
        _line_report(solde, line, advance, matching.lines[line.index]) for line in solde.lines
    ]
    reports += [
        LineReport(
            line.index,
            line.num_ligne,
            line.numero_asp,
            line.numero_editeur,
            [r.file for r in files],
            faulty_line_findings(solde, line),
        )
        for line, files in faulty
    ]
    reports.sort(key=lambda r: r.index)
    return CheckReport(solde, deposit, reports, results)


def _named_for(editeur: str | None, results: list[FileResult]) -> list[FileResult]:
    return [r for r in results if editeur and names_editeur(r.file, editeur)]


def _line_report(
    solde: Solde, line: SoldeLine, advance: Avance | None, files: LineFiles
) -> LineReport:
    context = LineContext(
        line=line,
        software=solde.software,
        supplier_siret=solde.siret,
        files=files.files,
        missing_pieces=files.missing_pieces,
        avance=advance,
    )
    findings = [found for rule in LINE_RULES for found in rule(context)]
    return LineReport(
        line.index,
        line.num_ligne,
        line.numero_asp,
        line.numero_editeur,
        [r.file for r in files.files],
        findings,
    )
