"""The document generator: every layout prints what its truth says, read back through PDFium."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache

import numpy as np
import pytest
from stdnum import luhn
from stdnum.fr import siren, siret

from extractor.evaluate.truth import BoxTruth, MarkTruth
from extractor.ingest.pdf import PdfFile
from fixtures import marks
from fixtures.documents import LAYOUTS, DrawnDocument, MarkPlan, draw_document
from fixtures.lab_documents import CATALOGUE
from fixtures.sheet import french_amount, french_date
from fixtures.values import LineValues, random_line_values, with_changes

CASES = [(kind, layout) for kind, layouts in LAYOUTS.items() for layout in layouts]
IDS = [f"{kind}-{layout}" for kind, layout in CASES]
# (seed, sites): one site, four sites, and whatever the seed draws.
VARIANTS = ((1, 1), (2, 4), (3, None))
IDENTIFIERS = (
    "supplier_siret", "supplier_siren", "client_siret", "finess_ej", "numero_editeur",
    "numero_asp", "invoice_number",
)  # fmt: skip
DATES = ("invoice_date", "signature_date")
AMOUNTS = ("amount_ht", "amount_ttc")
NAMES = ("client_name", "signatory_name")


@cache
def values(seed: int, sites: int | None) -> LineValues:
    return random_line_values(np.random.default_rng(seed), sites)


@cache
def drawn(kind: str, layout: str, seed: int, sites: int | None) -> DrawnDocument:
    rng = np.random.default_rng(seed + 100)
    return draw_document(kind, values(seed, sites), rng, layout=layout)


@cache
def text_of(pdf: bytes) -> str:
    with PdfFile(pdf) as document:
        layers = [document.text_layer(i) for i in range(document.page_count)]
    return " ".join(layer.text for layer in layers if layer is not None)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold().replace("’", "'")


def printed(name: str, value: str, text: str) -> bool:
    """Whether ``value`` (normalised) is on the page in one of the ways documents print it."""
    if name in DATES:
        day = date.fromisoformat(value)
        return any(french_date(day, style) in spaced(text) for style in ("slash", "dot", "long"))
    if name in AMOUNTS:
        styles = ("space_euro", "dot", "plain_eur")
        return any(compact(french_amount(Decimal(value), s)) in compact(text) for s in styles)
    if name in NAMES:
        return value.casefold() in spaced(text)
    return value in compact(text)


@pytest.mark.parametrize(("kind", "layout"), CASES, ids=IDS)
@pytest.mark.parametrize(("seed", "sites"), VARIANTS, ids=["1site", "4sites", "drawn"])
def test_every_truth_field_is_printed(kind: str, layout: str, seed: int, sites: int | None) -> None:
    document = drawn(kind, layout, seed, sites)
    text = text_of(document.pdf)
    assert document.truth.fields, "a document with no field"
    for name, value in document.truth.fields.items():
        for one in value if isinstance(value, list) else [value]:
            assert printed(name, one, text), f"{name}={one!r} not in the text layer"
    assert document.truth.type == kind and document.truth.layout == layout


@pytest.mark.parametrize(("kind", "layout"), CASES, ids=IDS)
def test_words_stay_on_the_page_and_apart(kind: str, layout: str) -> None:
    """No text runs off the page or over other text (columns too narrow, blocks colliding)."""
    for seed, sites in VARIANTS:
        document = drawn(kind, layout, seed, sites)
        assert document.truth.pages == list(range(1, len(document.truth.pages) + 1))
        for page in document.truth.pages:
            boxes = np.array([w.bbox for w in document.words if w.page == page])
            assert boxes.min() >= 0 and boxes[:, 2].max() <= 0.97 and boxes[:, 3].max() <= 0.99
            assert not overlapping(boxes), f"words overlap on page {page} (seed {seed})"


def overlapping(boxes: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of word boxes sharing more than a quarter of the smaller one."""
    x0, y0, x1, y1 = (boxes[:, i][:, None] for i in range(4))
    w = np.clip(np.minimum(x1, x1.T) - np.maximum(x0, x0.T), 0, None)
    h = np.clip(np.minimum(y1, y1.T) - np.maximum(y0, y0.T), 0, None)
    area = (x1 - x0) * (y1 - y0)
    share = w * h / np.maximum(np.minimum(area, area.T), 1e-12)
    np.fill_diagonal(share, 0)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(share > 0.25)), strict=True)]


@pytest.mark.parametrize(("kind", "layout"), CASES, ids=IDS)
def test_drawing_is_deterministic(kind: str, layout: str) -> None:
    again = draw_document(kind, values(3, None), np.random.default_rng(103), layout=layout)
    first = drawn(kind, layout, 3, None)
    assert again.pdf == first.pdf
    assert again.truth.to_dict() == first.truth.to_dict()


@pytest.mark.parametrize(("kind", "layout"), CASES, ids=IDS)
def test_marks_lie_inside_the_page(kind: str, layout: str) -> None:
    for seed, sites in VARIANTS:
        truth = drawn(kind, layout, seed, sites).truth
        marks_drawn: list[MarkTruth | BoxTruth] = [*truth.signatures, *truth.stamps, *truth.boxes]
        for mark in marks_drawn:
            x0, y0, x1, y1 = mark.bbox
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1, mark
            assert mark.page in truth.pages


@pytest.mark.parametrize("layout", LAYOUTS["va"])
def test_a_va_says_verification_d_aptitude_and_has_scenario_boxes(layout: str) -> None:
    for seed, sites in VARIANTS:
        document = drawn("va", layout, seed, sites)
        assert "vérification d'aptitude" in spaced(text_of(document.pdf))
        assert document.truth.scenario == values(seed, sites).scenario
        assert {box.name for box in document.truth.boxes} == {"dmp", "mss_pro", "mss_citoyen"}


