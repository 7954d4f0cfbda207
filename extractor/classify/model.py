"""The trained document-type classifier (a spaCy ``textcat``, bag of words and bigrams).

The model lives in ``models/doctype/model`` of a checkout and is installed with the package as
``extractor/classify/_models/doctype/model``. Its input is a page's text as the pipeline reads
it, folded (lower case, no accents: OCR drops accents as often as it keeps them), digits made
one symbol (identifiers and amounts say nothing of the type) and clipped to its head and tail.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.errors import UsageError
from extractor.fields.text import fold

HEAD_CHARS = 2400  # titles and opening paragraphs
TAIL_CHARS = 1200  # closing formulas, signature captions
_DIGITS = re.compile(r"\d")
# Words and single signs: a regular expression splits a page in a millisecond, where a language's
# tokenizer takes ten.
_WORDS = re.compile(r"\w+|[^\w\s]")

CHECKOUT_MODELS = Path(__file__).resolve().parents[2] / "models"
INSTALLED_MODELS = Path(__file__).resolve().parent / "_models"


def clipped(text: str) -> str:
    """The head and tail of a long text: where a document names itself and signs off."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + "\n" + text[-TAIL_CHARS:]


def model_words(text: str) -> list[str]:
    """What the classifier reads of a page's text."""
    return _WORDS.findall(_DIGITS.sub("0", fold(clipped(text))))


def model_doc(vocab: Any, text: str) -> Any:
    from spacy.tokens import Doc

    return Doc(vocab, words=model_words(text))


def model_dir() -> Path:
    """The model of a checkout, else the one installed with the package."""
    for root in (CHECKOUT_MODELS, INSTALLED_MODELS):
        path = root / "doctype" / "model"
        if (path / "meta.json").is_file():
            return path
    raise UsageError("doctype_model_missing", f"{CHECKOUT_MODELS} ; {INSTALLED_MODELS}")


@dataclass(frozen=True)
class DoctypeModel:
    nlp: Any
    temperature: float  # fitted on the dev pages (see extractor.classify.train)

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        """Each text's probability per type, softened by the fitted temperature."""
        docs = [model_doc(self.nlp.vocab, text) for text in texts]
        read = iter(self.nlp.pipe(doc for doc in docs if len(doc)))
        return [
            soften(next(read).cats, self.temperature) if len(doc) else self.even_odds()
            for doc in docs
        ]

    def even_odds(self) -> dict[str, float]:
        """What a page without text says: nothing."""
        labels = self.nlp.get_pipe("textcat").labels
        return {label: 1 / len(labels) for label in labels}


def soften(probabilities: dict[str, float], temperature: float) -> dict[str, float]:
    """Temperature scaling of a softmax output (``T > 1`` makes it less sure)."""
    logits = {k: math.log(max(p, 1e-12)) / temperature for k, p in probabilities.items()}
    top = max(logits.values())
    weights = {k: math.exp(v - top) for k, v in logits.items()}
    total = sum(weights.values())
    return {k: w / total for k, w in weights.items()}


@lru_cache(maxsize=1)
def load_model() -> DoctypeModel:
    import spacy

    path = model_dir()
    calibration = json.loads((path / "calibration.json").read_text(encoding="utf-8"))
    return DoctypeModel(spacy.load(path), float(calibration["temperature"]))
