"""Flowables that carry structure tags: paragraphs, rules, ruled write-in lines, checkbox fields and QR codes."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from functools import partial
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace
from reportlab.lib.colors import Color, black
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import HRFlowable

from . import shapedpara
from .addresses import addresses_in, frag_words, may_be_wider
from .linebreak import cjk_lines, lines_as_fragments
from .rltree import Child, fragments, plain
from .tagging import Elem, InlineLink, LinkEvent, TagError, Tagger


def tagger_of(canvas: Canvas) -> Tagger | None:
    """The canvas's tagger, when the PDF is being tagged."""
    tagger: Tagger | None = getattr(canvas, "tagger", None)
    return tagger


def page_of(canvas: Canvas) -> int:
    return int(canvas.getPageNumber()) - 1


def body_lines(flowable: Flowable) -> int:
    """The lines of text (headings aside) a wrapped flowable draws, inside it too: how full a page is."""
    if isinstance(flowable, TaggedParagraph):
        return len(flowable.blPara.lines) if flowable.body_text else 0  # type: ignore[attr-defined]  # set by wrap
    inside: Callable[[], Iterable[Flowable]] | None = getattr(flowable, "inside", None)
    return sum(body_lines(child) for child in inside()) if inside is not None else 0


class _Continuation(Struct, eq=False):
    """Shared by the parts of a split paragraph: what was open where the previous part stopped."""

    stack: list[Elem] = field(default_factory=list)


class TaggedParagraph(Paragraph):
    """A paragraph whose text is one structure element (with inline Links and References inside).

    Its text is a tuple tree (``rltree``), set straight into fragments; ReportLab makes the parts of
    a split paragraph from fragments too (``text`` None). ``links`` are its links in text order.
    """

    body_text = True  # its lines count towards the lines of text a page holds (headings do not)

    def __init__(
        self,
        text: list[Child] | None,
        style: ParagraphStyle,
        *args: Any,
        elem: Elem | None = None,
        links: tuple[InlineLink, ...] = (),
        **kwargs: Any,
    ) -> None:
        if text is not None:
            kwargs["frags"] = fragments(text, style)
        super().__init__(plain(text) if text is not None else "", style, *args, **kwargs)
        self.elem = elem
        self.links = links
        # The printed addresses in its text, which break only where an address may (``addresses``),
        # and the narrowest line its words have been cut for (the cuts hold at any width).
        self.addresses = addresses_in(text) if text is not None else ()
        self._cut_for = math.inf
        self._continues = _Continuation()

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> Any:  # noqa: N802 - ReportLab's name
        """Its lines; an address wider than the line breaks only at its break points (``addresses``).

        Chinese and Japanese text breaks between characters, with its own rules (``linebreak``).
        """
        if getattr(self.style, "line_breaking", "") == "shaped":
            return shapedpara.break_lines(self, width)
        if getattr(self.style, "line_breaking", "") == "cjk":
            if getattr(self, "_splitpara", 0) and hasattr(self, "blPara"):
                return self.blPara  # the first part of a split paragraph: the lines it was given
            widths = list(width) if isinstance(width, list | tuple) else [width]
            self.height = 0
            autoleading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
            return cjk_lines(self.frags, widths, autoleading not in ("", "off"))
        if self.addresses:
            line = min(width) if isinstance(width, list | tuple) else width
            if line < self._cut_for and may_be_wider(self.addresses, self.style.fontName, self.style.fontSize, line):
                self.frags = frag_words(self.frags, self.addresses, line)
                self._cut_for = line
        return super().breakLines(width)

    def _get_split_blParaFunc(self) -> Callable[[Any, int, int], list[Any]]:  # noqa: N802 - ReportLab's name
        """How a split part's fragments come from the lines; Chinese and Japanese lines join as they are.

        ReportLab ends each line but the last with a space, for words that broke at one; a Chinese
        line breaks between characters, and such a space would be copied out inside a sentence.
        """
        if getattr(self.style, "line_breaking", "") == "cjk" and self.blPara.kind == 1:  # type: ignore[attr-defined]
            return lines_as_fragments
        return super()._get_split_blParaFunc()  # type: ignore[no-any-return, misc]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        if getattr(self.style, "line_breaking", "") == "shaped":
            return shapedpara.split(self, availWidth, availHeight)  # the parts share its state
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, TaggedParagraph):
                part.elem, part.links, part._continues = self.elem, self.links, self._continues
                part.addresses, part._cut_for = self.addresses, self._cut_for  # its words keep the cuts
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab's name
        if getattr(self.style, "line_breaking", "") == "shaped":
            shapedpara.draw(self)
            return
        super().drawPara(debug)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tagger = tagger_of(canvas)
        if tagger is None or self.elem is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
            return
        stack = self._continues.stack or [self.elem]
        marks = TextMarks(tagger, self._continues, stack, self.links, page_of(canvas))
        canvas.text_marks = marks  # type: ignore[attr-defined]
        try:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
        finally:
            canvas.text_marks = None  # type: ignore[attr-defined]

    def beginText(self, x: float, y: float) -> PDFTextObject:  # noqa: N802 - ReportLab's name
        """The paragraph's text object; tagged, ReportLab tells it where each link starts and ends."""
        tx: PDFTextObject = super().beginText(x, y)
        marks: TextMarks | None = getattr(self.canv, "text_marks", None)
        if marks is None:
            return tx
        # A cycle, which the canvas breaks when the text is drawn. ReportLab calls it only for a
        # paragraph of more than one run, or of one with a background (see ``rltree.fragments``).
        tx._linkRecord = partial(marks.record, tx)  # type: ignore[attr-defined]
        return tx


