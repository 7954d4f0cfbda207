"""Totals that add up: an HT total and its TTC total confirm one another.

An invoice's HT total plus its VAT at one of the French rates is its TTC total. When both are
printed on the document, the pair is as good as a checksum for either reading; and a reading that
only adds up once the decimal separator OCR lost is put back (« 570000 € » for « 5700,00 € », a
fax's comma gone) is repaired — as identifiers are, only when the check confirms it.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal

# Metropolitan rates, then the DOM's (8.5 %, 2.1 %).
VAT_RATES = tuple(Decimal(r) for r in ("0.20", "0.10", "0.055", "0.085", "0.021"))
CENT = Decimal("0.01")
# No Ségur invoice comes near this; beyond it a run of digits is not a total worth checking.
MAX_TOTAL = Decimal(10) ** 12


def _with_vat(ht: Decimal, rate: Decimal) -> Decimal:
    return ht + (ht * rate).quantize(CENT, ROUND_HALF_UP)


def ht_adds_up(ht: Decimal, amounts: Collection[Decimal]) -> bool:
    """Whether ``ht`` plus VAT at some rate is one of the document's ``amounts``."""
    if ht == 0 or abs(ht) >= MAX_TOTAL:
        return False
    return any(_with_vat(ht, rate) in amounts for rate in VAT_RATES)


def ttc_adds_up(ttc: Decimal, amounts: Collection[Decimal]) -> bool:
    """Whether one of the document's ``amounts`` plus VAT at some rate is ``ttc``."""
    plausible = [ht for ht in amounts if 0 < abs(ht) < abs(ttc) < MAX_TOTAL]
    return any(_with_vat(ht, rate) == ttc for ht in plausible for rate in VAT_RATES)


def lost_separator(value: Decimal, raw: str) -> Decimal | None:
    """The amount ``raw`` would be had OCR not lost its decimal separator (``570000`` → 5700.00):
    None when ``raw`` shows a separator or is too short to have had cents."""
    digits = sum(c.isdigit() for c in raw)
    if digits < 3 or any(c in raw for c in ".,") or abs(value) >= MAX_TOTAL * 100:
        return None
    return (value / 100).quantize(CENT)
