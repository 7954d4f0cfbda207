"""One finder per field: find every printed value of the field's form, weigh its evidence, rank.

Every finder returns candidates best first (one per distinct value); a field with no candidate
is left out of the output rather than given an empty or guessed value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from stdnum.fr import siren, siret

from extractor.fields.amounts import AmountMatch, find_amounts, format_amount
from extractor.fields.dates import find_dates, month_first
from extractor.fields.evidence import (
    NONE,
    SAME_ROW,
    Score,
    Support,
    best_support,
    confidence,
)
from extractor.fields.labels import Label, find_labels
from extractor.fields.repair import (
    Reading,
    person_name,
    read_asp_number,
    read_identifier,
    read_reference,
)
from extractor.fields.text import DocumentText, LineText, Span
from extractor.fields.totals import ht_adds_up, lost_separator, ttc_adds_up
from extractor.identifiers import finess
from extractor.model import BBox, Candidate, Page

_D = r"[0-9OoIlSBZG|§]"  # a digit, or a letter OCR reads in place of one
_SEPARATORS = " .\u00a0\u202f"
_SEP = rf"[{_SEPARATORS}]?"
SIRET_PATTERN = re.compile(
    rf"(?<![\w]){_D}{{3}}{_SEP}{_D}{{3}}{_SEP}{_D}{{3}}{_SEP}{_D}{{5}}(?![\w])"
)
NINE_PATTERN = re.compile(rf"(?<![\w]){_D}{{3}}{_SEP}{_D}{{3}}{_SEP}{_D}{{3}}(?![\w])")
# Nine characters, spaced anyhow: printed in groups, or OCR putting a space where there is none
# (« 697 109304 »).
FINESS_PATTERN = re.compile(rf"(?<![\w])(?:{_D}{_SEP}{_D}|2[AB])(?:{_SEP}{_D}){{7}}(?![\w])")
# A spaced number's groups running on: the span is the start or the end of a longer number.
_RUNS_ON = (re.compile(rf"\d[{_SEPARATORS}]$"), re.compile(rf"[{_SEPARATORS}]\d"))
VAT_PATTERN = re.compile(r"(?<![\w])FR\s?[0-9A-Z]{2}\s?(\d{3}\s?\d{3}\s?\d{3})(?!\d)")
CIVILITY = r"(?:M\.|Mme|Mlle|Dr|Pr|Me|Monsieur|Madame|Mademoiselle|Docteur|Professeur)\.?"
_NAME_WORD = r"[A-ZÀ-Ý][\w'’-]+"
PERSON_PATTERN = re.compile(
    rf"[\s:,)]*((?:{CIVILITY}\s+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})"
)
# A structure's name: a capitalised run of words up to the end of the line or a comma.
ORGANISATION_PATTERN = re.compile(r"[\s:)]*([A-ZÀ-Ý][^,;:]{2,80}?)\s*(?:[,;]|$)")
# A label followed on its line by « : » and a value (« Tél. client : 02 79 59 36 25 »).
_COLON_THEN_VALUE = re.compile(r"\s*(?:n[°o]\.?)?\s*:\s*\w", re.IGNORECASE)
# What a laboratory's or a hospital's name starts with (folded): its legal form, or its kind.
STRUCTURE_FORM = re.compile(
    r"\W*(?:sas|sasu|sa|sarl|selas|selarl|selafa|selca|seleurl|sel|scp|gcs|gie|lbm|chu|chr|ch"
    r"|centre hospitalier|groupe hospitalier|hopital|clinique)\b"
)
# How surely the structure heading a FINESS block is the client: below any captioned value.
FINESS_HOLDER = 0.6
# A reference right after its label (« N° : », « n° », « : » allowed between).
REFERENCE_PATTERN = re.compile(
    r"[\s:°#]*(?:n[°o]\.?\s*:?\s*)?([A-Z0-9][A-Za-z0-9\-/_.]*\d[A-Za-z0-9\-/_.]*)", re.IGNORECASE
)

DECOY_IDENTIFIER_LABELS = frozenset({"vat_id", "iban", "phone", "invoice_number", "numero_asp"})
# The labels of the other nine-digit numbers a FINESS label may reach down a column (« RCS Lyon
# 344 994 652 » in the footer under a list of sites).
FINESS_DECOY_LABELS = ("siret", "siren", "rcs", *DECOY_IDENTIFIER_LABELS)


TotalCheck = Callable[[Decimal, frozenset[Decimal]], bool]


def _digits_enough(text: str, minimum: int) -> bool:
    return sum(c.isdigit() for c in text) >= minimum


class Ranked(NamedTuple):
    score: Score
    candidate: Candidate


def _best_per_value(ranked: Iterable[Ranked]) -> list[Candidate]:
    """One candidate per value (its best reading), ranked by evidence, then confidence."""
    best: dict[str, Ranked] = {}
    for item in ranked:
        value = item.candidate.value
        if value not in best or item.score > best[value].score:
            best[value] = item
    return [item.candidate for item in sorted(best.values(), key=lambda r: r.score, reverse=True)]


def _candidate(value: str, span: Span, score: Score, **extra: object) -> Ranked:
    candidate = Candidate(value, span.text, score.confidence, span.page, span.bbox, **extra)  # type: ignore[arg-type]
    return Ranked(score, candidate)


class Finder:
    """Everything the finders share for one document: its text, its labels, its client zone."""

    def __init__(self, pages: list[Page]) -> None:
        self.text = DocumentText.of(pages)
        self.labels = find_labels(self.text)
        self.labels += _signature_block_labels(self.labels) + _title_number_labels(self.labels)
        # Labels by (page, name): a value is only ever weighed against labels of its own page.
        self.labels_at: dict[tuple[int, str], list[Label]] = {}
        for label in self.labels:
            self.labels_at.setdefault((label.span.page, label.name), []).append(label)
        zones = [_client_zone(label) for label in self.labels if label.name == "client"]
        zones += [_finess_block(label) for label in self.labels if label.name == "finess_ej"]
        supplier_heads = [label.span for label in self.labels if label.name == "supplier"]
        self.client_zones = [_cut_at(zone, supplier_heads) for zone in zones]

    def support(self, span: Span, *names: str) -> Support:
        nearby = [lab for name in names for lab in self.labels_at.get((span.page, name), [])]
        return best_support(span, nearby, self.text)

    def in_client_zone(self, span: Span) -> bool:
        box = span.upright
        return any(page == span.page and _inside(box, zone) for page, zone in self.client_zones)

    # --- identifiers ---------------------------------------------------------------------------

    def sirets(self) -> list[tuple[Span, str, bool, int]]:
        """Every 14-digit SIRET-like number: (span, digits, checksum, repairs)."""
        found = []
        for span in self.text.search(SIRET_PATTERN):
            if _digits_enough(span.text, 10):
                reading = read_identifier(span.text, 14, siret.is_valid)
                if reading:
                    found.append((span, reading.value, reading.checksum, reading.repairs))
        return found

    def siret_candidates(self, client: bool) -> list[Candidate]:
        candidates = []
        for span, value, checksum, repairs in self.sirets():
            if self.in_client_zone(span) != client:
                continue
            own = self.support(span, "siret")
            decoy = self.support(span, *DECOY_IDENTIFIER_LABELS)
            prior = 0.0 if client else _issuer_prior(span)
            score = confidence(own, decoy, span.ocr_confidence, checksum, repairs, prior)
            candidates.append(_candidate(value, span, score, checksum=checksum, label=own.name))
        return _best_per_value(candidates)

    def siren_candidates(self) -> list[Candidate]:
        """SIRENs printed alone (« RCS Lyon 732 829 320 », « SIREN : … »), in a VAT number, or as
        the first nine digits of the supplier's SIRET."""
        candidates = [
            Ranked(Score(c.confidence, c.confidence), replace(c, value=c.value[:9]))
            for c in self.siret_candidates(client=False)
        ]
        for span in self.text.search(NINE_PATTERN):
            if self.in_client_zone(span) or not _digits_enough(span.text, 7):
                continue
            own = self.support(span, "siren", "rcs")
            reading = read_identifier(span.text, 9, siren.is_valid)
            if reading is None or own.score == 0:
                continue
            score = confidence(
                own,
                self.support(span, *DECOY_IDENTIFIER_LABELS),
                span.ocr_confidence,
                reading.checksum,
                reading.repairs,
                _issuer_prior(span),
            )
            candidates.append(
                _candidate(reading.value, span, score, checksum=reading.checksum, label=own.name)
            )
        for span in self.text.search(VAT_PATTERN):
            if not self.in_client_zone(span):
                number = re.sub(r"\D", "", VAT_PATTERN.fullmatch(span.text)[1])  # type: ignore[index]
                valid = siren.is_valid(number)
                score = confidence(
                    Support(0.4, None),
                    NONE,
                    span.ocr_confidence,
                    valid,
                    0,
                    _issuer_prior(span) - 0.1,
                )
                candidates.append(_candidate(number, span, score, checksum=valid, label="vat_id"))
        return _best_per_value(candidates)

    def finess_candidates(self, kind: str) -> list[Candidate]:
        """FINESS numbers anchored by a FINESS label; ``kind`` is ``finess_ej`` or ``finess_eg``."""
        other = "finess_eg" if kind == "finess_ej" else "finess_ej"
        candidates = []
        for span in self.text.search(FINESS_PATTERN):
            if not _digits_enough(span.text, 7) or _part_of_longer_number(span):
                continue
            own, rival = self.support(span, kind), self.support(span, other)
            generic = self.support(span, "finess")
            if self.support(span, *FINESS_DECOY_LABELS).score > max(own.score, generic.score):
                continue
            # A number under both labels is the one its nearest label names; a tie goes to the EJ
            # (« N° FINESS juridique » on its own line, the sites' column header above it).
            tie_lost = rival.score == own.score and kind == "finess_eg"
            if max(own.score, generic.score) == 0 or rival.score > own.score:
                continue
            reading = read_identifier(span.text, 9, finess.is_valid)
            if reading is None or (tie_lost and not (own.score == 0 and self._site_of(reading))):
                continue
            anchor = (
                own
                if own.score >= generic.score * 0.9
                else Support(generic.score * 0.8, generic.label)
            )
            note = "FINESS corse (2A/2B)" if finess.is_corsican(span.text) else None
            score = confidence(
                anchor, rival, span.ocr_confidence, reading.checksum, reading.repairs
            )
            candidates.append(
                _candidate(
                    reading.value,
                    span,
                    score,
                    checksum=reading.checksum,
                    label=anchor.name,
                    note=note,
                )
            )
        return _best_per_value(candidates)

    @cached_property
    def legal_entities(self) -> frozenset[str]:
        """The valid numbers a « FINESS juridique » label names."""
        return frozenset(
            c.value
            for c in self.finess_candidates("finess_ej")
            if c.label == "finess_ej" and c.checksum
        )

    def _site_of(self, reading: Reading) -> bool:
        """Whether a number only a bare « FINESS » label names is a site's: its checksum holds
        and the document names its legal entity by another number (« N° FINESS séogr: hits) »
        under « N° FINESS juridique »)."""
        entities = self.legal_entities
        return reading.checksum and bool(entities) and reading.value not in entities

    # --- dates and amounts ---------------------------------------------------------------------

    def date_candidates(
        self, own_names: tuple[str, ...], decoys: tuple[str, ...], need_label: bool = False
    ) -> list[Candidate]:
        """Dates weighed by their labels; the invoice date may also stand unlabelled at the top
        of the first page (``need_label`` false)."""
        candidates = []
        months_first = month_first([line.text for line in self.text.lines])
        for line in self.text.lines:
            for match in find_dates(line.text, months_first, line.folded):
                span = Span(line, match.start, match.end)
                if not span.words:
                    continue
                own = self.support(span, *own_names)
                if need_label and own.score == 0:
                    continue
                decoy = self.support(span, *decoys)
                prior = 0.1 if span.page == 1 and span.upright[1] < 0.4 else 0.0
                score = confidence(own, decoy, span.ocr_confidence, prior=prior)
                candidates.append(_candidate(match.value.isoformat(), span, score, label=own.name))
        return _best_per_value(candidates)

    @cached_property
    def amount_matches(self) -> list[tuple[LineText, list[AmountMatch]]]:
        """Every amount printed on each line, parsed once for all the amount fields."""
        return [(line, list(find_amounts(line.text))) for line in self.text.lines]

    @cached_property
    def amounts(self) -> frozenset[Decimal]:
        """Every amount printed on the document, to check totals against each other."""
        return frozenset(match.value for _, matches in self.amount_matches for match in matches)

    def amount_candidates(
        self, own_names: tuple[str, ...], decoys: tuple[str, ...], adds_up: TotalCheck
    ) -> list[Candidate]:
        """Amounts weighed by their labels; a total that adds up with another printed on the
        document counts as checked, and one that only adds up with its lost decimal separator put
        back is given repaired."""
        candidates = []
        for line, matches in self.amount_matches:
            for match in matches:
                span = Span(line, match.start, match.end)
                if not span.words or _looks_like_other_number(line.text, match.start, match.end):
                    continue
                own = self.support(span, *own_names)
                if own.score == 0:
                    continue
                decoy = self.support(span, *decoys)
                # A column's figure on the « Total » row is the column's total, not a line item.
                prior = 0.1 * self.support(span, "total_row").score if own.score < SAME_ROW else 0.0
                value, repairs = match.value, 0
                checked = adds_up(value, self.amounts)
                repaired = lost_separator(value, match.raw)
                if not checked and repaired is not None and adds_up(repaired, self.amounts):
                    value, repairs, checked = repaired, 1, True
                score = confidence(
                    own, decoy, span.ocr_confidence, checked or None, repairs=repairs, prior=prior
                )
                note = "séparateur décimal rétabli" if repairs else None
                candidates.append(
                    _candidate(format_amount(value), span, score, label=own.name, note=note)
                )
        return _best_per_value(candidates)

    # --- references ----------------------------------------------------------------------------

    def _after_label(self, label: Label) -> list[tuple[LineText, int]]:
        """Where a label's value may start: after it on its line, in the cell to its right, or
        at the start of the line below it; only after it when a colon and a value follow it
        (« Tél. client : 02 79 59 36 25 » names the number, not the table header under it)."""
        line = label.span.line
        places = [(line, label.span.end)]
        if _COLON_THEN_VALUE.match(line.text, label.span.end):
            return places
        places += [(cell, 0) for cell in self.text.right_neighbours(line)]
        below = self._line_below(label.span)
        return places + ([(below, 0)] if below is not None else [])

    def _value_after(
        self,
        label_name: str,
        pattern: re.Pattern[str],
        normalise: Callable[[str], tuple[str, int] | None],
    ) -> list[Candidate]:
        return _best_per_value(self._ranked_after(label_name, pattern, normalise))

    def _ranked_after(
        self,
        label_name: str,
        pattern: re.Pattern[str],
        normalise: Callable[[str], tuple[str, int] | None],
    ) -> list[Ranked]:
        """For each label: the first place after it where ``pattern`` matches (group 1 is the
        value) and ``normalise`` accepts it; a change made by ``normalise`` counts as a repair."""
        candidates = []
        for label in (lab for lab in self.labels if lab.name == label_name):
            for place, start in self._after_label(label):
                match = pattern.match(place.text, start)
                if match is None:
                    continue
                normalised = normalise(match.group(1))
                if normalised is None:
                    continue
                value, repairs = normalised
                span = Span(place, match.start(1), match.end(1))
                own = self.support(span, label_name)
                score = confidence(own, NONE, span.ocr_confidence, repairs=repairs)
                candidates.append(_candidate(value, span, score, label=label_name))
                break
        return candidates

    def reference_after(
        self, label_name: str, read: Callable[[str], tuple[str, int]] = read_reference
    ) -> list[Candidate]:
        """Invoice, ASP file and editor numbers: the reference right after its label."""
        return self._value_after(label_name, REFERENCE_PATTERN, read)

    def client_name(self) -> list[Candidate]:
        """The structure named after (or under) « Facturé à », « Client », « Raison sociale »,
        or, less surely, the one a signatory acts for (« … de la société X, atteste ») or the
        one heading a block with a FINESS number."""
        labelled = [
            ranked
            for name in ("client", "structure")
            for ranked in self._ranked_after(name, ORGANISATION_PATTERN, _organisation)
        ]
        return _best_per_value(labelled + self._finess_holders())

    def _finess_holders(self) -> list[Ranked]:
        """The structure (« SELAS … », « Centre hospitalier … ») whose name heads the block of a
        FINESS label, in its column: a laboratory or a hospital, as an editor has no FINESS — on
        a test report or a catalogue, the laboratory's own letterhead; on an invoice, an
        uncaptioned client block."""
        found = []
        for label in self.labels:
            if label.name not in ("finess", "finess_ej", "finess_eg"):
                continue
            head = self._structure_above(label.span.line)
            match = ORGANISATION_PATTERN.match(head.text) if head else None
            named = _organisation(match.group(1)) if match else None
            if head is None or match is None or named is None:
                continue
            span = Span(head, match.start(1), match.end(1))
            score = confidence(Support(FINESS_HOLDER, label), NONE, span.ocr_confidence)
            found.append(_candidate(named[0], span, score, label=label.name))
        return found

    def _structure_above(self, line: LineText) -> LineText | None:
        """The topmost line a structure's legal form starts, up to a few lines above ``line``
        and aligned with it."""
        box = line.upright
        above = [
            other
            for other in self.text.on_page(line.page)
            if 0 < box[1] - other.upright[1] <= 0.1
            and abs(other.upright[0] - box[0]) < 0.02
            and STRUCTURE_FORM.match(other.folded)
        ]
        return min(above, key=lambda other: other.upright[1]) if above else None

    def signatory_name(self) -> list[Candidate]:
        """The person after « Je soussigné(e) » or under « Signature et cachet », written as
        « Prénom Nom »."""
        return self._value_after("signatory", PERSON_PATTERN, person_name)

    def _line_below(self, span: Span) -> LineText | None:
        box = span.upright
        below = [
            line
            for line in self.text.on_page(span.line.page)
            if 0 <= line.upright[1] - box[3] < 0.03
            and min(line.upright[2], box[2]) - max(line.upright[0], box[0]) > -0.02
        ]
        return min(below, key=lambda line: line.upright[1]) if below else None