@pytest.mark.parametrize("layout", LAYOUTS["pv_recette"])
def test_a_pv_de_recette_never_says_verification_d_aptitude(layout: str) -> None:
    for seed, sites in VARIANTS:
        text = spaced(text_of(drawn("pv_recette", layout, seed, sites).pdf))
        assert "vérification d'aptitude" not in text and "aptitude" not in text
        assert "recette" in text


def test_invoices_carry_their_decoys() -> None:
    v = values(3, None)
    for layout in LAYOUTS["facture"]:
        text = compact(text_of(drawn("facture", layout, 3, None).pdf)).casefold()
        for decoy in (v.client.siret, v.client_account, v.supplier.tva, v.supplier.iban[:8]):
            assert decoy.casefold() in text, (layout, decoy)
        for mention in ("acompteversé(30%)", "ttc", "tva20%", "rcs", "resteàpayer", "échéance"):
            assert mention in text, (layout, mention)


def test_line_values_identifiers_and_dates() -> None:
    for seed in range(30):
        v = random_line_values(np.random.default_rng(seed))
        assert siret.is_valid(v.supplier.siret) and siret.is_valid(v.client.siret)
        assert siren.is_valid(v.supplier.siren) and not luhn.is_valid(v.client_account)
        for finess in (v.client.finess_ej, *v.client.finess_eg):
            assert len(finess) == 9 and luhn.is_valid(finess), finess
        assert v.ident_dmp in ((), tuple("1" + f for f in v.client.finess_eg))
        dates = [v.order_date, v.delivery_date, v.signature_date, v.invoice_date, v.due_date]
        assert dates == sorted(dates) and len(set(dates)) == 5
        assert sum(v.site_amounts()) == v.amount_ht and 1 <= len(v.client.sites) <= 4
        assert v.amount_ht == v.amount_ht.quantize(Decimal("0.01"))


def test_catalogue_loinc_codes_have_valid_check_digits() -> None:
    for row in CATALOGUE:
        assert luhn.is_valid(row[2].replace("-", "")), row


def test_with_changes_reaches_into_sub_values() -> None:
    v = values(1, 1)
    changed = with_changes(v, client__name="SELARL Autre", amount_ht=Decimal("1.00"))
    assert changed.client.name == "SELARL Autre" and changed.amount_ht == Decimal("1.00")
    assert changed.client.finess_ej == v.client.finess_ej and v.client.name != "SELARL Autre"


@pytest.mark.parametrize(
    ("plan", "signatures", "stamps"),
    [
        (MarkPlan(signed=True, stamped=True, crossing=True), 1, 1),
        (MarkPlan(signed=True, stamped=False), 1, 0),
        (MarkPlan(signed=False, unsigned_variant="empty"), 0, 0),
        (MarkPlan(signed=False, unsigned_variant="stamp_only", stamp_shape="rect"), 0, 1),
        (MarkPlan(signed=False, unsigned_variant="typed_name"), 0, 0),
    ],
    ids=["crossing", "signed", "empty", "stamp_only", "typed_name"],
)
def test_mark_plans(plan: MarkPlan, signatures: int, stamps: int) -> None:
    v = values(1, 1)
    document = draw_document("va", v, np.random.default_rng(0), layout="formulaire", marks=plan)
    assert (len(document.truth.signatures), len(document.truth.stamps)) == (signatures, stamps)
    if plan.unsigned_variant == "typed_name" and not plan.signed:
        words = [w.text for w in document.words]
        assert words.count(v.signatory.last_name) == 1  # typed once: the name is printed upper


@pytest.mark.parametrize("style", marks.TICK_STYLES)
def test_tick_styles(style: str) -> None:
    v = with_changes(values(1, 1), dmp=True, mss_pro=False, mss_citoyen=True)
    plan = MarkPlan(tick_style=style)
    document = draw_document("va", v, np.random.default_rng(0), layout="formulaire", marks=plan)
    glyphs = style == "glyph" and marks.glyph_font() is not None  # else drawn crosses
    drawn_style = "x" if style == "glyph" and not glyphs else style
    empty = "glyph" if glyphs else "empty"
    ticked = {b.name: (b.ticked, b.style) for b in document.truth.boxes}
    assert ticked == {
        "dmp": (True, drawn_style),
        "mss_pro": (False, empty),
        "mss_citoyen": (True, drawn_style),
    }
    if glyphs:  # a form filled on a computer: the boxes are in the text layer
        assert [w for w in text_of(document.pdf).split() if w in "☒☐"] == ["☒", "☐", "☒"]


def test_glyph_boxes_fall_back_to_drawn_crosses_without_the_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(marks, "glyph_font", lambda: None)
    v = with_changes(values(1, 1), dmp=True)
    plan = MarkPlan(tick_style="glyph")
    truth = draw_document("va", v, np.random.default_rng(0), layout="lettre", marks=plan).truth
    assert {b.style for b in truth.boxes if b.ticked} == {"x"}


@pytest.mark.parametrize("field", ["supplier_siret", "invoice_date", "amount_ht"])
def test_an_omitted_field_is_neither_printed_nor_in_the_truth(field: str) -> None:
    v = values(1, 1)
    for layout in LAYOUTS["facture"]:
        document = draw_document(
            "facture", v, np.random.default_rng(0), layout=layout, omit=[field]
        )
        assert field not in document.truth.fields
        expected = {
            "supplier_siret": v.supplier.siret,
            "invoice_date": v.invoice_date.isoformat(),
            "amount_ht": f"{v.amount_ht:.2f}",
        }[field]
        assert not printed(field, expected, text_of(document.pdf)), layout
