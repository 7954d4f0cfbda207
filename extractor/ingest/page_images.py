"""Page images of files already read, rendered again on demand: for the marks stage and for the
cut-outs a report shows. Only the file bytes are kept; a page is rendered when asked for."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

from extractor.errors import UnreadableFile
from extractor.ingest import images
from extractor.ingest.pdf import PdfFile
from extractor.ingest.sniff import IMAGE_KINDS, FileKind
from extractor.ingest.sources import Source

REPORT_DPI = 110


class PageImages:
    def __init__(self, sources: Iterable[Source]) -> None:
        self._sources = {s.name: s for s in sources if s.error is None}

    def image(self, file: str, page: int, dpi: int = REPORT_DPI) -> np.ndarray | None:
        """Page ``page`` (1-based) of ``file`` as stored, RGB; None if it cannot be had."""
        source = self._sources.get(file)
        if source is None or page < 1:
            return None
        try:
            if source.kind is FileKind.PDF:
                return _pdf_page(source.data, page - 1, dpi)
            if source.kind in IMAGE_KINDS:
                return next(itertools.islice(images.iter_frames(source.data), page - 1, None), None)
        except UnreadableFile:
            return None
        return None


def _pdf_page(data: bytes, index: int, dpi: int) -> np.ndarray | None:
    with PdfFile(data) as pdf:
        return pdf.render(index, dpi=dpi) if index < pdf.page_count else None
