"""Money amounts as printed on French (and English) invoices.

``18 500,00 €``, ``18.500,00``, ``18500,00 EUR``, ``1,810.80`` (English), ``-1 234,56`` and
``1 234,56-`` (credit notes), ``18 500 €``. The decimal separator is the last ``,`` or ``.``
followed by one or two digits; every other separator must cut groups of three digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY = re.compile(r"(€|eur(os?)?\b|euros?\b)", re.IGNORECASE)
_MINUS = "-−–"
# An amount inside running text: digits with thousands groups, optional decimals, optional sign.
AMOUNT_PATTERN = re.compile(
    r"(?<![\w.,])(?:[-−–]\s?)?\d{1,3}(?:[ \u00a0\u202f.,']\d{3})*(?:[.,]\d{1,2})?(?!\d)"
    r"|(?<![\w.,])[-−–]?\d+(?:[.,]\d{1,2})?(?![\d])"
)


@dataclass(frozen=True)
class AmountMatch:
    value: Decimal
    start: int
    end: int
    raw: str


def parse_amount(text: str) -> Decimal | None:
    """The amount ``text`` prints, to the cent, or None if it is not one amount."""
    body = _CURRENCY.sub("", text).strip()
    negative = False
    if body[:1] in _MINUS or (body.startswith("(") and body.endswith(")")):
        negative, body = True, body.lstrip(_MINUS + "(").rstrip(")")
    elif body[-1:] in _MINUS:
        negative, body = True, body[:-1]
    body = _SPACES.sub(" ", body).strip()
    number = _normalise(body)
    if number is None:
        return None
    try:
        value = Decimal(number).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return -value if negative else value


def _normalise(body: str) -> str | None:
    """``18 500,00`` → ``18500.00``; None when the separators do not make a number."""
    if not re.fullmatch(r"\d[\d ,.]*", body or "x"):
        return None
    decimal = re.search(r"[.,](\d{1,2})$", body)
    integer, cents = (body[: decimal.start()], decimal.group(1)) if decimal else (body, "")
    groups = re.split(r"[ ,.]", integer)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    return f"{digits}.{cents}" if cents else digits


def find_amounts(text: str) -> Iterator[AmountMatch]:
    """Every amount in a line of text, with its span."""
    for match in AMOUNT_PATTERN.finditer(text):
        value = parse_amount(match.group())
        if value is not None:
            yield AmountMatch(value, match.start(), match.end(), match.group().strip())


def format_amount(value: Decimal) -> str:
    """The output form: two decimals, ``.`` separator, sign kept (``"18500.00"``)."""
    return f"{value:.2f}"
