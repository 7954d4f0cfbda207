"""What a line's rules look at: its declaration, its avance line and the documents read."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from extractor.deposit.model import Avance, AvanceLine, SoldeLine
from extractor.model import Document, FileResult, Page


@dataclass(frozen=True)
class FoundDocument:
    """A document read from one of the line's files, with the file's pages it spans."""

    file: str
    document: Document
    pages: tuple[Page, ...]

    @property
    def type(self) -> str:
        return self.document.type


@dataclass
class LineContext:
    line: SoldeLine
    software: str | None  # SGL or LOINC
    supplier_siret: str | None  # the solde's own SIRET (header)
    files: list[FileResult] = field(default_factory=list)
    missing_pieces: list[str] = field(default_factory=list)
    avance: Avance | None = None

    @property
    def avance_line(self) -> AvanceLine | None:
        return self.avance.lines.get(self.line.numero_asp) if self.avance else None

    @cached_property
    def documents(self) -> list[FoundDocument]:
        found = []
        for result in self.files:
            by_number = {p.number: p for p in result.pages}
            for document in result.documents:
                pages = tuple(by_number[n] for n in document.pages if n in by_number)
                found.append(FoundDocument(result.file, document, pages))
        return found

    def of_type(self, kind: str) -> list[FoundDocument]:
        return [d for d in self.documents if d.type == kind]
