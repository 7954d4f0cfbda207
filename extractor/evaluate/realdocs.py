"""Score the pipeline on real public invoices with known values (``shared/realdocs/truth.json``).

A file counts as found when every value that is printed on it is the top-1 candidate: the seller's
SIREN (alone or as the first 9 digits of a printed SIRET), its SIRET when printed, the issue date
and the HT total. Values the page does not print (``checks.*_visible_in_text`` false) are not
expected.

The same invoices can also be read as scans (``scan_dpi``): each page is rendered to a grey image
at that resolution, and the images, without a text layer, go through OCR — real layouts the
generator never drew, read as a scanner would hand them over.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from extractor.errors import UnreadableFile, UsageError
from extractor.ingest.pdf import PdfFile
from extractor.ingest.sniff import FileKind
from extractor.ingest.sources import Source, iter_sources
from extractor.model import FileResult
from extractor.pipeline import ReadOptions, read_sources


@dataclass
class RealDocRow:
    file: str
    expected: dict[str, str]
    found: dict[str, str | None]

    credit_note: bool = False

    @property
    def ok(self) -> bool:
        return all(self.matches(key) for key in self.expected)

    def matches(self, key: str) -> bool:
        """A credit note (type 381) states positive amounts in its XML while some pages print
        them negative: the extractor reports what is printed, so either sign is right."""
        found, expected = self.found.get(key), self.expected[key]
        if key == "amount_ht" and self.credit_note and found:
            return found.lstrip("-") == expected.lstrip("-")
        return found == expected

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "expected": self.expected,
            "found": self.found,
            "matches": {key: self.matches(key) for key in self.expected},
            "ok": self.ok,
        }


@dataclass
class RealDocsScores:
    rows: list[RealDocRow] = field(default_factory=list)
    scan_dpi: int | None = None  # read as scans at this resolution, not through the text layer

    @property
    def found(self) -> int:
        return sum(row.ok for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "read_as": f"scan {self.scan_dpi} dpi" if self.scan_dpi else "text layer",
            "files": len(self.rows),
            "all_found": self.found,
            "rows": [r.to_dict() for r in self.rows],
        }


def expected_values(truth: dict[str, Any]) -> dict[str, str]:
    checks = truth.get("checks", {})
    expected: dict[str, str] = {}
    if truth.get("seller_siren") and checks.get("seller_siren_visible_in_text", True):
        expected["supplier_siren"] = truth["seller_siren"]
    if truth.get("seller_siret") and checks.get("seller_siret_visible_in_text", False):
        expected["supplier_siret"] = truth["seller_siret"]
    if truth.get("issue_date"):
        expected["invoice_date"] = truth["issue_date"]
    amount = truth.get("amount_ht_TaxBasisTotal") or truth.get("amount_ht")
    if amount is not None and checks.get("ht_visible_in_text", True):
        expected["amount_ht"] = f"{float(amount):.2f}"
    return expected


def found_values(result: FileResult) -> dict[str, str | None]:
    """Top-1 of each field over the file's documents (invoices first)."""
    documents = sorted(result.documents, key=lambda d: d.type != "facture")
    found: dict[str, str | None] = {}
    for key in ("supplier_siren", "supplier_siret", "invoice_date", "amount_ht"):
        values = [d.fields[key][0].value for d in documents if d.fields.get(key)]
        found[key] = values[0] if values else None
    if found["supplier_siren"] is None and found["supplier_siret"]:
        found["supplier_siren"] = found["supplier_siret"][:9]
    return found


def load_truth(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / "truth.json"
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError("truth_invalid", f"{path} ({type(exc).__name__}: {exc})") from None
    if not isinstance(truth, dict):
        raise UsageError("truth_invalid", f"{path} (not an object)")
    return truth


def as_scan(source: Source, dpi: int) -> Source:
    """The file's pages as a grey multi-page TIFF at ``dpi``: what a scanner would produce. An
    image is a scan already; a PDF that cannot be rendered stays a failed source."""
    if source.error is not None or source.kind is not FileKind.PDF:
        return source
    try:
        with PdfFile(source.data) as pdf:
            pages = [
                Image.fromarray(pdf.render(i, dpi)).convert("L") for i in range(pdf.page_count)
            ]
    except UnreadableFile as exc:
        return Source(source.name, error=exc, sha256=source.sha256)
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi))
    return Source.from_bytes(source.name, buffer.getvalue())


def evaluate_realdocs(folder: Path, jobs: int, scan_dpi: int | None = None) -> RealDocsScores:
    """Every file of ``truth.json`` read (all in one parallel run) and scored on its first
    readable document file (a zip listed there counts by its first readable member)."""
    truth = load_truth(folder)
    entries: list[int] = []  # the truth entry each source comes from
    sources: list[Source] = []
    for index, name in enumerate(truth):
        for source in iter_sources([folder / name]):
            entries.append(index)
            sources.append(as_scan(source, scan_dpi) if scan_dpi is not None else source)
    readable: dict[int, FileResult] = {}
    results = read_sources(sources, ReadOptions(jobs=jobs))
    for index, result in zip(entries, results, strict=True):
        if result.error is None:
            readable.setdefault(index, result)
    scores = RealDocsScores(scan_dpi=scan_dpi)
    for index, (name, values) in enumerate(truth.items()):
        found = found_values(readable[index]) if index in readable else {}
        credit = values.get("type_code") == "381"
        scores.rows.append(RealDocRow(name, expected_values(values), found, credit))
    return scores
