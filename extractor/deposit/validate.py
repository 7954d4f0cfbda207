"""Is a solde / avance JSON well formed? Every fault with the path where it stands, in plain words.

The structure is checked against ``deposit.schema.json`` (JSON Schema 2020-12); identifier check
digits and calendar dates, which a schema cannot express, are checked here.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from stdnum.fr import siret

from extractor.identifiers import finess
from extractor.messages import language, message

SCHEMA = Path(__file__).with_name("deposit.schema.json")

_TYPE_WORDS = {
    "fr": {
        "string": "un texte",
        "number": "un nombre",
        "integer": "un entier",
        "boolean": "vrai ou faux",
        "array": "une liste",
        "object": "un objet",
        "null": "null",
    },
    "en": {
        "string": "a string",
        "number": "a number",
        "integer": "an integer",
        "boolean": "true or false",
        "array": "a list",
        "object": "an object",
        "null": "null",
    },
}


@dataclass(frozen=True)
class JsonFault:
    """One fault of a deposit JSON: where (``lignesImport[0].facture.dateFacture``) and what."""

    path: str
    message: str


@cache
def _validator(kind: str) -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": schema["$defs"]})


def json_faults(data: dict[str, Any], kind: str) -> list[JsonFault]:
    """Every fault of ``data`` (canonical field names) read as a ``solde`` or an ``avance``."""
    faults = [_schema_fault(error) for error in _validator(kind).iter_errors(data)]
    faults += _identifier_faults(data)
    faults += _duplicate_line_faults(data)
    unique = {(f.path, f.message): f for f in faults}
    return sorted(unique.values(), key=lambda f: _path_order(f.path))


def path_text(parts: Iterable[str | int]) -> str:
    """``["lignesImport", 0, "facture"]`` → ``lignesImport[0].facture``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(racine)"


def _path_order(path: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in path.replace("]", "").split("["))


def _schema_fault(error: ValidationError) -> JsonFault:
    parts = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        path = path_text([*parts, missing[0] if missing else "?"])
        return JsonFault(path, message("json_required", path=path))
    path = path_text(parts)
    found = _shown(error.instance)
    if kind == "type":
        expected = _type_words(error.validator_value)
        return JsonFault(path, message("json_type", path=path, expected=expected, found=found))
    if kind == "minItems":
        return JsonFault(path, message("json_empty_list", path=path))
    if kind == "minimum":
        return JsonFault(path, message("json_negative", path=path))
    hint = error.schema.get("description") or _type_words(error.schema.get("type", "string"))
    return JsonFault(path, message("json_value", path=path, expected=hint, found=found))


def _type_words(expected: str | list[str]) -> str:
    words = _TYPE_WORDS[language()]
    names = [expected] if isinstance(expected, str) else expected
    joiner = " ou " if language() == "fr" else " or "
    return joiner.join(words.get(name, name) for name in names)


def _shown(value: Any) -> str:
    """A value as a person reads it in a message: « 41 200,00 » (un texte)."""
    if isinstance(value, (dict, list)):
        return _type_words("object" if isinstance(value, dict) else "array")
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _identifier_faults(data: dict[str, Any]) -> Iterator[JsonFault]:
    """Check digits: the supplier SIRET and every FINESS (what the schema's patterns let by)."""
    yield from _checked(data.get("siret"), ["siret"], siret.is_valid, "SIRET")
    lines = data.get("lignesImport")
    for index, line in enumerate(lines if isinstance(lines, list) else []):
        if not isinstance(line, dict):
            continue
        base: list[str | int] = ["lignesImport", index]
        yield from _checked(line.get("siret"), [*base, "siret"], siret.is_valid, "SIRET")
        structure = _get(line, "beneficiaires", "structure")
        ej_path = [*base, "beneficiaires", "structure", "FINESSJuridique"]
        yield from _checked(_get(structure, "FINESSJuridique"), ej_path, finess.is_valid, "FINESS")
        sites = _get(structure, "FINESSGeo")
        for site, number in enumerate(sites if isinstance(sites, list) else []):
            site_path = [*base, "beneficiaires", "structure", "FINESSGeo", site]
            yield from _checked(number, site_path, finess.is_valid, "FINESS")
        for name in ("facture", "commande"):
            date = _get(line, name, "dateFacture" if name == "facture" else "dateCommande")
            yield from _dated(date, [*base, name, "date" + name[:1].upper() + name[1:]])


def _checked(
    value: Any, parts: list[str | int], is_valid: Callable[[str], bool], kind: str
) -> Iterator[JsonFault]:
    """A fault when ``value`` has the identifier's length but a wrong key (the shape itself is
    the schema's business)."""
    length = 14 if kind == "SIRET" else 9
    if isinstance(value, str) and len(value) == length and value.isalnum() and not is_valid(value):
        path = path_text(parts)
        found = _shown(value)
        yield JsonFault(path, message("json_checksum", path=path, found=found, expected=kind))


def _dated(value: Any, parts: list[str | int]) -> Iterator[JsonFault]:
    if not (isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"):
        return
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        path = path_text(parts)
        yield JsonFault(path, message("json_date", path=path, found=_shown(value)))


def _duplicate_line_faults(data: dict[str, Any]) -> Iterator[JsonFault]:
    seen: set[str] = set()
    lines = data.get("lignesImport")
    for index, line in enumerate(lines if isinstance(lines, list) else []):
        number = line.get("numeroASP") if isinstance(line, dict) else None
        if isinstance(number, str) and number.strip():
            if number.strip() in seen:
                path = path_text(["lignesImport", index, "numeroASP"])
                yield JsonFault(path, message("json_duplicate", path=path, found=_shown(number)))
            seen.add(number.strip())


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
