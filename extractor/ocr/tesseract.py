"""Tesseract through its C++ API (tesserocr): words with boxes and confidences, and orientation.

An engine holds one language set and layout mode with its models loaded; engines are kept and
lent to whichever worker thread needs one, so a page costs only its own recognition — the
``tesseract`` command loaded ``fra+eng`` again for every page (0.11 s) and took the page through a
temporary image file (docs/decisions.md, « Tesseract in the process »). Recognition releases the
GIL: worker threads read pages side by side.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from extractor.errors import UnreadableFile, UsageError

try:
    import tesserocr
except ImportError:  # not installed, or its Tesseract library is gone: check_tesseract says so
    tesserocr = None

LANGUAGES = "fra+eng"
PAGE_TIMEOUT_S = 180
DPI = "300"
# Where Debian, Fedora, Homebrew and a source build put the models, after $TESSDATA_PREFIX.
TESSDATA_FOLDERS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
MODELS = ("fra", "eng", "osd")


# Tesseract's layout modes (``--psm``) and engine modes (``--oem``).
ORIENTATION_ONLY, AUTO_LAYOUT, SINGLE_BLOCK, SINGLE_LINE = 0, 3, 6, 7
LSTM_ONLY, DEFAULT_ENGINE = 1, 3


@dataclass(frozen=True)
class Setting:
    """How an engine reads: its languages, its layout mode and its variables."""

    languages: str
    layout: int
    variables: tuple[tuple[str, str], ...] = ()
    engine_mode: int = LSTM_ONLY


# A whole page: Tesseract finds its blocks and columns.
PAGE = Setting(LANGUAGES, AUTO_LAYOUT)
# A region cut from a page: one block of text, no layout analysis to lose its lines.
BLOCK = Setting(LANGUAGES, SINGLE_BLOCK)
# One line of digits: ``eng``'s model reads degraded digits better than ``fra``'s (see
# docs/decisions.md, « Languages »).
DIGITS = Setting("eng", SINGLE_LINE, (("tessedit_char_whitelist", "0123456789"),))
# Orientation detection works with the older engine's models only.
ORIENTATION = Setting("osd", ORIENTATION_ONLY, engine_mode=DEFAULT_ENGINE)


@dataclass(frozen=True)
class OcrWord:
    text: str
    box: tuple[float, float, float, float]  # pixels of the image given to Tesseract
    confidence: float  # 0..1
    line_key: tuple[int, int, int]  # block, paragraph, line


@lru_cache(maxsize=1)
def tessdata() -> str:
    """The folder holding the French, English and orientation models."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in ([prefix] if prefix else []) + list(TESSDATA_FOLDERS):
        if all((Path(folder) / f"{model}.traineddata").is_file() for model in MODELS):
            return folder
    raise UsageError("tesseract_missing")


def check_tesseract() -> str:
    """Tesseract's version; a usage error naming what to install if it or its models are missing."""
    if tesserocr is None:
        raise UsageError("tesseract_missing")
    tessdata()
    return str(tesserocr.tesseract_version().splitlines()[0])


class _Engines:
    """Engines ready to read, by setting; one is lent to one thread at a time (an engine is not
    thread-safe) and comes back for the next page."""

    def __init__(self) -> None:
        self._free: dict[Setting, list[tesserocr.PyTessBaseAPI]] = defaultdict(list)
        self._lock = threading.Lock()

    @contextmanager
    def lend(self, setting: Setting) -> Iterator[tesserocr.PyTessBaseAPI]:
        with self._lock:
            free = self._free[setting]
            engine = free.pop() if free else None
        if engine is None:
            engine = _start(setting)
        try:
            yield engine
        finally:
            with self._lock:
                self._free[setting].append(engine)


def _start(setting: Setting) -> tesserocr.PyTessBaseAPI:
    check_tesseract()
    _quiet_leptonica()
    engine = tesserocr.PyTessBaseAPI(
        path=tessdata(), lang=setting.languages, psm=setting.layout, oem=setting.engine_mode
    )
    engine.SetVariable("user_defined_dpi", DPI)
    engine.SetVariable("debug_file", os.devnull)  # Tesseract's own warnings (« Empty page!! »)
    for name, value in setting.variables:
        engine.SetVariable(name, value)
    return engine