class TextMarks(Struct):
    """A tagged paragraph's links while it draws: where they start and end in its one text object's
    code; the canvas calls ``wrap`` with that code before it draws the text."""

    tagger: Tagger
    continuation: _Continuation
    stack: list[Elem]
    links: tuple[InlineLink, ...]
    page: int
    events: list[LinkEvent] = field(default_factory=list)

    def record(self, tx: PDFTextObject, link: tuple[int, str], kind: str) -> None:
        """ReportLab's call as a link starts (after it has put out the link's first text) or ends
        (before the text that follows it, or at the end of a line)."""
        code: list[str] = tx._code  # type: ignore[attr-defined]
        if kind == "start":
            state = tx.XtraState  # type: ignore[attr-defined]
            x = state.links[link][0][1]
            self.start(len(code) - 1, link, tx._canvas, x, state.cur_y)  # type: ignore[attr-defined]
        else:
            self.events.append(LinkEvent(len(code), self._inline(link)))

    def start(self, index: int, link: tuple[int, str], canvas: Canvas, x: float, y: float) -> None:
        """``link`` starts before ``code[index]``, at (x, y) in the paragraph's space."""
        absolute = canvas._absRect((x, y, x, y), 1)  # type: ignore[attr-defined]
        self.events.append(LinkEvent(index, self._inline(link), (absolute[0], absolute[1])))

    def _inline(self, link: tuple[int, str]) -> InlineLink:
        number, href = link
        inline = self.links[number]
        if inline.href.strip() != href:
            raise TagError(f"link {number} of a paragraph is {href!r} to ReportLab but {inline.href!r} to its tags")
        return inline

    def wrap(self, code: list[str]) -> None:
        self.continuation.stack = self.tagger.tag_text(code, self.stack, self.events, self.page)


class Rule(HRFlowable):
    """A horizontal rule; decoration, so an artifact."""

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tagger = tagger_of(canvas)
        if tagger is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW
            return
        with tagger.artifact(canvas.addLiteral):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]  # the stubs miss _sW


class FormField(Struct, frozen=True):
    """A multi-line text field over ruled lines: its unique name, its tooltip, its Form element."""

    base: str  # unique in the handout
    tooltip: str
    font_size: float
    elem: Elem | None
    part: int = 1  # the part of a write-in split across pages

    @property
    def name(self) -> str:
        return self.base if self.part == 1 else f"{self.base}-{self.part}"

    def next_part(self) -> FormField:
        """The field of the part on the next page: a field and a Form element of its own."""
        elem = Elem("Form", self.elem.parent) if self.elem is not None else None
        return replace(self, elem=elem, part=self.part + 1)


