"""Transforms: functions from Handout to Handout, applied in the order of TRANSFORMS."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from msgspec import Struct
from msgspec.structs import replace

from ..model import (  # fmt: skip
    Block,
    Checklist,
    Citation,
    Emphasis,
    Field,
    Figure,
    FigureRow,
    Handout,
    Inline,
    Inlines,
    ItemList,
    Link,
    ListItem,
    Note,
    NoteBlock,
    Paragraph,
    QrCode,
    Section,
    Strong,
    Subheading,
    Table,
    Term,
    Terms,
    Text,
    WriteIn,
)
from ..style.sheet import QuoteForm
from . import quotes

InlineMap = Callable[[Inlines], Inlines]


class Options(Struct, frozen=True):
    """The style's settings that transforms follow (the handout brings its own language)."""

    quotes: QuoteForm = "typographic"


DEFAULTS = Options()


def map_inlines(handout: Handout, fn: InlineMap) -> Handout:
    """Apply ``fn`` to every run of inline text, in reading order."""
    title = fn(handout.title)
    subtitle = _opt(handout.subtitle, fn)
    summary = _opt(handout.summary, fn)
    sections = tuple(
        Section(fn(section.heading), tuple(_map_block(block, fn) for block in section.blocks))
        for section in handout.sections
    )
    return replace(handout, title=title, subtitle=subtitle, summary=summary, sections=sections)


def _opt(value: Inlines | None, fn: InlineMap) -> Inlines | None:
    return fn(value) if value is not None else None


def _map_block(block: Block, fn: InlineMap) -> Block:
    match block:
        case Paragraph(content):
            return Paragraph(fn(content))
        case Subheading(content):
            return Subheading(fn(content))
        case Note(blocks, title, kind):
            mapped_title = _opt(title, fn)  # the title reads before the blocks
            return Note(tuple(_map_note_block(inner, fn) for inner in blocks), mapped_title, kind)
        case WriteIn(title, lines, fillable):
            return WriteIn(_opt(title, fn), lines, fillable)
        case QrCode(url, caption):
            return QrCode(url, _opt(caption, fn))
        case ItemList():
            return _map_list(block, fn)
        case Figure(caption=caption):
            return replace(block, caption=_opt(caption, fn))
        case FigureRow(figures):
            return FigureRow(tuple(replace(figure, caption=_opt(figure.caption, fn)) for figure in figures))
        case Table(columns, rows, caption):
            mapped_caption = _opt(caption, fn)  # the caption reads before the cells, then row by row
            header = tuple(fn(cell) for cell in columns)
            body = tuple(tuple(fn(cell) for cell in row) for row in rows)
            return replace(block, columns=header, rows=body, caption=mapped_caption)
        case Checklist(items, title, fillable):
            mapped_title = _opt(title, fn)
            return Checklist(tuple(fn(item) for item in items), mapped_title, fillable)
        case Terms(terms):
            return Terms(tuple(Term(fn(term.term), fn(term.definition)) for term in terms))
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - the model has no others


def _map_note_block(block: NoteBlock, fn: InlineMap) -> NoteBlock:
    mapped = _map_block(block, fn)
    assert isinstance(mapped, NoteBlock)  # every block maps to one of its own kind
    return mapped


def _map_list(items: ItemList, fn: InlineMap) -> ItemList:
    mapped = []
    for item in items.items:
        content = fn(item.content)
        sublist = _map_list(item.sublist, fn) if item.sublist is not None else None
        mapped.append(ListItem(content, sublist))
    return ItemList(tuple(mapped), items.ordered)


def number_citations(handout: Handout, options: Options = DEFAULTS) -> Handout:
    """Number references by first citation; keep only cited ones, in that order (whatever the ``options``)."""
    numbers: dict[str, int] = {}

    def number(inlines: Inlines) -> Inlines:
        return tuple(_number_inline(node, numbers) for node in inlines)

    numbered = map_inlines(handout, number)
    by_id = {ref.id: ref for ref in handout.references}
    ordered = tuple(by_id[ref_id] for ref_id in sorted(numbers, key=numbers.__getitem__) if ref_id in by_id)
    return replace(numbered, references=ordered)


def _number_inline(node: Inline, numbers: dict[str, int]) -> Inline:
    match node:
        case Citation(ids, _, locators):
            for ref_id in ids:
                numbers.setdefault(ref_id, len(numbers) + 1)
            located = zip(ids, locators or ("",) * len(ids), strict=True)
            pages = tuple(sorted({(numbers[ref_id], page) for ref_id, page in located if page}))
            return Citation(ids, tuple(sorted({numbers[ref_id] for ref_id in ids})), locators, pages)
        case Strong(children) | Emphasis(children):
            return type(node)(tuple(_number_inline(child, numbers) for child in children))
        case Link(children, url):
            return Link(tuple(_number_inline(child, numbers) for child in children), url)
    return node


def fill_fields(handout: Handout, values: Mapping[str, str]) -> Handout:
    """Fill each ``{field}`` with its value, as plain text (a value is never markup)."""

    def fill(inlines: Inlines) -> Inlines:
        return tuple(_fill_inline(node, values) for node in inlines)

    return map_inlines(handout, fill)


def _fill_inline(node: Inline, values: Mapping[str, str]) -> Inline:
    match node:
        case Field(name) if name in values:
            return Text(values[name])
        case Strong(children) | Emphasis(children):
            return type(node)(tuple(_fill_inline(child, values) for child in children))
        case Link(children, url):
            return Link(tuple(_fill_inline(child, values) for child in children), url)
    return node


def typographic_quotes(handout: Handout, options: Options = DEFAULTS) -> Handout:
    """Straight quotes and apostrophes as the handout language's marks, unless the style keeps them straight."""
    if options.quotes == "straight":
        return handout
    marks = quotes.marks(handout.language)
    return map_inlines(handout, lambda inlines: quotes.curl(inlines, marks))


# Every transform takes the style's options; fields are filled after them all, so a value (a
# patient's O'Brien) prints exactly as typed.
TRANSFORMS: tuple[Callable[[Handout, Options], Handout], ...] = (number_citations, typographic_quotes)


def apply_transforms(
    handout: Handout, values: Mapping[str, str] | None = None, *, options: Options = DEFAULTS
) -> Handout:
    """Run every transform in order, then fill the fields of a personal copy when given values."""
    for transform in TRANSFORMS:
        handout = transform(handout, options)
    return fill_fields(handout, values) if values else handout
