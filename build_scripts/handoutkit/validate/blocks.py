"""Read a handout's text values and a section's blocks into the model: paragraphs, lists, notes,
write-in space and QR codes, each problem placed in the file (``handout`` reads the rest)."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from msgspec import Struct, field

from ..diagnostics import Position, Report, quoted
from ..inline import check_url, link_urls, parse_located, url_scheme
from ..language.scripts import longest_word
from ..load import reads
from ..load.tree import Mapping, Node, Scalar, Sequence, describe
from ..model import (
    Block,
    Checklist,
    Figure,
    FigureRow,
    ImageKind,
    Inlines,
    ItemList,
    ListItem,
    Note,
    NoteBlock,
    Paragraph,
    QrCode,
    Subheading,
    Table,
    Term,
    Terms,
    WriteIn,
)
from ..style.images import FIGURE_PIXELS, image_kind, image_problem, svg_problem
from ..style.values import project_folder
from . import shapes
from .csl_values import single_spaced
from .shapes import BLOCK_KINDS, MAX_LIST_DEPTH, MAX_WRITE_IN_LINES, NOTE_BLOCK_KINDS, NOTE_KINDS

MAX_WORD = 500  # characters without a space: longer than any word or address a reader can use


class Cited(Struct, frozen=True):
    """A citation as written: the reference id it names, and the text value it is in."""

    ref_id: str
    scalar: Scalar
    offset: int  # where its marker is in the value

    @property
    def position(self) -> Position:
        """Where it is in the file (worked out only for an error: most citations have none)."""
        return _locate(self.scalar, self.offset, "@" + self.ref_id)


class Context(Struct):
    """What reading a handout collects: its problems, and every citation."""

    report: Report
    citations: list[Cited] = field(default_factory=list)


def optional_inlines(parent: Mapping, key: str, ctx: Context) -> Inlines | None:
    node = parent.get(key)
    return inlines(node, f"'{key}'", ctx) if node is not None else None


def inlines(node: Node, what: str, ctx: Context) -> Inlines | None:
    """Parse a text value's inline markup, placing each problem and citation in the file."""
    scalar = reads.text(node, what, ctx.report)
    if scalar is None:
        return None
    # A link's address is no word: real deep links run to thousands of characters, and they print
    # broken where an address may break. A bare address in the text is still a word.
    # A run of Chinese or Japanese is a sentence or more: its words end at each Han character or kana.
    long_runs = [run for run in scalar.value.split() if len(run) > MAX_WORD and longest_word(run) > MAX_WORD]
    if long_runs:
        urls = link_urls(parse_located(scalar.value).inlines)
        long_runs = [run for run in long_runs if longest_word(_without(run, urls)) > MAX_WORD]
    longest = max(long_runs, key=len, default="")
    if longest:
        ctx.report.error(
            scalar.locate(longest[:20]),
            f"a word of {longest_word(longest)} characters (more than {MAX_WORD}); "
            "break it up or check what was pasted",
        )
        return None
    parsed = parse_located(scalar.value)
    for problem in parsed.problems:
        ctx.report.error(_locate(scalar, problem.offset, problem.needle), problem.message)
    for ref_id, offset in parsed.cited:
        ctx.citations.append(Cited(ref_id, scalar, offset))
    return parsed.inlines


def _without(run: str, urls: list[str]) -> str:
    for url in urls:
        run = run.replace(url, "")
    return run


def _locate(scalar: Scalar, offset: int, needle: str) -> Position:
    """Where the ``needle`` found at ``offset`` of the value is in the file.

    The value and the raw source differ where YAML folds lines, so only the needle's first word
    (which no fold can split) is searched, counting the same occurrences before it in both.
    """
    head = needle.split()[0] if needle.split() else needle
    return scalar.locate(head, scalar.value[:offset].count(head))


def block_count(section: Node) -> int:
    blocks = section.get("blocks") if isinstance(section, Mapping) else None
    return len(blocks.items) if isinstance(blocks, Sequence) else 0


