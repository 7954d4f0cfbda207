"""The document model: File → Document → Page → Line → Word.

Every box is ``(x0, y0, x1, y1)`` in fractions of the page as stored in the file (origin top-left),
so a box points at the same place whether the page was read from its text layer or by OCR,
and whether or not it had to be turned to be read. ``Page.rotation`` and ``Page.skew`` say how the
page was turned to be read upright.

``to_dict`` / ``from_dict`` give the JSON of ``shared/spec/output.md`` and load it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BBox = tuple[float, float, float, float]


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"
    MIXED = "mixed"


def union_bbox(boxes: list[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _rounded(box: BBox) -> list[float]:
    return [round(v, 4) for v in box]


def _bbox(value: Any) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in value)
    return (x0, y0, x1, y1)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    bbox: BBox
    confidence: float
    source: TextSource

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "bbox": _rounded(self.bbox),
            "confidence": round(self.confidence, 3),
            "source": self.source.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Word:
        return cls(
            text=data["text"],
            bbox=_bbox(data["bbox"]),
            confidence=float(data["confidence"]),
            source=TextSource(data["source"]),
        )


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return union_bbox([w.bbox for w in self.words])

    @property
    def confidence(self) -> float:
        return min(w.confidence for w in self.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "bbox": _rounded(self.bbox),
            "words": [w.to_dict() for w in self.words],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Line:
        return cls(words=tuple(Word.from_dict(w) for w in data["words"]))


@dataclass(frozen=True, slots=True)
class Page:
    """One page as read: ``number`` 1-based, ``width``/``height`` in points (PDF) or pixels."""

    number: int
    width: float
    height: float
    source: TextSource
    lines: tuple[Line, ...]
    rotation: int = 0
    skew: float = 0.0
    error: str | None = None

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def mean_confidence(self) -> float | None:
        words = self.words
        return sum(w.confidence for w in words) / len(words) if words else None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "page": self.number,
            "width": round(self.width, 2),
            "height": round(self.height, 2),
            "rotation": self.rotation,
            "skew": round(self.skew, 2),
            "source": self.source.value,
            "lines": [line.to_dict() for line in self.lines],
        }
        if self.error:
            data["error"] = self.error
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Page:
        return cls(
            number=int(data["page"]),
            width=float(data["width"]),
            height=float(data["height"]),
            source=TextSource(data["source"]),
            lines=tuple(Line.from_dict(line) for line in data["lines"]),
            rotation=int(data.get("rotation", 0)),
            skew=float(data.get("skew", 0.0)),
            error=data.get("error"),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of a field: the normalised value, what was printed, where, and how sure.

    ``checksum`` is given for identifiers (what is printed is reported even when its key is
    wrong); ``label`` names the label that anchored the value; ``note`` any repair or warning.
    """

    value: str
    raw: str
    confidence: float
    page: int
    bbox: BBox
    checksum: bool | None = None
    label: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": self.value,
            "raw": self.raw,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": _rounded(self.bbox),
        }
        for key in ("checksum", "label", "note"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(
            value=data["value"],
            raw=data["raw"],
            confidence=float(data["confidence"]),
            page=int(data["page"]),
            bbox=_bbox(data["bbox"]),
            checksum=data.get("checksum"),
            label=data.get("label"),
            note=data.get("note"),
        )


@dataclass(frozen=True, slots=True)
class TypeCue:
    """The words that decided a document's type, and where they stand."""

    text: str
    page: int
    bbox: BBox

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "page": self.page, "bbox": _rounded(self.bbox)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TypeCue:
        return cls(data["text"], int(data["page"]), _bbox(data["bbox"]))


@dataclass(frozen=True, slots=True)
class Mark:
    """A signature or a stamp seen on a page: where, how sure, and the ink's colour
    (``blue``, ``black``, ``red``, ``violet``… or ``None`` on a grey or binarised page)."""

    page: int
    bbox: BBox
    confidence: float
    ink: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "page": self.page,
            "bbox": _rounded(self.bbox),
            "confidence": round(self.confidence, 3),
        }
        if self.ink is not None:
            data["ink"] = self.ink
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mark:
        return cls(
            int(data["page"]), _bbox(data["bbox"]), float(data["confidence"]), data.get("ink")
        )


SCENARIO_NAMES = ("dmp", "mss_pro", "mss_citoyen")


