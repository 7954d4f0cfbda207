"""Shared helpers of the tests: draw pages, scan them, read them, compare with the ground truth."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from extractor.fields.finders import extract_fields
from extractor.ingest.sources import Source
from extractor.model import BBox, Candidate, FileResult
from extractor.pipeline import read_source
from fixtures.pages import DrawnWord, PageCanvas, draw_pdf, paragraph_page
from fixtures.scan import CONDITIONS, Condition, Scan, image_bytes, image_pdf, scan

# Running text with the things a deposit's documents hold: accents, numbers, dates, amounts, codes.
TEXT_LINES = [
    "Attestation de vérification d'aptitude du logiciel de biologie médicale",
    "Le laboratoire SELAS Rhône Analyses atteste que la solution a été installée",
    "sur ses deux sites, identifiés par les numéros FINESS 690000880 et 690028097,",
    "et que les examens de validation ont été réalisés le 14 mars 2023 avec succès.",
    "Montant de la prestation : 18 500,00 euros hors taxes, acompte déjà versé.",
    "Facture numéro FA-2023-0412 émise par BioLogiciels SAS, SIRET 732 829 320 00074.",
    "Les comptes rendus sont transmis au dossier médical partagé du patient,",
    "ainsi que par messagerie sécurisée de santé à l'adresse professionnelle.",
    "Fait à Lyon, pour servir et valoir ce que de droit, le directeur du site.",
    "Référence du dossier : 2022-BIO-004512, numéro éditeur ED-LAB-0193.",
    "Les résultats de biologie sont conformes aux spécifications du référentiel.",
    "Une réunion de clôture a été tenue en présence des biologistes responsables.",
    "Chaque page du présent document a été paraphée par les deux parties.",
    "Contact : service qualité, téléphone 04 72 00 00 00, du lundi au vendredi.",
]

EXTRA_CONDITIONS = {
    "skew3": Condition("skew3", skew=3.0),
    "noisy150": Condition("noisy150", dpi=150, skew=-2.0, noise=10, jpeg_quality=70),
    "skew8": Condition("skew8", skew=-8.0),
    "shadowed": Condition("shadowed", dpi=200, shade=0.75, noise=4, jpeg_quality=80),
}


def condition(name: str) -> Condition:
    return CONDITIONS.get(name) or EXTRA_CONDITIONS[name]


@functools.cache
def text_page() -> tuple[bytes, tuple[DrawnWord, ...]]:
    pdf, words = draw_pdf([paragraph_page(TEXT_LINES)])
    return pdf, tuple(words)


@functools.cache
def scanned_text_page(name: str) -> Scan:
    pdf, _ = text_page()
    return scan(pdf, 0, condition(name), seed=3)


def read_bytes(name: str, data: bytes, jobs: int = 2) -> FileResult:
    """Read one in-memory file through the whole pipeline."""
    with ThreadPoolExecutor(jobs) as pool:
        return read_source(Source.from_bytes(name, data), pool)


@functools.cache
def read_scanned_text_page(name: str) -> FileResult:
    return read_bytes(f"{name}.png", image_bytes(scanned_text_page(name).image))


def normalise(token: str) -> str:
    return unicodedata.normalize("NFC", token).strip(".,;:()«»\"'").replace("’", "'")


def word_recall(expected: list[str], read: list[str]) -> float:
    """Share of the expected words found among the words read (as multisets)."""
    want = Counter(n for w in expected if (n := normalise(w)))
    got = Counter(n for w in read if (n := normalise(w)))
    return sum((want & got).values()) / sum(want.values())


def iou(a: BBox, b: BBox) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


def unique_word_boxes(words: list[tuple[str, BBox]]) -> dict[str, BBox]:
    """Words that occur once, with their box: they can be matched without ambiguity."""
    counts = Counter(normalise(t) for t, _ in words)
    return {
        normalise(t): b for t, b in words if counts[normalise(t)] == 1 and re.search(r"\w{3}", t)
    }


def fields_of_drawn_page(
    draw: Callable[[PageCanvas], None], condition_name: str, seed: int = 2
) -> dict[str, list[Candidate]]:
    """The fields read on one page drawn by ``draw``, as a digital PDF or scanned."""
    pdf, _ = draw_pdf([draw])
    if condition_name != "digital":
        pdf = image_pdf([scan(pdf, 0, condition(condition_name), seed=seed).image])
    return extract_fields(read_bytes("page.pdf", pdf).pages)
