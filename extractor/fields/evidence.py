"""How strongly a label supports a value, from where the two stand on the page.

Geometry is taken upright (the page as read): a label supports a value to its right on the same
row, the value just below it, or (more weakly) a value further down its column, as in a table
whose header names the column. The confidence of a candidate combines that support, the decoy
labels nearer to it than its own, the checksum, the repairs and the OCR confidence of its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from extractor.fields.labels import Label
from extractor.fields.text import DocumentText, Span, continues, same_row
from extractor.model import BBox

SAME_LINE = 1.0
SAME_ROW = 0.95
JUST_BELOW = 0.85
COLUMN = 0.5
# "Just below" a label: a gap under it of up to 2.5 of its heights; the support then fades to a
# column's by 3.5 heights (a capitals-only label's box is short: 3.5 of its heights is about two
# lines of text, but also where a table's first row stands under its header).
JUST_BELOW_HEIGHTS = (2.5, 3.5)
# A label ending its line names the value the text wraps to the start of the next line.
WRAPPED = 0.85
# A value that only touches a column's edge (within the slack) belongs to it less surely than one
# under it: the tie-breaker between two neighbouring headers of a table.
TOUCHING = 0.9
COLUMN_SLACK = 0.02
_TRAILING = " :–-—"
# A line of at most this many words may be a table's header row (its captions head columns).
HEADER_ROW_WORDS = 8


def _height(box: BBox) -> float:
    return max(box[3] - box[1], 1e-4)


def _column_overlap(label: BBox, value: BBox) -> float:
    """How far the value's extent overlaps the label's (negative: the gap between them)."""
    return min(label[2], value[2]) - max(label[0], value[0])


def geometric_support(label: Span, value: Span, text: DocumentText) -> float:
    """0 when ``label`` cannot be the label of ``value``; up to 1 when it stands right before it.

    On one row, the label must be a caption and the nearest line to the value's left: a label
    further left belongs to whatever stands between them. Above a value, the label may also sit in
    a short line of captions (a table's header row), not inside a sentence.
    """
    if label.page != value.page:
        return 0.0
    if label.line is value.line:
        return _same_line_support(label, value)
    if _wrapped(label, value):
        return WRAPPED
    lab, val = label.upright, value.upright
    if same_row(lab, val):
        if not label.is_caption or text.left_neighbour(value.line) is not label.line:
            return 0.0
        return max(0.0, SAME_ROW - 0.1 * (val[0] - lab[2]))
    if not (label.is_caption or len(label.line.offsets) <= HEADER_ROW_WORDS):
        return 0.0
    below, overlap = val[1] - lab[3], _column_overlap(lab, val)
    if below < -0.2 * _height(lab) or overlap <= -COLUMN_SLACK:
        return 0.0
    in_a_cell = len(value.line.offsets) <= HEADER_ROW_WORDS
    return _below_support(below, _height(lab), in_a_cell) * (1.0 if overlap > 0 else TOUCHING)


def _below_support(below: float, label_height: float, in_a_cell: bool) -> float:
    """Just below the label, then fading to a column's support, none half a page down. Down a
    column, a value stands in a cell: a figure inside a sentence further down (an IBAN's digit
    groups, a footer's RCS number) is named by that sentence's words, not by a header."""
    near, far = (h * label_height for h in JUST_BELOW_HEIGHTS)
    if below <= near:
        return JUST_BELOW
    if below <= far:
        return JUST_BELOW - (JUST_BELOW - COLUMN) * (below - near) / (far - near)
    return COLUMN if below <= 0.5 and in_a_cell else 0.0


def _wrapped(label: Span, value: Span) -> bool:
    """The label ends its line and the value starts the next line of the same paragraph
    (« … – FINESS géographique » / « 373874882 »)."""
    if label.line.text[label.end :].strip(_TRAILING) or value.line.text[: value.start].strip(
        _TRAILING
    ):
        return False
    return continues(label.line.upright, value.line.upright)


def _same_line_support(label: Span, value: Span) -> float:
    """The nearer the label before the value, the stronger (so the nearest of two labels wins);
    an « RCS » label also names the SIREN just before it (« B 421 938 861 RCS Paris »)."""
    if label.end <= value.start:
        return max(0.7, SAME_LINE - 0.004 * (value.start - label.end))
    if (
        label.line.folded[label.start : label.end].startswith("r")
        and 0 <= label.start - value.end <= 3
    ):
        return 0.95
    return 0.0


@dataclass(frozen=True)
class Support:
    score: float
    label: Label | None

    @property
    def name(self) -> str | None:
        return self.label.name if self.label else None


NONE = Support(0.0, None)
# Labels that announce a value less surely than the field's own (« Date : » may head any date).
LABEL_WEIGHTS = {"date": 0.75, "finess": 0.8, "dossier": 0.7, "structure": 0.7}


def best_support(value: Span, labels: list[Label], text: DocumentText) -> Support:
    """The label among ``labels`` that most supports ``value``."""
    best = NONE
    for label in labels:
        score = geometric_support(label.span, value, text) * LABEL_WEIGHTS.get(label.name, 1.0)
        if score > best.score:
            best = Support(score, label)
    return best


class Score(NamedTuple):
    """``evidence`` ranks the readings of one field (what the page says about the value's role);
    ``confidence`` also weighs how surely the characters were read (the OCR's word confidence)."""

    evidence: float
    confidence: float


def confidence(
    own: Support,
    decoy: Support,
    ocr: float,
    checksum: bool | None = None,
    repairs: int = 0,
    prior: float = 0.0,
) -> Score:
    """How sure to be of a candidate, from its evidence (see the module docstring).

    Weights are set so that candidates given ≥ 0.9 are right at least 95 % of the time on the
    generated corpus (``segur eval``'s calibration figure).
    """
    evidence = 0.35 + 0.55 * own.score + prior
    if decoy.score > own.score:
        evidence *= 0.35
    if checksum is True:
        evidence += 0.1
    elif checksum is False:
        evidence *= 0.6
    evidence -= 0.15 * repairs
    return Score(evidence, round(max(0.0, min(0.99, evidence * (0.4 + 0.6 * ocr))), 3))
