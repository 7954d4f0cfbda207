"""Train the document-type classifier and score it on the dev split.

    python -m extractor.classify.train [--data models/doctype/data] [--out models/doctype]

Reads ``train.jsonl`` and ``dev.jsonl`` (built by :mod:`extractor.classify.dataset`), trains a
spaCy ``textcat`` (exclusive classes, bag of words and bigrams) on the train pages, fits a
temperature on the dev pages, writes the model to ``OUT/model`` and its scores to
``OUT/scores.json``: the classifier alone on dev pages, and cues with classifier (what the
pipeline does) on dev documents — accuracy, per-type precision / recall / F1, confusion, VA vs PV
de recette, confidence bins, speed and size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from extractor.classify import split_documents
from extractor.classify.cues import TYPES
from extractor.classify.model import CHECKOUT_MODELS, DoctypeModel, model_doc, soften
from extractor.evaluate.scores import Confusion
from extractor.model import Line, Page, TextSource, Word

TEXTCAT = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 2**15,  # hashed features: 1 MB of weights
}
EPOCHS = 12
DROPOUT = 0.2
BATCH = 16
SEED = 0
TEMPERATURES = [1 + i / 10 for i in range(41)]  # 1.0 … 5.0
CONFIDENCE_BINS = (0.5, 0.8, 0.9, 0.95, 0.99)
ACCEPTANCE = ("va", "pv_recette")

Row = dict[str, Any]


def load_split(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def text_of(row: Row) -> str:
    return "\n".join(line[0] for line in row["lines"])


def page_of(row: Row) -> Page:
    """The page as the pipeline read it: one word per line is all the cues need."""
    lines = tuple(
        Line((Word(text, (x0, y0, x1, y1), 1.0, TextSource.OCR),))
        for text, x0, y0, x1, y1 in row["lines"]
    )
    return Page(
        row["page"],
        row["width"],
        row["height"],
        TextSource.OCR,
        lines,
        row["rotation"],
        row["skew"],
    )


def balanced(rows: list[Row], rng: random.Random) -> list[Row]:
    """Rarer types repeated until each has at least half as many pages as the commonest."""
    by_label: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    floor = max(len(group) for group in by_label.values()) // 2
    out = list(rows)
    for group in by_label.values():
        out.extend(rng.choices(group, k=max(0, floor - len(group))))
    return out


def train(rows: list[Row], epochs: int) -> Any:
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    rng = random.Random(SEED)
    nlp = spacy.blank("xx")  # no language's tokenizer: model_words splits the text
    textcat: Any = nlp.add_pipe("textcat", config={"model": TEXTCAT})
    for label in TYPES:
        textcat.add_label(label)
    examples = [
        Example.from_dict(doc, {"cats": {label: float(label == row["label"]) for label in TYPES}})
        for row in balanced(rows, rng)
        if len(doc := model_doc(nlp.vocab, text_of(row)))
    ]
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=BATCH):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        print(f"epoch {epoch + 1}: loss {losses['textcat']:.3f}", file=sys.stderr)
    return nlp


def fit_temperature(nlp: Any, rows: list[Row]) -> float:
    """The temperature that minimises the dev pages' negative log-likelihood."""
    docs = [(doc, row["label"]) for row in rows if len(doc := model_doc(nlp.vocab, text_of(row)))]
    read = nlp.pipe(doc for doc, _ in docs)
    raw = [(doc.cats, label) for doc, (_, label) in zip(read, docs, strict=True)]

    def loss(temperature: float) -> float:
        return -sum(math.log(max(soften(cats, temperature)[label], 1e-12)) for cats, label in raw)

    return min(TEMPERATURES, key=loss)


def page_scores(model: DoctypeModel, rows: list[Row]) -> dict[str, Any]:
    """The classifier alone, page by page."""
    started = time.perf_counter()
    predicted = [model.predict([text_of(row)])[0] for row in rows]
    per_page_ms = 1000 * (time.perf_counter() - started) / len(rows)
    pairs = [(row["label"], _top(p), p[_top(p)]) for row, p in zip(rows, predicted, strict=True)]
    return {**classification_scores(pairs), "ms_per_page": round(per_page_ms, 2)}


