"""Tables: a header row, rows of cells of inline text, and ruled empty rows to fill in (a log).

The structure tree is Table > (Caption), THead > TR > TH (each with /Scope /Column), TBody > TR >
TD. Cell text is ordinary paragraph text (``_Context.text``: bold, links, citations and filled
fields all work, and nothing is read as markup); it wraps inside its column and is drawn row by
row, cell after cell, so text copies out in reading order. Every cell of a row joins the tree as
the row is drawn, an empty one too, so each row holds one cell per column.

On paper: the header row on the style's note background, in bold and the heading colour, ruled off
with the heading colour; the cells ruled in the style's rule colour; blank rows two body lines
tall. With ``fillable`` each cell of a blank row is also a text field, named
``table-{key}-row-{row}-col-{column}`` and described by its column and row ("Dose, row 3": rows
are counted under the header).

Across pages: a table splits only between rows, and its header repeats at the top of every page it
goes on to, drawn there as a pagination artifact, so the structure tree holds it once. The caption
and the header go with at least the first row. A row taller than a page, the one that could not
go anywhere whole, splits inside its cells' text (each cell's paragraph splitting as a paragraph
does); its part on the next page is the same TR, its cells the same TD elements.
In a frame too small for the caption, the header and a line of the first row together, the caption
goes alone, then the header (split like a row, when taller than the frame), and the parts after go
without the repeated header where it leaves no room for a line: at the top of a page, a table
always makes progress.

Column widths are shares of the column of text (``Table.widths``, equal when none); a column too
narrow for the longest word in it (a web address for the longest stretch between its break points)
is an error that names the column (``table_problem``, which the build can ask before rendering).
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from functools import cache
from typing import TYPE_CHECKING

from msgspec import Struct
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import _getFragWords  # type: ignore[attr-defined]  # not in the stubs

from ..inline import plain_text
from ..model import Inlines, Table
from ..style.sheet import Stylesheet
from .addresses import frag_words
from .flowables import TaggedParagraph, tagger_of
from .fonts import font_chain
from .linebreak import unbreakable
from .rltree import Child
from .styles import paragraph_styles
from .tagging import Elem, Tagger
from .texttree import BOLD, REGULAR, to_tree

if TYPE_CHECKING:  # blocks.py imports this module
    from .blocks import _Context

PAD_X = 0.45  # ems of cell text's size between a cell's rules and its text, left and right
PAD_TOP = 0.3  # ems above a cell's text (its leading adds a little more)
PAD_BOTTOM = 0.4  # ems below it
BLANK_ROW = 2.0  # a blank row's height, in body lines: room to write by hand
CAPTION_GAP = 0.35  # ems between the caption and the table
RULE = 0.5  # points: the rules between cells and around the table
HEAD_RULE = 1.0  # points: the rule under the header row
FIELD_INSET = 1.0  # points between a cell's rules and its form field
KEEP_ROWS = 2  # rows a table keeps together on each side of a page break, where they fit on a page
MIN_SPLIT_ROOM = 3.0  # body lines a row taller than a page needs below what is above it to start there


class TableError(Exception):
    """A table cannot be set in the column of text: a column is too narrow for a word in it."""


class CellStyles(Struct, frozen=True):
    caption: ParagraphStyle
    head: ParagraphStyle
    body: ParagraphStyle


@cache
def cell_styles(sheet: Stylesheet) -> CellStyles:
    """The caption's style, and the header and body cells' (body size; no space around them)."""
    styles = paragraph_styles(sheet)
    faces = font_chain(sheet.body_fonts).primary
    body = ParagraphStyle("table_cell", parent=styles.body, spaceBefore=0, spaceAfter=0)
    head = ParagraphStyle("table_head", parent=body, fontName=faces.bold, textColor=HexColor(sheet.colors.heading))
    return CellStyles(caption=styles.note_title, head=head, body=body)


class Cell(Struct, eq=False):
    """One cell: its text (None: empty), its TH or TD element, and the form field of a blank cell."""

    text: TaggedParagraph | None
    elem: Elem | None
    field: CellField | None = None


class CellField(Struct, frozen=True):
    """A blank cell's text field: its name (unique in the handout), its tooltip and its Form element."""

    name: str
    tooltip: str
    font_size: float
    elem: Elem | None


