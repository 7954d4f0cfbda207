"""``segur check --format html``: one self-contained page a person reads and acts on.

The deposit's verdict, then per line its verdict, each finding with the page cut-out that proves
it (the box drawn, the page turned upright the way it was read), the declared values beside the
ones read on the invoice and the VA, and the files with the document types found in them.
Everything is inline: CSS in a ``<style>``, page images as base64 JPEG; no script.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np
from PIL import Image, ImageDraw

from extractor.check import CheckReport, LineReport
from extractor.deposit.model import DeclaredScenario, SoldeLine
from extractor.geometry import turn_box
from extractor.ingest.page_images import PageImages
from extractor.messages import language, say
from extractor.model import BBox, Candidate, Document, FileResult, Mark, Scenario
from extractor.report.check_report import VERDICT_MARKS, member_name, verdict_words
from extractor.rules.context import FoundDocument, LineContext
from extractor.rules.findings import Finding, Severity
from extractor.rules.invoice import chosen_invoice
from extractor.rules.matching import identifier_match, seen_on

# ---------------------------------------------------------------------------------------------
# Page images: cut-outs around a finding's box, thumbnails of a page, as data: URIs
# ---------------------------------------------------------------------------------------------

CUTOUT_MAX_WIDTH = 900  # pixels: a cut-out is shown at most this wide
THUMBNAIL_WIDTH = 420
JPEG_QUALITY = 72
BOX_COLOUR = (214, 0, 0)
# Around a finding's box, in fractions of the upright page: room for the label that names the
# value (usually to its left) and the row above and below.
MARGIN_X, MARGIN_Y = 0.12, 0.05
MIN_CUTOUT_WIDTH = 0.55


class Pictures:
    """The report's page images, each page rendered once and turned upright as it was read."""

    def __init__(self, images: PageImages, results: Iterable[FileResult]) -> None:
        self._images = images
        self._rotations = {(r.file, p.number): p.rotation for r in results for p in r.pages}
        self._pages: dict[tuple[str, int], np.ndarray | None] = {}

    def cutout(self, file: str, page: int, bbox: BBox) -> str | None:
        upright = self._upright(file, page)
        if upright is None:
            return None
        box = turn_box(bbox, self._rotations.get((file, page), 0))
        region = _cutout_region(box)
        picture = Image.fromarray(upright).crop(_pixels(region, upright))
        _draw_box(picture, _within(box, region))
        return _jpeg_uri(_shrunk(picture, CUTOUT_MAX_WIDTH))

    def thumbnail(self, file: str, page: int) -> str | None:
        upright = self._upright(file, page)
        if upright is None:
            return None
        return _jpeg_uri(_shrunk(Image.fromarray(upright), THUMBNAIL_WIDTH))

    def _upright(self, file: str, page: int) -> np.ndarray | None:
        key = (file, page)
        if key not in self._pages:
            stored = self._images.image(file, page)
            turns = self._rotations.get(key, 0) // 90
            self._pages[key] = None if stored is None else _rgb(np.rot90(stored, -turns))
        return self._pages[key]


