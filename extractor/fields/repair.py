"""OCR-aware repair of identifiers: letters read for digits, digits read for one another.

A repair is accepted only when the identifier's checksum confirms it and no other repair of the
same cost does: two valid readings of one smudge are a guess, not a repair. Each repair costs
confidence (:data:`REPAIR_PENALTY`). When nothing validates, what is printed is kept, flagged
``checksum=False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Letters Tesseract reads in place of digits.
LETTER_DIGITS = {
    "O": "0", "o": "0", "D": "0", "Q": "0", "U": "0",
    "I": "1", "l": "1", "i": "1", "|": "1", "!": "1", "L": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5", "$": "5", "§": "5",
    "G": "6", "b": "6",
    "T": "7",
    "B": "8",
    "g": "9", "q": "9",
}  # fmt: skip
# Digits Tesseract confuses with one another, most likely first.
DIGIT_SWAPS = {
    "0": "86", "1": "74", "2": "7", "3": "85", "4": "1", "5": "63",
    "6": "58", "7": "12", "8": "3609", "9": "85",
}  # fmt: skip
SEPARATORS = " .-_/\u00a0\u202f"
REPAIR_PENALTY = 0.15


@dataclass(frozen=True)
class Reading:
    """An identifier as read: its digits, the repairs made, and whether its checksum holds."""

    value: str
    repairs: int
    checksum: bool


def letters_to_digits(raw: str) -> tuple[str, int]:
    """Separators dropped, confusable letters turned into digits; the count of letters turned."""
    out, turned = [], 0
    for char in raw:
        if char in SEPARATORS:
            continue
        if char in LETTER_DIGITS:
            out.append(LETTER_DIGITS[char])
            turned += 1
        else:
            out.append(char)
    return "".join(out), turned


def read_identifier(raw: str, length: int, is_valid: Callable[[str], bool]) -> Reading | None:
    """The best reading of ``raw`` as a ``length``-digit identifier, or None if it cannot be one."""
    digits, turned = letters_to_digits(raw)
    if len(digits) != length or not digits.isdigit():
        return None
    if is_valid(digits):
        return Reading(digits, turned, True)
    swapped = _unique_swap(digits, is_valid)
    if swapped is not None:
        return Reading(swapped, turned + 1, True)
    return Reading(digits, turned, False)


def _unique_swap(digits: str, is_valid: Callable[[str], bool]) -> str | None:
    """The one valid number one digit confusion away from ``digits``, if exactly one exists."""
    valid = {
        candidate
        for position, char in enumerate(digits)
        for swap in DIGIT_SWAPS[char]
        if is_valid(candidate := digits[:position] + swap + digits[position + 1 :])
    }
    return valid.pop() if len(valid) == 1 else None


_DIGIT_LETTERS = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}


# In a segment of capitals, the small letters OCR reads in place of capitals (« BlO » for BIO).
_CAPITAL_LOOKALIKES = {"l": "I", "i": "I", "o": "O"}


def read_reference(raw: str) -> tuple[str, int]:
    """A reference such as ``2022-BIO-004512`` with each segment made uniform: a segment of
    capitals loses the digits and small letters OCR put in it (``BI0``, ``BlO`` → ``BIO``), a
    segment of digits its letters; the sentence's full stop after it is not part of it.
    Returns the reference and the number of characters changed."""
    segments = re.split(r"([-/_.])", raw.rstrip("-/_."))
    changed = 0
    out = []
    for segment in segments:
        fixed = _uniform_segment(segment)
        changed += sum(a != b for a, b in zip(segment, fixed, strict=True))
        out.append(fixed)
    return "".join(out), changed


# An ASP file number: the year, the corridor's code of three letters, the file's number
# (« 2022-BIO-004512 »: shared/spec/solde-format.md).
_ASP_NUMBER = re.compile(r"(\d{4})-([A-Z0-9]{3})-(\d+)")


def read_asp_number(raw: str) -> tuple[str, int]:
    """An ASP file number read as any reference (:func:`read_reference`), then its corridor code
    made letters, as that segment can only be: a fax reads « BIO » as « 810 » (« 2022-810-004512 »
    → « 2022-BIO-004512 »), which no segment-by-segment reading can tell from a number. Making
    the code letters counts as one change more."""
    value, changed = read_reference(raw)
    match = _ASP_NUMBER.fullmatch(value)
    if match is None or match[2].isalpha():
        return value, changed
    code = "".join(_DIGIT_LETTERS.get(c, c) for c in match[2])
    if not code.isalpha():
        return value, changed
    return f"{match[1]}-{code}-{match[3]}", changed + 1


def _uniform_segment(segment: str) -> str:
    letters = sum(c.isalpha() for c in segment)
    digits = sum(c.isdigit() for c in segment)
    if min(letters, digits) > 2:  # a real mix (« INV2023 »): nothing to make uniform
        return segment
    if letters > digits and _capitals(segment):
        return "".join(_DIGIT_LETTERS.get(c) or _CAPITAL_LOOKALIKES.get(c) or c for c in segment)
    if digits > letters:
        return "".join(LETTER_DIGITS.get(c, c) for c in segment)
    return segment


def _capitals(segment: str) -> bool:
    """Capitals, allowing one small letter that looks like a capital in a segment of three or
    more characters (« Bi0 » but not « Li »)."""
    small = [c for c in segment if c.islower()]
    if not small:
        return any(c.isupper() for c in segment)
    return len(segment) >= 3 and len(small) == 1 and small[0] in _CAPITAL_LOOKALIKES


_CIVILITY = re.compile(
    r"^(?:M\.|Mme|Mlle|Dr|Pr|Me|Monsieur|Madame|Mademoiselle|Docteur|Professeur)\.?\s+"
)


def person_name(raw: str) -> tuple[str, int]:
    """« Dr Claire MARTIN » → « Claire Martin »: civility dropped, capitals made a name's. Not a
    repair of what was read (0 changes counted): the same name, as the JSON would write it."""
    words = _CIVILITY.sub("", raw.strip()).split()
    return " ".join(_name_word(word) for word in words), 0


def _name_word(word: str) -> str:
    """« LEGRAND » → « Legrand », « JEAN-PIERRE » → « Jean-Pierre »; « de » stays."""
    return "-".join(part.capitalize() if part.isupper() else part for part in word.split("-"))
