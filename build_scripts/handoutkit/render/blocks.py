"""Turn the handout's blocks into ReportLab flowables, one small function per block kind.

Each flowable is built together with its structure element, so the structure tree follows the
reading order of the handout, whatever the page layout does.
"""

from __future__ import annotations

from msgspec import Struct
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ..inline import plain_text
from ..language.words import Words
from ..model import (
    Block,
    Checklist,
    Figure,
    FigureRow,
    Handout,
    Inlines,
    ItemList,
    Link,
    Note,
    QrCode,
    Reference,
    Subheading,
    Table,
    Terms,
    Text,
    WriteIn,
)
from ..model import Paragraph as ParagraphBlock
from ..style.sheet import Stylesheet
from ..transforms.ama import format_reference
from .checklists import checklist, terms
from .figures import figure, figure_row
from .flowables import FormField, QrFigure, Rule, RuledLines, TaggedParagraph
from .fonts import FontChain, font_chain
from .furniture import text_width
from .rltree import Child, tag
from .stack import Box, Label, Stack
from .styles import ParagraphStyles, paragraph_styles
from .tables import table_grid
from .tagging import Elem, InlineLink, Tagger
from .texttree import BOLD, REGULAR, Face, InlineTags, anchor, to_tree

# Bullet marks and number formats by nesting level, so nested lists read differently.
_BULLETS = ("\u2022", "\u2013", "\u2022")
LABEL_GAP = 0.4  # ems between a list label and its text, at least
QR_SIZE = 1.1 * inch  # quiet zone included: large enough for any phone camera at reading distance


class Heading(TaggedParagraph):
    """A heading: a tagged paragraph that is also an entry in the PDF outline (bookmarks).

    ``outline`` is (title, level, key); level -1 is no entry (the handout's title, and the parts
    of a heading split across pages after the first).
    """

    outline: tuple[str, int, str] = ("", -1, "")
    body_text = False

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        if parts and isinstance(parts[0], Heading):
            parts[0].outline = self.outline
        return parts

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        title, level, key = self.outline
        if level >= 0:  # the entry goes to the page the heading is drawn on, wherever the layout put it
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(title, key, level=level, closed=False)
        super().drawOn(canvas, x, y, _sW)


class _Context(Struct, frozen=True):
    """What every block needs: style sheet, paragraph styles, font chains, words and the tagger."""

    sheet: Stylesheet
    styles: ParagraphStyles
    body: FontChain
    head: FontChain
    words: Words
    tagger: Tagger | None

    def elem(self, role: str, parent: Elem | None = None, **attrs: str) -> Elem | None:
        return self.tagger.element(role, parent, **attrs) if self.tagger is not None else None

    def text(
        self,
        inlines: Inlines,
        style: ParagraphStyle,
        elem: Elem | None,
        face: Face = REGULAR,
        *,
        prefix: tuple[Child, ...] = (),
    ) -> TaggedParagraph:
        tree, links = self._tree(inlines, self.body, face, elem)
        return TaggedParagraph([*prefix, *tree], style, elem=elem, links=links)

    def heading(self, inlines: Inlines, style: ParagraphStyle, elem: Elem | None, *, level: int, key: str) -> Heading:
        tree, links = self._tree(inlines, self.head, BOLD, elem)
        heading = Heading(tree, style, elem=elem, links=links)  # heading styles are bold
        heading.outline = (plain_text(inlines), level, key)
        return heading

    def _tree(
        self, inlines: Inlines, fonts: FontChain, face: Face, elem: Elem | None
    ) -> tuple[list[Child], tuple[InlineLink, ...]]:
        """The text of ``inlines``; tagged, with its links, which are elements inside ``elem``."""
        if self.tagger is None or elem is None:
            return to_tree(inlines, self.sheet, fonts, face), ()
        tags = InlineTags(self.tagger, elem, self.words.template("citation_link"))
        return to_tree(inlines, self.sheet, fonts, face, tags=tags), tuple(tags.links)


def flowables(handout: Handout, sheet: Stylesheet, words: Words, tagger: Tagger | None) -> list[Flowable]:
    """Every flowable of the handout, in reading order."""
    ctx = _Context(
        sheet, paragraph_styles(sheet), font_chain(sheet.body_fonts), font_chain(sheet.heading_fonts), words, tagger
    )
    styles = ctx.styles
    story: list[Flowable] = [ctx.heading(handout.title, styles.title, ctx.elem("H1"), level=-1, key="")]
    if handout.subtitle:
        story.append(ctx.text(handout.subtitle, styles.subtitle, ctx.elem("P")))
    rule = HexColor(sheet.colors.rule)
    story.append(Rule(width="100%", thickness=1.2, color=rule, spaceBefore=2, spaceAfter=sheet.sizes.body * 0.8))
    if handout.summary:
        story.append(ctx.text(handout.summary, styles.summary, ctx.elem("P")))
    for index, section in enumerate(handout.sections, 1):
        sect = ctx.elem("Sect")
        story.append(
            ctx.heading(section.heading, styles.heading, ctx.elem("H2", sect), level=0, key=f"section-{index}")
        )
        for number, block in enumerate(section.blocks, 1):
            story.extend(_block(block, ctx, sect, key=f"section-{index}-{number}", heading=section.heading))
    if handout.url:  # the online version, after the content and before the sources
        story.append(_qr(QrCode(handout.url), ctx, None))
    story.extend(_references(handout, ctx))
    return kept_with_next(story)


