"""Recognise a file's format from its first bytes, never from its name."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    ZIP = "zip"


IMAGE_KINDS = frozenset({FileKind.PNG, FileKind.JPEG, FileKind.TIFF})

_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"PK\x03\x04", FileKind.ZIP),
    (b"PK\x05\x06", FileKind.ZIP),
)


def sniff(data: bytes) -> FileKind | None:
    """The format of ``data``, or None when it is none that a deposit may hold."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    # PDF readers accept junk before the header; so do we, within the first kilobyte.
    if b"%PDF-" in data[:1024]:
        return FileKind.PDF
    return None


def describe_unknown(data: bytes) -> str:
    """A short hint of what an unrecognised file looks like, for the error message."""
    head = data[:512]
    if not head:
        return "vide"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "binaire inconnu"
    return "texte"
