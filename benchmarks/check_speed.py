"""How long `segur check` takes for one funding line, on one core.

Run from the repository root::

    .venv/bin/python -m benchmarks.check_speed

Two one-line deposits are generated: three scanned pages (invoice, VA, compte-rendu at 300 dpi) and
the same three pages digital. Each is checked with ``--jobs 1`` (best of ``--repeat`` runs, after a
warm-up), and the scanned pages are also read by the bare ``tesseract`` command, one by one,
so the check's cost is printed as a ratio to raw Tesseract time on the same pages, measured in the
same run. Goals (issue 6): a 3-page line in ≤ 3 s on one core where OCR is involved, and a digital
line in ≤ 0.3 s. Run it under ``taskset -c 0`` for one core: ``--jobs 1`` alone still lets the
pipeline's other threads (the next file's decoding, the marks) use the second core.
"""

from __future__ import annotations

import os

os.environ["OMP_THREAD_LIMIT"] = "1"  # before Tesseract is ever started

import argparse
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

from extractor.check import check_deposit
from extractor.ingest.sniff import FileKind, sniff
from extractor.ocr.tesseract import LANGUAGES
from extractor.pipeline import ReadOptions
from fixtures.deposit import DepositPlan, FilePlan, LinePlan, declare, render, write

KINDS = ("facture", "va", "compte_rendu")
RAW_TESSERACT_ARGS = ("-l", LANGUAGES, "--oem", "1", "--psm", "3", "--dpi", "300", "tsv")
DIGITAL_GOAL_S = 0.3
SCANNED_GOAL_S = 3.0


def one_line_deposit(condition: str, folder: Path, seed: int) -> Path:
    files = tuple(FilePlan((kind,), condition) for kind in KINDS)
    plan = DepositPlan(1, seed, "SGL", (LinePlan((), files),))
    write(render(declare(plan)), folder)
    return folder


def best_check_seconds(folder: Path, repeat: int) -> tuple[float, str]:
    times, verdict = [], ""
    for _ in range(repeat + 1):  # the first run warms caches (spaCy, models) and is dropped
        started = time.perf_counter()
        report = check_deposit(
            folder / "solde.json",
            [folder / "pieces.zip"],
            folder / "avance.json",
            ReadOptions(jobs=1),
        )
        times.append(time.perf_counter() - started)
        verdict = report.verdict
    return min(times[1:]), verdict


def page_images(folder: Path, out: Path) -> list[Path]:
    """Every page of the deposit's attachments as an image file the bare command can read."""
    paths = []
    with zipfile.ZipFile(folder / "pieces.zip") as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if sniff(data) is FileKind.PDF:
                pdf = pdfium.PdfDocument(data)
                for index in range(len(pdf)):
                    path = out / f"{Path(name).stem}-{index}.png"
                    pdf[index].render(scale=300 / 72).to_pil().save(path)
                    paths.append(path)
            else:
                path = out / Path(name).name
                path.write_bytes(data)
                paths.append(path)
    return paths


def raw_tesseract_seconds(pages: list[Path]) -> float:
    started = time.perf_counter()
    for page in pages:
        command = ["tesseract", str(page), "stdout", *RAW_TESSERACT_ARGS]
        subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=31)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="segur-bench-") as tmp:
        work = Path(tmp)
        digital = one_line_deposit("digital", work / "digital", args.seed)
        scanned = one_line_deposit("scan300", work / "scan300", args.seed)
        digital_s, digital_verdict = best_check_seconds(digital, args.repeat)
        scanned_s, scanned_verdict = best_check_seconds(scanned, args.repeat)
        (work / "pages").mkdir()
        pages = page_images(scanned, work / "pages")
        raw_s = min(raw_tesseract_seconds(pages) for _ in range(args.repeat))
    ratio = scanned_s / raw_s
    cores = len(os.sched_getaffinity(0))
    print(f"{cores} core(s) to run on, OMP_THREAD_LIMIT=1, --jobs 1, best of {args.repeat} runs")
    print(
        f"digital line ({len(KINDS)} pages): {digital_s:.2f} s [{digital_verdict}]"
        f" — goal ≤ {DIGITAL_GOAL_S} s: {'ok' if digital_s <= DIGITAL_GOAL_S else 'MISSED'}"
    )
    print(
        f"scanned line ({len(pages)} pages, 300 dpi): {scanned_s:.2f} s [{scanned_verdict}];"
        f" raw tesseract on the same pages {raw_s:.2f} s; check ÷ raw tesseract = {ratio:.2f}"
        f" — goal ≤ {SCANNED_GOAL_S} s: {'ok' if scanned_s <= SCANNED_GOAL_S else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
