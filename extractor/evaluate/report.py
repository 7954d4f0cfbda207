"""The evaluation as JSON (for the notebook and for comparisons) and as Markdown (for people)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from extractor.evaluate.corpus import CorpusScores
from extractor.evaluate.realdocs import RealDocsScores
from extractor.evaluate.scores import Detection, Tally
from extractor.ocr import tesseract

CONDITION_ORDER = ("digital", "scan300", "scan200", "fax150", "photo", "turned90", "turned180")


def _conditions(keys: set[str]) -> list[str]:
    return [c for c in CONDITION_ORDER if c in keys] + sorted(keys - set(CONDITION_ORDER))


def _overall_tally(by_condition: dict[str, Tally]) -> Tally:
    return Tally(
        sum(t.correct for t in by_condition.values()), sum(t.total for t in by_condition.values())
    )


def _overall_detection(by_condition: dict[str, Detection]) -> Detection:
    total = Detection()
    for d in by_condition.values():
        total.tp, total.fp, total.fn, total.tn = (
            total.tp + d.tp,
            total.fp + d.fp,
            total.fn + d.fn,
            total.tn + d.tn,
        )
    return total


def _by_condition(scores: dict[str, Any]) -> dict[str, Any]:
    overall = (
        _overall_detection(scores)
        if scores and isinstance(next(iter(scores.values())), Detection)
        else _overall_tally(scores)
    )
    return {"all": overall.to_dict(), **{c: scores[c].to_dict() for c in _conditions(set(scores))}}


def evaluation_json(
    corpus: str | None, scores: CorpusScores | None, *realdocs: RealDocsScores
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        # Readings depend on the Tesseract version (docs/decisions.md: « Tesseract in the process »)
        "tesseract": tesseract.check_tesseract(),
    }
    if scores is not None:
        data["corpus"] = corpus
        data.update(_corpus_json(scores))
    for reading in realdocs:
        data["realdocs_scanned" if reading.scan_dpi else "realdocs"] = reading.to_dict()
    return data


def _corpus_json(scores: CorpusScores) -> dict[str, Any]:
    va_pv = scores.types.accuracy({"va", "pv_recette"})
    return {
        "fields": {name: _by_condition(by) for name, by in sorted(scores.fields.items())},
        "types": {
            "accuracy": scores.types.accuracy(),
            "va_vs_pv_recette_accuracy": va_pv,
            "confusion": scores.types.to_dict(),
        },
        "signatures": _by_condition(scores.signatures),
        "stamp_only_counted_signed": scores.stamp_only_signed.to_dict(),
        "stamps": _by_condition(scores.stamps),
        "scenario_boxes": _by_condition(scores.boxes),
        "findings": {
            **scores.findings.to_dict(),
            "planted": dict(sorted(scores.planted_findings.items())),
        },
        "misses": [miss.to_dict() for miss in scores.misses],
        "lines": {"total": scores.lines, "clean": scores.clean_lines},
        "files": {"total": scores.files, "unreadable": scores.unreadable_files},
        "speed": {
            "pages": scores.pages,
            "seconds": round(scores.seconds, 2),
            "pages_per_second": scores.pages_per_second and round(scores.pages_per_second, 3),
        },
        "confident_values": _confident(scores.calibration),
        "calibration": [[round(c, 3), ok] for c, ok in scores.calibration],
    }


CONFIDENT = 0.9


def _confident(pairs: list[tuple[float, bool]]) -> dict[str, Any]:
    """How often top-1 values given confidence ≥ 0.9 are right (the goal is ≥ 95 %)."""
    chosen = [ok for confidence, ok in pairs if confidence >= CONFIDENT]
    return {
        "threshold": CONFIDENT,
        "values": len(chosen),
        "right": sum(chosen),
        "precision": round(sum(chosen) / len(chosen), 4) if chosen else None,
    }


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return [*lines, *("| " + " | ".join(row) + " |" for row in rows), ""]


def evaluation_markdown(data: dict[str, Any]) -> str:
    out = [f"# segur eval — {data['date']}", ""]
    if "tesseract" in data:
        out += [f"OCR: {data['tesseract']}.", ""]
    if "fields" in data:
        out += _corpus_markdown(data)
    for key in ("realdocs", "realdocs_scanned"):
        if key in data:
            out += _realdocs_markdown(data[key])
    return "\n".join(out) + "\n"


def _cell(score: dict[str, Any] | None, key: str = "accuracy") -> str:
    if not score:
        return "–"
    count = score.get("total", score.get("tp", 0) + score.get("fn", 0))
    return f"{_percent(score.get(key))} ({count})"


def _corpus_markdown(data: dict[str, Any]) -> list[str]:
    conditions = _conditions({c for f in data["fields"].values() for c in f} - {"all"})
    header = [
        f"Corpus: `{data['corpus']}` — {data['lines']['total']} lines "
        f"({data['lines']['clean']} clean), {data['files']['total']} files, "
        f"{data['speed']['pages']} pages at {data['speed']['pages_per_second']} pages/s.",
        "",
    ]
    return [
        *header,
        *_fields_section(data, conditions),
        *_types_section(data["types"]),
        *_marks_section(data, conditions),
        *_findings_section(data["findings"]),
    ]


def _fields_section(data: dict[str, Any], conditions: list[str]) -> list[str]:
    rows = [
        [name, _cell(by["all"]), *(_cell(by.get(c)) for c in conditions)]
        for name, by in data["fields"].items()
    ]
    confident = data["confident_values"]
    return [
        "## Fields: top-1 accuracy by condition",
        "",
        *_table(["field", "all", *conditions], rows),
        f"Top-1 values with confidence ≥ {confident['threshold']}: {confident['values']}, "
        f"{_percent(confident['precision'])} right. Every wrong value, type and mark is listed "
        f"in eval.json under `misses` ({len(data.get('misses', []))}).",
        "",
    ]


def _types_section(types: dict[str, Any]) -> list[str]:
    labels = sorted({p for row in types["confusion"].values() for p in row})
    rows = [[t, *(str(row.get(p, 0)) for p in labels)] for t, row in types["confusion"].items()]
    return [
        "## Document types",
        "",
        f"All types: {_percent(types['accuracy'])}; VA vs PV de recette: "
        f"{_percent(types['va_vs_pv_recette_accuracy'])}.",
        "",
        *_table(["true \\ read", *labels], rows),
    ]


MARK_ROWS = (
    ("signature recall", "signatures", "recall"),
    ("signature precision", "signatures", "precision"),
    ("stamp recall", "stamps", "recall"),
    ("stamp precision", "stamps", "precision"),
    ("scenario boxes", "scenario_boxes", "accuracy"),
)


def _marks_section(data: dict[str, Any], conditions: list[str]) -> list[str]:
    rows = [
        [name, *(_cell(data[key].get(c), metric) for c in ["all", *conditions])]
        for name, key, metric in MARK_ROWS
    ]
    stamp_only = data["stamp_only_counted_signed"]
    return [
        "## Marks",
        "",
        *_table(["mark", "all", *conditions], rows),
        f"Stamp-only documents counted as signed: {stamp_only['correct']} of "
        f"{stamp_only['total']}.",
        "",
    ]


def _findings_section(findings: dict[str, Any]) -> list[str]:
    clean = findings["clean_lines"]
    rows = [
        [
            code,
            str(findings["planted"].get(code, 0)),
            _percent(d["recall"]),
            _percent(d["precision"]),
        ]
        for code, d in findings["per_code"].items()
    ]
    alarms = ", ".join(f"{code} {n}" for code, n in clean["alarm_codes"].items()) or "none"
    return [
        "## Findings (segur check)",
        "",
        f"Clean lines raising an alarm: {clean['with_alarm']} of {clean['total']} "
        f"({_percent(clean['false_alarm_rate'])}; goal ≤ 2 %) — {alarms}.",
        "",
        *_table(["code", "planted", "recall", "precision"], rows),
    ]


def _realdocs_markdown(real: dict[str, Any]) -> list[str]:
    out = [
        f"## Real invoices (shared/realdocs), read as {real.get('read_as', 'text layer')}",
        "",
        f"Every printed value found (top-1) on {real['all_found']} of {real['files']} files.",
        "",
    ]
    keys = ["supplier_siren", "supplier_siret", "invoice_date", "amount_ht"]
    rows = []
    for row in real["rows"]:
        cells = []
        for key in keys:
            want, got = row["expected"].get(key), row["found"].get(key)
            cells.append(
                "·" if want is None else ("✓" if row["matches"][key] else f"✗ {got or '–'}")
            )
        rows.append([row["file"].rsplit("/", 1)[-1], *cells])
    return [*out, *_table(["file", *keys], rows)]