def kept_with_next(flowables: list[Flowable]) -> list[Flowable]:
    """``flowables`` with each heading grouped with what follows it, so that no heading ends a page.

    A group splits only inside what follows the heading (a paragraph keeps two lines with it); a
    heading before a heading makes a group of groups.
    """
    out: list[Flowable] = []
    for flowable in reversed(flowables):
        if out and isinstance(flowable, Paragraph) and getattr(flowable.style, "keepWithNext", False):  # headings
            out[-1] = Stack([flowable, out[-1]], lead=True)
        else:
            out.append(flowable)
    out.reverse()
    return out


def _block(block: Block, ctx: _Context, parent: Elem | None, *, key: str, heading: Inlines) -> list[Flowable]:
    match block:
        case ParagraphBlock(content):
            return [ctx.text(content, ctx.styles.body, ctx.elem("P", parent))]
        case Subheading(content):
            return [ctx.heading(content, ctx.styles.subheading, ctx.elem("H3", parent), level=1, key=key)]
        case ItemList():
            items = _list(block, ctx, ctx.elem("L", parent), depth=0)
            items[-1].spaceAfter = ctx.sheet.spacing.paragraph  # a list is set off like a paragraph
            return items
        case Note():
            return [_note(block, ctx, parent, key=key)]
        case WriteIn(title):  # an untitled write-in's field is named by its section
            return [_write_in(block, ctx, parent, key=key, label=title or heading)]
        case QrCode():
            return [_qr(block, ctx, parent)]
        case Checklist():
            return checklist(block, ctx, parent, key=key, heading=heading)
        case Terms():
            return terms(block, ctx, parent)
        case Figure():
            return [figure(block, ctx, parent)]
        case FigureRow():
            return figure_row(block, ctx, parent)
        case Table():
            return [table_grid(block, ctx, parent, key=key, heading=heading)]
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - the model has no others


def _list(items: ItemList, ctx: _Context, elem: Elem | None, *, depth: int) -> list[Flowable]:
    """One stack per item: its label (bullet or number) and its text, with any nested list."""
    size = ctx.sheet.sizes.body
    color = HexColor(ctx.sheet.colors.heading)
    marks = [
        _number(number, depth) if items.ordered else _BULLETS[depth % 3] for number in range(1, len(items.items) + 1)
    ]
    widths = [text_width(mark, ctx.body, size, bold=items.ordered) for mark in marks]
    # The label column: labels end a gap of LABEL_GAP before the text, numbers aligned on their
    # right (``9.`` under ``10.``); wide enough for the widest label at any size.
    indent = max(size * 1.6, size * 0.3 + max(widths) + size * LABEL_GAP)
    rtl = ctx.sheet.right_to_left  # labels on the right
    stacks: list[Flowable] = []
    for number, item in enumerate(items.items, 1):
        li = ctx.elem("LI", elem)
        mark = marks[number - 1]
        x = indent - size * LABEL_GAP - widths[number - 1] if items.ordered else indent - size * 1.0
        label = Label(mark, ctx.body, items.ordered, size, color, ctx.elem("Lbl", li), x=x, mirrored=rtl)
        body = ctx.elem("LBody", li)
        children: list[Flowable] = [ctx.text(item.content, ctx.styles.item, body)]
        if item.sublist is not None:
            children.extend(_list(item.sublist, ctx, ctx.elem("L", body), depth=depth + 1))
        stacks.append(Stack(children, box=Box.sided(start=indent, rtl=rtl), label=label))
    return stacks


def _number(number: int, depth: int) -> str:
    """1. 2. 3., then a. b. c., then i. ii. iii. for lists nested in lists."""
    if depth % 3 == 1:
        return f"{chr(ord('a') + (number - 1) % 26)}."
    if depth % 3 == 2:
        return f"{_roman(number)}."
    return f"{number}."


def _roman(number: int) -> str:
    numerals = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _note(note: Note, ctx: _Context, parent: Elem | None, *, key: str) -> Flowable:
    warning = note.kind == "warning"
    colors = ctx.sheet.colors
    background = HexColor(colors.warning_background if warning else colors.note_background)
    border = HexColor(colors.warning_border if warning else colors.note_border)
    title = note.title or (Text(ctx.words.text("note_warning" if warning else "note_info")),)
    rtl = ctx.sheet.right_to_left
    div = ctx.elem("Div", parent, T=plain_text(title))
    children: list[Flowable] = [ctx.text(title, ctx.styles.note_title, ctx.elem("P", div), BOLD)]
    for index, block in enumerate(note.blocks):
        children.extend(_note_block(block, ctx, div, first=index == 0, key=f"{key}-{index + 1}"))

    def decorate(canvas: Canvas, width: float, height: float) -> None:
        canvas.saveState()
        canvas.setFillColor(background)
        canvas.rect(0, 0, width, height, stroke=0, fill=1)
        canvas.setFillColor(border)
        canvas.rect(width - 4 if rtl else 0, 0, 4, height, stroke=0, fill=1)  # the bar on the side lines start
        canvas.restoreState()

    pad = ctx.sheet.sizes.body * 0.8
    box = Box.sided(start=pad + 4, end=pad, top=pad * 0.8, bottom=pad * 0.8, decoration=decorate, rtl=rtl)
    return _kept(Stack(children, box=box), ctx)


