"""Read zip members in memory, safely: nothing is ever extracted to disk.

Guards: member count, per-member and total uncompressed size (checked while reading, so a lying
header does not help), encrypted members, paths that would escape a folder, symbolic links,
corrupt members (bad CRC, unsupported compression), and at most one level of nested zip.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from extractor.errors import UnreadableFile
from extractor.ingest.sniff import FileKind, sniff


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2000
    max_member_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 2 * 1024 * 1024 * 1024
    max_depth: int = 1


# Files that archivers add on their own: not attachments, so not reported.
_SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class Member:
    """One zip member: its display name and either its bytes or why it was not read."""

    name: str
    data: bytes = b""
    error: UnreadableFile | None = None


def is_unsafe_path(name: str) -> bool:
    """True for absolute paths, drive letters and any ``..`` component."""
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in normalised.split("/")


def _is_system_file(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts[:-1] or parts[-1] in _SYSTEM_FILES


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


class _Budget:
    """What is left to read, shared by an archive and every zip nested in it."""

    def __init__(self, limits: ZipLimits) -> None:
        self.bytes = limits.max_total_bytes
        self.members = limits.max_members
        self.max_members = limits.max_members

    def take_members(self, count: int) -> None:
        self.members -= count
        if self.members < 0:
            raise UnreadableFile("too_many_members", f"max {self.max_members}")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise UnreadableFile("corrupt", "CRC") from None
    except NotImplementedError:
        raise UnreadableFile("corrupt", f"compression {info.compress_type}") from None
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise UnreadableFile("encrypted") from exc
    if len(data) > limit:
        raise UnreadableFile("too_large", str(limit // (1024 * 1024)), key="member_too_large")
    return data


def iter_members(
    data: bytes, archive_name: str, limits: ZipLimits, depth: int = 0, budget: _Budget | None = None
) -> Iterator[Member]:
    """Every member of the zip ``data`` as a :class:`Member`; raise if the archive itself is bad.

    The size and member budgets cover nested zips too: a zip of zips cannot multiply them.
    """
    budget = budget or _Budget(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise UnreadableFile("corrupt", "zip") from None
    with archive:
        infos = [
            i for i in archive.infolist() if not i.is_dir() and not _is_system_file(i.filename)
        ]
        budget.take_members(len(infos))
        seen: dict[str, int] = {}
        for info in infos:
            name = _unique(f"{archive_name}!{info.filename}", seen)
            member = _member(archive, info, name, limits, budget)
            budget.bytes -= len(member.data)
            if member.error is None and sniff(member.data) is FileKind.ZIP:
                yield from _nested(member, limits, depth, budget)
            else:
                yield member


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: ZipLimits, budget: _Budget
) -> Member:
    if is_unsafe_path(info.filename) or _is_symlink(info):
        return Member(name, error=UnreadableFile("unsafe_path", info.filename))
    if info.flag_bits & 0x1:
        return Member(name, error=UnreadableFile("encrypted"))
    if budget.bytes <= 0:
        total = str(limits.max_total_bytes // (1024 * 1024))
        return Member(name, error=UnreadableFile("too_large", total, key="archive_too_large"))
    try:
        return Member(name, _read_member(archive, info, min(limits.max_member_bytes, budget.bytes)))
    except UnreadableFile as exc:
        return Member(name, error=exc)


def _nested(member: Member, limits: ZipLimits, depth: int, budget: _Budget) -> Iterator[Member]:
    if depth + 1 > limits.max_depth:
        yield Member(member.name, error=UnreadableFile("nested_too_deep"))
        return
    try:
        yield from iter_members(member.data, member.name, limits, depth + 1, budget)
    except UnreadableFile as exc:
        yield Member(member.name, error=exc)


def _unique(name: str, seen: dict[str, int]) -> str:
    """Duplicate names in one zip are both read; the second is shown as ``name#2``."""
    count = seen.get(name, 0) + 1
    seen[name] = count
    return name if count == 1 else f"{name}#{count}"
