"""Build the document-type dataset: pages of generated corpora as our own pipeline reads them.

    python -m extractor.classify.dataset --train-seeds 21 22 23 --dev-seeds 24 \\
        --corpora /tmp/doctype-corpora

Each seed's ``small`` corpus is generated (unless already in ``--corpora``) and read by
:func:`extractor.pipeline.read_sources`, OCR included; every page of a true document becomes one
example labelled with the manifest's type. Corpora hold few PVs de recette and no ``autre`` page,
so each seed adds documents drawn and scanned here (every condition in turn): PVs de recette,
VAs titled « Procès-verbal », order forms, and ``autre`` pages (:mod:`extractor.classify.others`).
Train and dev are split by seed. Pages are written with their lines and boxes (clipped like the
model's input) so that cues can be scored too, without OCR:
``models/doctype/data/{train,dev}.jsonl``.
Needs a checkout (the generator lives in ``fixtures/``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from extractor.classify.model import CHECKOUT_MODELS, HEAD_CHARS, TAIL_CHARS
from extractor.classify.others import other_page_lines
from extractor.evaluate.corpus import load_manifest
from extractor.ingest.sources import Source, iter_sources
from extractor.model import FileResult, Line, Page
from extractor.pipeline import ReadOptions, read_source, read_sources

DATA_DIR = CHECKOUT_MODELS / "doctype" / "data"
# Documents drawn per seed on top of the corpus: (type, layout or None for any, how many).
EXTRA_DOCUMENTS: tuple[tuple[str, str | None, int], ...] = (
    ("pv_recette", "formulaire", 4),
    ("pv_recette", "compte_rendu", 4),
    ("va", "proces_verbal", 3),
    ("bon_de_commande", None, 3),
    ("autre", None, 10),
)

RESERVED_SEEDS = frozenset({7, 11})  # the committed sample and the evaluation corpus

Example = dict[str, Any]


def corpus_examples(corpus: Path, seed: int, jobs: int) -> Iterator[Example]:
    """Every page of every true document of a generated corpus, as read."""
    for deposit in load_manifest(corpus):
        archive = corpus / deposit.dir / deposit.zip
        results = read_sources(iter_sources([archive]), ReadOptions(jobs=jobs))
        by_name = {r.file.split("!", 1)[-1]: r for r in results}
        for truth in deposit.files:
            result = by_name.get(truth.name)
            if result is None or result.error is not None:
                continue
            for index, document in enumerate(truth.documents):
                origin = {"seed": seed, "file": f"{deposit.id}/{truth.name}", "document": index}
                info = {**origin, "condition": truth.condition, "layout": document.layout}
                for number in document.pages:
                    yield page_example(result.pages[number - 1], document.type, info)


def page_example(page: Page, label: str, info: dict[str, Any]) -> Example:
    return {
        "label": label,
        **info,
        "page": page.number,
        "width": page.width,
        "height": page.height,
        "rotation": page.rotation,
        "skew": round(page.skew, 2),
        "lines": clipped_lines(page.lines),
    }


def clipped_lines(lines: tuple[Line, ...]) -> list[list[Any]]:
    """The page's lines, text and box, keeping its head and tail like the model's input."""
    rows: list[list[Any]] = [[line.text, *(round(v, 4) for v in line.bbox)] for line in lines]
    sizes = [len(line.text) + 1 for line in lines]
    if sum(sizes) <= HEAD_CHARS + TAIL_CHARS:
        return rows
    head, used = 0, 0
    while head < len(rows) and used + sizes[head] <= HEAD_CHARS:
        used, head = used + sizes[head], head + 1
    tail, used = len(rows), 0
    while tail > head and used + sizes[tail - 1] <= TAIL_CHARS:
        used, tail = used + sizes[tail - 1], tail - 1
    return rows[:head] + rows[tail:]


def drawn_examples(seed: int, pool: ThreadPoolExecutor) -> Iterator[Example]:
    """The extra documents of one seed, each scanned in the next condition of the cycle."""
    rng = np.random.default_rng(seed * 1000 + 1)
    conditions = list(_fixture("scan").CONDITIONS.values())
    count = 0
    for kind, layout, times in EXTRA_DOCUMENTS:
        for _ in range(times):
            condition = conditions[(count + seed) % len(conditions)]
            pdf, layout_name = _draw(kind, layout, rng)
            result = _read_scanned(f"{kind}.pdf", pdf, condition.name, seed * 100 + count, pool)
            origin = {"seed": seed, "file": f"drawn/{count}", "document": 0}
            info = {**origin, "condition": condition.name, "layout": layout_name}
            count += 1
            yield from (page_example(p, kind, info) for p in result.pages)


def _draw(kind: str, layout: str | None, rng: np.random.Generator) -> tuple[bytes, str]:
    if kind == "autre":
        pages = _fixture("pages")
        pdf, _ = pages.draw_pdf([pages.paragraph_page(other_page_lines(rng))])
        return pdf, "others"
    values = _fixture("values").random_line_values(rng)
    drawn = _fixture("documents").draw_document(kind, values, rng, layout=layout)
    return drawn.pdf, drawn.truth.layout


def _read_scanned(
    name: str, pdf: bytes, condition: str, seed: int, pool: ThreadPoolExecutor
) -> FileResult:
    """The PDF as the pipeline reads it once scanned in ``condition`` (digital: as is)."""
    if condition != "digital":
        scanner = _fixture("scan")
        image = scanner.scan(pdf, 0, scanner.CONDITIONS[condition], seed=seed).image
        pdf = scanner.image_pdf([image])
    return read_source(Source.from_bytes(name, pdf), pool)


def _fixture(name: str) -> Any:
    """A module of the corpus generator (``fixtures/``, in a checkout only), imported by name:
    the package neither ships nor type-checks it."""
    return importlib.import_module(f"fixtures.{name}")


def generated_corpus(seed: int, corpora: Path, jobs: int) -> Path:
    """The seed's ``small`` corpus, generated unless already there."""
    corpus = corpora / f"seed-{seed}"
    if not (corpus / "manifest.json").is_file():
        command = [sys.executable, "-m", "fixtures.generate", "--seed", str(seed)]
        command += ["--size", "small", "--out", str(corpus), "--jobs", str(jobs)]
        subprocess.run(command, check=True, stdout=sys.stderr)
    return corpus


