"""Tagged-PDF structure: the structure tree as pages are drawn, and the marked content that ties them.

The renderer asks for tags (``Tagger.element``, ``Tagger.marked``, ``Tagger.artifact``, and the inline
marks in paragraph text); this module decides which operators go into the content streams and keeps
the record from which ``pdfua.py`` writes the structure tree. It writes no PDF objects itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from msgspec import Struct, field

from .rltree import Child, Tag, tag

# A paragraph's inline marks call back into the canvas by this name (ReportLab's <onDraw/>).
CALLBACK = "handoutkit_tag"


class Marked(Struct, frozen=True):
    """A marked-content sequence: page index and MCID."""

    page: int
    mcid: int


class LinkStart(Struct, frozen=True):
    """Where a Link element's text starts (page index, x and baseline y in page space)."""

    page: int
    x: float
    y: float


class Elem(Struct, eq=False):
    """One structure element: its role, attributes and children, in reading order."""

    role: str
    parent: Elem | None = None
    attrs: dict[str, str] = field(default_factory=dict)  # Lang, Alt, T (title), Contents (links)
    kids: list[Elem | Marked] = field(default_factory=list)
    attached: bool = False  # in its parent's kids yet: that happens when its first content is drawn


# Where content-stream operators go: the canvas, or a text object while a paragraph draws.
Emitter = Callable[[str], None]


class Tagger:
    """Builds the structure tree and hands out MCIDs per page while the layout draws."""

    def __init__(self) -> None:
        self.root = Elem("Document", attached=True)
        self.link_starts: list[tuple[Elem, LinkStart]] = []  # in drawing (so reading) order
        self.fields: dict[str, Elem] = {}  # form field name (/T) -> the Form element of its widget
        self._next: dict[int, int] = {}
        self._ids: list[Elem] = []
        self._numbers: dict[Elem, int] = {}  # each element's index in _ids
        self._stack: list[Elem] = []  # elements open in the paragraph being drawn

    # --- building the tree (at flowable construction, so structure order is reading order) ---

    def element(self, role: str, parent: Elem | None = None, **attrs: str) -> Elem:
        """A new element; it joins its parent's children when its first content is drawn, so the
        tree keeps reading order (a paragraph's own text, then its link, then more text), and an
        element that never draws anything is never in the tree."""
        return Elem(role, parent or self.root, dict(attrs))

    def inline(self, elem: Elem, *, start: bool) -> Tag:
        """A mark in paragraph text that opens (or closes) ``elem`` at this point of the text."""
        number = self._numbers.get(elem)
        if number is None:
            number = self._numbers[elem] = len(self._ids)
            self._ids.append(elem)
        action = "open" if start else "close"
        return self.mark(f"{action}:{number}")

    @staticmethod
    def mark(label: str) -> Tag:
        return tag("ondraw", [], name=CALLBACK, label=label)

    # --- drawing ---

    def begin(self, emit: Emitter, elem: Elem, page: int) -> None:
        _attach(elem)
        mcid = self._next.get(page, 0)
        self._next[page] = mcid + 1
        elem.kids.append(Marked(page, mcid))
        emit(f"/{_tag(elem.role)} <</MCID {mcid}>> BDC")

    @contextmanager
    def marked(self, emit: Emitter, elem: Elem, page: int) -> Iterator[None]:
        """Content drawn inside is ``elem``'s (a list label, say)."""
        self.begin(emit, elem, page)
        yield
        emit("EMC")

    @staticmethod
    @contextmanager
    def artifact(emit: Emitter, kind: str = "Layout", subtype: str = "") -> Iterator[None]:
        """Content drawn inside is decoration or page furniture, not part of the document."""
        extra = f" /Subtype /{subtype}" if subtype else ""
        emit(f"/Artifact <</Type /{kind}{extra}>> BDC")
        yield
        emit("EMC")

    def release(self) -> None:
        """Forget the tree once it is written: its elements refer to their parents and their parents
        to them, a cycle only the garbage collector would otherwise free (hundreds per handout)."""
        elems = [self.root]
        while elems:
            elem = elems.pop()
            elems.extend(kid for kid in elem.kids if isinstance(kid, Elem))
            elem.kids = []
        self._ids, self._numbers, self._stack = [], {}, []
        self.link_starts, self.fields = [], {}

    def form_field(self, elem: Elem, name: str) -> None:
        """The widget annotation of form field ``name``, just drawn, is ``elem``'s content (a Form)."""
        _attach(elem)
        self.fields[name] = elem

    def start_paragraph(self, elem: Elem) -> None:
        self._stack = [elem]

    def resume_paragraph(self, stack: list[Elem]) -> None:
        """A paragraph continued from the previous page starts inside what was open there."""
        self._stack = list(stack)

    def open_paragraph(self, emit: Emitter, page: int) -> None:
        self.begin(emit, self._stack[-1], page)

    def close_paragraph(self, emit: Emitter) -> list[Elem]:
        emit("EMC")
        return list(self._stack)

    def switch(self, emit: Emitter, label: str, page: int, where: Callable[[], tuple[float, float]]) -> None:
        """Inline marks reached while drawing text: close the open sequence, open the next.

        ``label`` holds one or more marks ("open:3;open:1"), so an element opened right where
        another opens (a citation's Reference and its first Link) gets no empty sequence of its own.
        ``where`` gives the position (page space) for a Link's start.
        """
        emit("EMC")
        for mark in label.split(";"):
            action, _, index = mark.partition(":")
            elem = self._ids[int(index)]
            if action == "open":
                self._stack.append(elem)
                if elem.role == "Link":
                    self.link_starts.append((elem, LinkStart(page, *where())))
            elif self._stack and self._stack[-1] is elem:
                self._stack.pop()
        self.begin(emit, self._stack[-1], page)


def merge_marks(children: list[Child]) -> list[Child]:
    """Paragraph text with each run of adjacent inline marks made one mark (see ``Tagger.switch``)."""
    merged: list[Child] = []
    for child in children:
        if isinstance(child, str):
            merged.append(child)
        elif not _is_mark(child):
            name, attrs, kids = child
            merged.append((name, attrs, merge_marks(kids)))
        elif merged and _is_mark(previous := merged[-1]):
            merged[-1] = Tagger.mark(f"{_label(previous)};{_label(child)}")
        else:
            merged.append(child)
    return merged


def _is_mark(child: Child) -> bool:
    return not isinstance(child, str) and child[0] == "ondraw" and (child[1] or {}).get("name") == CALLBACK


def _label(mark: Child) -> str:
    assert not isinstance(mark, str) and mark[1] is not None
    return mark[1]["label"]


def _attach(elem: Elem) -> None:
    if elem.attached or elem.parent is None:
        return
    _attach(elem.parent)
    elem.parent.kids.append(elem)
    elem.attached = True


def _tag(role: str) -> str:
    return role if role.isalnum() else "Span"
