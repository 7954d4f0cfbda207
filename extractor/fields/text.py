"""A document's lines as searchable text, where every character span leads back to its words.

Field finders search line texts with regular expressions; a :class:`Span` then gives the words
under the match, hence the box to show and the OCR confidence to weigh. Geometry for reasoning
("right of", "below") uses :attr:`Span.upright`: the box on the page as read, upright.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from extractor.geometry import reading_box
from extractor.model import BBox, Page, Word, union_bbox


def page_reading_box(box: BBox, page: Page) -> BBox:
    return reading_box(box, page.rotation, page.skew, page.height / page.width)


def fold(text: str) -> str:
    """Lower case without accents, one character for one (so spans stay valid)."""
    out = []
    for char in text.lower():
        decomposed = unicodedata.normalize("NFKD", char)
        out.append(decomposed[0] if decomposed and decomposed[0].isascii() else char)
    return "".join(out)


@dataclass(frozen=True)
class LineText:
    page: Page
    index: int  # position of the line among all the document's lines
    text: str
    folded: str
    offsets: tuple[tuple[int, int, Word], ...]  # (start, end, word) in ``text``

    def words_between(self, start: int, end: int) -> tuple[Word, ...]:
        return tuple(w for s, e, w in self.offsets if s < end and start < e)

    @cached_property
    def upright(self) -> BBox:
        return page_reading_box(union_bbox([w.bbox for _, _, w in self.offsets]), self.page)


@dataclass(frozen=True)
class Span:
    line: LineText
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start : self.end]

    @cached_property
    def words(self) -> tuple[Word, ...]:
        return self.line.words_between(self.start, self.end)

    @cached_property
    def bbox(self) -> BBox:
        return union_bbox([w.bbox for w in self.words])

    @cached_property
    def upright(self) -> BBox:
        return page_reading_box(self.bbox, self.line.page)

    @property
    def page(self) -> int:
        return self.line.page.number

    @cached_property
    def is_caption(self) -> bool:
        """Whether this span is most of its line (a cell, a caption), not a few words inside a
        sentence: only such a label may name a value that stands apart from it."""
        line = self.line.folded
        own = sum(c.isalnum() for c in line[self.start : self.end])
        rest = sum(c.isalnum() for c in line) - own
        return rest <= max(own, 12)

    @property
    def ocr_confidence(self) -> float:
        return min(w.confidence for w in self.words)


def same_row(a: BBox, b: BBox) -> bool:
    """Two upright boxes on one row: their vertical centres within 0.6 × the smaller height."""
    offset = abs((a[1] + a[3]) - (b[1] + b[3])) / 2
    return offset < 0.6 * max(min(a[3] - a[1], b[3] - b[1]), 1e-4)


def continues(above: BBox, below: BBox) -> bool:
    """Whether ``below`` is the next line of the paragraph ``above`` belongs to: just under it,
    starting at the same margin."""
    height = max(above[3] - above[1], 1e-4)
    gap = below[1] - above[3]
    return -0.2 * height <= gap <= 1.5 * height and abs(below[0] - above[0]) < 0.05


def _left_neighbours(by_page: dict[int, list[LineText]]) -> dict[int, int]:
    """Per page, lines sorted by vertical centre: only those within a line height are compared."""
    neighbours: dict[int, int] = {}
    for lines in by_page.values():
        page_lines = sorted(lines, key=lambda line: line.upright[1] + line.upright[3])
        centres = [line.upright[1] + line.upright[3] for line in page_lines]
        for line in page_lines:
            box = line.upright
            reach = 2 * (box[3] - box[1])
            low = bisect_left(centres, box[1] + box[3] - reach)
            high = bisect_right(centres, box[1] + box[3] + reach)
            left = [
                other
                for other in page_lines[low:high]
                if other is not line
                and other.upright[2] <= box[0] + 0.005
                and same_row(other.upright, box)
            ]
            if left:
                neighbours[line.index] = max(left, key=lambda other: other.upright[2]).index
    return neighbours


def _line_text(page: Page, index: int, words: tuple[Word, ...]) -> LineText:
    offsets, parts, position = [], [], 0
    for word in words:
        text = unicodedata.normalize("NFC", word.text)
        offsets.append((position, position + len(text), word))
        parts.append(text)
        position += len(text) + 1
    text = " ".join(parts)
    return LineText(page, index, text, fold(text), tuple(offsets))


@dataclass
class DocumentText:
    lines: list[LineText]
    # For each line, the nearest line to its left on the same row (a label separated from its
    # value by a column gap), if any.
    left_neighbours: dict[int, int]
    by_page: dict[int, list[LineText]]  # page number → its lines

    @classmethod
    def of(cls, pages: list[Page]) -> DocumentText:
        lines: list[LineText] = []
        by_page: dict[int, list[LineText]] = {}
        for page in pages:
            for line in page.lines:
                if line.words:
                    lines.append(_line_text(page, len(lines), line.words))
                    by_page.setdefault(page.number, []).append(lines[-1])
        return cls(lines, _left_neighbours(by_page), by_page)

    def on_page(self, page: Page) -> list[LineText]:
        return self.by_page.get(page.number, [])

    def left_neighbour(self, line: LineText) -> LineText | None:
        index = self.left_neighbours.get(line.index)
        return None if index is None else self.lines[index]

    def next_in_paragraph(self, line: LineText) -> LineText | None:
        """The line the text of ``line`` wraps to, if any."""
        following = [
            other
            for other in self.on_page(line.page)
            if other is not line and continues(line.upright, other.upright)
        ]
        return min(following, key=lambda other: other.upright[1], default=None)

    def right_neighbours(self, line: LineText) -> list[LineText]:
        """The cells just right of ``line`` on its row (whose left neighbour it is)."""
        return [self.lines[i] for i, left in self.left_neighbours.items() if left == line.index]

    def search(self, pattern: re.Pattern[str], folded: bool = False) -> Iterator[Span]:
        """Every match of ``pattern`` in every line (on the folded text when asked)."""
        for line in self.lines:
            for match in pattern.finditer(line.folded if folded else line.text):
                if line.words_between(match.start(), match.end()):
                    yield Span(line, match.start(), match.end())
