"""OCR and text-layer throughput: the pipeline against raw Tesseract on the same page images.

Run from the repository root, either way::

    python benchmarks/ocr_throughput.py [--pages 6] [--text-pages 40] [--json OUT]
    python -m benchmarks.ocr_throughput

1. Scanned pages: invoice, VA and text-dense pages drawn from the fixtures and "scanned" at 300 dpi,
   saved as PNG. The same files are read (a) by the bare ``tesseract … tsv`` command, one page at a
   time, and (b) by ``extractor.pipeline.read_sources`` with one job, then with one job per core;
   last, the bare command one process per core, to show what speed-up the cores allow at all.
2. Text-layer pages: a digital PDF read through the pipeline with one job.

Every timing is wall-clock (``time.perf_counter``) after one warm-up page each way. The figures are
printed with their goals, never asserted: this is a benchmark, not a test. The exit status is 1 only
when a page was not read the expected way (an OCR error, or a digital page not taken from its text
layer).
"""

from __future__ import annotations

import os
import sys

# Tesseract gets one thread everywhere (the pipeline's own default), so both sides of the
# comparison run on one core per page; set before extractor is imported.
os.environ["OMP_THREAD_LIMIT"] = "1"
# `python benchmarks/ocr_throughput.py` puts benchmarks/ on the path, not the root with fixtures/.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import dataclasses
import io
import json
import platform
import subprocess
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium

from extractor.ingest.sources import Source
from extractor.model import FileResult, TextSource
from extractor.ocr.tesseract import LANGUAGES
from extractor.pipeline import ReadOptions, read_sources
from fixtures.documents import draw_document
from fixtures.pages import draw_pdf, paragraph_page
from fixtures.scan import CONDITIONS, image_bytes, scan
from fixtures.values import random_line_values

RAW_TESSERACT_ARGS = ("-l", LANGUAGES, "--oem", "1", "--psm", "3", "--dpi", "300", "tsv")
PAGE_KINDS = ("invoice", "va", "text")
OCR_RATIO_GOAL = 1.3
TEXT_LAYER_GOAL = 50.0

_PROSE = (
    "Le présent document atteste que la solution logicielle référencée dans le cadre du programme "
    "Ségur du numérique en santé a été déployée auprès de l'établissement bénéficiaire, "
    "conformément au dossier de financement déposé auprès de l'Agence de services et de paiement. "
    "Les scénarios d'alimentation du dossier médical partagé et de messagerie sécurisée de santé "
    "ont été vérifiés sur site par le biologiste responsable, en présence de l'éditeur. "
    "La facture correspondante mentionne le montant hors taxes, la taxe sur la valeur ajoutée, "
    "l'acompte déjà versé et le reste à payer, ainsi que les numéros FINESS juridique et "
    "géographique de chaque site concerné par le déploiement. "
    "Toute pièce illisible, incomplète ou non signée entraîne le rejet de la demande de solde "
    "et la relance de l'éditeur dans un délai de quinze jours ouvrés. "
)


# --- Pages --------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ScannedPage:
    name: str
    kind: str
    path: Path


