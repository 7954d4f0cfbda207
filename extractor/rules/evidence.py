"""Findings built from what was read: a contradiction shows the reading, an absence is only as
sure as the document was well read."""

from __future__ import annotations

from extractor.model import Candidate
from extractor.rules.context import FoundDocument
from extractor.rules.findings import Finding, finding


def read_confidence(document: FoundDocument) -> float:
    """How well the document's pages were read: the mean confidence of their words."""
    words = [w for page in document.pages for w in page.words]
    return sum(w.confidence for w in words) / len(words) if words else 0.0


def contradiction(code: str, expected: str, document: FoundDocument, read: Candidate) -> Finding:
    """A value read on the document that differs from the declared one, with its evidence."""
    return finding(
        code,
        expected=expected,
        found=read.value,
        file=document.file,
        page=read.page,
        bbox=read.bbox,
        confidence=read.confidence,
    )


def absence(
    code: str, expected: str, document: FoundDocument, page: int, detail: str = ""
) -> Finding:
    """A value not found on the document: only as sure as the document was well read."""
    return finding(
        code,
        detail=detail,
        expected=expected,
        file=document.file,
        page=page,
        confidence=read_confidence(document),
    )
