"""The ``segur`` command. Each subcommand is a small function; stages live in their own modules.

Exit status (output.md): 0 done and nothing blocking, 1 done with a blocking finding,
2 bad usage or unreadable input — always with a one-line message on standard error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from extractor import __version__
from extractor.check import check_deposit
from extractor.errors import EXIT_BAD_INPUT, EXIT_BLOCKING, EXIT_OK, SegurError, UsageError
from extractor.evaluate.corpus import evaluate_corpus
from extractor.evaluate.realdocs import evaluate_realdocs
from extractor.evaluate.report import evaluation_json, evaluation_markdown
from extractor.ingest.sources import iter_sources
from extractor.messages import say
from extractor.pipeline import ReadOptions, read_sources
from extractor.progress import Progress
from extractor.report.check_report import annotated_solde, check_json, check_text
from extractor.report.extract_report import extract_json, extract_text
from extractor.report.html import check_html

log = logging.getLogger("segur")

EXTRACT_FORMATS = ("json", "text")
CHECK_FORMATS = ("json", "text", "html")
_FORMAT_OF_SUFFIX = {".json": "json", ".html": "html", ".htm": "html"}
_FORMAT_HELP = "par défaut : celui que nomme l'extension de --out (.json, .html), sinon text"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("doit être ≥ 1")
    return number


def _scan_dpi(value: str) -> int:
    number = int(value)
    if not 70 <= number <= 600:
        raise argparse.ArgumentTypeError("une résolution de 70 à 600 dpi")
    return number


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on standard error (exit 2), not a page of usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"segur: {message} (voir {self.prog} --help)\n")


def _common_options(main: bool) -> OneLineParser:
    """Options accepted before or after the command name (the command's own don't overwrite)."""
    common = OneLineParser(add_help=False)
    lang_default = None if main else argparse.SUPPRESS
    verbose_default = False if main else argparse.SUPPRESS
    common.add_argument("--lang", choices=["fr", "en"], default=lang_default, help="langue")
    common.add_argument("-v", "--verbose", action="store_true", default=verbose_default)
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="segur",
        description="Lit les pièces justificatives d'un solde Ségur (factures, VA) et les vérifie.",
        parents=[_common_options(main=True)],
    )
    parser.add_argument("--version", action="version", version=f"segur {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    extract = commands.add_parser(
        "extract",
        help="lire des fichiers et en extraire le contenu",
        parents=[_common_options(main=False)],
    )
    extract.add_argument("paths", nargs="+", metavar="PATH", help="PDF, image, zip ou dossier")
    extract.add_argument("--format", choices=EXTRACT_FORMATS, help=_FORMAT_HELP)
    extract.add_argument("--layout", action="store_true", help="ajouter pages, lignes et mots lus")
    extract.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N")
    extract.add_argument("--out", type=Path, help="écrire le résultat dans ce fichier")
    extract.set_defaults(handler=run_extract)

    check = commands.add_parser(
        "check",
        help="vérifier un dépôt de solde (JSON + pièces) et dire ce que l'ASP rejetterait",
        parents=[_common_options(main=False)],
    )
    check.add_argument("solde", type=Path, metavar="SOLDE.json")
    check.add_argument(
        "attachments", nargs="+", type=Path, metavar="PIECES", help="zip, dossier ou fichiers"
    )
    check.add_argument("--avance", type=Path, metavar="AVANCE.json", help="le JSON de l'avance")
    check.add_argument("--format", choices=CHECK_FORMATS, help=_FORMAT_HELP)
    check.add_argument(
        "--out", type=Path, help="écrire le rapport dans ce fichier (html : segur-rapport.html)"
    )
    check.add_argument(
        "--annotated-json", type=Path, metavar="OUT", help="réécrire le solde avec codeTraitement"
    )
    check.add_argument(
        "--field-names", type=Path, metavar="FICHIER", help="autres noms des champs du JSON (TOML)"
    )
    check.add_argument("--layout", action="store_true", help="ajouter pages, lignes et mots lus")
    check.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N")
    check.set_defaults(handler=run_check)

    evaluate = commands.add_parser(
        "eval",
        help="mesurer la précision sur un corpus généré et sur des factures réelles",
        parents=[_common_options(main=False)],
    )
    evaluate.add_argument("corpus", nargs="?", type=Path, help="dossier avec manifest.json")
    evaluate.add_argument("--realdocs", type=Path, help="dossier de factures réelles + truth.json")
    evaluate.add_argument(
        "--realdocs-scan",
        type=_scan_dpi,
        metavar="DPI",
        help="relire aussi les factures réelles comme des scans à cette résolution (OCR)",
    )
    evaluate.add_argument("--out", type=Path, default=Path("segur-eval"), help="eval.json, eval.md")
    evaluate.add_argument("--format", choices=["json", "text"], default="text")
    evaluate.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N")
    evaluate.set_defaults(handler=run_eval)
    return parser


def output_format(chosen: str | None, out: Path | None, allowed: tuple[str, ...]) -> str:
    """``--format`` as given; without it, the one ``--out``'s extension names (``rapport.json``,
    ``rapport.html``); text otherwise."""
    if chosen:
        return chosen
    named = _FORMAT_OF_SUFFIX.get(out.suffix.lower()) if out else None
    return named if named in allowed else "text"


def run_extract(args: argparse.Namespace) -> int:
    args.format = output_format(args.format, args.out, EXTRACT_FORMATS)
    progress = Progress()
    try:
        sources = iter_sources(args.paths)
        results = list(read_sources(sources, ReadOptions(jobs=args.jobs), progress))
    finally:
        progress.close()
    if args.format == "json":
        document = extract_json(results, args.layout)
        _emit(json.dumps(document, ensure_ascii=False, indent=2), args.out)
    else:
        _emit(extract_text(results, args.layout), args.out)
    failed = [r for r in results if r.error]
    for result in failed:
        print(f"segur: {result.file} : {result.error.message}", file=sys.stderr)  # type: ignore[union-attr]
    if results and len(failed) == len(results):
        return EXIT_BAD_INPUT
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    args.format = output_format(args.format, args.out, CHECK_FORMATS)
    for path in (args.solde, args.avance):
        if path is not None and not path.is_file():
            raise UsageError("not_found", str(path))
    progress = Progress()
    try:
        report = check_deposit(
            args.solde,
            args.attachments,
            args.avance,
            ReadOptions(jobs=args.jobs),
            args.field_names,
            progress,
        )
    finally:
        progress.close()
    if args.format == "json":
        _emit(json.dumps(check_json(report, args.layout), ensure_ascii=False, indent=2), args.out)
    elif args.format == "html":
        out = args.out or Path("segur-rapport.html")
        _emit(check_html(report), out)
        _emit(check_text(report), None)
        print(f"segur: {say('rapport écrit dans', 'report written to')} {out}", file=sys.stderr)
    else:
        _emit(check_text(report), args.out)
    if args.annotated_json:
        annotated = annotated_solde(report)
        if annotated is not None:
            _emit(json.dumps(annotated, ensure_ascii=False, indent=2), args.annotated_json)
    return EXIT_BLOCKING if report.verdict == "non_conforme" else EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    if (args.corpus is None and args.realdocs is None) or (
        args.realdocs_scan and not args.realdocs
    ):
        raise UsageError("eval_nothing")
    for folder, needed in ((args.corpus, "manifest.json"), (args.realdocs, "truth.json")):
        if folder is not None and not (folder / needed).is_file():
            raise UsageError("not_found", str(folder / needed))
    progress = Progress()
    try:
        corpus = evaluate_corpus(args.corpus, args.jobs, progress) if args.corpus else None
        real = [evaluate_realdocs(args.realdocs, args.jobs)] if args.realdocs else []
        if args.realdocs and args.realdocs_scan:
            real.append(evaluate_realdocs(args.realdocs, args.jobs, args.realdocs_scan))
    finally:
        progress.close()
    data = evaluation_json(str(args.corpus) if args.corpus else None, corpus, *real)
    markdown = evaluation_markdown(data)
    _emit(json.dumps(data, ensure_ascii=False, indent=1), args.out / "eval.json")
    _emit(markdown, args.out / "eval.md")
    _emit(
        json.dumps(data, ensure_ascii=False, indent=2) if args.format == "json" else markdown, None
    )
    return EXIT_OK


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text + "\n")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        os.environ["SEGUR_LANG"] = args.lang
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="segur: %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args.handler(args)
        return code
    except SegurError as exc:
        print(f"segur: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("segur: interrompu", file=sys.stderr)
        return 130