def read_block(node: Node, ctx: Context) -> Block | None:
    if isinstance(node, Scalar):
        content = inlines(node, "a paragraph", ctx)
        return Paragraph(content) if content is not None else None
    what = f"a block (text, or a mapping with {', '.join(BLOCK_KINDS[:-1])} or {BLOCK_KINDS[-1]})"
    block = reads.mapping(node, what, ctx.report)
    if block is None:
        return None
    kinds = [key for key in block if key in BLOCK_KINDS]
    if len(kinds) != 1:
        ctx.report.error(block.position, _kind_problem(block, kinds))
        return None
    kind = kinds[0]
    if kind == "note":
        return _note(block, ctx)
    shapes.check(block, shapes.BLOCKS[kind], ctx.report)
    if kind == "subheading":
        content = inlines(block[kind], "'subheading'", ctx)
        return Subheading(content) if content is not None else None
    if kind == "write_in":
        return _write_in(block[kind], ctx)
    if kind == "qr":
        return _qr(block[kind], ctx)
    if kind in _READERS:
        return _READERS[kind](block[kind], ctx)
    return _list(block[kind], kind, 1, ctx)


def _kind_problem(block: Mapping, kinds: list[str]) -> str:
    """Why a mapping is no block, with the likely fix: a misspelt kind, or a paragraph needing quotes."""
    problem = "has more than one of" if kinds else "has none of"
    names = ", ".join(f"'{kind}'" for kind in BLOCK_KINDS)
    message = f"a block {problem} {names} (found: {', '.join(block.keys())}); "
    close = [(key, hit) for key in block if (hit := reads.closest(key.lower(), BLOCK_KINDS))]
    if kinds or not close:
        message += "give exactly one"
    else:
        message += f"did you mean '{close[0][1]}'?"
    if close and reads.has_quotes(close[0][0]):
        message += reads.QUOTED_KEY
    elif not kinds and len(block.items) == 1 and isinstance(block.items[0][1], Scalar):
        message += " (a paragraph that contains ': ' must be put in quotes)"
    return message


NOTE_HOLDS = "paragraphs, bullets, steps and subheadings"
NOT_IN_NOTES = {
    "note": "another note",
    "write_in": "a write-in",
    "qr": "a QR code",
    "figure": "a figure",
    "figures": "a row of figures",
    "table": "a table",
    "checklist": "a checklist",
    "terms": "a list of terms",
}


def _note(block: Mapping, ctx: Context) -> Note | None:
    shapes.check(block, shapes.NOTE, ctx.report)
    blocks = _note_blocks(block["note"], ctx)
    title = optional_inlines(block, "title", ctx)
    kind_node = block.get("kind")
    kind = reads.choice(kind_node, "'kind' of a note", NOTE_KINDS, ctx.report) if kind_node else "info"
    if blocks is None or kind is None:
        return None
    return Note(blocks, title, "warning" if kind == "warning" else "info")


def _note_blocks(node: Node, ctx: Context) -> tuple[NoteBlock, ...] | None:
    """A note's text: one paragraph, or a list of the blocks a note may hold."""
    if isinstance(node, Mapping):
        ctx.report.error(
            node.position,
            f"'note' must be text or a list of blocks, found {describe(node)}; write each block of the note "
            "as a '- ' item under 'note:'",
        )
        return None
    if not isinstance(node, Sequence):
        content = inlines(node, "'note'", ctx)
        return (Paragraph(content),) if content is not None else None
    if not node.items:
        ctx.report.error(node.position, f"'note' is an empty list; write the note's text, or list its {NOTE_HOLDS}")
        return None
    parsed = [_note_block(item, ctx) for item in node.items]
    if any(block is None for block in parsed):
        return None
    return tuple(block for block in parsed if block is not None)


def _note_block(node: Node, ctx: Context) -> NoteBlock | None:
    """One block of a note's list; a note, write-in or QR code is a block of the section instead."""
    kinds = [key for key, _ in node.items if key.value in BLOCK_KINDS] if isinstance(node, Mapping) else []
    if len(kinds) == 1 and kinds[0].value not in NOTE_BLOCK_KINDS:
        kind = kinds[0].value
        ctx.report.error(
            kinds[0].position,
            f"a note holds {NOTE_HOLDS}, not {NOT_IN_NOTES.get(kind, f'a {kind!r} block')}; move the '{kind}' "
            "block after this note, as a block of its own in the section's 'blocks'",
        )
        return None
    block = read_block(node, ctx)
    return block if isinstance(block, NoteBlock) else None


def _write_in(node: Node, ctx: Context) -> WriteIn | None:
    spec = reads.mapping(node, "'write_in'", ctx.report)
    if spec is None:
        return None
    shapes.check(spec, shapes.WRITE_IN, ctx.report)
    title = optional_inlines(spec, "title", ctx)
    lines = _line_count(spec["lines"], ctx.report) if "lines" in spec else None
    fillable = _flag(spec["fillable"], "'fillable' of a write-in", ctx.report) if "fillable" in spec else True
    if lines is None or fillable is None or ("title" in spec and title is None):
        return None
    return WriteIn(title, lines, fillable)