class Row(Struct, eq=False):
    """A row of cells, one per column, and its TR element (None for the header repeated on a page)."""

    cells: tuple[Cell, ...]
    elem: Elem | None
    blank: bool = False  # a ruled empty row: its height is fixed


class Look(Struct, frozen=True):
    """How a table is drawn, in points and colours of the style sheet."""

    pad_x: float
    pad_top: float
    pad_bottom: float
    blank_height: float
    caption_gap: float
    rule: Color
    head_rule: Color
    head_fill: Color
    min_split: float  # room a row taller than a page needs to start on a page
    mirrored: bool = False  # columns from right to left (a right-to-left handout)


def table_grid(table: Table, ctx: _Context, parent: Elem | None, *, key: str, heading: Inlines) -> TableGrid:
    """The table's flowable, with its structure elements; TableError when a column is too narrow."""
    sheet = ctx.sheet
    styles = cell_styles(sheet)
    fractions = shares(table)
    elem = ctx.elem("Table", parent)
    caption = ctx.text(table.caption, styles.caption, ctx.elem("Caption", elem), BOLD) if table.caption else None
    head_tr = ctx.elem("TR", ctx.elem("THead", elem))
    heads = []
    for text in table.columns:
        th = ctx.elem("TH", head_tr, Scope="Column")
        heads.append(Cell(ctx.text(text, styles.head, th, BOLD), th))
    header = Row(tuple(heads), head_tr)
    repeat = Row(tuple(Cell(_unlinked(text, ctx, styles.head), None) for text in table.columns), None)
    body = ctx.elem("TBody", elem)
    rows: list[Row] = []
    for cells in table.rows:
        tr = ctx.elem("TR", body)
        row = []
        for text in cells:
            td = ctx.elem("TD", tr)
            row.append(Cell(ctx.text(text, styles.body, td) if text else None, td))
        rows.append(Row(tuple(row), tr))
    template = ctx.words.template("table_cell")
    names = [plain_text(column) for column in table.columns]
    for blank in range(1, table.blank_rows + 1):
        number = len(table.rows) + blank
        tr = ctx.elem("TR", body)
        row = []
        for column, name in enumerate(names, 1):
            td = ctx.elem("TD", tr)
            field = None
            if table.fillable:
                field = CellField(
                    f"table-{key}-row-{number}-col-{column}",
                    template.format(column=name, row=number),
                    sheet.sizes.body,
                    ctx.elem("Form", td),
                )
            row.append(Cell(None, td, field))
        rows.append(Row(tuple(row), tr, blank=True))
    problem = _problem(fractions, header, rows, names, sheet)
    if problem:
        where = repr(plain_text(table.caption)) if table.caption else f"in the section {plain_text(heading)!r}"
        raise TableError(f"the table {where}: {problem}")
    grid = TableGrid(fractions, header, repeat, rows, caption=caption, look=_look(sheet))
    grid.spaceBefore, grid.spaceAfter = sheet.spacing.paragraph * 0.5, sheet.spacing.paragraph * 1.5
    return grid


def shares(table: Table) -> tuple[float, ...]:
    """Each column's share of the width, from ``widths`` (relative), or equal shares."""
    widths = table.widths or (1.0,) * len(table.columns)
    total = sum(widths)
    return tuple(width / total for width in widths)


