"""Lay out a Handout's flowables on pages with header, footer and outline; return PDF bytes."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from msgspec import Struct
from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..inline import plain_text
from ..model import Handout
from ..stylesheet import Stylesheet
from ..words import Words
from .blocks import Heading, flowables
from .canvas import HandoutCanvas
from .fonts import FontError, font_chain
from .furniture import PageFurniture
from .tagging import TagError, Tagger


class RenderError(Exception):
    """The content cannot be laid out on the page (for example one block taller than a page)."""


class RenderedPdf(Struct, frozen=True):
    """A finished PDF and its page count."""

    data: bytes
    pages: int


class _HandoutTemplate(BaseDocTemplate):
    """One frame per page inside the margins; section headings become outline entries."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if isinstance(flowable, Heading) and flowable.outline[1] >= 0:
            title, level, key = flowable.outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def render_pdf(handout: Handout, words: Words, sheet: Stylesheet) -> RenderedPdf:
    """Lay out and write the whole handout to PDF bytes (tagged for PDF/UA when the style says so)."""
    sheet = sheet.in_language(handout.language)
    page = sheet.page
    buffer = io.BytesIO()
    doc = _HandoutTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=page.left,
        rightMargin=page.right,
        topMargin=page.top,
        bottomMargin=page.bottom,
        title=plain_text(handout.title),
        author=handout.author or sheet.organization,
        subject=plain_text(handout.subtitle or handout.summary or handout.title),
        creator="handoutkit",
        lang=handout.language,
        displayDocTitle=1,
        invariant=1,
        # Without this, ReportLab adds a (non-embedded) Helvetica to every PDF, used or not.
        initialFontName=font_chain(sheet.body_fonts).primary.regular,
    )
    frame = Frame(page.left, page.bottom, doc.width, doc.height, id="body", **dict.fromkeys(_PADDINGS, 0))
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    tagger = Tagger() if sheet.pdf_ua else None
    canvas = partial(
        HandoutCanvas,
        furniture=PageFurniture(handout, sheet, words),
        tagger=tagger,
        metadata=(plain_text(handout.title), handout.language),
        pdfVersion=(1, 7),  # PDF/UA-1 is built on PDF 1.7
    )
    try:
        with _binary_streams():
            doc.build(flowables(handout, sheet, words, tagger), canvasmaker=canvas)
    except LayoutError as exc:
        raise RenderError(_too_large(exc)) from exc
    except FontError as exc:  # a built-in fallback family that fails to load when a character needs it
        raise RenderError(str(exc)) from exc
    except TagError as exc:
        raise RenderError(f"cannot tag the PDF ({exc}); build it with --no-pdf-ua, and report this") from exc
    finally:
        _release(doc)
    return RenderedPdf(buffer.getvalue(), doc.page)


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Streams (page content, font files, images) written compressed and binary, not also in ASCII85.

    ReportLab's default adds ASCII85 to every stream, which makes it a quarter larger and took about
    5% of a build; a PDF has been a binary file since its first version, and a handout's already says
    so in its second line. ReportLab reads the setting while it lays out and writes, so it is set for
    the build and put back after.
    """
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _release(doc: BaseDocTemplate) -> None:
    """Break the cycles ReportLab's template makes (it keeps itself in its namespace for RML
    expressions; it and its canvas name each other), so that a built handout is freed at once
    instead of waiting for the garbage collector (~1 ms a handout)."""
    doc._nameSpace.clear()  # type: ignore[attr-defined]
    canvas = getattr(doc, "canv", None)
    if canvas is not None:
        canvas._doctemplate = None


def _too_large(exc: LayoutError) -> str:
    """ReportLab's message without what changes from run to run: object addresses and long decimals."""
    detail = re.sub(r"<(\w+) at 0x[0-9a-f]+ [^>]*>", r"\1 ", str(exc))
    detail = re.sub(r"\d+\.\d{2,}", lambda number: f"{float(number.group()):.1f}", " ".join(detail.split()))
    return (
        f"the content does not fit on the page ({detail}); split the block that is too large, "
        "or give the style smaller text or margins"
    )


_PADDINGS = ("leftPadding", "rightPadding", "topPadding", "bottomPadding")
