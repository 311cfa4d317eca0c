"""The Python API: build and check handouts in-process, for integration engines and scripts.

``from handoutkit import build_pdf, build_html, check_handout, HandoutError``. Each call runs the
same pipeline as the command (load, validate, transform, check, render), from a file or from text,
with a style and field values, and returns bytes and figures instead of writing files. Styles,
their fonts and made faces are loaded once per process and kept (an edited style file is seen at
the next call, since its files' digest is part of the key); so the second and later calls cost only
the handout itself.

Every problem is raised as one ``HandoutError`` whose ``diagnostics`` are the same positioned
diagnostics the command prints. Warnings (plain-language findings) are returned with the result,
or raised too with ``strict=True``.

Calls may come from several threads: they take turns on one lock, because ReportLab's font
registry and settings, and the shaping codes of a PDF, are process-wide. For builds in parallel,
use processes (``handoutkit build --jobs``, or one worker process per core).
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

from .build import Read, Setup, check_file, make_pdf, split_style
from .copies.fields import Copy
from .diagnostics import Diagnostic, HandoutError, Position, Report
from .inline import plain_text
from .load import yamlfile
from .load.tree import Node
from .style.files import find_style, load_stylesheet

__all__ = ["BuiltHandout", "CheckedHandout", "HandoutError", "build_html", "build_pdf", "check_handout"]

_LOCK = threading.RLock()  # one pipeline run at a time in a process (see the module's docstring)

PathLike = str | os.PathLike[str]


class BuiltHandout(Struct, frozen=True):
    """A handout built in memory."""

    pdf: bytes
    pages: int
    warnings: tuple[Diagnostic, ...] = ()
    html: str | None = None  # the HTML edition, when asked for (``html=True``)


class CheckedHandout(Struct, frozen=True):
    """What checking a handout found: its reading grade (None where no formula applies) and warnings."""

    title: str
    language: str
    grade: float | None
    words: int
    warnings: tuple[Diagnostic, ...] = ()


def build_pdf(
    source: PathLike,
    *,
    text: str | None = None,
    style: PathLike | None = None,
    fields: Mapping[str, str] | None = None,
    html: bool = False,
    pdf_ua: bool | None = None,
    pdf_a: bool | None = None,
    today: datetime.date | None = None,
    strict: bool = False,
) -> BuiltHandout:
    """Build one handout into PDF bytes (and its HTML edition with ``html=True``).

    ``source`` is the handout's path. With ``text``, that text is the handout instead of the file's
    contents, and ``source`` still names it in diagnostics and anchors its relative paths (figures,
    a ``style:`` file). ``style`` is a style's name or file (default: the handout's own ``style:``,
    else ``default``); ``fields`` fills the handout's ``{fields}``, as ``--set`` does; ``pdf_ua``
    and ``pdf_a``, when given, replace what the style says; ``today`` dates the review checks.

    Raises ``HandoutError`` with every diagnostic when the handout cannot be built (or, with
    ``strict``, when it has warnings).
    """
    path = Path(source)
    with _LOCK:
        report = Report()
        tree, setup = _prepared(path, text, style, report, pdf_ua=pdf_ua, pdf_a=pdf_a, today=today)
        if tree is None or setup is None:
            raise HandoutError(report)
        made = make_pdf(path, setup, _copy(fields), tree=tree)
        report.extend(made.outcome.report)
        warnings = _finished(report, strict)
        if made.pdf is None or made.read is None:  # pragma: no cover - an error has been reported
            raise HandoutError(report)
        edition = _html(made.read, setup, path, report) if html else None
        return BuiltHandout(made.pdf, made.outcome.pages, warnings, edition)


def build_html(
    source: PathLike,
    *,
    text: str | None = None,
    style: PathLike | None = None,
    fields: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
    strict: bool = False,
) -> str:
    """The HTML edition of one handout (see ``docs/html.md``), checked as ``build_pdf`` checks it."""
    built = build_pdf(source, text=text, style=style, fields=fields, html=True, today=today, strict=strict)
    assert built.html is not None
    return built.html


def check_handout(
    source: PathLike,
    *,
    text: str | None = None,
    style: PathLike | None = None,
    today: datetime.date | None = None,
    strict: bool = False,
) -> CheckedHandout:
    """Validate a handout and measure its plain language, as ``handoutkit check`` does, without
    rendering it; ``{fields}`` need no values. Raises ``HandoutError`` on errors (and, with
    ``strict``, on warnings)."""
    path = Path(source)
    with _LOCK:
        report = Report()
        tree, setup = _prepared(path, text, style, report, pdf_ua=None, pdf_a=None, today=today)
        if tree is None or setup is None:
            raise HandoutError(report)
        outcome = check_file(path, setup, tree=tree)
        report.extend(outcome.report)
        if outcome.check is not None:
            report.items.extend(finding.diagnostic for finding in outcome.check.findings)
        warnings = _finished(report, strict)
        if outcome.check is None or outcome.handout is None:  # pragma: no cover - an error has been reported
            raise HandoutError(report)
        whole = outcome.check.whole
        grade = whole.level.grade if whole.level is not None else None
        title = plain_text(outcome.handout.title)
        return CheckedHandout(title, outcome.handout.language, grade, whole.counts.words, warnings)


def _prepared(
    path: Path,
    text: str | None,
    style: PathLike | None,
    report: Report,
    *,
    pdf_ua: bool | None,
    pdf_a: bool | None,
    today: datetime.date | None,
) -> tuple[Node | None, Setup | None]:
    """The handout's tree and its prepared style (kept per process); Nones, reported, on problems."""
    from .library.stylechoice import Styles  # the per-process cache of prepared styles

    tree = yamlfile.parse(text, str(path), report) if text is not None else yamlfile.load(path, report)
    if tree is None:
        return None, None
    override = find_style(os.fspath(style)) if style is not None else None
    if style is not None and override is None:
        load_stylesheet(os.fspath(style), report)  # says why, and which styles there are
        return tree, None
    styles = Styles(override=override, pdf_ua=pdf_ua, pdf_a=pdf_a, today=today)
    _, own = split_style(tree)
    chosen = styles.style_for(path, own, report)
    if chosen is None or chosen.setup is None:
        if chosen is not None:
            report.extend(chosen.report)
        return tree, None
    return tree, chosen.setup


def _copy(fields: Mapping[str, str] | None) -> Copy:
    """The field values as one personal copy, each value placed at its name for messages."""
    values = {str(name): str(value) for name, value in (fields or {}).items()}
    return Copy(values, {name: Position(f"fields[{name!r}]") for name in values})


def _finished(report: Report, strict: bool) -> tuple[Diagnostic, ...]:
    """The warnings of a run that may go on; raises when it may not."""
    if report.has_errors or (strict and report.items):
        raise HandoutError(report)
    return tuple(report.sorted())


def _html(read: Read, setup: Setup, path: Path, report: Report) -> str:
    """The handout's HTML edition; a picture or font it cannot embed is a HandoutError."""
    from .html import HtmlError, render_html

    try:
        return render_html(read.handout, read.words, setup.sheet)
    except HtmlError as exc:
        report.error(Position(str(path)), str(exc))
        raise HandoutError(report) from exc
