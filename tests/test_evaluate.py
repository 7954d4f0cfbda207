"""The scoring of `segur eval`: counters, matching documents, real-invoice expectations."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from extractor.evaluate.corpus import CorpusScores, score_document
from extractor.evaluate.realdocs import as_scan, evaluate_realdocs, expected_values, found_values
from extractor.evaluate.scores import Confusion, Detection, Tally
from extractor.evaluate.truth import BoxTruth, DocumentTruth, FileTruth, MarkTruth
from extractor.ingest.sniff import FileKind
from extractor.ingest.sources import Source
from extractor.model import Candidate, Document, FileResult, Mark, Scenario, TextSource
from fixtures.pages import draw_pdf, paragraph_page

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


def _candidate(value: str, confidence: float = 0.9) -> Candidate:
    return Candidate(value, value, confidence, 1, (0.0, 0.0, 1.0, 1.0))


def _truth() -> tuple[FileTruth, DocumentTruth]:
    document = DocumentTruth(
        type="va",
        layout="va-form",
        pages=[1],
        fields={"finess_ej": "690041124", "finess_eg": ["690000880", "690028097"]},
        signatures=[MarkTruth(1, (0.6, 0.7, 0.8, 0.8))],
        stamps=[MarkTruth(1, (0.6, 0.7, 0.9, 0.9))],
        boxes=[BoxTruth("dmp", 1, (0.1, 0.3, 0.12, 0.32), True, "x")],
        scenario={"dmp": True},
    )
    return FileTruth("ED-1_VA.pdf", "scan200", [document], 1), document


def test_tally_and_detection_arithmetic():
    tally = Tally()
    for correct in (True, True, False):
        tally.add(correct)
    assert tally.accuracy == pytest.approx(2 / 3)
    detection = Detection()
    for truth, predicted in ((True, True), (True, False), (False, True), (False, False)):
        detection.add(truth, predicted)
    assert (detection.precision, detection.recall, detection.f1) == (0.5, 0.5, 0.5)
    assert Detection().f1 is None


def test_confusion_accuracy_over_chosen_labels():
    confusion = Confusion()
    for truth, read in (("va", "va"), ("pv_recette", "va"), ("facture", "facture")):
        confusion.add(truth, read)
    assert confusion.accuracy() == pytest.approx(2 / 3)
    assert confusion.accuracy({"va", "pv_recette"}) == 0.5


def test_a_perfect_reading_scores_everything_right():
    file, truth = _truth()
    found = Document(
        "va",
        0.99,
        [1],
        TextSource.OCR,
        fields={
            "finess_ej": [_candidate("690041124")],
            "finess_eg": [_candidate("690028097"), _candidate("690000880")],
        },
        signatures=[Mark(1, (0.6, 0.8, 0.9, 0.9), 0.9)],
        stamps=[Mark(1, (0.5, 0.8, 0.7, 0.95), 0.8)],
        scenario=Scenario(dmp=True),
    )
    scores = CorpusScores()
    score_document("dep-0001/f.pdf", file, truth, found, scores)
    assert scores.fields["finess_ej"]["scan200"].accuracy == 1.0
    assert scores.fields["finess_eg"]["scan200"].accuracy == 1.0
    assert scores.types.accuracy() == 1.0
    assert scores.signatures["scan200"].recall == 1.0
    assert scores.boxes["scan200"].accuracy == 1.0
    assert scores.calibration == [(0.9, True)]
    assert scores.misses == []


def test_a_missed_document_counts_every_field_and_mark_wrong():
    file, truth = _truth()
    scores = CorpusScores()
    score_document("dep-0001/f.pdf", file, truth, None, scores)
    assert scores.types.to_dict() == {"va": {"(absent)": 1}}
    assert scores.fields["finess_ej"]["scan200"].accuracy == 0.0
    assert scores.signatures["scan200"].recall == 0.0
    assert scores.boxes["scan200"].accuracy == 0.0


def test_a_wrong_set_of_sites_is_wrong_even_if_one_matches():
    file, truth = _truth()
    found = Document(
        "va", 0.9, [1], TextSource.OCR, fields={"finess_eg": [_candidate("690000880")]}
    )
    scores = CorpusScores()
    score_document("dep-0001/f.pdf", file, truth, found, scores)
    assert scores.fields["finess_eg"]["scan200"].accuracy == 0.0
    site_misses = [m for m in scores.misses if m.what == "finess_eg"]
    assert [(m.file, m.condition, m.read) for m in site_misses] == [
        ("dep-0001/f.pdf", "scan200", "['690000880']")
    ]


def test_real_invoice_expectations_follow_what_is_printed():
    truth = {
        "seller_siren": "123456782",
        "seller_siret": "12345678200077",
        "issue_date": "2026-01-31",
        "amount_ht_TaxBasisTotal": "100.00",
        "checks": {"seller_siret_visible_in_text": False, "ht_visible_in_text": True},
    }
    assert expected_values(truth) == {
        "supplier_siren": "123456782",
        "invoice_date": "2026-01-31",
        "amount_ht": "100.00",
    }


def test_siren_is_taken_from_a_printed_siret():
    document = Document(
        "facture",
        0.9,
        [1],
        TextSource.TEXT_LAYER,
        fields={"supplier_siret": [_candidate("12345678200077")]},
    )
    found = found_values(FileResult("f.pdf", "00", documents=[document]))
    assert found["supplier_siren"] == "123456782"


@pytest.mark.skipif(not (REALDOCS / "truth.json").is_file(), reason="shared/realdocs not beside")
def test_every_real_invoice_is_read_and_scored():
    scores = evaluate_realdocs(REALDOCS, jobs=2)
    assert len(scores.rows) == 19
    assert all(row.expected.get("invoice_date") for row in scores.rows)
    assert all(set(row.found) >= set(row.expected) for row in scores.rows)


def test_a_real_document_read_as_a_scan_is_a_grey_image_and_a_broken_pdf_stays_broken():
    pdf, _ = draw_pdf([paragraph_page(["Facture FA-1", "Total HT : 100,00 €"])])
    scanned = as_scan(Source.from_bytes("f.pdf", pdf), 100)
    assert scanned.error is None and scanned.kind is FileKind.TIFF
    broken = as_scan(Source.from_bytes("b.pdf", b"%PDF-1.4 cut short"), 100)
    assert broken.error is not None
    image = Source.from_bytes("i.tif", scanned.data)
    assert as_scan(image, 100) is image  # an image is a scan already


def test_real_documents_listed_as_a_zip_or_a_broken_file_are_scored_not_fatal(tmp_path):

    pdf, _ = draw_pdf([paragraph_page(["FACTURE FA-1", "Date de facture : 14/03/2023"])])
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as archive:
        archive.writestr("a.pdf", pdf)
        archive.writestr("b.pdf", pdf)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 cut short")
    truth = {"two.zip": {"issue_date": "2023-03-14"}, "broken.pdf": {"issue_date": "2023-03-14"}}
    (tmp_path / "truth.json").write_text(json.dumps(truth))
    rows = {row.file: row for row in evaluate_realdocs(tmp_path, jobs=1).rows}
    assert rows["two.zip"].ok and not rows["broken.pdf"].ok


@pytest.mark.parametrize(
    ("read", "correct"),
    [
        ("Nathalie André", True),
        ("Nathalie Andre", True),
        ("NATHALIE ANDRE", True),
        ("Nathalie", False),
    ],
)
def test_names_are_compared_without_accents_as_the_rules_compare_them(read: str, correct: bool):
    file, _ = _truth()
    truth = DocumentTruth("va", "va-form", [1], fields={"signatory_name": "Nathalie André"})
    found = Document("va", 0.9, [1], TextSource.OCR, fields={"signatory_name": [_candidate(read)]})
    scores = CorpusScores()
    score_document("dep-0001/f.pdf", file, truth, found, scores)
    assert scores.fields["signatory_name"]["scan200"].accuracy == float(correct)
    assert scores.calibration == [(0.9, correct)]