def prose_lines(count: int, shift: int = 0, width: int = 92) -> list[str]:
    """``count`` lines of French prose (about 92 characters each: a full line at 11 pt)."""
    words = _PROSE.split()
    start = (shift * 17) % len(words)
    text = " ".join(words[start:] + words[:start])
    lines = textwrap.wrap(text * (1 + count * width // len(text)), width)
    return lines[:count]


def page_pdf(kind: str, index: int) -> bytes:
    """A one-page PDF of ``kind``; ``index`` varies its values and text from page to page."""
    if kind == "text":
        return draw_pdf([paragraph_page(prose_lines(40, shift=index))], title=kind)[0]
    rng = np.random.default_rng(index)
    document, layout = ("facture", "classique") if kind == "invoice" else ("va", "formulaire")
    return draw_document(document, random_line_values(rng, 2), rng, layout=layout).pdf


def write_scanned_pages(count: int, folder: Path) -> list[ScannedPage]:
    """``count`` pages (invoice, VA, text, invoice, …) drawn, scanned at 300 dpi, saved as PNG."""
    pages = []
    for index in range(count):
        kind = PAGE_KINDS[index % len(PAGE_KINDS)]
        image = scan(page_pdf(kind, index), 0, CONDITIONS["scan300"], seed=index).image
        path = folder / f"page-{index + 1:02d}-{kind}.png"
        path.write_bytes(image_bytes(image))
        pages.append(ScannedPage(path.name, kind, path))
    return pages


def text_layer_pdf(count: int) -> bytes:
    """A digital PDF of ``count`` pages, invoices and text pages in turn."""
    merged = pdfium.PdfDocument.new()
    for index in range(count):
        merged.import_pages(pdfium.PdfDocument(page_pdf(("invoice", "text")[index % 2], index)))
    buffer = io.BytesIO()
    merged.save(buffer)
    return buffer.getvalue()


# --- Timed runs ---------------------------------------------------------------------------------


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def raw_tesseract_page(page: ScannedPage) -> None:
    command = ["tesseract", str(page.path), "stdout", *RAW_TESSERACT_ARGS]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    subprocess.run(command, env=env, check=True, capture_output=True)


def raw_tesseract(pages: Sequence[ScannedPage], jobs: int = 1) -> None:
    """The bare command, one thread each, ``jobs`` processes at a time (one after the other)."""
    if jobs == 1:
        for page in pages:
            raw_tesseract_page(page)
        return
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(raw_tesseract_page, pages))


def pipeline(pages: Sequence[ScannedPage], jobs: int) -> list[FileResult]:
    sources = (Source.from_bytes(p.name, p.path.read_bytes()) for p in pages)
    return list(read_sources(sources, ReadOptions(jobs=jobs)))


def pipeline_pdf(data: bytes) -> list[FileResult]:
    return list(read_sources([Source.from_bytes("digital.pdf", data)], ReadOptions(jobs=1)))


def ocr_problems(results: Sequence[FileResult]) -> list[str]:
    """Files or pages that did not come back as OCR read without error."""
    problems = []
    for result in results:
        if result.error is not None:
            problems.append(f"{result.file}: {result.error.reason}")
        for page in result.pages:
            if page.error or page.source is not TextSource.OCR:
                problems.append(f"{result.file} p{page.number}: {page.source} {page.error or ''}")
    return problems


def word_count(results: Sequence[FileResult]) -> int:
    return sum(len(line.words) for r in results for p in r.pages for line in p.lines)


def measure_scanned(pages: Sequence[ScannedPage], jobs: int) -> dict[str, Any]:
    raw_tesseract(pages[:1])  # warm-up: first process start, traineddata in the page cache
    pipeline(pages[:1], jobs=1)  # warm-up: imports, Tesseract check, OpenCV initialisation
    raw_s, _ = timed(lambda: raw_tesseract(pages))
    serial_s, serial = timed(lambda: pipeline(pages, jobs=1))
    parallel_s, parallel = timed(lambda: pipeline(pages, jobs=jobs))
    # What the cores allow: the bare command, ``jobs`` processes at once.
    raw_parallel_s, _ = timed(lambda: raw_tesseract(pages, jobs=jobs))
    n = len(pages)
    return {
        "pages": n,
        "kinds": [p.kind for p in pages],
        "raw_tesseract_s": raw_s,
        "pipeline_serial_s": serial_s,
        "pipeline_parallel_s": parallel_s,
        "parallel_jobs": jobs,
        "raw_tesseract_pages_per_s": n / raw_s,
        "pipeline_serial_pages_per_s": n / serial_s,
        "pipeline_parallel_pages_per_s": n / parallel_s,
        "pipeline_over_raw": serial_s / raw_s,
        "parallel_speedup": serial_s / parallel_s,
        "raw_tesseract_parallel_s": raw_parallel_s,
        "raw_tesseract_parallel_speedup": raw_s / raw_parallel_s,
        "words_read": word_count(serial),
        "problems": ocr_problems(serial) + ocr_problems(parallel),
    }


def measure_text_layer(count: int) -> dict[str, Any]:
    pipeline_pdf(text_layer_pdf(1))  # warm-up: pdfplumber, pdfminer, pypdfium2
    data = text_layer_pdf(count)
    seconds, results = timed(lambda: pipeline_pdf(data))
    pages = [p for r in results for p in r.pages]
    text_layer = sum(1 for p in pages if p.source is TextSource.TEXT_LAYER)
    return {
        "pages": len(pages),
        "seconds": seconds,
        "pages_per_s": len(pages) / seconds,
        "text_layer_pages": text_layer,
        "all_text_layer": text_layer == count == len(pages),
        "errors": [r.error.reason for r in results if r.error is not None],
    }


# --- Report -------------------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True)
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "tesseract": version.stdout.splitlines()[0].strip(),
        "cores": os.cpu_count() or 1,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def table(env: dict[str, Any], scanned: dict[str, Any], text: dict[str, Any]) -> str:
    ratio, speedup = scanned["pipeline_over_raw"], scanned["parallel_speedup"]
    rows = [
        ("measure", "seconds", "pages/s", "note"),
        (
            "raw tesseract, serial",
            f"{scanned['raw_tesseract_s']:.2f}",
            f"{scanned['raw_tesseract_pages_per_s']:.3f}",
            "OMP_THREAD_LIMIT=1, one page at a time",
        ),
        (
            "pipeline, jobs=1",
            f"{scanned['pipeline_serial_s']:.2f}",
            f"{scanned['pipeline_serial_pages_per_s']:.3f}",
            f"÷ raw = {ratio:.2f} (goal ≤ {OCR_RATIO_GOAL}: {verdict(ratio <= OCR_RATIO_GOAL)})",
        ),
        (
            f"pipeline, jobs={scanned['parallel_jobs']}",
            f"{scanned['pipeline_parallel_s']:.2f}",
            f"{scanned['pipeline_parallel_pages_per_s']:.3f}",
            f"speed-up ×{speedup:.2f} over jobs=1",
        ),
        (
            f"raw tesseract, {scanned['parallel_jobs']} at once",
            f"{scanned['raw_tesseract_parallel_s']:.2f}",
            f"{scanned['pages'] / scanned['raw_tesseract_parallel_s']:.3f}",
            f"speed-up ×{scanned['raw_tesseract_parallel_speedup']:.2f}: what the cores allow",
        ),
        (
            "text layer, jobs=1",
            f"{text['seconds']:.2f}",
            f"{text['pages_per_s']:.1f}",
            f"goal ≥ {TEXT_LAYER_GOAL:.0f}: {verdict(text['pages_per_s'] >= TEXT_LAYER_GOAL)}; "
            f"text_layer {text['text_layer_pages']}/{text['pages']}",
        ),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"{env['date']}  {env['tesseract']}  {env['cores']} cores  "
        f"Python {env['python']} ({env['machine']})",
        f"scanned pages: {scanned['pages']} ({', '.join(scanned['kinds'])}), PNG at 300 dpi, "
        f"{scanned['words_read']} words read; text-layer PDF: {text['pages']} pages",
        "",
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
        if row is rows[0]:
            lines.append("  ".join("-" * w for w in widths))
    for problem in scanned["problems"] + text["errors"]:
        lines.append(f"problem: {problem}")
    if not text["all_text_layer"]:
        lines.append("problem: not every digital page was read from its text layer")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6, help="scanned pages to OCR (default 6)")
    parser.add_argument(
        "--text-pages", type=int, default=40, help="pages of the digital PDF (default 40)"
    )
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.text_pages < 1:
        parser.error("--pages and --text-pages must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    env = environment()
    jobs = env["cores"]
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as folder:
        pages = write_scanned_pages(args.pages, Path(folder))
        scanned = measure_scanned(pages, jobs)
    text = measure_text_layer(args.text_pages)
    print(table(env, scanned, text))
    if args.json:
        figures = {"environment": env, "scanned": scanned, "text_layer": text}
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    ok = not scanned["problems"] and not text["errors"] and text["all_text_layer"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
