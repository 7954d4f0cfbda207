"""Deposits that plant exactly one finding code (or none: the clean twin), written to a folder
the way the corpus generator writes them, with digital attachments unless the fault is a scan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fixtures.deposit import (
    DEPOSIT_EXTRAS,
    DEPOSIT_VARIANTS,
    FAULTS,
    DepositPlan,
    FilePlan,
    LinePlan,
    declare,
    line_kinds,
    render,
    write,
)

SEED = 4242


@dataclass(frozen=True)
class PlantedDeposit:
    folder: Path
    solde: Path
    zip: Path
    avance: Path
    expected: tuple[str, ...]  # every code the deposit should raise, deposit level included


def software_for(code: str | None) -> str:
    fault = FAULTS.get(code or "")
    return fault.software if fault and fault.software else "SGL"


def plan_for(code: str | None, software: str, seed: int = SEED) -> DepositPlan:
    faults = (code,) if code in FAULTS else ()
    kinds = line_kinds(software, faults, order=code == "DOCUMENT_UNREADABLE", mom=False)
    degraded = {FAULTS[c].degrades for c in faults}
    files = tuple(
        FilePlan((kind,), "degraded" if kind in degraded else "digital") for kind in kinds
    )
    extras = (code,) if code in DEPOSIT_EXTRAS else ()
    variants = (code,) if code in DEPOSIT_VARIANTS else ()
    return DepositPlan(1, seed, software, (LinePlan(faults, files),), extras, variants)


def planted_deposit(code: str | None, folder: Path, software: str | None = None) -> PlantedDeposit:
    """Write a one-line deposit planting ``code`` (None: a clean deposit) into ``folder``."""
    plan = plan_for(code, software or software_for(code))
    entry = write(render(declare(plan)), folder)
    expected = [*entry["expected_findings"], *entry["lines"][0]["expected_findings"]]
    solde, archive = folder / "solde.json", folder / "pieces.zip"
    for variant in entry["variants"]:
        expected += variant["expected_findings"]
        solde, archive = folder / variant["solde"], folder / variant["zip"]
    return PlantedDeposit(folder, solde, archive, folder / "avance.json", tuple(expected))
