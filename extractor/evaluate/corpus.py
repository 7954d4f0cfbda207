"""Score the pipeline on a generated corpus (``manifest.json`` + one folder per deposit).

Every attachment of every deposit is read as ``segur extract`` reads it; each document of the
ground truth is matched to the extracted document that shares most of its pages, then its fields,
type, signatures, stamps and scenario boxes are compared. Scores are kept per scan condition.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.check import check_read_deposit
from extractor.deposit.model import load_avance, load_solde
from extractor.errors import UsageError
from extractor.evaluate.findings import FindingScores
from extractor.evaluate.scores import Confusion, Detection, Tally
from extractor.evaluate.truth import DepositTruth, DocumentTruth, FileTruth, deposit_from_dict
from extractor.fields.text import fold
from extractor.ingest.sources import iter_sources
from extractor.model import Document, FileResult
from extractor.pipeline import ReadOptions, read_sources

LIST_FIELDS = frozenset({"finess_eg"})
# Names are compared as the rules compare them (``rules.matching``): without accents or case. A
# scan's OCR drops accents (« Andre » for « André ») and no reader can put back one that both
# spellings of a name allow.
NAME_FIELDS = frozenset({"client_name", "signatory_name"})
NOT_FOUND = "(absent)"


@dataclass(frozen=True)
class Miss:
    """One thing the pipeline got wrong, to be looked at: which page, what, expected, read."""

    file: str  # deposit/file as in the manifest
    condition: str
    what: str  # a field name, "type", "signature", "stamp", or "box:<scenario>"
    expected: str
    read: str

    def to_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "condition": self.condition,
            "what": self.what,
            "expected": self.expected,
            "read": self.read,
        }


@dataclass
class CorpusScores:
    fields: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(dict))
    types: Confusion = field(default_factory=Confusion)
    signatures: dict[str, Detection] = field(default_factory=dict)
    stamps: dict[str, Detection] = field(default_factory=dict)
    boxes: dict[str, Tally] = field(default_factory=dict)
    stamp_only_signed: Tally = field(default_factory=Tally)
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    planted_findings: dict[str, int] = field(default_factory=dict)  # code → times planted
    findings: FindingScores = field(default_factory=FindingScores)
    misses: list[Miss] = field(default_factory=list)
    lines: int = 0
    clean_lines: int = 0
    files: int = 0
    unreadable_files: int = 0
    pages: int = 0
    seconds: float = 0.0

    def field_tally(self, name: str, condition: str) -> Tally:
        return self.fields[name].setdefault(condition, Tally())

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.seconds else None


def load_manifest(corpus: Path) -> list[DepositTruth]:
    """The corpus's ground truth; a usage error naming the file when it is not a manifest."""
    path = corpus / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [deposit_from_dict(d) for d in data["deposits"]]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise UsageError("truth_invalid", f"{path} ({type(exc).__name__}: {exc})") from None


def evaluate_corpus(
    corpus: Path, jobs: int, progress: Callable[[str], None] = lambda _: None
) -> CorpusScores:
    scores = CorpusScores()
    for deposit in load_manifest(corpus):
        folder = corpus / deposit.dir
        started = time.perf_counter()
        results = _read(folder / deposit.zip, jobs)
        scores.seconds += time.perf_counter() - started
        score_deposit(deposit, {r.file.split("!", 1)[-1]: r for r in results}, scores)
        _score_checks(deposit, folder, results, jobs, scores)
        progress(deposit.id)
    return scores


def _read(archive: Path, jobs: int) -> list[FileResult]:
    return list(read_sources(iter_sources([archive]), ReadOptions(jobs=jobs)))


def _score_checks(
    deposit: DepositTruth, folder: Path, results: list[FileResult], jobs: int, scores: CorpusScores
) -> None:
    """``segur check`` on the deposit and on each of its broken copies."""
    avance = load_avance(folder / deposit.avance) if deposit.avance else None
    solde = load_solde(folder / deposit.solde)
    scores.findings.add_deposit(deposit, check_read_deposit(solde, avance, results))
    for variant in deposit.variants:
        broken_zip = variant.zip != deposit.zip
        read = _read(folder / variant.zip, jobs) if broken_zip else results
        report = check_read_deposit(load_solde(folder / variant.solde), avance, read)
        where = f"{deposit.id} ({variant.solde}, {variant.zip})"
        scores.findings.add_variant(where, variant.expected_findings, report)


def score_deposit(
    deposit: DepositTruth, results: dict[str, FileResult], scores: CorpusScores
) -> None:
    scores.lines += len(deposit.lines)
    scores.clean_lines += sum(line.clean for line in deposit.lines)
    for code in deposit.planted():
        scores.planted_findings[code] = scores.planted_findings.get(code, 0) + 1
    for truth in deposit.files:
        result = results.get(truth.name)
        scores.files += 1
        if result is None or result.error is not None:
            scores.unreadable_files += 1
        else:
            scores.pages += len(result.pages)
        for document in truth.documents:
            where = f"{deposit.id}/{truth.name}"
            score_document(where, truth, document, _match(document, result), scores)


def _match(truth: DocumentTruth, result: FileResult | None) -> Document | None:
    """The extracted document sharing most pages with the true one."""
    if result is None or not result.documents:
        return None
    best = max(result.documents, key=lambda d: len(set(d.pages) & set(truth.pages)))
    return best if set(best.pages) & set(truth.pages) else None


def score_document(
    where: str, file: FileTruth, truth: DocumentTruth, found: Document | None, scores: CorpusScores
) -> None:
    condition = file.condition

    def tally(what: str, expected: object, read: object) -> bool:
        if expected != read:
            scores.misses.append(Miss(where, condition, what, str(expected), str(read)))
        return expected == read

    found_type = found.type if found else NOT_FOUND
    scores.types.add(truth.type, found_type)
    tally("type", truth.type, found_type)
    for name, expected in truth.fields.items():
        _score_field(name, expected, found, condition, scores, tally)
    signed = bool(found and found.signatures)
    scores.signatures.setdefault(condition, Detection()).add(truth.signed, signed)
    tally("signature", truth.signed, signed)
    stamped = bool(found and found.stamps)
    scores.stamps.setdefault(condition, Detection()).add(bool(truth.stamps), stamped)
    tally("stamp", bool(truth.stamps), stamped)
    if truth.stamps and not truth.signatures:
        scores.stamp_only_signed.add(signed)
    for box in truth.boxes:
        read = getattr(found.scenario, box.name) if found and found.scenario else None
        scores.boxes.setdefault(condition, Tally()).add(tally(f"box:{box.name}", box.ticked, read))


def _score_field(
    name: str,
    expected: Any,
    found: Document | None,
    condition: str,
    scores: CorpusScores,
    tally: Callable[[str, object, object], bool],
) -> None:
    candidates = found.fields.get(name, []) if found else []
    if name in LIST_FIELDS:
        correct = tally(name, sorted(set(expected)), sorted({c.value for c in candidates}))
    else:
        read = candidates[0].value if candidates else NOT_FOUND
        if name in NAME_FIELDS and fold(read) == fold(str(expected)):
            read = str(expected)  # the same name, its accents or capitals read otherwise
        correct = tally(name, str(expected), read)
        if candidates:
            scores.calibration.append((candidates[0].confidence, correct))
    scores.field_tally(name, condition).add(correct)
