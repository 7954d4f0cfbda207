"""Decide, page by page, whether to trust a PDF's text layer, OCR the page, or mix the two.

- ``text_layer``: the page carries readable text and no large image that the text does not cover;
- ``ocr``: no text layer, too little of it, or text that is not text (glyphs without a Unicode
  mapping — pdfminer's ``(cid:12)`` —, fonts whose encoding maps letters to gibberish);
- ``mixed``: a readable text layer *and* a scan: either a scanned page with a text layer of its own
  (a scanner's OCR, whose quality is unknown: our OCR leads, its words fill the gaps), or a digital
  page with a large pasted image (a scanned stamp, a signed block: the text layer leads, OCR reads
  the image).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extractor.ingest.pdf import TextLayer
from extractor.model import BBox, TextSource

# Below this many characters a text layer says nothing worth trusting on its own.
MIN_TEXT_CHARS = 20
# An image covering this share of the page makes it a scan.
SCAN_COVER = 0.75
# An image region at least this large that the text layer leaves empty is read by OCR too.
IMAGE_REGION_MIN_AREA = 0.04
# ...unless the text layer already has words over it (a background picture, a watermark).
MIN_WORDS_OVER_IMAGE = 3

# Above this share of glyphs without a Unicode mapping, the text layer is glyph codes, not text.
MAX_UNMAPPED = 0.05
_VOWELS = set("aeiouyàâäéèêëîïôöùûüÿæœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÆŒ")
_COMMON_WORDS = frozenset(
    {
        *("le", "la", "les", "de", "des", "du", "un", "une", "et", "en", "à", "au", "aux"),
        *("pour", "par", "sur", "dans", "avec", "est", "sont", "ce", "cette", "qui", "que"),
        *("ne", "pas", "nous", "vous", "il", "elle", "total", "date", "facture", "montant"),
        *("client", "n°", "no", "page", "tva", "ht", "ttc", "euros"),
        *("the", "of", "and", "to", "in", "for", "on", "is", "with", "by", "at", "from"),
        *("invoice", "amount"),
    }
)


@dataclass(frozen=True)
class ReadPlan:
    """How to read one page, and why."""

    source: TextSource
    reason: str
    ocr_regions: tuple[BBox, ...] = ()


def text_quality(text: str) -> tuple[bool, str]:
    """Whether ``text`` reads as text, and the reason if not."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) < MIN_TEXT_CHARS:
        return False, "too_little_text"
    unusual = sum(1 for c in chars if not _is_usual(c))
    if unusual > 0.1 * len(chars):
        return False, "unusual_characters"
    words = re.findall(r"[^\W\d_]{3,}", text)
    if len(words) >= 10:
        with_vowel = sum(1 for w in words if _VOWELS.intersection(w))
        if with_vowel < 0.7 * len(words):
            return False, "gibberish"
        tokens = [t.lower() for t in re.findall(r"[^\W\d_]+|n°", text)]
        if len(tokens) >= 40 and not any(t in _COMMON_WORDS for t in tokens):
            return False, "gibberish"
    return True, "readable"


def _is_usual(char: str) -> bool:
    if char.isascii():
        return char.isprintable()
    category = unicodedata.category(char)
    if category.startswith("L"):
        return unicodedata.name(char, "").startswith("LATIN")
    return category[0] in "NPS" and char != "\ufffd"


def plan_page(layer: TextLayer | None) -> ReadPlan:
    """Choose how to read a PDF page from what its text layer holds."""
    if layer is None:
        return ReadPlan(TextSource.OCR, "text_layer_unparsable")
    if layer.unmapped_share > MAX_UNMAPPED:
        return ReadPlan(TextSource.OCR, "unmapped_glyphs")
    readable, reason = text_quality(layer.text)
    scanned = _cover(layer.image_boxes) >= SCAN_COVER
    if not readable:
        return ReadPlan(TextSource.OCR, reason)
    if scanned:
        return ReadPlan(TextSource.MIXED, "scan_with_text_layer")
    regions = tuple(
        box
        for box in layer.image_boxes
        if _area(box) >= IMAGE_REGION_MIN_AREA and _words_inside(layer, box) < MIN_WORDS_OVER_IMAGE
    )
    if regions:
        return ReadPlan(TextSource.MIXED, "image_regions", regions)
    return ReadPlan(TextSource.TEXT_LAYER, reason)


def _words_inside(layer: TextLayer, box: BBox) -> int:
    return sum(
        1
        for w in layer.words
        if box[0] <= (w.bbox[0] + w.bbox[2]) / 2 <= box[2]
        and box[1] <= (w.bbox[1] + w.bbox[3]) / 2 <= box[3]
    )


def _area(box: BBox) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _cover(boxes: tuple[BBox, ...]) -> float:
    """Share of the page the largest image covers (images rarely overlap on a page)."""
    return max((_area(b) for b in boxes), default=0.0)
