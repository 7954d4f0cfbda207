"""Field names: the official model may spell a field otherwise, or in another case.

Every key of the raw JSON is renamed to its canonical spelling (the one of solde-format.md) before
validation, using ``field_names.toml`` (plus an optional user file). Keys are compared casefolded.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from extractor.errors import UsageError

BUILTIN = Path(__file__).with_name("field_names.toml")


@cache
def _load(path: Path) -> dict[str, list[str]]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("aliases", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError("field_names_invalid", f"{path} : {exc}") from None
    if not all(isinstance(v, list) and all(isinstance(a, str) for a in v) for v in table.values()):
        raise UsageError("field_names_invalid", f"{path} : [aliases] attend des listes de noms")
    return table


def canonical_names(extra: Path | None = None) -> dict[str, str]:
    """Casefolded spelling → canonical name, for every canonical name and alias."""
    names: dict[str, str] = {}
    for path in (BUILTIN, extra) if extra else (BUILTIN,):
        for canonical, aliases in _load(path).items():
            for spelling in (canonical, *aliases):
                names[spelling.casefold()] = canonical
    return names


def canonical_keys(data: Any, names: dict[str, str]) -> Any:
    """``data`` with every object key renamed to its canonical spelling (unknown keys kept).

    When two keys of one object map to the same name, the first one wins."""
    if isinstance(data, list):
        return [canonical_keys(item, names) for item in data]
    if not isinstance(data, dict):
        return data
    renamed: dict[str, Any] = {}
    for key, value in data.items():
        name = names.get(key.casefold(), key) if isinstance(key, str) else key
        renamed.setdefault(name, canonical_keys(value, names))
    return renamed