def _line_count(node: Node, report: Report) -> int | None:
    return _whole(node, "'lines' of a write-in", 1, MAX_WRITE_IN_LINES, report)


def _whole(node: Node, what: str, low: int, high: int, report: Report) -> int | None:
    """A whole number from ``low`` to ``high`` (digits in quotes count too)."""
    if isinstance(node, Scalar) and node.kind in ("int", "str") and node.value.strip().isdecimal():
        count = int(node.value)
        if low <= count <= high:
            return count
    report.error(node.position, f"{what} is {_shown(node)}; give a whole number from {low} to {high}")
    return None


def _number(node: Node, what: str, shape: shapes.Number, example: str, report: Report) -> float | None:
    """A number above ``shape.above`` and at most ``shape.most`` (digits in quotes count too)."""
    if isinstance(node, Scalar) and node.kind in ("int", "float", "str"):
        try:
            number = float(node.value)
        except ValueError:
            number = math.nan
        if shape.above < number <= shape.most:
            return number
    limits = f"a number above {shape.above:g} and at most {shape.most:g}"
    report.error(node.position, f"{what} is {_shown(node)}; give {limits}, {example}")
    return None


def _shown(node: Node) -> str:
    """A value as a message shows it: a number as written, text in quotes, else what kind of node it is."""
    if isinstance(node, Scalar) and node.kind != "null":
        return node.value if node.kind in ("int", "float") else quoted(node.value)
    return describe(node)


def _flag(node: Node, what: str, report: Report) -> bool | None:
    if isinstance(node, Scalar) and node.kind == "bool":
        return node.value.lower() in ("true", "yes", "on")
    found = quoted(node.value) if isinstance(node, Scalar) and node.kind != "null" else describe(node)
    report.error(node.position, f"{what} is {found}; give true or false")
    return None


def _qr(node: Node, ctx: Context) -> QrCode | None:
    spec = reads.mapping(node, "'qr'", ctx.report)
    if spec is None:
        return None
    shapes.check(spec, shapes.QR_CODE, ctx.report)
    url = web_address(spec["url"], "'url' of a QR code", ctx.report) if "url" in spec else None
    caption = optional_inlines(spec, "caption", ctx)
    if url is None or ("caption" in spec and caption is None):
        return None
    return QrCode(url, caption)


def web_address(node: Node, what: str, report: Report) -> str | None:
    """An http or https address for a QR code: links may also be mailto or tel, a QR code may not."""
    scalar = reads.text(node, what, report)
    if scalar is None:
        return None
    url = scalar.value.strip()
    scheme = url_scheme(url)
    if scheme not in ("http", "https"):
        problem: str | None = (
            f"{what} is {quoted(url)}, which is not a web address; a QR code needs a full http or https address, "
            "e.g. https://www.example.org/handout"
        )
    elif any(char.isspace() for char in url):
        problem = f"{what} is {quoted(url)}, which contains a space; write each space as %20"
    else:
        problem = check_url(url)
    if problem is not None:
        report.error(scalar.position, problem)
        return None
    return url


def _list(node: Node, kind: str, depth: int, ctx: Context) -> ItemList | None:
    items = reads.sequence(node, f"'{kind}'", ctx.report, allow_empty=False)
    if items is None:
        return None
    if depth > MAX_LIST_DEPTH:
        ctx.report.error(node.position, f"lists nest at most {MAX_LIST_DEPTH} levels deep; move this list up a level")
        return None
    parsed = [_item(item, depth, ctx) for item in items.items]
    if any(item is None for item in parsed):
        return None
    return ItemList(tuple(item for item in parsed if item is not None), ordered=kind == "steps")


def _item(node: Node, depth: int, ctx: Context) -> ListItem | None:
    if isinstance(node, Scalar):
        content = inlines(node, "a list item", ctx)
        return ListItem(content) if content is not None else None
    item = reads.mapping(node, "a list item (text, or text with bullets or steps)", ctx.report)
    if item is None:
        return None
    nested = [key for key in shapes.NESTED_LISTS if key in item]
    orphan = bool(nested) and "text" not in item  # a nested list written as an item of its own
    if orphan:
        ctx.report.error(
            item.position,
            f"a '{nested[0]}' list stands as an item of its own; a nested list must belong to an item: write the "
            f"item before it as 'text: ...' with '{nested[0]}:' under it, lined up with 'text:'",
        )
    shapes.check(item, shapes.LIST_ITEM, ctx.report, required=() if orphan else None)
    if len(nested) > 1:
        ctx.report.error(item.position, "a list item has both 'bullets' and 'steps'; give one nested list")
        return None
    content = optional_inlines(item, "text", ctx)
    sublist = _list(item[nested[0]], nested[0], depth + 1, ctx) if nested else None
    if content is None or (nested and sublist is None):
        return None
    return ListItem(content, sublist)


