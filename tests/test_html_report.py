"""``check_html``: the report a person reads, opened in a real browser (Debian's chromium through
Playwright), and its escaping of hostile text checked on a report built by hand."""

from __future__ import annotations

import base64
import datetime
import html
import io
import shutil
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from extractor.check import CheckReport, LineReport, check_deposit
from extractor.deposit.model import Beneficiaries, DeclaredScenario, Piece, Solde, SoldeLine
from extractor.ingest.page_images import PageImages
from extractor.ingest.sources import Source
from extractor.model import (
    Candidate,
    Document,
    FileError,
    FileResult,
    Page,
    TextSource,
    TypeCue,
)
from extractor.pipeline import ReadOptions
from extractor.report.html import Pictures, amount_text, check_html
from extractor.rules.findings import Finding, Severity

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path("/tmp/segur-report.png")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'

# ------------------------------------------------------------------------------------------------
# Escaping, on a report built by hand (no reading, no browser)
# ------------------------------------------------------------------------------------------------


def hand_built_report(**hostile: str) -> CheckReport:
    """A one-line deposit whose texts are safe, but for the one named in ``hostile``."""
    text = {
        "solde_file": "solde.json",
        "member": "ED-1_facture.pdf",
        "message": "Total HT différent",
        "invoice_number": "F-1",
        "read_number": "F-1",
        "cue": "FACTURE",
        "error": "fichier vide",
        "editeur": "ED-1",
        "piece_type": "FACTURE",
    } | hostile
    invoice = f"pieces.zip!{text['member']}"
    broken = "pieces.zip!ED-1_vide.pdf"
    line = _solde_line(text)
    found = Finding(
        "FACTURE_AMOUNT_MISMATCH", Severity.BLOQUANT, text["message"], invoice, 1,
        (0.5, 0.5, 0.6, 0.52), "100.00", "90.00", 0.9,
    )  # fmt: skip
    results = [
        FileResult(invoice, "0" * 64, documents=[_invoice_document(text)]),
        FileResult(broken, "1" * 64, error=FileError("empty", text["error"])),
    ]
    solde = Solde(text["solde_file"], "73282932000074", "SGL", (line,), (), (), None)
    report_line = LineReport(0, 1, "2022-BIO-1", text["editeur"], [invoice, broken], [found])
    return CheckReport(solde, [], [report_line], results)


def _solde_line(text: dict[str, str]) -> SoldeLine:
    return SoldeLine(
        index=0,
        num_ligne=1,
        numero_asp="2022-BIO-1",
        numero_editeur=text["editeur"],
        invoice_number=text["invoice_number"],
        invoice_date=datetime.date(2023, 3, 14),
        amount_ht=Decimal("100.00"),
        beneficiaries=Beneficiaries(False, None, "Labo", "690000880", ("690028097",)),
        scenario=DeclaredScenario(True, ("1690028097",), False, None, False, None, None),
        pieces=(Piece(text["member"], "PDF", text["piece_type"]),),
    )


def _invoice_document(text: dict[str, str]) -> Document:
    number = Candidate(text["read_number"], text["read_number"], 0.9, 1, (0.1, 0.1, 0.2, 0.12))
    return Document(
        "facture",
        0.95,
        [1],
        TextSource.TEXT_LAYER,
        fields={"invoice_number": [number]},
        type_cue=TypeCue(text["cue"], 1, (0.1, 0.05, 0.3, 0.08)),
    )


@pytest.mark.parametrize(
    "place",
    [
        "solde_file",
        "member",
        "message",
        "invoice_number",
        "read_number",
        "cue",
        "error",
        "editeur",
        "piece_type",
    ],
)
def test_hostile_text_is_escaped(place: str) -> None:
    page = check_html(hand_built_report(**{place: HOSTILE}))
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert html.escape(HOSTILE, quote=True) in page


def test_page_in_english_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEGUR_LANG", "en")
    page = check_html(hand_built_report())
    assert '<html lang="en">' in page
    assert "non-compliant" in page
    assert "Read on the invoice" in page


def test_page_in_french_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGUR_LANG", raising=False)
    page = check_html(hand_built_report())
    assert '<html lang="fr">' in page
    assert "non conforme" in page
    assert "Lu sur la facture" in page


def test_line_whose_json_is_invalid_shows_no_values() -> None:
    report = hand_built_report()
    report.solde = replace(report.solde, lines=())
    assert "Ligne au JSON invalide" in check_html(report)


def _decoded(uri: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")


def _pictures(rotation: int) -> Pictures:
    """A landscape page stored 800×400, read after turning it ``rotation`` degrees."""
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "white").save(buffer, "PNG")
    source = Source.from_bytes("scan.png", buffer.getvalue())
    page = Page(1, 800, 400, TextSource.OCR, (), rotation=rotation)
    return Pictures(PageImages([source]), [FileResult("scan.png", source.sha256, [page])])


def test_cutout_is_a_part_of_the_page_with_its_box_drawn() -> None:
    cutout = _decoded(_pictures(0).cutout("scan.png", 1, (0.45, 0.45, 0.55, 0.5)) or "")
    assert cutout.width < 800 and cutout.height < 400
    pixels = np.asarray(cutout).astype(int)
    assert ((pixels[..., 0] > 150) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)).any()


@pytest.mark.parametrize(("rotation", "portrait"), [(0, False), (90, True), (270, True)])
def test_pages_are_shown_upright_as_read(rotation: int, portrait: bool) -> None:
    thumbnail = _decoded(_pictures(rotation).thumbnail("scan.png", 1) or "")
    assert (thumbnail.height > thumbnail.width) is portrait


