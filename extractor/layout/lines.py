"""Group words into lines: words centred on the same height, without a column-wide gap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from statistics import median

from extractor.model import BBox, Line, Word

# A word joins a line when its vertical centre is within this share of the smaller height from
# the centre of the line's first word (compared with the first word, not the last, so that a tall
# glyph such as a bullet cannot chain two neighbouring lines together).
SAME_LINE_OFFSET = 0.5
# A horizontal gap wider than this many line heights splits a line into two (separate columns).
COLUMN_GAP = 3.0
# A narrower gap, still this many line heights wide, also splits a row when it is this many times
# the row's usual word space: OCR joins a sentence and the captions of a column beside it
# (« … calculée sur la base      TOTAL HT  TOTAL TVA »).
WIDE_GAP = 1.5
WORD_SPACES = 5.0


def _same_line(anchor: Word, word: Word) -> bool:
    offset = abs((anchor.bbox[1] + anchor.bbox[3]) - (word.bbox[1] + word.bbox[3])) / 2
    smaller = min(anchor.bbox[3] - anchor.bbox[1], word.bbox[3] - word.bbox[1])
    return offset < SAME_LINE_OFFSET * smaller


def group_lines(words: Iterable[Word], page_aspect: float = 1.0) -> list[Line]:
    """Lines in reading order (top to bottom, then left to right).

    ``page_aspect`` is height / width, to compare horizontal gaps (fractions of the width) with
    line heights (fractions of the height).
    """
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bbox[1], w.bbox[0])):
        row = next(
            (r for r in reversed(rows[-4:]) if _same_line(r[0], word)),
            None,
        )
        if row is None:
            rows.append([word])
        else:
            row.append(word)
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.bbox[0])
        pieces = split_at_gaps([w.bbox for w in row], aspect=page_aspect)
        lines.extend(Line(tuple(row[i] for i in piece)) for piece in pieces)
    return sorted(lines, key=lambda line: (round(line.bbox[1], 3), line.bbox[0]))


def split_at_gaps(boxes: Sequence[BBox], aspect: float = 1.0) -> list[list[int]]:
    """Indices of left-to-right boxes of one row, cut where a gap is wider than ``COLUMN_GAP``
    line heights, or ``WIDE_GAP`` heights and ``WORD_SPACES`` usual word spaces: the cells of a
    table row, the two columns of a letterhead. ``aspect`` converts heights into widths' units
    (page height ÷ width for boxes in page fractions, 1 for pixels)."""
    height = max(b[3] - b[1] for b in boxes) * aspect
    gaps = [box[0] - previous[2] for previous, box in pairwise(boxes)]
    word_space = median(gaps) if len(gaps) >= 3 else height
    wide = max(WIDE_GAP * height, WORD_SPACES * word_space)
    pieces: list[list[int]] = [[0]]
    for index, gap in enumerate(gaps, start=1):
        if gap > min(COLUMN_GAP * height, wide):
            pieces.append([index])
        else:
            pieces[-1].append(index)
    return pieces
