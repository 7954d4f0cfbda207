"""Ground truth of generated documents and deposits, as written to a corpus's ``manifest.json``.

Boxes are ``[x0, y0, x1, y1]`` fractions of the page, origin top-left: on the digital page when a
document is drawn, carried to the scanned image's frame when it is scanned (``Scan.carry``).
Field values are normalised as ``shared/spec/output.md`` prints them (ISO dates, ``"18500.00"``,
compact identifiers); list-valued fields (``finess_eg``) are lists.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]


@dataclass
class MarkTruth:
    """A signature or a stamp: where it is and how it was drawn (``ink``: blue/black/red…)."""

    page: int  # 1-based, within the file
    bbox: BBox
    style: str = ""


@dataclass
class BoxTruth:
    """A scenario checkbox: ``name`` is ``dmp``, ``mss_pro`` or ``mss_citoyen``."""

    name: str
    page: int
    bbox: BBox
    ticked: bool
    style: str  # "x", "check", "filled", "empty", or "glyph" (☒/☐ in a text layer)


@dataclass
class DocumentTruth:
    type: str  # facture, va, pv_recette, bon_de_commande, mom, compte_rendu, catalogue_loinc, autre
    layout: str  # which template drew it
    pages: list[int]  # 1-based pages of the file that hold this document
    fields: dict[str, Any] = field(default_factory=dict)
    signatures: list[MarkTruth] = field(default_factory=list)
    stamps: list[MarkTruth] = field(default_factory=list)
    boxes: list[BoxTruth] = field(default_factory=list)
    scenario: dict[str, bool] | None = None  # {"dmp":…, "mss_pro":…, "mss_citoyen":…} when boxes

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class FileTruth:
    name: str  # member name in the deposit's zip
    condition: str  # scan condition name (fixtures.scan.CONDITIONS), "digital" for text PDFs
    documents: list[DocumentTruth]
    pages: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "condition": self.condition,
            "pages": self.pages,
            "documents": [d.to_dict() for d in self.documents],
        }


@dataclass
class LineTruth:
    num_ligne: int
    numero_editeur: str
    expected_findings: list[str]  # codes of shared/spec/findings.md this line must raise
    faults: list[str]  # what was planted, in words, for people reading the manifest

    @property
    def clean(self) -> bool:
        return not self.expected_findings

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clean": self.clean}


def _mark(data: dict[str, Any]) -> MarkTruth:
    return MarkTruth(data["page"], _bbox(data["bbox"]), data.get("style", ""))


def _bbox(value: Any) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


def document_from_dict(data: dict[str, Any]) -> DocumentTruth:
    return DocumentTruth(
        type=data["type"],
        layout=data["layout"],
        pages=list(data["pages"]),
        fields=dict(data.get("fields", {})),
        signatures=[_mark(m) for m in data.get("signatures", [])],
        stamps=[_mark(m) for m in data.get("stamps", [])],
        boxes=[
            BoxTruth(b["name"], b["page"], _bbox(b["bbox"]), b["ticked"], b["style"])
            for b in data.get("boxes", [])
        ],
        scenario=data.get("scenario"),
    )


def file_from_dict(data: dict[str, Any]) -> FileTruth:
    return FileTruth(
        name=data["name"],
        condition=data["condition"],
        documents=[document_from_dict(d) for d in data["documents"]],
        pages=int(data["pages"]),
    )


def line_from_dict(data: dict[str, Any]) -> LineTruth:
    return LineTruth(
        num_ligne=int(data["num_ligne"]),
        numero_editeur=data["numero_editeur"],
        expected_findings=list(data["expected_findings"]),
        faults=list(data.get("faults", [])),
    )


@dataclass
class VariantTruth:
    """A broken copy of a deposit's JSON or zip, checked with the deposit's other file."""

    solde: str
    zip: str
    expected_findings: list[str]


@dataclass
class DepositTruth:
    """One generated deposit: where its files are (relative to the corpus) and what they hold."""

    id: str
    dir: str
    solde: str
    avance: str | None
    zip: str
    lines: list[LineTruth]
    files: list[FileTruth]
    # Deposit-level codes (FILE_UNREADABLE, FILE_UNMATCHED…), and those of the broken copies of
    # the deposit's JSON or zip kept beside it (JSON_INVALID, ZIP_INVALID).
    expected_findings: list[str] = field(default_factory=list)
    variants: list[VariantTruth] = field(default_factory=list)

    def planted(self) -> list[str]:
        """Every code planted in this deposit, once per line or file that must raise it."""
        lines = [code for line in self.lines for code in line.expected_findings]
        variants = [code for v in self.variants for code in v.expected_findings]
        return [*lines, *self.expected_findings, *variants]


def deposit_from_dict(data: dict[str, Any]) -> DepositTruth:
    return DepositTruth(
        id=data["id"],
        dir=data["dir"],
        solde=data["solde"],
        avance=data.get("avance"),
        zip=data["zip"],
        lines=[line_from_dict(line) for line in data["lines"]],
        files=[file_from_dict(f) for f in data["files"]],
        expected_findings=list(data.get("expected_findings", [])),
        variants=[
            VariantTruth(v["solde"], v["zip"], list(v["expected_findings"]))
            for v in data.get("variants", [])
        ],
    )
