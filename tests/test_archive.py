"""Safe zip reading (extractor/ingest/archive.py) and path expansion (extractor/ingest/sources.py).

Every zip is built in memory with :mod:`zipfile`; members are small real PDFs made with reportlab.
"""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from extractor.errors import UnreadableFile, UsageError
from extractor.ingest.archive import Member, ZipLimits, iter_members
from extractor.ingest.sniff import FileKind
from extractor.ingest.sources import Source, iter_sources

Edit = Callable[[zipfile.ZipInfo], None]


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


PDF = pdf_bytes("Facture numéro 2024-001 pour le client Dupont, montant total 1 200 euros")
OTHER_PDF = pdf_bytes("Attestation de vérification d'aptitude du laboratoire")


def zip_bytes(*members: tuple[str, bytes], edit: tuple[str, Edit] | None = None) -> bytes:
    """A zip of ``members`` (names may repeat); ``edit`` changes one member's central entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
        if edit is not None:
            name, change = edit
            change(archive.getinfo(name))
    return buffer.getvalue()


def first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def read_zip(data: bytes, limits: ZipLimits | None = None) -> dict[str, Member]:
    return {m.name: m for m in iter_members(data, "t.zip", limits or ZipLimits())}


def sources_of(
    folder: Path, name: str, data: bytes, limits: ZipLimits | None = None
) -> list[Source]:
    path = folder / name
    path.write_bytes(data)
    return list(iter_sources([path], limits))


def error_reason(item: Member | Source) -> str | None:
    return item.error.reason if item.error is not None else None


def as_symlink(info: zipfile.ZipInfo) -> None:
    info.external_attr = (stat.S_IFLNK | 0o777) << 16


def as_encrypted(info: zipfile.ZipInfo) -> None:
    info.flag_bits |= 0x1


def with_wrong_crc(info: zipfile.ZipInfo) -> None:
    info.CRC ^= 0xFFFFFFFF


def with_unknown_compression(info: zipfile.ZipInfo) -> None:
    info.compress_type = 99


@pytest.mark.parametrize(
    ("name", "edit", "reason"),
    [
        pytest.param("../evil.pdf", None, "unsafe_path", id="parent"),
        pytest.param("/abs.pdf", None, "unsafe_path", id="absolute"),
        pytest.param("C:\\x.pdf", None, "unsafe_path", id="drive-letter"),
        pytest.param("a/../../b.pdf", None, "unsafe_path", id="parent-inside"),
        pytest.param("..\\evil.pdf", None, "unsafe_path", id="parent-backslash"),
        pytest.param("link.pdf", as_symlink, "unsafe_path", id="symlink"),
        pytest.param("secret.pdf", as_encrypted, "encrypted", id="encrypted"),
        pytest.param("bad.pdf", with_wrong_crc, "corrupt", id="bad-crc"),
        pytest.param("odd.pdf", with_unknown_compression, "corrupt", id="unknown-compression"),
    ],
)
def test_bad_member_is_refused_and_the_others_are_read(
    name: str, edit: Edit | None, reason: str
) -> None:
    data = zip_bytes((name, PDF), ("good.pdf", OTHER_PDF), edit=(name, edit) if edit else None)
    members = read_zip(data)
    assert error_reason(members[f"t.zip!{name}"]) == reason
    assert members[f"t.zip!{name}"].data == b""
    assert members["t.zip!good.pdf"] == Member("t.zip!good.pdf", OTHER_PDF)


def test_member_larger_than_the_limit_is_too_large() -> None:
    limits = ZipLimits(max_member_bytes=10_000)
    payload = b"%PDF-1.4\n" + b"0" * 1_000_000
    data = zip_bytes(("big.pdf", payload), ("good.pdf", PDF))
    assert len(data) < limits.max_member_bytes
    members = read_zip(data, limits)
    assert error_reason(members["t.zip!big.pdf"]) == "too_large"
    assert members["t.zip!good.pdf"].data == PDF


@pytest.mark.parametrize(
    "nested",
    [pytest.param(False, id="flat"), pytest.param(True, id="in-nested-zips")],
)
def test_total_size_limit_covers_every_member(nested: bool) -> None:
    """README: 2 GB in all once decompressed, nested zips included (a small budget here)."""
    payload = b"%PDF-1.4\n" + b"0" * 100_000
    limits = ZipLimits(max_total_bytes=150_000)
    members = [(f"{n}.pdf", payload) for n in ("a", "b")]
    if nested:
        members = [(f"{n}.zip", zip_bytes(m)) for n, m in zip(("a", "b"), members, strict=True)]
    read = list(iter_members(zip_bytes(*members), "t.zip", limits))
    assert [error_reason(m) for m in read] == [None, "too_large"]


def test_more_members_than_the_limit_raises_too_many_members() -> None:
    data = zip_bytes(*[(f"{n}.pdf", PDF) for n in range(4)])
    with pytest.raises(UnreadableFile) as caught:
        list(iter_members(data, "t.zip", ZipLimits(max_members=3)))
    assert caught.value.reason == "too_many_members"


def test_nested_zip_is_read_one_level_deep() -> None:
    inner = zip_bytes(("doc.pdf", PDF))
    outer = zip_bytes(("inner.zip", inner), ("top.pdf", OTHER_PDF))
    members = list(iter_members(outer, "outer.zip", ZipLimits()))
    assert members == [
        Member("outer.zip!inner.zip!doc.pdf", PDF),
        Member("outer.zip!top.pdf", OTHER_PDF),
    ]


def test_zip_in_a_zip_in_a_zip_is_nested_too_deep() -> None:
    inner = zip_bytes(("doc.pdf", PDF))
    middle = zip_bytes(("inner.zip", inner), ("mid.pdf", OTHER_PDF))
    outer = zip_bytes(("middle.zip", middle))
    members = {m.name: m for m in iter_members(outer, "outer.zip", ZipLimits())}
    assert error_reason(members["outer.zip!middle.zip!inner.zip"]) == "nested_too_deep"
    assert members["outer.zip!middle.zip!mid.pdf"].data == OTHER_PDF


def test_duplicate_member_names_are_both_returned() -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_bytes(("doc.pdf", PDF), ("doc.pdf", OTHER_PDF))
    members = list(iter_members(data, "t.zip", ZipLimits()))
    assert members == [Member("t.zip!doc.pdf", PDF), Member("t.zip!doc.pdf#2", OTHER_PDF)]


@pytest.mark.parametrize(
    "noise",
    ["__MACOSX/._doc.pdf", ".DS_Store", "sub/.DS_Store", "Thumbs.db", "desktop.ini", "folder/"],
)
def test_archiver_noise_and_folders_are_skipped(noise: str) -> None:
    data = zip_bytes((noise, b"\0\x05\x16\x07"), ("doc.pdf", PDF))
    assert list(read_zip(data)) == ["t.zip!doc.pdf"]


@pytest.mark.parametrize(
    ("data", "limits", "reason"),
    [
        pytest.param(
            zip_bytes(("__MACOSX/._doc.pdf", PDF), (".DS_Store", b"x"), ("folder/", b"")),
            None,
            "no_document",
            id="only-noise",
        ),
        pytest.param(first_half(zip_bytes(("doc.pdf", PDF))), None, "corrupt", id="truncated"),
        pytest.param(
            zip_bytes(*[(f"{n}.pdf", PDF) for n in range(4)]),
            ZipLimits(max_members=3),
            "too_many_members",
            id="too-many-members",
        ),
    ],
)
def test_unreadable_zip_is_one_failed_source(
    tmp_path: Path, data: bytes, limits: ZipLimits | None, reason: str
) -> None:
    [source] = sources_of(tmp_path, "t.zip", data, limits)
    assert (source.name, error_reason(source)) == ("t.zip", reason)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        pytest.param(b"Bonjour, ceci est un simple texte.\n", "not_a_document", id="text"),
        pytest.param(b"", "empty", id="empty"),
    ],
)
def test_member_that_is_no_document_is_a_failed_source(
    tmp_path: Path, payload: bytes, reason: str
) -> None:
    data = zip_bytes(("x.pdf", payload), ("good.pdf", PDF))
    bad, good = sources_of(tmp_path, "t.zip", data)
    assert (bad.name, error_reason(bad)) == ("t.zip!x.pdf", reason)
    assert (good.name, good.kind, good.data, good.error) == (
        "t.zip!good.pdf",
        FileKind.PDF,
        PDF,
        None,
    )


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        list(iter_sources([tmp_path / "absent.pdf"]))
    assert caught.value.reason == "not_found"


def test_folder_is_walked_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("sub/c.pdf", "d.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(PDF)
    (tmp_path / "a.zip").write_bytes(zip_bytes(("doc.pdf", PDF)))
    sources = list(iter_sources([tmp_path]))
    assert [s.name for s in sources] == ["a.zip!doc.pdf", "b.pdf", "d.pdf", "sub/c.pdf"]
    assert all(s.kind is FileKind.PDF and s.error is None for s in sources)
