"""Bad inputs through the real command: a clear exit status, one-line messages, no traceback.

Each case runs ``python -m extractor extract PATH --format json --layout`` in a fresh folder, with
``SEGUR_LANG`` unset, and must finish within two minutes.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen.canvas import Canvas


def pdf_bytes(encrypt: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=encrypt)
    canvas.drawString(72, 720, "Facture numéro 2024-001 pour le client Dupont, total 1 200 euros")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def scan_png() -> bytes:
    """A small picture of a few words, quick to OCR."""
    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    draw.text((20, 40), "Facture 2024", font=font, fill=0)
    draw.text((20, 100), "Total 120 euros", font=font, fill=0)
    return png_bytes(image)


def fax_tiff() -> bytes:
    """A black-and-white page as a fax machine stores it (CCITT group 4)."""
    image = Image.new("1", (1240, 1754), 1)
    ImageDraw.Draw(image).text((100, 100), "Facture 2024", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "TIFF", compression="group4", dpi=(150, 150))
    return buffer.getvalue()


def sliver_pdf() -> bytes:
    """A scanned PDF whose one page is a sliver: 20000 × 3 pixels at 10 dpi."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 3), 1).save(buffer, "PDF", resolution=10.0)
    return buffer.getvalue()


def zip_bytes(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    path: str
    content: Callable[[], bytes] | None  # None: the path does not exist
    exit_code: int
    # Entries of the JSON output: file -> error reason, or None when the file was read.
    files: dict[str, str | None] = field(default_factory=dict)
    # A word that must be read from each file that was read.
    word: str = ""


CASES = [
    pytest.param(
        Case(
            "facture.pdf",
            lambda: first_half(pdf_bytes()),
            2,
            {"facture.pdf": "corrupt"},
        ),
        id="truncated-pdf",
    ),
    pytest.param(
        Case(
            "facture.pdf",
            lambda: pdf_bytes(encrypt="secret"),
            2,
            {"facture.pdf": "encrypted"},
        ),
        id="password-pdf",
    ),
    pytest.param(Case("vide.pdf", lambda: b"", 2, {"vide.pdf": "empty"}), id="zero-byte"),
    pytest.param(
        Case("fax.tif", lambda: first_half(fax_tiff()), 2, {"fax.tif": "corrupt"}),
        id="truncated-fax-tiff",
    ),
    pytest.param(
        Case(
            "notes.pdf",
            lambda: "Facture à régler : ceci n'est pas un PDF.\n".encode(),
            2,
            {"notes.pdf": "not_a_document"},
        ),
        id="text-named-pdf",
    ),
    pytest.param(Case("scan.pdf", scan_png, 0, {"scan.pdf": None}, "Facture"), id="png-named-pdf"),
    pytest.param(
        Case(
            "plan.png",
            lambda: png_bytes(Image.new("1", (20000, 20000))),
            2,
            {"plan.png": "too_large"},
        ),
        id="huge-png",
    ),
    pytest.param(
        Case("bande.png", lambda: png_bytes(Image.new("1", (6000, 3), 1)), 0, {"bande.png": None}),
        id="sliver-png",
    ),
    pytest.param(
        Case("bande.pdf", lambda: sliver_pdf(), 0, {"bande.pdf": None}),
        id="sliver-scan-pdf",
    ),
    pytest.param(
        Case(
            "pieces.zip",
            lambda: b"PK\x03\x04" + random.Random(0).randbytes(4000),
            2,
            {"pieces.zip": "corrupt"},
        ),
        id="corrupt-zip",
    ),
    pytest.param(
        Case(
            "pieces.zip",
            lambda: zip_bytes(("../evil.pdf", pdf_bytes()), ("facture.pdf", pdf_bytes())),
            0,
            {"pieces.zip!../evil.pdf": "unsafe_path", "pieces.zip!facture.pdf": None},
            "Dupont",
        ),
        id="zip-path-traversal",
    ),
    pytest.param(Case("absent.pdf", None, 2), id="missing-path"),
]


def run_segur(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SEGUR_LANG"}
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def layout_text(entry: dict[str, Any]) -> str:
    return "\n".join(line["text"] for page in entry["layout"] for line in page["lines"])


def assert_one_line_messages(stderr: str) -> list[str]:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert all(line.startswith("segur:") for line in lines), stderr
    return lines


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gives_a_clear_status_and_message(tmp_path: Path, case: Case) -> None:
    if case.content is not None:
        (tmp_path / case.path).write_bytes(case.content())
    before = files_under(tmp_path)

    result = run_segur(tmp_path, "extract", case.path, "--format", "json", "--layout")

    assert result.returncode == case.exit_code, result.stderr
    lines = assert_one_line_messages(result.stderr)
    assert files_under(tmp_path) == before
    assert not any((folder / "evil.pdf").exists() for folder in tmp_path.parents[:2])
    if case.content is None:
        assert result.stdout == ""
        assert lines == [f"segur: fichier introuvable : {case.path}"]
        return
    entries = {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}
    reasons = {name: entry.get("error", {}).get("reason") for name, entry in entries.items()}
    assert reasons == case.files
    for name, entry in entries.items():
        if "error" in entry:
            assert entry["error"]["code"] == "FILE_UNREADABLE"
            assert f"segur: {name} : {entry['error']['message']}" in lines
        else:
            assert entry["pages"] == 1
            assert case.word in layout_text(entry)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param([], "fichier vide (0 octet)", id="default-french"),
        pytest.param(["--lang", "en"], "empty file (0 bytes)", id="english"),
    ],
)
def test_message_language(tmp_path: Path, options: list[str], message: str) -> None:
    (tmp_path / "vide.pdf").write_bytes(b"")
    result = run_segur(tmp_path, *options, "extract", "vide.pdf", "--format", "json")
    assert result.returncode == 2
    [entry] = json.loads(result.stdout)["files"]
    assert entry["error"]["message"] == message
    assert result.stderr == f"segur: vide.pdf : {message}\n"
