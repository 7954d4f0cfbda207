"""When an OCR page is too poorly read to trust (DOCUMENT_UNREADABLE), from its words as read."""

from __future__ import annotations

import pytest

from extractor.model import Line, Page, TextSource, Word
from extractor.rules.documents import unreadable_reason


def _page(words: list[tuple[str, float]]) -> Page:
    lines = tuple(
        Line((Word(text, (0.1, 0.01 * i, 0.2, 0.01 * i + 0.008), conf, TextSource.OCR),))
        for i, (text, conf) in enumerate(words)
    )
    return Page(1, 595, 842, TextSource.OCR, lines)


PRINT = [("Facture", 0.95), ("SIRET", 0.93), ("732829320", 0.9), ("Total", 0.96)] * 15
TEXTURE = [("eae", 0.0), ("ee", 0.05), ("——", 0.1), ("ORAL", 0.02)] * 40


@pytest.mark.parametrize(
    ("words", "readable"),
    [
        (PRINT, True),
        (PRINT + TEXTURE, True),  # a phone photo: its paper's texture read as junk
        (TEXTURE, False),
        (PRINT[:8] + TEXTURE, False),  # a few words legible among junk
        (PRINT[:6], False),  # too few words
    ],
    ids=["print", "print-on-textured-paper", "junk", "few-legible", "few-words"],
)
def test_a_page_is_unreadable_when_little_is_read_surely(words, readable):
    assert (unreadable_reason(_page(words)) is None) is readable