# --- pictures, tables, checklists and terms ---------------------------------------------------


def _figure_at(node: Node, ctx: Context, *, what: str = "'figure'") -> Figure | None:
    spec = reads.mapping(node, what, ctx.report)
    if spec is None:
        return None
    shapes.check(spec, shapes.FIGURE, ctx.report)
    decorative = _flag(spec["decorative"], "'decorative' of a figure", ctx.report) if "decorative" in spec else False
    image = _image(spec["image"], ctx.report) if "image" in spec else None
    alt = _alt(spec, decorative, ctx.report)
    caption = optional_inlines(spec, "caption", ctx)
    width = (
        _number(
            spec["width"], "'width' of a figure", shapes.FIGURE_WIDTH, "such as 0.5 for half the column", ctx.report
        )
        if "width" in spec
        else None
    )
    failed = ("caption" in spec and caption is None) or ("width" in spec and width is None)
    if image is None or alt is None or decorative is None or failed:
        return None
    return Figure(image[0], image[1], alt, caption, width, decorative)


def _alt(spec: Mapping, decorative: bool | None, report: Report) -> str | None:
    """The alternative text: required, unless the picture is decorative (and then not allowed)."""
    node = spec.get("alt")
    if decorative:
        if node is not None:
            report.error(
                spec.key_node("alt").position,  # type: ignore[union-attr]
                "a decorative figure is not read out, so it has no 'alt'; remove 'alt' or 'decorative: true'",
            )
            return None
        return ""
    if node is None:
        if decorative is not None:  # a 'decorative' that is no flag has its own error
            report.error(
                spec.position,
                "a figure has no 'alt'; say what the picture shows, e.g. 'alt: A hand holding an inhaler', "
                "or write 'decorative: true' for a picture that adds nothing to the text",
            )
        return None
    scalar = reads.text(node, "'alt' of a figure", report)
    return single_spaced(scalar.value) if scalar is not None else None


def _image(node: Node, report: Report) -> tuple[str, ImageKind] | None:
    """A PNG, JPEG or SVG file, relative to the handout, inside its project, judged before it is drawn."""
    scalar = reads.text(node, "'image' of a figure", report)
    if scalar is None:
        return None
    written = scalar.value.strip()
    source = Path(scalar.position.path)
    path = (source.parent / written).resolve()
    project = project_folder(source)
    if not path.is_relative_to(project):
        report.error(
            scalar.position,
            f"'image' {quoted(written)} is outside the project ({project}); keep pictures in the project, "
            "e.g. in source/images/",
        )
        return None
    if path.suffix.lower() == ".svg":
        problem = svg_problem(path)
        kind: ImageKind = "svg"
    else:
        problem = image_problem(path, max_pixels=FIGURE_PIXELS, use="a figure")
        kind = "jpeg" if image_kind(path) == "jpeg" else "png"
    if problem:
        report.error(scalar.position, f"'image' {quoted(written)} {problem}")
        return None
    return str(path), kind


def _figures(node: Node, ctx: Context) -> FigureRow | None:
    items = reads.sequence(node, "'figures'", ctx.report, allow_empty=False)
    if items is None:
        return None
    found = [_figure_at(item, ctx, what="a figure of 'figures'") for item in items.items]
    if any(figure is None for figure in found):
        return None
    return FigureRow(tuple(figure for figure in found if figure is not None))


