"""A vertical stack of flowables that splits across pages: list items (with their label), notes, and
the groups that keep a heading with the start of what follows it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from .flowables import page_of, tagger_of
from .fonts import FontChain
from .furniture import draw_text, text_width
from .tagging import Elem

Decoration = Callable[[Canvas, float, float], None]  # draws behind the stack: (canvas, width, height)


class Label(Struct, frozen=True):
    """A list item's bullet or number, set to the left of its first line."""

    text: str
    fonts: FontChain
    bold: bool
    size: float
    color: Color
    elem: Elem | None  # the Lbl structure element
    x: float  # from the stack's left edge (its right edge, ``mirrored``: a right-to-left handout's)
    mirrored: bool = False


class Box(Struct, frozen=True):
    """Padding around a stack's children, and what is drawn behind them."""

    @staticmethod
    def sided(*, start: float = 0.0, end: float = 0.0, rtl: bool, **rest: Any) -> Box:
        """A box padded ``start`` on the side lines start (the left, or the right in a right-to-left
        handout) and ``end`` on the other."""
        return Box(left=end, right=start, **rest) if rtl else Box(left=start, right=end, **rest)

    left: float = 0.0
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    decoration: Decoration | None = None


class Stack(Flowable):
    """Children one below the other, indented and padded; splits between or inside children.

    ``keep``: moves whole to the next page rather than split, unless it is taller than a page.
    ``lead``: its first child (a heading) never ends a page; it goes with at least the start of
    the second, which may split (a paragraph keeps two lines on each side).
    """

    def __init__(
        self,
        children: list[Flowable],
        *,
        box: Box = Box(),
        label: Label | None = None,
        keep: bool = False,
        lead: bool = False,
    ) -> None:
        super().__init__()
        self.children = children
        self.box = box
        self.label = label
        self.keep = keep
        self.lead = lead
        self._heights: list[float] = []
        self._wrapped_for: float | None = None

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        """The space set on the stack, else its first child's (a list item's space is its text's)."""
        if "spaceBefore" in self.__dict__:
            return float(self.spaceBefore)
        return float(self.children[0].getSpaceBefore()) if self.children else 0.0

    def getSpaceAfter(self) -> float:  # noqa: N802 - ReportLab's name
        """The space set on the stack, else its last child's."""
        if "spaceAfter" in self.__dict__:
            return float(self.spaceAfter)
        return float(self.children[-1].getSpaceAfter()) if self.children else 0.0

    def _gap(self, index: int) -> float:
        if index == 0:
            return 0.0
        return float(max(self.children[index - 1].getSpaceAfter(), self.children[index].getSpaceBefore()))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # The layout asks again and again (keep-with-next, keep-together, the frame); the children's
        # heights depend on the width alone, so the answer for a width is kept.
        if self._wrapped_for == availWidth:
            return self.width, self.height
        self._wrapped_for = availWidth
        inner = availWidth - self.box.left - self.box.right
        self._heights = [child.wrapOn(self.canv, inner, availHeight)[1] for child in self.children]
        total = sum(self._heights) + sum(self._gap(i) for i in range(len(self.children)))
        self.width, self.height = availWidth, total + self.box.top + self.box.bottom
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        frame = getattr(self, "_frame", None)  # set by the frame (or the stack) that asks
        # The height it would have at the top of a fresh page, below what goes there with it (a
        # heading it follows); a kept stack moves whole when it fits there.
        page: float | None = getattr(self, "_page_room", None) or (frame._aH if frame is not None else None)
        if self.keep and page is not None and self.wrap(availWidth, availHeight)[1] <= page:
            return []  # fits on a page of its own: moves whole
        self._wrapped_for = None  # splitting re-wraps (and may reset) the children: wrap anew after
        inner = availWidth - self.box.left - self.box.right
        start = room = availHeight - self.box.top - self.box.bottom
        taken: list[Flowable] = []
        rest = list(self.children)
        too_tall = False  # a first child taller than a whole page: it splits wherever it is
        while rest:
            child = rest[0]
            room -= self._gap_between(taken, child)
            height = child.wrapOn(self.canv, inner, room)[1]
            if height <= room:
                taken.append(rest.pop(0))
                room -= height
                continue
            child._frame = frame  # type: ignore[attr-defined]  # a kept child inside knows its page
            if page is not None:
                below = (start - room) if self.lead else 0.0  # a heading goes to the next page with it
                child._page_room = page - self.box.top - self.box.bottom - below  # type: ignore[attr-defined]
                too_tall = not taken and height > page
            parts = child.splitOn(self.canv, inner, room) if room > 0 else []
            if parts:
                taken.append(parts[0])
                rest = [*parts[1:], *rest[1:]]
            break
        # A heading goes alone only from the top of a page, where nothing could go with it, or when
        # it is itself taller than a page.
        alone = self.lead and len(taken) < 2 and not getattr(frame, "_atTop", False) and not too_tall
        if not taken or not rest or alone:
            return []
        first = Stack(taken, box=self.box, label=self.label, lead=self.lead)
        second = Stack(rest, box=self.box, label=None, keep=self.keep)
        if "spaceBefore" in self.__dict__:  # the space set on the whole goes before its first part
            first.spaceBefore = self.spaceBefore
        if "spaceAfter" in self.__dict__:  # and after its last
            second.spaceAfter = self.spaceAfter
        return [first, second]

    @staticmethod
    def _gap_between(taken: list[Flowable], child: Flowable) -> float:
        if not taken:
            return 0.0
        return float(max(taken[-1].getSpaceAfter(), child.getSpaceBefore()))

    def inside(self) -> list[Flowable]:
        """What it draws inside it (for ``body_lines``)."""
        return self.children

    def draw(self) -> None:
        canvas = self.canv
        if self.box.decoration is not None:
            tagger = tagger_of(canvas)
            if tagger is None:
                self.box.decoration(canvas, self.width, self.height)
            else:
                with tagger.artifact(canvas.addLiteral):
                    self.box.decoration(canvas, self.width, self.height)
        top = self.height - self.box.top
        for index, child in enumerate(self.children):
            top -= self._gap(index)
            height = self._heights[index]
            if index == 0 and self.label is not None:
                self._draw_label(canvas, child, top)
            child.drawOn(canvas, self.box.left, top - height)
            top -= height

    def _draw_label(self, canvas: Canvas, first: Flowable, top: float) -> None:
        label = self.label
        assert label is not None
        size = first.style.fontSize if isinstance(first, Paragraph) else label.size
        baseline = top - size
        canvas.saveState()
        canvas.setFillColor(label.color)
        tagger = tagger_of(canvas)
        x = label.x
        if label.mirrored:
            x = self.width - label.x - text_width(label.text, label.fonts, label.size, bold=label.bold)
        if tagger is None or label.elem is None:
            draw_text(canvas, x, baseline, label.text, label.fonts, label.size, bold=label.bold)
        else:
            with tagger.marked(canvas.addLiteral, label.elem, page_of(canvas)):
                draw_text(canvas, x, baseline, label.text, label.fonts, label.size, bold=label.bold)
        canvas.restoreState()
