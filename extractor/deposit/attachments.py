"""Which attachment belongs to which line: by the ``numeroEditeur`` its name carries, and by the
names the line declares in ``piecesJustificatives``.

Names are compared as runs of letters and digits, case-insensitive, so ``ED-LAB-0193``,
``ed_lab_0193`` and ``EDLAB0193`` all name line ``ED-LAB-0193`` — but ``ED-LAB-01934`` does not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.deposit.model import SoldeLine
from extractor.model import FileResult

_CHUNK = re.compile(r"[0-9]+|[^\W\d_]+")


def base_name(name: str) -> str:
    """``pieces.zip!sous-dossier/ED-1_facture.pdf`` → ``ED-1_facture.pdf``."""
    return re.split(r"[!/\\]", name)[-1]


def _chunks(text: str) -> list[str]:
    return _CHUNK.findall(text.casefold())


def names_editeur(file_name: str, numero_editeur: str) -> bool:
    """True when the file's name, or a folder it sits in inside the archive, carries
    ``numero_editeur`` as a whole."""
    wanted = "".join(_chunks(numero_editeur))
    if not wanted:
        return False
    chunks = _chunks(file_name.rsplit("!", 1)[-1])
    for start in range(len(chunks)):
        joined = ""
        for chunk in chunks[start:]:
            joined += chunk
            if joined == wanted:
                return True
            if not wanted.startswith(joined):
                break
    return False


@dataclass
class LineFiles:
    """The attachments of one line, and the declared pieces no attachment answers."""

    files: list[FileResult] = field(default_factory=list)
    missing_pieces: list[str] = field(default_factory=list)


@dataclass
class Matching:
    lines: dict[int, LineFiles]  # by line index
    unmatched: list[FileResult]


def match_attachments(lines: Sequence[SoldeLine], results: Sequence[FileResult]) -> Matching:
    """Attach every file to the lines that name it; list the files no line names."""
    matching = Matching({line.index: LineFiles() for line in lines}, [])
    for result in results:
        owners = [line for line in lines if _belongs(result.file, line)]
        for line in owners:
            matching.lines[line.index].files.append(result)
        if not owners:
            matching.unmatched.append(result)
    for line in lines:
        present = {base_name(r.file).casefold() for r in matching.lines[line.index].files}
        matching.lines[line.index].missing_pieces = [
            piece.name for piece in line.pieces if base_name(piece.name).casefold() not in present
        ]
    return matching


def _belongs(file_name: str, line: SoldeLine) -> bool:
    declared = {base_name(p.name).casefold() for p in line.pieces}
    return base_name(file_name).casefold() in declared or names_editeur(
        file_name, line.numero_editeur
    )
