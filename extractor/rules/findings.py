"""Findings: the stable codes of ``shared/spec/findings.md``, their severity, their wording, and
the evidence each carries (file, page, box, what was expected, what was found, how sure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from extractor.messages import language
from extractor.model import BBox


class Severity(StrEnum):
    BLOQUANT = "bloquant"
    ALERTE = "alerte"
    INFO = "info"


# code: (severity, French message, English message). {expected} / {found} / {detail} are filled
# from the finding's evidence.
CODES: dict[str, tuple[Severity, str, str]] = {
    "JSON_INVALID": (
        Severity.BLOQUANT,
        "Le JSON ne respecte pas le format : {detail}",
        "The JSON breaks the format: {detail}",
    ),
    "ZIP_INVALID": (
        Severity.BLOQUANT,
        "L'archive des pièces est inutilisable : {detail}",
        "The attachments archive cannot be used: {detail}",
    ),
    "FILE_UNREADABLE": (
        Severity.ALERTE,
        "Pièce illisible : {detail}",
        "Unreadable attachment: {detail}",
    ),
    "FILE_UNMATCHED": (
        Severity.ALERTE,
        "Pièce rattachée à aucune ligne : son nom ne contient aucun numéro éditeur du dépôt",
        "Attachment matched to no line: its name holds no numeroEditeur of the deposit",
    ),
    "PIECE_NOT_FOUND": (
        Severity.ALERTE,
        "La pièce {expected} déclarée dans piecesJustificatives est absente des pièces jointes",
        "The attachment {expected} declared in piecesJustificatives is not among the files",
    ),
    "AVANCE_NOT_FOUND": (
        Severity.BLOQUANT,
        "Aucune ligne de l'avance ne porte le numéro ASP {expected}",
        "No avance line has the ASP number {expected}",
    ),
    "AVANCE_NOT_PAID": (
        Severity.BLOQUANT,
        "L'avance n'est pas payée (état « {found} ») : le solde ne peut pas être déposé",
        "The avance is not paid (state « {found} »): the solde cannot be filed yet",
    ),
    "EDITEUR_MISMATCH": (
        Severity.BLOQUANT,
        "Numéro éditeur {found} différent de celui de l'avance ({expected})",
        "numeroEditeur {found} differs from the avance's ({expected})",
    ),
    "SIRET_CHANGED": (
        Severity.ALERTE,
        "SIRET du fournisseur {found} différent de celui de l'avance ({expected}) : "
        "prévenez l'assistance ASP",
        "Supplier SIRET {found} differs from the avance's ({expected}): tell the ASP help desk",
    ),
    "BENEFICIARY_ADDED": (
        Severity.BLOQUANT,
        "Bénéficiaire ajouté depuis l'avance (FINESS géographique {found}) : rejet automatique",
        "Beneficiary added since the avance (FINESS géographique {found}): automatic rejection",
    ),
    "BENEFICIARY_CHANGED": (
        Severity.BLOQUANT,
        "Bénéficiaire remplacé depuis l'avance ({expected} → {found}) : gardez l'ancien FINESS "
        "dans le JSON et la facture, et indiquez le rachat",
        "Beneficiary replaced since the avance ({expected} → {found}): keep the old FINESS in the "
        "JSON and the invoice, and state the takeover",
    ),
    "BENEFICIARY_REMOVED": (
        Severity.INFO,
        "Bénéficiaire retiré depuis l'avance (FINESS géographique {expected}) : le solde sera "
        "recalculé",
        "Beneficiary removed since the avance (FINESS géographique {expected}): the solde will be "
        "recomputed",
    ),
    "AMOUNT_BELOW_ADVANCE": (
        Severity.BLOQUANT,
        "Montant HT déclaré {found} € inférieur à l'avance déjà versée ({expected} €)",
        "Declared HT amount {found} € is below the advance already paid ({expected} €)",
    ),
    "AMOUNT_CHANGED": (
        Severity.ALERTE,
        "Montant HT {found} € différent de celui de l'avance ({expected} €) à périmètre égal",
        "HT amount {found} € differs from the avance's ({expected} €) for the same beneficiaries",
    ),
    "MANDATAIRE_CHANGED": (
        Severity.ALERTE,
        "Mandataire {detail} depuis l'avance : chaque bénéficiaire final doit signer la VA "
        "(ou le MOM les lister tous)",
        "Mandataire {detail} since the avance: every final beneficiary must sign the VA "
        "(or the MOM list them all)",
    ),
    "IDENT_DMP_INVALID": (
        Severity.BLOQUANT,
        "identDMP invalide : {detail}",
        "Invalid identDMP: {detail}",
    ),
    "MSS_ADDRESS_INVALID": (
        Severity.BLOQUANT,
        "Adresse MSSanté invalide : {detail}",
        "Invalid MSSanté address: {detail}",
    ),
    "COMPTE_RENDU_MISSING": (
        Severity.ALERTE,
        "Aucun compte-rendu de biologie de test joint (bonne pratique pour un SGL)",
        "No test biology report attached (good practice for an SGL)",
    ),
    "CATALOGUE_MISSING": (
        Severity.ALERTE,
        "Aucun catalogue transcodé LOINC joint (bonne pratique pour LOINC)",
        "No transcoded LOINC catalogue attached (good practice for LOINC)",
    ),
    "FACTURE_MISSING": (
        Severity.BLOQUANT,
        "Aucune facture parmi les pièces de la ligne",
        "No invoice among the line's attachments",
    ),
    "VA_MISSING": (
        Severity.BLOQUANT,
        "Aucune attestation de vérification d'aptitude (VA) parmi les pièces de la ligne",
        "No attestation de vérification d'aptitude (VA) among the line's attachments",
    ),
    "VA_IS_PV_RECETTE": (
        Severity.BLOQUANT,
        "Le document fourni est un procès-verbal de recette et non une VA",
        "The document sent is a procès-verbal de recette, not a VA",
    ),
    "FACTURE_SIRET_MISSING": (
        Severity.BLOQUANT,
        "SIRET du fournisseur introuvable sur la facture",
        "Supplier SIRET not found on the invoice",
    ),
    "FACTURE_SIRET_MISMATCH": (
        Severity.BLOQUANT,
        "SIRET lu sur la facture ({found}) différent du JSON ({expected})",
        "SIRET read on the invoice ({found}) differs from the JSON ({expected})",
    ),
    "FACTURE_DATE_MISSING": (
        Severity.BLOQUANT,
        "Date de facture introuvable{detail}",
        "Invoice date not found{detail}",
    ),
    "FACTURE_DATE_MISMATCH": (
        Severity.ALERTE,
        "Date lue sur la facture ({found}) différente de la date déclarée ({expected})",
        "Date read on the invoice ({found}) differs from the declared one ({expected})",
    ),
    "FACTURE_AMOUNT_MISSING": (
        Severity.BLOQUANT,
        "Total HT Ségur introuvable sur la facture",
        "Ségur HT total not found on the invoice",
    ),
    "FACTURE_AMOUNT_MISMATCH": (
        Severity.BLOQUANT,
        "Total HT lu sur la facture ({found} €) différent du montantSegurHT ({expected} €)",
        "HT total read on the invoice ({found} €) differs from montantSegurHT ({expected} €)",
    ),
    "FACTURE_FINESS_MISSING": (
        Severity.BLOQUANT,
        "FINESS géographique {expected} absent de la facture",
        "FINESS géographique {expected} not on the invoice",
    ),
    "VA_FINESS_MISSING": (
        Severity.BLOQUANT,
        "FINESS {detail} {expected} absent de la VA",
        "FINESS {detail} {expected} not on the VA",
    ),
    "VA_SIGNATURE_MISSING": (
        Severity.BLOQUANT,
        "La VA ne porte pas de signature manuscrite du bénéficiaire",
        "The VA bears no handwritten signature of the beneficiary",
    ),
    "VA_SCENARIO_MISMATCH": (
        Severity.BLOQUANT,
        "Scénario {detail} : coché sur la VA = {found}, déclaré dans le JSON = {expected}",
        "Scenario {detail}: ticked on the VA = {found}, declared in the JSON = {expected}",
    ),
    "VA_SIGNATORY_MISMATCH": (
        Severity.ALERTE,
        "La structure signataire de la VA ({found}) ne correspond pas au client de la facture "
        "({expected})",
        "The structure signing the VA ({found}) does not match the invoice's client ({expected})",
    ),
    "DOCUMENT_UNREADABLE": (
        Severity.ALERTE,
        "Page trop dégradée pour être lue avec confiance : à vérifier à l'œil ({detail})",
        "Page too degraded to read with confidence: a person must look ({detail})",
    ),
}

# Below this confidence a reading that contradicts the JSON is an alerte showing what was read,
# not a bloquant: the tool may be wrong, a person decides.
CONFIDENT = 0.8


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str | None = None
    page: int | None = None
    bbox: BBox | None = None
    expected: str | None = None
    found: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "page": self.page,
            "bbox": [round(v, 4) for v in self.bbox] if self.bbox else None,
            "expected": self.expected,
            "found": self.found,
            "confidence": round(self.confidence, 3) if self.confidence is not None else None,
        }


def finding(
    code: str,
    *,
    detail: str = "",
    expected: str | None = None,
    found: str | None = None,
    file: str | None = None,
    page: int | None = None,
    bbox: BBox | None = None,
    confidence: float | None = None,
) -> Finding:
    """A finding of ``code`` with its worded message. A blocking finding resting on a reading
    less sure than :data:`CONFIDENT` is lowered to ``alerte``."""
    severity, french, english = CODES[code]
    if severity is Severity.BLOQUANT and confidence is not None and confidence < CONFIDENT:
        severity = Severity.ALERTE
    text = (english if language() == "en" else french).format(
        detail=detail, expected=_shown(expected), found=_shown(found)
    )
    return Finding(code, severity, text, file, page, bbox, expected, found, confidence)


_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def _shown(value: str | None) -> str:
    """A value as the message shows it: amounts the French way (``41 100,00``)."""
    if value is None:
        return "—"
    if _AMOUNT.match(value) and language() == "fr":
        return f"{float(value):,.2f}".replace(",", "\u202f").replace(".", ",")
    return value


def verdict(findings: list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if Severity.BLOQUANT in severities:
        return "non_conforme"
    if Severity.ALERTE in severities:
        return "a_verifier"
    return "conforme"
