"""Draw the page furniture: header and footer lines from the style's templates, and their rules."""

from __future__ import annotations

import re
from contextlib import nullcontext
from functools import cache

from msgspec import Struct
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..inline import plain_text
from ..language.scripts import has_right_to_left, is_wide, needs_shaping
from ..language.words import Words
from ..model import Handout
from ..style.sheet import Furniture, Stylesheet
from . import shaping
from .flowables import tagger_of
from .fonts import FontChain, font_chain
from .linebreak import may_break_before


class PageFurniture(Struct, frozen=True):
    """Draws one handout's header and footer on each page, once its page count is known."""

    handout: Handout
    sheet: Stylesheet
    words: Words

    def __call__(self, canvas: Canvas, number: int, total: int) -> None:
        sheet, page = self.sheet, self.sheet.page
        values = self._values(number, total)
        size = sheet.sizes.furniture
        fonts = font_chain(sheet.body_fonts)
        canvas.saveState()
        canvas.setFillColor(HexColor(sheet.colors.muted))
        canvas.setStrokeColor(HexColor(sheet.colors.rule))
        canvas.setLineWidth(0.5)
        left, right = page.left, page.width - page.right
        header_y, footer_y = page.height - page.top * 0.55, page.bottom * 0.45
        header = sheet.running_header if number > 1 and sheet.running_header is not None else sheet.header
        placed = (
            ("Header", header, header_y, header_y - size * 0.6),
            ("Footer", sheet.footer, footer_y, footer_y + size * 1.3),
        )
        tagger = tagger_of(canvas)
        for subtype, line, y, rule_y in placed:
            logo = sheet.clinic.logo if subtype == "Header" else ""
            if not (line.left or line.right or logo):
                continue
            # Page furniture is not part of the document: screen readers skip it.
            with tagger.artifact(canvas.addLiteral, "Pagination", subtype) if tagger else nullcontext():
                start = left + _draw_logo(canvas, logo, left, y, size) if logo else left
                _line_pair(canvas, line, values, y, (start, right), fonts, size, mirrored=sheet.right_to_left)
                canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()

    def _values(self, number: int, total: int) -> dict[str, str]:
        words, reviewed = self.words, self.handout.reviewed
        return {
            "organization": self.sheet.organization,
            "contact": self.sheet.contact,
            "department": self.sheet.clinic.department,
            "phone": self.sheet.clinic.phone,
            "address": self.sheet.clinic.address,
            "web": self.sheet.clinic.web,
            "title": plain_text(self.handout.title),
            "page": str(number),
            "pages": str(total),
            "page_x_of_y": words.text("page_x_of_y", page=number, pages=total),
            "reviewed": words.dated("reviewed", reviewed),
            "reviewed_date": words.date(reviewed),
        }


def _draw_logo(canvas: Canvas, path: str, x: float, baseline: float, size: float) -> float:
    """Draw the logo standing on the header's baseline, about two text lines high; its width plus a gap."""
    image = _image(path)
    width, height = image.getSize()
    drawn_height = size * 2.4
    drawn_width = drawn_height * width / height
    canvas.drawImage(image, x, baseline - size * 0.35, drawn_width, drawn_height, mask="auto")
    return float(drawn_width + size)


@cache
def _image(path: str) -> ImageReader:
    return ImageReader(path)


def _fill(template: str, values: dict[str, str]) -> str:
    """The template with each placeholder replaced once (a value's own braces stay as written)."""
    return re.sub(r"\{(\w+)\}", lambda found: values.get(found.group(1), found.group(0)), template)


def _line_pair(
    canvas: Canvas,
    line: Furniture,
    values: dict[str, str],
    y: float,
    edges: tuple[float, float],
    fonts: FontChain,
    size: float,
    *,
    mirrored: bool = False,
) -> None:
    """The line's left and right text at its two edges; ``mirrored`` (a right-to-left handout),
    the left text at the right edge and the right text at the left."""
    right = _fill(line.right, values) if line.right else ""
    right_width = text_width(right, fonts, size)
    if line.left:
        room = edges[1] - edges[0] - (right_width + size * 2 if right else 0)  # two ems between the two
        left = _fitted(line.left, values, room, fonts, size)
        x = edges[1] - text_width(left, fonts, size) if mirrored else edges[0]
        draw_text(canvas, x, y, left, fonts, size)
    if right:
        draw_text(canvas, edges[0] if mirrored else edges[1] - right_width, y, right, fonts, size)


ELLIPSIS = "\u2026"


def _fitted(template: str, values: dict[str, str], room: float, fonts: FontChain, size: float) -> str:
    """The template filled, its ``{title}`` cut at a word and ended with an ellipsis where the line
    would be wider than ``room`` (other text stays whole: it is the style's, and short).

    A title cuts at an ordinary space (a no-break space joins its words), and in Chinese or Japanese
    between characters where a line may break (``linebreak``), never after an opening mark."""
    text = _fill(template, values)
    if "{title}" not in template or text_width(text, fonts, size) <= room:
        return text
    title = values["title"]
    cuts = [at for at in range(1, len(title)) if _may_cut(title[at - 1], title[at])]
    for at in reversed(cuts):
        shortened = _fill(template, {**values, "title": title[:at].rstrip(_TRAILING) + ELLIPSIS})
        if text_width(shortened, fonts, size) <= room:
            return shortened
    word = title[: cuts[0]] if cuts else title
    while word:  # one word wider than the room: as many of its characters as fit
        shortened = _fill(template, {**values, "title": word + ELLIPSIS})
        if text_width(shortened, fonts, size) <= room:
            return shortened
        word = word[:-1]
    return _fill(template, {**values, "title": ELLIPSIS})


_TRAILING = ",;:-\u2013\u2014 \u3001\uff0c\uff1a\uff1b"  # what a cut title loses before its ellipsis


def _may_cut(before: str, after: str) -> bool:
    if after == " ":
        return True
    return (is_wide(before) or is_wide(after)) and may_break_before(before, after)


def text_width(text: str, fonts: FontChain, size: float, *, bold: bool = False) -> float:
    if needs_shaping(text):
        return _shaped_line(text, fonts, size, bold).width
    return sum(stringWidth(run, faces.bold if bold else faces.regular, size) for faces, run in fonts.runs(text))


def _shaped_line(text: str, fonts: FontChain, size: float, bold: bool) -> shaping.Line:
    """``text`` as one line set by HarfBuzz (Arabic, Devanagari), each run in its family's face."""
    spans, at = [], 0
    for faces, run in fonts.runs(text):
        spans.append(shaping.Span(at, at + len(run), faces.bold if bold else faces.regular, size))
        at += len(run)
    return shaping.Paragraph(text, spans, rtl=has_right_to_left(text), language="").line(0, len(text))


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, fonts: FontChain, size: float, *, bold: bool = False
) -> None:
    """Draw ``text`` from ``x``, each run in the first family of the chain that has its characters.

    Runs in several fonts (a Chinese date: its characters and its digits) are one text object, so
    that the text copies out as one line.
    """
    if needs_shaping(text):
        shaping.draw_line(canvas, _shaped_line(text, fonts, size, bold), x, y)
        return
    runs = fonts.runs(text)
    if not runs:
        return
    if len(runs) == 1:
        faces, run = runs[0]
        canvas.setFont(faces.bold if bold else faces.regular, size)
        canvas.drawString(x, y, run)
        return
    line = canvas.beginText(x, y)
    for faces, run in runs:
        line.setFont(faces.bold if bold else faces.regular, size)
        line.textOut(run)
    canvas.drawText(line)
