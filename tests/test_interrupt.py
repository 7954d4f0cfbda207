"""Stopping a read halfway (Ctrl-C in a sweep): what is queued is dropped, not read to the end."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest

from extractor import pipeline
from extractor.ingest.sources import Source
from extractor.pipeline import ReadOptions, read_sources
from tests.reading import scanned_text_page

FILES, PAGES, IN_FLIGHT = 6, 5, 2


def _scans() -> list[Source]:
    """Multi-page TIFF scans: a file's pages queue up in the page pool (a strip of print each,
    quick to read)."""
    scan = scanned_text_page("scan300").image
    page = scan.crop((0, 0, scan.width, scan.height // 4))
    buffer = io.BytesIO()
    page.save(buffer, "TIFF", save_all=True, append_images=[page] * (PAGES - 1))
    return [Source.from_bytes(f"scan-{i}.tiff", buffer.getvalue()) for i in range(FILES)]


def test_an_interrupted_read_drops_the_pages_still_queued(monkeypatch: pytest.MonkeyPatch) -> None:
    read, lock = [], threading.Lock()
    real_ocr_page = pipeline.ocr_page

    def counted(image: np.ndarray) -> object:
        with lock:
            read.append(1)
        return real_ocr_page(image)

    monkeypatch.setattr(pipeline, "ocr_page", counted)
    with pytest.raises(KeyboardInterrupt):
        for _ in read_sources(_scans(), ReadOptions(jobs=1, lookahead=IN_FLIGHT)):
            raise KeyboardInterrupt  # Ctrl-C as the first file comes back
    # Not every page of the files in flight: those still queued when it stopped were dropped.
    assert PAGES <= len(read) < (1 + IN_FLIGHT) * PAGES