def _rgb(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    return np.ascontiguousarray(image[..., :3])


def _cutout_region(box: BBox) -> BBox:
    """The box with its surroundings, at least :data:`MIN_CUTOUT_WIDTH` wide, inside the page."""
    x0, y0, x1, y1 = box
    width = max(x1 - x0 + 2 * MARGIN_X, MIN_CUTOUT_WIDTH)
    centre = (x0 + x1) / 2
    left = min(max(0.0, centre - width / 2), max(0.0, 1.0 - width))
    return (left, max(0.0, y0 - MARGIN_Y), min(1.0, left + width), min(1.0, y1 + MARGIN_Y))


def _pixels(region: BBox, image: np.ndarray) -> tuple[int, int, int, int]:
    height, width = image.shape[:2]
    x0, y0, x1, y1 = region
    return (round(x0 * width), round(y0 * height), round(x1 * width), round(y1 * height))


def _within(box: BBox, region: BBox) -> BBox:
    """``box`` in fractions of ``region``."""
    rx0, ry0, rx1, ry1 = region
    rw, rh = max(rx1 - rx0, 1e-9), max(ry1 - ry0, 1e-9)
    return ((box[0] - rx0) / rw, (box[1] - ry0) / rh, (box[2] - rx0) / rw, (box[3] - ry0) / rh)


def _draw_box(picture: Image.Image, box: BBox) -> None:
    """The finding's box, a few pixels outside the words so they stay readable."""
    width, height = picture.size
    pad = max(3, width // 150)
    outline = (
        max(0, box[0] * width - pad),
        max(0, box[1] * height - pad),
        min(width - 1, box[2] * width + pad),
        min(height - 1, box[3] * height + pad),
    )
    ImageDraw.Draw(picture).rectangle(outline, outline=BOX_COLOUR, width=max(2, width // 250))


def _shrunk(picture: Image.Image, max_width: int) -> Image.Image:
    if picture.width <= max_width:
        return picture
    height = max(1, round(picture.height * max_width / picture.width))
    return picture.resize((max_width, height), Image.Resampling.LANCZOS)


def _jpeg_uri(picture: Image.Image) -> str:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# ---------------------------------------------------------------------------------------------
# Declared against read: one row per declared value, one reading per document
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What a document gives for a declared value: shown text, agreement, how sure."""

    text: str
    agrees: bool | None  # None: the document cannot tell
    confidence: float | None = None


@dataclass(frozen=True)
class Row:
    label: str
    declared: str
    invoice: Reading | None  # None: the invoice is not where this value is checked
    acceptance: Reading | None  # the VA (or the PV de recette sent in its place)


def _no_document() -> Reading:
    return Reading(say("pas de document", "no document"), None)


def _not_found() -> Reading:
    return Reading(say("introuvable", "not found"), False)


def _identifier(declared: str, document: FoundDocument | None, *keys: str) -> Reading:
    """An identifier read as declared (one OCR confusion allowed, or printed anywhere), else
    the best candidate read, shown as differing."""
    if document is None:
        return _no_document()
    candidates = [c for key in keys for c in document.document.fields.get(key, [])]
    match = identifier_match(declared, candidates)
    if match is not None:
        return Reading(match.value, True, match.confidence)
    sighting = seen_on(document, declared)
    if sighting is not None:
        return Reading(declared, True, sighting.confidence)
    return _differing(candidates[:1])


def _value(
    document: FoundDocument | None,
    key: str,
    same: Callable[[str], bool],
    shown: Callable[[str], str] = str,
) -> Reading:
    """The candidate that agrees with the declared value, else the best one read."""
    if document is None:
        return _no_document()
    candidates = document.document.fields.get(key, [])
    for candidate in candidates:
        if same(candidate.value):
            return Reading(shown(candidate.value), True, candidate.confidence)
    return _differing(candidates[:1], shown)


def _differing(best: list[Candidate], shown: Callable[[str], str] = str) -> Reading:
    if not best:
        return _not_found()
    return Reading(shown(best[0].value), False, best[0].confidence)


def amount_text(value: str | Decimal) -> str:
    """An amount the way the report's language writes it: ``41 100,00 €``."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    grouped = f"{number:,.2f}"
    if language() == "fr":
        grouped = grouped.replace(",", "\u202f").replace(".", ",")
    return f"{grouped} €"


def _same_amount(declared: Decimal) -> Callable[[str], bool]:
    def same(value: str) -> bool:
        try:
            return Decimal(value) == declared
        except InvalidOperation:
            return False

    return same


def _yes_no(value: bool) -> str:
    return say("oui", "yes") if value else say("non", "no")


def _ticked(declared: bool, scenario: Scenario | None, name: str) -> Reading:
    read = getattr(scenario, name) if scenario else None
    if read is None:
        return Reading(say("case non trouvée", "box not found"), None)
    boxes = [b.confidence for b in scenario.boxes if b.name == name] if scenario else []
    text = say("cochée", "ticked") if read else say("non cochée", "not ticked")
    return Reading(text, read == declared, max(boxes, default=None))


def _written(declared: Iterable[str], read: Iterable[str]) -> Reading:
    """Identifiers or addresses written on the document against those declared."""
    wanted, seen = {v.casefold() for v in declared}, {v.casefold() for v in read}
    if not seen:
        return Reading(say("non lu", "not read"), None)
    return Reading(", ".join(sorted(read)), wanted == seen)


def _marks_reading(signatures: list[Mark], stamps: list[Mark]) -> Reading:
    text = say(
        f"{len(signatures)} signature(s), {len(stamps)} tampon(s)",
        f"{len(signatures)} signature(s), {len(stamps)} stamp(s)",
    )
    best = max((m.confidence for m in signatures), default=None)
    return Reading(text, bool(signatures), best)


@dataclass(frozen=True)
class LineDocuments:
    invoice: FoundDocument | None
    acceptance: FoundDocument | None


def line_documents(report: CheckReport, line: SoldeLine, files: list[str]) -> LineDocuments:
    """The invoice the rules checked and the line's VA (else its PV de recette)."""
    results = [r for r in report.files if r.file in files]
    context = LineContext(line, report.solde.software, report.solde.siret, results)
    acceptance = context.of_type("va") or context.of_type("pv_recette")
    return LineDocuments(chosen_invoice(context), acceptance[0] if acceptance else None)


def invoice_rows(
    solde_siret: str | None, line: SoldeLine, invoice: FoundDocument | None
) -> list[Row]:
    date = line.invoice_date.isoformat()
    rows = [
        Row(
            say("N° de facture", "Invoice number"),
            line.invoice_number,
            _value(invoice, "invoice_number", lambda v: v == line.invoice_number),
            None,
        ),
        Row(
            say("Date de facture", "Invoice date"),
            date,
            _value(invoice, "invoice_date", lambda v: v == date),
            None,
        ),
        Row(
            say("Montant HT Ségur", "Ségur HT amount"),
            amount_text(line.amount_ht),
            _value(invoice, "amount_ht", _same_amount(line.amount_ht), amount_text),
            None,
        ),
    ]
    if solde_siret:
        siret = Row(
            say("SIRET du fournisseur", "Supplier SIRET"),
            solde_siret,
            _identifier(solde_siret, invoice, "supplier_siret"),
            None,
        )
        rows.insert(0, siret)
    return rows


def finess_rows(line: SoldeLine, documents: LineDocuments) -> list[Row]:
    kinds = [(say("FINESS juridique", "FINESS juridique"), line.beneficiaries.finess_ej)]
    kinds += [
        (say("FINESS géographique", "FINESS géographique"), site)
        for site in line.beneficiaries.finess_eg
    ]
    return [
        Row(
            label, number, _finess(number, documents.invoice), _finess(number, documents.acceptance)
        )
        for label, number in kinds
    ]


def _finess(number: str, document: FoundDocument | None) -> Reading:
    """A FINESS among those read (juridique or géographique, as the rules look for it); another
    FINESS read is no answer, so a missing one shows as absent."""
    reading = _identifier(number, document, "finess_ej", "finess_eg")
    return Reading(say("absent", "missing"), False) if reading.agrees is False else reading


SCENARIO_ROWS = (("dmp", "DMP"), ("mss_pro", "MSSanté Pro"), ("mss_citoyen", "MSSanté Citoyen"))


def acceptance_rows(line: SoldeLine, acceptance: FoundDocument | None) -> list[Row]:
    document = acceptance.document if acceptance else None
    return [
        *scenario_rows(line.scenario, document),
        *written_rows(line.scenario, document.scenario if document else None),
        signature_row(document),
    ]


def scenario_rows(declared: DeclaredScenario, document: Document | None) -> list[Row]:
    scenario = document.scenario if document else None
    return [
        Row(
            say(f"Scénario {label}", f"Scenario {label}"),
            _yes_no(getattr(declared, name)),
            None,
            _ticked(getattr(declared, name), scenario, name) if document else _no_document(),
        )
        for name, label in SCENARIO_ROWS
    ]


def written_rows(declared: DeclaredScenario, scenario: Scenario | None) -> list[Row]:
    idents = declared.ident_dmp or ()
    return [
        Row(
            "identDMP",
            ", ".join(idents) or "—",
            None,
            _written(idents, scenario.ident_dmp if scenario else ()),
        ),
        _address_row("MSSanté Pro", declared.mss_pro_address, scenario, "mss_pro_address"),
        _address_row(
            "MSSanté Citoyen", declared.mss_citoyen_address, scenario, "mss_citoyen_address"
        ),
    ]


def signature_row(document: Document | None) -> Row:
    return Row(
        say("Signature du bénéficiaire", "Beneficiary's signature"),
        say("requise", "required"),
        None,
        _marks_reading(document.signatures, document.stamps) if document else _no_document(),
    )


def _address_row(label: str, declared: str | None, scenario: Scenario | None, key: str) -> Row:
    written = getattr(scenario, key) if scenario else None
    return Row(
        say(f"Adresse {label}", f"{label} address"),
        declared or "—",
        None,
        _written([declared] if declared else [], [written] if written else []),
    )


def value_rows(report: CheckReport, line: SoldeLine, documents: LineDocuments) -> list[Row]:
    return (
        invoice_rows(report.solde.siret, line, documents.invoice)
        + finess_rows(line, documents)
        + acceptance_rows(line, documents.acceptance)
    )


# ---------------------------------------------------------------------------------------------
# HTML: small render functions, every text escaped
# ---------------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


SEVERITY_WORDS = {
    Severity.BLOQUANT: ("bloquant", "blocking"),
    Severity.ALERTE: ("alerte", "warning"),
    Severity.INFO: ("info", "info"),
}
SEVERITY_ORDER = (Severity.BLOQUANT, Severity.ALERTE, Severity.INFO)
DOCUMENT_TYPES = {
    "facture": ("Facture", "Invoice"),
    "va": ("VA (attestation de vérification d'aptitude)", "VA (attestation of fitness)"),
    "pv_recette": ("PV de recette", "Acceptance report (PV de recette)"),
    "bon_de_commande": ("Bon de commande", "Purchase order"),
    "mom": ("Mandat (MOM)", "Mandate (MOM)"),
    "compte_rendu": ("Compte-rendu de biologie", "Biology report"),
    "catalogue_loinc": ("Catalogue LOINC", "LOINC catalogue"),
    "autre": ("Autre document", "Other document"),
}


def _percent(confidence: float | None) -> str:
    return "" if confidence is None else f"{round(confidence * 100)}\u202f%"


def verdict_badge(verdict: str) -> str:
    return (
        f'<span class="badge verdict-{_e(verdict)}">'
        f'<span aria-hidden="true">{VERDICT_MARKS[verdict]}</span> {_e(verdict_words(verdict))}'
        "</span>"
    )


def severity_badge(severity: Severity) -> str:
    french, english = SEVERITY_WORDS[severity]
    return f'<span class="badge severity-{_e(severity.value)}">{_e(say(french, english))}</span>'


def _ordered(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.index(f.severity))


def finding_figure(found: Finding, pictures: Pictures) -> str:
    if not found.file or not found.page:
        return ""
    name, page = member_name(found.file), found.page
    if found.bbox:
        uri = pictures.cutout(found.file, page, found.bbox)
        alt = say(
            f"Extrait de {name}, page {page} : zone du constat {found.code} encadrée en rouge",
            f"Cut-out of {name}, page {page}: the area of finding {found.code} boxed in red",
        )
        kind = "cutout"
    else:
        uri = pictures.thumbnail(found.file, page)
        alt = say(f"Page {page} de {name} (vignette)", f"Page {page} of {name} (thumbnail)")
        kind = "thumbnail"
    if uri is None:
        missing = say("Image de la page indisponible", "Page image unavailable")
        return f'<p class="none">{_e(missing)}</p>'
    return (
        f'<figure class="{kind}"><img src="{_e(uri)}" alt="{_e(alt)}">'
        f"<figcaption>{_e(name)}, p.\u00a0{page}</figcaption></figure>"
    )


def finding_where(found: Finding) -> str:
    parts = []
    if found.file:
        page = f", p.\u00a0{found.page}" if found.page else ""
        parts.append(f'<span class="file">{_e(member_name(found.file))}</span>{_e(page)}')
    if found.confidence is not None:
        parts.append(
            _e(
                say(
                    f"confiance {_percent(found.confidence)}",
                    f"confidence {_percent(found.confidence)}",
                )
            )
        )
    return f'<p class="where">{" · ".join(parts)}</p>' if parts else ""


def finding_item(found: Finding, pictures: Pictures) -> str:
    return (
        f'<li class="finding severity-{_e(found.severity.value)}">'
        f'<p class="headline">{severity_badge(found.severity)} '
        f'<code class="code">{_e(found.code)}</code></p>'
        f'<p class="message">{_e(found.message)}</p>'
        f"{finding_where(found)}{finding_figure(found, pictures)}</li>"
    )


def findings_list(findings: list[Finding], pictures: Pictures, none: str) -> str:
    if not findings:
        return f'<p class="none">{_e(none)}</p>'
    items = "".join(finding_item(f, pictures) for f in _ordered(findings))
    return f'<ul class="findings">{items}</ul>'


def reading_cell(reading: Reading | None) -> str:
    if reading is None:
        return '<td class="na">—</td>'
    state, mark, words = {
        True: ("agrees", "✓", say("concorde", "agrees")),
        False: ("differs", "✗", say("diffère", "differs")),
        None: ("unknown", "?", say("non vérifiable", "cannot tell")),
    }[reading.agrees]
    confidence = _percent(reading.confidence)
    sure = f' <span class="confidence">({_e(confidence)})</span>' if confidence else ""
    return (
        f'<td class="{state}"><span class="mark" aria-hidden="true">{mark}</span> '
        f'<span class="sr">{_e(words)} : </span>{_e(reading.text)}{sure}</td>'
    )


def document_heading(words: str, document: FoundDocument | None) -> str:
    name = f"<br><small>{_e(member_name(document.file))}</small>" if document else ""
    return f'<th scope="col">{_e(words)}{name}</th>'


def acceptance_words(acceptance: FoundDocument | None) -> str:
    if acceptance is not None and acceptance.type == "pv_recette":
        return say("Lu sur le PV de recette (fourni pour VA)", "Read on the PV de recette (as VA)")
    return say("Lu sur la VA", "Read on the VA")


def values_table(rows: list[Row], documents: LineDocuments) -> str:
    invoice_words = say("Lu sur la facture", "Read on the invoice")
    head = (
        f'<tr><th scope="col">{_e(say("Valeur", "Value"))}</th>'
        f'<th scope="col">{_e(say("Déclaré (JSON)", "Declared (JSON)"))}</th>'
        f"{document_heading(invoice_words, documents.invoice)}"
        f"{document_heading(acceptance_words(documents.acceptance), documents.acceptance)}</tr>"
    )
    body = "".join(
        f'<tr><th scope="row">{_e(r.label)}</th><td>{_e(r.declared)}</td>'
        f"{reading_cell(r.invoice)}{reading_cell(r.acceptance)}</tr>"
        for r in rows
    )
    caption = say(
        "Valeurs déclarées et valeurs lues (✓ concorde, ✗ diffère ou absent, ? non vérifiable ; "
        "entre parenthèses la confiance de lecture)",
        "Declared and read values (✓ agrees, ✗ differs or missing, ? cannot tell; "
        "read confidence in brackets)",
    )
    return (
        f'<table class="values"><caption>{_e(caption)}</caption>'
        f"<thead>{head}</thead><tbody>{body}</tbody></table>"
    )


def document_text(document: Document) -> str:
    french, english = DOCUMENT_TYPES.get(document.type, (document.type, document.type))
    pages = ", ".join(str(p) for p in document.pages)
    sure = _percent(document.type_confidence)
    text = f"<strong>{_e(say(french, english))}</strong> ({_e(sure)}, p.\u00a0{_e(pages)})"
    if document.type_cue:
        cue = document.type_cue
        text += " — " + _e(
            say(f"indice : « {cue.text} » p. {cue.page}", f"cue: “{cue.text}” p. {cue.page}")
        )
    return text


def file_row(result: FileResult | None, name: str, declared_type: str | None) -> str:
    if result is None:
        found = _e(say("non lu", "not read"))
    elif result.error:
        found = f'<span class="error">{_e(result.error.message)}</span>'
    else:
        found = "<br>".join(document_text(d) for d in result.documents) or "—"
    return (
        f'<tr><th scope="row" class="file">{_e(member_name(name))}</th>'
        f"<td>{_e(declared_type or '—')}</td><td>{found}</td></tr>"
    )


def files_table(report: CheckReport, files: list[str], line: SoldeLine | None) -> str:
    if not files:
        return f'<p class="none">{_e(say("Aucune pièce rattachée.", "No attachment."))}</p>'
    results = {r.file: r for r in report.files}
    declared = {p.name.casefold(): p.type for p in line.pieces} if line else {}
    rows = "".join(
        file_row(results.get(f), f, declared.get(member_name(f).casefold())) for f in files
    )
    return (
        f'<table class="files"><thead><tr><th scope="col">{_e(say("Fichier", "File"))}</th>'
        f'<th scope="col">{_e(say("Type déclaré", "Declared type"))}</th>'
        f'<th scope="col">{_e(say("Documents trouvés", "Documents found"))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def treatment_list(line: LineReport) -> str:
    treatment = line.treatment
    code = _e(treatment.code) if treatment else "—"
    wording = _e(treatment.message) if treatment else "—"
    return (
        f'<dl class="treatment"><dt>codeTraitement</dt><dd><code>{code}</code></dd>'
        f"<dt>libelleTraitement</dt><dd>{wording}</dd></dl>"
    )


def line_title(line: LineReport) -> str:
    number = line.num_ligne if line.num_ligne is not None else "?"
    return say(f"Ligne {number}", f"Line {number}") + (
        f" — {line.numero_asp or '?'} ({line.numero_editeur or '?'})"
    )


def line_section(report: CheckReport, line: LineReport, pictures: Pictures) -> str:
    declared = next((s for s in report.solde.lines if s.index == line.index), None)
    heading = (
        f'<h2 id="line-{line.index}">{_e(line_title(line))} {verdict_badge(line.verdict)}</h2>'
    )
    findings = findings_list(line.findings, pictures, say("Aucun constat.", "No finding."))
    parts = [
        heading,
        treatment_list(line),
        f"<h3>{_e(say('Constats', 'Findings'))}</h3>{findings}",
        f"<h3>{_e(say('Déclaré et lu', 'Declared and read'))}</h3>"
        f"{values_part(report, line, declared)}",
        f"<h3>{_e(say('Pièces de la ligne', 'Attachments of the line'))}</h3>"
        f"{files_table(report, line.files, declared)}",
    ]
    return f'<section class="line verdict-{_e(line.verdict)}">{"".join(parts)}</section>'


def values_part(report: CheckReport, line: LineReport, declared: SoldeLine | None) -> str:
    if declared is None:
        why = say(
            "Ligne au JSON invalide : ses valeurs ne sont pas comparées.",
            "The line's JSON is invalid: its values are not compared.",
        )
        return f'<p class="none">{_e(why)}</p>'
    documents = line_documents(report, declared, line.files)
    return values_table(value_rows(report, declared, documents), documents)


def unattached_files(report: CheckReport) -> list[str]:
    attached = {f for line in report.lines for f in line.files}
    return [r.file for r in report.files if r.file not in attached]


def deposit_section(report: CheckReport, pictures: Pictures) -> str:
    counts = {v: sum(1 for line in report.lines if line.verdict == v) for v in VERDICT_MARKS}
    summary = ", ".join(f"{n} {verdict_words(v)}" for v, n in counts.items() if n) or "—"
    lines = say(f"{len(report.lines)} ligne(s)", f"{len(report.lines)} line(s)")
    parts = [
        f'<p class="deposit-verdict">{_e(say("Verdict du dépôt :", "Deposit verdict:"))} '
        f"{verdict_badge(report.verdict)}</p>",
        f'<p class="summary">{_e(lines)} : {_e(summary)}</p>',
        f"<h2>{_e(say('Constats sur le dépôt', 'Deposit findings'))}</h2>",
        findings_list(report.deposit_findings, pictures, say("Aucun constat.", "No finding.")),
    ]
    unattached = unattached_files(report)
    if unattached:
        parts.append(
            f"<h3>{_e(say('Pièces rattachées à aucune ligne', 'Attachments of no line'))}</h3>"
        )
        parts.append(files_table(report, unattached, None))
    return f'<section class="deposit">{"".join(parts)}</section>'


def line_index(report: CheckReport) -> str:
    items = "".join(
        f'<li><a href="#line-{line.index}">{_e(line_title(line))}</a> '
        f"{verdict_badge(line.verdict)}</li>"
        for line in report.lines
    )
    heading = say("Lignes du dépôt", "Lines of the deposit")
    return f'<nav><h2>{_e(heading)}</h2><ul class="index">{items}</ul></nav>'


STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --red: #b00020; --amber: #8a5300;
  --green: #1e6b2e; --blue: #1d4f91; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); margin: 0 auto; padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; display: flex; flex-wrap: wrap; gap: .6rem;
  align-items: center; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
.badge { display: inline-block; border-radius: .3rem; padding: .05rem .5rem; font-weight: 600;
  font-size: .85rem; border: 2px solid currentColor; white-space: nowrap; }
.verdict-conforme.badge, .severity-info.badge { color: var(--green); background: #e9f5ec; }
.verdict-a_verifier.badge, .severity-alerte.badge { color: var(--amber); background: #fff4dc; }
.verdict-non_conforme.badge, .severity-bloquant.badge { color: var(--red); background: #fdecef; }
.severity-info.badge { color: var(--blue); background: #e8eff9; }
.deposit-verdict { font-size: 1.25rem; }
.deposit-verdict .badge { font-size: 1.15rem; }
section.line { border-top: 3px solid var(--rule); margin-top: 2rem; }
section.line.verdict-non_conforme { border-top-color: var(--red); }
section.line.verdict-a_verifier { border-top-color: var(--amber); }
section.line.verdict-conforme { border-top-color: var(--green); }
.treatment { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
  margin: .4rem 0; }
.treatment dt { font-weight: 600; }
.treatment dd { margin: 0; }
ul.findings { list-style: none; padding: 0; margin: 0; }
li.finding { border-left: 5px solid var(--rule); padding: .4rem .8rem; margin: 0 0 .8rem;
  background: #fafafa; break-inside: avoid; }
li.finding.severity-bloquant { border-left-color: var(--red); }
li.finding.severity-alerte { border-left-color: var(--amber); }
li.finding.severity-info { border-left-color: var(--blue); }
li.finding p { margin: .2rem 0; }
.message { font-size: 1.02rem; }
.where { color: var(--muted); font-size: .88rem; }
figure { margin: .5rem 0 .2rem; }
figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figure.cutout img { max-height: 22rem; width: auto; }
figure.thumbnail img { width: 16rem; }
figcaption { color: var(--muted); font-size: .8rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; font-size: .92rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .3rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #f1f1f1; }
tbody th { font-weight: 600; background: #fafafa; }
td.agrees .mark { color: var(--green); font-weight: 700; }
td.differs { background: #fdecef; }
td.differs .mark { color: var(--red); font-weight: 700; }
td.unknown .mark { color: var(--amber); font-weight: 700; }
td.na { color: var(--muted); }
.confidence { color: var(--muted); font-size: .85em; }
.error { color: var(--red); }
.none { color: var(--muted); font-style: italic; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
ul.index { padding-left: 1.2rem; }
ul.index li { margin: .2rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  nav { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.line { break-before: page; }
  figure, tr { break-inside: avoid; }
}
"""


def check_html(report: CheckReport) -> str:
    """The whole report as one HTML document."""
    pictures = Pictures(report.images, report.files)
    title = say(f"Contrôle du solde {report.solde.file}", f"Solde check {report.solde.file}")
    body = [
        f"<header><h1>{_e(title)}</h1></header>",
        "<main>",
        deposit_section(report, pictures),
        line_index(report) if report.lines else "",
        *(line_section(report, line, pictures) for line in report.lines),
        "</main>",
        f"<footer>{_e(say('Rapport de segur check.', 'Report of segur check.'))}</footer>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
