"""The Stylesheet model: page, fonts, sizes in points, colours and page furniture, all resolved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CitationForm = Literal["superscript", "brackets"]

# Placeholders a header or footer line may use, with what each prints.
PLACEHOLDERS = {
    "organization": "the organisation name from the style",
    "contact": "the contact line from the style",
    "title": "the handout's title",
    "page": "the page number",
    "pages": "the number of pages",
    "page_x_of_y": "'Page 2 of 3'",
    "reviewed": "'Reviewed: April 12, 2025'",
    "reviewed_date": "'April 12, 2025'",
}


@dataclass(frozen=True)
class Page:
    """Paper size and margins, in points."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class FontFamily:
    """The four faces of one family, by the names the renderer registers them under."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points; each is the body size times the style's relative factor."""

    body: float
    leading: float  # line height of body text
    title: float
    subtitle: float
    heading: float
    subheading: float
    summary: float
    references: float
    furniture: float  # header and footer


@dataclass(frozen=True)
class Spacing:
    """Vertical space in points."""

    paragraph: float
    section: float
    list_item: float


@dataclass(frozen=True)
class Colors:
    """Colours as '#RRGGBB'."""

    text: str
    heading: str
    link: str
    muted: str
    rule: str
    note_background: str
    note_border: str
    warning_background: str
    warning_border: str


@dataclass(frozen=True)
class Furniture:
    """A header or footer: a left and a right line of template text."""

    left: str = ""
    right: str = ""


@dataclass(frozen=True)
class Stylesheet:
    """Everything the renderer needs to know about how a handout looks."""

    name: str
    page: Page
    body_font: FontFamily
    heading_font: FontFamily
    sizes: Sizes
    spacing: Spacing
    colors: Colors
    header: Furniture
    footer: Furniture
    organization: str = ""
    contact: str = ""
    citations: CitationForm = "superscript"
