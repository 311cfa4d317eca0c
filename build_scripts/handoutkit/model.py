"""The handout document model: frozen dataclasses that know no YAML, ReportLab or PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal, TypeAlias

# --- inline content -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A run of literal text; every character prints as typed."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    """Italic text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to an external address (http, https, mailto or tel only)."""

    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True)
class Citation:
    """A citation of one or more references; numbers are filled in by a transform."""

    ids: tuple[str, ...]
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Field:
    """A blank for a personal copy, ``{patient_name}``; a transform fills it with plain text."""

    name: str


Inline: TypeAlias = Text | Strong | Emphasis | Link | Citation | Field
Inlines: TypeAlias = tuple[Inline, ...]

# --- blocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text."""

    content: Inlines


@dataclass(frozen=True)
class ListItem:
    """One list item: its text and an optional nested list."""

    content: Inlines
    sublist: ItemList | None = None


@dataclass(frozen=True)
class ItemList:
    """A bulleted list, or a numbered list of steps when ``ordered``."""

    items: tuple[ListItem, ...]
    ordered: bool = False


NoteKind: TypeAlias = Literal["info", "warning"]


@dataclass(frozen=True)
class Note:
    """A boxed call-out with an optional title."""

    content: Inlines
    title: Inlines | None = None
    kind: NoteKind = "info"


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section."""

    content: Inlines


@dataclass(frozen=True)
class WriteIn:
    """Ruled lines for the patient to write on, under an optional title; ``fillable`` adds a form field."""

    title: Inlines | None
    lines: int
    fillable: bool = True


@dataclass(frozen=True)
class QrCode:
    """A QR code of a web address (http or https), with the address printed under it."""

    url: str
    caption: Inlines | None = None


Block: TypeAlias = Paragraph | ItemList | Note | Subheading | WriteIn | QrCode


@dataclass(frozen=True)
class Section:
    """A titled section of the handout."""

    heading: Inlines
    blocks: tuple[Block, ...]


# --- references -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person's name (``family``/``given``) or an organisation's (``literal``)."""

    family: str = ""
    given: str = ""
    literal: str = ""
    particle: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; ``literal`` prints as given."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""


@dataclass(frozen=True)
class Reference:
    """One bibliography entry: CSL-JSON fields we format, or a preformatted ``text``."""

    id: str
    type: str = "webpage"
    title: str = ""
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    container_title: str = ""
    collection_title: str = ""
    publisher: str = ""
    publisher_place: str = ""
    edition: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    url: str = ""
    doi: str = ""
    text: str = ""
    language: str = ""  # BCP 47 tag of the work, when it differs from the handout's


# --- the document ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Handout:
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
