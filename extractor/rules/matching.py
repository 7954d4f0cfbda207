"""Declared values against what was read: identifiers equal once normalised (or one OCR confusion
away, at lower confidence), amounts to the cent, dates equal, names by token-set similarity."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extractor.fields.repair import REPAIR_PENALTY, letters_to_digits
from extractor.fields.text import fold
from extractor.model import BBox, Candidate, Word, union_bbox
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
    of a longer one (an identDMP ``1690000880`` does not show the FINESS ``690000880``). Failing
    that, a number one OCR slip away (a digit dropped, doubled or misread: faxes do it), at half
    the confidence."""
    runs = list(_number_runs(document, len(number) + 1))
    for run in runs:
        if run.digits == number or (len(run.words) == 1 and _alone(number).search(run.digits)):
            return run.sighting(1.0)
    for run in runs:
        if _one_slip_away(run.digits, number):
            return run.sighting(SLIP_FACTOR)
    return None


def _one_slip_away(digits: str, number: str) -> bool:
    """One digit dropped, added or misread — but not the number inside a longer one (the
    identDMP ``1`` + FINESS is another identifier, not a slip)."""
    if number in digits or abs(len(digits) - len(number)) > 1:
        return False
    return Levenshtein.distance(digits, number) <= 1


SLIP_FACTOR = 0.5


@dataclass(frozen=True)
class _Run:
    """A few consecutive words of a line read as one number."""

    digits: str
    words: tuple[Word, ...]
    page: int

    def sighting(self, factor: float) -> Sighting:
        text = " ".join(w.text for w in self.words)
        box = union_bbox([w.bbox for w in self.words])
        return Sighting(text, self.page, box, factor * min(w.confidence for w in self.words))


def _number_runs(document: FoundDocument, longest: int) -> Iterator[_Run]:
    """Every run of up to five words of a line whose digits (confusions undone) stay within
    ``longest`` characters."""
    for page in document.pages:
        for line in page.lines:
            words = line.words
            for start in range(len(words)):
                joined = ""
                for end in range(start, min(start + 5, len(words))):
                    joined += compact_identifier(words[end].text.strip(_EDGES))
                    if len(joined) > longest and end > start:
                        break
                    yield _Run(joined, words[start : end + 1], page.number)


def _alone(number: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9]){re.escape(number)}(?![0-9])")


def finess_on(document: FoundDocument, number: str) -> bool:
    """A FINESS is on the document: among its FINESS fields, or printed anywhere on it."""
    fields = document.document.fields
    candidates = fields.get("finess_eg", []) + fields.get("finess_ej", [])
    return bool(identifier_match(number, candidates) or seen_on(document, number))


def same_name(a: str, b: str) -> float:
    """Token-set similarity of two structure names (0–100), legal forms and accents ignored."""
    return float(fuzz.token_set_ratio(_name_tokens(a), _name_tokens(b)))


def _name_tokens(name: str) -> str:
    return _LEGAL_FORMS.sub(" ", fold(name)).strip()


# An e-mail address or a web address: the words inside name a mailbox or a site, not the
# structure that signs. OCR may space it (« lbm @ bio-alsace.mssante.fr »), and a fax may read its
# « @ » as « & » and its dots as spaces (« &biologie-medicale garonne mssante fr »): then it runs
# up to the domain's last words. Read « 2 » or lost, the « @ » leaves only the MSSanté domain's
# end to go by: the three words before « mssante fr » are the address's.
_ADDRESS = re.compile(
    r"\S*\s?@\s?\S+"
    r"|\S*\s?&\s?\S+(?:[ .]+\S+)*?[ .]+(?:mssante|fr|com|org|net|eu)\b"
    r"|\b(?:https?://|www\.)\S+"
    r"|(?:[\w-]+[ .]){1,3}mssante[ .]+fr\b",
    re.IGNORECASE,
)


def name_on(document: FoundDocument, name: str) -> Sighting | None:
    """The line of the document that carries the structure ``name``: at least 80 % of its
    distinctive words (legal forms aside), each read within an OCR slip, outside addresses."""
    wanted = [t for t in re.findall(r"\w+", _name_tokens(name)) if len(t) > 2]
    if not wanted:
        return None
    for page in document.pages:
        for line in page.lines:
            tokens = re.findall(r"\w+", fold(_ADDRESS.sub(" ", line.text)))
            hits = sum(1 for t in wanted if any(fuzz.ratio(t, u) >= 80 for u in tokens))
            if hits >= max(1, math.ceil(0.8 * len(wanted))):
                return Sighting(line.text, page.number, line.bbox, line.confidence)
    return None
