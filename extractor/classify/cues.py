"""Decisive cues of each document type, and where on a page they count most.

A cue is a phrase of the folded text (lower case, no accents). Its weight is multiplied when it
stands in the page's title zone (top third of the page, or a line taller than the running text):
a document says what it is in its title. « Procès-verbal de vérification d'aptitude » is a VA;
a procès-verbal de recette speaks of « recette », « réserves », « prononcé de la recette ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from extractor.fields.text import fold
from extractor.geometry import reading_box
from extractor.model import BBox, Page

TYPES = (
    "facture",
    "va",
    "pv_recette",
    "bon_de_commande",
    "mom",
    "compte_rendu",
    "catalogue_loinc",
    "autre",
)

# (type, weight, pattern over folded text); the longest, most specific cues first.
CUES: tuple[tuple[str, float, str], ...] = (
    ("va", 5.0, r"proces[- ]verbal de verification d'?\s?aptitude"),
    ("va", 4.0, r"attestation de verification d'?\s?aptitude"),
    ("va", 3.0, r"verification d'?\s?aptitude"),
    ("pv_recette", 5.0, r"proces[- ]verbal de recette|pv de recette"),
    ("pv_recette", 3.0, r"recette (?:prononcee|provisoire|definitive|ajournee)"),
    ("pv_recette", 2.5, r"prononce de la recette|date du prononce"),
    ("pv_recette", 1.0, r"\breserves?\b"),
    ("facture", 4.0, r"^\s*facture\b|\bfacture n|\bfacture (?:du|numero)|^\s*avoir\b|\binvoice\b"),
    ("facture", 4.0, r"\bn[°o] de facture\b|\bnumero de facture\b|\bdate de (?:la )?facture\b"),
    ("facture", 1.5, r"\btotal ttc\b|\bnet a payer\b|\breste a payer\b"),
    ("facture", 1.0, r"\btva\b|\bmontant ht\b|\btotal ht\b"),
    ("bon_de_commande", 4.0, r"bon de commande|bon pour accord"),
    ("bon_de_commande", 1.5, r"\bcommande n|date de commande"),
    ("mom", 5.0, r"maitrise d'?\s?ouvrage mandatee|maitre d'?\s?ouvrage mandate"),
    ("mom", 1.5, r"\bmandataire\b|\bmandat\b"),
    ("compte_rendu", 4.0, r"compte[- ]rendu (?:de |d')?(?:biologie|analyses?|d'examens?)"),
    ("compte_rendu", 2.0, r"valeurs? de reference|\bpatient\b|\bprelevement\b|\bbiologiste\b"),
    ("catalogue_loinc", 4.0, r"catalogue .{0,40}loinc|transcod\w* .{0,20}loinc"),
    ("catalogue_loinc", 2.0, r"\bloinc\b"),
)
_COMPILED = tuple((kind, weight, re.compile(pattern)) for kind, weight, pattern in CUES)
TITLE_BOOST = 2.5


@dataclass(frozen=True)
class Cue:
    type: str
    weight: float
    text: str
    page: int
    bbox: BBox
    in_title: bool


def page_cues(page: Page) -> list[Cue]:
    """Every cue on the page, weighted by where it stands."""
    heights = [line.bbox[3] - line.bbox[1] for line in page.lines]
    typical = median(heights) if heights else 0.0
    aspect = page.height / page.width
    cues = []
    for line in page.lines:
        folded = fold(line.text)
        box = reading_box(line.bbox, page.rotation, page.skew, aspect)
        title = box[1] < 0.33 or (line.bbox[3] - line.bbox[1]) > 1.4 * typical
        for kind, weight, pattern in _COMPILED:
            match = pattern.search(folded)
            if match:
                boost = TITLE_BOOST if title and weight >= 3 else 1.0
                text = line.text[match.start() : match.end()]
                cues.append(Cue(kind, weight * boost, text, page.number, line.bbox, title))
    return cues
