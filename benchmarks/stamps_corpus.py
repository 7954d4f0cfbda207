"""Stamp and signature presence on the signed documents of a generated corpus, by scan condition,
scored as ``segur eval`` scores them (per document: stamped when any stamp is found on it).

Only the files holding a signed document type (VA, PV de recette, order form, MOM) are read, with
the pipeline's own page reading (text layer or OCR, one worker) and the page images the marks stage
renders (``MARKS_DPI``); the manifest's truth says which pages each document has, so a document-type
error does not blur the marks figures. Pages as read are cached (``--cache``, pickles of the
:class:`Page` objects), so rerunning after a change to ``extractor/marks`` costs only the marks.

    .venv/bin/python -m benchmarks.stamps_corpus CORPUS [--cache DIR] [--misses]
"""

from __future__ import annotations

import os

os.environ["OMP_THREAD_LIMIT"] = "1"  # before Tesseract is ever started

import argparse
import hashlib
import pickle
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractor.evaluate.corpus import load_manifest
from extractor.evaluate.scores import Detection
from extractor.evaluate.truth import DocumentTruth, FileTruth
from extractor.ingest.page_images import PageImages
from extractor.ingest.sources import Source, iter_sources
from extractor.marks import MARKS_DPI, SIGNED_TYPES
from extractor.marks.ink import find_signatures_and_stamps
from extractor.model import Page
from extractor.pipeline import _read_pages

DEFAULT_CACHE = Path("/tmp/segur-stamps-cache")


def cached_pages(source: Source, cache: Path, pool: ThreadPoolExecutor) -> list[Page]:
    """The file's pages as the pipeline reads them, from the cache when read before."""
    path = cache / f"{hashlib.sha256(source.data).hexdigest()[:24]}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            pages: list[Page] = pickle.load(handle)
        return pages
    pages = _read_pages(source, pool)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(pages, handle)
    return pages


@dataclass(frozen=True)
class CorpusDocument:
    """One true document of a corpus, with its file's pages as the pipeline reads them."""

    where: str  # deposit folder / file name
    file: FileTruth
    truth: DocumentTruth
    source: Source
    pages: dict[int, Page]


def corpus_documents(
    corpus: Path,
    types: frozenset[str],
    cache: Path,
    conditions: set[str] | None = None,
) -> Iterator[CorpusDocument]:
    """Every true document of ``types`` in the corpus (of ``conditions`` when given), its file
    read once (one worker, cached)."""
    with ThreadPoolExecutor(1) as pool:
        for deposit in load_manifest(corpus):
            wanted = {
                f.name: f
                for f in deposit.files
                if any(d.type in types for d in f.documents)
                and (conditions is None or f.condition in conditions)
            }
            if not wanted:
                continue
            for source in iter_sources([corpus / deposit.dir / deposit.zip]):
                file = wanted.get(source.name.split("!", 1)[-1])
                if file is None or source.error is not None:
                    continue
                pages = {p.number: p for p in cached_pages(source, cache, pool)}
                for document in file.documents:
                    if document.type in types:
                        yield CorpusDocument(
                            f"{deposit.dir}/{file.name}", file, document, source, pages
                        )


def shape_of(truth: DocumentTruth) -> str:
    """``round``/``rect`` from the truth's stamp style (``blue,rect``), ``none`` when unstamped."""
    if not truth.stamps:
        return "none"
    return truth.stamps[0].style.split(",")[-1] or "?"


def _figures(d: Detection) -> str:
    def show(value: float | None) -> str:
        return "  -  " if value is None else f"{value:.3f}"

    return (
        f"P {show(d.precision)} R {show(d.recall)} F1 {show(d.f1)} "
        f"(tp {d.tp:3d} fp {d.fp:2d} fn {d.fn:2d} tn {d.tn:3d})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--misses", action="store_true", help="list every wrong document")
    args = parser.parse_args()

    stamps: dict[str, Detection] = {}
    signatures: dict[str, Detection] = {}
    shapes: dict[str, Detection] = {}
    stamp_only_signed = Detection()
    seconds: list[float] = []
    for item in corpus_documents(args.corpus, SIGNED_TYPES, args.cache):
        document, condition = item.truth, item.file.condition
        images = PageImages([item.source])
        found_stamps, found_signatures = [], []
        for number in document.pages:
            page = item.pages.get(number)
            image = images.image(item.source.name, number, dpi=MARKS_DPI)
            if page is None or page.error is not None or image is None:
                continue
            start = time.perf_counter()
            marks = find_signatures_and_stamps(image, page)
            seconds.append(time.perf_counter() - start)
            found_stamps += marks.stamps
            found_signatures += marks.signatures
        stamped, signed = bool(found_stamps), bool(found_signatures)
        for key in (condition, "all"):
            stamps.setdefault(key, Detection()).add(bool(document.stamps), stamped)
            signatures.setdefault(key, Detection()).add(document.signed, signed)
        shapes.setdefault(shape_of(document), Detection()).add(bool(document.stamps), stamped)
        if document.stamps and not document.signed:
            stamp_only_signed.add(False, signed)
        if args.misses and (stamped != bool(document.stamps) or signed != document.signed):
            print(
                f"  {item.where} [{condition}] {document.type}: "
                f"stamp {shape_of(document)} found {len(found_stamps)}, "
                f"signed {document.signed} found {len(found_signatures)}"
            )
    print(f"{'condition':10s} stamps{'':48s} signatures")
    for condition in sorted(stamps, key=lambda c: (c == "all", c)):
        print(f"{condition:10s} {_figures(stamps[condition])}   {_figures(signatures[condition])}")
    for shape, detection in sorted(shapes.items()):
        print(f"stamps {shape:5s} {_figures(detection)}")
    stamp_only = stamp_only_signed.fp + stamp_only_signed.tn
    print(f"stamp-only documents called signed: {stamp_only_signed.fp} of {stamp_only}")
    if seconds:
        seconds.sort()
        print(
            f"marks: {len(seconds)} pages, mean {sum(seconds) / len(seconds):.3f} s, "
            f"p95 {seconds[int(0.95 * (len(seconds) - 1))]:.3f} s"
        )


if __name__ == "__main__":
    main()
