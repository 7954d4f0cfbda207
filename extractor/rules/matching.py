"""Declared values against what was read: identifiers equal once normalised (or one OCR confusion
away, at lower confidence), amounts to the cent, dates equal, names by token-set similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.fields.repair import REPAIR_PENALTY, letters_to_digits
from extractor.fields.text import fold
from extractor.model import BBox, Candidate
from extractor.rules.context import FoundDocument

# Names whose token-set similarity reaches this are the same structure.
SAME_NAME = 70.0
_LEGAL_FORMS = re.compile(r"\b(sas|sasu|sa|sarl|selas|selarl|seml|sel|gcs|eurl|lbm|laboratoire)\b")


@dataclass(frozen=True)
class Sighting:
    """Where a declared value was seen on a document, and how sure the reading is."""

    raw: str
    page: int
    bbox: BBox
    confidence: float


def compact_identifier(text: str) -> str:
    return letters_to_digits(text.upper())[0]


def identifier_match(declared: str, candidates: list[Candidate]) -> Candidate | None:
    """The candidate that reads as ``declared``, exactly or one OCR confusion away."""
    for candidate in candidates:
        if candidate.value == declared:
            return candidate
    for candidate in candidates:
        raw = compact_identifier(candidate.raw)
        if len(raw) == len(declared) and _one_confusion_away(raw, declared):
            confidence = max(0.0, candidate.confidence - REPAIR_PENALTY)
            return Candidate(declared, candidate.raw, confidence, candidate.page, candidate.bbox)
    return None


def _one_confusion_away(read: str, declared: str) -> bool:
    return sum(a != b for a, b in zip(read, declared, strict=True)) == 1


def seen_on(document: FoundDocument, number: str) -> Sighting | None:
    """``number`` (an identifier) printed anywhere on the document, spaces and dots allowed
    inside it and OCR letter confusions undone: the line that holds it."""
    for page in document.pages:
        for line in page.lines:
            if number in compact_identifier(line.text):
                return Sighting(line.text, page.number, line.bbox, line.confidence)
    return None


def same_name(a: str, b: str) -> float:
    """Token-set similarity of two structure names (0–100), legal forms and accents ignored."""
    return float(fuzz.token_set_ratio(_name_tokens(a), _name_tokens(b)))


def _name_tokens(name: str) -> str:
    return _LEGAL_FORMS.sub(" ", fold(name)).strip()
