"""The reading pipeline: source → pages (text layer, OCR or both) → documents.

Files are read a few at a time and their pages OCRed in a shared pool of ``jobs`` workers. Each
worker drives one Tesseract process at a time (``OMP_THREAD_LIMIT=1``); OpenCV and Tesseract do
their work outside the GIL, so threads keep every core busy without copying page images between
processes. Results come back in input order.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from extractor.classify import split_documents
from extractor.errors import SegurError, UnreadableFile, UsageError
from extractor.fields.finders import extract_fields
from extractor.geometry import centre_inside, overlap_share
from extractor.ingest import images
from extractor.ingest.page_images import PageImages
from extractor.ingest.pdf import RENDER_DPI, PdfFile, TextLayer
from extractor.ingest.sniff import IMAGE_KINDS, FileKind
from extractor.ingest.sources import Source
from extractor.ingest.textlayer import ReadPlan, plan_page
from extractor.layout.lines import group_lines
from extractor.marks import MARKS_DPI, mark_document
from extractor.model import (
    BBox,
    Document,
    FileError,
    FileResult,
    Line,
    Page,
    TextSource,
    TypeCue,
    Word,
    combined_source,
)
from extractor.ocr import tesseract
from extractor.ocr.page import ocr_page

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str], None]
# A scan is never rendered below this: the OCR stage enlarges small print from here on.
MIN_SCAN_DPI = 72


@dataclass(frozen=True)
class ReadOptions:
    jobs: int = os.cpu_count() or 1
    # How many files may be in flight at once, beyond the one being returned.
    lookahead: int = 4


def read_sources(
    sources: Iterable[Source],
    options: ReadOptions = ReadOptions(),
    progress: ProgressCallback | None = None,
) -> Iterator[FileResult]:
    """Read every source; yield one :class:`FileResult` per source, in order."""
    report = progress or (lambda _: None)
    with (
        ThreadPoolExecutor(options.jobs, thread_name_prefix="page") as page_pool,
        ThreadPoolExecutor(options.lookahead, thread_name_prefix="file") as file_pool,
    ):
        pending: deque[Future[FileResult]] = deque()
        try:
            for source in sources:
                pending.append(file_pool.submit(read_source, source, page_pool, report))
                if len(pending) > options.lookahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:
            # Interrupted (Ctrl-C, or the caller stopped reading): the pages and files still
            # queued are dropped, only those being read are finished.
            for pool in (file_pool, page_pool):
                pool.shutdown(wait=False, cancel_futures=True)
            raise


def read_source(
    source: Source, pool: ThreadPoolExecutor, progress: ProgressCallback = lambda _: None
) -> FileResult:
    """Read one source; a file that cannot be read gives a result carrying its error."""
    result = FileResult(file=source.name, sha256=source.sha256)
    try:
        if source.error is not None:
            raise source.error
        result.pages = _read_pages(source, pool)
        result.documents = documents_of(result.pages)
        _mark(result, source)
    except UsageError:
        raise
    except SegurError as exc:
        result.error = FileError(exc.reason, str(exc))
        return result
    except Exception as exc:  # one bad file must not stop a sweep
        log.debug("unexpected failure on %s", source.name, exc_info=True)
        result.error = FileError("internal_error", f"{type(exc).__name__}: {exc}")
        return result
    progress(source.name)
    return result


def documents_of(pages: list[Page]) -> list[Document]:
    """The documents a file's pages hold, typed and split by page, each with its fields."""
    return [
        Document(
            type=group.type,
            type_confidence=group.confidence,
            pages=[p.number for p in group.pages],
            text_source=combined_source([p.source for p in group.pages]),
            fields=extract_fields(group.pages),
            type_cue=TypeCue(group.cue.text, group.cue.page, group.cue.bbox) if group.cue else None,
        )
        for group in split_documents(pages)
    ]


def _mark(result: FileResult, source: Source) -> None:
    """Stage 5: signatures, stamps and scenario boxes of the documents that bear them."""
    images = PageImages([source])
    rendered: dict[int, np.ndarray] = {}

    def image_of(number: int) -> np.ndarray:
        if number not in rendered:
            image = images.image(source.name, number, dpi=MARKS_DPI)
            if image is None:
                raise UnreadableFile("corrupt", f"page {number}")
            rendered[number] = image
        return rendered[number]

    by_number = {page.number: page for page in result.pages}
    for document in result.documents:
        mark_document(document, [by_number[n] for n in document.pages], image_of)


