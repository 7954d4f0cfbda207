"""What ``segur extract`` prints."""

from __future__ import annotations

from typing import Any

from extractor.model import FileResult


def extract_json(results: list[FileResult], layout: bool = False) -> dict[str, Any]:
    return {"files": [r.to_dict(layout=layout) for r in results]}


def extract_text(results: list[FileResult], layout: bool = False) -> str:
    """A few lines per file for a person at a terminal; the page text too with ``layout``."""
    out: list[str] = []
    for result in results:
        if result.error:
            out.append(f"✗ {result.file} — {result.error.message}")
            continue
        out.append(f"• {result.file} — {len(result.pages)} page(s), {result.text_source.value}")
        for doc in result.documents:
            out.append(f"    {doc.type} (pages {', '.join(map(str, doc.pages))})")
        for page in result.pages:
            turned = f", tournée de {page.rotation}°" if page.rotation else ""
            skew = f", redressée de {page.skew:+.1f}°" if page.skew else ""
            error = f" — {page.error}" if page.error else ""
            out.append(f"    page {page.number} : {page.source.value}{turned}{skew}{error}")
            if layout:
                out.extend(f"      | {line.text}" for line in page.lines)
    return "\n".join(out)
