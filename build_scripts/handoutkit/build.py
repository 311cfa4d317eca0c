"""Run the pipeline for one file: load -> validate -> transform -> render -> write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import coverage, loader
from .diagnostics import Position, Report
from .model import Handout
from .stylesheet import Stylesheet
from .transforms import apply_transforms
from .validate import validate
from .words import Words, load_words
from .writer import write_atomic


@dataclass(frozen=True)
class Outcome:
    """What happened to one source file."""

    source: Path
    report: Report
    output: Path | None = None
    pages: int = 0


@dataclass(frozen=True)
class Setup:
    """What every file of one run shares: the style, and which characters its fonts can set."""

    sheet: Stylesheet
    covers: Callable[[str], bool]
    fonts: str  # the font families, named for messages


def prepare(sheet: Stylesheet, report: Report) -> Setup:
    """Register the style's fonts and check that they can set the style's own printed text."""
    from .render import font_chain  # ReportLab loads fonts; only the commands that need it get here

    body, head = font_chain(sheet.body_fonts), font_chain(sheet.heading_fonts)
    families = dict.fromkeys(family.name for family in (*sheet.body_fonts, *sheet.heading_fonts))
    setup = Setup(sheet, lambda char: body.covers(char) and head.covers(char), ", ".join(families))
    for text, where in sheet.printed:
        coverage.check_text(text, setup.covers, setup.fonts, report, at=where)
    return setup


def read_handout(source: Path, setup: Setup, report: Report) -> tuple[Handout, Words] | None:
    """Load, validate and transform one handout; None (with diagnostics) when it has errors."""
    root = loader.load(source, report)
    if root is None:
        return None
    handout = validate(root, report)
    coverage.check_tree(root, setup.covers, setup.fonts, report)
    if handout is None or report.has_errors:
        return None
    words = load_words(handout.language, report)
    return (apply_transforms(handout), words) if words is not None else None


def check_file(source: Path, setup: Setup) -> Outcome:
    """Validate one handout without rendering it."""
    report = Report()
    read_handout(source, setup, report)
    return Outcome(source, report)


def build_file(source: Path, out_dir: Path, setup: Setup) -> Outcome:
    """Build one handout into ``out_dir/NAME.pdf``; on any error nothing is written."""
    from .render import RenderError, render_pdf  # ReportLab loads only when something renders

    report = Report()
    read = read_handout(source, setup, report)
    if read is None:
        return Outcome(source, report)
    target = out_dir / f"{source.stem}.pdf"
    try:
        pdf = render_pdf(*read, setup.sheet)
    except RenderError as exc:
        report.error(Position(str(source)), str(exc))
        return Outcome(source, report)
    try:
        write_atomic(target, pdf.data)
    except OSError as exc:
        report.error(Position(str(target)), f"cannot write the PDF ({exc.strerror or exc}); check the output folder")
        return Outcome(source, report)
    return Outcome(source, report, target, pdf.pages)
