"""A second look at the long numbers a page's reading got wrong by a digit or two.

FINESS and SIREN (9 digits) and SIRET (14) end in a Luhn check digit. On a fax or a phone photo,
the page's reading often misreads one or two of their digits, or adds or drops one; the fields
stage can only drop such a number, keep it flagged, or guess a one-digit repair. Here each number
whose check digit fails (or that has a digit too many or too few, or was read unsurely) is read
again from a crop of the image the page was read from, enlarged and restricted to digits, in a
few variants. A re-reading replaces the first only when it is a valid number of the expected
length, a clear majority of the variants agree on it, and it is at most two edits from the first
reading: a wrong valid number is worse than a flagged one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein
from stdnum import luhn
from stdnum.fr import siret

from extractor.fields.repair import LETTER_DIGITS
from extractor.model import union_bbox
from extractor.ocr import tesseract
from extractor.ocr.tesseract import OcrWord

# Digits read, mapped to the identifier's length they can only be a misreading of.
EXPECTED_LENGTH = {8: 9, 9: 9, 10: 9, 13: 14, 14: 14, 15: 14}
# A valid number read under this word confidence is read again all the same.
LOW_CONFIDENCE = 0.6
# A digit too many or too few counts only under this confidence: read surely, a number of 10 or
# 15 digits is another kind of number (a file number, a social security number), not a misread
# SIREN or SIRET (those read at 0.88–0.96 on generated photos, misread ones at 0–0.8 on faxes).
MISCOUNT_CONFIDENCE = 0.85
# Numbers read again on one page, at most (a page holds 0–2 suspicious ones as a rule).
MAX_PER_PAGE = 6
# How far a re-reading may stray from the first: a digit or two misread, added or dropped.
MAX_EDITS = 2
# (scale, binarised): the variants each number is read at.
VARIANTS = ((2.0, False), (2.0, True), (2.5, True), (3.0, False), (3.0, True))
# Variants that must agree on one reading for it to be taken.
MAJORITY = 3
# A re-read number's confidence, at most: never as sure as a clean first reading.
REREAD_CONFIDENCE = 0.8
# Space between two groups of one number, at most, in word heights (a table's next column is
# further off).
GROUP_GAP = 1.2
# Around the crop, in word heights: room for the digits' tops and the last digit's tail.
MARGIN = 0.4

_DIGIT_LIKE = "0-9" + re.escape("".join(LETTER_DIGITS))
# One group of a printed number: digits (or letters OCR reads for them), dots between groups,
# maybe a bracket or a sentence's punctuation around.
_GROUP = re.compile(rf"[(\[]?([{_DIGIT_LIKE}]+(?:\.[{_DIGIT_LIKE}]+)*)[.,;:)\]]?")


@dataclass(frozen=True)
class Suspect:
    """A number the page's reading may have got wrong: consecutive words of one line."""

    first: int  # index of its first word in the page's words
    count: int  # how many words it spans
    digits: str  # as first read, letters turned into digits
    length: int  # the identifier's length it must have
    box: tuple[float, float, float, float]  # pixels of the prepared image


def reread_numbers(prepared: np.ndarray, words: list[OcrWord]) -> tuple[list[OcrWord], int]:
    """The page's words with each suspicious number replaced by its re-reading where one is
    accepted, and how many were replaced."""
    suspects = find_suspects(words)[:MAX_PER_PAGE]
    if not suspects:
        return words, 0
    images = [variant for s in suspects for variant in variants(prepared, s.box)]
    readings = tesseract.read_digit_lines(images)
    out = list(words)
    replaced = 0
    for index, suspect in reversed(list(enumerate(suspects))):
        votes = readings[index * len(VARIANTS) : (index + 1) * len(VARIANTS)]
        accepted = vote(suspect.digits, suspect.length, votes)
        if accepted is None:
            continue
        value, agreeing = accepted
        confidence = REREAD_CONFIDENCE * agreeing / len(VARIANTS)
        line = words[suspect.first].line_key
        # One word over the run's box: its groups are one number now.
        out[suspect.first : suspect.first + suspect.count] = [
            OcrWord(value, suspect.box, confidence, line)
        ]
        replaced += 1
    return out, replaced


