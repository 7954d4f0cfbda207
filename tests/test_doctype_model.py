"""The trained document-type classifier with the decisive cues, on generated documents read by
the pipeline (digital, and scanned as OCR reads them)."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from extractor.classify import split_documents
from extractor.classify.model import CHECKOUT_MODELS, load_model, model_dir
from extractor.model import Page
from fixtures.documents import draw_document
from fixtures.scan import CONDITIONS, image_bytes, scan
from fixtures.values import random_line_values
from tests.reading import read_bytes

HARD_CASES = [
    # (name, kind drawn and expected, layout, scan condition)
    ("pv_recette_formulaire_with_every_va_identifier", "pv_recette", "formulaire", "digital"),
    ("pv_recette_compte_rendu_scanned", "pv_recette", "compte_rendu", "scan200"),
    ("proces_verbal_de_verification_d_aptitude", "va", "proces_verbal", "digital"),
    ("bon_de_commande_quoting_verification_d_aptitude", "bon_de_commande", "standard", "digital"),
    # Turned, the quote lands in the title zone: a strong cue of two types, the classifier decides.
    ("bon_de_commande_turned_quoting_va", "bon_de_commande", "standard", "turned90"),
    ("va_faxed", "va", "formulaire", "fax150"),
    ("va_photographed", "va", "lettre", "photo"),
]


def _pages(kind: str, layout: str, condition: str, seed: int = 5) -> list[Page]:
    values = random_line_values(np.random.default_rng(seed), n_sites=2)
    pdf = draw_document(kind, values, np.random.default_rng(seed), layout=layout).pdf
    if condition == "digital":
        return read_bytes(f"{kind}.pdf", pdf).pages
    image = scan(pdf, 0, CONDITIONS[condition], seed=seed).image
    return read_bytes(f"{kind}.png", image_bytes(image)).pages


@pytest.mark.parametrize(
    ("kind", "layout", "condition"),
    [case[1:4] for case in HARD_CASES],
    ids=[case[0] for case in HARD_CASES],
)
def test_hard_cases_are_typed_as_what_they_are(kind: str, layout: str, condition: str):
    groups = split_documents(_pages(kind, layout, condition))
    assert [g.type for g in groups] == [kind]
    assert groups[0].confidence >= 0.8


def test_a_pv_de_recette_names_its_recette_cue():
    group = split_documents(_pages("pv_recette", "formulaire", "digital"))[0]
    assert group.cue is not None and "recette" in group.cue.text.lower()


def _without(pages: list[Page], pattern: str) -> list[Page]:
    """The pages with every line matching ``pattern`` left out (as if OCR had lost it)."""
    wanted = re.compile(pattern, re.IGNORECASE)
    return [
        dataclasses.replace(p, lines=tuple(ln for ln in p.lines if not wanted.search(ln.text)))
        for p in pages
    ]


@pytest.mark.parametrize(
    ("kind", "layout", "lost"),
    [
        ("bon_de_commande", "standard", r"bon de commande|bon pour accord"),
        ("pv_recette", "formulaire", r"proc.s-verbal de recette"),
        ("va", "formulaire", r"attestation de v.rification"),
    ],
    ids=["order_form_quoting_va", "pv_recette", "va"],
)
def test_without_its_title_the_classifier_decides(kind: str, layout: str, lost: str):
    """No decisive cue left: the classifier types the page, and names the strongest cue of the
    type it chose when there is one."""
    group = split_documents(_without(_pages(kind, layout, "digital"), lost))[0]
    assert group.type == kind
    assert not group.decision.decisive


def test_a_page_without_text_is_autre_with_no_confidence():
    page = Page(1, 595.0, 842.0, _pages("va", "formulaire", "digital")[0].source, ())
    group = split_documents([page])[0]
    assert (group.type, group.cue) == ("autre", None)
    assert group.confidence < 0.2


def test_the_model_loads_from_the_checkout_and_is_small():
    path = model_dir()
    assert path == CHECKOUT_MODELS / "doctype" / "model"
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size < 5_000_000
    probabilities = load_model().predict(["PROCÈS-VERBAL DE RECETTE\nRecette prononcée"])[0]
    assert max(probabilities, key=lambda k: probabilities[k]) == "pv_recette"
    assert sum(probabilities.values()) == pytest.approx(1.0)
