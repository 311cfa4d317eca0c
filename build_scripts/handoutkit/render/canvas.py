"""The canvas handouts are drawn on: pages held back for 'Page N of M', and the hooks for tagging."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from .compact import compact_pdf
from .flowables import TextMarks
from .golinks import as_goto
from .pdfua import Annotation, finish_tagged
from .tagging import Tagger

FurnitureDrawer = Callable[[Canvas, int, int], None]


class ShortLastPage(Exception):  # noqa: N818 - not an error: the layout asks for another try
    """The layout's last page holds fewer lines of text than asked (raised before the PDF is written)."""

    def __init__(self, pages: int, lines: int) -> None:
        super().__init__(f"page {pages} holds {lines} lines")
        self.pages, self.lines = pages, lines


class HandoutCanvas(Canvas):
    """Holds pages back until the end, so that every footer can say 'Page N of M'.

    With a tagger, it also puts a tagged paragraph's marked-content operators inside its text
    object, switches them at inline marks (links, citations), and makes link underlines artifacts.
    """

    def __init__(
        self,
        *args: Any,
        furniture: FurnitureDrawer,
        tagger: Tagger | None,
        metadata: tuple[str, str],
        min_last_lines: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._doc.format = partial(compact_pdf, self._doc)  # type: ignore[attr-defined]  # small objects packed
        self._held: list[dict[str, Any]] = []
        self._furniture = furniture
        self.tagger = tagger
        self._metadata = metadata  # title and language, for the XMP of a tagged PDF
        self.annotations: list[Annotation] = []  # every annotation made, with its page
        self._destinations_written: dict[int, bytes] = {}  # shared by the document's GoTo links
        self.text_marks: TextMarks | None = None
        self.body_lines: dict[int, int] = {}  # lines of text (headings aside) drawn on each page, from 0
        self.min_last_lines = min_last_lines  # fewer on the last of several pages: ShortLastPage

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        # Advance the page counter as a real page would, so links and bookmarks made on
        # later pages name the page they are on; save() rewinds it before writing pages.
        self._doc.pageCounter += 1  # type: ignore[attr-defined]  # not in the stubs
        self._startPage()  # type: ignore[attr-defined]

    def count_lines(self, lines: int) -> None:
        """``lines`` lines of text are drawn on the current page."""
        page = self.getPageNumber() - 1
        self.body_lines[page] = self.body_lines.get(page, 0) + lines

    def save(self) -> None:
        total = len(self._held)
        last = self.body_lines.get(total - 1, 0)
        if total > 1 and last < self.min_last_lines:
            self._held.clear()
            raise ShortLastPage(total, last)
        self._doc.pageCounter -= total  # type: ignore[attr-defined]
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            self._furniture(self, number, total)
            Canvas.showPage(self)
        if self.tagger is not None:
            title, language = self._metadata
            finish_tagged(self._doc, self.tagger, self.annotations, title=title, language=language)  # type: ignore[attr-defined]
            self.tagger.release()
        Canvas.save(self)
        # Break the cycles made here (each held page state holds the list it is in; the writer is
        # bound to its document), so that a written handout is freed at once, not by the collector.
        self._held.clear()
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
