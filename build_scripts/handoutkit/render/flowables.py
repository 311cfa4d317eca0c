"""Flowables that carry structure tags: paragraphs, rules, and stacks (list items, notes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import HRFlowable

from .tagging import Elem, Tagger


def tagger_of(canvas: Canvas) -> Tagger | None:
    """The canvas's tagger, when the PDF is being tagged."""
    tagger: Tagger | None = getattr(canvas, "tagger", None)
    return tagger


def page_of(canvas: Canvas) -> int:
    return int(canvas.getPageNumber()) - 1


@dataclass(eq=False)
class _Continuation:
    """Shared by the parts of a split paragraph: what was open where the previous part stopped."""

    stack: list[Elem] = field(default_factory=list)


class TaggedParagraph(Paragraph):
    """A paragraph whose text is one structure element (with inline Links and References inside)."""

    def __init__(self, text: Any, style: ParagraphStyle, *args: Any, elem: Elem | None = None, **kwargs: Any) -> None:
        super().__init__(text, style, *args, **kwargs)
        self.elem = elem
        self._continues = _Continuation()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part.elem, part._continues = self.elem, self._continues
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tagger = tagger_of(canvas)
        if tagger is None or self.elem is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
            return
        if self._continues.stack:
            tagger.resume_paragraph(self._continues.stack)
        else:
            tagger.start_paragraph(self.elem)
        opening: list[str] = []
        tagger.open_paragraph(opening.append, page_of(canvas))
        canvas.text_marks = TextMarks(opening[0], tagger, self._continues)  # type: ignore[attr-defined]
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
        finally:
            canvas.text_marks = None  # type: ignore[attr-defined]


@dataclass
class TextMarks:
    """While a tagged paragraph draws, its one text object opens with the paragraph's marked-content
    operator and closes whatever is open at its end (the canvas calls ``wrap``)."""

    opening: str
    tagger: Tagger
    continuation: _Continuation

    def wrap(self, code: list[str]) -> None:
        code.insert(1, self.opening)  # right after BT
        self.continuation.stack = self.tagger.close_paragraph(code.append)


class Rule(HRFlowable):
    """A horizontal rule; decoration, so an artifact."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tagger = tagger_of(canvas)
        if tagger is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
            return
        with tagger.artifact(canvas.addLiteral):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
