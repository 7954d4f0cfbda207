"""`segur check` on the committed sample deposits: the JSON of output.md, exit codes, the
annotated solde, the terminal summary, English messages, attachments as a folder."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from extractor.deposit.attachments import names_editeur

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample"


def segur(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "extractor", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=cwd)


def deposit_args(name: str, solde: str = "solde.json") -> list[Path | str]:
    folder = SAMPLE / name
    return [folder / solde, folder / "pieces.zip", "--avance", folder / "avance.json"]


@pytest.fixture(scope="module")
def pv_recette() -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    done = segur("check", *deposit_args("dep-0003"), "--format", "json", "--jobs", "2")
    return done, json.loads(done.stdout)


def test_a_pv_de_recette_sent_as_the_va_is_blocking(pv_recette: Any) -> None:
    done, report = pv_recette
    assert done.returncode == 1, done.stderr
    line = report["lines"][0]
    assert report["verdict"] == line["verdict"] == "non_conforme"
    assert line["codeTraitement"] == "VA_IS_PV_RECETTE"
    assert "procès-verbal de recette" in line["libelleTraitement"]


def test_a_finding_carries_its_evidence(pv_recette: Any) -> None:
    _, report = pv_recette
    finding = next(f for f in report["lines"][0]["findings"] if f["code"] == "VA_IS_PV_RECETTE")
    assert finding["severity"] == "bloquant"
    assert finding["expected"] == "va" and finding["found"] == "pv_recette"
    assert finding["page"] == 1 and len(finding["bbox"]) == 4 and finding["confidence"] > 0.8
    assert "!" not in finding["file"] and names_editeur(finding["file"], "ED-BIO-6583")


def test_the_report_lists_the_line_files_and_their_extraction(pv_recette: Any) -> None:
    _, report = pv_recette
    line = report["lines"][0]
    assert {"numLigne", "numeroASP", "numeroEditeur", "files", "findings"} <= set(line)
    assert len(line["files"]) == len(report["files"]) == 3
    assert all(f["documents"] for f in report["files"])


def test_the_annotated_solde_gets_the_treatment_codes(tmp_path: Path) -> None:
    out = tmp_path / "annote.json"
    done = segur(
        "check", *deposit_args("dep-0003"), "--annotated-json", out, "--out", tmp_path / "r.txt"
    )
    assert done.returncode == 1 and done.stdout == ""
    annotated = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads((SAMPLE / "dep-0003" / "solde.json").read_text(encoding="utf-8"))
    line = annotated["lignesImport"][0]
    assert line["codeTraitement"] == "VA_IS_PV_RECETTE" and line["libelleTraitement"]
    line.update(codeTraitement=None, libelleTraitement=None)
    assert annotated == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annote.json", "r.txt"]


def test_a_broken_solde_json_is_json_invalid_with_its_path() -> None:
    done = segur("check", *deposit_args("dep-0002", "solde-invalide.json"), "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 1
    codes = [f["code"] for f in report["lines"][0]["findings"]]
    assert codes == ["JSON_INVALID"]
    assert "lignesImport[0].numeroASP" in report["lines"][0]["findings"][0]["message"]


def test_the_terminal_summary_names_each_line_and_finding() -> None:
    done = segur("check", *deposit_args("dep-0002"))
    assert "NON CONFORME" in done.stdout
    assert "FACTURE_AMOUNT_MISMATCH" in done.stdout and "41\u202f100,00" in done.stdout
    assert "FILE_UNMATCHED" in done.stdout


def test_messages_in_english_on_request() -> None:
    done = segur("check", *deposit_args("dep-0003"), "--lang", "en", "--format", "json")
    line = json.loads(done.stdout)["lines"][0]
    assert line["libelleTraitement"] == "The document sent is a procès-verbal de recette, not a VA"


def test_attachments_may_come_as_a_folder(tmp_path: Path) -> None:
    with zipfile.ZipFile(SAMPLE / "dep-0003" / "pieces.zip") as archive:
        archive.extractall(tmp_path / "pieces")
    folder = SAMPLE / "dep-0003"
    done = segur("check", folder / "solde.json", tmp_path / "pieces", "--format", "json")
    line = json.loads(done.stdout)["lines"][0]
    assert line["codeTraitement"] == "VA_IS_PV_RECETTE" and len(line["files"]) == 3


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "absent.json", "pieces.zip"], "introuvable"),
        (["check", SAMPLE / "dep-0003" / "solde.json", "absent.zip"], "introuvable"),
        (["check", SAMPLE / "dep-0003" / "solde.json"], "usage"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(tmp_path: Path, args: list[Any], words: str) -> None:
    done = segur(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