def _table(node: Node, ctx: Context) -> Table | None:
    spec = reads.mapping(node, "'table'", ctx.report)
    if spec is None:
        return None
    shapes.check(spec, shapes.TABLE, ctx.report)
    if "rows" not in spec and "blank_rows" not in spec and "columns" in spec:
        ctx.report.error(spec.position, "a table has no 'rows' and no 'blank_rows'; give its rows, or blank_rows: N")
        return None
    caption = optional_inlines(spec, "caption", ctx)
    columns = _cells(spec["columns"], "'columns' of a table", ctx, allow_blank=False) if "columns" in spec else None
    width = len(columns) if columns is not None else 0
    if columns is not None and width > shapes.MAX_COLUMNS:
        ctx.report.error(
            spec["columns"].position,
            f"a table of {width} columns, more than {shapes.MAX_COLUMNS}; split it, or turn it around",
        )
        return None
    rows = _rows(spec["rows"], width, ctx) if "rows" in spec and columns is not None else ()
    widths = _widths(spec["widths"], width, ctx.report) if "widths" in spec and columns is not None else None
    blank = (
        _whole(spec["blank_rows"], "'blank_rows' of a table", 1, shapes.MAX_BLANK_ROWS, ctx.report)
        if "blank_rows" in spec
        else 0
    )
    fillable = _flag(spec["fillable"], "'fillable' of a table", ctx.report) if "fillable" in spec else True
    failed = ("caption" in spec and caption is None) or ("widths" in spec and widths is None)
    if columns is None or rows is None or blank is None or fillable is None or failed:
        return None
    return Table(columns, rows, caption, widths, blank, fillable)


def _cells(node: Node, what: str, ctx: Context, *, allow_blank: bool) -> tuple[Inlines, ...] | None:
    items = reads.sequence(node, what, ctx.report, allow_empty=False)
    if items is None:
        return None
    cells: list[Inlines | None] = []
    for item in items.items:
        if allow_blank and isinstance(item, Scalar) and (item.kind == "null" or not item.value.strip()):
            cells.append(())
        else:
            cells.append(inlines(item, f"a cell of {what}", ctx))
    if any(cell is None for cell in cells):
        return None
    return tuple(cell for cell in cells if cell is not None)


def _rows(node: Node, width: int, ctx: Context) -> tuple[tuple[Inlines, ...], ...] | None:
    items = reads.sequence(node, "'rows' of a table", ctx.report, allow_empty=False)
    if items is None:
        return None
    rows: list[tuple[Inlines, ...] | None] = []
    for number, item in enumerate(items.items, 1):
        cells = _cells(item, f"row {number}", ctx, allow_blank=True)
        if cells is not None and len(cells) != width:
            ctx.report.error(
                item.position,
                f"row {number} has {len(cells)} cells, the table {width} columns; give {width} cells "
                "(an empty cell is '')",
            )
            cells = None
        rows.append(cells)
    if any(row is None for row in rows):
        return None
    return tuple(row for row in rows if row is not None)


def _widths(node: Node, width: int, report: Report) -> tuple[float, ...] | None:
    items = reads.sequence(node, "'widths' of a table", report, allow_empty=False)
    if items is None:
        return None
    if len(items.items) != width:
        report.error(items.position, f"'widths' gives {len(items.items)} widths for {width} columns; give one for each")
        return None
    found = [_number(item, "a width", shapes.COLUMN_WIDTH, "such as 1 or 2", report) for item in items.items]
    if any(value is None for value in found):
        return None
    return tuple(value for value in found if value is not None)


def _checklist(node: Node, ctx: Context) -> Checklist | None:
    spec = reads.mapping(node, "'checklist'", ctx.report)
    if spec is None:
        return None
    shapes.check(spec, shapes.CHECKLIST, ctx.report)
    title = optional_inlines(spec, "title", ctx)
    items = _cells(spec["items"], "'items' of a checklist", ctx, allow_blank=False) if "items" in spec else None
    fillable = _flag(spec["fillable"], "'fillable' of a checklist", ctx.report) if "fillable" in spec else True
    if items is None or fillable is None or ("title" in spec and title is None):
        return None
    return Checklist(items, title, fillable)


def _terms(node: Node, ctx: Context) -> Terms | None:
    items = reads.sequence(node, "'terms'", ctx.report, allow_empty=False)
    if items is None:
        return None
    found: list[Term | None] = []
    for item in items.items:
        entry = reads.mapping(item, "a term", ctx.report)
        if entry is None:
            found.append(None)
            continue
        shapes.check(entry, shapes.TERM, ctx.report)
        term, definition = optional_inlines(entry, "term", ctx), optional_inlines(entry, "definition", ctx)
        found.append(Term(term, definition) if term is not None and definition is not None else None)
    if any(term is None for term in found):
        return None
    return Terms(tuple(term for term in found if term is not None))


_READERS: dict[str, Callable[[Node, Context], Block | None]] = {
    "figure": _figure_at,
    "figures": _figures,
    "table": _table,
    "checklist": _checklist,
    "terms": _terms,
}
