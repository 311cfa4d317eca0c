"""The handout document model: frozen dataclasses that know no YAML, ReportLab or PDF."""

from __future__ import annotations

import datetime
from typing import Literal, TypeAlias

from msgspec import Struct

# --- inline content -------------------------------------------------------------------------


class Text(Struct, frozen=True):
    """A run of literal text; every character prints as typed."""

    text: str


class Strong(Struct, frozen=True):
    """Bold text."""

    children: tuple[Inline, ...]


class Emphasis(Struct, frozen=True):
    """Italic text."""

    children: tuple[Inline, ...]


class Link(Struct, frozen=True):
    """A link to an external address (http, https, mailto or tel only)."""

    children: tuple[Inline, ...]
    url: str


class Citation(Struct, frozen=True):
    """A citation of one or more references; numbers are filled in by a transform.

    ``locators`` go with ``ids``, one each ('' for none): the pages cited, as AMA prints them
    ('p12', 'pp12-14'); ``pages`` pairs each located number with its pages, once numbered.
    """

    ids: tuple[str, ...]
    numbers: tuple[int, ...] = ()
    locators: tuple[str, ...] = ()
    pages: tuple[tuple[int, str], ...] = ()


class Field(Struct, frozen=True):
    """A blank for a personal copy, ``{patient_name}``; a transform fills it with plain text."""

    name: str


Inline: TypeAlias = Text | Strong | Emphasis | Link | Citation | Field
Inlines: TypeAlias = tuple[Inline, ...]

# --- blocks ---------------------------------------------------------------------------------


class Paragraph(Struct, frozen=True):
    """A paragraph of body text."""

    content: Inlines


class ListItem(Struct, frozen=True):
    """One list item: its text and an optional nested list."""

    content: Inlines
    sublist: ItemList | None = None


class ItemList(Struct, frozen=True):
    """A bulleted list, or a numbered list of steps when ``ordered``."""

    items: tuple[ListItem, ...]
    ordered: bool = False


class Subheading(Struct, frozen=True):
    """A heading inside a section."""

    content: Inlines


NoteKind: TypeAlias = Literal["info", "warning"]
NoteBlock: TypeAlias = Paragraph | ItemList | Subheading  # what a note may hold


class Note(Struct, frozen=True):
    """A boxed call-out with an optional title; its text is one paragraph or a few blocks."""

    blocks: tuple[NoteBlock, ...]
    title: Inlines | None = None
    kind: NoteKind = "info"


class WriteIn(Struct, frozen=True):
    """Ruled lines for the patient to write on, under an optional title; ``fillable`` adds a form field."""

    title: Inlines | None
    lines: int
    fillable: bool = True


class QrCode(Struct, frozen=True):
    """A QR code of a web address (http or https), with the address printed under it."""

    url: str
    caption: Inlines | None = None


ImageKind: TypeAlias = Literal["png", "jpeg", "svg"]


class Figure(Struct, frozen=True):
    """A picture: its file (checked to lie inside the project), its alternative text and caption.

    ``width`` is a fraction of the column (None: the picture's natural size, at most the column). A
    ``decorative`` picture has no alternative text and is not read out.
    """

    image: str  # absolute path of a PNG, JPEG or SVG file
    kind: ImageKind
    alt: str = ""
    caption: Inlines | None = None
    width: float | None = None
    decorative: bool = False


class FigureRow(Struct, frozen=True):
    """Pictures side by side (steps, say), each with its caption, wrapping onto more rows as needed."""

    figures: tuple[Figure, ...]


class Table(Struct, frozen=True):
    """A table: header cells, rows of cells of inline text, and ruled empty rows to fill in.

    ``widths`` are relative column widths (None: equal); with ``fillable`` each empty cell of the
    ``blank_rows`` is also a form field.
    """

    columns: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...] = ()
    caption: Inlines | None = None
    widths: tuple[float, ...] | None = None
    blank_rows: int = 0
    fillable: bool = True


class Checklist(Struct, frozen=True):
    """Items with a box to tick before each; with ``fillable`` each box is also a checkbox field."""

    items: tuple[Inlines, ...]
    title: Inlines | None = None
    fillable: bool = True


class Term(Struct, frozen=True):
    """A word to know and what it means."""

    term: Inlines
    definition: Inlines


class Terms(Struct, frozen=True):
    """Words to know: a list of terms with their definitions."""

    terms: tuple[Term, ...]


Block: TypeAlias = (
    Paragraph | ItemList | Note | Subheading | WriteIn | QrCode | Figure | FigureRow | Table | Checklist | Terms
)


class Section(Struct, frozen=True):
    """A titled section of the handout."""

    heading: Inlines
    blocks: tuple[Block, ...]


# --- references -----------------------------------------------------------------------------


class Name(Struct, frozen=True):
    """A person's name (``family``/``given``) or an organisation's (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""
    particle: str = ""
    suffix: str = ""


class PartialDate(Struct, frozen=True):
    """A date known to the year, the month or the day; ``literal`` prints as given."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""


class Reference(Struct, frozen=True):
    """One bibliography entry: CSL-JSON fields we format, or a preformatted ``text``."""

    id: str
    type: str = "webpage"
    title: str = ""
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    container_title: str = ""
    container_title_short: str = ""  # a journal's abbreviation (container-title-short, journalAbbreviation)
    collection_title: str = ""
    publisher: str = ""
    publisher_place: str = ""
    edition: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""
    genre: str = ""  # a thesis's degree, a video's or data set's kind
    medium: str = ""
    event_title: str = ""  # the meeting a paper was presented at
    event_place: str = ""
    event_date: PartialDate | None = None
    event_date_end: PartialDate | None = None  # a meeting's last day, when its dates are a range
    version: str = ""
    section: str = ""  # a code's section (legislation)
    authority: str = ""  # who enacted or issued it (legislation)
    directors: tuple[Name, ...] = ()  # a video's, when it has no author
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    url: str = ""
    url_shown: str = ""  # the address as given, when it is linked as another (one without its scheme)
    doi: str = ""
    text: str = ""
    language: str = ""  # BCP 47 tag of the work, when it differs from the handout's


# --- the document ---------------------------------------------------------------------------


class Handout(Struct, frozen=True):
    """A whole handout, as validated from its source file."""

    title: Inlines
    reviewed: datetime.date
    sections: tuple[Section, ...]
    subtitle: Inlines | None = None
    language: str = "en"
    author: str = ""
    summary: Inlines | None = None
    url: str = ""  # the online version (http or https), printed as a QR code near the end
    # After the numbering transform: only cited references, in order of first citation,
    # so entry N of this tuple is reference number N + 1.
    references: tuple[Reference, ...] = ()
