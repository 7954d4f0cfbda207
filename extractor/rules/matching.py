"""Declared values against what was read: identifiers equal once normalised (or one OCR confusion
away, at lower confidence), amounts to the cent, dates equal, names by token-set similarity."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractor.fields.repair import REPAIR_PENALTY, letters_to_digits
from extractor.fields.text import fold
from extractor.model import BBox, Candidate, union_bbox
from extractor.rules.context import FoundDocument

# Names whose token-set similarity reaches this are the same structure.
SAME_NAME = 70.0
_EDGES = ".,;:()[]«»\"'"
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
    """``number`` (an identifier) printed anywhere on the document as a whole number — in one
    word, or spread over a few (``690 000 880``), OCR letter confusions undone — never as part
    of a longer one (an identDMP ``1690000880`` does not show the FINESS ``690000880``)."""
    alone = re.compile(rf"(?<![0-9]){re.escape(number)}(?![0-9])")
    for page in document.pages:
        for line in page.lines:
            words = line.words
            for start in range(len(words)):
                joined = ""
                for end in range(start, min(start + 5, len(words))):
                    joined += compact_identifier(words[end].text.strip(_EDGES))
                    if joined == number or (end == start and alone.search(joined)):
                        run = words[start : end + 1]
                        text = " ".join(w.text for w in run)
                        box = union_bbox([w.bbox for w in run])
                        return Sighting(text, page.number, box, min(w.confidence for w in run))
                    if not number.startswith(joined):
                        break
    return None


def same_name(a: str, b: str) -> float:
    """Token-set similarity of two structure names (0–100), legal forms and accents ignored."""
    return float(fuzz.token_set_ratio(_name_tokens(a), _name_tokens(b)))


def _name_tokens(name: str) -> str:
    return _LEGAL_FORMS.sub(" ", fold(name)).strip()


def name_on(document: FoundDocument, name: str) -> Sighting | None:
    """The line of the document that carries the structure ``name``: at least 80 % of its
    distinctive words (legal forms aside), each read within an OCR slip."""
    wanted = [t for t in re.findall(r"\w+", _name_tokens(name)) if len(t) > 2]
    if not wanted:
        return None
    for page in document.pages:
        for line in page.lines:
            tokens = re.findall(r"\w+", fold(line.text))
            hits = sum(1 for t in wanted if any(fuzz.ratio(t, u) >= 85 for u in tokens))
            if hits >= max(1, math.ceil(0.8 * len(wanted))):
                return Sighting(line.text, page.number, line.bbox, line.confidence)
    return None
