"""The command line: ``handoutkit build``, ``check``, ``catalog``, ``watch``, ``new`` and ``schema``;
main() returns the exit status."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import __version__
from ..build import Outcome, check_file
from ..check.report import json_report, text_report
from ..copies.fields import Copy, parse_set, read_rows
from ..diagnostics import Report
from ..language.catalog import PROJECT_DIR as PROJECT_CATALOGS
from ..library.builder import BuildOptions, build_library
from ..library.stylechoice import Prepared, Styles, style_files
from ..library.workers import MAX_JOBS_PER_CORE, available_cores
from ..style.files import find_style, load_stylesheet
from . import starter

if TYPE_CHECKING:
    from .watch import Plan

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE = Path("source")
PROJECT_STYLES = Path("styles")  # a project's own styles, found by name (see style.files.find_style)
_PATHS_HELP = "a .yaml handout or a folder of them (default: source/)"
_STYLE_HELP = (
    "a style name from styles/ or a style file, for every handout "
    "(default: each handout's own 'style:', else default); check uses its fonts"
)


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
    build = commands.add_parser(
        "build", help="build handouts into PDF files", description="Build each X.yaml into OUT/X.pdf."
    )
    _build_options(build)
    check = commands.add_parser(
        "check",
        help="validate handouts without building them",
        description="Validate handouts and report every problem.",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="report as a table (text) or JSON")
    catalog = commands.add_parser(
        "catalog",
        help="write an HTML page listing the handouts and their PDFs",
        description="Write OUT/index.html: every handout with its figures, a preview of page 1 and a link to its PDF.",
    )
    catalog.add_argument(
        "--out", type=Path, default=Path("build"), metavar="DIR", help="where the PDFs are built (default: build/)"
    )
    watch = commands.add_parser(
        "watch",
        help="build handouts, then build again whenever a file they use changes",
        description="Build as 'handoutkit build' does, then watch the handouts, their styles (and the files "
        "those name) and the word catalogs, and build again after each change. Ctrl-C stops.",
    )
    _output_options(watch)
    for command in (build, check, catalog, watch):
        command.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=_PATHS_HELP)
        command.add_argument("--style", default=None, metavar="NAME|FILE", help=_STYLE_HELP)
        command.add_argument(
            "--today", type=_date, default=None, metavar="YYYY-MM-DD", help="judge review dates as of this day"
        )
    for command in (build, check):
        command.add_argument("--strict", action="store_true", help="treat warnings as errors (exit status 1)")
    watch.add_argument(
        "--strict", action="store_true", help="treat warnings as errors: a build with warnings counts as failed"
    )
    new = commands.add_parser(
        "new",
        help="write a starter handout to edit",
        description="Write NAME.yaml, a starter handout that passes 'handoutkit check', into source/ "
        "(or into the current folder when it has no source/ folder).",
    )
    new.add_argument(
        "name", type=_starter_name, metavar="NAME", help="the file name, such as blood-pressure (.yaml is added)"
    )
    new.add_argument(
        "--language",
        type=_starter_language,
        default="en",
        metavar="TAG",
        help=f"the starter's language: {', '.join(sorted(starter.STARTERS))}, "
        "or one of them with a region, such as es-MX (default: en)",
    )
    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of handouts, for editors",
        description="Print the JSON Schema of handouts (with --style: of style files) to standard output; "
        "an editor's YAML support uses it to complete keys and flag mistakes as you type.",
    )
    schema.add_argument("--style", action="store_true", help="the schema of style files instead of handouts")
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    """The options that say what a build writes where, for ``build`` and ``watch``."""
    command.add_argument(
        "--out", type=Path, default=Path("build"), metavar="DIR", help="output folder (default: build/)"
    )
    command.add_argument(
        "--pdf-ua",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="tag the PDF for screen readers (PDF/UA-1); default: as the style says (the built-in styles: on)",
    )
    command.add_argument(
        "--pdf-a",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="archivable PDF/A-2u, for health records; default: as the style says (the built-in styles: on)",
    )
    command.add_argument(
        "--jobs",
        type=_positive,
        default=available_cores(),
        metavar="N",
        help=f"build in N worker processes (default: one per core; at most {MAX_JOBS_PER_CORE} per core)",
    )
    command.add_argument(
        "--png", action="store_true", help="also write a preview of page 1, OUT/X.png, beside each PDF"
    )
    command.add_argument(
        "--html", action="store_true", help="also write the accessible HTML edition, OUT/X.html, beside each PDF"
    )


def _build_options(build: argparse.ArgumentParser) -> None:
    _output_options(build)
    build.add_argument("--force", action="store_true", help="rebuild every handout, changed or not")
    build.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fill {NAME} in the handout with VALUE (plain text); repeat for each field",
    )
    build.add_argument(
        "--fields", type=Path, metavar="FILE", help="a CSV (header row of field names) or YAML list: one PDF per row"
    )
    build.add_argument(
        "--name-column",
        metavar="COLUMN",
        help="the --fields column that names each copy: X-VALUE.pdf (default: the first column); several, "
        "joined by ',' (mrn,visit_date), give X-VALUE-VALUE.pdf",
    )


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes; give a whole number, 1 or more")
    return number


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write YYYY-MM-DD") from None


def _starter_name(text: str) -> str:
    try:
        return starter.file_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _starter_language(text: str) -> str:
    try:
        return starter.language_tag(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def find_sources(paths: Sequence[Path]) -> list[Path]:
    """The handout files named by ``paths``: files as given, folders' *.yaml files in name order; a file
    named twice (``source source/a.yaml``) counts once."""
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
    first: dict[Path, Path] = {}
    for path in found:
        first.setdefault(path.resolve(), path)
    return list(first.values())


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    if args.command == "new":
        return _new(args, out, err)
    if args.command == "schema":
        from ..validate.editorschema import schema_text  # only this command needs it

        out.write(schema_text("style" if args.style else "handout"))
        return EXIT_OK
    if args.command == "watch":
        return _watch(args, out, err)
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
    styles = _styles(args, err)
    if styles is None:
        return EXIT_CONTENT
    if args.command == "check":
        return _check(sources, styles, args, out, err)
    if args.command == "catalog":
        from ..library.catalog import write_catalog  # only this command needs it

        return write_catalog(sources, styles, args.out, out, err)
    copies = _copies(args, err)
    if copies is None:
        return EXIT_CONTENT
    options = BuildOptions(
        args.out,
        jobs=args.jobs,
        png=args.png,
        html=args.html,
        force=args.force,
        strict=args.strict,
        copies=copies,
        named=_named(args.paths),
    )
    return build_library(sources, styles, options, out, err)


def _named(paths: Sequence[Path]) -> frozenset[Path]:
    """The handouts named one by one (not found in a folder), resolved: a template among them is built
    without values, and fails with the fields it lacks, rather than skipped."""
    return frozenset(path.resolve() for path in paths if not path.is_dir())


def _copies(args: argparse.Namespace, err: TextIO) -> tuple[Copy, ...] | None:
    """The personal copies asked for: one per --fields row, or one --set copy, or the plain handout."""
    report = Report()
    given = parse_set(args.set, report)
    copies = [given]
    if args.fields is not None:
        copies = read_rows(args.fields, args.name_column, given, report)
    _print_diagnostics(report, err)
    return None if report.has_errors else tuple(copies)


def _styles(args: argparse.Namespace, err: TextIO) -> Styles | None:
    """The run's styles; a ``--style`` that cannot be used ends the run before any handout is read."""
    styles, problem = _style_choice(args)
    if problem is None:
        return styles
    _print_diagnostics(problem, err)
    return None


