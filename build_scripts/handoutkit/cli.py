"""The command line: ``handoutkit build`` and ``handoutkit check``; main() returns the exit status."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import __version__
from .build import Outcome, Setup, build_file, check_file, prepare
from .checkreport import json_report, text_report
from .diagnostics import Report
from .stylefile import load_stylesheet

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE = Path("source")


class _UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handoutkit",
        description="Build patient-education handouts from YAML into PDF.",
        epilog="Exit status: 0 success (warnings allowed), 1 content errors, 2 wrong usage.",
    )
    parser.add_argument("--version", action="version", version=f"handoutkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    paths_help = "a .yaml handout or a folder of them (default: source/)"
    style_help = "a style name from styles/ or a style file (default: default); check uses its fonts"
    build = commands.add_parser(
        "build", help="build handouts into PDF files", description="Build each X.yaml into OUT/X.pdf."
    )
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=paths_help)
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build/)")
    build.add_argument("--style", default="default", metavar="NAME|FILE", help=style_help)
    build.add_argument(
        "--pdf-ua",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="tag the PDF for screen readers (PDF/UA-1); default: as the style says (the built-in styles: on)",
    )
    check = commands.add_parser(
        "check",
        help="validate handouts without building them",
        description="Validate handouts and report every problem.",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=paths_help)
    check.add_argument("--style", default="default", metavar="NAME|FILE", help=style_help)
    check.add_argument("--format", choices=("text", "json"), default="text", help="report as a table (text) or JSON")
    for command in (build, check):
        command.add_argument("--strict", action="store_true", help="treat warnings as errors (exit status 1)")
        command.add_argument(
            "--today", type=_date, default=None, metavar="YYYY-MM-DD", help="judge review dates as of this day"
        )
    return parser


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def find_sources(paths: Sequence[Path]) -> list[Path]:
    """The handout files named by ``paths``: files as given, folders' *.yaml files in name order."""
    found: list[Path] = []
    for path in paths or [DEFAULT_SOURCE]:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
            )
        elif path.suffix in (".yaml", ".yml"):
            found.append(path)  # a missing file is reported by the loader, with the others
        elif not path.exists():
            raise _UsageError(f"{path}: no such file or folder")
        else:
            raise _UsageError(f"{path}: not a .yaml handout or a folder of them")
    return found


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        sources = find_sources(args.paths)
    except _UsageError as exc:
        print(f"handoutkit: error: {exc}", file=err)
        return EXIT_USAGE
    if not sources:
        print(
            f"handoutkit: error: no .yaml handouts in {', '.join(map(str, args.paths or [DEFAULT_SOURCE]))}", file=err
        )
        return EXIT_CONTENT
    style_report = Report()
    sheet = load_stylesheet(args.style, style_report)
    if sheet is not None and getattr(args, "pdf_ua", None) is not None:
        sheet = replace(sheet, pdf_ua=args.pdf_ua)
    setup = prepare(sheet, style_report, today=args.today) if sheet is not None else None
    _print_diagnostics(style_report, err)
    if setup is None or style_report.has_errors:
        return EXIT_CONTENT
    if args.command == "check":
        return _check(sources, setup, args, out, err)
    for finding in setup.style_findings:
        print(finding.diagnostic, file=err)
    outcomes = []
    for source in sources:
        outcome = build_file(source, args.out, setup)
        _print_diagnostics(outcome.report, err)
        if outcome.output is not None:
            plural = "s" if outcome.pages != 1 else ""
            print(f"built {outcome.output} ({outcome.pages} page{plural})", file=out)
        outcomes.append(outcome)
    return _finish(outcomes, "built", out, strict=args.strict, extra_warnings=len(setup.style_findings))


def _check(sources: list[Path], setup: Setup, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    outcomes = [check_file(source, setup) for source in sources]
    checks = [outcome.check for outcome in outcomes if outcome.check is not None]
    if args.format == "json":
        errors = [d for outcome in outcomes for d in outcome.report.sorted()]
        print(json_report(checks, setup.style_findings, errors), file=out)
    else:
        for outcome in outcomes:
            _print_diagnostics(outcome.report, err)
        print(text_report(checks, setup.style_findings, setup.sheet.checks), file=out)
    findings = len(setup.style_findings) + sum(len(check.findings) for check in checks)
    summary = _finish(
        outcomes, "checked", out if args.format == "text" else err, strict=args.strict, extra_warnings=findings
    )
    return summary


def _finish(outcomes: list[Outcome], verb: str, out: TextIO, *, strict: bool, extra_warnings: int = 0) -> int:
    failed = [o for o in outcomes if o.report.has_errors]
    warnings = extra_warnings + sum(1 for o in outcomes for d in o.report.items if d.severity == "warning")
    done = len(outcomes) - len(failed)
    summary = f"{done} {verb}, {len(failed)} failed, {warnings} warning{'s' if warnings != 1 else ''}"
    if verb == "built":
        pages = sum(o.pages for o in outcomes)
        summary += f", {pages} page{'s' if pages != 1 else ''}"
    print(summary, file=out)
    return EXIT_CONTENT if failed or (strict and warnings) else EXIT_OK


def _print_diagnostics(report: Report, err: TextIO) -> None:
    for diagnostic in report.sorted():
        print(diagnostic, file=err)


def main_exit() -> None:
    """Entry point of the ``handoutkit`` console script."""
    sys.exit(main())
