"""Lay out a Handout's flowables on pages with header, footer and outline; return PDF bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..inline import plain_text
from ..model import Handout
from ..stylesheet import Stylesheet
from ..words import Words
from .blocks import Heading, flowables
from .fonts import font_chain
from .furniture import PageFurniture

FurnitureDrawer = Callable[[Canvas, int, int], None]


class RenderError(Exception):
    """The content cannot be laid out on the page (for example one block taller than a page)."""


@dataclass(frozen=True)
class RenderedPdf:
    """A finished PDF and its page count."""

    data: bytes
    pages: int


class _PagedCanvas(Canvas):
    """Holds pages back until the end, so that every footer can say 'Page N of M'."""

    def __init__(self, *args: Any, furniture: FurnitureDrawer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._furniture = furniture

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        # Advance the page counter as a real page would, so links and bookmarks made on
        # later pages name the page they are on; save() rewinds it before writing pages.
        self._doc.pageCounter += 1  # type: ignore[attr-defined]  # not in the stubs
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._held)
        self._doc.pageCounter -= total  # type: ignore[attr-defined]
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._furniture(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


class _HandoutTemplate(BaseDocTemplate):
    """One frame per page inside the margins; headings become outline entries."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's name
        if isinstance(flowable, Heading):
            title, level, key = flowable.outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)


def render_pdf(handout: Handout, words: Words, sheet: Stylesheet) -> RenderedPdf:
    """Lay out and write the whole handout to PDF bytes."""
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
    frame = Frame(
        page.left,
        page.bottom,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    drawer = PageFurniture(handout, sheet, words)
    try:
        doc.build(flowables(handout, sheet, words), canvasmaker=partial(_PagedCanvas, furniture=drawer))
    except LayoutError as exc:
        raise RenderError(f"the content does not fit on the page ({exc}); split the block that is too large") from exc
    return RenderedPdf(buffer.getvalue(), doc.page)
