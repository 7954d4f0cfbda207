"""Group words into lines: words centred on the same height, without a column-wide gap."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from extractor.model import Line, Word

# A word joins a line when its vertical centre is within this share of the smaller height from
# the centre of the line's first word (compared with the first word, not the last, so that a tall
# glyph such as a bullet cannot chain two neighbouring lines together).
SAME_LINE_OFFSET = 0.5
# A horizontal gap wider than this many line heights splits a line into two (separate columns).
COLUMN_GAP = 3.0


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
        lines.extend(_split_columns(sorted(row, key=lambda w: w.bbox[0]), page_aspect))
    return sorted(lines, key=lambda line: (round(line.bbox[1], 3), line.bbox[0]))


def _split_columns(row: list[Word], page_aspect: float) -> list[Line]:
    height = max(w.bbox[3] - w.bbox[1] for w in row) * page_aspect
    pieces: list[list[Word]] = [[row[0]]]
    for previous, word in pairwise(row):
        if word.bbox[0] - previous.bbox[2] > COLUMN_GAP * height:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return [Line(tuple(piece)) for piece in pieces]
