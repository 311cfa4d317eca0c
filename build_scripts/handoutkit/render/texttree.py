"""Turn model inlines into paragraph text for ReportLab: a tuple tree (see ``rltree``), never markup.

Text stays plain strings from the model to ReportLab's fragments, so nothing in it is ever read as
a tag or an entity: ``<b>``, ``&amp;`` and ``<a href=...>`` in a handout print as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from msgspec import Struct, field
from msgspec.structs import replace

from ..inline import plain_text
from ..model import Citation, Emphasis, Field, Inline, Inlines, Link, Strong, Text
from ..printed import citation_runs, is_own_address, kind, place_citations, printed_target
from ..style.sheet import Stylesheet
from .addresses import Address
from .fonts import Faces, FontChain
from .rltree import Child, tag
from .tagging import Elem, InlineLink, Tagger


def anchor(number: int) -> str:
    """The in-document destination name of reference ``number``."""
    return f"ref-{number}"


class Face(Struct, frozen=True):
    """Which face the text at hand is in, so a fallback family sets it in the same face."""

    bold: bool = False
    italic: bool = False

    def of(self, faces: Faces) -> str:
        if self.bold:
            return faces.bold_italic if self.italic else faces.bold
        return faces.italic if self.italic else faces.regular


REGULAR, BOLD = Face(), Face(bold=True)


def text_runs(text: str, fonts: FontChain, face: Face = REGULAR) -> list[Child]:
    """``text``; a run of characters the first family lacks is set in the family that has it."""
    return [
        run if faces is fonts.primary else tag("font", [run], name=face.of(faces)) for faces, run in fonts.runs(text)
    ]


class InlineTags(Struct, frozen=True):
    """Where a paragraph's links and citations go in the structure tree.

    ``links`` collects every link of the paragraph in text order (see ``InlineLink``); the ones
    made ``inside`` a Reference share it.
    """

    tagger: Tagger
    parent: Elem  # the paragraph's (or heading's, or list body's) element
    citation_label: str  # describes a citation link: 'Reference {number}'
    links: list[InlineLink] = field(default_factory=list)

    def link(self, href: str, contents: str, *, opens: tuple[Elem, ...] = (), closes: tuple[Elem, ...] = ()) -> None:
        """The next link of the text is a Link element inside the parent."""
        elem = self.tagger.element("Link", self.parent, Contents=contents)
        self.links.append(InlineLink(elem, href, opens, closes))

    def inside(self, role: str) -> InlineTags:
        """Tags for content nested in a new ``role`` element (a citation's Reference)."""
        return replace(self, parent=self.tagger.element(role, self.parent))


def to_tree(
    inlines: Inlines, style: Stylesheet, fonts: FontChain, face: Face = REGULAR, *, tags: InlineTags | None = None
) -> list[Child]:
    """Paragraph text for a run of inlines, set in the ``fonts`` chain, starting in ``face``."""
    placed = place_citations(inlines, move_punctuation=style.citations == "superscript")
    children: list[Child] = []
    for node in placed:
        for child in _inline(node, style, fonts, face, tags):
            if isinstance(child, str) and children and isinstance(children[-1], str):
                children[-1] += child  # one string is one fragment, as one run of markup text would be
            else:
                children.append(child)
    return children


def _inline(node: Inline, style: Stylesheet, fonts: FontChain, face: Face, tags: InlineTags | None) -> list[Child]:
    match node:
        case Text(text):
            return text_runs(text, fonts, face)
        case Strong(children):
            return [tag("b", to_tree(children, style, fonts, replace(face, bold=True), tags=tags))]
        case Emphasis(children):
            return [tag("i", to_tree(children, style, fonts, replace(face, italic=True), tags=tags))]
        case Link(children, url):
            if tags is not None:
                tags.link(url, f"{plain_text(children)} ({url})")
            label = _link_text(children, url, style, fonts, face)
            return [tag("a", label, href=url, color=css_color(style.colors.link), underline="1")]
        case Citation(_, numbers, _, pages):
            return citation(numbers, style, tags.inside("Reference") if tags else None, pages)
        case Field(name):  # filled before rendering; an unfilled one is an error found earlier
            return text_runs("{" + name + "}", fonts, face)
    raise TypeError(f"unknown inline {node!r}")  # pragma: no cover - the model has no others


def _link_text(children: Inlines, url: str, style: Stylesheet, fonts: FontChain, face: Face) -> list[Child]:
    """A link's text and, for paper (``print_links``), its target after it in parentheses, inside
    the link so that it stays clickable: "the nurse line (+1 555-010-0100)"; Chinese and Japanese
    put it in full-width parentheses, with no space before. A text that already
    is its address prints alone; it and a printed web or e-mail address are ``Address`` runs,
    which break only where an address may (``addresses``)."""
    text = plain_text(children)
    if is_own_address(text, url):
        if kind(url) != "phone" and len(children) == 1 and isinstance(children[0], Text):
            return _address_runs(children[0].text, fonts, face)
        return to_tree(children, style, fonts, face)
    label = to_tree(children, style, fonts, face)
    target = printed_target(url) if style.print_links else ""
    if not target:  # not for paper, or nothing to print ('mailto:?subject=...')
        return label
    runs = text_runs(target, fonts, face) if kind(url) == "phone" else _address_runs(target, fonts, face)
    if style.line_breaking == "cjk":  # Chinese and Japanese bracket it with full-width marks, unspaced
        return [*label, *text_runs("\uff08", fonts, face), *runs, *text_runs("\uff09", fonts, face)]
    return [*label, " (", *runs, ")"]


def _address_runs(address: str, fonts: FontChain, face: Face) -> list[Child]:
    runs = text_runs(address, fonts, face)
    return [Address(address)] if runs == [address] else runs  # one set in fallback fonts breaks as any text


def citation(
    numbers: Sequence[int],
    style: Stylesheet,
    tags: InlineTags | None = None,
    pages: Sequence[tuple[int, str]] = (),
) -> list[Child]:
    """Citation numbers, ranges collapsed (1,3-5), each end linked to its reference; a number cited
    with pages prints them in parentheses after it, inside its link (AMA: 1(p12)).

    Tagged, the numbers are Links inside a Reference that opens with the first and closes with
    the last, so its own content is the separators between them.
    """
    separator = ", " if style.citations == "brackets" else ","
    parts: list[Child] = []
    linked: list[tuple[int, str]] = []  # each link's number, and the pages it names
    for first, last, located in citation_runs(numbers, pages):
        if parts:
            parts.append(separator)
        parts.append(_number_link(first, style, located))
        linked.append((first, located))
        if last > first:
            parts += ["-", _number_link(last, style)]
            linked.append((last, ""))
    if tags is not None:
        reference = (tags.parent,)
        for index, (number, located) in enumerate(linked):
            tags.link(
                f"#{anchor(number)}",
                tags.citation_label.format(number=number) + (f"({located})" if located else ""),
                opens=reference if index == 0 else (),
                closes=reference if index == len(linked) - 1 else (),
            )
    if style.citations == "brackets":
        return ["\u00a0[", *parts, "]"]
    return [tag("super", parts)]


def _number_link(number: int, style: Stylesheet, pages: str = "") -> Child:
    text = f"{number}({pages})" if pages else str(number)
    return tag("a", [text], href=f"#{anchor(number)}", color=css_color(style.colors.link))


@cache
def css_color(hex_color: str) -> str:
    """'#1f4e79' as 'rgb(31,78,121)': the same colour, which ReportLab's paragraph parser reads at
    once, where a hex string first goes through its literal and expression evaluators."""
    value = int(hex_color.lstrip("#"), 16)
    return f"rgb({value >> 16},{(value >> 8) & 0xFF},{value & 0xFF})"
