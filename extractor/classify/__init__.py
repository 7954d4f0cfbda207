"""Stage 4, classify: what each page is, and which pages of a file form one document.

Each page is scored by the decisive cues of :mod:`extractor.classify.cues`. A page whose best
cue is strong starts a document of that type; a page without a strong cue continues the document
before it (an invoice's second page carries no title). Consecutive pages of one type form one
document, so an invoice and its VA scanned into one PDF come back as two documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.classify.cues import Cue, page_cues
from extractor.model import Page

# A page whose best type scores at least this starts (or confirms) a document of that type.
STRONG = 4.0


@dataclass(frozen=True)
class PageType:
    type: str
    confidence: float
    cue: Cue | None


def page_type(page: Page) -> PageType:
    """The type a page's cues vote for, with the cue that weighed most."""
    totals: dict[str, float] = {}
    best: dict[str, Cue] = {}
    for cue in page_cues(page):
        totals[cue.type] = totals.get(cue.type, 0.0) + cue.weight
        if cue.type not in best or cue.weight > best[cue.type].weight:
            best[cue.type] = cue
    if not totals:
        return PageType("autre", 0.0, None)
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    kind, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    # Confident when the winner is strong and well ahead of the runner-up.
    confidence = min(0.99, (score / (score + runner_up)) * min(1.0, score / STRONG))
    return PageType(kind, round(confidence, 3), best[kind])


@dataclass
class PageGroup:
    type: str
    confidence: float
    cue: Cue | None
    pages: list[Page]


def split_documents(pages: list[Page]) -> list[PageGroup]:
    """Runs of pages that form one document each, typed by their strongest page."""
    groups: list[PageGroup] = []
    for page in pages:
        found = page_type(page)
        starts = found.cue is not None and found.cue.weight >= STRONG
        if groups and not (starts and found.type != groups[-1].type):
            groups[-1].pages.append(page)
            if found.confidence > groups[-1].confidence and found.type == groups[-1].type:
                groups[-1].confidence, groups[-1].cue = found.confidence, found.cue
            continue
        groups.append(PageGroup(found.type, found.confidence, found.cue, [page]))
    return groups
