"""Each block kind as semantic HTML, one small function per kind, in the PDF's reading order and
with the PDF's text: list numbers and bullets (the browser's markers, as the PDF's labels), note
titles (the catalog's 'Note' or 'Important' when a note has none), captions, link targets.

Forms work with no script: a fillable checklist's boxes are checkboxes, each with its item's text
as its ``<label>``; a printed one's are drawn boxes. A fillable write-in is a ``<textarea>`` ruled
with the style's rule colour, labelled by its title (or, untitled, by its section's heading); a
printed one is the ruled lines alone. A table's blank rows to fill in hold a ``<textarea>`` in each
cell, named as the PDF's fields are ("Dose, row 3"). Ids follow the PDF's field names
(``checklist-section-2-3-1``), so they are unique and the same on every build.
"""

from __future__ import annotations

from msgspec import Struct

from ..inline import plain_text
from ..language.words import Words
from ..model import (
    Block,
    Checklist,
    Figure,
    FigureRow,
    Inlines,
    ItemList,
    Note,
    NoteBlock,
    Paragraph,
    QrCode,
    Subheading,
    Table,
    Terms,
    Text,
    WriteIn,
)
from ..model import Link as LinkNode
from . import markup
from .inlines import BOLD, HEADING, InlineWriter
from .pictures import picture

CSS_PX = 4 / 3  # CSS pixels to the point


