"""The scenario section of a VA: which of « DMP », « MSSanté Pro », « MSSanté Citoyen » are
ticked, the identDMP and the MSSanté addresses written beside them.

Boxes come first, labels second. On a page that names a scenario, every box is found: ☐/☒ glyphs
of a text layer, else squares drawn on the image. Each box takes the name of the words after it
on its row (« ☒ Alimentation du DMP »); of the words before it when it closes its row (« DMP :
☒ ») or is the « Oui » of a yes/no pair; else of its column's heading (a multi-site table).
Boxes of anything else (« Recette prononcée sans réserve », a « Non ») are dropped. On an image,
ticked or not is read from the ink inside the box, never from what OCR made of it (« O », « [] »,
« D »…).
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from extractor.fields.repair import letters_to_digits, read_identifier
from extractor.fields.text import DocumentText, LineText, fold, page_reading_box, same_row
from extractor.geometry import overlap_share
from extractor.identifiers import identdmp, mss
from extractor.marks.checkboxes import UprightPage, find_squares
from extractor.model import BBox, Page, Scenario, ScenarioBox, TextSource, Word

DMP = re.compile(r"\b[do0]\.?m\.?p\b|dossier medical partage")  # OCR reads « DMP » « OMP »
# « MSSanté » in a label, not in an address (« biologie@lab.mssante.fr »).
# « MSS Pro », « MSS Cit. » of a table's headings OCR may read as one word (« MSSPro »).
MSS = re.compile(r"\bmss(?:\b|(?=pro|cit|pat))|(?<![.@\w-])m\s?s\s?sante|messagerie")
CITIZEN = re.compile(r"citoyen|patient|usager|(?:\b|mss)cit\b")
YES = re.compile(r"o[uv][il1t|]|yes")  # « Oui » as OCR reads it (« Oul », « Out »…)
TICKED_GLYPHS = frozenset("☒☑✓✔✗✘■⊠☓")
EMPTY_GLYPHS = frozenset("☐□❑❒")
GLYPH_CONFIDENCE = 0.99
IDENT_DMP = re.compile(r"(?<![\w])[1Il|](?:[ .]?[0-9OoIlSBZG|]){9}(?![\w])")
IDENT_DMP_LABEL = re.compile(r"ident\s?dmp|idnat")
# The local part is a word, or digits OCR may have cut with spaces or read as « | » (a
# citizen's INS).
MSS_ADDRESS = re.compile(r"(?:\d[\d |l]*[\d|l]|[\w.+-]+)\s?[@©]\s?[\w-]+(?:\s?\.\s?[\w-]+)+")
MSS_DOMAIN_END = re.compile(r"mssante(?:\.f?r?)?$")
# How far, in box widths, the words naming a box may start from it, and the widest gap within
# them; how far above a box, in box heights, its column heading may stand.
LABEL_REACH = 3.0
WORD_GAP = 0.8
HEADING_REACH = 16.0
# A square inside a word this many times wider than itself is one of its letters.
WORD_WIDTHS = 2.0
TALLER_THAN_TEXT = 1.2
# A box's side, in the page's word heights (:func:`text_height`): printed boxes measured 1.0 to 2.0
# (a text layer's words are taller than OCR's, from the font's ascent to its descent).
SIDES = (0.8, 3.5)
SMALLER = 0.65  # a square this share of the side of the page's other boxes is none
# The rows searched for boxes, in line heights above the first scenario label and below the last
# (a table's boxes stand in rows under its column headings).
ROWS_ABOVE = 3.0
ROWS_BELOW = 24.0
# Below the last box, the lines still read for identDMP, in median line heights.
SECTION_TAIL = 6.0


@dataclass(frozen=True)
class Placed:
    """A word and its box on the page as read (upright, levelled)."""

    word: Word
    box: BBox


@dataclass(frozen=True)
class FoundBox:
    """A box found on a page: upright box (to reason with), stored box (to report), tick."""

    upright: BBox
    stored: BBox
    ticked: bool
    confidence: float


def read_scenario(pages: Sequence[Page], image_of: Callable[[int], np.ndarray]) -> Scenario | None:
    """The scenario boxes, identDMP and MSSanté addresses of a document's pages; None when it has
    no scenario section. ``image_of(number)`` gives a page as stored; it is called only for pages
    that name a scenario and carry no box glyphs in their text layer."""
    text = DocumentText.of(list(pages))
    boxes: list[ScenarioBox] = []
    bands: dict[int, tuple[float, float]] = {}
    for page in pages:
        lines = text.on_page(page)
        if any(scenario_name(line.folded) for line in lines):
            named = page_boxes(page, lines, image_of)
            boxes.extend(box for box, _ in named)
            bands[page.number] = section_band(lines, [upright for _, upright in named])
    # Only the pages naming a scenario are read: an invoice's contact address is no scenario's.
    section = DocumentText.of([page for page in pages if page.number in bands])
    ident_dmp = ident_dmp_numbers(section, bands)
    pro, citizen = mss_addresses(section)
    if not boxes and not ident_dmp and not pro and not citizen:
        return None
    return Scenario(
        dmp=ticked(boxes, "dmp"),
        mss_pro=ticked(boxes, "mss_pro"),
        mss_citoyen=ticked(boxes, "mss_citoyen"),
        ident_dmp=ident_dmp,
        mss_pro_address=pro,
        mss_citoyen_address=citizen,
        boxes=tuple(boxes),
    )


def scenario_name(folded: str) -> str | None:
    """The scenario a label names (folded text), by its first keyword; None if it names none."""
    dmp, messaging = DMP.search(folded), MSS.search(folded)
    if messaging and (not dmp or messaging.start() < dmp.start()):
        return "mss_citoyen" if CITIZEN.search(folded) else "mss_pro"
    if dmp:
        return "dmp"
    # « Envoi des résultats vers les patients / citoyens »: sent to them, hence by MSSanté.
    return "mss_citoyen" if CITIZEN.search(folded) else None


def ticked(boxes: list[ScenarioBox], name: str) -> bool | None:
    """Ticked if any of its boxes is (one per site on a multi-site VA); None without a box."""
    own = [box.ticked for box in boxes if box.name == name]
    return any(own) if own else None


# --- Boxes --------------------------------------------------------------------------------------


def page_boxes(
    page: Page, lines: list[LineText], image_of: Callable[[int], np.ndarray]
) -> list[tuple[ScenarioBox, BBox]]:
    """The page's scenario boxes, each with its upright box."""
    words = [
        Placed(w, page_reading_box(w.bbox, page)) for line in lines for _, _, w in line.offsets
    ]
    named = named_boxes(page, glyph_boxes(words), words)
    if not named or page.source is not TextSource.TEXT_LAYER:
        named = named_boxes(page, image_boxes(page, lines, image_of(page.number)), words)
    return sorted(named, key=lambda item: (item[1][1], item[1][0]))


