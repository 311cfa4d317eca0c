"""Lay out a Handout's flowables on pages with header, footer and outline; return PDF bytes."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial

from msgspec import Struct
from msgspec.structs import astuple
from reportlab import rl_config
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..inline import plain_text
from ..language.words import Words
from ..model import Handout
from ..style.sheet import Spacing, Stylesheet
from .blocks import flowables
from .canvas import HandoutCanvas, ShortLastPage
from .fonts import FontError, font_chain
from .furniture import PageFurniture
from .tables import TableError
from .tagging import TagError, Tagger


class RenderError(Exception):
    """The content cannot be laid out on the page (for example one block taller than a page)."""


class RenderedPdf(Struct, frozen=True):
    """A finished PDF and its page count."""

    data: bytes
    pages: int


class _HandoutTemplate(BaseDocTemplate):
    """One frame per page inside the margins (headings make their outline entries as they are drawn).

    ``shortened`` (a page number and points) raises the foot of that page's frame, so that more of
    the text moves on to the next page.
    """

    shortened: tuple[int, float] = (0, 0.0)
    body: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the frame: x, y, width, height

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        page, points = self.shortened
        x, y, width, height = self.body
        raised = points if self.page + 1 == page else 0.0
        self.pageTemplate.frames = [_frame(x, y + raised, width, height - raised)]
        super().handle_pageBegin()


# A last page of several holds at least this many lines of text (headings aside).
LAST_PAGE_LINES = 4
# To get there, the space between blocks (never between lines) may first shrink by this factor,
# when that takes the short page away; else lines are carried over from the page before.
TIGHTER_SPACING = 0.75
CARRY = (0, 1, 3)  # lines carried over beyond those missing, in turn


def render_pdf(handout: Handout, words: Words, sheet: Stylesheet) -> RenderedPdf:
    """Lay out and write the whole handout to PDF bytes (tagged for PDF/UA when the style says so).

    A layout whose last page would hold fewer than LAST_PAGE_LINES lines of text is tried again,
    tighter or with lines carried over (see ``docs/layout.md``); most handouts are laid out once.
    """
    sheet = sheet.in_language(handout.language)
    try:
        return _render(handout, words, sheet, min_last_lines=LAST_PAGE_LINES)
    except ShortLastPage as short:
        pages, lines = short.pages, short.lines
    tight = replace(sheet, spacing=Spacing(*(value * TIGHTER_SPACING for value in astuple(sheet.spacing))))
    try:
        tighter = _render(handout, words, tight, min_last_lines=LAST_PAGE_LINES)
        if tighter.pages < pages:
            return tighter
    except ShortLastPage:
        pass
    leading = sheet.sizes.leading
    frame = sheet.page.height - sheet.page.top - sheet.page.bottom
    for extra in CARRY:
        shortened = (pages - 1, (LAST_PAGE_LINES - lines + extra) * leading)
        if shortened[1] > frame / 2:  # a page cut by half its height is worse than a short last page
            break
        try:
            return _render(handout, words, sheet, min_last_lines=LAST_PAGE_LINES, shortened=shortened)
        except ShortLastPage as again:
            if again.pages != pages:  # the carry made a page more (or less): the plain layout stands
                break
        except RenderError:  # a block that fits a whole page does not fit the shortened one
            break
    return _render(handout, words, sheet)


def _render(
    handout: Handout,
    words: Words,
    sheet: Stylesheet,
    *,
    min_last_lines: int = 0,
    shortened: tuple[int, float] = (0, 0.0),
) -> RenderedPdf:
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
    doc.shortened, doc.body = shortened, (page.left, page.bottom, doc.width, doc.height)
    doc.addPageTemplates([PageTemplate(id="page", frames=[_frame(*doc.body)])])
    tagger = Tagger() if sheet.pdf_ua else None
    canvas = partial(
        HandoutCanvas,
        furniture=PageFurniture(handout, sheet, words),
        tagger=tagger,
        metadata=(plain_text(handout.title), handout.language),
        min_last_lines=min_last_lines,
        pdfVersion=(1, 7),  # PDF/UA-1 is built on PDF 1.7
    )
    try:
        with _binary_streams():
            doc.build(flowables(handout, sheet, words, tagger), canvasmaker=canvas)
    except LayoutError as exc:
        raise RenderError(_too_large(exc)) from exc
    except FontError as exc:  # a built-in fallback family that fails to load when a character needs it
        raise RenderError(str(exc)) from exc
    except TableError as exc:  # a column too narrow for a word in it
        raise RenderError(str(exc)) from exc
    except TagError as exc:
        raise RenderError(f"cannot tag the PDF ({exc}); build it with --no-pdf-ua, and report this") from exc
    finally:
        if tagger is not None:
            tagger.release()
        _release(doc)
    return RenderedPdf(buffer.getvalue(), doc.page)


def _frame(x: float, y: float, width: float, height: float) -> Frame:
    return Frame(x, y, width, height, id="body", **dict.fromkeys(_PADDINGS, 0))


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
