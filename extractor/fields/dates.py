"""Dates as printed in French documents: ``14/03/2023``, ``14-03-23``, ``14.03.2023``,
``14 mars 2023``, ``1er janvier 2023``, ``02 Juillet 2015``, ISO ``2023-03-14``, and English
month names (``31 Dec 2018``, ``March 14, 2023``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from extractor.fields.text import fold

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aou": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# OCR often drops the spaces around a month's name (« 27février 2023 », « 13avril2023 »).
_WORDS = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:er|e|st|nd|rd|th)?\s*({_MONTH_NAMES})\.?,?\s*(\d{{4}})(?!\d)"
)
_ENGLISH = re.compile(
    rf"(?<!\w)({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)"
)


@dataclass(frozen=True)
class DateMatch:
    value: date
    start: int
    end: int
    raw: str


def _make(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if 1990 <= found.year <= 2100 else None


def month_first(texts: Iterator[str] | list[str]) -> bool:
    """Whether a document writes numeric dates month first (``11/17/2017``): true only when one of
    its dates can be read no other way; French day-first is the default."""
    day_first = month_first_seen = False
    for text in texts:
        for match in _NUMERIC.finditer(text):
            first, second = int(match[1]), int(match[2])
            day_first |= first > 12 >= second
            month_first_seen |= second > 12 >= first
    return month_first_seen and not day_first


def find_dates(
    text: str, months_first: bool = False, folded: str | None = None
) -> Iterator[DateMatch]:
    """Every date in a line of text, with its span, in the order they appear (``folded``: the
    text already folded, when the caller has it)."""
    folded = folded if folded is not None else fold(text)
    found: list[DateMatch] = []
    for match in _ISO.finditer(folded):
        _add(found, text, match, _make(int(match[1]), int(match[2]), int(match[3])))
    for match in _NUMERIC.finditer(folded):
        day, month = (match[2], match[1]) if months_first else (match[1], match[2])
        _add(found, text, match, _make(int(match[3]), int(month), int(day)))
    for match in _WORDS.finditer(folded):
        _add(found, text, match, _make(int(match[3]), _MONTHS[match[2]], int(match[1])))
    for match in _ENGLISH.finditer(folded):
        _add(found, text, match, _make(int(match[3]), _MONTHS[match[1]], int(match[2])))
    yield from sorted(found, key=lambda m: m.start)


def _add(found: list[DateMatch], text: str, match: re.Match[str], value: date | None) -> None:
    overlaps = any(m.start < match.end() and match.start() < m.end for m in found)
    if value is not None and not overlaps:
        found.append(
            DateMatch(value, match.start(), match.end(), text[match.start() : match.end()])
        )


def parse_date(text: str) -> date | None:
    """The one date ``text`` holds, or None."""
    dates = list(find_dates(text))
    return dates[0].value if len(dates) == 1 else None
