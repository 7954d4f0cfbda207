"""Reading the solde and avance JSON: the schema, field-name aliases and case, every fault named by
its path in plain French, and faulty lines kept apart so the others are still checked."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from extractor.deposit.model import load_avance, load_solde
from extractor.errors import UsageError

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample"
SOLDE = json.loads((SAMPLE / "dep-0001" / "solde.json").read_text(encoding="utf-8"))


def _written(tmp_path: Path, data: Any, name: str = "solde.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _with_second_line(data: dict[str, Any]) -> dict[str, Any]:
    both = copy.deepcopy(data)
    second = copy.deepcopy(both["lignesImport"][0])
    second.update(numLigne=2, numeroASP="2022-BIO-000002", numeroEditeur="ED-LAB-0002")
    both["lignesImport"].append(second)
    return both


def test_the_sample_solde_reads_as_typed_values(tmp_path: Path) -> None:
    solde = load_solde(_written(tmp_path, SOLDE))
    assert not solde.faults and not solde.faulty_lines
    line = solde.lines[0]
    assert line.amount_ht == Decimal("7200.90")
    assert line.beneficiaries.finess_eg == ("970289781",)
    assert line.scenario.ident_dmp == ("1970289781",)
    assert line.pieces[0].type == "FACTURE"


def _break(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    broken = copy.deepcopy(data)
    *parents, last = path.split(".")
    target = broken
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "where", "words"),
    [
        ("lignesImport.0.numeroASP", KeyError, "lignesImport[0].numeroASP", "champ obligatoire"),
        (
            "lignesImport.0.facture.montantSegurHT",
            "7 200,90",
            "lignesImport[0].facture.montantSegurHT",
            "un nombre attendu",
        ),
        (
            "lignesImport.0.facture.dateFacture",
            "02/03/2023",
            "lignesImport[0].facture.dateFacture",
            "AAAA-MM-JJ",
        ),
        (
            "lignesImport.0.facture.dateFacture",
            "2023-02-30",
            "lignesImport[0].facture.dateFacture",
            "n'existe pas",
        ),
        (
            "lignesImport.0.beneficiaires.structure.FINESSJuridique",
            "970268315",
            "lignesImport[0].beneficiaires.structure.FINESSJuridique",
            "clé de contrôle",
        ),
        (
            "lignesImport.0.beneficiaires.structure.FINESSGeo",
            [],
            "lignesImport[0].beneficiaires.structure.FINESSGeo",
            "liste vide",
        ),
        ("siret", "56498580200095", "siret", "SIRET valide"),
        ("typeLogiciel", "LIS", "typeLogiciel", "SGL ou LOINC"),
    ],
)
def test_each_fault_is_named_by_its_path(
    tmp_path: Path, path: str, value: Any, where: str, words: str
) -> None:
    solde = load_solde(_written(tmp_path, _break(SOLDE, path, value)))
    faults = [*solde.faults, *(f for line in solde.faulty_lines for f in line.faults)]
    assert [f.path for f in faults] == [where]
    assert words in faults[0].message and where in faults[0].message


def test_a_faulty_line_does_not_stop_the_others(tmp_path: Path) -> None:
    data = _with_second_line(SOLDE)
    del data["lignesImport"][0]["facture"]
    solde = load_solde(_written(tmp_path, data))
    assert [line.num_ligne for line in solde.lines] == [2]
    assert solde.faulty_lines[0].numero_editeur == "ED-LAB-8312"


@pytest.mark.parametrize(
    "text", ["", "{", '{"lignesImport": [1, 2,]}', "[1, 2]", '"solde"', "\ufeff{"]
)
def test_a_file_that_is_not_a_json_object_is_one_fault(tmp_path: Path, text: str) -> None:
    solde = load_solde(_written(tmp_path, text))
    assert len(solde.faults) == 1 and not solde.lines
    assert "solde.json" in solde.faults[0].message


def _renamed(data: Any, rename: dict[str, str]) -> Any:
    if isinstance(data, list):
        return [_renamed(item, rename) for item in data]
    if isinstance(data, dict):
        return {rename.get(k, k): _renamed(v, rename) for k, v in data.items()}
    return data


@pytest.mark.parametrize(
    "rename",
    [
        {"FINESSJuridique": "finessJuridique", "FINESSGeo": "finessgeo"},
        {"numeroASP": "NUMEROASP", "lignesImport": "LignesImport"},
        {"FINESSGeo": "FINESSGeographique", "montantSegurHT": "montantHTSegur"},
    ],
)
def test_other_spellings_and_cases_read_the_same(tmp_path: Path, rename: dict[str, str]) -> None:
    solde = load_solde(_written(tmp_path, _renamed(SOLDE, rename)))
    assert not solde.faults and not solde.faulty_lines
    assert solde.lines[0].beneficiaries.finess_eg == ("970289781",)


def test_a_mapping_file_adds_spellings(tmp_path: Path) -> None:
    mapping = tmp_path / "noms.toml"
    mapping.write_text('[aliases]\nnumeroASP = ["dossierAsp"]\n', encoding="utf-8")
    path = _written(tmp_path, _renamed(SOLDE, {"numeroASP": "dossierAsp"}))
    assert load_solde(path).faulty_lines
    assert load_solde(path, mapping).lines[0].numero_asp == "2022-BIO-593952"


def test_a_broken_mapping_file_is_a_usage_error(tmp_path: Path) -> None:
    mapping = tmp_path / "noms.toml"
    mapping.write_text("[aliases\n", encoding="utf-8")
    with pytest.raises(UsageError):
        load_solde(_written(tmp_path, SOLDE), mapping)


def test_the_avance_gives_payment_state_and_amounts() -> None:
    avance = load_avance(SAMPLE / "dep-0001" / "avance.json")
    line = avance.lines["2022-BIO-593952"]
    assert line.is_paid and line.paid == Decimal("2160.27")
    assert line.amount_ht == Decimal("7200.90")


def test_an_avance_that_is_not_json_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_avance(_written(tmp_path, "{", "avance.json"))
