"""Previews of built PDFs through PDFium: a PNG thumbnail of page 1, and the page count."""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

from ..writer import write_atomic

WIDTH = 300  # pixels: legible in a catalog, small on disk


def _pdfium() -> Any:
    # pypdfium2 ships no type information; importing it by name keeps mypy --strict honest elsewhere
    # and loads PDFium only in the runs that draw previews.
    return importlib.import_module("pypdfium2")


def thumbnail_path(pdf: Path) -> Path:
    """Where the preview of ``X.pdf`` goes: ``X.png`` beside it."""
    return pdf.with_suffix(".png")


def thumbnail(pdf: Path, width: int = WIDTH) -> bytes:
    """Page 1 of ``pdf`` drawn ``width`` pixels wide on white, as PNG bytes."""
    pdfium = _pdfium()
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width(), fill_color=(255, 255, 255, 255)).to_pil()
        if image.width != width:  # the scale can round a pixel either way
            image = image.resize((width, round(image.height * width / image.width)))
        data = io.BytesIO()
        image.save(data, format="PNG", optimize=True)
        return data.getvalue()
    finally:
        document.close()


def write_thumbnail(pdf: Path) -> Path:
    """Write the preview of ``pdf`` beside it, atomically; return its path."""
    target = thumbnail_path(pdf)
    write_atomic(target, thumbnail(pdf))
    return target


def page_count(pdf: Path) -> int:
    """How many pages ``pdf`` has."""
    document = _pdfium().PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def errors() -> tuple[type[BaseException], ...]:
    """What drawing a preview raises for a file PDFium cannot read, besides OSError."""
    return (OSError, _pdfium().PdfiumError)
