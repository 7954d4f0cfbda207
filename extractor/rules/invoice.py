"""The line against its invoice: supplier SIRET, date, Ségur HT total, every site's FINESS."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from extractor.messages import say
from extractor.model import Candidate
from extractor.rules.context import FoundDocument, LineContext
from extractor.rules.evidence import absence, contradiction
from extractor.rules.findings import Finding
from extractor.rules.matching import finess_on, identifier_match, seen_on

# A candidate below this confidence is a guess (no label anchored it): a field with nothing above
# it counts as not found, and the guess is shown as what came closest.
FOUND = 0.3


def found_candidates(document: FoundDocument, name: str) -> list[Candidate]:
    return [c for c in document.document.fields.get(name, []) if c.confidence >= FOUND]


def chosen_invoice(ctx: LineContext) -> FoundDocument | None:
    """The invoice the line declares (its number read on it), else the first one."""
    invoices = ctx.of_type("facture")
    for invoice in invoices:
        numbers = invoice.document.fields.get("invoice_number", [])
        if any(c.value == ctx.line.invoice_number for c in numbers):
            return invoice
    return invoices[0] if invoices else None


def facture_siret(ctx: LineContext) -> Iterator[Finding]:
    invoice, declared = chosen_invoice(ctx), ctx.supplier_siret
    if invoice is None or not declared:
        return
    candidates = found_candidates(invoice, "supplier_siret")
    if identifier_match(declared, candidates) or seen_on(invoice, declared):
        return
    if not candidates:
        yield absence("FACTURE_SIRET_MISSING", declared, invoice, invoice.document.pages[0])
        return
    yield contradiction("FACTURE_SIRET_MISMATCH", declared, invoice, candidates[0])


def facture_date(ctx: LineContext) -> Iterator[Finding]:
    invoice = chosen_invoice(ctx)
    if invoice is None:
        return
    declared = ctx.line.invoice_date.isoformat()
    candidates = found_candidates(invoice, "invoice_date")
    if not candidates:
        yield absence("FACTURE_DATE_MISSING", declared, invoice, invoice.document.pages[0])
        return
    if any(c.value == declared for c in candidates):
        return
    labelled = [c for c in candidates if c.label is not None]
    if labelled:
        yield contradiction("FACTURE_DATE_MISMATCH", declared, invoice, labelled[0])
        return
    # Only dates no label names (an order's, a due date printed bare): none is the invoice's.
    unnamed = ", ".join(c.raw for c in candidates[:3])
    detail = say(f" (dates sans libellé lues : {unnamed})", f" (unlabelled dates read: {unnamed})")
    yield absence("FACTURE_DATE_MISSING", declared, invoice, candidates[0].page, detail)


def facture_amount(ctx: LineContext) -> Iterator[Finding]:
    invoice = chosen_invoice(ctx)
    if invoice is None:
        return
    declared = ctx.line.amount_ht
    candidates = found_candidates(invoice, "amount_ht")
    if not candidates:
        page = invoice.document.pages[-1]
        yield absence("FACTURE_AMOUNT_MISSING", str(declared), invoice, page)
        return
    if any(_amount(c.value) == declared for c in candidates):
        return
    yield contradiction("FACTURE_AMOUNT_MISMATCH", str(declared), invoice, candidates[0])


def _amount(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def facture_finess(ctx: LineContext) -> Iterator[Finding]:
    invoice = chosen_invoice(ctx)
    if invoice is None:
        return
    for site in ctx.line.beneficiaries.finess_eg:
        if not finess_on(invoice, site):
            yield absence("FACTURE_FINESS_MISSING", site, invoice, invoice.document.pages[0])


RULES = (facture_siret, facture_date, facture_amount, facture_finess)