def _note_block(
    block: ParagraphBlock | ItemList | Subheading, ctx: _Context, div: Elem | None, *, first: bool, key: str
) -> list[Flowable]:
    """One block inside a note, in the note's Div: a paragraph is set off as in the body, and a list
    stays close to the line that introduces it."""
    match block:
        case ParagraphBlock(content):
            paragraph = ctx.text(content, ctx.styles.note_body, ctx.elem("P", div))
            if not first:
                paragraph.spaceBefore = ctx.sheet.spacing.paragraph
            return [paragraph]
        case Subheading(content):  # a section's heading is H2, so a heading inside it is H3
            return [ctx.heading(content, ctx.styles.subheading, ctx.elem("H3", div), level=1, key=key)]
        case ItemList():
            items = _list(block, ctx, ctx.elem("L", div), depth=0)
            if not first:
                items[0].spaceBefore = ctx.sheet.spacing.list_item
            return items
    raise TypeError(f"unknown note block {block!r}")  # pragma: no cover - the model has no others


def _write_in(block: WriteIn, ctx: _Context, parent: Elem | None, *, key: str, label: Inlines) -> Flowable:
    """Its title, then ruled lines about two body lines apart, with a text field over them."""
    attrs = {"T": plain_text(block.title)} if block.title else {}
    div = ctx.elem("Div", parent, **attrs)
    children: list[Flowable] = []
    if block.title:
        children.append(ctx.text(block.title, ctx.styles.note_title, ctx.elem("P", div), BOLD))
    size = ctx.sheet.sizes.body
    form = FormField(f"write-in-{key}", plain_text(label), size, ctx.elem("Form", div)) if block.fillable else None
    spacing = ctx.sheet.sizes.leading * 2
    children.append(RuledLines(block.lines, spacing, HexColor(ctx.sheet.colors.rule), form=form))
    return _kept(Stack(children), ctx)


def _qr(block: QrCode, ctx: _Context, parent: Elem | None) -> Flowable:
    """An optional caption, the QR code (a Figure), and the address it holds as a link."""
    div = ctx.elem("Div", parent)
    children: list[Flowable] = []
    if block.caption:
        children.append(ctx.text(block.caption, ctx.styles.note_title, ctx.elem("P", div), BOLD))
    figure = ctx.elem("Figure", div, Alt=ctx.words.text("qr_code", url=block.url))
    children.append(QrFigure(block.url, QR_SIZE, figure, font=ctx.body.primary.regular))
    address = (Link((Text(block.url),), block.url),)
    children.append(ctx.text(address, ctx.styles.reference, ctx.elem("P", div)))
    return _kept(Stack(children), ctx)


def _kept(stack: Stack, ctx: _Context) -> Flowable:
    """A block set off by space and kept on one page (one taller than a page still splits)."""
    stack.spaceBefore, stack.spaceAfter = ctx.sheet.spacing.paragraph * 0.5, ctx.sheet.spacing.paragraph * 1.5
    stack.keep = True
    stack.children = kept_with_next(stack.children)  # its title never ends a page
    return stack


def _references(handout: Handout, ctx: _Context) -> list[Flowable]:
    if not handout.references:
        return []
    title = ctx.words.text("references")
    sect = ctx.elem("Sect")
    heading = ctx.heading((Text(title),), ctx.styles.heading, ctx.elem("H2", sect), level=0, key="references")
    story: list[Flowable] = [heading]
    entries = ctx.elem("L", sect)
    size = ctx.sheet.sizes.references
    for number, ref in enumerate(handout.references, 1):
        story.append(_entry(number, ref, ctx, entries, size))
    return story


def _entry(number: int, ref: Reference, ctx: _Context, parent: Elem | None, size: float) -> Stack:
    """One numbered entry; an entry is read as one unit, so it moves whole to the next page."""
    li = ctx.elem("LI", parent)
    rtl = ctx.sheet.right_to_left
    label = Label(
        f"{number}.", ctx.body, False, size, HexColor(ctx.sheet.colors.text), ctx.elem("Lbl", li), x=0.0, mirrored=rtl
    )
    attrs = {"Lang": ref.language} if ref.language else {}
    entry = ctx.elem("BibEntry", ctx.elem("LBody", li), **attrs)
    prefix = (tag("a", [], name=anchor(number)),)  # the destination of its citations' links
    text = ctx.text(format_reference(ref, ctx.words), ctx.styles.reference, entry, prefix=prefix)
    return Stack([text], box=Box.sided(start=size * 2.0, rtl=rtl), label=label, keep=True)