def named_boxes(
    page: Page, found: list[FoundBox], words: list[Placed]
) -> list[tuple[ScenarioBox, BBox]]:
    """The boxes found that name a scenario, each with its upright box."""
    found = [box for box in found if not is_letter(box, words)]
    words = [kept for p in words if (kept := without_boxes(p, found)) is not None]
    named: list[tuple[ScenarioBox, BBox, float]] = []
    for box in found:
        name = box_name(box, words, found)
        if name is not None:
            scenario_box = ScenarioBox(name, box.ticked, page.number, box.stored, box.confidence)
            named.append((scenario_box, box.upright, _side(box)))
    if len(named) >= 3:
        # A form's boxes are drawn alike: a square half their size beside a label is a letter
        # (the « D » of a small « identDMP » OCR misplaced), however well it is named.
        usual = statistics.median(side for _, _, side in named)
        named = [item for item in named if item[2] >= SMALLER * usual]
    return [(scenario_box, upright) for scenario_box, upright, _ in named]


def _side(box: FoundBox) -> float:
    """A box's side on the upright page (its height, in page heights: the rows' unit)."""
    return box.upright[3] - box.upright[1]


def glyph_boxes(words: list[Placed]) -> list[FoundBox]:
    """☐ and ☒ (and their kin) typed into a text layer: their glyph says whether it is ticked."""
    found = []
    for placed in words:
        text = placed.word.text.strip()
        if placed.word.source is TextSource.OCR or not text:
            continue
        if text[0] in TICKED_GLYPHS or text[0] in EMPTY_GLYPHS:
            share = 1 / len(text)  # a glyph stuck to its label: its share of the word
            found.append(
                FoundBox(
                    _first_share(placed.box, share),
                    _first_share(placed.word.bbox, share),
                    text[0] in TICKED_GLYPHS,
                    GLYPH_CONFIDENCE,
                )
            )
    return found


