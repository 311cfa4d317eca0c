"""A tagged paragraph in a script that needs shaping or runs right to left, laid out by ``shaping``.

``TaggedParagraph`` hands its work here when its style says ``line_breaking: shaped`` (a handout in
Arabic, Urdu or Hindi, set by ``Stylesheet.in_language``): its fragments (runs of one face, size,
rise, colour and link) become ``shaping.Span`` s, its lines break at spaces, and each line is
written glyph by glyph into one text object that the tagger marks as it marks any paragraph's
(links start and end where their glyphs are written). Right-to-left paragraphs are set flush
right; justified text is set flush to its side (stretching shaped lines is not done).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import ParaLines, _doLink  # type: ignore[attr-defined]

from . import shaping
from .tagging import LinkEvent

if TYPE_CHECKING:
    from .flowables import TaggedParagraph


def _shaped(paragraph: TaggedParagraph) -> shaping.Paragraph:
    found: shaping.Paragraph | None = getattr(paragraph, "_shaped", None)
    if found is None:
        spans: list[shaping.Span] = []
        text = ""
        for frag in paragraph.frags:
            piece = getattr(frag, "text", "") or ""
            if piece:
                spans.append(
                    shaping.Span(len(text), len(text) + len(piece), frag.fontName, frag.fontSize, frag.rise, frag)
                )
                text += piece
        rtl = bool(getattr(paragraph.style, "right_to_left", False))
        if rtl and getattr(paragraph.style, "direction_from_text", False):  # its first strong letter's
            from bidi import get_base_level

            rtl = get_base_level(text) == 1
        found = shaping.Paragraph(text, spans, rtl=rtl, language=getattr(paragraph.style, "language", "") or "")
        paragraph._shaped = found  # type: ignore[attr-defined]
    return found


def break_lines(paragraph: TaggedParagraph, width: float | list[float] | tuple[float, ...]) -> Any:
    """ReportLab's line structure for ``wrap`` (only how many lines, at the style's leading); the
    lines themselves are kept as character ranges (``_lines``)."""
    line = width[-1] if isinstance(width, list | tuple) else width
    lines: list[tuple[int, int]] | None = getattr(paragraph, "_fixed_lines", None)
    if lines is None:
        lines = _shaped(paragraph).lines(line)
    paragraph._lines = lines  # type: ignore[attr-defined]
    style = paragraph.style
    return ParaLines(
        kind=0,
        lines=[(0.0, []) for _ in lines],
        fontSize=style.fontSize,
        fontName=style.fontName,
        ascent=style.fontSize,
        descent=-0.2 * style.fontSize,
    )


def split(paragraph: TaggedParagraph, width: float, height: float) -> list[Flowable]:
    """The lines that fit in ``height`` and the rest, as two paragraphs sharing the shaped text
    (ReportLab's own rules on orphans and widows)."""
    if not hasattr(paragraph, "blPara"):
        paragraph.wrap(width, height)
    lines: list[tuple[int, int]] = paragraph._lines  # type: ignore[attr-defined]
    style = paragraph.style
    fits = int((height + 1e-8) // style.leading)
    count = len(lines)
    if count <= fits:
        return [paragraph]
    orphans = getattr(paragraph, "allowOrphans", getattr(style, "allowOrphans", 0))  # the paragraph's own first
    widows = getattr(paragraph, "allowWidows", getattr(style, "allowWidows", 1))
    if fits == 0 or (fits <= 1 and not orphans):
        return []
    if not widows and count == fits + 1:
        if count <= 3:
            return []
        fits -= 1
    parts: list[Flowable] = []
    for taken in (lines[:fits], lines[fits:]):
        part = copy.copy(paragraph)
        for transient in ("blPara", "_postponed", "canv"):  # a new flowable's, as ReportLab's parts are
            part.__dict__.pop(transient, None)
        part._fixed_lines = taken  # type: ignore[attr-defined]
        parts.append(part)
    return parts


def draw(paragraph: TaggedParagraph) -> None:
    """Draw the paragraph's lines at the origin ReportLab's ``drawOn`` has moved to."""
    canvas = paragraph.canv
    style = paragraph.style
    shaped = _shaped(paragraph)
    marks = getattr(canvas, "text_marks", None)
    text = canvas.beginText()
    text._code.clear()  # type: ignore[attr-defined]  # begun at the page's origin, pypdf would read a new line
    if paragraph._lines and paragraph._lines[0][0] == 0:  # type: ignore[attr-defined]  # its first part
        for frag in paragraph.frags:  # a reference entry's anchor, which citations link to
            special = getattr(frag, "cbDefn", None)
            if special is not None and getattr(special, "kind", "") == "anchor":
                canvas.bookmarkHorizontal(special.name, 0, paragraph.height)
    tagged_links: list[Any] = []
    later: list[tuple[shaping.Line, float, float]] = []
    for number, (start, end) in enumerate(paragraph._lines):  # type: ignore[attr-defined]
        line = shaped.line(start, end)
        baseline = paragraph.height - style.fontSize - number * style.leading
        x = _left(paragraph, line.width)
        segments = _link_segments(line, x)
        open_link: list[Any] = [None]

        def before(placed: shaping.Placed, open_link: list[Any] = open_link, baseline: float = baseline,
                   segments: dict[Any, tuple[float, float]] = segments) -> None:  # fmt: skip
            link = _link_of(placed)
            if link == open_link[0] or marks is None:
                return
            index = len(text._code)  # type: ignore[attr-defined]
            if open_link[0] is not None:
                marks.events.append(LinkEvent(index, marks._inline(open_link[0])))
            if link is not None:
                marks.start(index, link, canvas, segments[link][0], baseline)
            open_link[0] = link

        shaping.write_line(text, line, x, baseline, first=number == 0, before=before)
        if marks is not None and open_link[0] is not None:  # a link that goes on ends with its line
            marks.events.append(LinkEvent(len(text._code), marks._inline(open_link[0])))  # type: ignore[attr-defined]
        for link, (x0, x1) in segments.items():
            rect = (x0, baseline - style.fontSize / 8, x1, baseline - style.fontSize / 8 + style.leading)
            tagged_links.append((link[1], rect))
        later.append((line, x, baseline))
    canvas.drawText(text)
    for href, rect in tagged_links:
        _doLink(text, href, rect)
    from .flowables import tagger_of

    tagger = tagger_of(canvas)
    for line, x, baseline in later:
        drawn = shaping.outlines(line)
        if drawn and tagger is not None:
            with tagger.artifact(canvas.addLiteral):  # their text is their cluster's other glyphs'
                for placed in drawn:
                    shaping.draw_outline(canvas, placed, x, baseline)
        else:
            for placed in drawn:
                shaping.draw_outline(canvas, placed, x, baseline)


def _left(paragraph: TaggedParagraph, width: float) -> float:
    style = paragraph.style
    room = paragraph.width - style.leftIndent - style.rightIndent
    if getattr(style, "right_to_left", False) or style.alignment == TA_RIGHT:
        return style.leftIndent + room - width
    if style.alignment == TA_CENTER:
        return style.leftIndent + (room - width) / 2
    return float(style.leftIndent)


def _link_of(placed: shaping.Placed) -> Any:
    links = getattr(placed.run.span.extra, "link", None)
    return links[0] if links else None


def _link_segments(line: shaping.Line, x: float) -> dict[Any, tuple[float, float]]:
    """Each link on the line, with the left and right ends of its glyphs."""
    found: dict[Any, tuple[float, float]] = {}
    for piece in line.pieces:
        for placed in piece:
            link = _link_of(placed)
            if link is None:
                continue
            left, right = x + placed.x, x + placed.x + placed.glyph.advance
            if link in found:
                left, right = min(left, found[link][0]), max(right, found[link][1])
            found[link] = (left, right)
    return found
