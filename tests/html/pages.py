"""The handouts the HTML edition is tested on, built as HTML and as PDF in each built-in style, and
the PDF's text without its page furniture."""

from __future__ import annotations

import datetime
import io
from functools import cache
from pathlib import Path

from pypdf import PdfReader, mult

from handoutkit.build import Read, Setup, prepare, read_handout
from handoutkit.diagnostics import Report
from handoutkit.html import render_html
from handoutkit.render import render_pdf
from handoutkit.style.files import load_stylesheet

from ..helpers import ROOT

HERE = Path(__file__).parent
STYLES = ("default", "large-print", "example-clinic")
HANDOUTS = tuple(
    sorted(
        [*(ROOT / "source").glob("*.yaml"), *(ROOT / "tests" / "data").glob("*.yaml"), *(HERE / "data").glob("*.yaml")]
    )
)
TODAY = datetime.date(2026, 1, 1)


def name(source: Path) -> str:
    return source.stem


@cache
def setup(style: str) -> Setup:
    sheet = load_stylesheet(style, Report())
    assert sheet is not None, style
    found = prepare(sheet, Report(), today=TODAY)
    assert found is not None, style
    return found


@cache
def read(source: Path, style: str) -> Read:
    report = Report()
    found = read_handout(source, setup(style), report)
    assert found is not None, [str(item) for item in report.items]
    return found


@cache
def html(source: Path, style: str) -> str:
    """The HTML edition of ``source`` in ``style``, as ``build --html`` makes it."""
    got = read(source, style)
    return render_html(got.handout, got.words, setup(style).sheet)


@cache
def pdf(source: Path, style: str) -> bytes:
    got = read(source, style)
    return render_pdf(got.handout, got.words, setup(style).sheet).data


def pdf_body_text(data: bytes, style: str) -> str:
    """The PDF's text, page after page, without the header and footer: only what pypdf finds between
    the page's top and bottom margins (the furniture is drawn in them)."""
    page_box = setup(style).sheet.page
    bottom, top = page_box.bottom - 1, page_box.height - page_box.top + 1
    parts: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            y = mult(tm, cm)[5]
            if bottom <= y <= top or not text.strip():
                parts.append(text)

        page.extract_text(visitor_text=visit)
        parts.append("\n")
    return "".join(parts)
