"""Stage 4, classify: what each page is, and which pages of a file form one document.

Two voices. The decisive cues of :mod:`extractor.classify.cues` (a title, « vérification
d'aptitude », « recette prononcée »…) decide when they are decisive and unambiguous: one type,
and only one, has a strong cue. Otherwise the trained classifier of
:mod:`extractor.classify.model` decides (no strong cue: a title lost to OCR; or strong cues of two
types: a tie). Either way the document names the cue that decided, or the strongest cue of the
type the classifier chose.

A page starts a document when it is decisively of another type than the document before it, or
when the classifier is sure it is and the page shows a cue of that type; any other page continues
the document before it (an invoice's second page carries no title), and so does a page the
numbering ties to it (« page 2/2 », « suite au verso »: :mod:`extractor.classify.continuation`).
An invoice and its VA scanned into one PDF come back as two documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.classify.continuation import continues
from extractor.classify.cues import Cue, page_cues
from extractor.classify.model import DoctypeModel, load_model
from extractor.model import Page

# A cue weighing at least this (title boost included) is strong: its type is then decisive,
# unless another type has a strong cue too.
STRONG = 4.0
# How often a decisive cue alone is taken to be right (a cautious prior: on the dev documents they
# were never wrong, models/doctype/scores.json); combined with the classifier's probability into
# the reported confidence.
CUE_RELIABILITY = 0.9
# A page without a decisive cue starts a document of another type when the classifier is this sure.
SURE_START = 0.9
MAX_CONFIDENCE = 0.995


@dataclass(frozen=True)
class TypeDecision:
    type: str
    confidence: float
    cue: Cue | None
    decisive: bool  # a cue decided, not the classifier


def decide(cues: list[Cue], probabilities: dict[str, float]) -> TypeDecision:
    """The type of a page (or of a run of pages) from its cues and the classifier's output."""
    strongest: dict[str, Cue] = {}
    for cue in cues:
        if cue.type not in strongest or cue.weight > strongest[cue.type].weight:
            strongest[cue.type] = cue
    strong = [kind for kind, cue in strongest.items() if cue.weight >= STRONG]
    # A page without text gets even odds: "autre" wins the tie.
    predicted = max(probabilities, key=lambda kind: (probabilities[kind], kind == "autre"))
    if len(strong) == 1:
        kind = strong[0]
        confidence = _agreement(probabilities[kind], agrees=kind == predicted)
        return TypeDecision(kind, confidence, strongest[kind], True)
    confidence = min(MAX_CONFIDENCE, probabilities[predicted])
    return TypeDecision(predicted, confidence, strongest.get(predicted), False)


def _agreement(probability: float, agrees: bool) -> float:
    """Confidence in a decisive cue: both voices agreeing (either one being right is enough),
    or the classifier dissenting (the mean of the two)."""
    if agrees:
        return min(MAX_CONFIDENCE, 1 - (1 - probability) * (1 - CUE_RELIABILITY))
    return (probability + CUE_RELIABILITY) / 2


@dataclass
class PageGroup:
    """A run of pages forming one document, typed from all their cues and the mean of the
    classifier's page probabilities."""

    pages: list[Page]
    cues: list[Cue]
    probabilities: list[dict[str, float]]
    decision: TypeDecision = field(init=False)

    def __post_init__(self) -> None:
        self.decision = decide(self.cues, _mean(self.probabilities))

    def add(self, page: Page, cues: list[Cue], probabilities: dict[str, float]) -> None:
        self.pages.append(page)
        self.cues.extend(cues)
        self.probabilities.append(probabilities)
        self.decision = decide(self.cues, _mean(self.probabilities))

    @property
    def type(self) -> str:
        return self.decision.type

    @property
    def confidence(self) -> float:
        return round(self.decision.confidence, 3)

    @property
    def cue(self) -> Cue | None:
        return self.decision.cue


def split_documents(pages: list[Page], model: DoctypeModel | None = None) -> list[PageGroup]:
    """Runs of pages that form one document each (typed with the installed model by default)."""
    probabilities = (model or load_model()).predict([page.text for page in pages])
    groups: list[PageGroup] = []
    for page, page_probabilities in zip(pages, probabilities, strict=True):
        cues = page_cues(page)
        found = decide(cues, page_probabilities)
        if groups and (
            continues(groups[-1].pages[-1], page) or not _starts_another(found, groups[-1])
        ):
            groups[-1].add(page, cues, page_probabilities)
        else:
            groups.append(PageGroup([page], cues, [page_probabilities]))
    return groups


def _starts_another(found: TypeDecision, group: PageGroup) -> bool:
    """A decisive page of another type, or one the classifier is sure of and that shows a cue
    of its type (a continuation page, a page of terms of sale, never starts a document alone)."""
    if found.type == group.type:
        return False
    return found.decisive or (found.confidence >= SURE_START and found.cue is not None)


def _mean(probabilities: list[dict[str, float]]) -> dict[str, float]:
    kinds = probabilities[0].keys()
    return {kind: sum(p[kind] for p in probabilities) / len(probabilities) for kind in kinds}
