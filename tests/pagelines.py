"""Read a built PDF back as lines of text with their place and size, as a reader sees the page."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
from msgspec import Struct


class Line(Struct, frozen=True):
    """A line of text on a page: its baseline, its largest font size, and, for a line that starts
    with a list label such as ``10.``, the gap between the label and the text, in ems."""

    y: float
    size: float
    text: str
    label_gap: float | None = None


_LABEL = re.compile(r"(\d+|[a-z]|[ivx]+)\.\s")


def page_lines(path: Path, *, bottom: float, top: float) -> list[list[Line]]:
    """Each page's lines of body text, top to bottom: those with a baseline between ``bottom``
    and ``top`` (points from the foot of the page), so the header and footer are left out."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [_lines(page.get_textpage(), bottom, top) for page in document]
    finally:
        document.close()


def _lines(text: pypdfium2.PdfTextPage, bottom: float, top: float) -> list[Line]:
    content = text.get_text_range()
    found: list[Line] = []
    start = 0
    for row in content.split("\r\n"):
        first = start + len(row) - len(row.lstrip())
        start += len(row) + 2
        if not row.strip():
            continue
        chars = [first, first + len(row.strip()) // 2, first + len(row.strip()) - 1]
        y = _origin(text, first)[1]
        size = max(pdfium.FPDFText_GetFontSize(text.raw, index) for index in chars)
        if not bottom - 1 <= y <= top + 1:
            continue
        label = _LABEL.match(row.strip())
        gap = None
        if label is not None:
            dot = first + len(label.group(1))
            after = first + len(label.group(0))
            gap = (text.get_charbox(after)[0] - text.get_charbox(dot)[2]) / size
        found.append(Line(y, size, row.strip(), gap))
    return _merged(found)


def _origin(text: pypdfium2.PdfTextPage, index: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium.FPDFText_GetCharOrigin(text.raw, index, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def _merged(lines: list[Line]) -> list[Line]:
    """Lines of small text (superscripts PDFium puts on a line of their own) joined to the line
    whose baseline is just below them; top to bottom."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda line: line.y):  # bottom to top
        below = out[-1] if out else None
        if below and 0 < line.y - below.y <= 0.6 * below.size and line.size < 0.9 * below.size:
            out[-1] = Line(below.y, below.size, below.text + line.text, below.label_gap)
        else:
            out.append(line)
    return out[::-1]
