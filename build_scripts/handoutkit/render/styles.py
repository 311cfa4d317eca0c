"""Build the ReportLab paragraph styles of a Stylesheet, once per stylesheet."""

from __future__ import annotations

from functools import cache
from typing import Any

from msgspec import Struct
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle

from ..style.sheet import Stylesheet
from .fonts import font_chain


class ParagraphStyles(Struct, frozen=True):
    """The paragraph styles every block kind draws with."""

    title: ParagraphStyle
    subtitle: ParagraphStyle
    summary: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    item: ParagraphStyle
    note_title: ParagraphStyle
    note_body: ParagraphStyle
    reference: ParagraphStyle
    furniture: ParagraphStyle


@cache
def paragraph_styles(sheet: Stylesheet) -> ParagraphStyles:
    """Paragraph styles for ``sheet``; cached, since stylesheets are frozen and reused."""
    size, lead = sheet.sizes, sheet.sizes.leading / sheet.sizes.body
    body_faces, heading_faces = font_chain(sheet.body_fonts).primary, font_chain(sheet.heading_fonts).primary
    text, heading = HexColor(sheet.colors.text), HexColor(sheet.colors.heading)
    body = ParagraphStyle(
        "body",
        fontName=body_faces.regular,
        fontSize=size.body,
        leading=size.leading,
        textColor=text,
        spaceAfter=sheet.spacing.paragraph,
        allowWidows=0,
        allowOrphans=0,
        bulletFontName=body_faces.regular,
    )
    body.line_breaking = sheet.line_breaking  # read by TaggedParagraph.breakLines; styles below inherit it
    body.right_to_left = sheet.right_to_left  # shaped paragraphs set flush right (shapedpara)

    def derived(
        name: str, parent: ParagraphStyle, font_size: float, *, line: float = lead, **extra: Any
    ) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, fontSize=font_size, leading=font_size * line, **extra)

    def titled(name: str, font_size: float, **extra: Any) -> ParagraphStyle:
        return derived(
            name, body, font_size, fontName=heading_faces.bold, textColor=heading,
            keepWithNext=1, line=1.2, **extra,
        )  # fmt: skip

    return ParagraphStyles(
        title=titled("title", size.title, spaceAfter=size.title * 0.25),
        subtitle=derived(
            "subtitle", body, size.subtitle, textColor=HexColor(sheet.colors.muted), spaceAfter=size.body * 0.8
        ),
        summary=derived("summary", body, size.summary, spaceAfter=sheet.spacing.paragraph),
        heading=titled("heading", size.heading, spaceBefore=sheet.spacing.section, spaceAfter=size.body * 0.4),
        subheading=titled("subheading", size.subheading, spaceBefore=size.body * 0.6, spaceAfter=size.body * 0.3),
        body=body,
        item=ParagraphStyle("item", parent=body, spaceAfter=sheet.spacing.list_item),
        note_title=ParagraphStyle(
            "note_title", parent=body, fontName=body_faces.bold, spaceAfter=size.body * 0.25, keepWithNext=1
        ),
        note_body=ParagraphStyle("note_body", parent=body, spaceAfter=0),
        reference=derived(
            "reference",
            body,
            size.references,
            spaceAfter=size.references * 0.45,
            direction_from_text=True,  # an entry in English reads left to right in an Arabic handout
        ),
        furniture=derived("furniture", body, size.furniture, textColor=HexColor(sheet.colors.muted), spaceAfter=0),
    )
