"""Stopping a read halfway (Ctrl-C in a sweep): what is queued is dropped, not read to the end."""

from __future__ import annotations

import io
import threading
import time

import numpy as np
import pytest

from extractor import pipeline
from extractor.ingest.sources import Source
from extractor.pipeline import ReadOptions, read_sources
from tests.reading import scanned_text_page

# A one-page scan comes back first; behind it, multi-page scans fill the page pool's queue.
FILES, PAGES, IN_FLIGHT = 6, 5, 2


def _tiff(pages: int) -> bytes:
    scan = scanned_text_page("scan300").image
    strip = scan.crop((0, 0, scan.width, scan.height // 4))  # a strip of print: quick to read
    buffer = io.BytesIO()
    strip.save(buffer, "TIFF", save_all=True, append_images=[strip] * (pages - 1))
    return buffer.getvalue()


def _scans() -> list[Source]:
    first = Source.from_bytes("scan-0.tiff", _tiff(1))
    rest = [Source.from_bytes(f"scan-{i}.tiff", _tiff(PAGES)) for i in range(1, FILES)]
    return [first, *rest]


def test_an_interrupted_read_starts_no_page_still_queued(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[float] = []
    lock = threading.Lock()
    real_ocr_page = pipeline.ocr_page

    def counted(image: np.ndarray) -> object:
        with lock:
            started.append(time.monotonic())
        return real_ocr_page(image)

    monkeypatch.setattr(pipeline, "ocr_page", counted)
    with pytest.raises(KeyboardInterrupt):
        for _ in read_sources(_scans(), ReadOptions(jobs=1, lookahead=IN_FLIGHT)):
            interrupted_at = time.monotonic()
            raise KeyboardInterrupt  # Ctrl-C as the first file comes back
    in_flight = 1 + IN_FLIGHT * PAGES
    assert len(started) < in_flight  # pages were still queued when it stopped…
    assert not [t for t in started if t > interrupted_at]  # …and none of them was begun after
