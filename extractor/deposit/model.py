"""The deposit as typed values: a solde (lines with what they declare) and its avance.

Built only from JSON that :mod:`.validate` found well formed, so every mandatory field is there.
A line whose own part of the JSON is faulty is kept aside with its faults (:class:`FaultyLine`)
so the other lines can still be checked.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from extractor.deposit.names import canonical_keys, canonical_names
from extractor.deposit.validate import JsonFault, json_faults
from extractor.errors import UsageError
from extractor.messages import message

CENT = Decimal("0.01")
PAID = "paiement effectué"


@dataclass(frozen=True)
class Piece:
    """An attachment a line declares (``piecesJustificatives``)."""

    name: str
    format: str | None
    type: str | None


@dataclass(frozen=True)
class Beneficiaries:
    is_mandataire: bool
    mandataire: str | None
    name: str | None
    finess_ej: str
    finess_eg: tuple[str, ...]


@dataclass(frozen=True)
class DeclaredScenario:
    """What the line declares installed (``scenariosEffectivementInstalles``)."""

    dmp: bool
    ident_dmp: tuple[str, ...] | None
    mss_pro: bool
    mss_pro_address: str | None
    mss_citoyen: bool
    mss_citoyen_address: str | None
    compte_rendu_link: str | None


@dataclass(frozen=True)
class SoldeLine:
    index: int  # position in lignesImport, 0-based
    num_ligne: int
    numero_asp: str
    numero_editeur: str
    invoice_number: str
    invoice_date: datetime.date
    amount_ht: Decimal
    beneficiaries: Beneficiaries
    scenario: DeclaredScenario
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class FaultyLine:
    """A line whose JSON breaks the format: only its faults are reported."""

    index: int
    num_ligne: int | None
    numero_asp: str | None
    numero_editeur: str | None
    faults: tuple[JsonFault, ...]


@dataclass(frozen=True)
class Solde:
    file: str
    siret: str | None
    software: str | None  # SGL or LOINC
    lines: tuple[SoldeLine, ...]
    faulty_lines: tuple[FaultyLine, ...]
    faults: tuple[JsonFault, ...]  # faults outside any line (header, or the file itself)
    raw: dict[str, Any] | None  # the JSON as given, to write back annotated


@dataclass(frozen=True)
class AvanceLine:
    numero_asp: str
    numero_editeur: str
    siret: str | None
    amount_ht: Decimal | None
    paid: Decimal | None
    payment_state: str | None
    beneficiaries: Beneficiaries

    @property
    def is_paid(self) -> bool:
        return (self.payment_state or "").strip().casefold() == PAID


@dataclass(frozen=True)
class Avance:
    file: str
    siret: str | None
    lines: dict[str, AvanceLine]  # by numeroASP
    faults: tuple[JsonFault, ...]


class DepositJsonError(Exception):
    """The file is not JSON at all (or not an object): nothing of it can be checked."""

    def __init__(self, fault: JsonFault) -> None:
        super().__init__(fault.message)
        self.fault = fault


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object of ``path`` as written (amounts as :class:`Decimal`); a file that is not
    JSON raises :class:`DepositJsonError`, one that cannot be opened :class:`UsageError`."""

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError("not_found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        fault = JsonFault(
            "(fichier)", message("json_unparsable", str(exc), file=path.name, line=1, column=1)
        )
        raise DepositJsonError(fault) from None
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        fault = JsonFault(
            "(fichier)",
            message("json_unparsable", exc.msg, file=path.name, line=exc.lineno, column=exc.colno),
        )
        raise DepositJsonError(fault) from None
    if not isinstance(data, dict):
        raise DepositJsonError(JsonFault("(racine)", message("json_not_object", file=path.name)))
    return data


def load_solde(path: Path, field_names: Path | None = None) -> Solde:
    try:
        written = read_json(path)
    except DepositJsonError as exc:
        return Solde(path.name, None, None, (), (), (exc.fault,), None)
    data = canonical_keys(written, canonical_names(field_names))
    faults = json_faults(_as_floats(data), "solde")
    header = tuple(f for f in faults if not f.path.startswith("lignesImport["))
    lines, faulty = [], []
    for index, raw in enumerate(_list(data.get("lignesImport"))):
        own = tuple(f for f in faults if f.path.startswith(f"lignesImport[{index}]"))
        if own or not isinstance(raw, dict):
            faulty.append(_faulty_line(index, raw, own))
        else:
            lines.append(_solde_line(index, raw))
    return Solde(
        file=path.name,
        siret=_text(data.get("siret")),
        software=_text(data.get("typeLogiciel")),
        lines=tuple(lines),
        faulty_lines=tuple(faulty),
        faults=header,
        raw=_as_floats(written),
    )