def _style_choice(args: argparse.Namespace) -> tuple[Styles, Report | None]:
    """The run's styles, and the diagnostics that say why its ``--style`` cannot be used (None if it can)."""
    override = find_style(args.style) if args.style is not None else None
    styles = Styles(
        override=override, pdf_ua=getattr(args, "pdf_ua", None), pdf_a=getattr(args, "pdf_a", None), today=args.today
    )
    if args.style is None:
        return styles, None
    report = Report()
    if override is None:
        load_stylesheet(args.style, report)  # says why, and which styles there are
    elif styles.get(override).setup is None:
        report = styles.get(override).report
    else:
        return styles, None
    return styles, report


def _new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``handoutkit new``: write the starter, or say why not (it never replaces a file)."""
    try:
        starter.write_starter(args.name, args.language, out)
    except starter.StarterError as exc:
        print(f"handoutkit: error: {exc}", file=err)
        return EXIT_CONTENT
    return EXIT_OK


def _watch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``handoutkit watch``: a PATH that is not there is wrong usage; after that, build until stopped."""
    from .watch import watch  # watchfiles: only this command imports it

    try:
        find_sources(args.paths)
    except _UsageError as exc:
        print(f"handoutkit: error: {exc}", file=err)
        return EXIT_USAGE
    return watch(lambda: _watch_plan(args, out, err), args.out, out, err)


