"""The corpus generator: same bytes for the same seed, every finding code planted, clean lines that
break no rule of findings.md, JSON in the solde format, boxes carried onto scanned pages."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from stdnum.fr import siret

from extractor.evaluate.truth import DocumentTruth
from extractor.identifiers import finess, identdmp, mss
from fixtures.deposit import (
    ALL_CODES,
    NOT_PLANTABLE,
    PAID,
    PROOF_KIND,
    Attachment,
    Declared,
    DepositPlan,
    FilePlan,
    LineBuild,
    LinePlan,
    declare,
    encrypted_zip,
    render,
    render_file,
)
from fixtures.documents import DrawnDocument
from fixtures.generate import SIZES, plan_corpus
from fixtures.marks import StampText, draw_signature, draw_stamp
from fixtures.pages import PageCanvas, draw_pdf, paragraph_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "sample"
SEED = 7
SMALL = list(range(SIZES["small"].deposits))


@functools.cache
def small() -> tuple[Declared, ...]:
    """The small corpus up to its drawn documents (no scanning: a few seconds)."""
    return tuple(declare(plan) for plan in plan_corpus(SEED, "small"))


def _planted(deposits: tuple[Declared, ...]) -> set[str]:
    codes = {code for d in deposits for line in d.lines for code in line.expected}
    codes |= {code for d in deposits for code in d.expected}
    return codes | {code for d in deposits for code in d.plan.variants}


# --- Plans --------------------------------------------------------------------------------------


def test_the_plan_depends_on_the_seed_only():
    assert plan_corpus(SEED, "small") == plan_corpus(SEED, "small")
    assert plan_corpus(SEED, "small") != plan_corpus(SEED + 1, "small")


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_finding_code_is_planted_in_a_small_corpus(code: str):
    if code in NOT_PLANTABLE:
        pytest.xfail(f"{code}: the documents API cannot plant it yet")
    assert code in _planted(small())


@pytest.mark.parametrize("size", ["small", "large"])
def test_about_30_percent_of_lines_are_clean(size: str):
    lines = [line for plan in plan_corpus(SEED, size) for line in plan.lines]
    clean = sum(not line.faults for line in lines) / len(lines)
    assert 0.25 <= clean <= 0.35


@pytest.mark.parametrize("size", ["small", "large"])
def test_faulty_lines_usually_carry_one_fault(size: str):
    faulty = [line for plan in plan_corpus(SEED, size) for line in plan.lines if line.faults]
    assert sum(len(line.faults) == 1 for line in faulty) >= 0.6 * len(faulty)
    assert max(len(line.faults) for line in faulty) <= 2


def test_every_condition_meets_every_document_kind_in_a_large_corpus():
    seen = {
        (kind, file.condition)
        for plan in plan_corpus(SEED, "large")
        for line in plan.lines
        for file in line.files
        for kind in file.kinds
    }
    kinds = {kind for kind, _ in seen}
    conditions = {"digital", "scan300", "scan200", "fax150", "photo", "turned90", "turned180"}
    assert {(k, c) for k in kinds for c in conditions} <= seen
    assert len(kinds) == 7


# --- Clean lines: nothing any rule of findings.md could raise ------------------------------------


def _documents(declared: Declared, line: LineBuild) -> dict[str, DocumentTruth]:
    return {
        kind: drawn.truth
        for attachment in declared.attachments
        if line.values.numero_editeur in attachment.name and not attachment.spoil
        for kind, drawn in attachment.documents
    }


def _avance_line(declared: Declared, line: LineBuild) -> dict[str, Any]:
    (match,) = [
        a for a in declared.avance["lignesImport"] if a["numeroASP"] == line.solde["numeroASP"]
    ]
    return match


def _check_against_avance(declared: Declared, line: LineBuild) -> None:
    avance, solde = _avance_line(declared, line), line.solde
    assert avance["etatPaiement"] == PAID
    assert avance["numeroEditeur"] == solde["numeroEditeur"]
    assert declared.avance["siret"] == declared.solde["siret"]
    before, after = avance["beneficiaires"], solde["beneficiaires"]
    assert before["structure"]["FINESSGeo"] == after["structure"]["FINESSGeo"]
    assert before["isMandataire"] == after["isMandataire"]
    assert avance["commande"]["montantSegurHT"] == solde["facture"]["montantSegurHT"]
    assert avance["montantVerse"] <= solde["facture"]["montantSegurHT"]


MSS_KEYS = (
    ("isDirectToMSSPro", "adresseBoiteMSSPro"),
    ("isDirectToMSSCitoyen", "adresseBoiteMSSCitoyen"),
)
TYPES_FICHIER = ("FACTURE", "VA", "MOM", "COMPTE_RENDU", "CATALOGUE", "AUTRE", "BDC")


def _check_scenario(declared: Declared, line: LineBuild) -> None:
    scenario = line.solde["scenariosEffectivementInstalles"]
    sites = line.solde["beneficiaires"]["structure"]["FINESSGeo"]
    if declared.solde["typeLogiciel"] == "LOINC":
        assert scenario["identDMP"] is None
    elif scenario["isDirectToDMP"]:
        assert sorted(scenario["identDMP"]) == sorted("1" + site for site in sites)
    for flag, key in MSS_KEYS:
        assert not scenario[flag] or mss.is_valid(scenario[key])


def _check_documents(declared: Declared, line: LineBuild) -> None:
    documents = _documents(declared, line)
    proof = PROOF_KIND[declared.solde["typeLogiciel"]]
    assert {"facture", "va", proof} <= documents.keys() and "pv_recette" not in documents
    facture, va, solde = documents["facture"].fields, documents["va"], line.solde
    sites = set(solde["beneficiaires"]["structure"]["FINESSGeo"])
    assert facture["supplier_siret"] == declared.solde["siret"]
    assert facture["invoice_date"] == solde["facture"]["dateFacture"]
    assert facture["amount_ht"] == f"{solde['facture']['montantSegurHT']:.2f}"
    assert sites <= set(facture["finess_eg"])
    assert va.fields["finess_ej"] == solde["beneficiaires"]["structure"]["FINESSJuridique"]
    assert sites <= set(va.fields["finess_eg"]) and va.signatures
    assert va.fields["client_name"] == facture["client_name"]
    scenario = solde["scenariosEffectivementInstalles"]
    declared_boxes = [
        scenario[k] for k in ("isDirectToDMP", "isDirectToMSSPro", "isDirectToMSSCitoyen")
    ]
    assert va.scenario is None or list(va.scenario.values()) == declared_boxes


@pytest.mark.parametrize("index", SMALL)
def test_clean_lines_break_no_rule(index: int):
    declared = small()[index]
    for line in (line for line in declared.lines if not line.expected):
        _check_against_avance(declared, line)
        _check_scenario(declared, line)
        _check_documents(declared, line)
        mine = [a for a in declared.attachments if line.values.numero_editeur in a.name]
        assert all(a.condition != "degraded" for a in mine)


# --- Faulty lines: the documents show what the fault says ----------------------------------------

DocCheck = Callable[[dict[str, DocumentTruth], LineBuild], bool]
DOCUMENT_FAULTS: dict[str, DocCheck] = {
    "FACTURE_MISSING": lambda docs, _: "facture" not in docs,
    "VA_MISSING": lambda docs, _: not {"va", "pv_recette"} & docs.keys(),
    "VA_IS_PV_RECETTE": lambda docs, _: "pv_recette" in docs and "va" not in docs,
    "FACTURE_SIRET_MISSING": lambda docs, _: "supplier_siret" not in docs["facture"].fields,
    "FACTURE_SIRET_MISMATCH": lambda docs, line: (
        docs["facture"].fields["supplier_siret"] != line.values.supplier.siret
    ),
    "FACTURE_DATE_MISSING": lambda docs, _: "invoice_date" not in docs["facture"].fields,
    "FACTURE_AMOUNT_MISSING": lambda docs, _: "amount_ht" not in docs["facture"].fields,
    "FACTURE_AMOUNT_MISMATCH": lambda docs, line: (
        docs["facture"].fields["amount_ht"] != f"{line.values.amount_ht:.2f}"
    ),
    "FACTURE_FINESS_MISSING": lambda docs, line: bool(
        set(line.values.client.finess_eg) - set(docs["facture"].fields["finess_eg"])
    ),
    "VA_FINESS_MISSING": lambda docs, line: bool(
        set(line.values.client.finess_eg) - set(docs["va"].fields["finess_eg"])
    ),
    "VA_SIGNATURE_MISSING": lambda docs, _: not docs["va"].signatures,
    "VA_SCENARIO_MISMATCH": lambda docs, line: docs["va"].scenario != line.values.scenario,
    "VA_SIGNATORY_MISMATCH": lambda docs, _: (
        docs["va"].fields["client_name"] != docs["facture"].fields["client_name"]
    ),
}


@pytest.mark.parametrize("code", sorted(DOCUMENT_FAULTS))
def test_document_faults_show_on_the_drawn_document(code: str):
    lines = [(d, line) for d in small() for line in d.lines if code in line.expected]
    assert lines, f"{code} not planted"
    for declared, line in lines:
        assert DOCUMENT_FAULTS[code](_documents(declared, line), line), line.faults


# --- Names and JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("index", SMALL)
def test_member_names_carry_one_numero_editeur(index: int):
    declared = small()[index]
    editeurs = [line.values.numero_editeur for line in declared.lines]
    names = [a.name for a in declared.attachments]
    carried = [sum(e in name for e in editeurs) for name in names]
    assert carried.count(0) == declared.expected.count("FILE_UNMATCHED")
    assert set(carried) <= {0, 1}
    assert len(set(names)) == len(names) and not any("/" in n or "\\" in n for n in names)


def _check_identifiers(header: dict[str, Any]) -> None:
    assert siret.is_valid(header["siret"])
    for line in header["lignesImport"]:
        structure = line["beneficiaires"]["structure"]
        assert all(
            finess.is_valid(n) for n in [structure["FINESSJuridique"], *structure["FINESSGeo"]]
        )
        idents = (line.get("scenariosEffectivementInstalles") or {}).get("identDMP") or []
        assert all(identdmp.is_valid(i) for i in idents)  # valid, even when not the line's


def _check_shape(header: dict[str, Any], line_keys: set[str]) -> None:
    assert set(header) == {"impId", "numeroAns", "siret", "typeLogiciel", "lignesImport"}
    assert header["typeLogiciel"] in ("SGL", "LOINC") and header["lignesImport"]
    for line in header["lignesImport"]:
        assert set(line) == line_keys
        assert isinstance(line["numLigne"], int) and line["codeTraitement"] is None
        money = line.get("facture") or line.get("commande")
        assert isinstance(money["montantSegurHT"], float)
        assert round(money["montantSegurHT"], 2) == money["montantSegurHT"]
        assert set(line["beneficiaires"]) == {"isMandataire", "nomMandataire", "structure"}
        for piece in line["piecesJustificatives"]:
            assert piece["formatFichier"] in ("PDF", "JPEG", "PNG", "TIFF")
            assert piece["typeFichier"] in TYPES_FICHIER


SOLDE_LINE = {
    "numLigne", "typeAction", "numeroASP", "numeroEditeur", "facture", "beneficiaires",
    "scenariosEffectivementInstalles", "piecesJustificatives", "codeTraitement",
    "libelleTraitement",
}  # fmt: skip
AVANCE_LINE = (SOLDE_LINE - {"facture", "scenariosEffectivementInstalles"}) | {
    "commande", "scenarioInstallation", "etatPaiement", "montantVerse",
}  # fmt: skip


@pytest.mark.parametrize("index", SMALL)
def test_solde_and_avance_json_follow_the_format(index: int):
    declared = small()[index]
    solde, avance = json.loads(json.dumps(declared.solde)), json.loads(json.dumps(declared.avance))
    _check_shape(solde, SOLDE_LINE)
    _check_shape(avance, AVANCE_LINE)
    _check_identifiers(solde)
    _check_identifiers(avance)
    for line in solde["lignesImport"]:
        assert line["typeAction"] == "S"
        assert len(line["facture"]["dateFacture"]) == 10 and line["piecesJustificatives"]
        names = {p["nomFichier"] for p in line["piecesJustificatives"]}
        assert all(line["numeroEditeur"] in name for name in names)


# --- Built deposits: bytes, variants, carried boxes ----------------------------------------------


def _tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _generate_sample(out: Path, hash_seed: str, jobs: str) -> None:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-m", "fixtures.generate", "--seed", str(SEED), "--size", "sample",
         "--out", str(out), "--jobs", jobs],
        cwd=ROOT, env=environment, check=True, capture_output=True, timeout=300,
    )  # fmt: skip


def test_the_sample_is_byte_identical_across_runs_and_committed(tmp_path: Path):
    _generate_sample(tmp_path / "a", "1", "1")
    _generate_sample(tmp_path / "b", "2", "2")
    first = _tree_hashes(tmp_path / "a")
    assert first == _tree_hashes(tmp_path / "b")
    assert first == _tree_hashes(SAMPLE), (
        "fixtures/sample is stale: python -m fixtures.generate --seed 7 --size sample "
        "--out fixtures/sample"
    )


def test_the_committed_sample_is_small_and_complete():
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == {"seed": SEED, "size": "sample", "version": 1}
    assert sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file()) < 3_000_000
    for deposit in manifest["deposits"]:
        folder = SAMPLE / deposit["dir"]
        with zipfile.ZipFile(folder / deposit["zip"]) as archive:
            assert archive.namelist() == [f["name"] for f in deposit["files"]]
        assert (folder / deposit["solde"]).is_file() and (folder / deposit["avance"]).is_file()


TINY = DepositPlan(
    index=1,
    seed=1234,
    software="SGL",
    lines=(
        LinePlan(
            (),
            (
                FilePlan(("facture", "va"), "digital"),
                FilePlan(("compte_rendu",), "fax150"),
                FilePlan(("bon_de_commande",), "scan200"),
            ),
        ),
    ),
    extras=("FILE_UNREADABLE", "FILE_UNMATCHED"),
    variants=("JSON_INVALID", "ZIP_INVALID"),
)


@functools.cache
def tiny() -> tuple[Any, Any]:
    return render(declare(TINY)), render(declare(TINY))


def test_a_deposit_is_built_the_same_twice():
    first, second = tiny()
    assert first.zip == second.zip
    assert [v.files for v in first.variants] == [v.files for v in second.variants]
    assert [f.truth for f in first.files] == [f.truth for f in second.files]


def test_broken_variants_do_not_read():
    deposit, _ = tiny()
    json_variant, zip_variant = deposit.variants
    (text,) = json_variant.files.values()
    assert text != json.dumps(deposit.declared.solde).encode()
    (archive,) = zip_variant.files.values()
    with (
        pytest.raises((zipfile.BadZipFile, RuntimeError)),
        zipfile.ZipFile(io.BytesIO(archive)) as broken,
    ):
        broken.read(broken.namelist()[0])


def test_encrypted_zip_opens_with_its_password_only():
    members = [("ED-1_facture.pdf", b"%PDF-1.4 facture"), ("ED-1_VA.pdf", b"%PDF-1.4 va" * 50)]
    with zipfile.ZipFile(io.BytesIO(encrypted_zip(members, b"secret"))) as archive:
        assert all(info.flag_bits & 0x1 for info in archive.infolist())
        with pytest.raises(RuntimeError):
            archive.read("ED-1_facture.pdf")
        assert [archive.read(name, pwd=b"secret") for name, _ in members] == [d for _, d in members]


def test_unreadable_member_is_empty_or_cut():
    deposit, _ = tiny()
    (spoiled,) = [f for f in deposit.files if f.truth.pages == 0]
    assert not spoiled.truth.documents
    assert len(spoiled.data) < 0.5 * max(len(f.data) for f in deposit.files)


def _marked_pages() -> list[tuple[str, DrawnDocument]]:
    """A plain first document, then a page with only a blue signature and a red stamp, so the
    ink of each mark can be told apart by its colour on any scan."""
    rng = np.random.default_rng(5)
    marks: dict[str, Any] = {}

    def draw(page: PageCanvas) -> None:
        marks["signature"] = draw_signature(page, (110, 200, 60, 25), rng, ink="blue")
        text = StampText("LABORATOIRE TEST", ("69000 Lyon",))
        marks["stamp"] = draw_stamp(page, (60, 80), rng, text, colour="red")

    first_pdf, _ = draw_pdf([paragraph_page(["Facture FA-2023-0412", "Total HT 18 500,00 €"])])
    pdf, words = draw_pdf([draw])
    first = DrawnDocument(first_pdf, [], DocumentTruth("facture", "test", [1]))
    truth = DocumentTruth(
        "va", "test", [1], signatures=[marks["signature"]], stamps=[marks["stamp"]]
    )
    return [("facture", first), ("va", DrawnDocument(pdf, words, truth))]


def _ink_inside(image: Image.Image, box: tuple[float, ...], colour: str) -> tuple[int, float]:
    """How many pixels of ``colour`` the page holds, and the share of them inside ``box``."""
    rgb = np.asarray(image.convert("RGB")).astype(int)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    ink = (b - r > 25) & (b - g > 20) if colour == "blue" else (r - g > 50) & (r - b > 45)
    h, w = ink.shape
    x0, y0, x1, y1 = box
    pad = 0.01
    inside = ink[
        int((y0 - pad) * h) : int((y1 + pad) * h) + 1, int((x0 - pad) * w) : int((x1 + pad) * w) + 1
    ]
    total = int(ink.sum())
    return total, inside.sum() / max(total, 1)


@pytest.mark.parametrize("condition", ["scan300", "scan200", "photo", "turned90", "turned180"])
def test_carried_boxes_hold_the_ink_of_their_mark(condition: str):
    attachment = Attachment("ED-1_facture_VA.tif", condition, "tiff", 11, _marked_pages())
    rendered = render_file(attachment)
    va = rendered.truth.documents[1]
    assert va.pages == [2]
    stored = Image.open(io.BytesIO(rendered.data))
    stored.seek(1)
    for mark, colour in ((va.signatures[0], "blue"), (va.stamps[0], "red")):
        assert mark.page == 2
        total, share = _ink_inside(stored, mark.bbox, colour)
        assert total > 200 and share > 0.9, (colour, total, share)
