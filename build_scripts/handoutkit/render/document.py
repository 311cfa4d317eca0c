"""Lay out a Handout's flowables on pages with header, footer and outline; return PDF bytes."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import Any, NamedTuple

from msgspec import Struct
from msgspec.structs import astuple
from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError, PageBegin

from ..inline import plain_text
from ..language.words import Words
from ..model import Handout
from ..style.sheet import Spacing, Stylesheet
from .blocks import flowables
from .canvas import HandoutCanvas
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
    """One frame per page inside the margins; the frames place flowables, the canvas draws them at the end.

    ``lay_out`` lays out the whole handout. It remembers where each page began (the template's
    state and the flowables still to come), so that ``carry`` can lay it out again from the start
    of one page with that page's frame ``shortened`` (a page number and points: its foot raised,
    so that more of the text moves on to the next page). ``max_pages`` stops a tried layout that
    would need more pages than that.
    """

    shortened: tuple[int, float] = (0, 0.0)
    body: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the frame: x, y, width, height
    max_pages = 0  # 0: no limit
    gave_up = False  # it stopped at max_pages

    def lay_out(self, flowables: list[Flowable], canvasmaker: Callable[..., HandoutCanvas]) -> None:
        self._remaining = flowables
        self._starts: list[_PageStart] = []
        self._startBuild(None, canvasmaker)  # type: ignore[attr-defined]  # not in the stubs
        self._doSave = 0  # the canvas draws and writes when asked (``HandoutCanvas.save``)
        self._run()

    def carry(self, page: int, points: float) -> None:
        """Lay out again from the start of ``page``, whose foot is raised by ``points``."""
        start = self._starts[page - 1]
        self.__dict__.clear()
        self.__dict__.update(start.template)
        del self._starts[page - 1 :]
        self._remaining[:] = start.remaining
        for flowable, state in start.flowables:
            flowable.__dict__.clear()
            flowable.__dict__.update(state)
        self._hanging = [PageBegin]
        self.shortened = (page, points)
        self.canvas.rewind(page)
        self._run()

    @property
    def canvas(self) -> HandoutCanvas:
        canvas = self.canv
        assert isinstance(canvas, HandoutCanvas)
        return canvas

    def _run(self) -> None:
        self.canv._doctemplate = self  # type: ignore[attr-defined]  # as ReportLab's build sets it
        while self._remaining:
            if self.max_pages and self.page >= self.max_pages and PageBegin in self._hanging:
                self.gave_up = True  # it would begin one page too many (stopped here, not by an
                return  # exception: ReportLab's page actions keep a raised one's traceback in a cycle)
            self.clean_hanging()
            self.handle_flowable(self._remaining)
        self._endBuild()  # type: ignore[attr-defined]  # ends the last page

    def handle_pageBegin(self) -> None:  # noqa: N802 - ReportLab's name
        if not self.max_pages:  # a tried layout is kept or put aside whole, never taken back
            self._starts.append(_PageStart(dict(self.__dict__), list(self._remaining), _states(self._remaining)))
        page, points = self.shortened
        x, y, width, height = self.body
        raised = points if self.page + 1 == page else 0.0
        self.pageTemplate.frames = [_frame(x, y + raised, width, height - raised)]
        super().handle_pageBegin()


class _PageStart(NamedTuple):
    """Where a page began: the template's state, the flowables to come, and the state of each.

    Laying out marks flowables (ReportLab's ``_postponed`` on one moved on to the next frame, a
    stack's room on a fresh page, wrapped sizes), so a layout taken back to a page's start puts
    back theirs too.
    """

    template: dict[str, Any]
    remaining: list[Flowable]
    flowables: list[tuple[Flowable, dict[str, Any]]]


def _states(flowables: Iterable[Flowable]) -> list[tuple[Flowable, dict[str, Any]]]:
    """Each flowable's attributes, and those of the flowables inside it."""
    states = []
    todo = list(flowables)
    while todo:
        flowable = todo.pop()
        states.append((flowable, dict(flowable.__dict__)))
        inside = getattr(flowable, "inside", None)
        todo.extend(inside() if inside is not None else getattr(flowable, "_content", ()))
    return states


class _PlacingFrame(Frame):
    """A frame whose flowables are placed on the canvas's page, to be drawn when the PDF is written."""

    def _add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:  # noqa: N803
        # ReportLab's frame draws what fits where it fits; it places it instead.
        flowable.drawOn = partial(_place, canv, flowable)  # type: ignore[method-assign]
        try:
            return int(super()._add(flowable, canv, trySplit))  # type: ignore[misc]  # not in the stubs
        finally:
            del flowable.drawOn

    add = _add  # type: ignore[assignment]  # ReportLab's frames call add


def _place(canvas: Canvas, flowable: Flowable, _canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
    assert isinstance(canvas, HandoutCanvas)
    canvas.place(flowable, x, y, _sW)


# A last page of several holds at least this many lines of text (headings aside).
LAST_PAGE_LINES = 4
# To get there, the space between blocks (never between lines) may first shrink by this factor,
# when that takes the short page away; else lines are carried over from the page before.
TIGHTER_SPACING = 0.75
CARRY = (0, 1, 3)  # lines carried over beyond those missing, in turn


def render_pdf(handout: Handout, words: Words, sheet: Stylesheet) -> RenderedPdf:
    """Lay out and write the whole handout to PDF bytes (tagged for PDF/UA when the style says so).

    A layout whose last page would hold fewer than LAST_PAGE_LINES lines of text is tried again,
    tighter or with lines carried over (see ``docs/layout.md``); the pages are drawn once, for the
    layout that is kept.
    """
    sheet = sheet.in_language(handout.language)
    with _binary_streams():
        layout = _best_layout(handout, words, sheet)
        try:
            pages = layout.pages
            with _render_errors():
                layout.doc.canvas.save()
            return RenderedPdf(layout.buffer.getvalue(), pages)
        finally:
            layout.release()


def _best_layout(handout: Handout, words: Words, sheet: Stylesheet) -> _Layout:
    first = _Layout(handout, words, sheet)
    pages, lines = first.doc.canvas.laid_out
    if pages == 1 or lines >= LAST_PAGE_LINES:
        return first
    tight = replace(sheet, spacing=Spacing(*(value * TIGHTER_SPACING for value in astuple(sheet.spacing))))
    tighter = _Layout(handout, words, tight, max_pages=pages - 1)
    if not tighter.doc.gave_up and (tighter.pages == 1 or tighter.doc.canvas.laid_out[1] >= LAST_PAGE_LINES):
        first.release()
        return tighter
    tighter.release()  # it keeps the short page
    leading = sheet.sizes.leading
    frame = sheet.page.height - sheet.page.top - sheet.page.bottom
    for extra in CARRY:
        points = (LAST_PAGE_LINES - lines + extra) * leading
        if points > frame / 2:  # a page cut by half its height is worse than a short last page
            break
        try:
            with _render_errors():
                first.doc.carry(pages - 1, points)
        except RenderError:  # a block that fits a whole page does not fit the shortened one
            break
        carried, last = first.doc.canvas.laid_out
        if carried == 1 or last >= LAST_PAGE_LINES:
            return first
        if carried != pages:  # the carry made a page more (or less): the plain layout stands
            break
    first.release()
    return _Layout(handout, words, sheet)  # the plain layout stands


class _Layout:
    """One layout of the handout, ready to draw (``max_pages`` and ``shortened`` as the template's)."""

    def __init__(
        self,
        handout: Handout,
        words: Words,
        sheet: Stylesheet,
        *,
        max_pages: int = 0,
        shortened: tuple[int, float] = (0, 0.0),
    ) -> None:
        page = sheet.page
        self.buffer = io.BytesIO()
        self.doc = doc = _HandoutTemplate(
            self.buffer,
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
        doc.body, doc.max_pages, doc.shortened = (page.left, page.bottom, doc.width, doc.height), max_pages, shortened
        doc.addPageTemplates([PageTemplate(id="page", frames=[_frame(*doc.body)])])
        self.tagger = Tagger() if sheet.pdf_ua else None
        canvas = partial(
            HandoutCanvas,
            furniture=PageFurniture(handout, sheet, words),
            tagger=self.tagger,
            metadata=(plain_text(handout.title), handout.language),
            pdf_a=sheet.pdf_a,
            pdfVersion=(1, 7),  # PDF/UA-1 is built on PDF 1.7
        )
        try:
            with _render_errors():
                doc.lay_out(flowables(handout, sheet, words, self.tagger), canvas)
        except BaseException:
            self.release()
            raise

    @property
    def pages(self) -> int:
        return self.doc.canvas.laid_out[0]

    def release(self) -> None:
        if self.tagger is not None:
            self.tagger.release()
        _release(self.doc)


@contextmanager
def _render_errors() -> Iterator[None]:
    """What stops a layout or its drawing, said as a RenderError."""
    try:
        yield
    except LayoutError as exc:
        raise RenderError(_too_large(exc)) from exc
    except FontError as exc:  # a built-in fallback family that fails to load when a character needs it
        raise RenderError(str(exc)) from exc
    except TableError as exc:  # a column too narrow for a word in it
        raise RenderError(str(exc)) from exc
    except TagError as exc:
        raise RenderError(f"cannot tag the PDF ({exc}); build it with --no-pdf-ua, and report this") from exc


def _frame(x: float, y: float, width: float, height: float) -> Frame:
    return _PlacingFrame(x, y, width, height, id="body", **dict.fromkeys(_PADDINGS, 0))


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
    vars(doc).get("_starts", []).clear()  # each page's start holds the template's attributes, this list among them
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
