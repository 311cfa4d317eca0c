"""The canvas handouts are drawn on: pages placed first and drawn at the end, and the hooks for tagging."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .compact import compact_pdf
from .flowables import TextMarks, body_lines
from .golinks import as_goto
from .pdfa import Conformance, finish_metadata, printable
from .pdfua import Annotation, ToUnicodeCleaner, finish_tagged
from .tagging import Tagger

FurnitureDrawer = Callable[[Canvas, int, int], None]


class Placed(NamedTuple):
    """A flowable the layout put on a page, and where: drawn when the pages are written."""

    flowable: Flowable
    x: float
    y: float
    spare: float  # the width the frame had beside it (ReportLab's ``_sW``)


class HandoutCanvas(Canvas):
    """Draws nothing while the layout runs: the frames place flowables on pages (``place``), and
    ``save`` draws them page by page, with furniture that knows the page count ('Page N of M').

    So a layout can be tried and put aside, or taken back to the start of a page (``rewind``) and
    laid out again from there, without drawing anything twice.

    With a tagger, it also puts a tagged paragraph's marked-content operators inside its text
    object, switches them at inline marks (links, citations), and makes link underlines artifacts.
    """

    def __init__(
        self,
        *args: Any,
        furniture: FurnitureDrawer,
        tagger: Tagger | None,
        metadata: tuple[str, str],
        pdf_a: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._doc.format = partial(compact_pdf, self._doc)  # type: ignore[attr-defined]  # small objects packed
        self.pages: list[list[Placed]] = [[]]  # what each page holds; the last is the page being laid out
        self._furniture = furniture
        self.tagger = tagger
        self._metadata = metadata  # title and language, for the XMP
        self.conformance = Conformance(pdf_ua=tagger is not None, pdf_a=pdf_a)
        self.annotations: list[Annotation] = []  # every annotation made, with its page
        self._destinations_written: dict[int, bytes] = {}  # shared by the document's GoTo links
        self.text_marks: TextMarks | None = None
        self.body_lines: dict[int, int] = {}  # lines of text (headings aside) placed on each page, from 0

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        """The layout ends a page: what follows is placed on the next (nothing is drawn yet)."""
        if self._code:  # type: ignore[attr-defined]
            raise RuntimeError("something drew on the canvas while the layout ran; draw in save()")
        self.pages.append([])
        self._pageNumber += 1  # so the layout knows the page it is on

    def place(self, flowable: Flowable, x: float, y: float, spare: float) -> None:
        """The layout puts ``flowable`` (wrapped) at (x, y) on the current page."""
        self.pages[-1].append(Placed(flowable, x, y, spare))
        lines = body_lines(flowable)
        if lines:
            page = len(self.pages) - 1
            self.body_lines[page] = self.body_lines.get(page, 0) + lines

    @property
    def laid_out(self) -> tuple[int, int]:
        """After the layout: its pages, and the lines of text on its last page."""
        pages = len(self.pages) - 1  # the layout's last showPage opened a page it did not use
        return pages, self.body_lines.get(pages - 1, 0)

    def rewind(self, page: int) -> None:
        """Forget what the layout put on page ``page`` (from 1) and after, to lay them out again."""
        del self.pages[page - 1 :]
        self.pages.append([])
        for number in [number for number in self.body_lines if number >= page - 1]:
            del self.body_lines[number]
        self._pageNumber = page

    def save(self) -> None:
        total = len(self.pages) - 1
        self._pageNumber = 1
        # Every page's text first, then the furniture of each: the fonts' subsets number their
        # glyphs in the order they are first drawn, the same for every layout of a handout.
        held: list[dict[str, Any]] = []
        for placed in self.pages[:total]:
            for flowable, x, y, spare in placed:
                flowable.drawOn(self, x, y, _sW=spare)  # type: ignore[call-arg]  # the stubs miss _sW
            held.append(dict(self.__dict__))
            # Advance the page counter as a real page would, so links and bookmarks made on later
            # pages name the page they are on; it is rewound before the pages are written.
            self._doc.pageCounter += 1  # type: ignore[attr-defined]  # not in the stubs
            self._startPage()  # type: ignore[attr-defined]
        self._doc.pageCounter -= total  # type: ignore[attr-defined]
        for number, state in enumerate(held, 1):
            self.__dict__.update(state)
            self._furniture(self, number, total)
            Canvas.showPage(self)
        held.clear()  # each page's state holds the list of placed pages
        if self.tagger is not None:
            finish_tagged(self._doc, self.tagger, self.annotations)  # type: ignore[attr-defined]
            self.tagger.release()
        if self.conformance.pdf_a:
            for annotation in self.annotations:
                printable(annotation.obj)
        title, language = self._metadata
        finish_metadata(self._doc, self.conformance, title=title, language=language)  # type: ignore[attr-defined]
        # Runs after the fonts have written their objects; PDF/UA and PDF/A forbid entries to U+0000.
        drop_null = self.conformance.has_xmp
        self._doc.delayedFonts.append(ToUnicodeCleaner(drop_null=drop_null))  # type: ignore[attr-defined]
        Canvas.save(self)
        # Break the cycles made here (the writer is bound to its document), so that a written
        # handout is freed at once, not by the collector.
        self.pages.clear()
        del self._doc.format  # type: ignore[attr-defined]

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:  # noqa: N802
        annotation = as_goto(annotation, self._destinations_written) or annotation
        self.annotations.append(Annotation(annotation, self.getPageNumber() - 1))
        super()._addAnnotation(annotation, name, addtopage)  # type: ignore[misc]

    def drawText(self, aTextObject: PDFTextObject) -> None:  # noqa: N802, N803 - ReportLab's names
        if self.text_marks is not None:
            self.text_marks.wrap(aTextObject._code)  # type: ignore[attr-defined]
            self.text_marks = None
        super().drawText(aTextObject)
        # A paragraph with links gives its text object a method bound to itself, and a tagged one
        # a link hook that holds it: cycles that would keep the object, this canvas and its
        # document for the garbage collector. They are done with.
        vars(aTextObject).pop("_do_line", None)
        vars(aTextObject).pop("_linkRecord", None)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        if self.tagger is None or self.text_marks is None:
            super().line(x1, y1, x2, y2)
            return
        with self.tagger.artifact(self.addLiteral):  # a link's underline inside a paragraph
            super().line(x1, y1, x2, y2)
