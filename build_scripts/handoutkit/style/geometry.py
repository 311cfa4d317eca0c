"""Check that a style's page leaves room for its text, before any handout is laid out with it.

ReportLab fails each handout on its own when a block cannot fit, with a message naming its internal
objects; worse, some impossible columns (45 pt text in a 76 pt column) make it loop without end.
The limits below are well inside what builds; each error is at the key that broke the limit.
"""

from __future__ import annotations

import math
from typing import Any

from ..diagnostics import Position, Report
from ..load.tree import Mapping, Node

INCH = 72.0
MIN_SIDE = 2 * INCH  # the text area, each way, at the least
MIN_CHARACTERS = 20  # of body text in a line
MIN_TITLE_CHARACTERS = 8  # of title text in a line: most words fit whole
EM_PER_CHARACTER = 0.5  # the average width of a character, as a fraction of its size (0.44 in Atkinson)
QR_SIZE = 1.1 * INCH  # as render/blocks.py draws it
TITLE_LINE = 1.2  # a heading's line height, as a multiple of its size (render/styles.py)


def check_geometry(style: Mapping, v: dict[str, Any], paper: tuple[float, float], report: Report) -> None:
    """Report a text area too narrow or too short for the style's sizes, each at the key to change."""
    margins, size, title = v["page"]["margins"], v["text"]["size"], v["text"]["size"] * v["sizes"]["title"]
    width = paper[0] - margins["left"] - margins["right"]
    height = paper[1] - margins["top"] - margins["bottom"]
    if width < MIN_SIDE:
        _margin_error(style, margins, ("left", "right"), f"a text column only {_inches(width)} wide", report)
    elif width < MIN_CHARACTERS * EM_PER_CHARACTER * size:
        most = width / (MIN_CHARACTERS * EM_PER_CHARACTER)
        message = (
            f"'text.size' {size:g} fits about {int(width / (EM_PER_CHARACTER * size))} characters in the "
            f"{_inches(width)} text column, and a line needs at least {MIN_CHARACTERS}; "
            f"make the size at most {math.floor(most)} or the left and right margins smaller"
        )
        report.error(_where(style, "text", "size"), message)
    elif width < MIN_TITLE_CHARACTERS * EM_PER_CHARACTER * title:
        message = (
            f"'sizes.title' {v['sizes']['title']:g} sets the title in {title:.0f} pt, and the {_inches(width)} "
            f"text column fits only {int(width / (EM_PER_CHARACTER * title))} of its characters a line; "
            f"make it at most {math.floor(10 * width / (MIN_TITLE_CHARACTERS * EM_PER_CHARACTER * size)) / 10:g}"
        )
        report.error(_where(style, "sizes", "title"), message)
    leading = size * v["text"]["leading"]
    tallest = max(2 * title * TITLE_LINE + 2 * leading, QR_SIZE + 2 * leading)
    if height < MIN_SIDE:
        _margin_error(style, margins, ("top", "bottom"), f"a text area only {_inches(height)} tall", report)
    elif height < tallest:
        message = (
            f"'text.size' {size:g} makes a block that must stay on one page (a two-line title and a line of text, "
            f"or a QR code with its caption) {_inches(tallest)} tall, more than the {_inches(height)} between "
            "the top and bottom margins; make the size or the margins smaller"
        )
        report.error(_where(style, "text", "size"), message)


def _margin_error(style: Mapping, margins: dict[str, float], sides: tuple[str, str], area: str, report: Report) -> None:
    """The error at the larger of two opposite margins: the one most likely set too large."""
    side, other = sorted(sides, key=lambda name: -margins[name])
    message = (
        f"'page.margins.{side}' {_inches(margins[side])} and the {other} margin ({_inches(margins[other])}) "
        f"leave {area}; make them smaller, so that it is at least {_inches(MIN_SIDE)}"
    )
    report.error(_where(style, "page", "margins", side), message)


def _where(style: Mapping, *keys: str) -> Position:
    """The position of the value at ``keys`` in the merged style: in the file that set it."""
    node: Node | None = style
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node.position if node is not None else style.position


def _inches(points: float) -> str:
    return f"{points / INCH:.2f} in"