@dataclass(frozen=True, slots=True)
class ScenarioBox:
    """One scenario checkbox: ``name`` in :data:`SCENARIO_NAMES`, ticked or not, and where."""

    name: str
    ticked: bool
    page: int
    bbox: BBox
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ticked": self.ticked,
            "page": self.page,
            "bbox": _rounded(self.bbox),
            "confidence": round(self.confidence, 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioBox:
        return cls(
            data["name"],
            bool(data["ticked"]),
            int(data["page"]),
            _bbox(data["bbox"]),
            float(data["confidence"]),
        )


@dataclass(frozen=True, slots=True)
class Scenario:
    """What a document's scenario boxes say: ``True`` ticked, ``False`` present and empty,
    ``None`` not on the document; with the identDMP and MSS addresses written beside them."""

    dmp: bool | None = None
    mss_pro: bool | None = None
    mss_citoyen: bool | None = None
    ident_dmp: tuple[str, ...] = ()
    mss_pro_address: str | None = None
    mss_citoyen_address: str | None = None
    boxes: tuple[ScenarioBox, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "dmp": self.dmp,
            "mss_pro": self.mss_pro,
            "mss_citoyen": self.mss_citoyen,
            "ident_dmp": list(self.ident_dmp),
            "mss_pro_address": self.mss_pro_address,
            "mss_citoyen_address": self.mss_citoyen_address,
            "boxes": [b.to_dict() for b in self.boxes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        return cls(
            dmp=data.get("dmp"),
            mss_pro=data.get("mss_pro"),
            mss_citoyen=data.get("mss_citoyen"),
            ident_dmp=tuple(data.get("ident_dmp", [])),
            mss_pro_address=data.get("mss_pro_address"),
            mss_citoyen_address=data.get("mss_citoyen_address"),
            boxes=tuple(ScenarioBox.from_dict(b) for b in data.get("boxes", [])),
        )


@dataclass(slots=True)
class Document:
    """A run of pages of one file that form one document (an invoice, a VA…)."""

    type: str
    type_confidence: float
    pages: list[int]
    text_source: TextSource
    fields: dict[str, list[Candidate]] = field(default_factory=dict)
    signatures: list[Mark] = field(default_factory=list)
    stamps: list[Mark] = field(default_factory=list)
    scenario: Scenario | None = None
    type_cue: TypeCue | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "type_confidence": round(self.type_confidence, 3),
            "type_cue": self.type_cue.to_dict() if self.type_cue else None,
            "pages": list(self.pages),
            "text_source": self.text_source.value,
            "fields": {k: [c.to_dict() for c in v] for k, v in self.fields.items()},
            "signatures": [m.to_dict() for m in self.signatures],
            "stamps": [m.to_dict() for m in self.stamps],
            "scenario": self.scenario.to_dict() if self.scenario else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            type=data["type"],
            type_confidence=float(data["type_confidence"]),
            pages=[int(p) for p in data["pages"]],
            text_source=TextSource(data["text_source"]),
            fields={
                k: [Candidate.from_dict(c) for c in v] for k, v in data.get("fields", {}).items()
            },
            signatures=[Mark.from_dict(m) for m in data.get("signatures", [])],
            stamps=[Mark.from_dict(m) for m in data.get("stamps", [])],
            scenario=Scenario.from_dict(data["scenario"]) if data.get("scenario") else None,
            type_cue=TypeCue.from_dict(data["type_cue"]) if data.get("type_cue") else None,
        )


@dataclass(frozen=True, slots=True)
class FileError:
    """Why a file or zip member could not be read: a stable ``reason`` and a message for people."""

    reason: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": "FILE_UNREADABLE", "reason": self.reason, "message": self.message}


@dataclass(slots=True)
class FileResult:
    """Everything read from one file: its pages as read and the documents found in them."""

    file: str
    sha256: str
    pages: list[Page] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    error: FileError | None = None

    @property
    def text_source(self) -> TextSource:
        return combined_source([p.source for p in self.pages])

    def to_dict(self, layout: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"file": self.file, "sha256": self.sha256}
        if self.error:
            data["error"] = self.error.to_dict()
            return data
        data["pages"] = len(self.pages)
        data["documents"] = [d.to_dict() for d in self.documents]
        if layout:
            data["layout"] = [p.to_dict() for p in self.pages]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileResult:
        error = data.get("error")
        return cls(
            file=data["file"],
            sha256=data["sha256"],
            pages=[Page.from_dict(p) for p in data.get("layout", [])],
            documents=[Document.from_dict(d) for d in data.get("documents", [])],
            error=FileError(error["reason"], error["message"]) if error else None,
        )


def combined_source(sources: list[TextSource]) -> TextSource:
    """One source for several pages: the common one, else ``mixed``."""
    distinct = set(sources)
    if len(distinct) == 1:
        return distinct.pop()
    return TextSource.MIXED if distinct else TextSource.TEXT_LAYER