def _read_pages(source: Source, pool: ThreadPoolExecutor) -> list[Page]:
    if source.kind is FileKind.PDF:
        return _read_pdf(source.data, pool)
    if source.kind in IMAGE_KINDS:
        return _read_image(source.data, pool)
    raise UnreadableFile("not_a_document", str(source.kind))


def _read_pdf(data: bytes, pool: ThreadPoolExecutor) -> list[Page]:
    with PdfFile(data) as pdf:
        futures = []
        for index in range(pdf.page_count):
            layer = pdf.text_layer(index)
            plan = plan_page(layer)
            width, height = pdf.page_size(index)
            if plan.source is TextSource.TEXT_LAYER and layer is not None:
                page = text_layer_page(index + 1, width, height, layer)
                futures.append(_done(page))
            else:
                render = _pdf_renderer(pdf, index, layer)
                task = (index + 1, width, height, render, plan, layer)
                futures.append(pool.submit(_ocr_page, *task))
        return [f.result() for f in futures]


def _read_image(data: bytes, pool: ThreadPoolExecutor) -> list[Page]:
    images.inspect(data)
    plan = ReadPlan(TextSource.OCR, "image")
    futures = []
    for index, frame in enumerate(images.iter_frames(data)):
        height, width = frame.shape[:2]
        render = _constant(frame)
        futures.append(pool.submit(_ocr_page, index + 1, width, height, render, plan, None))
    return [f.result() for f in futures]


def _pdf_renderer(pdf: PdfFile, index: int, layer: TextLayer | None) -> Callable[[], np.ndarray]:
    """A black-and-white scan is rendered at its own resolution, up to the usual one. PDFium
    enlarges a bilevel image without smoothing it: a 150 dpi fax's jagged strokes and specks grow
    too big for the OCR stage to clean, and its bold headings came out as noise. Grey and colour
    scans read better enlarged (docs/decisions.md)."""
    dpi = RENDER_DPI
    if layer is not None and layer.scan is not None and layer.scan.bilevel:
        dpi = round(min(RENDER_DPI, max(MIN_SCAN_DPI, layer.scan.dpi)))
    return lambda: pdf.render(index, dpi)


def _constant(frame: np.ndarray) -> Callable[[], np.ndarray]:
    return lambda: frame


def _done(page: Page) -> Future[Page]:
    future: Future[Page] = Future()
    future.set_result(page)
    return future


def text_layer_page(number: int, width: float, height: float, layer: TextLayer) -> Page:
    words = [Word(w.text, w.bbox, 1.0, TextSource.TEXT_LAYER) for w in layer.words]
    lines = group_lines(words, page_aspect=height / width)
    return Page(number, width, height, TextSource.TEXT_LAYER, tuple(lines))


def _ocr_page(
    number: int,
    width: float,
    height: float,
    render: Callable[[], np.ndarray],
    plan: ReadPlan,
    layer: TextLayer | None,
) -> Page:
    """OCR one page (rendered in the worker), merged with its text layer when the plan says so."""
    tesseract.check_tesseract()
    try:
        read = ocr_page(render())
    except UnreadableFile as exc:
        return Page(number, width, height, TextSource.OCR, (), error=str(exc))
    lines = read.lines
    if plan.source is TextSource.MIXED and layer is not None:
        lines = _merge(lines, layer, plan, height / width)
    return Page(number, width, height, plan.source, lines, read.rotation, read.skew)


def _merge(
    ocr_lines: tuple[Line, ...], layer: TextLayer, plan: ReadPlan, aspect: float
) -> tuple[Line, ...]:
    """Mixed pages: on a scan, OCR leads and the text layer fills gaps; on a digital page with
    pasted images, the text layer leads and OCR adds what it reads inside those images."""
    layer_words = [Word(w.text, w.bbox, 1.0, TextSource.TEXT_LAYER) for w in layer.words]
    if plan.ocr_regions:
        kept = [
            Line(words)
            for line in ocr_lines
            if (
                words := tuple(
                    w
                    for w in line.words
                    if any(centre_inside(w.bbox, r) for r in plan.ocr_regions)
                    and not _overlaps_any(w.bbox, layer_words)
                )
            )
        ]
        return (*group_lines(layer_words, aspect), *kept)
    ocr_words = [w for line in ocr_lines for w in line.words]
    extra = [w for w in layer_words if not _overlaps_any(w.bbox, ocr_words)]
    return (*ocr_lines, *group_lines(extra, aspect))


def _overlaps_any(box: BBox, words: list[Word]) -> bool:
    return any(overlap_share(box, w.bbox) > 0.3 for w in words)
