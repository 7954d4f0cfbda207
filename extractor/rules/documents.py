"""The line's attachments: are the right documents there, and readable?"""

from __future__ import annotations

from collections.abc import Iterator

from extractor.messages import say
from extractor.model import Page, TextSource
from extractor.rules.context import FoundDocument, LineContext
from extractor.rules.findings import Finding, finding

# An OCR page whose words average below this confidence, or that yields fewer words than this,
# cannot be trusted: a person must look at it — unless it still has this many real words (three
# letters or digits) read surely: a phone photo's paper texture and shadows read as junk "words"
# that pull the average down while the print itself is read well (such pages have 60–170 sure
# words; an unreadable one none).
READABLE_CONFIDENCE = 0.6
READABLE_WORDS = 12
SURE_WORDS = 40
SURE = 0.8
PROOF = {
    "SGL": ("compte_rendu", "COMPTE_RENDU_MISSING"),
    "LOINC": ("catalogue_loinc", "CATALOGUE_MISSING"),
}


def file_unreadable(ctx: LineContext) -> Iterator[Finding]:
    for result in ctx.files:
        if result.error is not None:
            yield finding("FILE_UNREADABLE", detail=result.error.message, file=result.file)


def piece_not_found(ctx: LineContext) -> Iterator[Finding]:
    for name in ctx.missing_pieces:
        yield finding("PIECE_NOT_FOUND", expected=name)


def document_unreadable(ctx: LineContext) -> Iterator[Finding]:
    for result in ctx.files:
        for page in result.pages:
            problem = unreadable_reason(page)
            if problem:
                yield finding(
                    "DOCUMENT_UNREADABLE",
                    detail=problem,
                    file=result.file,
                    page=page.number,
                    bbox=(0.0, 0.0, 1.0, 1.0),
                    confidence=page.mean_confidence,
                )


def unreadable_reason(page: Page) -> str | None:
    if page.error:
        return page.error
    if page.source is TextSource.TEXT_LAYER:
        return None
    words = [w for w in page.words if len(w.text) > 1]
    if len(words) < READABLE_WORDS:
        return say(f"{len(words)} mots lus", f"{len(words)} words read")
    confidence = sum(w.confidence for w in words) / len(words)
    sure = [w for w in words if w.confidence >= SURE and sum(c.isalnum() for c in w.text) >= 3]
    if confidence < READABLE_CONFIDENCE and len(sure) < SURE_WORDS:
        return say(f"confiance OCR {confidence:.0%}", f"OCR confidence {confidence:.0%}")
    return None


def facture_missing(ctx: LineContext) -> Iterator[Finding]:
    if not ctx.of_type("facture"):
        yield finding("FACTURE_MISSING", expected="facture", found=_types_found(ctx))


def va_missing(ctx: LineContext) -> Iterator[Finding]:
    """No VA: a PV de recette in its place is the commonest rejection; else VA_MISSING."""
    if ctx.of_type("va"):
        return
    recettes = ctx.of_type("pv_recette")
    if not recettes:
        yield finding("VA_MISSING", expected="va", found=_types_found(ctx))
        return
    for recette in recettes:
        yield _pv_recette_finding(recette)


def _pv_recette_finding(recette: FoundDocument) -> Finding:
    cue = recette.document.type_cue
    return finding(
        "VA_IS_PV_RECETTE",
        expected="va",
        found="pv_recette",
        file=recette.file,
        page=cue.page if cue else recette.document.pages[0],
        bbox=cue.bbox if cue else None,
        confidence=recette.document.type_confidence,
    )


def proof_missing(ctx: LineContext) -> Iterator[Finding]:
    """Good practice: an SGL line joins a test compte-rendu, a LOINC line its catalogue."""
    kind, code = PROOF.get(ctx.software or "", (None, None))
    if kind and code and not ctx.of_type(kind):
        yield finding(code, expected=kind, found=_types_found(ctx))


def _types_found(ctx: LineContext) -> str:
    return ", ".join(sorted({d.type for d in ctx.documents})) or say("aucun document", "none")


RULES = (
    file_unreadable,
    piece_not_found,
    facture_missing,
    va_missing,
    proof_missing,
    document_unreadable,
)
