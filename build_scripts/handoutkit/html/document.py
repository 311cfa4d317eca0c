"""The whole page: head (title, language, style sheet with the embedded fonts), the page furniture
in ``header`` and ``footer``, and the handout in ``main``, in the PDF's reading order."""

from __future__ import annotations

import re
from pathlib import Path

from ..inline import plain_text
from ..language.words import Words, primary
from ..model import Handout, QrCode, Reference, Text
from ..style.images import image_kind
from ..style.sheet import RIGHT_TO_LEFT, Furniture, Stylesheet
from ..transforms.ama import format_reference
from . import markup
from .blocks import Blocks
from .css import style_sheet
from .fonts import face_rules
from .inlines import HEADING, InlineWriter, Used, anchor
from .pictures import picture

# Placeholders of the PDF's furniture that mean nothing on a page without pages.
_PAGINATION = ("page", "pages", "page_x_of_y")
_LOGO_PX = 240  # the logo's width in CSS pixels, at most (it shows about two lines of header tall)


def render_html(handout: Handout, words: Words, sheet: Stylesheet) -> str:
    """The HTML edition of a transformed handout: one self-contained, script-free page.

    ``handout``, ``words`` and ``sheet`` are what ``render_pdf`` takes; the same input gives the
    same text, byte for byte. HtmlError when a picture or font file cannot be read.
    """
    sheet = sheet.in_language(handout.language)
    used = Used()
    inlines = InlineWriter(sheet, words.template("citation_link"), used)
    blocks = Blocks(inlines, words)
    main = _main(handout, blocks)
    header = _furniture("header", sheet.header, handout, sheet, words, inlines, logo=sheet.clinic.logo)
    footer = _furniture("footer", sheet.footer, handout, sheet, words, inlines, logo="")
    direction = "rtl" if sheet.right_to_left else "ltr"
    head = _head(handout, sheet, used)  # after the body: its fonts hold the characters the body uses
    body = f"{header}\n{main}\n{footer}"
    return (
        f"<!doctype html>\n<html{markup.attributes({'lang': handout.language, 'dir': direction})}>\n"
        f"<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _head(handout: Handout, sheet: Stylesheet, used: Used) -> str:
    """The page's metadata and its style sheet: the fonts of the characters ``used``, then the rules."""
    fonts = face_rules({"body": sheet.body_fonts, "heading": sheet.heading_fonts}, used)
    css = "\n".join(part for part in (fonts, style_sheet(sheet)) if part)
    return "".join(
        (
            markup.void("meta", charset="utf-8"),
            markup.void("meta", name="viewport", content="width=device-width, initial-scale=1"),
            markup.element("title", markup.text(plain_text(handout.title))),
            _description(handout),
            markup.void("meta", name="generator", content="handoutkit"),
            f"<style>\n{css}\n</style>",
        )
    )


def _description(handout: Handout) -> str:
    """The summary as the page's description (what a portal or search result shows under its title)."""
    summary = plain_text(handout.summary) if handout.summary else ""  # citations print as nothing here
    summary = re.sub(r"\s+([.,;:])", r"\1", " ".join(summary.split()))
    return markup.void("meta", name="description", content=summary) if summary else ""


def _main(handout: Handout, blocks: Blocks) -> str:
    """The title, subtitle and summary, each section with its blocks, the online version's address,
    and the references."""
    inlines = blocks.inlines
    top = markup.element("h1", inlines.html(handout.title, HEADING))
    if handout.subtitle:
        top += markup.element("p", inlines.html(handout.subtitle), class_="subtitle")
    parts = [markup.element("div", top, class_="title-block")]
    if handout.summary:
        parts.append(markup.element("p", inlines.html(handout.summary), class_="summary"))
    for index, section in enumerate(handout.sections, 1):
        heading_id = f"section-{index}"
        content = [markup.element("h2", inlines.html(section.heading, HEADING), id=heading_id)]
        for number, block in enumerate(section.blocks, 1):
            content.append(blocks.block(block, key=f"section-{index}-{number}", heading_id=heading_id))
        parts.append(markup.element("section", "\n".join(content), aria_labelledby=heading_id))
    if handout.url:  # the online version, after the content and before the sources
        parts.append(blocks.qr(QrCode(handout.url)))
    if handout.references:
        parts.append(_references(handout, blocks))
    return markup.element("main", markup.element("div", "\n".join(parts), class_="page"), id="content")


def _references(handout: Handout, blocks: Blocks) -> str:
    """A section headed by the catalog's word, and the entries as a numbered list: entry N has the
    id ``ref-N`` that its citations link to, and the ``lang`` of its work when that differs."""
    inlines = blocks.inlines
    heading = markup.element("h2", inlines.html((Text(blocks.words.text("references")),), HEADING), id="references")
    entries = [_entry(number, ref, blocks, handout.language) for number, ref in enumerate(handout.references, 1)]
    items = markup.element("ol", "".join(entries), class_="references")
    return markup.element("section", heading + items, aria_labelledby="references")


def _entry(number: int, ref: Reference, blocks: Blocks, language: str) -> str:
    lang = ref.language if ref.language and ref.language.lower() != language.lower() else None
    direction = None
    if lang is not None and (primary(lang) in RIGHT_TO_LEFT) != (primary(language) in RIGHT_TO_LEFT):
        direction = "rtl" if primary(lang) in RIGHT_TO_LEFT else "ltr"
    content = blocks.inlines.html(format_reference(ref, blocks.words))
    if direction is None and blocks.inlines.sheet.right_to_left:  # an entry in English reads left to right
        content = markup.element("span", content, dir="auto")
    return markup.element("li", content, id=anchor(number), lang=lang, dir=direction)


def _furniture(
    tag: str,
    line: Furniture,
    handout: Handout,
    sheet: Stylesheet,
    words: Words,
    inlines: InlineWriter,
    *,
    logo: str,
) -> str:
    """The header or footer of the PDF's first page, without page numbers: its left and right text
    (start and end of the line), and the style's logo at the start of the header."""
    values = _values(handout, sheet, words)
    texts = [_fill(template, values) for template in (line.left, line.right) if template]
    texts = [text for text in texts if text]
    image = ""
    if logo:
        shown = picture(logo, image_kind(Path(logo)) or "png", _LOGO_PX)
        image = markup.void(
            "img", src=shown.src, alt=sheet.organization, class_="logo",
            width=str(shown.width) if shown.width else None, height=str(shown.height) if shown.height else None,
        )  # fmt: skip
    if not texts and not image:
        return ""
    # The style's own text reads in its own direction (a clinic's English name on an Arabic page).
    parts = [markup.element("p", inlines.plain(text), dir="auto") for text in texts]
    if image:
        start = parts.pop(0) if parts and line.left else ""
        parts.insert(0, markup.element("div", image + start, class_="start"))
    return markup.element(tag, "".join(parts), class_="furniture")


def _values(handout: Handout, sheet: Stylesheet, words: Words) -> dict[str, str]:
    reviewed = handout.reviewed
    return {
        "organization": sheet.organization,
        "contact": sheet.contact,
        "department": sheet.clinic.department,
        "phone": sheet.clinic.phone,
        "address": sheet.clinic.address,
        "web": sheet.clinic.web,
        "title": plain_text(handout.title),
        "reviewed": words.dated("reviewed", reviewed),
        "reviewed_date": words.date(reviewed),
        **dict.fromkeys(_PAGINATION, ""),
    }


_SEPARATORS = " \u00b7|\u2013\u2014-,;:/"


def _fill(template: str, values: dict[str, str]) -> str:
    """The template with each placeholder replaced once; where a page number was, the separator
    left beside it goes too ('{reviewed} · {page}' is 'Reviewed: ...')."""
    filled = re.sub(r"\{(\w+)\}", lambda found: values.get(found.group(1), found.group(0)), template)
    if any("{" + name + "}" in template for name in _PAGINATION):
        filled = filled.strip(_SEPARATORS)
    return filled
