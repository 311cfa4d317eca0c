"""Read a handout's text values and a section's blocks into the model: paragraphs, lists, notes,
write-in space and QR codes, each problem placed in the file (``handout`` reads the rest)."""

from __future__ import annotations

from msgspec import Struct, field

from ..diagnostics import Position, Report, quoted
from ..inline import check_url, link_urls, parse_located, url_scheme
from ..load import reads
from ..load.tree import Mapping, Node, Scalar, Sequence, describe
from ..model import Block, Inlines, ItemList, ListItem, Note, NoteBlock, Paragraph, QrCode, Subheading, WriteIn
from . import shapes
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
    long_runs = [run for run in scalar.value.split() if len(run) > MAX_WORD]
    if long_runs:
        urls = link_urls(parse_located(scalar.value).inlines)
        long_runs = [run for run in long_runs if len(_without(run, urls)) > MAX_WORD]
    longest = max(long_runs, key=len, default="")
    if longest:
        ctx.report.error(
            scalar.locate(longest[:20]),
            f"a word of {len(longest)} characters (more than {MAX_WORD}); break it up or check what was pasted",
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
NOT_IN_NOTES = {"note": "another note", "write_in": "a write-in", "qr": "a QR code"}


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
    """A whole number of ruled lines, 1 to MAX_WRITE_IN_LINES (digits in quotes count too)."""
    if isinstance(node, Scalar) and node.kind in ("int", "str") and node.value.strip().isdecimal():
        count = int(node.value)
        if 1 <= count <= MAX_WRITE_IN_LINES:
            return count
    found = describe(node)
    if isinstance(node, Scalar) and node.kind != "null":
        found = node.value if node.kind in ("int", "float") else quoted(node.value)
    report.error(node.position, f"'lines' of a write-in is {found}; give a whole number from 1 to {MAX_WRITE_IN_LINES}")
    return None


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
