"""The deposit itself: the JSON's format, the archive, the attachments no line names."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from extractor.deposit.model import Avance, FaultyLine, Solde
from extractor.deposit.validate import JsonFault
from extractor.messages import message
from extractor.model import FileResult
from extractor.rules.findings import Finding, finding

# Reasons only a whole archive gives (a damaged or encrypted file may be any file: those count
# as an archive's when the file is named .zip).
ARCHIVE_REASONS = frozenset({"no_document", "too_many_members", "archive_too_large"})


def json_invalid(faults: Sequence[JsonFault], file: str) -> list[Finding]:
    return [finding("JSON_INVALID", detail=f.message, found=f.path, file=file) for f in faults]


def deposit_json_findings(solde: Solde, avance: Avance | None) -> list[Finding]:
    findings = json_invalid(solde.faults, solde.file)
    if avance is not None:
        findings += json_invalid(avance.faults, avance.file)
    return findings


def faulty_line_findings(solde: Solde, line: FaultyLine) -> list[Finding]:
    return json_invalid(line.faults, solde.file)


def archive_findings(results: Sequence[FileResult]) -> Iterator[Finding]:
    """ZIP_INVALID for an archive that cannot be opened, or none of whose members can be read."""
    members: dict[str, list[FileResult]] = {}
    for result in results:
        archive, bang, _member = result.file.partition("!")
        if bang:
            members.setdefault(archive, []).append(result)
        elif is_broken_archive(result):
            assert result.error is not None
            yield finding("ZIP_INVALID", detail=result.error.message, file=result.file)
    for archive, inside in members.items():
        if all(r.error is not None for r in inside):
            reasons = sorted({r.error.message for r in inside if r.error})
            yield finding(
                "ZIP_INVALID",
                detail=message("no_document") + " : " + "; ".join(reasons),
                file=archive,
            )


def is_broken_archive(result: FileResult) -> bool:
    """A result standing for a whole archive (not one of its members) that failed."""
    return (
        result.error is not None
        and "!" not in result.file
        and (result.file.casefold().endswith(".zip") or result.error.reason in ARCHIVE_REASONS)
    )


def unmatched_findings(unmatched: Sequence[FileResult]) -> Iterator[Finding]:
    """Files no line names: unreadable ones say so, readable ones are unmatched."""
    for result in unmatched:
        if is_broken_archive(result):
            continue
        if result.error is not None:
            yield finding("FILE_UNREADABLE", detail=result.error.message, file=result.file)
        else:
            yield finding("FILE_UNMATCHED", file=result.file)
