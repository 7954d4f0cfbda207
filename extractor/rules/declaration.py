"""The line on its own: identDMP and MSSanté addresses as declared."""

from __future__ import annotations

from collections.abc import Iterator

from extractor.identifiers import identdmp, mss
from extractor.messages import say
from extractor.rules.context import LineContext
from extractor.rules.findings import Finding, finding


def ident_dmp_invalid(ctx: LineContext) -> Iterator[Finding]:
    """SGL: each identDMP is ``1`` + one of the line's sites, and each site has its identDMP
    when the line feeds the DMP. LOINC: identDMP must be null."""
    idents = ctx.line.scenario.ident_dmp
    if ctx.software == "LOINC":
        if idents is not None:
            yield finding(
                "IDENT_DMP_INVALID",
                detail=say(
                    "une ligne LOINC n'a pas d'identDMP (null attendu)",
                    "a LOINC line has no identDMP (null expected)",
                ),
                expected="null",
                found=", ".join(idents),
            )
        return
    expected = {"1" + site for site in ctx.line.beneficiaries.finess_eg}
    for ident in idents or ():
        compact = identdmp.compact(ident)
        if compact not in expected:
            reason = (
                say("clé fausse", "wrong check digit")
                if not identdmp.is_valid(compact)
                else say("pas un site de la ligne", "not a site of the line")
            )
            yield finding(
                "IDENT_DMP_INVALID",
                detail=f"{ident} ({reason}) : "
                + say(
                    "« 1 » + FINESS géographique attendu", "« 1 » + FINESS géographique expected"
                ),
                expected=", ".join(sorted(expected)),
                found=ident,
            )
    if ctx.line.scenario.dmp:
        given = {identdmp.compact(i) for i in idents or ()}
        for ident in sorted(expected - given):
            yield finding(
                "IDENT_DMP_INVALID",
                detail=say(
                    f"le site {ident[1:]} n'a pas son identDMP {ident}",
                    f"site {ident[1:]} lacks its identDMP {ident}",
                ),
                expected=ident,
            )


def mss_address_invalid(ctx: LineContext) -> Iterator[Finding]:
    scenario = ctx.line.scenario
    boxes = (
        ("MSSanté Pro", scenario.mss_pro, scenario.mss_pro_address, "pro"),
        ("MSSanté Citoyen", scenario.mss_citoyen, scenario.mss_citoyen_address, "citoyen"),
    )
    for label, declared, address, kind in boxes:
        if not declared:
            continue
        problem = _address_problem(address, kind)
        if problem:
            yield finding(
                "MSS_ADDRESS_INVALID", detail=f"{label} : {problem}", found=address or "null"
            )


def _address_problem(address: str | None, kind: str) -> str | None:
    if not address or not address.strip():
        return say(
            "adresse absente alors que le scénario est déclaré", "no address though declared"
        )
    if "@" not in address:
        return say(
            f"« {address} » est un domaine, pas une adresse complète",
            f"« {address} » is a domain, not a complete address",
        )
    if not mss.is_valid(address):
        return say(
            f"« {address} » n'est pas une adresse MSSanté complète",
            f"« {address} » is not a complete MSSanté address",
        )
    if mss.kind(address) != kind:
        if kind == "citoyen":
            return say(
                f"« {address} » : @patient.mssante.fr attendu",
                f"« {address} »: @patient.mssante.fr expected",
            )
        return say(
            f"« {address} » : adresse professionnelle attendue",
            f"« {address} »: a professional address expected",
        )
    return None


RULES = (ident_dmp_invalid, mss_address_invalid)
