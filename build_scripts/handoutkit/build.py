"""Run the pipeline for one file: load -> validate -> transform -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import loader
from .diagnostics import Position, Report
from .model import Handout
from .stylesheet import Stylesheet
from .transforms import apply_transforms
from .validate import validate
from .writer import write_atomic


@dataclass(frozen=True)
class Outcome:
    """What happened to one source file."""

    source: Path
    report: Report
    output: Path | None = None
    pages: int = 0


def read_handout(source: Path, report: Report) -> Handout | None:
    """Load, validate and transform one handout; None (with diagnostics) when it has errors."""
    root = loader.load(source, report)
    if root is None:
        return None
    handout = validate(root, report)
    return apply_transforms(handout) if handout is not None else None


def check_file(source: Path) -> Outcome:
    """Validate one handout without rendering it."""
    report = Report()
    read_handout(source, report)
    return Outcome(source, report)


def build_file(source: Path, out_dir: Path, sheet: Stylesheet) -> Outcome:
    """Build one handout into ``out_dir/NAME.pdf``; on any error nothing is written."""
    from .render import RenderError, render_pdf  # ReportLab loads only when something renders

    report = Report()
    handout = read_handout(source, report)
    if handout is None:
        return Outcome(source, report)
    target = out_dir / f"{source.stem}.pdf"
    try:
        pdf = render_pdf(handout, sheet)
    except RenderError as exc:
        report.error(Position(str(source)), str(exc))
        return Outcome(source, report)
    try:
        write_atomic(target, pdf.data)
    except OSError as exc:
        report.error(Position(str(target)), f"cannot write the PDF ({exc.strerror or exc}); check the output folder")
        return Outcome(source, report)
    return Outcome(source, report, target, pdf.pages)
