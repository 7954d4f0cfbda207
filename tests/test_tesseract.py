"""Tesseract in the process: engines lent to threads, its models found, its messages kept quiet."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from extractor.errors import UnreadableFile, UsageError
from extractor.ocr import tesseract
from extractor.ocr.preprocess import to_gray
from tests.reading import scanned_text_page


def _page() -> np.ndarray:
    return to_gray(np.asarray(scanned_text_page("scan300").image))


def test_pages_read_side_by_side_read_as_they_do_one_at_a_time() -> None:
    page = _page()
    alone = [w.text for w in tesseract.read_words(page)]
    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(tesseract.read_words, [page, page[:, ::-1].copy(), page]))
    assert alone and [w.text for w in together[0]] == alone == [w.text for w in together[2]]


def test_what_tesseract_and_leptonica_complain_about_stays_off_standard_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    blank = np.full((40, 160), 255, np.uint8)
    tesseract.read_words(blank)
    tesseract.read_digit_lines([blank])
    for library in tesseract.leptonica_libraries():
        ctypes.CDLL(library).boxClipToRectangle(None, 10, 10)  # « Error in boxClipToRectangle »
    assert capfd.readouterr().err == ""


def test_missing_models_are_a_usage_error_naming_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(tesseract, "TESSDATA_FOLDERS", ())
    tesseract.tessdata.cache_clear()
    try:
        with pytest.raises(UsageError):
            tesseract.check_tesseract()
    finally:
        tesseract.tessdata.cache_clear()


def test_models_are_found_where_tessdata_prefix_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = Path(tesseract.tessdata())
    for model in tesseract.MODELS:
        (tmp_path / f"{model}.traineddata").symlink_to(system / f"{model}.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    tesseract.tessdata.cache_clear()
    try:
        assert tesseract.tessdata() == str(tmp_path)
    finally:
        tesseract.tessdata.cache_clear()


def test_an_image_tesseract_refuses_is_an_ocr_failure_naming_its_size() -> None:
    too_wide = np.full((200, 40_000), 255, np.uint8)  # over Tesseract's 32767 pixels a side
    with pytest.raises(UnreadableFile, match="40000 × 200 px"):
        tesseract.read_words(too_wide)


# Run before segur starts, in its process: what a broken install looks like.
BROKEN_INSTALLS = [
    pytest.param("import sys; sys.modules['tesserocr'] = None", id="binding-unusable"),
    pytest.param(
        "import os, extractor.ocr.tesseract as t\n"
        "os.environ['TESSDATA_PREFIX'] = os.getcwd(); t.TESSDATA_FOLDERS = ()",
        id="models-missing",
    ),
]


@pytest.mark.parametrize("breakage", BROKEN_INSTALLS)
def test_a_missing_tesseract_is_one_line_saying_what_to_install(
    tmp_path: Path, breakage: str
) -> None:
    scan = tmp_path / "scan.png"
    scanned_text_page("scan300").image.save(scan)
    env = {k: v for k, v in os.environ.items() if k not in ("SEGUR_LANG", "TESSDATA_PREFIX")}
    code = f"{breakage}\nimport sys\nfrom extractor.cli import main\nsys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "extract", str(scan)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("segur: Tesseract introuvable") and done.stderr.count("\n") == 1
    assert "scripts/install.sh" in done.stderr and "Traceback" not in done.stderr