def seed_examples(seed: int, corpora: Path, jobs: int) -> list[Example]:
    corpus = generated_corpus(seed, corpora, jobs)
    examples = list(corpus_examples(corpus, seed, jobs))
    with ThreadPoolExecutor(jobs) as pool:
        examples.extend(drawn_examples(seed, pool))
    return examples


def write_split(name: str, seeds: list[int], corpora: Path, jobs: int, out: Path) -> None:
    """Read every seed of a split and write it as ``out/name.jsonl``; seeds already read are kept
    in ``corpora`` (``seed-N.jsonl``) so an interrupted build resumes."""
    rows = []
    for seed in seeds:
        cached = corpora / f"seed-{seed}.jsonl"
        if not cached.is_file():
            lines = (json.dumps(e, ensure_ascii=False) for e in seed_examples(seed, corpora, jobs))
            cached.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows.extend(cached.read_text(encoding="utf-8").splitlines())
        print(f"seed {seed}: {_label_counts(rows)}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _label_counts(rows: list[str]) -> str:
    counts = Counter(json.loads(row)["label"] for row in rows)
    return ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m extractor.classify.dataset", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--train-seeds", type=int, nargs="+", default=[21, 22, 23])
    parser.add_argument("--dev-seeds", type=int, nargs="+", default=[24])
    parser.add_argument("--corpora", type=Path, default=Path("/tmp/doctype-corpora"))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if RESERVED_SEEDS & {*args.train_seeds, *args.dev_seeds}:
        parser.error(f"seeds {sorted(RESERVED_SEEDS)} are the sample and the evaluation corpus")
    args.corpora.mkdir(parents=True, exist_ok=True)
    for name, seeds in (("train", args.train_seeds), ("dev", args.dev_seeds)):
        write_split(name, seeds, args.corpora, args.jobs, args.out)


if __name__ == "__main__":
    main()
