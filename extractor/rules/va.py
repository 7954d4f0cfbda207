"""The line against its VA(s): every FINESS named, signed, the scenarios ticked as declared,
signed by the invoice's client."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractor.messages import say
from extractor.model import SCENARIO_NAMES, Scenario
from extractor.rules.context import FoundDocument, LineContext
from extractor.rules.evidence import absence, read_confidence
from extractor.rules.findings import Finding, finding
from extractor.rules.invoice import chosen_invoice
from extractor.rules.matching import SAME_NAME, finess_on, name_on, same_name

SCENARIO_LABELS = {"dmp": "DMP", "mss_pro": "MSSanté Pro", "mss_citoyen": "MSSanté Citoyen"}
# How sure a missing scenario box is, when no box at all was found on the VA.
NO_BOX_CONFIDENCE = 0.5


def va_finess(ctx: LineContext) -> Iterator[Finding]:
    """The FINESS juridique and each géographique on at least one of the line's VAs."""
    vas = ctx.of_type("va")
    if not vas:
        return
    beneficiaries = ctx.line.beneficiaries
    wanted = [(say("juridique", "juridique"), beneficiaries.finess_ej)]
    wanted += [(say("géographique", "géographique"), site) for site in beneficiaries.finess_eg]
    for kind, number in wanted:
        if not any(finess_on(va, number) for va in vas):
            best = max(vas, key=read_confidence)
            yield absence("VA_FINESS_MISSING", number, best, best.document.pages[0], kind)


def va_signature(ctx: LineContext) -> Iterator[Finding]:
    for va in ctx.of_type("va"):
        if not va.document.signatures:
            stamps = va.document.stamps
            found = say("cachet sans signature", "stamp without signature") if stamps else None
            yield finding(
                "VA_SIGNATURE_MISSING",
                expected=say("signature manuscrite", "handwritten signature"),
                found=found,
                file=va.file,
                page=stamps[0].page if stamps else va.document.pages[-1],
                bbox=stamps[0].bbox if stamps else None,
            )


def va_scenario(ctx: LineContext) -> Iterator[Finding]:
    """Each scenario box as ticked on the VA against the JSON's ``isDirectTo…``."""
    vas = [va for va in ctx.of_type("va") if va.document.scenario is not None]
    if not ctx.of_type("va"):
        return
    declared = ctx.line.scenario
    wanted = {"dmp": declared.dmp, "mss_pro": declared.mss_pro, "mss_citoyen": declared.mss_citoyen}
    if not vas:
        va = ctx.of_type("va")[0]
        yield finding(
            "VA_SCENARIO_MISMATCH",
            detail=say("cases introuvables sur la VA", "no box found on the VA"),
            file=va.file,
            page=va.document.pages[0],
            confidence=NO_BOX_CONFIDENCE,
        )
        return
    va = vas[0]
    scenario = va.document.scenario
    assert scenario is not None
    for name in SCENARIO_NAMES:
        ticked = getattr(scenario, name)
        if ticked is not None and ticked == wanted[name]:
            continue
        yield _scenario_finding(va, scenario, name, ticked, wanted[name])


def _scenario_finding(
    va: FoundDocument, scenario: Scenario, name: str, ticked: bool | None, wanted: bool
) -> Finding:
    box = next((b for b in scenario.boxes if b.name == name), None)
    return finding(
        "VA_SCENARIO_MISMATCH",
        detail=SCENARIO_LABELS[name],
        expected=_yes_no(wanted),
        found=_yes_no(ticked),
        file=va.file,
        page=box.page if box else va.document.pages[0],
        bbox=box.bbox if box else None,
        confidence=box.confidence if box else NO_BOX_CONFIDENCE,
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return say("case introuvable", "box not found")
    return say("oui", "yes") if value else say("non", "no")


def va_signatory(ctx: LineContext) -> Iterator[Finding]:
    """The structure the VA names (its signatory's) should be the invoice's client. The client
    as read on the invoice and as declared both count: a misread invoice never accuses the VA."""
    invoice = chosen_invoice(ctx)
    clients = (
        [c.value for c in invoice.document.fields.get("client_name", [])[:1]] if invoice else []
    )
    clients += [ctx.line.beneficiaries.name] if ctx.line.beneficiaries.name else []
    if not clients:
        return
    for va in ctx.of_type("va"):
        names = [c for c in va.document.fields.get("client_name", []) if not _a_person(c.value)]
        if not names or any(name_on(va, client) for client in clients):
            continue
        read = names[0]
        if max(same_name(read.value, client) for client in clients) < SAME_NAME:
            yield finding(
                "VA_SIGNATORY_MISMATCH",
                expected=clients[0],
                found=read.value,
                file=va.file,
                page=read.page,
                bbox=read.bbox,
                confidence=read.confidence,
            )


_PERSON = re.compile(r"^(m|mr|mme|mlle|dr|docteur|pr|professeur|monsieur|madame)\b\.?", re.I)


def _a_person(name: str) -> bool:
    """« M. Bruno NGUYEN » names the person who signs, not the structure: not comparable."""
    return bool(_PERSON.match(name.strip()))


RULES = (va_finess, va_signature, va_scenario, va_signatory)
