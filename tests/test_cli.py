"""`segur extract` as other tools call it: JSON on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.cli import CHECK_FORMATS, EXTRACT_FORMATS, main, output_format
from tests.reading import text_page

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "sample"
SAMPLE = SAMPLE_DIR / "dep-0001" / "pieces.zip"  # the demo deposit: one clean line


def _sample_files() -> list[dict]:
    """The ground truth of the demo deposit's attachments, from the sample's manifest."""
    manifest = json.loads((SAMPLE_DIR / "manifest.json").read_text(encoding="utf-8"))
    return manifest["deposits"][0]["files"]


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
    assert names == [f"pieces.zip!{truth['name']}" for truth in _sample_files()]
    for entry, truth in zip(sample_json["files"], _sample_files(), strict=True):
        assert len(entry["sha256"]) == 64 and entry["pages"] == truth["pages"]
        assert entry["documents"][0]["pages"] == truth["documents"][0]["pages"]


def test_digital_files_come_from_the_text_layer_and_scans_from_ocr(sample_json: dict):
    for entry, truth in zip(sample_json["files"], _sample_files(), strict=True):
        expected = "text_layer" if truth["condition"] == "digital" else "ocr"
        assert entry["documents"][0]["text_source"] == expected, entry["file"]
    ((va_entry, va_truth),) = [
        (e, t)
        for e, t in zip(sample_json["files"], _sample_files(), strict=True)
        if t["documents"][0]["type"] == "va"
    ]
    va_text = " ".join(line["text"] for line in va_entry["layout"][0]["lines"])
    assert "aptitude" in va_text.lower()
    assert va_truth["documents"][0]["fields"]["finess_ej"] in va_text


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
    (va,) = [f for f in _sample_files() if f["documents"][0]["type"] == "va"]
    assert f"{va['name']} — 1 page(s), ocr" in text
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


@pytest.mark.parametrize(
    ("chosen", "out", "allowed", "expected"),
    [
        (None, "rapport.json", CHECK_FORMATS, "json"),
        (None, "Rapport.HTML", CHECK_FORMATS, "html"),
        (None, "rapport.txt", CHECK_FORMATS, "text"),
        (None, None, CHECK_FORMATS, "text"),
        (None, "page.html", EXTRACT_FORMATS, "text"),  # extract writes no HTML
        ("text", "rapport.json", CHECK_FORMATS, "text"),  # --format given wins
    ],
)
def test_the_output_format_follows_the_out_extension_unless_given(
    chosen: str | None, out: str | None, allowed: tuple[str, ...], expected: str
):
    assert output_format(chosen, Path(out) if out else None, allowed) == expected


def test_out_file_named_json_gets_json(tmp_path: Path):
    pdf, _ = text_page()
    (tmp_path / "page.pdf").write_bytes(pdf)
    done = _segur("extract", "page.pdf", "--out", "resultat.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "resultat.json").read_text(encoding="utf-8"))
    assert document["files"][0]["file"] == "page.pdf"