def _first_share(box: BBox, share: float) -> BBox:
    return (box[0], box[1], box[0] + (box[2] - box[0]) * share, box[3])


def image_boxes(page: Page, lines: list[LineText], image: np.ndarray) -> list[FoundBox]:
    """Squares drawn on the page image about its scenario labels, sized like the page's text."""
    line_height = text_height(page, lines)
    labels = [line.upright for line in lines if scenario_name(line.folded)]
    rows = (
        min(box[1] for box in labels) - ROWS_ABOVE * line_height,
        max(box[3] for box in labels) + ROWS_BELOW * line_height,
    )
    upright = UprightPage.of(image, page.rotation, page.skew, rows)
    height = line_height * upright.size[1]
    return [
        FoundBox(upright.upright_box(s), upright.stored_box(s), s.ticked, s.confidence)
        for s in find_squares(upright, (SIDES[0] * height, SIDES[1] * height))
    ]


def text_height(page: Page, lines: list[LineText]) -> float:
    """The height of the page's words (median), upright, as a share of the page's height.

    A word's box on a page scanned askew is the upright rectangle around the tilted word: taller
    than the word by its width × sin(skew), and a line's box by its longest word's (a fax tilted by
    4° made its lines twice the words' height, and its boxes looked too small to be any).
    Levelling moves boxes without shrinking them, so that share is taken off each word."""
    tilt = abs(math.sin(math.radians(page.skew)))
    turned = page.rotation % 180 == 90
    aspect = (page.width / page.height) if turned else (page.height / page.width)
    heights = []
    for line in lines:
        for _, _, word in line.offsets:
            x0, y0, x1, y1 = page_reading_box(word.bbox, page)
            width, height = (x1 - x0), (y1 - y0) * aspect  # both in page widths
            heights.append(max(height - width * tilt, 0.5 * height) / aspect)
    if not heights:
        return statistics.median(line.upright[3] - line.upright[1] for line in lines)
    return statistics.median(heights)


def without_boxes(placed: Placed, boxes: list[FoundBox]) -> Placed | None:
    """The word without what OCR made of a box it covers: none left of « [] », « C] », « Wii »;
    « out » left of « Aout » (« ☑ Oui » read as one word)."""
    x0, y0, x1, y1 = placed.box
    text = placed.word.text
    for box in boxes:
        if overlap_share(placed.box, box.upright) <= 0.3:
            continue
        left, right = box.upright[0], box.upright[2]
        if x1 - right > right - left:  # letters after the box
            cut = int(len(text) * (right - x0) / (x1 - x0))  # a letter too many, not too few
            return Placed(replace(placed.word, text=text[cut:]), (right, y0, x1, y1))
        if left - x0 > right - left:  # letters before it
            cut = math.ceil(len(text) * (left - x0) / (x1 - x0))
            return Placed(replace(placed.word, text=text[:cut]), (x0, y0, left, y1))
        return None
    return placed