def load_avance(path: Path, field_names: Path | None = None) -> Avance:
    """The avance; unlike the solde, an avance that is not JSON stops the command (exit 2):
    it is an input of the check, not something the editor deposits."""
    try:
        data = canonical_keys(read_json(path), canonical_names(field_names))
    except DepositJsonError as exc:
        raise UsageError("avance_invalid", exc.fault.message) from None
    faults = json_faults(_as_floats(data), "avance")
    lines = {}
    for index, raw in enumerate(_list(data.get("lignesImport"))):
        if isinstance(raw, dict) and not any(
            f.path.startswith(f"lignesImport[{index}]") for f in faults
        ):
            line = _avance_line(raw, _text(data.get("siret")))
            lines[line.numero_asp] = line
    return Avance(path.name, _text(data.get("siret")), lines, tuple(faults))


def _solde_line(index: int, raw: dict[str, Any]) -> SoldeLine:
    invoice = raw["facture"]
    scenario = raw["scenariosEffectivementInstalles"]
    idents = scenario.get("identDMP")
    return SoldeLine(
        index=index,
        num_ligne=int(raw["numLigne"]),
        numero_asp=raw["numeroASP"].strip(),
        numero_editeur=raw["numeroEditeur"].strip(),
        invoice_number=invoice["numeroFacture"].strip(),
        invoice_date=datetime.date.fromisoformat(invoice["dateFacture"]),
        amount_ht=_money(invoice["montantSegurHT"]),
        beneficiaries=_beneficiaries(raw["beneficiaires"]),
        scenario=DeclaredScenario(
            dmp=scenario["isDirectToDMP"],
            ident_dmp=tuple(idents) if idents is not None else None,
            mss_pro=scenario["isDirectToMSSPro"],
            mss_pro_address=scenario.get("adresseBoiteMSSPro"),
            mss_citoyen=scenario["isDirectToMSSCitoyen"],
            mss_citoyen_address=scenario.get("adresseBoiteMSSCitoyen"),
            compte_rendu_link=scenario.get("lienCompteRendu"),
        ),
        pieces=tuple(
            Piece(p["nomFichier"], p.get("formatFichier"), p.get("typeFichier"))
            for p in raw["piecesJustificatives"]
        ),
    )


def _avance_line(raw: dict[str, Any], siret: str | None) -> AvanceLine:
    order = raw.get("commande") or {}
    return AvanceLine(
        numero_asp=raw["numeroASP"].strip(),
        numero_editeur=raw["numeroEditeur"].strip(),
        siret=_text(raw.get("siret")) or siret,
        amount_ht=_money(order["montantSegurHT"]) if "montantSegurHT" in order else None,
        paid=_money(raw["montantVerse"]) if raw.get("montantVerse") is not None else None,
        payment_state=_text(raw.get("etatPaiement")),
        beneficiaries=_beneficiaries(raw["beneficiaires"]),
    )


def _beneficiaries(raw: dict[str, Any]) -> Beneficiaries:
    structure = raw["structure"]
    return Beneficiaries(
        is_mandataire=bool(raw.get("isMandataire")),
        mandataire=_text(raw.get("nomMandataire")),
        name=_text(structure.get("raisonSociale")),
        finess_ej=structure["FINESSJuridique"],
        finess_eg=tuple(structure["FINESSGeo"]),
    )


def _faulty_line(index: int, raw: Any, faults: tuple[JsonFault, ...]) -> FaultyLine:
    data = raw if isinstance(raw, dict) else {}
    number = data.get("numLigne")
    return FaultyLine(
        index=index,
        num_ligne=number if isinstance(number, int) else None,
        numero_asp=_text(data.get("numeroASP")),
        numero_editeur=_text(data.get("numeroEditeur")),
        faults=faults,
    )


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_floats(data: Any) -> Any:
    """JSON Schema's ``number`` does not know :class:`Decimal`: give it floats back."""
    if isinstance(data, dict):
        return {k: _as_floats(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_as_floats(v) for v in data]
    return float(data) if isinstance(data, Decimal) else data
