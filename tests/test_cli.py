"""`segur extract` as other tools call it: JSON on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample" / "pieces.zip"


def _segur(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    done = _segur(
        "extract", str(SAMPLE), "--format", "json", "--layout", cwd=tmp_path_factory.mktemp("run")
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_member_of_the_sample_zip_is_a_file_entry(sample_json: dict):
    names = [f["file"] for f in sample_json["files"]]
    assert names == ["pieces.zip!ED-LAB-0193_facture.pdf", "pieces.zip!ED-LAB-0193_VA.pdf"]
    for entry in sample_json["files"]:
        assert len(entry["sha256"]) == 64 and entry["pages"] == 1
        assert entry["documents"][0]["pages"] == [1]


def test_digital_invoice_comes_from_the_text_layer_and_the_scan_from_ocr(sample_json: dict):
    invoice, va = sample_json["files"]
    assert invoice["documents"][0]["text_source"] == "text_layer"
    assert va["documents"][0]["text_source"] == "ocr"
    va_text = " ".join(line["text"] for line in va["layout"][0]["lines"])
    assert "VÉRIFICATION D'APTITUDE" in va_text and "690041124" in va_text


def test_layout_words_have_boxes_inside_the_page(sample_json: dict):
    for entry in sample_json["files"]:
        for page in entry["layout"]:
            for line in page["lines"]:
                for word in line["words"]:
                    x0, y0, x1, y1 = word["bbox"]
                    assert 0 <= x0 <= x1 <= 1 and 0 <= y0 <= y1 <= 1
                    assert 0 <= word["confidence"] <= 1


def test_text_format_and_out_file(tmp_path: Path):
    out = tmp_path / "nested" / "result.txt"
    done = _segur("extract", str(SAMPLE), "--out", str(out), "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "ED-LAB-0193_VA.pdf — 1 page(s), ocr" in text
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["result.txt"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["extract"], "required"),
        (["extract", "x.pdf", "--jobs", "0"], "--jobs"),
        (["extract", "x.pdf", "--format", "xml"], "--format"),
        (["frobnicate"], "frobnicate"),
    ],
    ids=["no-path", "zero-jobs", "bad-format", "unknown-command"],
)
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
):
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("segur:") and expected in err[0]


@pytest.mark.parametrize(
    "args",
    [["--lang", "en", "extract", "missing.pdf"], ["extract", "missing.pdf", "--lang", "en"]],
    ids=["before-command", "after-command"],
)
def test_lang_option_is_taken_before_or_after_the_command(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SEGUR_LANG", "fr")  # restored after the test, whatever main() sets
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == "segur: file not found: missing.pdf"
