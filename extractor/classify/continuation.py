"""Pages that say they carry on the page before: « page 2/3 », « (suite) », or a page before that
announced more (« page 1/2 », « suite au verso »).

Such a page belongs to the document before it whatever the classifier makes of it: an invoice's
first page whose title OCR lost reads like an order (« Votre commande … »), and its second page,
with the totals, would otherwise start an invoice of its own.
"""

from __future__ import annotations

import re

from extractor.fields.text import fold
from extractor.model import Page

_PAGE_OF = re.compile(r"\bpage\s*(\d{1,2})\s*(?:/|sur|of)\s*(\d{1,2})\b")
_MORE_TO_COME = re.compile(r"suite au verso|suite page suivante|\ba suivre\b|\bt\.?s\.?v\.?p\b")
_FOLLOWS = re.compile(r"\(suite\)")


def page_of(page: Page) -> tuple[int, int] | None:
    """The « page k/n » the page prints, if it prints one that makes sense (1 ≤ k ≤ n)."""
    for match in _PAGE_OF.finditer(fold(page.text)):
        number, count = int(match[1]), int(match[2])
        if 1 <= number <= count:
            return number, count
    return None


def continues(previous: Page, page: Page) -> bool:
    """Whether ``page`` carries on the document ``previous`` belongs to."""
    here, before = page_of(page), page_of(previous)
    if here is not None:
        return here[0] > 1
    if before is not None:
        return before[0] < before[1]
    return bool(_MORE_TO_COME.search(fold(previous.text)) or _FOLLOWS.search(fold(page.text)))