_ENGINES = _Engines()
# Leptonica's « nothing at all » message level.
_LEPTONICA_SILENT = 6


@lru_cache(maxsize=1)
def _quiet_leptonica() -> None:
    """Leptonica, Tesseract's image library, prints its complaints (« Error in
    pixScanForForeground: invalid box » on some phone photos) straight to standard error, where
    they would sit among segur's own messages with nothing for a person to do about them."""
    for library in leptonica_libraries():
        try:
            ctypes.CDLL(library).setMsgSeverity(_LEPTONICA_SILENT)
        except (OSError, AttributeError):
            continue


def leptonica_libraries() -> list[str]:
    """The Leptonica Tesseract uses: the copy bundled with tesserocr's wheel, else (a source
    build) the system's."""
    bundled = Path(tesserocr.__file__).parent.parent / "tesserocr.libs"
    return [str(path) for path in sorted(bundled.glob("libleptonica*.so*"))] or [
        name for name in (ctypes.util.find_library(n) for n in ("leptonica", "lept")) if name
    ]


def read_words(array: np.ndarray) -> list[OcrWord]:
    """Every word Tesseract reads on the image, in its reading order."""
    with _ENGINES.lend(PAGE) as engine:
        return _words(_recognised(engine, array))


def read_blocks(images: list[np.ndarray]) -> list[list[OcrWord]]:
    """The words of each image read as one block of text."""
    with _ENGINES.lend(BLOCK) as engine:
        return [_words(_recognised(engine, image)) for image in images]


def read_digit_lines(images: list[np.ndarray]) -> list[str]:
    """Each image read as one line of digits ("" where Tesseract fails)."""
    with _ENGINES.lend(DIGITS) as engine:
        out = []
        for image in images:
            try:
                _recognised(engine, image)
                out.append((engine.GetUTF8Text() or "").strip())
            except UnreadableFile:
                out.append("")
        return out


def detect_orientation(array: np.ndarray) -> tuple[int, float] | None:
    """Tesseract's orientation detection: (clockwise degrees to upright, confidence) or None."""
    with _ENGINES.lend(ORIENTATION) as engine:
        _set_image(engine, array)
        found = engine.DetectOrientationScript()
    if not found:
        return None  # too few characters to decide
    # Tesseract gives the page's own turn; the turn that makes it upright undoes it.
    return (360 - int(found["orient_deg"])) % 360, float(found["orient_conf"])


def _set_image(engine: tesserocr.PyTessBaseAPI, array: np.ndarray) -> None:
    """Hand the image's pixels over as they are: no encoding, no copy in a file (``tobytes``
    lays them out row by row whatever the array's strides)."""
    height, width = array.shape[:2]
    depth = 1 if array.ndim == 2 else array.shape[2]
    engine.SetImageBytes(
        array.astype(np.uint8, copy=False).tobytes(), width, height, depth, width * depth
    )


def _recognised(engine: tesserocr.PyTessBaseAPI, array: np.ndarray) -> str:
    """The image read; its words as Tesseract's TSV rows. Tesseract gives up on a page after
    :data:`PAGE_TIMEOUT_S`, and refuses an image over 32767 pixels on a side at once."""
    _set_image(engine, array)
    started = time.monotonic()
    if not engine.Recognize(timeout=PAGE_TIMEOUT_S * 1000):
        if time.monotonic() - started >= PAGE_TIMEOUT_S:
            raise UnreadableFile("ocr_failed", f"> {PAGE_TIMEOUT_S} s")
        height, width = array.shape[:2]
        raise UnreadableFile("ocr_failed", f"{width} × {height} px")
    return str(engine.GetTSVText(0))


# Tesseract's TSV columns: level, page, block, paragraph, line, word, left, top, width, height,
# confidence, text. Level 5 rows are words.
_WORD_LEVEL = "5"


def _words(tsv: str) -> list[OcrWord]:
    words = []
    for row in tsv.splitlines():
        cells = row.split("\t", 11)
        if len(cells) < 12 or cells[0] != _WORD_LEVEL:
            continue
        text, confidence = cells[11].strip(), float(cells[10])
        if not text or confidence < 0:
            continue
        left, top, width, height = (float(v) for v in cells[6:10])
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        words.append(OcrWord(text, (left, top, left + width, top + height), confidence / 100, key))
    return words