def find_suspects(words: list[OcrWord]) -> list[Suspect]:
    """Runs of number-like words on one line whose digits fail the check or miscount."""
    suspects = []
    for start, end in _number_runs(words):
        run = words[start:end]
        groups = [g for w in run for g in _groups(w.text) or []]
        digits = "".join(groups)
        length = EXPECTED_LENGTH.get(len(digits))
        if length is None or _too_many_short_groups(groups):
            continue
        if _suspicious(digits, length, min(w.confidence for w in run)):
            box = union_bbox([w.box for w in run])
            suspects.append(Suspect(start, end - start, digits, length, box))
    return suspects


def _suspicious(digits: str, length: int, confidence: float) -> bool:
    if len(digits) != length:
        return confidence < MISCOUNT_CONFIDENCE
    return not is_valid(digits) or confidence < LOW_CONFIDENCE


def is_valid(digits: str) -> bool:
    """A SIREN or FINESS (Luhn over 9 digits), or a SIRET (La Poste's included)."""
    if len(digits) == 14:
        return bool(siret.is_valid(digits))
    return len(digits) == 9 and bool(luhn.is_valid(digits))


def vote(first: str, length: int, readings: list[str]) -> tuple[str, int] | None:
    """The re-reading to take and how many variants read it, or None to keep the first."""
    counts = Counter(re.sub(r"\D", "", r) for r in readings)
    value, agreeing = counts.most_common(1)[0] if counts else ("", 0)
    if (
        agreeing < MAJORITY
        or value == first
        or len(value) != length
        or not is_valid(value)
        or Levenshtein.distance(value, first) > MAX_EDITS
    ):
        return None
    return value, agreeing


def variants(prepared: np.ndarray, box: tuple[float, float, float, float]) -> list[np.ndarray]:
    """The crop around ``box``, enlarged at each scale, grey or binarised (Otsu)."""
    crop = _crop(prepared, box)
    out = []
    for factor, binarised in VARIANTS:
        image = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        if binarised:
            image = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
        out.append(image)
    return out


def _crop(prepared: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    x0, y0, x1, y1 = box
    margin = MARGIN * (y1 - y0)
    height, width = prepared.shape[:2]
    left, top = max(0, int(x0 - margin)), max(0, int(y0 - margin))
    right, bottom = min(width, int(x1 + margin) + 1), min(height, int(y1 + margin) + 1)
    crop = prepared[top:bottom, left:right]
    return crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY)


def _number_runs(words: list[OcrWord]) -> list[tuple[int, int]]:
    """[start, end) of each maximal run of number-like words, close together on one line."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, word in enumerate(words):
        if _groups(word.text) is None:
            start = None
            continue
        if start is None or not _same_number(words[i - 1], word):
            start = i
            runs.append((i, i + 1))
        else:
            runs[-1] = (start, i + 1)
    return runs


def _groups(text: str) -> list[str] | None:
    """The digit groups of a word that is part of a number (letters OCR reads for digits turned
    into them, at most half of its characters), or None."""
    match = _GROUP.fullmatch(text)
    if match is None or 2 * sum(c.isdigit() for c in match[1]) < len(match[1].replace(".", "")):
        return None
    return ["".join(LETTER_DIGITS.get(c, c) for c in group) for group in match[1].split(".")]


def _same_number(before: OcrWord, after: OcrWord) -> bool:
    height = max(before.box[3] - before.box[1], after.box[3] - after.box[1])
    gap = after.box[0] - before.box[2]
    return before.line_key == after.line_key and 0 <= gap <= GROUP_GAP * height


def _too_many_short_groups(groups: list[str]) -> bool:
    """A phone number (« 05 07 17 86 86 ») or a date (« 14.03.2023 »), not an identifier."""
    return sum(len(g) <= 2 for g in groups) >= 2