def is_letter(box: FoundBox, words: list[Placed]) -> bool:
    """Whether ``box`` is a letter (a bold « O », the bowl of a « D »): it lies inside a word much
    wider than itself and is no taller than the other words of its row. A box OCR merged into
    the word after it (« ☑ Oui » read « Aout ») stands taller than its row's text."""
    x0, y0, x1, y1 = box.upright
    inside = any(
        overlap_share(box.upright, p.box) > 0.5 and p.box[2] - p.box[0] > WORD_WIDTHS * (x1 - x0)
        for p in words
    )
    if not inside:
        return False
    row = [
        p.box[3] - p.box[1]
        for p in words
        if _on_row(p.box, box.upright) and overlap_share(p.box, box.upright) == 0
    ]
    return not row or y1 - y0 < TALLER_THAN_TEXT * statistics.median(row)


def box_name(box: FoundBox, words: list[Placed], boxes: list[FoundBox]) -> str | None:
    """The scenario ``box`` stands for: named by the words after it on its row; by the words
    before it when it ends its row (« DMP : ☒ ») or is the « Oui » of a yes/no pair; else by
    the heading of its column (a table). A « Non » box stands for none."""
    after = label_text(row_words(box, words, boxes, rightwards=True))
    if after and not YES.fullmatch(after):
        return scenario_name(after)
    # A question's answers often stand in a column of their own, far from it.
    reach = math.inf if after else LABEL_REACH
    before = label_text(row_words(box, words, boxes, rightwards=False, reach=reach))
    if after or scenario_name(before):
        return scenario_name(before)
    return scenario_name(label_text(column_heading(box, words)))


def label_text(words: list[Placed]) -> str:
    """The words' folded text; empty when it holds no letter or digit (a speck read « . »)."""
    text = fold(" ".join(p.word.text for p in words)).strip(" :[]|()")
    return text if any(char.isalnum() for char in text) else ""


def row_words(
    box: FoundBox,
    words: list[Placed],
    boxes: list[FoundBox],
    rightwards: bool,
    reach: float = LABEL_REACH,
) -> list[Placed]:
    """The words beside ``box`` on its row, on one side, up to a column gap or another box; the
    first of them within ``reach`` box widths of it."""

    def seen(b: BBox) -> BBox:
        return b if rightwards else _mirrored(b)

    x0, _, x1, _ = seen(box.upright)
    width = x1 - x0
    stop = min(
        (
            seen(other.upright)[0]
            for other in boxes
            if seen(other.upright)[0] > x1 and _on_row(other.upright, box.upright)
        ),
        default=2.0,
    )
    beside = sorted(
        (
            p
            for p in words
            if _on_row(p.box, box.upright) and x0 + width / 2 < seen(p.box)[0] < stop
        ),
        key=lambda p: seen(p.box)[0],
    )
    label: list[Placed] = []
    edge, gap = x1, reach * width
    for placed in beside:
        if seen(placed.box)[0] - edge > gap:
            break
        label.append(placed)
        edge, gap = seen(placed.box)[2], WORD_GAP * width
    return label if rightwards else label[::-1]


def _mirrored(box: BBox) -> BBox:
    """A box seen in a mirror (x negated): what stands before it is then after it."""
    return (-box[2], box[1], -box[0], box[3])


def _on_row(box: BBox, anchor: BBox) -> bool:
    """Whether ``box`` (a word, a box) stands on the row of ``anchor`` (a box): its centre within
    ``anchor``'s height (a dash or a comma is as much on the row as a capital)."""
    offset = abs((box[1] + box[3]) - (anchor[1] + anchor[3])) / 2
    return offset < 0.6 * (anchor[3] - anchor[1])


def column_heading(box: FoundBox, words: list[Placed]) -> list[Placed]:
    """The cell of words heading ``box``'s column: the nearest words above it whose width spans
    its centre, with their neighbours on that row."""
    x0, y0, x1, y1 = box.upright
    centre, width, height = (x0 + x1) / 2, x1 - x0, y1 - y0
    above = [
        p
        for p in words
        if p.box[3] <= y0 + height / 4
        and y0 - p.box[3] < HEADING_REACH * height
        and p.box[0] - width / 2 <= centre <= p.box[2] + width / 2
    ]
    if not above:
        return []
    nearest = max(above, key=lambda p: p.box[3])
    row = sorted((p for p in words if same_row(p.box, nearest.box)), key=lambda p: p.box[0])
    return _cell(row, row.index(nearest), WORD_GAP * width)


