"""Inline content as HTML: text escaped, bold and italics, links with their printed targets, citations
as superscript links to the reference list; and which characters each font face sets (``Used``).
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct
from msgspec.structs import replace

from ..inline import plain_text
from ..model import Citation, Emphasis, Field, Inline, Inlines, Link, Strong, Text
from ..printed import citation_runs, is_own_address, kind, place_citations, printed_target
from ..style.sheet import Stylesheet
from . import markup


class Face(Struct, frozen=True):
    """The font chain ('body' or 'heading') and face that the text at hand is set in."""

    chain: str = "body"
    bold: bool = False
    italic: bool = False


REGULAR, BOLD, HEADING = Face(), Face(bold=True), Face("heading", bold=True)


class Used:
    """The characters the page sets in each chain and face, for the fonts it embeds (``fonts``)."""

    def __init__(self) -> None:
        self.chars: dict[Face, set[str]] = {}

    def add(self, text: str, face: Face) -> None:
        self.chars.setdefault(face, set()).update(text)

    def escaped(self, text: str, face: Face) -> str:
        """``text`` as HTML text, its characters counted in ``face``."""
        self.add(text, face)
        return markup.text(text)


def anchor(number: int) -> str:
    """The id of reference ``number`` in the reference list, which its citations link to."""
    return f"ref-{number}"


class InlineWriter(Struct, frozen=True):
    """Writes runs of inlines for one page: its style sheet, what a citation link is called, and
    the characters used."""

    sheet: Stylesheet
    citation_label: str  # 'Reference {number}': a citation number's accessible name
    used: Used

    def html(self, inlines: Inlines, face: Face = REGULAR) -> str:
        """The markup of ``inlines`` set in ``face``; citations placed as the PDF places them."""
        placed = place_citations(inlines, move_punctuation=self.sheet.citations == "superscript")
        return "".join(self._inline(node, face) for node in placed)

    def plain(self, text: str, face: Face = REGULAR) -> str:
        """Plain text (a fixed word, the style's own text) as markup."""
        return self.used.escaped(text, face)

    def _inline(self, node: Inline, face: Face) -> str:
        match node:
            case Text(text):
                return self.used.escaped(text, face)
            case Strong(children):
                return markup.element("strong", self.html(children, replace(face, bold=True)))
            case Emphasis(children):
                return markup.element("em", self.html(children, replace(face, italic=True)))
            case Link(children, url):
                return markup.element("a", self._link_text(children, url, face), href=url)
            case Citation(_, numbers, _, pages):
                return self.citation(numbers, face, pages)
            case Field(name):  # filled before rendering; an unfilled one is an error found earlier
                return self.used.escaped("{" + name + "}", face)
        raise TypeError(f"unknown inline {node!r}")  # pragma: no cover - the model has no others

    def _link_text(self, children: Inlines, url: str, face: Face) -> str:
        """A link's text and, for paper (``print_links``), its target after it in parentheses, inside
        the link, isolated (``bdi``) so that an address reads left to right in right-to-left text;
        Chinese and Japanese use full-width parentheses, with no space before."""
        label = self.html(children, face)
        if is_own_address(plain_text(children), url):
            return label
        target = printed_target(url) if self.sheet.print_links else ""
        if not target:
            return label
        phone = kind(url) == "phone"  # a number never starts on one line and ends on the next
        isolated = markup.element("bdi", self.used.escaped(target, face), class_="phone" if phone else None)
        if self.sheet.line_breaking == "cjk":
            return f"{label}{self.used.escaped(chr(0xFF08), face)}{isolated}{self.used.escaped(chr(0xFF09), face)}"
        return f"{label}{self.used.escaped(' (', face)}{isolated}{self.used.escaped(')', face)}"

    def citation(self, numbers: Sequence[int], face: Face, pages: Sequence[tuple[int, str]] = ()) -> str:
        """Citation numbers, ranges collapsed (1,3-5), each end a link to its reference, a number cited
        with pages followed by them (1(p12)): superscript, or in brackets after a space that does not
        break (``citations: brackets``)."""
        brackets = self.sheet.citations == "brackets"
        separator = ", " if brackets else ","
        parts: list[str] = []
        for first, last, located in citation_runs(numbers, pages):
            if parts:
                parts.append(self.used.escaped(separator, face))
            parts.append(self._number_link(first, face, located))
            if last > first:
                parts += [self.used.escaped("-", face), self._number_link(last, face)]
        if brackets:
            return self.used.escaped("\u00a0[", face) + "".join(parts) + self.used.escaped("]", face)
        return markup.element("sup", "".join(parts), class_="cite")

    def _number_link(self, number: int, face: Face, pages: str = "") -> str:
        label = self.citation_label.format(number=number) + (f"({pages})" if pages else "")  # holds the text
        text = f"{number}({pages})" if pages else str(number)
        return markup.element("a", self.used.escaped(text, face), href=f"#{anchor(number)}", aria_label=label)
