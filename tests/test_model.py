"""The page model exports to the JSON of output.md and loads back into the same model."""

from __future__ import annotations

import json

from extractor.model import (
    Document,
    FileError,
    FileResult,
    Line,
    Page,
    TextSource,
    Word,
    combined_source,
)
from tests.reading import read_scanned_text_page


def _sample_result() -> FileResult:
    words = (
        Word("Facture", (0.1, 0.1, 0.2, 0.12), 0.93, TextSource.OCR),
        Word("FA-2023-0412", (0.21, 0.1, 0.35, 0.12), 0.88, TextSource.OCR),
    )
    page = Page(1, 595.28, 841.89, TextSource.OCR, (Line(words),), rotation=180, skew=-2.8)
    document = Document("autre", 0.0, [1], TextSource.OCR)
    return FileResult("pieces.zip!ED-LAB-0193_facture.pdf", "ab" * 32, [page], [document])


def test_json_round_trip_gives_the_same_model():
    result = _sample_result()
    loaded = FileResult.from_dict(json.loads(json.dumps(result.to_dict(layout=True))))
    assert loaded == result


def test_round_trip_of_a_page_really_read_by_ocr():
    result = read_scanned_text_page("skew3")
    loaded = FileResult.from_dict(json.loads(json.dumps(result.to_dict(layout=True))))
    assert loaded.pages[0].text == result.pages[0].text
    assert loaded.pages[0].skew == result.pages[0].skew
    for a, b in zip(loaded.pages[0].words, result.pages[0].words, strict=True):
        assert a.bbox == tuple(round(v, 4) for v in b.bbox)


def test_output_has_the_keys_of_the_contract():
    data = _sample_result().to_dict(layout=True)
    assert set(data) == {"file", "sha256", "pages", "documents", "layout"}
    assert data["pages"] == 1
    document = data["documents"][0]
    assert set(document) >= {"type", "type_confidence", "pages", "text_source", "fields"}
    page = data["layout"][0]
    assert page["rotation"] == 180 and page["skew"] == -2.8 and page["source"] == "ocr"
    assert set(page["lines"][0]["words"][0]) == {"text", "bbox", "confidence", "source"}


def test_layout_is_only_given_when_asked():
    assert "layout" not in _sample_result().to_dict()


def test_a_file_error_replaces_pages_and_documents():
    result = FileResult("x.pdf", "00", error=FileError("encrypted", "fichier protégé"))
    data = result.to_dict(layout=True)
    assert data["error"] == {
        "code": "FILE_UNREADABLE",
        "reason": "encrypted",
        "message": "fichier protégé",
    }
    assert "documents" not in data
    assert FileResult.from_dict(data).error == result.error


def test_line_text_box_and_confidence_derive_from_its_words():
    line = _sample_result().pages[0].lines[0]
    assert line.text == "Facture FA-2023-0412"
    assert line.bbox == (0.1, 0.1, 0.35, 0.12)
    assert line.confidence == 0.88


def test_sources_combine_to_mixed_when_pages_differ():
    assert combined_source([TextSource.OCR, TextSource.OCR]) is TextSource.OCR
    assert combined_source([TextSource.OCR, TextSource.TEXT_LAYER]) is TextSource.MIXED