def _cell(row: list[Placed], index: int, gap: float) -> list[Placed]:
    """The run of words around ``row[index]`` with no gap wider than ``gap`` between them."""
    start = end = index
    while start > 0 and row[start].box[0] - row[start - 1].box[2] <= gap:
        start -= 1
    while end < len(row) - 1 and row[end + 1].box[0] - row[end].box[2] <= gap:
        end += 1
    return row[start : end + 1]


# --- identDMP and MSSanté addresses ---------------------------------------------------------------


def section_band(lines: list[LineText], boxes: list[BBox]) -> tuple[float, float]:
    """The upright heights of a page's scenario section: its boxes' rows and a few lines below
    (without boxes, its scenario labels')."""
    line_height = statistics.median(line.upright[3] - line.upright[1] for line in lines)
    rows = boxes or [line.upright for line in lines if scenario_name(line.folded)]
    top = min(box[1] for box in rows) - line_height
    bottom = max(box[3] for box in rows) + SECTION_TAIL * line_height
    return top, bottom


def ident_dmp_numbers(text: DocumentText, bands: dict[int, tuple[float, float]]) -> tuple[str, ...]:
    """Every identDMP (``1`` + FINESS) written in the scenario section or after an identDMP
    label, repaired when a checksum confirms it, in reading order."""
    numbers: list[str] = []
    for line in section_lines(text, bands):
        for match in IDENT_DMP.finditer(line.text):
            reading = read_identifier(match.group(), 10, identdmp.is_valid)
            printed = match.group().replace(" ", "").replace(".", "")
            if reading and (reading.checksum or printed.isdigit()) and reading.value not in numbers:
                numbers.append(reading.value)
    return tuple(numbers)


def section_lines(text: DocumentText, bands: dict[int, tuple[float, float]]) -> list[LineText]:
    labelled = {line.index for line in text.lines if IDENT_DMP_LABEL.search(line.folded)}
    labelled |= {n.index for i in list(labelled) for n in text.right_neighbours(text.lines[i])}
    return [
        line
        for line in text.lines
        if line.index in labelled or _in_band(line, bands.get(line.page.number))
    ]


def _in_band(line: LineText, band: tuple[float, float] | None) -> bool:
    if band is None:
        return False
    centre = (line.upright[1] + line.upright[3]) / 2
    return band[0] <= centre <= band[1]


def mss_addresses(text: DocumentText) -> tuple[str | None, str | None]:
    """The first professional and the first citizen MSSanté address of the document (a valid
    one before one OCR garbled)."""
    found = [
        address
        for line in text.lines
        for match in MSS_ADDRESS.finditer(line.folded)
        if (address := normalised_address(match.group())) is not None
    ]
    found.sort(key=lambda address: not mss.is_valid(address))
    citizen = [a for a in found if a.endswith("@" + mss.CITIZEN_DOMAIN)]
    pro = [a for a in found if a not in citizen]
    return (pro[0] if pro else None), (citizen[0] if citizen else None)


def normalised_address(raw: str) -> str | None:
    """An address as written, OCR's spaces and « © » undone, a citizen's digits repaired; None
    when it is no MSSanté address."""
    address = mss.compact(re.sub(r"\s", "", raw).replace("©", "@")).strip(".-")
    if "mssante" not in address:
        return None
    local, _, domain = address.rpartition("@")
    domain = MSS_DOMAIN_END.sub("mssante.fr", domain)  # « .fr » lost or cut by OCR
    if domain == mss.CITIZEN_DOMAIN:
        local = letters_to_digits(local.upper())[0]
    return f"{local}@{domain}"