class RuledLines(Flowable):
    """Lines to write on, ``spacing`` apart (decoration, so an artifact), under an optional text field.

    Kept whole where it fits; taller than a page, it splits between lines, and each part gets a
    field (and a Form element) of its own.
    """

    def __init__(self, count: int, spacing: float, color: Color, *, form: FormField | None) -> None:
        super().__init__()
        self.count, self.spacing, self.color, self.form = count, spacing, color, form

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width, self.height = availWidth, self.count * self.spacing
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        fits = int(availHeight // self.spacing)
        if not 1 <= fits < self.count:
            return []
        rest = self.form.next_part() if self.form is not None else None
        return [
            RuledLines(fits, self.spacing, self.color, form=self.form),
            RuledLines(self.count - fits, self.spacing, self.color, form=rest),
        ]

    def draw(self) -> None:
        canvas = self.canv
        tagger = tagger_of(canvas)
        with tagger.artifact(canvas.addLiteral) if tagger is not None else nullcontext():
            canvas.saveState()
            canvas.setStrokeColor(self.color)
            canvas.setLineWidth(0.75)
            for row in range(self.count):  # each line at the foot of its row, so the top row has room
                canvas.line(0, row * self.spacing, self.width, row * self.spacing)
            canvas.restoreState()
        if self.form is not None:
            self._field(canvas, self.form, tagger)

    def _field(self, canvas: Canvas, form: FormField, tagger: Tagger | None) -> None:
        canvas.acroForm.textfield(
            name=form.name,
            tooltip=form.tooltip,
            x=0,
            y=0,
            width=math.ceil(self.width),  # whole points, as the stubs say
            height=math.ceil(self.height),
            relative=True,
            fieldFlags="multiline",
            maxlen=0,  # notes of any length
            fillColor=None,  # transparent: the lines show through
            borderWidth=0,
            borderColor=None,
            textColor=black,
            fontSize=form.font_size,
        )
        if tagger is not None and form.elem is not None:
            tagger.form_field(form.elem, form.name)


CHECKED = "Yes"  # a ticked checkbox's value and appearance state (/V /Yes); an unticked one's is /Off


class CheckboxField(Struct, frozen=True):
    """A checkbox form field: its unique name, its tooltip (what ticking it means), its Form element."""

    name: str  # unique in the handout
    tooltip: str
    elem: Elem | None


def add_checkbox(canvas: Canvas, field: CheckboxField, size: float, mark: Color) -> None:
    """A checkbox widget ``size`` points square, its lower left corner at the canvas's origin.

    Unticked it shows nothing, so the box printed under it shows through (on paper as on screen);
    ticked it shows a tick in ``mark``, inside that box. Its appearances are paths: no font.
    """
    form = canvas.acroForm
    doc: Any = canvas._doc  # type: ignore[attr-defined]  # not in the stubs
    x, y = canvas.absolutePosition(0, 0)
    on, off = _appearance(form, size, _tick(size, mark)), _appearance(form, size, "")
    widget = PDFDictionary(
        {
            "Type": PDFName("Annot"),
            "Subtype": PDFName("Widget"),
            "FT": PDFName("Btn"),  # a checkbox: a button that is neither a push button nor a radio
            "Ff": 0,  # not required: a checklist is the patient's to tick or not
            "T": PDFString(field.name),
            "TU": PDFString(field.tooltip),
            "V": PDFName("Off"),
            "AS": PDFName("Off"),
            "AP": PDFDictionary({"N": PDFDictionary({CHECKED: on, "Off": off})}),
            # For viewers that draw the tick anew (when a tool has set NeedAppearances): ZapfDingbats' tick.
            "MK": PDFDictionary({"CA": PDFString("4")}),
            "DA": PDFString("/ZaDb 0 Tf 0 g"),
            "F": 4,  # printed
            "Rect": PDFArray([x, y, x + size, y + size]),
            "P": doc.thisPageRef(),
        }
    )
    canvas._addAnnotation(widget)  # type: ignore[attr-defined]  # not in the stubs
    form.fields.append(doc.Reference(widget))
    tagger = tagger_of(canvas)
    if tagger is not None and field.elem is not None:
        tagger.form_field(field.elem, field.name)


def _tick(size: float, color: Color) -> str:
    """A tick inside a box ``size`` points square, stroked with round ends."""
    points = ((0.24, 0.52), (0.42, 0.3), (0.76, 0.74))
    path = " ".join(f"{px * size:.2f} {py * size:.2f} {op}" for (px, py), op in zip(points, "mll", strict=True))
    red, green, blue = color.rgb()
    return f"q {red:.3f} {green:.3f} {blue:.3f} RG {size * 0.13:.2f} w 1 J 1 j {path} S Q"


def _appearance(form: Any, size: float, stream: str) -> PDFObjectReference:
    """A reference to an appearance stream, made once per form for each size and look."""
    made = form.makeStream(size, size, stream, Resources=PDFDictionary({"ProcSet": PDFArray([PDFName("PDF")])}))
    shared: dict[str, PDFObjectReference] = form._refMap  # ReportLab's own: its checkboxes share looks too
    key = made._af_refstr
    if key not in shared:
        shared[key] = form.getRef(made)
    return shared[key]


QUIET_MODULES = 4  # the white margin a QR code needs around it, in modules, as ISO/IEC 18004 asks


class QrFigure(Flowable):
    """A square QR code of ``url``, quiet zone included, drawn as the content of a Figure element."""

    def __init__(self, url: str, size: float, elem: Elem | None, *, font: str) -> None:
        # ReportLab's graphics (~15 ms to import) load only for handouts that have a QR code.
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing

        super().__init__()
        self.width = self.height = size
        code = QrCodeWidget(url, barWidth=size, barHeight=size, barLevel="M", barBorder=QUIET_MODULES)
        encoder = code.qr  # type: ignore[attr-defined]  # the widget's encoder, not in the stubs
        encoder.make()
        self.quiet = size * QUIET_MODULES / (encoder.getModuleCount() + 2 * QUIET_MODULES)
        # The renderer sets a font even for shapes: one the page has, or it would add Helvetica to it.
        self.drawing = Drawing(size, size, code, initialFontName=font)
        self.elem = elem

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        canvas = self.canv
        tagger = tagger_of(canvas)
        with tagger.marked(canvas.addLiteral, self.elem, page_of(canvas)) if tagger and self.elem else nullcontext():
            renderPDF.draw(self.drawing, canvas, -self.quiet, 0)  # the symbol, not its quiet zone, lines up