def test_no_image_for_a_page_that_cannot_be_had() -> None:
    assert _pictures(0).thumbnail("scan.png", 2) is None
    assert _pictures(0).cutout("other.png", 1, (0.1, 0.1, 0.2, 0.2)) is None


# ------------------------------------------------------------------------------------------------
# The sample deposits, read for real and shown in chromium
# ------------------------------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"{CHROMIUM} absent: apt-get install chromium (and pip install playwright) to run",
)


@pytest.fixture(scope="module")
def reports() -> dict[str, CheckReport]:
    found = {}
    for deposit in ("dep-0002", "dep-0003"):
        folder = SAMPLE / deposit
        found[deposit] = check_deposit(
            folder / "solde.json",
            [folder / "pieces.zip"],
            folder / "avance.json",
            ReadOptions(jobs=2),
        )
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


class Shown:
    """A report opened in the browser, with the requests its loading made."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": 1366, "height": 900})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.goto(path.as_uri(), wait_until="load")

    @property
    def text(self) -> str:
        return str(self.page.inner_text("body"))

    def finding(self, code: str) -> Any:
        return self.page.locator("li.finding").filter(has_text=code)


@pytest.fixture(scope="module")
def shown(
    reports: dict[str, CheckReport], browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Shown]:
    folder = tmp_path_factory.mktemp("html")
    pages = {}
    for deposit, report in reports.items():
        path = folder / f"{deposit}.html"
        path.write_text(check_html(report), encoding="utf-8")
        pages[deposit] = Shown(browser, path)
    return pages


def _findings(report: CheckReport) -> list[Finding]:
    return report.deposit_findings + [f for line in report.lines for f in line.findings]


def _loaded(image: Any) -> bool:
    return bool(image.evaluate("i => i.complete && i.naturalWidth > 0"))


@needs_chromium
@pytest.mark.parametrize("deposit", ["dep-0002", "dep-0003"])
def test_verdict_is_shown(deposit: str, shown: dict[str, Shown]) -> None:
    verdict = shown[deposit].page.locator(".deposit-verdict").inner_text()
    assert "Verdict du dépôt" in verdict
    assert "non conforme" in verdict


@needs_chromium
@pytest.mark.parametrize("deposit", ["dep-0002", "dep-0003"])
def test_every_finding_shows_its_code_and_french_message(
    deposit: str, reports: dict[str, CheckReport], shown: dict[str, Shown]
) -> None:
    findings = _findings(reports[deposit])
    assert findings
    for found in findings:
        item = shown[deposit].finding(found.code)
        assert item.count() >= 1, found.code
        assert found.message in item.first.inner_text()


def test_planted_findings_are_there(reports: dict[str, CheckReport]) -> None:
    assert {"FACTURE_AMOUNT_MISMATCH", "FILE_UNMATCHED", "FILE_UNREADABLE"} <= {
        f.code for f in _findings(reports["dep-0002"])
    }
    assert "VA_IS_PV_RECETTE" in {f.code for f in _findings(reports["dep-0003"])}


@needs_chromium
@pytest.mark.parametrize(
    ("deposit", "code"), [("dep-0002", "FACTURE_AMOUNT_MISMATCH"), ("dep-0003", "VA_IS_PV_RECETTE")]
)
def test_cutout_of_the_proof_has_loaded(deposit: str, code: str, shown: dict[str, Shown]) -> None:
    image = shown[deposit].finding(code).locator("figure.cutout img")
    assert image.count() == 1
    assert _loaded(image)
    assert code in image.get_attribute("alt")


@needs_chromium
def test_declared_amount_beside_the_amount_read(
    reports: dict[str, CheckReport], shown: dict[str, Shown]
) -> None:
    mismatch = next(
        f for f in _findings(reports["dep-0002"]) if f.code == "FACTURE_AMOUNT_MISMATCH"
    )
    assert mismatch.expected == "41200.00"
    assert mismatch.found is not None
    row = shown["dep-0002"].page.locator("table.values tr").filter(has_text="Montant HT Ségur")
    declared, read = row.locator("td").nth(0), row.locator("td").nth(1)
    assert declared.inner_text() == amount_text("41200.00") == "41\u202f200,00 €"
    assert amount_text(mismatch.found) in read.inner_text()
    assert "✗" in read.inner_text()
    assert "differs" in read.get_attribute("class")


@needs_chromium
@pytest.mark.parametrize("deposit", ["dep-0002", "dep-0003"])
def test_page_is_self_contained(deposit: str, shown: dict[str, Shown]) -> None:
    requests = shown[deposit].requests
    assert requests
    assert all(url.startswith(("data:", "file:")) for url in requests), requests


@needs_chromium
@pytest.mark.parametrize("deposit", ["dep-0002", "dep-0003"])
def test_every_image_loaded_and_described(deposit: str, shown: dict[str, Shown]) -> None:
    images = shown[deposit].page.locator("img")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        assert _loaded(image)
        assert image.get_attribute("alt")


@needs_chromium
def test_files_and_document_types_listed(shown: dict[str, Shown]) -> None:
    text = shown["dep-0003"].text
    assert "ED-BIO-6583 - pv_signe.pdf" in text
    assert "PV de recette" in text
    assert "indice : « " in text


def test_report_stays_small(reports: dict[str, CheckReport]) -> None:
    """Cut-outs and thumbnails, not whole pages at full resolution."""
    assert len(check_html(reports["dep-0002"])) < 400_000


@needs_chromium
def test_screenshot(shown: dict[str, Shown], tmp_path: Path) -> None:
    path = tmp_path / "segur-report.png"
    shown["dep-0002"].page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    shutil.copyfile(path, SCREENSHOT)
