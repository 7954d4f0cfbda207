"""Tesseract through pytesseract: words with boxes and confidences, and orientation detection."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image

from extractor.errors import UnreadableFile, UsageError

LANGUAGES = "fra+eng"
PAGE_TIMEOUT_S = 180
_CONFIG = "--oem 1 --psm 3 --dpi 300"
# A region cut from a page: one block of text, no layout analysis to lose its lines.
_BLOCK_CONFIG = "--oem 1 --psm 6 --dpi 300"


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: tuple[float, float, float, float]  # pixels of the image given to Tesseract
    confidence: float  # 0..1
    line_key: tuple[int, int, int]  # block, paragraph, line


@lru_cache(maxsize=1)
def check_tesseract() -> str:
    """Tesseract's version; a usage error naming what to install if it or French is missing."""
    try:
        version = str(pytesseract.get_tesseract_version())
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError):
        raise UsageError("tesseract_missing") from None
    if not {"fra", "eng"} <= languages:
        raise UsageError("tesseract_missing")
    return version


def _as_image(array: np.ndarray) -> Image.Image:
    """A PIL image that pytesseract hands over as BMP: no PNG compression on every page."""
    image = Image.fromarray(array)
    image.format = "BMP"
    return image


def read_words(array: np.ndarray) -> list[OcrWord]:
    """Every word Tesseract reads on the image, in its reading order."""
    return _words(_data(_as_image(array), _CONFIG))[1]


def read_blocks(images: list[np.ndarray]) -> list[list[OcrWord]]:
    """The words of each image read as one block of text (``--psm 6``), in one Tesseract run."""
    if not images:
        return []
    with _as_pages(images) as path:
        page_numbers, words = _words(_data(path, _BLOCK_CONFIG))
    out: list[list[OcrWord]] = [[] for _ in images]
    for number, word in zip(page_numbers, words, strict=True):
        if 1 <= number <= len(images):
            out[number - 1].append(word)
    return out


@contextmanager
def _as_pages(images: list[np.ndarray]) -> Iterator[str]:
    """The images as the pages of one temporary TIFF, so that one Tesseract run reads them all
    and its models load once (a run costs about 0.25 s to start, a small page 0.02 s)."""
    pages = [Image.fromarray(image) for image in images]
    with tempfile.TemporaryDirectory(prefix="segur-pages-") as folder:
        path = Path(folder) / "pages.tif"
        pages[0].save(path, save_all=True, append_images=pages[1:])
        yield str(path)


def _data(image: Image.Image | str, config: str) -> dict[str, list]:
    try:
        return pytesseract.image_to_data(
            image,
            lang=LANGUAGES,
            config=config,
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT_S,
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise UnreadableFile("ocr_failed", str(exc)) from None
    except pytesseract.TesseractError as exc:
        raise UnreadableFile("ocr_failed", str(exc.message)[:120]) from None


def _words(data: dict[str, list]) -> tuple[list[int], list[OcrWord]]:
    """The words of Tesseract's TSV data, and the page number of each."""
    pages, words = [], []
    for i, text in enumerate(data["text"]):
        confidence = float(data["conf"][i])
        if not text or not text.strip() or confidence < 0:
            continue
        left, top = float(data["left"][i]), float(data["top"][i])
        box = (left, top, left + float(data["width"][i]), top + float(data["height"][i]))
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(OcrWord(text.strip(), box, confidence / 100.0, key))
        pages.append(int(data["page_num"][i]))
    return pages, words


# One line of digits: ``eng``'s model reads degraded digits better than ``fra``'s (see
# docs/decisions.md, « Languages »), and loads in half the time.
_DIGITS_CONFIG = "--oem 1 --psm 7 -c tessedit_char_whitelist=0123456789"


def read_digit_lines(images: list[np.ndarray]) -> list[str]:
    """Each image read as one line of digits, in one Tesseract run."""
    with _as_pages(images) as path:
        try:
            text = pytesseract.image_to_string(
                path, lang="eng", config=_DIGITS_CONFIG, timeout=PAGE_TIMEOUT_S
            )
        except (RuntimeError, pytesseract.TesseractError):
            return [""] * len(images)
    read = [page.strip() for page in text.split("\f")]
    return (read + [""] * len(images))[: len(images)]


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_orientation(array: np.ndarray) -> tuple[int, float] | None:
    """Tesseract's orientation detection: (clockwise degrees to upright, confidence) or None."""
    try:
        report = pytesseract.image_to_osd(
            _as_image(array), config="--psm 0 --dpi 300", timeout=PAGE_TIMEOUT_S
        )
    except (RuntimeError, pytesseract.TesseractError):
        return None  # too few characters to decide
    rotate, confidence = _ROTATE.search(report), _CONFIDENCE.search(report)
    if not rotate or not confidence:
        return None
    return int(rotate.group(1)) % 360, float(confidence.group(1))
