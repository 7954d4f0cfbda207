"""Expand command-line paths (files, folders, zips) into :class:`Source` objects."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from extractor.errors import UnreadableFile, UsageError
from extractor.ingest.archive import ZipLimits, iter_members
from extractor.ingest.sniff import FileKind, describe_unknown, sniff

MAX_FILE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """The bytes of one file to read (a file on disk or a zip member), or why it can't be read."""

    name: str
    data: bytes = b""
    kind: FileKind | None = None
    error: UnreadableFile | None = None
    sha256: str = field(default="", compare=False)

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Source:
        digest = hashlib.sha256(data).hexdigest()
        if not data:
            return cls(name, error=UnreadableFile("empty"), sha256=digest)
        kind = sniff(data)
        if kind is None:
            error = UnreadableFile("not_a_document", describe_unknown(data))
            return cls(name, error=error, sha256=digest)
        return cls(name, data, kind, sha256=digest)

    @classmethod
    def failed(cls, name: str, error: UnreadableFile) -> Source:
        return cls(name, error=error)


def iter_sources(paths: Iterable[str | Path], limits: ZipLimits | None = None) -> Iterator[Source]:
    """Every document the paths hold, zips opened and folders walked in name order.

    A file is named as given on the command line by its base name; inside a folder, by its path
    relative to that folder (two ``facture.pdf`` in two sub-folders stay apart).

    A path that does not exist is a usage error (the whole command stops); a file that exists but
    cannot be read becomes a failed :class:`Source`, and the others go on.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError("not_found", str(path))
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                name = file.relative_to(path).as_posix()
                yield from _file_sources(file, name, limits or ZipLimits())
        else:
            yield from _file_sources(path, path.name, limits or ZipLimits())


def _file_sources(path: Path, name: str, limits: ZipLimits) -> Iterator[Source]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile("too_large", f"{size // (1024 * 1024)} Mo")
        data = path.read_bytes()
    except OSError as exc:
        yield Source.failed(name, UnreadableFile("corrupt", exc.strerror or str(exc)))
        return
    except UnreadableFile as exc:
        yield Source.failed(name, exc)
        return
    source = Source.from_bytes(name, data)
    if source.kind is FileKind.ZIP:
        yield from _zip_sources(source, limits)
    else:
        yield source


def _zip_sources(archive: Source, limits: ZipLimits) -> Iterator[Source]:
    try:
        members = list(iter_members(archive.data, archive.name, limits))
    except UnreadableFile as exc:
        yield Source.failed(archive.name, exc)
        return
    if not members:
        yield Source.failed(archive.name, UnreadableFile("no_document"))
        return
    for member in members:
        if member.error is not None:
            yield Source.failed(member.name, member.error)
        else:
            yield Source.from_bytes(member.name, member.data)