_NOT_A_NAME = re.compile(
    r"finess|siret|siren|adresse|dossier|n°|date|t[ée]l|code|page|soussign", re.I
)
_A_PERSON = re.compile(rf"{CIVILITY}\s")


def _organisation(text: str) -> tuple[str, int] | None:
    """A structure's name, or None for a caption, a number or a person (« Dr Bruno MARTIN »,
    who signs for the structure) read in its place."""
    name = text.strip()
    if _NOT_A_NAME.search(name) or _digits_enough(name, 3) or _A_PERSON.match(name):
        return None
    return name, 0


def _inside(box: BBox, zone: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return zone[0] <= cx <= zone[2] and zone[1] <= cy <= zone[3]


def _client_zone(label: Label) -> tuple[int, BBox]:
    """The block a « Client / Facturé à » label heads: its line and ~8 lines below, its column."""
    box = label.span.upright
    return label.span.page, (box[0] - 0.03, box[1] - 0.005, min(1.0, box[0] + 0.5), box[3] + 0.14)


def _finess_block(label: Label) -> tuple[int, BBox]:
    """The block around a « FINESS juridique » label: a laboratory's identity, so the client's
    (an editor has no FINESS) — its SIRET is the client's even when « Client » was not read."""
    box = label.span.upright
    return label.span.page, (box[0] - 0.03, box[1] - 0.08, min(1.0, box[0] + 0.45), box[3] + 0.06)


def _signature_block(label: Label) -> tuple[int, BBox]:
    """The block a « Signature et cachet » or « Bon pour accord » caption heads: its column, down
    to a few lines below it."""
    box = label.span.upright
    return label.span.page, (box[0] - 0.05, box[1] - 0.005, min(1.0, box[0] + 0.45), box[3] + 0.12)


# A caption right before its value (« Date : 22/08/2022 », « Nom : Mme … »), not the start of a
# longer label (« Date de la vérification »).
_CAPTION_THEN_VALUE = re.compile(r"\s*(?::|\d|[A-ZÀ-Ý])")
# In a signature block, what a generic caption names.
_IN_SIGNATURE_BLOCK = {"date": "signature_date", "name": "signatory"}


def _signature_block_labels(labels: list[Label]) -> list[Label]:
    """Under a signature caption, « Date : » names the signature's date and « Nom : » the
    signatory: those captions, again, under the field's label name."""
    blocks = [
        _signature_block(lab) for lab in labels if lab.name == "signatory" and lab.span.is_caption
    ]
    return [
        Label(_IN_SIGNATURE_BLOCK[lab.name], lab.span)
        for lab in labels
        if lab.name in _IN_SIGNATURE_BLOCK
        and _CAPTION_THEN_VALUE.match(lab.span.line.text, lab.span.end)
        and any(page == lab.span.page and _inside(lab.span.upright, zone) for page, zone in blocks)
    ]


def _title_number_labels(labels: list[Label]) -> list[Label]:
    """A bare « N° » starting the line under an invoice's title (« FACTURE » / « N° F2300412 »)
    is the invoice number's label: that « N° », again, under the field's label name."""
    titles = [lab.span for lab in labels if lab.name == "invoice_title" and lab.span.is_caption]
    return [
        Label("invoice_number", lab.span)
        for lab in labels
        if lab.name == "number"
        and not any(c.isalnum() for c in lab.span.line.text[: lab.span.start])
        and any(_just_under(lab.span, title) for title in titles)
    ]


def _just_under(span: Span, title: Span) -> bool:
    """``span``'s line is the one right under ``title``, in its column."""
    above, below = title.upright, span.line.upright
    gap = below[1] - above[3]
    return (
        span.page == title.page
        and -0.005 <= gap <= 1.5 * (above[3] - above[1])
        and min(above[2], below[2]) - max(above[0], below[0]) > 0
    )


def _cut_at(zone: tuple[int, BBox], heads: list[Span]) -> tuple[int, BBox]:
    """A client zone ends where the supplier's block begins below it (« 2. Titulaire du
    marché », « Fournisseur »): a form lists both parties one under the other."""
    page, (left, top, right, bottom) = zone
    for head in heads:
        box = head.upright
        if head.page == page and top < box[1] < bottom and left <= box[0] <= right:
            bottom = box[1]
    return page, (left, top, right, bottom)


def _part_of_longer_number(span: Span) -> bool:
    """A spaced match inside a longer spaced number (« 837 648 880 00032 », a SIRET); a number
    printed whole may stand in a list (« 941837619 946441722 »)."""
    if not any(c in _SEPARATORS for c in span.text):
        return False
    line = span.line.text
    return bool(_RUNS_ON[0].search(line, 0, span.start) or _RUNS_ON[1].match(line, span.end))


def _issuer_prior(span: Span) -> float:
    """The issuer's identifiers sit in the letterhead or in the legal footer."""
    top = span.upright[1]
    return 0.1 if span.page == 1 and (top < 0.3 or top > 0.85) else 0.0


def _looks_like_other_number(text: str, start: int, end: int) -> bool:
    """Percentages, quantities with units, dates and identifiers are not amounts, nor a figure
    a letter follows without a space (« 1er », « 2A », a fax's « (1U) » for « (1 jour) »), but
    for a currency printed against it (« 500EUR »)."""
    after, before = text[end : end + 3].lstrip(), text[max(0, start - 1) : start]
    glued = text[end : end + 1].isalpha() and text[end : end + 3].upper() != "EUR"
    return (
        glued or after.startswith("%") or before in ("/", "-") or text[end : end + 1] in ("/", "-")
    )


FieldFinder = Callable[[Finder], list[Candidate]]

FINDERS: dict[str, FieldFinder] = {
    "supplier_siret": lambda f: f.siret_candidates(client=False),
    "supplier_siren": Finder.siren_candidates,
    "client_siret": lambda f: f.siret_candidates(client=True),
    "invoice_number": lambda f: f.reference_after("invoice_number"),
    "invoice_date": lambda f: f.date_candidates(("invoice_date", "date"), ("other_date",)),
    "signature_date": lambda f: f.date_candidates(
        ("signature_date",), ("other_date", "invoice_date"), need_label=True
    ),
    "signatory_name": Finder.signatory_name,
    "amount_ht": lambda f: f.amount_candidates(("amount_ht",), ("amount_other",), ht_adds_up),
    "amount_ttc": lambda f: f.amount_candidates(("amount_ttc",), ("amount_ht",), ttc_adds_up),
    "finess_ej": lambda f: f.finess_candidates("finess_ej"),
    "finess_eg": lambda f: f.finess_candidates("finess_eg"),
    "numero_editeur": lambda f: f.reference_after("numero_editeur"),
    "numero_asp": lambda f: f.reference_after("numero_asp", read_asp_number),
    "client_name": Finder.client_name,
}


def extract_fields(pages: list[Page]) -> dict[str, list[Candidate]]:
    """Every field found on these pages, candidates best first; fields not found are absent."""
    finder = Finder(pages)
    fields = {name: find(finder) for name, find in FINDERS.items()}
    return {name: candidates for name, candidates in fields.items() if candidates}
