"""The shape of a handout: every mapping's keys, which of them are required, and what each value is.

Validation checks every mapping's keys against these shapes (``check``), and ``editorschema`` turns
the same shapes into the JSON Schema that editors read, so there is one list of keys. What a
schema cannot say (a real calendar date, a citation that names a reference, a link's scheme, a
language with a catalog) stays with the readers in ``handout``, ``blocks`` and ``csl``.
"""

from __future__ import annotations

import re

from msgspec import Struct

from ..diagnostics import Report
from ..load import reads
from ..load.tree import Mapping
from . import csl, csl_values

MAX_WRITE_IN_LINES = 30
MAX_BLANK_ROWS = 60  # empty rows of a log table: more than two pages of them is a form, not a handout
MAX_COLUMNS = 12
NOTE_KINDS = ("info", "warning")
# BCP 47 language tags, well-formed (language, script, region, variants): en, en-US, zh-Hant-TW.
BCP47 = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?(-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*")


class Value(Struct, frozen=True):
    """What a value is: one of the kinds below."""


class Text(Value, frozen=True):
    """Text with inline markup (``**bold**``, links, ``[@id]`` citations, ``{fields}``); a number keeps its spelling."""


class Cell(Value, frozen=True):
    """Text with inline markup that may be left empty ('' or nothing): a table's cell."""


class Plain(Value, frozen=True):
    """Text that prints as typed, without inline markup."""


class Date(Value, frozen=True):
    """A full date written YYYY-MM-DD."""


class LanguageTag(Value, frozen=True):
    """A BCP 47 language tag."""


class WebAddress(Value, frozen=True):
    """A full http or https address."""


class Flag(Value, frozen=True):
    """true or false."""


class Count(Value, frozen=True):
    """A whole number from ``low`` to ``high`` (digits in quotes count too)."""

    low: int
    high: int


class Number(Value, frozen=True):
    """A number greater than ``above`` and at most ``most`` (digits in quotes count too)."""

    above: float
    most: float


class Choice(Value, frozen=True):
    """One of a few words."""

    words: tuple[str, ...]


class Anything(Value, frozen=True):
    """Any value: kept for the tools that wrote it, never read (CSL's ``custom``)."""


class Ref(Value, frozen=True):
    """The shape named ``name`` in ``DEFINITIONS`` (shapes refer to each other: lists nest)."""

    name: str


class ListOf(Value, frozen=True):
    item: Value
    min_items: int = 0
    max_items: int | None = None


class AnyOf(Value, frozen=True):
    """Any one of ``options``."""

    options: tuple[Value, ...]


class Key(Struct, frozen=True):
    value: Value
    doc: str


class Keys(Value, frozen=True):
    """A mapping: its allowed keys with what each holds, and the required ones."""

    what: str  # how messages name it: "a section"
    keys: dict[str, Key]
    required: tuple[str, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()  # pairs of keys that may not stand together
    needs_one_of: tuple[tuple[str, ...], ...] = ()  # at least one of these sets of keys, whole
    depends: tuple[tuple[str, str], ...] = ()  # (a key, the key it needs beside it)
    unless: tuple[tuple[str, str], ...] = ()  # (a key, a flag): required unless the flag is true, then not allowed


class Tagged(Value, frozen=True):
    """A mapping whose kind is the one key of ``kinds`` it has; each kind names the shape of the mapping."""

    kinds: dict[str, str]  # kind key -> name of its Keys in DEFINITIONS


def check(mapping: Mapping, shape: Keys, report: Report, *, required: tuple[str, ...] | None = None) -> bool:
    """Report the unknown and missing keys of ``mapping``; True when there were none."""
    needed = shape.required if required is None else required
    return reads.check_keys(mapping, what=shape.what, allowed=shape.keys, required=needed, report=report)


TEXT = Text()
MAX_LIST_DEPTH = 3
NESTED_LISTS = ("bullets", "steps")  # what a list item may hold under its text: one list


def _list_item(depth: int) -> Keys:
    """An item of a list at ``depth`` (1: a block's list): its text, and a list under it but at the last level."""
    keys = {"text": Key(TEXT, "the item's text")}
    if depth < MAX_LIST_DEPTH:
        under = Ref(f"items_{depth + 1}")
        keys["bullets"] = Key(under, f"a bulleted list under the item (lists nest {MAX_LIST_DEPTH} levels deep)")
        keys["steps"] = Key(under, f"a numbered list under the item (lists nest {MAX_LIST_DEPTH} levels deep)")
    return Keys("a list item", keys, required=("text",), conflicts=(NESTED_LISTS,))


LIST_ITEM = _list_item(1)  # what validation checks an item's keys with, at any level
# The lists at each level of nesting, items_1 (a block's) to items_3, and their items.
LISTS: dict[str, Value] = {}
for _depth in range(1, MAX_LIST_DEPTH + 1):
    LISTS[f"items_{_depth}"] = ListOf(AnyOf((TEXT, Ref(f"list_item_{_depth}"))), min_items=1)
    LISTS[f"list_item_{_depth}"] = _list_item(_depth)


def _block(kind: str, value: Value, doc: str) -> Keys:
    return Keys(f"a '{kind}' block", {kind: Key(value, doc)}, required=(kind,))


WRITE_IN = Keys(
    "a write-in",
    {
        "title": Key(TEXT, "a heading above the lines"),
        "lines": Key(Count(1, MAX_WRITE_IN_LINES), f"how many ruled lines, 1 to {MAX_WRITE_IN_LINES}"),
        "fillable": Key(Flag(), "whether the lines are also a form field to type in (default true)"),
    },
    required=("lines",),
)
QR_CODE = Keys(
    "a QR code",
    {
        "url": Key(WebAddress(), "the http or https address the code opens"),
        "caption": Key(TEXT, "text printed beside the code"),
    },
    required=("url",),
)
NOTE = Keys(
    "a note",
    {
        "note": Key(
            AnyOf((TEXT, ListOf(Ref("note_item"), min_items=1))),
            "the note's text, or a list of its paragraphs, bullets, steps and subheadings",
        ),
        "title": Key(TEXT, "a heading for the note"),
        "kind": Key(Choice(NOTE_KINDS), "info (default) or warning"),
    },
    required=("note",),
)
FIGURE_WIDTH = Number(0, 1)
COLUMN_WIDTH = Number(0, 100)
FIGURE = Keys(
    "a figure",
    {
        "image": Key(Plain(), "the picture: a PNG, JPEG or SVG file, relative to the handout, inside the project"),
        "alt": Key(Plain(), "what the picture shows, for readers who cannot see it (about 150 characters at most)"),
        "caption": Key(TEXT, "text printed under the picture"),
        "width": Key(FIGURE_WIDTH, "a fraction of the column, such as 0.5 (default: its natural size)"),
        "decorative": Key(
            Flag(), "true for a picture that adds nothing to the text: it has no alt and is not read out"
        ),
    },
    required=("image",),
    unless=(("alt", "decorative"),),
)
TABLE = Keys(
    "a table",
    {
        "caption": Key(TEXT, "a title printed above the table"),
        "columns": Key(ListOf(TEXT, min_items=1, max_items=MAX_COLUMNS), "the header cells, one per column"),
        "rows": Key(
            ListOf(ListOf(Cell(), min_items=1), min_items=1),
            "the rows, each a list of one cell per column (an empty cell is '')",
        ),
        "widths": Key(ListOf(COLUMN_WIDTH, min_items=1), "relative column widths, one per column, such as [1, 2, 1]"),
        "blank_rows": Key(Count(1, MAX_BLANK_ROWS), f"empty ruled rows to fill in, 1 to {MAX_BLANK_ROWS}"),
        "fillable": Key(Flag(), "whether each empty cell is also a form field to type in (default true)"),
    },
    required=("columns",),
    needs_one_of=(("rows",), ("blank_rows",)),
)
CHECKLIST = Keys(
    "a checklist",
    {
        "title": Key(TEXT, "a heading above the list"),
        "items": Key(ListOf(TEXT, min_items=1), "the things to tick off"),
        "fillable": Key(Flag(), "whether each box is also a checkbox to tick on screen (default true)"),
    },
    required=("items",),
)
TERM = Keys(
    "a term",
    {"term": Key(TEXT, "the word or phrase"), "definition": Key(TEXT, "what it means, in plain words")},
    required=("term", "definition"),
)
# The block kinds, in the order messages list them; each names the shape of its mapping.
BLOCKS: dict[str, Keys] = {
    "bullets": _block("bullets", Ref("items_1"), "a bulleted list"),
    "steps": _block("steps", Ref("items_1"), "a numbered list of steps"),
    "note": NOTE,
    "subheading": _block("subheading", TEXT, "a smaller heading inside the section"),
    "write_in": _block("write_in", Ref("write_in"), "ruled lines for the patient to write on"),
    "qr": _block("qr", Ref("qr_code"), "a QR code that opens a web address"),
    "figure": _block("figure", Ref("figure"), "a picture with its alternative text and caption"),
    "figures": _block("figures", ListOf(Ref("figure"), min_items=1), "pictures side by side, such as steps"),
    "table": _block("table", Ref("table"), "a table of rows and columns, or a log to fill in"),
    "checklist": _block("checklist", Ref("checklist"), "items with a box to tick before each"),
    "terms": _block("terms", ListOf(Ref("term"), min_items=1), "words to know, each with its definition"),
}
BLOCK_KINDS = tuple(BLOCKS)
# A note holds these; the other kinds are blocks of the section instead.
NOTE_BLOCK_KINDS = ("bullets", "steps", "subheading")

SECTION = Keys(
    "a section",
    {
        "heading": Key(TEXT, "the section's heading"),
        "blocks": Key(
            ListOf(Ref("block"), min_items=1),
            "the section's blocks: text (a paragraph), or one of " + ", ".join(BLOCK_KINDS),
        ),
    },
    required=("heading", "blocks"),
)

NAME = Keys(
    "a name",
    {key: Key(Plain(), "part of a CSL name") for key in sorted(csl_values.NAME_KEYS)},
    needs_one_of=tuple((key,) for key in csl_values.NAME_NEEDS),
)
_DATE_PARTS = ListOf(ListOf(AnyOf((Plain(), Count(0, 9999))), min_items=1, max_items=3), min_items=1)
DATE_MAP = Keys(
    "a date",
    {
        key: Key(
            _DATE_PARTS if key == "date-parts" else Anything() if key in csl_values.DATE_UNREAD else Plain(),
            "part of a CSL date",
        )
        for key in sorted(csl_values.DATE_KEYS)
    },
    needs_one_of=tuple((key,) for key in (*csl_values.DATE_WHOLE, csl_values.DATE_ORDER[0])),
    depends=tuple(zip(csl_values.DATE_ORDER[1:], csl_values.DATE_ORDER[:-1], strict=True)),
)
_CSL_DATE = AnyOf((Plain(), Ref("date"), ListOf(Ref("date"), min_items=1, max_items=1)))
_UNREAD = Key(Anything(), "kept for the reference manager that wrote it; handoutkit does not read it")


def _reference_key(name: str) -> Key:
    if name not in csl.READ:
        return _UNREAD
    if name in csl.NAME_FIELDS:
        return Key(ListOf(Ref("name")), "a list of names: family and given, or literal for an organisation")
    if name in csl.DATE_FIELDS:
        return Key(_CSL_DATE, "a date: 2025-04-12, 2025-04 or 2025, or CSL date-parts")
    special = {
        "id": Key(Plain(), "the id that citations name: [@id]"),
        "type": Key(Choice(tuple(sorted(csl.TYPES))), "the CSL type: webpage, article-journal, book, chapter, report"),
        csl.WHOLE: Key(Plain(), "the whole entry as it should print, instead of its fields"),
    }
    return special.get(name, Key(Plain(), "a CSL variable"))


REFERENCE = Keys(
    "a reference",
    {name: _reference_key(name) for name in sorted(csl.FIELDS)},
    required=csl.REQUIRED,
    conflicts=tuple((csl.WHOLE, key) for key in csl.FORMATTED),
    needs_one_of=((csl.WHOLE,), csl.NEEDS),
)

HANDOUT = Keys(
    "the handout",
    {
        "title": Key(TEXT, "the handout's title"),
        "subtitle": Key(TEXT, "a line under the title"),
        "language": Key(LanguageTag(), "the BCP 47 language tag of the text: en (default), es, vi ..."),
        "reviewed": Key(Date(), "when the content was last reviewed, YYYY-MM-DD"),
        "author": Key(Plain(), "who wrote it; goes into the PDF's document information"),
        "summary": Key(TEXT, "a short lead paragraph under the title"),
        "url": Key(WebAddress(), "the online version, printed as a QR code"),
        "sections": Key(ListOf(Ref("section"), min_items=1), "the handout's sections, at least one"),
        "references": Key(ListOf(Ref("reference")), "the sources cited with [@id], as CSL-JSON entries"),
        "bibliography": Key(
            AnyOf((Plain(), ListOf(Plain(), min_items=1))),
            "files of references cited with [@id]: CSL-JSON (.json), CSL YAML (.yaml) or BibTeX (.bib), "
            "beside the handout or in the project's references/ folder (see docs/bibliography.md)",
        ),
    },
    required=("title", "reviewed", "sections"),
)
# Keys the build reads before validation (they choose how to build, they are not content).
STYLE_KEY = "style"
BUILD_KEYS = {STYLE_KEY: Key(Plain(), "the style to build with: a name from styles/ or a style file")}


def _named(*groups: dict[str, Value]) -> dict[str, Value]:
    """The groups as one mapping of names, refusing a name given twice (one would hide the other)."""
    found: dict[str, Value] = {}
    for group in groups:
        for name, value in group.items():
            if name in found:
                raise ValueError(f"two shapes are named {name!r}")
            found[name] = value
    return found


# The shapes that others refer to by name (Ref), as the schema's definitions.
DEFINITIONS = _named(
    {
        "section": SECTION,
        "block": AnyOf((TEXT, Tagged({kind: f"{kind}_block" for kind in BLOCK_KINDS}))),
        "note_item": AnyOf((TEXT, Tagged({kind: f"{kind}_block" for kind in NOTE_BLOCK_KINDS}))),
    },
    {f"{kind}_block": shape for kind, shape in BLOCKS.items()},
    LISTS,
    {"write_in": WRITE_IN, "qr_code": QR_CODE, "figure": FIGURE, "table": TABLE, "checklist": CHECKLIST, "term": TERM},
    {"reference": REFERENCE, "name": NAME, "date": DATE_MAP},
)
