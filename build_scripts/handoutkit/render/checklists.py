"""Checklists (a box to tick before each item) and terms (words to know, with what they mean).

Both are lists to the structure tree: L > LI > Lbl + LBody. A checklist item's Lbl is its drawn box
(a path, so no font needs a ballot-box glyph) and, when the checklist is fillable, its LBody holds
the Form element of the checkbox field over that box, before the item's text. A term's Lbl is the
term, in bold on its own line, and its LBody the definition under it, indented.

Each item and each term moves whole to the next page rather than split; the list splits between
them, and a checklist's title goes with its first item.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..inline import plain_text
from ..model import Checklist, Inlines, Terms
from .flowables import CheckboxField, add_checkbox, page_of, tagger_of
from .stack import Box, Stack
from .tagging import Elem
from .texttree import BOLD

if TYPE_CHECKING:  # blocks.py imports this module
    from .blocks import _Context

BOX = 0.9  # the side of a checklist's box, in ems of the item text
BOX_MIDDLE = 0.35  # the box's middle above the baseline, in ems: the middle of a capital letter
BOX_GAP = 0.7  # ems between the box and the item text, at least
ITEM_SPACE = 0.5  # ems between checklist items, beyond the space between list items
TERM_INDENT = 1.0  # the indent of a definition under its term, in ems
BALLOT_BOX = "\u2610"  # what a printed (not fillable) box reads as


def checklist(block: Checklist, ctx: _Context, parent: Elem | None, *, key: str, heading: Inlines) -> list[Flowable]:
    """The optional title (bold, kept with the first item), then one kept stack per item: its box
    and its text. The fields are named ``checklist-{key}-{n}``, with the item's text as tooltip."""
    if not block.items:  # validation gives at least one
        return []
    sheet = ctx.sheet
    style = ctx.styles.item
    size = style.fontSize
    side = size * BOX
    indent = max(size * 1.6, side + size * BOX_GAP)  # the text column of bulleted lists, or wider
    color, mark = HexColor(sheet.colors.heading), HexColor(sheet.colors.text)
    group = ctx.elem("Div", parent, T=plain_text(block.title)) if block.title else parent
    title = ctx.text(block.title, ctx.styles.note_title, ctx.elem("P", group), BOLD) if block.title else None
    items = ctx.elem("L", group)
    stacks: list[Flowable] = []
    for number, item in enumerate(block.items, 1):
        li = ctx.elem("LI", items)
        # A printed box reads as a ballot box; a fillable one leaves that to its field, which says
        # whether it is ticked.
        label = ctx.elem("Lbl", li) if block.fillable else ctx.elem("Lbl", li, ActualText=BALLOT_BOX)
        body = ctx.elem("LBody", li)
        field = None
        if block.fillable:
            tooltip = plain_text(item).strip() or plain_text(block.title or heading)
            field = CheckboxField(f"checklist-{key}-{number}", tooltip, ctx.elem("Form", body))
        box = TickBox(side, -indent, size, color, mark, label, field, mirrored=sheet.right_to_left)
        text = ctx.text(item, style, body)
        text.spaceAfter = sheet.spacing.list_item + size * ITEM_SPACE
        stacks.append(Stack([box, text], box=Box.sided(start=indent, rtl=sheet.right_to_left), keep=True, lead=True))
    stacks[-1].spaceAfter = sheet.spacing.paragraph  # set off like a paragraph
    if title is not None:
        stacks[0] = Stack([title, stacks[0]], lead=True)  # the title never ends a page
    stacks[0].spaceBefore = sheet.spacing.paragraph * 0.5
    return stacks


def terms(block: Terms, ctx: _Context, parent: Elem | None) -> list[Flowable]:
    """One kept stack per term: the term in bold (the Lbl), and its definition under it (the LBody)."""
    if not block.terms:  # validation gives at least one
        return []
    sheet = ctx.sheet
    size = ctx.styles.item.fontSize
    definition_style = ParagraphStyle(
        "definition", parent=ctx.styles.item, leftIndent=size * TERM_INDENT, spaceAfter=sheet.spacing.paragraph
    )
    term_style = ParagraphStyle("term", parent=ctx.styles.note_title, spaceAfter=size * 0.15)
    entries = ctx.elem("L", parent)
    stacks: list[Flowable] = []
    for entry in block.terms:
        li = ctx.elem("LI", entries)
        term = ctx.text(entry.term, term_style, ctx.elem("Lbl", li), BOLD)
        definition = ctx.text(entry.definition, definition_style, ctx.elem("LBody", li))
        stacks.append(Stack([term, definition], keep=True, lead=True))
    stacks[0].spaceBefore = sheet.spacing.paragraph * 0.5
    return stacks


class TickBox(Flowable):
    """A checklist item's box, drawn beside the first line of the text after it in its stack (it has
    no height of its own); the Lbl's content, under the item's checkbox field when there is one.

    ``x`` is the box's left edge from the text's; ``size`` is the text's font size, whose first
    baseline lies that far below the text's top.
    """

    def __init__(
        self,
        side: float,
        x: float,
        size: float,
        color: Color,
        mark: Color,
        elem: Elem | None,
        field: CheckboxField | None,
        *,
        mirrored: bool = False,
    ) -> None:
        super().__init__()
        self.side, self.x, self.size, self.color, self.mark = side, x, size, color, mark
        self.elem, self.field, self.mirrored = elem, field, mirrored
        self.column = 0.0  # the text's width, for a mirrored box (right of the text, as far as ``x`` is left)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        self.width, self.height, self.column = 0.0, 0.0, availWidth
        return 0.0, 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        canvas = self.canv
        side = self.side
        bottom = -self.size + self.size * BOX_MIDDLE - side / 2
        line = max(0.75, self.size * 0.065)
        left = self.column - self.x - side if self.mirrored else self.x
        tagger = tagger_of(canvas)
        canvas.saveState()
        with tagger.marked(canvas.addLiteral, self.elem, page_of(canvas)) if tagger and self.elem else nullcontext():
            canvas.setStrokeColor(self.color)
            canvas.setLineWidth(line)
            inset = line / 2  # the stroke lies inside the box's side
            canvas.roundRect(
                left + inset, bottom + inset, side - line, side - line, radius=side * 0.12, stroke=1, fill=0
            )
        if self.field is not None:
            canvas.translate(left, bottom)
            add_checkbox(canvas, self.field, side, self.mark)
        canvas.restoreState()
