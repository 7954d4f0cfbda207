"""`segur eval` on the committed sample corpus, and the evaluation notebook run on its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "sample"
REALDOCS = ROOT.parent / "shared" / "realdocs"


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("eval")
    args = [sys.executable, "-m", "extractor", "eval", str(SAMPLE), "--out", str(out)]
    if (REALDOCS / "truth.json").is_file():
        args += ["--realdocs", str(REALDOCS)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    assert "## Fields: top-1 accuracy by condition" in done.stdout
    return out, json.loads((out / "eval.json").read_text(encoding="utf-8"))


def test_eval_scores_every_field_of_the_manifest_by_condition(evaluation: tuple[Path, dict]):
    _, data = evaluation
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    conditions = {f["condition"] for d in manifest["deposits"] for f in d["files"]}
    truth_fields = {
        name
        for d in manifest["deposits"]
        for f in d["files"]
        for doc in f["documents"]
        for name in doc["fields"]
    }
    assert set(data["fields"]) == truth_fields
    seen = {c for by in data["fields"].values() for c in by} - {"all"}
    assert seen <= conditions and "digital" in seen
    assert data["speed"]["pages"] == sum(
        f["pages"] for d in manifest["deposits"] for f in d["files"]
    )


def test_eval_reports_types_marks_findings_and_calibration(evaluation: tuple[Path, dict]):
    _, data = evaluation
    assert {"va", "facture"} <= set(data["types"]["confusion"])
    assert {"signatures", "stamps", "scenario_boxes", "stamp_only_counted_signed"} <= set(data)
    assert data["findings"]["planted"]
    assert data["confident_values"]["threshold"] == 0.9
    assert all(len(pair) == 2 for pair in data["calibration"])


def test_eval_scores_segur_check_per_planted_code(evaluation: tuple[Path, dict]):
    """The sample plants a PV de recette sent as the VA, an amount mismatch, a broken JSON copy,
    an unreadable and an unmatched file, and one clean line."""
    _, data = evaluation
    per_code = data["findings"]["per_code"]
    for code in ("VA_IS_PV_RECETTE", "FACTURE_AMOUNT_MISMATCH", "JSON_INVALID", "FILE_UNMATCHED"):
        assert per_code[code]["recall"] == 1.0, code
    assert data["findings"]["clean_lines"]["total"] == 1


def test_eval_writes_markdown_beside_the_json(evaluation: tuple[Path, dict]):
    out, _ = evaluation
    markdown = (out / "eval.md").read_text(encoding="utf-8")
    assert "## Document types" in markdown and "| field | all |" in markdown
    assert "## Findings (segur check)" in markdown and "Clean lines raising an alarm" in markdown


def test_evaluation_notebook_runs_on_the_eval_output(evaluation: tuple[Path, dict]):
    out, _ = evaluation
    notebook = nbformat.read(ROOT / "notebooks" / "evaluation.ipynb", as_version=4)
    os.environ["SEGUR_EVAL_JSON"] = str(out / "eval.json")
    try:
        NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    finally:
        del os.environ["SEGUR_EVAL_JSON"]
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    images = [
        o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) >= 2  # accuracy by condition and the confusion matrix at least


@pytest.mark.parametrize(
    "manifest",
    ["{not json", '{"deposits": [{"id": 1}]}', "[]"],
    ids=["not-json", "missing-keys", "not-an-object"],
)
def test_a_broken_manifest_is_a_one_line_error(
    manifest: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "manifest.json").write_text(manifest)
    assert main(["eval", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "manifest.json" in err[0]
    assert not (tmp_path / "out").exists()


def test_walkthrough_notebook_runs_on_the_sample_deposit():
    notebook = nbformat.read(ROOT / "notebooks" / "walkthrough.ipynb", as_version=4)
    os.environ["SEGUR_ROOT"] = str(ROOT)
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    finally:
        del os.environ["SEGUR_ROOT"]
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs)
    assert "VA_IS_PV_RECETTE" in printed and "pv_recette" in printed
    assert any("image/png" in o.get("data", {}) for o in outputs)