def _watch_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> Plan:
    """One round of ``watch``: the build to run now, as ``build`` would run it, and what it reads.

    The styles are chosen here, before the build, so that the files they name are watched while it
    runs; the build then uses the same ``Styles`` (each style is read and prepared once).
    """
    from ..load import bibliography
    from .watch import Plan

    given = args.paths or [DEFAULT_SOURCE]
    folders = (*(path for path in given if path.is_dir()), PROJECT_STYLES, PROJECT_CATALOGS)
    files = [path for path in given if not path.is_dir()]

    def fail(message: str, status: int) -> Plan:
        def say() -> int:
            print(f"handoutkit: error: {message}", file=err)
            return status

        return Plan(tuple(files), folders, say)

    try:
        sources = find_sources(args.paths)
    except _UsageError as exc:  # a folder that was there when watch started, gone since
        return fail(str(exc), EXIT_USAGE)
    if not sources:
        return fail(f"no .yaml handouts in {', '.join(map(str, given))}", EXIT_CONTENT)
    # Review dates are judged as of the day of each build, not of the day watch started.
    styles, problem = _style_choice(argparse.Namespace(**{**vars(args), "today": args.today or datetime.date.today()}))
    if problem is None:
        for source in sources:
            styles.for_plan(source, Report())  # the build reports what is wrong
    if args.style is not None and Path(args.style).suffix in (".yaml", ".yml"):
        files.append(Path(args.style))  # a --style file, also while it is missing
    files += [*sources, *(file for style in styles.used.values() for file in style_files(style.path))]
    files += [file for source in sources for file in bibliography.named_files(source)]  # also before they exist

    def run() -> int:
        if problem is not None:
            _print_diagnostics(problem, err)
            return EXIT_CONTENT
        options = BuildOptions(
            args.out, jobs=args.jobs, png=args.png, html=args.html, strict=args.strict, named=_named(args.paths)
        )
        return build_library(sources, styles, options, out, err)

    return Plan(tuple(files), folders, run)


def _check(sources: list[Path], styles: Styles, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every handout with its style; the report as text tables or JSON, and the summary."""
    outcomes = [_check_one(source, styles) for source in sources]
    used = list(styles.used.values())
    style_findings = [f for style in used if style.setup is not None for f in style.setup.style_findings]
    for style in used:
        _print_diagnostics(style.report, err)
    checks = [outcome.check for outcome, _ in outcomes if outcome.check is not None]
    if args.format == "json":
        errors = [d for outcome, _ in outcomes for d in outcome.report.sorted()]
        print(json_report(checks, style_findings, errors), file=out)
    else:
        for outcome, _ in outcomes:
            _print_diagnostics(outcome.report, err)
        print(_text_report(outcomes, used), file=out)
    findings = len(style_findings) + sum(len(check.findings) for check in checks)
    summary_to = out if args.format == "text" else err
    return _finish([outcome for outcome, _ in outcomes], summary_to, strict=args.strict, extra_warnings=findings)


def _check_one(source: Path, styles: Styles) -> tuple[Outcome, Prepared | None]:
    """Check one handout with its own style (or the one given on the command line)."""
    report = Report()
    found = styles.for_source(source, report)
    if found is None or found[1].setup is None:
        return Outcome(source, report), None
    return check_file(source, found[1].setup), found[1]


def _text_report(outcomes: list[tuple[Outcome, Prepared | None]], used: list[Prepared]) -> str:
    """One table per handout, each style's own findings before the first handout that uses it."""
    pending = {id(style): style for style in used if style.setup is not None}
    parts: list[str] = []
    for outcome, style in outcomes:
        if outcome.check is None or style is None or style.setup is None:
            continue
        findings = style.setup.style_findings if pending.pop(id(style), None) is not None else ()
        parts.append(text_report([outcome.check], findings, style.setup.sheet.checks))
    for style in pending.values():  # styles none of whose handouts could be checked
        if style.setup is not None and style.setup.style_findings:
            parts.append(text_report([], style.setup.style_findings, style.setup.sheet.checks))
    return "\n".join(parts)


def _finish(outcomes: list[Outcome], out: TextIO, *, strict: bool, extra_warnings: int = 0) -> int:
    failed = [o for o in outcomes if o.report.has_errors]
    warnings = extra_warnings + sum(1 for o in outcomes for d in o.report.items if d.severity == "warning")
    done = len(outcomes) - len(failed)
    print(f"{done} checked, {len(failed)} failed, {warnings} warning{'s' if warnings != 1 else ''}", file=out)
    return EXIT_CONTENT if failed or (strict and warnings) else EXIT_OK


def _print_diagnostics(report: Report, err: TextIO) -> None:
    for diagnostic in report.sorted():
        print(diagnostic, file=err)


def main_exit() -> None:
    """The console script's entry point before it moved to ``console.main``: a ``handoutkit`` script
    installed then still runs until the package is installed again."""
    from .console import main as console_main

    console_main()