def table_problem(table: Table, sheet: Stylesheet) -> str | None:
    """What makes ``table`` impossible to set with ``sheet`` (a column too narrow for a word in it,
    or columns that need more than the page's width), with the fix; None when it can be set.

    For the build, to report at the table before rendering; it registers the style's fonts.
    """
    styles = cell_styles(sheet)
    fonts = font_chain(sheet.body_fonts)

    def cell(text: Inlines, style: ParagraphStyle, bold: bool) -> Cell:
        tree = to_tree(text, sheet, fonts, BOLD if bold else REGULAR)
        return Cell(TaggedParagraph(tree, style) if text else None, None)

    header = Row(tuple(cell(text, styles.head, True) for text in table.columns), None)
    rows = [Row(tuple(cell(text, styles.body, False) for text in cells), None) for cells in table.rows]
    return _problem(shares(table), header, rows, [plain_text(column) for column in table.columns], sheet)


def _problem(
    fractions: tuple[float, ...], header: Row, rows: list[Row], names: list[str], sheet: Stylesheet
) -> str | None:
    page = sheet.page
    frame = page.width - page.left - page.right
    pad = 2 * PAD_X * sheet.sizes.body + RULE
    # per column: the widest word in it and its width, padding included
    needs: list[tuple[float, str]] = []
    for column in range(len(names)):
        widest = (0.0, "")
        for row in (header, *rows):
            text = row.cells[column].text
            if text is not None:
                widest = max(widest, _widest_word(text))
        needs.append((widest[0] + pad, widest[1]))
    total = sum(need for need, _ in needs)
    if total > frame:
        need, word = max(needs)
        column = needs.index((need, word))
        return (
            f"it is wider than the page: its columns need {math.ceil(total)} pt at least and the page has "
            f"{math.floor(frame)} pt; narrow column {column + 1} ({names[column]!r}), whose longest word {word!r} "
            f"needs {math.ceil(need)} pt: "
            "shorten that word, or split the table in two"
        )
    for column, ((need, word), share) in enumerate(zip(needs, fractions, strict=True)):
        if need > share * frame + 1e-6:
            suggestion = _suggest(fractions, [n / frame for n, _ in needs])
            fix = f" (for example widths: [{', '.join(map(str, suggestion))}])" if suggestion else ""
            return (
                f"column {column + 1} ({names[column]!r}) is too narrow for the word {word!r}: it needs "
                f"{math.ceil(need)} pt ({math.ceil(need / frame * 100)}% of the width) and has "
                f"{math.floor(share * frame)} pt ({math.floor(share * 100)}%); give it a larger share in "
                f"'widths'{fix}, or shorten the word"
            )
    return None


def _widest_word(text: TaggedParagraph) -> tuple[float, str]:
    """The widest stretch of a cell's text that cannot break, and its width (bold, superscripts
    and fallback fonts measured as set; a web address breaks only where ``addresses`` lets it)."""
    if getattr(text.style, "line_breaking", "") == "cjk":
        return max(unbreakable(text.frags), default=(0.0, ""))
    words = frag_words(text.frags, text.addresses, 0.0) if text.addresses else _getFragWords(text.frags)
    widest = (0.0, "")
    for word in words:
        widest = max(widest, (float(word[0]), "".join(piece for _, piece in word[1:]).strip()))
    return widest


def _suggest(fractions: tuple[float, ...], needed: list[float]) -> list[int] | None:
    """Whole-number widths, as few parts as will do, that give each column what it needs, taking
    the room from the columns that have more than they need; None when none are found."""
    grown = [max(share, need) for share, need in zip(fractions, needed, strict=True)]
    excess = sum(grown) - 1.0
    slack = sum(g - n for g, n in zip(grown, needed, strict=True))
    if slack <= excess or slack <= 0:
        return None
    target = [g - excess * (g - n) / slack for g, n in zip(grown, needed, strict=True)]
    for parts in range(len(target), 101):
        widths = [max(1, round(share * parts)) for share in target]
        if all(width / sum(widths) >= need for width, need in zip(widths, needed, strict=True)):
            return widths
    return None


def _unlinked(text: Inlines, ctx: _Context, style: ParagraphStyle) -> TaggedParagraph:
    """A header cell's text as it repeats on later pages: the same look, with no links (an
    artifact holds no annotations) and no structure element."""
    tree = _without_links(to_tree(text, ctx.sheet, ctx.body, BOLD))
    return TaggedParagraph(tree, style)


