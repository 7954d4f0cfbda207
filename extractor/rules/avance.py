"""The line against its avance (when the avance JSON is given): the six workshop cases."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.deposit.attachments import names_editeur
from extractor.messages import say
from extractor.rules.context import LineContext
from extractor.rules.findings import Finding, finding


def avance_not_found(ctx: LineContext) -> Iterator[Finding]:
    if ctx.avance is not None and ctx.avance_line is None:
        yield finding("AVANCE_NOT_FOUND", expected=ctx.line.numero_asp, file=ctx.avance.file)


def avance_not_paid(ctx: LineContext) -> Iterator[Finding]:
    advance = ctx.avance_line
    if advance is not None and not advance.is_paid:
        yield finding("AVANCE_NOT_PAID", expected="Paiement effectué", found=advance.payment_state)


def editeur_mismatch(ctx: LineContext) -> Iterator[Finding]:
    advance = ctx.avance_line
    if advance is not None and not names_editeur(advance.numero_editeur, ctx.line.numero_editeur):
        yield finding(
            "EDITEUR_MISMATCH", expected=advance.numero_editeur, found=ctx.line.numero_editeur
        )


def siret_changed(ctx: LineContext) -> Iterator[Finding]:
    advance = ctx.avance_line
    if advance and advance.siret and ctx.supplier_siret and advance.siret != ctx.supplier_siret:
        yield finding("SIRET_CHANGED", expected=advance.siret, found=ctx.supplier_siret)


def beneficiaries_changed(ctx: LineContext) -> Iterator[Finding]:
    """Cases 2–4: a site removed passes (info), added or replaced is rejected."""
    advance = ctx.avance_line
    if advance is None:
        return
    before = advance.beneficiaries.finess_eg
    now = ctx.line.beneficiaries.finess_eg
    added = [site for site in now if site not in before]
    removed = [site for site in before if site not in now]
    if added and removed:
        yield finding("BENEFICIARY_CHANGED", expected=", ".join(removed), found=", ".join(added))
    elif added:
        yield finding("BENEFICIARY_ADDED", found=", ".join(added))
    elif removed:
        yield finding("BENEFICIARY_REMOVED", expected=", ".join(removed))


def amount_rules(ctx: LineContext) -> Iterator[Finding]:
    advance = ctx.avance_line
    if advance is None:
        return
    declared = ctx.line.amount_ht
    if advance.paid is not None and declared < advance.paid:
        yield finding("AMOUNT_BELOW_ADVANCE", expected=str(advance.paid), found=str(declared))
        return
    same_sites = set(advance.beneficiaries.finess_eg) == set(ctx.line.beneficiaries.finess_eg)
    if same_sites and advance.amount_ht is not None and advance.amount_ht != declared:
        yield finding("AMOUNT_CHANGED", expected=str(advance.amount_ht), found=str(declared))


def mandataire_changed(ctx: LineContext) -> Iterator[Finding]:
    """Cases 5–6: passes, but every final beneficiary must then sign (or the MOM list them)."""
    advance = ctx.avance_line
    if advance is None:
        return
    before, now = advance.beneficiaries, ctx.line.beneficiaries
    if before.is_mandataire == now.is_mandataire:
        return
    if now.is_mandataire:
        detail = say("ajouté", "added") + (f" ({now.mandataire})" if now.mandataire else "")
    else:
        detail = say("retiré", "removed") + (f" ({before.mandataire})" if before.mandataire else "")
    yield finding(
        "MANDATAIRE_CHANGED",
        detail=detail,
        expected=before.mandataire or say("aucun", "none"),
        found=now.mandataire or say("aucun", "none"),
    )


RULES = (
    avance_not_found,
    avance_not_paid,
    editeur_mismatch,
    siret_changed,
    beneficiaries_changed,
    amount_rules,
    mandataire_changed,
)
