"""Where a page is signed: under and beside the labels that call for a signature, and its foot.

A zone is a rectangle in working pixels (upright page). Labels are words such as « Signature »,
« cachet », « Lu et approuvé », « Le directeur », « Bon pour accord », and lines that open with
« Fait à » or « Pour … » (« Pour l'éditeur », « Pour le maître d'ouvrage »).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from extractor.marks.workpage import WorkPage

LABEL_WORDS = frozenset(
    {
        *("signature", "signatures", "signe", "signee", "signataire", "cachet", "tampon"),
        *("visa", "approuve", "approuvee", "accord", "directeur", "directrice", "gerant"),
        *("gerante", "president", "presidente", "responsable", "representant", "biologiste"),
    }
)
LINE_OPENERS = frozenset({"fait", "pour"})
# A zone reaches this far from its label (mm): left, right, above, below.
ZONE_LEFT, ZONE_RIGHT, ZONE_ABOVE, ZONE_BELOW = 25.0, 110.0, 10.0, 75.0
# The foot of the page: its lower share, where signatures go when no label says where.
FOOT_SHARE = 0.45

Zone = tuple[int, int, int, int]


@dataclass(frozen=True)
class Zones:
    labelled: tuple[Zone, ...]
    foot: Zone

    def weight(self, box: tuple[int, int, int, int]) -> float:
        """1 for a box centred in a labelled zone, 0.5 at the page's foot only, else 0."""
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if any(z[0] <= cx <= z[2] and z[1] <= cy <= z[3] for z in self.labelled):
            return 1.0
        foot = self.foot
        return 0.5 if foot[0] <= cx <= foot[2] and foot[1] <= cy <= foot[3] else 0.0

    def bounds(self, margin: tuple[int, int] = (0, 0)) -> Zone:
        """The rectangle holding every zone, ``margin`` px (across, down) wider on each side
        (the page's edges permitting: the foot spans the page's width and reaches its bottom)."""
        zones = (*self.labelled, self.foot)
        right, bottom = self.foot[2], self.foot[3]
        return (
            max(0, min(z[0] for z in zones) - margin[0]),
            max(0, min(z[1] for z in zones) - margin[1]),
            min(right, max(z[2] for z in zones) + margin[0]),
            min(bottom, max(z[3] for z in zones) + margin[1]),
        )


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if c.isalpha())


def label_boxes(work: WorkPage) -> list[tuple[int, int, int, int]]:
    labels = [w.box for w in work.words if plain(w.text) in LABEL_WORDS]
    labels += [line[0].box for line in work.lines if line and plain(line[0].text) in LINE_OPENERS]
    return labels


def zone_of(label: tuple[int, int, int, int], work: WorkPage) -> Zone:
    height, width = work.ink.shape
    x0, y0, _, y1 = label
    return (
        max(0, x0 - work.mm(ZONE_LEFT)),
        max(0, y0 - work.mm(ZONE_ABOVE)),
        min(width, x0 + work.mm(ZONE_RIGHT)),
        min(height, y1 + work.mm(ZONE_BELOW)),
    )


def signing_zones(work: WorkPage) -> Zones:
    height, width = work.ink.shape
    foot = (0, int(height * (1 - FOOT_SHARE)), width, height)
    return Zones(tuple(zone_of(label, work) for label in label_boxes(work)), foot)
