"""Tagged-PDF structure: the structure tree as pages are drawn, and the marked content that ties them.

The renderer asks for tags (``Tagger.element``, ``Tagger.marked``, ``Tagger.artifact``, and the links
of paragraph text); this module decides which operators go into the content streams and keeps the
record from which ``pdfua.py`` writes the structure tree. It writes no PDF objects itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from msgspec import Struct, field


class TagError(Exception):
    """The tags cannot follow the text as ReportLab set it: a bug, since the content cannot cause it."""


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
    bbox: tuple[float, float, float, float] | None = None  # a Figure's box in page space, set as it is drawn


# Where content-stream operators go: the canvas, or a text object while a paragraph draws.
Emitter = Callable[[str], None]


class Tagger:
    """Builds the structure tree and hands out MCIDs per page while the layout draws."""

    def __init__(self) -> None:
        self.root = Elem("Document", attached=True)
        self.link_starts: list[tuple[Elem, LinkStart]] = []  # in drawing (so reading) order
        self.fields: dict[str, Elem] = {}  # form field name (/T) -> the Form element of its widget
        self._next: dict[int, int] = {}

    # --- building the tree (at flowable construction, so structure order is reading order) ---

    def element(self, role: str, parent: Elem | None = None, **attrs: str) -> Elem:
        """A new element; it joins its parent's children when its first content is drawn, so the
        tree keeps reading order (a paragraph's own text, then its link, then more text), and an
        element that never draws anything is never in the tree."""
        return Elem(role, parent or self.root, dict(attrs))

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
        self.link_starts, self.fields = [], {}

    def attach(self, elem: Elem) -> None:
        """``elem`` joins the tree now, though nothing is drawn in it yet (an empty table cell keeps its place)."""
        _attach(elem)

    def form_field(self, elem: Elem, name: str) -> None:
        """The widget annotation of form field ``name``, just drawn, is ``elem``'s content (a Form)."""
        _attach(elem)
        self.fields[name] = elem

    def tag_text(self, code: list[str], stack: list[Elem], events: list[LinkEvent], page: int) -> list[Elem]:
        """Put the marked-content operators into the code of a paragraph's text object, in place.

        ``stack`` is what is open where the text starts: the paragraph's element, and what was
        still open where the previous part of a split paragraph stopped. ``events`` say where links
        start and end in ``code``. A sequence opens just before the first operator that shows its
        element's text, so none is empty: a citation's Reference and its first Link open at once,
        and a line that ends a link opens nothing until more text follows. Returns what is still
        open at the end.
        """
        stack = list(stack)
        out: list[str] = []
        showing: Elem | None = None  # the element whose sequence is open
        pending = iter(events)  # in code order
        event = next(pending, None)
        for index, entry in enumerate(code):
            while event is not None and event.index == index:
                self._follow(event, stack, page)
                event = next(pending, None)
            if entry == "ET" and showing is not None:  # a shaped line's text objects: none spans two
                out.append("EMC")
                showing = None
            if showing is not stack[-1] and _shows_text(entry):
                if showing is not None:
                    out.append("EMC")
                showing = stack[-1]
                self.begin(out.append, showing, page)
            out.append(entry)
        while event is not None:
            self._follow(event, stack, page)
            event = next(pending, None)
        if showing is not None:
            out.append("EMC")
        code[:] = out
        return stack

    def _follow(self, event: LinkEvent, stack: list[Elem], page: int) -> None:
        link = event.link
        if event.where is not None:  # a start
            stack.extend(elem for elem in link.opens if elem not in stack)
            if stack[-1] is not link.elem:  # a split paragraph's part may start inside the link
                stack.append(link.elem)
            self.link_starts.append((link.elem, LinkStart(page, *event.where)))
            return
        for elem in (link.elem, *link.closes):
            if len(stack) > 1 and stack[-1] is elem:
                stack.pop()


class InlineLink(Struct, frozen=True):
    """A link in paragraph text, as the structure tree sees it: its Link element, and the elements
    that open as it starts (a citation's Reference, at its first link) or close as it ends (at its last).

    ReportLab numbers a paragraph's links in text order; a paragraph keeps its ``InlineLink`` in the
    same order, and ``href`` checks that the two agree.
    """

    elem: Elem
    href: str
    opens: tuple[Elem, ...] = ()
    closes: tuple[Elem, ...] = ()


class LinkEvent(Struct, frozen=True):
    """Where, in a text object's code, a link starts (with its position in page space) or ends."""

    index: int  # it applies just before code[index]
    link: InlineLink
    where: tuple[float, float] | None = None  # None: the link ends


def _shows_text(entry: str) -> bool:
    """Whether a piece of text-object code shows text: ReportLab writes Tj and TJ only; a shaped
    cluster's text opens with its /ActualText (``shaping.write_line``), inside its element's sequence."""
    return "Tj" in entry or "TJ" in entry or entry.startswith("/Span <</ActualText")


def _attach(elem: Elem) -> None:
    if elem.attached or elem.parent is None:
        return
    _attach(elem.parent)
    elem.parent.kids.append(elem)
    elem.attached = True


def _tag(role: str) -> str:
    return role if role.isalnum() else "Span"
