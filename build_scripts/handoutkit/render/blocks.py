"""Turn the handout's blocks into ReportLab flowables, one small function per block kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import ListItem as RLListItem
from reportlab.platypus.flowables import HRFlowable

from ..ama import format_reference
from ..inline import plain_text
from ..model import Block, Handout, Inlines, ItemList, Note, Subheading, Text
from ..model import Paragraph as ParagraphBlock
from ..stylesheet import Stylesheet
from ..words import Words
from .fonts import FontChain, font_chain
from .markup import BOLD, REGULAR, Face, anchor, to_markup
from .styles import ParagraphStyles, paragraph_styles

# Bullet marks and number formats by nesting level, so nested lists read differently.
_BULLETS = ("\u2022", "\u2013", "\u2022")
_NUMBERING = ("1", "a", "i")


class Heading(Paragraph):
    """A paragraph that also becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, *, outline: str, level: int, key: str) -> None:
        super().__init__(text, style)
        self.outline = (outline, level, key)


@dataclass(frozen=True)
class _Context:
    """What every block needs: the style sheet, its paragraph styles and font chains, the words."""

    sheet: Stylesheet
    styles: ParagraphStyles
    body: FontChain
    head: FontChain
    words: Words

    def text(self, inlines: Inlines, style: ParagraphStyle, face: Face = REGULAR) -> Paragraph:
        return Paragraph(to_markup(inlines, self.sheet, self.body, face), style)

    def heading(self, inlines: Inlines, style: ParagraphStyle, *, level: int, key: str) -> Heading:
        markup = to_markup(inlines, self.sheet, self.head, BOLD)  # heading styles are bold
        return Heading(markup, style, outline=plain_text(inlines), level=level, key=key)


def flowables(handout: Handout, sheet: Stylesheet, words: Words) -> list[Flowable]:
    """Every flowable of the handout, in reading order."""
    ctx = _Context(sheet, paragraph_styles(sheet), font_chain(sheet.body_fonts), font_chain(sheet.heading_fonts), words)
    story: list[Flowable] = [Paragraph(to_markup(handout.title, sheet, ctx.head, BOLD), ctx.styles.title)]
    if handout.subtitle:
        story.append(ctx.text(handout.subtitle, ctx.styles.subtitle))
    rule = HexColor(sheet.colors.rule)
    story.append(HRFlowable(width="100%", thickness=1.2, color=rule, spaceBefore=2, spaceAfter=sheet.sizes.body * 0.8))
    if handout.summary:
        story.append(ctx.text(handout.summary, ctx.styles.summary))
    for index, section in enumerate(handout.sections, 1):
        story.append(ctx.heading(section.heading, ctx.styles.heading, level=0, key=f"section-{index}"))
        for number, block in enumerate(section.blocks, 1):
            story.extend(_block(block, ctx, key=f"section-{index}-{number}"))
    story.extend(_references(handout, ctx))
    return story


def _block(block: Block, ctx: _Context, *, key: str) -> list[Flowable]:
    match block:
        case ParagraphBlock(content):
            return [ctx.text(content, ctx.styles.body)]
        case Subheading(content):
            return [ctx.heading(content, ctx.styles.subheading, level=1, key=key)]
        case ItemList():
            gap = ctx.sheet.spacing.paragraph - ctx.sheet.spacing.list_item
            return [_list(block, ctx, depth=0), Spacer(0, gap)]
        case Note():
            return [_note(block, ctx)]
    raise TypeError(f"unknown block {block!r}")  # pragma: no cover - the model has no others


def _list(items: ItemList, ctx: _Context, *, depth: int) -> ListFlowable:
    entries: list[Any] = []  # ReportLab's stubs do not accept its own ListItem here
    for item in items.items:
        parts: list[Flowable] = [ctx.text(item.content, ctx.styles.item)]
        if item.sublist is not None:
            parts.append(_list(item.sublist, ctx, depth=depth + 1))
        entries.append(RLListItem(parts))
    size = ctx.sheet.sizes.body
    faces = ctx.body.primary  # bullets and numbers in the embedded body font, never Helvetica/Symbol
    options: dict[str, Any] = {
        "bulletFontName": faces.bold if items.ordered else faces.regular,
        "bulletFontSize": size,
        "bulletColor": HexColor(ctx.sheet.colors.heading),
        "leftIndent": size * 1.6,
        "bulletDedent": size * 1.3 if items.ordered else size * 1.0,
        "spaceBefore": 0,
    }
    if items.ordered:
        return ListFlowable(entries, bulletType=_NUMBERING[depth % 3], bulletFormat="%s.", **options)
    return ListFlowable(entries, bulletType="bullet", start=_BULLETS[depth % 3], **options)


def _note(note: Note, ctx: _Context) -> Flowable:
    warning = note.kind == "warning"
    colors = ctx.sheet.colors
    background = colors.warning_background if warning else colors.note_background
    border = colors.warning_border if warning else colors.note_border
    title = note.title or (Text(ctx.words.text("note_warning" if warning else "note_info")),)
    rows: list[list[Flowable]] = [
        [ctx.text(title, ctx.styles.note_title, BOLD)],
        [ctx.text(note.content, ctx.styles.note_body)],
    ]
    pad = ctx.sheet.sizes.body * 0.8
    space = ctx.sheet.spacing.paragraph
    table = Table(rows, colWidths=["100%"], spaceBefore=space * 0.5, spaceAfter=space * 1.5)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ctx.body.primary.regular),  # not ReportLab's Helvetica
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


def _references(handout: Handout, ctx: _Context) -> list[Flowable]:
    if not handout.references:
        return []
    title = ctx.words.text("references")
    story: list[Flowable] = [ctx.heading((Text(title),), ctx.styles.heading, level=0, key="references")]
    for number, ref in enumerate(handout.references, 1):
        text = f'<a name="{anchor(number)}"/>' + to_markup(format_reference(ref, ctx.words), ctx.sheet, ctx.body)
        # An entry is read as one unit, so it moves whole to the next page rather than split.
        story.append(KeepTogether([Paragraph(text, ctx.styles.reference, bulletText=f"{number}.")]))
    return story