class Blocks(Struct, frozen=True):
    """What every block needs: the inline writer (style sheet, used characters) and the words."""

    inlines: InlineWriter
    words: Words

    def block(self, block: Block, *, key: str, heading_id: str) -> str:
        """The markup of one block of a section; ``key`` makes its ids ('section-2-3')."""
        match block:
            case Paragraph(content):
                return markup.element("p", self.inlines.html(content))
            case Subheading(content):
                return markup.element("h3", self.inlines.html(content, HEADING))
            case ItemList():
                return self.item_list(block, depth=0)
            case Note():
                return self.note(block, key=key)
            case WriteIn():
                return self.write_in(block, key=key, heading_id=heading_id)
            case QrCode():
                return self.qr(block)
            case Checklist():
                return self.checklist(block, key=key)
            case Terms():
                return self.terms(block)
            case Figure():
                return self.figure(block, share=1.0)
            case FigureRow():
                return self.figure_row(block)
            case Table():
                return self.table(block, key=key)
        raise TypeError(f"unknown block {block!r}")  # pragma: no cover - the model has no others

    def item_list(self, items: ItemList, *, depth: int) -> str:
        """``ol`` or ``ul``; nested lists number a. b. c., then i. ii. iii. (``depth-N`` classes)."""
        entries = []
        for item in items.items:
            content = self.inlines.html(item.content)
            if item.sublist is not None:
                content += self.item_list(item.sublist, depth=depth + 1)
            entries.append(markup.element("li", content))
        level = depth % 3
        return markup.element(
            "ol" if items.ordered else "ul", "".join(entries), class_=f"depth-{level}" if level else None
        )

    def note(self, note: Note, *, key: str) -> str:
        """An ``aside`` named by its title (the catalog's word when it has none), then its blocks."""
        warning = note.kind == "warning"
        title = note.title or (Text(self.words.text("note_warning" if warning else "note_info")),)
        title_id = f"{key}-title"
        parts = [markup.element("p", self.inlines.html(title, BOLD), class_="block-title", id=title_id)]
        parts += [self._note_block(block) for block in note.blocks]
        kind = "note warning" if warning else "note"
        return markup.element("aside", "".join(parts), class_=f"{kind} set-off", aria_labelledby=title_id)

    def _note_block(self, block: NoteBlock) -> str:
        match block:
            case Paragraph(content):
                return markup.element("p", self.inlines.html(content))
            case Subheading(content):
                return markup.element("h3", self.inlines.html(content, HEADING))
            case ItemList():
                return self.item_list(block, depth=0)
        raise TypeError(f"unknown note block {block!r}")  # pragma: no cover - the model has no others

    def write_in(self, block: WriteIn, *, key: str, heading_id: str) -> str:
        """Its title, then ruled space ``lines`` lines tall: a labelled ``textarea`` when fillable."""
        field_id = f"write-in-{key}"
        title_id = f"{field_id}-title"
        parts = []
        if block.title:
            title = self.inlines.html(block.title, BOLD)
            tag, names = ("label", {"for_": field_id}) if block.fillable else ("p", {})
            parts.append(markup.element(tag, title, class_="block-title", id=title_id, **names))
        lines = str(block.lines)
        if block.fillable:
            labelled = None if block.title else heading_id  # untitled: named by its section, as in the PDF
            area = markup.element(
                "textarea", "", id=field_id, name=field_id, rows=lines, style=f"--lines: {lines}",
                aria_labelledby=labelled,
            )  # fmt: skip
            parts.append(area)
        else:
            parts.append(markup.element("div", "", class_="ruled", style=f"--lines: {lines}"))
        return markup.element("div", "".join(parts), class_="write-in set-off")

    def qr(self, block: QrCode) -> str:
        """Its caption and the address it holds, as a link: on a screen the address is what to follow
        (the page has no code to scan; see docs/html.md)."""
        parts = []
        if block.caption:
            parts.append(markup.element("p", self.inlines.html(block.caption, BOLD), class_="block-title"))
        address = self.inlines.html((LinkNode((Text(block.url),), block.url),))
        parts.append(markup.element("p", address, class_="address"))
        return markup.element("div", "".join(parts), class_="qr set-off")

    def checklist(self, block: Checklist, *, key: str) -> str:
        """Items with a box before each: checkboxes labelled by the item's text when fillable, drawn
        boxes when printed; a titled checklist is a group named by its title."""
        entries = []
        for number, item in enumerate(block.items, 1):
            text = self.inlines.html(item)
            if block.fillable:
                box_id = f"checklist-{key}-{number}"
                box = markup.void("input", type="checkbox", id=box_id, name=box_id)
                entries.append(markup.element("li", box + markup.element("label", text, for_=box_id)))
            else:
                box = markup.element("span", "", class_="box", aria_hidden="true")
                entries.append(markup.element("li", box + markup.element("span", text)))
        items = markup.element("ul", "".join(entries), class_="checklist")
        if not block.title:
            return markup.element("div", items, class_="set-off")
        title_id = f"checklist-{key}-title"
        title = markup.element("p", self.inlines.html(block.title, BOLD), class_="block-title", id=title_id)
        return markup.element("div", title + items, class_="set-off", role="group", aria_labelledby=title_id)

    def terms(self, block: Terms) -> str:
        """Words to know: a description list, each term in bold with its definition under it."""
        entries = [
            markup.element(
                "div",
                markup.element("dt", self.inlines.html(entry.term, BOLD))
                + markup.element("dd", self.inlines.html(entry.definition)),
            )
            for entry in block.terms
        ]
        return markup.element("dl", "".join(entries), class_="terms")

    def figure(self, block: Figure, *, share: float) -> str:
        """A ``figure``: the picture with its alternative text (the caption's text when it has none, as
        in the PDF; empty when decorative), and its ``figcaption``."""
        sheet = self.inlines.sheet
        column = (sheet.page.width - sheet.page.left - sheet.page.right) * CSS_PX * share
        fraction = block.width
        shown = picture(block.image, block.kind, round(column * (fraction or 1.0)))
        alt = block.alt or (plain_text(block.caption) if block.caption else "")
        image = markup.void(
            "img", src=shown.src, alt="" if block.decorative else alt,
            width=str(shown.width) if shown.width else None, height=str(shown.height) if shown.height else None,
        )  # fmt: skip
        caption = markup.element("figcaption", self.inlines.html(block.caption)) if block.caption else ""
        style = f"width: {fraction * 100:.2f}%" if fraction is not None else None
        return markup.element("figure", image + caption, class_="sized" if style else None, style=style)

    def figure_row(self, block: FigureRow) -> str:
        """Pictures side by side, each its own ``figure``, wrapping onto more rows on a narrow screen."""
        share = 1.0 / max(1, min(len(block.figures), 4))
        return markup.element(
            "div", "".join(self.figure(figure, share=share) for figure in block.figures), class_="figure-row"
        )

    def table(self, table: Table, *, key: str) -> str:
        """A ``table``: its caption, column headers (``th scope="col"``), rows whose first cell heads
        the row (``th scope="row"``), and blank rows to fill in (a labelled ``textarea`` per cell)."""
        parts = []
        if table.caption:
            parts.append(markup.element("caption", self.inlines.html(table.caption, BOLD)))
        widths = table.widths or (1.0,) * len(table.columns)
        total = sum(widths)
        cols = "".join(markup.void("col", style=f"width: {width / total * 100:.2f}%") for width in widths)
        parts.append(markup.element("colgroup", cols))
        heads = "".join(markup.element("th", self.inlines.html(text, BOLD), scope="col") for text in table.columns)
        parts.append(markup.element("thead", markup.element("tr", heads)))
        rows = [self._row(cells) for cells in table.rows]
        names = [plain_text(column) for column in table.columns]
        for blank in range(1, table.blank_rows + 1):
            rows.append(self._blank_row(names, len(table.rows) + blank, key=key, fillable=table.fillable))
        parts.append(markup.element("tbody", "".join(rows)))
        return markup.element("table", "".join(parts))

    def _row(self, cells: tuple[Inlines, ...]) -> str:
        out = []
        for index, text in enumerate(cells):
            if index == 0 and text:
                out.append(markup.element("th", self.inlines.html(text), scope="row"))
            else:
                out.append(markup.element("td", self.inlines.html(text)))
        return markup.element("tr", "".join(out))

    def _blank_row(self, names: list[str], number: int, *, key: str, fillable: bool) -> str:
        template = self.words.template("table_cell")
        cells = []
        for column, name in enumerate(names, 1):
            field = ""
            if fillable:
                field_id = f"table-{key}-row-{number}-col-{column}"
                label = template.format(column=name, row=number)
                field = markup.element("textarea", "", id=field_id, name=field_id, rows="2", aria_label=label)
            cells.append(markup.element("td", field))
        return markup.element("tr", "".join(cells), class_="blank")