def _without_links(children: list[Child]) -> list[Child]:
    out: list[Child] = []
    for child in children:
        if isinstance(child, str):
            out.append(child)
            continue
        name, attrs, kids = child
        kids = _without_links(kids)
        if name != "a":
            out.append((name, attrs, kids))
        elif attrs and "color" in attrs:  # a link's colour and underline stay; its target goes
            coloured: Child = ("font", {"color": attrs["color"]}, kids)
            out.append(("u", None, [coloured]) if attrs.get("underline") else coloured)
        else:
            out.extend(kids)
    return out


def _look(sheet: Stylesheet) -> Look:
    size, colors = sheet.sizes.body, sheet.colors
    return Look(
        pad_x=size * PAD_X,
        pad_top=size * PAD_TOP,
        pad_bottom=size * PAD_BOTTOM,
        blank_height=sheet.sizes.leading * BLANK_ROW,
        caption_gap=size * CAPTION_GAP,
        rule=HexColor(colors.rule),
        head_rule=HexColor(colors.heading),
        head_fill=HexColor(colors.note_background),
        min_split=sheet.sizes.leading * MIN_SPLIT_ROOM,
        mirrored=sheet.right_to_left,
    )


class TableGrid(Flowable):
    """A table laid out in the column of text: the caption (first part only), the header, the rows.

    ``continued``: a part after the first, whose header is the repeat (an artifact); ``repeat_head``
    False: the parts after this one go without the repeat (it left no room in a page's frame).
    ``head``: the part of the header this part draws (the header split, taller than the frame);
    ``headless``: it draws no header (a caption alone, or a part whose repeat was dropped).
    """

    def __init__(
        self,
        fractions: tuple[float, ...],
        header: Row,
        repeat: Row,
        rows: list[Row],
        *,
        caption: TaggedParagraph | None,
        look: Look,
        continued: bool = False,
        repeat_head: bool = True,
        head: Row | None = None,
        headless: bool = False,
    ) -> None:
        super().__init__()
        self.fractions, self.header, self.repeat, self.rows = fractions, header, repeat, rows
        self.caption, self.look, self.continued, self.repeat_head = caption, look, continued, repeat_head
        self.head: Row | None
        if headless:
            self.head = None
        elif head is not None:
            self.head = head
        elif continued:
            self.head = repeat if repeat_head else None
        else:
            self.head = header
        self.widths: list[float] = []
        self._heights: list[float] = []  # the header's, then each row's
        self._caption_height = 0.0  # the caption's with the gap under it
        self._wrapped_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        if self._wrapped_for != availWidth:  # the heights depend on the width alone
            self._wrapped_for = availWidth
            self.widths = [share * availWidth for share in self.fractions]
            self._caption_height = 0.0
            if self.caption is not None:
                caption = self.caption.wrapOn(self.canv, availWidth, availHeight)[1]
                self._caption_height = caption + self.look.caption_gap
            head = 0.0 if self.head is None else self._row_height(self.head)
            self._heights = [head, *(self._row_height(row) for row in self.rows)]
        self.width, self.height = availWidth, self._caption_height + sum(self._heights)
        return self.width, self.height

    def _row_height(self, row: Row) -> float:
        if row.blank:
            return self.look.blank_height
        look = self.look
        tallest = 0.0
        for cell, width in zip(row.cells, self.widths, strict=True):
            if cell.text is not None:
                tallest = max(tallest, cell.text.wrapOn(self.canv, width - 2 * look.pad_x, 1e6)[1])
        return tallest + look.pad_top + look.pad_bottom

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        self.wrap(availWidth, availHeight)
        heights = self._heights[1:]
        above = self._caption_height + self._heights[0]  # what goes with the first row: caption, header
        room = availHeight - above
        fits, used = 0, 0.0
        for height in heights:
            if used + height > room:
                break
            used, fits = used + height, fits + 1
        if fits == len(self.rows):
            return []  # it fits: nothing to split
        frame = getattr(self, "_frame", None)  # set by the frame (or the stack) that asks
        # The height it would have at the top of a fresh page, below what goes there with it (a
        # heading it follows); and whether it is there now, so that moving on would gain nothing.
        page: float | None = getattr(self, "_page_room", None) or (frame._aH if frame is not None else None)
        fresh = page is None or availHeight >= page - 1e-6 or bool(getattr(frame, "_atTop", False))
        too_tall = page is not None and self._heights[0] + heights[fits] > page  # fits on no page whole
        if too_tall or (fresh and not fits):  # the one row that splits: here, where it meets the foot
            halves = self._split_row(self.rows[fits], room - used) if room - used >= self.look.min_split else None
            if halves is None and fresh and not fits:  # moving on would gain nothing: any line will do
                halves = self._split_row(self.rows[fits], room, force=True)
            if halves is not None:
                top, rest = halves
                return [self._part([*self.rows[:fits], top], first=True), self._part([rest, *self.rows[fits + 1 :]])]
            taken = fits
        else:
            taken = self._rows_to_take(fits, page, above) or (fits if fresh else 0)
        if taken:
            return [self._part(self.rows[:taken], first=True), self._part(self.rows[taken:])]
        if fresh:  # in a frame of its own height not even a line of the first row fits under the rest
            return self._make_room(availWidth, availHeight)
        return []  # moves on whole

    def _make_room(self, width: float, height: float) -> list[Flowable]:
        """Progress in a fresh frame too small for the caption, the header and a line of the first
        row: the caption alone (split, when it is taller than the frame), then the header alone
        (split likewise), and on the pages after, no repeated header; [] when nothing is left to
        take away (a line taller than the frame, which the style's checks rule out)."""
        if self.caption is not None and (self.head is not None or self.rows):
            caption: tuple[TaggedParagraph, TaggedParagraph | None] = (self.caption, None)
            if self._caption_height > height:  # taller than the frame itself
                caption = (
                    _split_text(self.caption, width, height - self.look.caption_gap, self.canv, force=True) or caption
                )
            first = TableGrid(
                self.fractions, self.header, self.repeat, [], caption=caption[0], look=self.look, headless=True
            )
            rest = TableGrid(
                self.fractions,
                self.header,
                self.repeat,
                self.rows,
                caption=caption[1],
                look=self.look,
                continued=self.continued,
                repeat_head=self.repeat_head,
                head=self.head,
                headless=self.head is None,
            )
            return [self._spaced(first, before=True), self._spaced(rest, before=False)]
        if self.head is None:
            return []
        if self.head is self.repeat:  # the repeat leaves no room: the parts from here go without it
            return [self._spaced(self._part(self.rows, continuing=True, repeat_head=False), before=False)]
        if self.rows and self._heights[0] <= height:  # the header alone, the rows under the repeat
            alone = TableGrid(
                self.fractions, self.header, self.repeat, [], caption=None, look=self.look, head=self.head
            )
            return [self._spaced(alone, before=True), self._spaced(self._part(self.rows), before=False)]
        halves = self._split_row(self.head, height, force=True)  # the header taller than the frame
        if halves is None:
            return []
        head_top, head_rest = halves
        first = TableGrid(self.fractions, self.header, self.repeat, [], caption=None, look=self.look, head=head_top)
        second = TableGrid(
            self.fractions,
            self.header,
            self.repeat,
            self.rows,
            caption=None,
            look=self.look,
            continued=True,
            repeat_head=False,  # the repeat would be as tall as the header
            head=head_rest,
        )
        return [self._spaced(first, before=True), self._spaced(second, before=False)]

    def _rows_to_take(self, fits: int, page: float | None, above: float) -> int:
        """How many of the ``fits`` rows that fit go on this page: at least KEEP_ROWS on each side of
        the break (as a paragraph keeps two lines), where that many fit on a page; 0: none."""
        if page is None:
            return fits
        heights = self._heights[1:]
        first = KEEP_ROWS if above + sum(heights[:KEEP_ROWS]) <= page else 1
        last = KEEP_ROWS if self._heights[0] + sum(heights[-KEEP_ROWS:]) <= page else 1
        taken = min(fits, len(heights) - last)
        return taken if taken >= first else 0

    def _split_row(self, row: Row, room: float, *, force: bool = False) -> tuple[Row, Row] | None:
        """A row taller than a page as two: what of each cell's text fits in ``room``, and the rest
        (``force``: a single line of a paragraph may stay behind, or go on, alone)."""
        look = self.look
        inner = room - look.pad_top - look.pad_bottom
        tops: list[Cell] = []
        rests: list[Cell] = []
        for cell, width in zip(row.cells, self.widths, strict=True):
            top: TaggedParagraph | None = None
            rest: TaggedParagraph | None = None
            if cell.text is not None:
                text_width = width - 2 * look.pad_x
                if cell.text.wrapOn(self.canv, text_width, inner)[1] <= inner:
                    top = cell.text
                else:
                    parts = _split_text(cell.text, text_width, inner, self.canv, force=force)
                    if parts is not None:
                        top, rest = parts
                    else:
                        rest = cell.text
            tops.append(Cell(top, cell.elem, cell.field))
            rests.append(Cell(rest, cell.elem))
        if all(cell.text is None for cell in tops):
            return None
        return Row(tuple(tops), row.elem), Row(tuple(rests), row.elem)

    def _part(
        self, rows: list[Row], *, first: bool = False, continuing: bool = False, repeat_head: bool | None = None
    ) -> TableGrid:
        """A part of the table with ``rows``: the ``first`` (this one's caption and header), or one
        after it (under the repeat, if it still repeats; ``continuing``: on from this one)."""
        repeat = self.repeat_head if repeat_head is None else repeat_head
        if first:
            return self._spaced(
                TableGrid(
                    self.fractions,
                    self.header,
                    self.repeat,
                    rows,
                    caption=self.caption,
                    look=self.look,
                    continued=self.continued,
                    repeat_head=repeat,
                    head=self.head,
                    headless=self.head is None,
                ),
                before=True,
            )
        part = TableGrid(
            self.fractions,
            self.header,
            self.repeat,
            rows,
            caption=None,
            look=self.look,
            continued=True,
            repeat_head=repeat,
        )
        return part if continuing else self._spaced(part, before=False)

    def _spaced(self, part: TableGrid, *, before: bool) -> TableGrid:
        """``part`` with this one's space before it (``before``: a first part) or after it."""
        name = "spaceBefore" if before else "spaceAfter"
        if name in self.__dict__:
            setattr(part, name, getattr(self, name))
        return part

    def inside(self) -> list[Flowable]:
        """The caption and the text of the cells it draws (for ``body_lines``)."""
        rows = [row for row in (self.head, *self.rows) if row is not None]
        texts: list[Flowable] = [cell.text for row in rows for cell in row.cells if cell.text is not None]
        return [self.caption, *texts] if self.caption is not None else texts

    def draw(self) -> None:
        canvas = self.canv
        tagger = tagger_of(canvas)
        top = self.height
        if self.caption is not None:
            top -= self._caption_height
            self.caption.drawOn(canvas, 0, top + self.look.caption_gap)
        with tagger.artifact(canvas.addLiteral) if tagger is not None else nullcontext():
            self._rules(canvas, top)
        rows = (self.head, *self.rows)
        for index, (row, height) in enumerate(zip(rows, self._heights, strict=True)):
            if row is None:  # no header in this part
                continue
            if index == 0 and row is self.repeat:  # the header again: the structure tree has it once
                with tagger.artifact(canvas.addLiteral, "Pagination") if tagger is not None else nullcontext():
                    self._draw_row(canvas, row, top, height, None)
            else:
                self._draw_row(canvas, row, top, height, tagger)
            top -= height

    def _draw_row(self, canvas: Canvas, row: Row, top: float, height: float, tagger: Tagger | None) -> None:
        look = self.look
        if tagger is not None:  # the row's cells in column order, the empty ones too
            for cell in row.cells:
                if cell.elem is not None:
                    tagger.attach(cell.elem)
        for cell, width, x in zip(row.cells, self.widths, self._lefts(), strict=True):
            if cell.text is not None:
                cell.text.drawOn(canvas, x + look.pad_x, top - look.pad_top - cell.text.height)
            if cell.field is not None:
                self._field(canvas, cell.field, x, top - height, width, height, tagger)

    def _lefts(self) -> list[float]:
        """Each column's left edge; mirrored (a right-to-left handout), the first column is on the right."""
        lefts, x = [], 0.0
        for width in self.widths:
            lefts.append(x)
            x += width
        if self.look.mirrored:
            return [x - left - width for left, width in zip(lefts, self.widths, strict=True)]
        return lefts

    @staticmethod
    def _field(
        canvas: Canvas, field: CellField, x: float, y: float, width: float, height: float, tagger: Tagger | None
    ) -> None:
        canvas.saveState()
        canvas.translate(x + FIELD_INSET, y + FIELD_INSET)  # the field's corner: the cell's, inset
        canvas.acroForm.textfield(
            name=field.name,
            tooltip=field.tooltip,
            x=0,
            y=0,
            width=math.floor(width - 2 * FIELD_INSET),  # whole points, as the stubs say
            height=math.floor(height - 2 * FIELD_INSET),
            relative=True,
            fieldFlags="multiline",
            maxlen=0,
            fillColor=None,  # transparent: the rules show through
            borderWidth=0,
            borderColor=None,
            textColor=black,
            fontSize=field.font_size,
        )
        canvas.restoreState()
        if tagger is not None and field.elem is not None:
            tagger.form_field(field.elem, field.name)

    def _rules(self, canvas: Canvas, top: float) -> None:
        """The header's background and the rules: decoration, drawn before the text."""
        look = self.look
        width, head = sum(self.widths), self._heights[0]
        bottom = top - sum(self._heights)
        if bottom >= top:  # a caption alone
            return
        canvas.saveState()
        if self.head is not None:
            canvas.setFillColor(look.head_fill)
            canvas.rect(0, top - head, width, head, stroke=0, fill=1)
        canvas.setStrokeColor(look.rule)
        canvas.setLineWidth(RULE)
        y = top - head
        for height in self._heights[1:-1]:
            y -= height
            canvas.line(0, y, width, y)
        for left in self._lefts():
            if left > 0.01:  # the rules between columns (the outer ones are the box)
                canvas.line(left, top, left, bottom)
        canvas.rect(0, bottom, width, top - bottom, stroke=1, fill=0)
        if self.head is not None:
            canvas.setStrokeColor(look.head_rule)
            canvas.setLineWidth(HEAD_RULE)
            canvas.line(0, top - head, width, top - head)
        canvas.restoreState()


def _split_text(
    text: TaggedParagraph, width: float, height: float, canvas: Canvas, *, force: bool = False
) -> tuple[TaggedParagraph, TaggedParagraph] | None:
    """``text`` split to ``height``: its two parts, or None when it does not split there;
    ``force``: one line may stay behind, or go on, alone (where nothing else would make progress)."""
    names = ("allowOrphans", "allowWidows")  # read by Paragraph.split from the paragraph first
    saved = {name: text.__dict__[name] for name in names if name in text.__dict__}
    if force:
        text.allowOrphans, text.allowWidows = 1, 1  # type: ignore[attr-defined]  # not in the stubs
    try:
        parts = text.splitOn(canvas, width, height)
    finally:
        if force:
            for name in names:
                if name in saved:
                    setattr(text, name, saved[name])
                else:
                    delattr(text, name)
    if len(parts) == 2 and isinstance(parts[0], TaggedParagraph) and isinstance(parts[1], TaggedParagraph):
        return parts[0], parts[1]
    return None