def document_scores(model: DoctypeModel, rows: list[Row]) -> dict[str, Any]:
    """Cues and classifier together, as the pipeline types documents: each file's pages split
    and typed, each true document matched to the group sharing most of its pages."""
    files: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for row in rows:
        files[(row["seed"], row["file"])].append(row)
    pairs = []
    by_cue = []
    for file_rows in files.values():
        file_rows.sort(key=lambda row: row["page"])
        groups = split_documents([page_of(row) for row in file_rows], model)
        truths: dict[int, list[Row]] = defaultdict(list)
        for row in file_rows:
            truths[row["document"]].append(row)
        for truth in truths.values():
            pages = {row["page"] for row in truth}
            group = max(groups, key=lambda g: len(pages & {p.number for p in g.pages}))
            pairs.append((truth[0]["label"], group.type, group.confidence))
            if group.decision.decisive:
                by_cue.append(truth[0]["label"] == group.type)
    return {
        **classification_scores(pairs),
        "decided_by_cue": _ratio(len(by_cue), len(pairs)),
        "cue_decisions_right": _ratio(sum(by_cue), len(by_cue)),
    }


def classification_scores(pairs: list[tuple[str, str, float]]) -> dict[str, Any]:
    """Accuracy, per-type P/R/F1, confusion, VA vs PV and confidence bins of (truth, predicted,
    confidence) triples."""
    confusion = Confusion()
    for truth, predicted, _ in pairs:
        confusion.add(truth, predicted)
    acceptance = [(t, p) for t, p, _ in pairs if t in ACCEPTANCE]
    return {
        "count": len(pairs),
        "accuracy": _ratio(sum(t == p for t, p, _ in pairs), len(pairs)),
        "va_vs_pv_accuracy": _ratio(sum(t == p for t, p in acceptance), len(acceptance)),
        "va_vs_pv_count": len(acceptance),
        "per_type": {label: _prf(pairs, label) for label in TYPES},
        "confusion": confusion.to_dict(),
        "confidence_bins": _bins(pairs),
    }


def _prf(pairs: list[tuple[str, str, float]], label: str) -> dict[str, Any]:
    hits = sum(t == p == label for t, p, _ in pairs)
    truths = sum(t == label for t, _, _ in pairs)
    said = sum(p == label for _, p, _ in pairs)
    precision, recall = _ratio(hits, said), _ratio(hits, truths)
    f1 = (
        round(2 * precision * recall / (precision + recall), 4)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {"precision": precision, "recall": recall, "f1": f1, "support": truths}


def _bins(pairs: list[tuple[str, str, float]]) -> list[dict[str, Any]]:
    """How often a type given a confidence in each bin is right (calibration)."""
    edges = (0.0, *CONFIDENCE_BINS, 1.01)
    out = []
    for low, high in itertools.pairwise(edges):
        inside = [(t == p, c) for t, p, c in pairs if low <= c < high]
        if inside:
            mean = sum(c for _, c in inside) / len(inside)
            right = _ratio(sum(ok for ok, _ in inside), len(inside))
            out.append(
                {
                    "from": low,
                    "count": len(inside),
                    "mean_confidence": round(mean, 3),
                    "accuracy": right,
                }
            )
    return out


def _top(probabilities: dict[str, float]) -> str:
    return max(probabilities, key=lambda kind: probabilities[kind])


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 2)


def save(nlp: Any, temperature: float, path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)
    nlp.meta.update(name="doctype", version="1.0.0", description="Ségur document types (textcat)")
    path.mkdir(parents=True)
    nlp.to_disk(path)
    calibration = {"temperature": temperature}
    (path / "calibration.json").write_text(json.dumps(calibration) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m extractor.classify.train", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--data", type=Path, default=CHECKOUT_MODELS / "doctype" / "data")
    parser.add_argument("--out", type=Path, default=CHECKOUT_MODELS / "doctype")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    train_rows, dev_rows = (load_split(args.data / f"{name}.jsonl") for name in ("train", "dev"))
    nlp = train(train_rows, args.epochs)
    temperature = fit_temperature(nlp, dev_rows)
    save(nlp, temperature, args.out / "model")
    model = DoctypeModel(nlp, temperature)
    scores = {
        "train_pages": dict(Counter(row["label"] for row in train_rows)),
        "dev_pages": dict(Counter(row["label"] for row in dev_rows)),
        "train_seeds": sorted({row["seed"] for row in train_rows}),
        "dev_seeds": sorted({row["seed"] for row in dev_rows}),
        "temperature": temperature,
        "model_mb": _size_mb(args.out / "model"),
        "dev_pages_classifier": page_scores(model, dev_rows),
        "dev_documents_cues_and_classifier": document_scores(model, dev_rows),
    }
    text = json.dumps(scores, ensure_ascii=False, indent=1)
    (args.out / "scores.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
