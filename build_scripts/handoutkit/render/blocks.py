"""Turn the handout's blocks into ReportLab flowables, one small function per block kind."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)  # fmt: skip
from reportlab.platypus import (
    ListItem as RLListItem,
)
from reportlab.platypus.flowables import HRFlowable

from ..ama import format_reference
from ..inline import plain_text
from ..model import Block, Handout, Inlines, ItemList, Note, Subheading
from ..model import Paragraph as ParagraphBlock
from ..stylesheet import Stylesheet
from ..words import words_for
from .markup import anchor, escape, to_markup
from .styles import ParagraphStyles, paragraph_styles

# Bullet marks and number formats by nesting level, so nested lists read differently.
_BULLETS = ("\u2022", "\u2013", "\u2022")
_NUMBERING = ("1", "a", "i")


class Heading(Paragraph):
    """A paragraph that also becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, *, outline: str, level: int, key: str) -> None:
        super().__init__(text, style)
        self.outline = (outline, level, key)


def flowables(handout: Handout, sheet: Stylesheet) -> list[Flowable]:
    """Every flowable of the handout, in reading order."""
    styles = paragraph_styles(sheet)
    story: list[Flowable] = [Paragraph(to_markup(handout.title, sheet), styles.title)]
    if handout.subtitle:
        story.append(Paragraph(to_markup(handout.subtitle, sheet), styles.subtitle))
    story.append(
        HRFlowable(
            width="100%",
            thickness=1.2,
            color=HexColor(sheet.colors.rule),
            spaceBefore=2,
            spaceAfter=sheet.sizes.body * 0.8,
        )
    )
    if handout.summary:
        story.append(Paragraph(to_markup(handout.summary, sheet), styles.summary))
    for index, section in enumerate(handout.sections, 1):
        story.append(_heading(section.heading, styles.heading, sheet, level=0, key=f"section-{index}"))
        for number, block in enumerate(section.blocks, 1):
            story.extend(_block(block, sheet, styles, key=f"section-{index}-{number}"))
    story.extend(_references(handout, sheet, styles))
    return story


def _heading(content: Inlines, style: ParagraphStyle, sheet: Stylesheet, *, level: int, key: str) -> Heading:
    return Heading(to_markup(content, sheet), style, outline=plain_text(content), level=level, key=key)


def _block(block: Block, sheet: Stylesheet, styles: ParagraphStyles, *, key: str) -> list[Flowable]:
    match block:
        case ParagraphBlock(content):
            return [Paragraph(to_markup(content, sheet), styles.body)]
        case Subheading(content):
            return [_heading(content, styles.subheading, sheet, level=1, key=key)]
        case ItemList():
            return [_list(block, sheet, styles, depth=0), Spacer(0, sheet.spacing.paragraph - sheet.spacing.list_item)]
        case Note():
            return [_note(block, sheet, styles)]
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - the model has no others


def _list(items: ItemList, sheet: Stylesheet, styles: ParagraphStyles, *, depth: int) -> ListFlowable:
    entries: list[Any] = []  # ReportLab's stubs do not accept its own ListItem here
    for item in items.items:
        parts: list[Flowable] = [Paragraph(to_markup(item.content, sheet), styles.item)]
        if item.sublist is not None:
            parts.append(_list(item.sublist, sheet, styles, depth=depth + 1))
        entries.append(RLListItem(parts))
    size = sheet.sizes.body
    options: dict[str, Any] = {
        "bulletFontName": sheet.body_font.bold if items.ordered else sheet.body_font.regular,
        "bulletFontSize": size,
        "bulletColor": HexColor(sheet.colors.heading),
        "leftIndent": size * 1.6,
        "bulletDedent": size * 1.3 if items.ordered else size * 1.0,
        "spaceBefore": 0,
    }
    if items.ordered:
        return ListFlowable(entries, bulletType=_NUMBERING[depth % 3], bulletFormat="%s.", **options)
    return ListFlowable(entries, bulletType="bullet", start=_BULLETS[depth % 3], **options)


def _note(note: Note, sheet: Stylesheet, styles: ParagraphStyles) -> Flowable:
    warning = note.kind == "warning"
    background = sheet.colors.warning_background if warning else sheet.colors.note_background
    border = sheet.colors.warning_border if warning else sheet.colors.note_border
    rows: list[list[Flowable]] = []
    if note.title:
        rows.append([Paragraph(to_markup(note.title, sheet), styles.note_title)])
    rows.append([Paragraph(to_markup(note.content, sheet), styles.note_body)])
    pad = sheet.sizes.body * 0.8
    table = Table(
        rows, colWidths=["100%"], spaceBefore=sheet.spacing.paragraph * 0.5, spaceAfter=sheet.spacing.paragraph * 1.5
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
                ("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(border)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, 0), pad * 0.8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.8),
                ("TOPPADDING", (0, 1), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -2), 0),
            ]
        )
    )
    # Kept on one page when it fits; a note taller than a page still splits by rows.
    return KeepTogether([table])


def _references(handout: Handout, sheet: Stylesheet, styles: ParagraphStyles) -> list[Flowable]:
    if not handout.references:
        return []
    title = words_for(handout.language)["references"]
    story: list[Flowable] = [Heading(escape(title), styles.heading, outline=title, level=0, key="references")]
    for number, ref in enumerate(handout.references, 1):
        text = f'<a name="{anchor(number)}"/>' + to_markup(format_reference(ref), sheet)
        # An entry is read as one unit, so it moves whole to the next page rather than split.
        story.append(KeepTogether([Paragraph(text, styles.reference, bulletText=f"{number}.")]))
    return story
