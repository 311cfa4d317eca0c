"""Paragraph text as ReportLab's tuple tree, set into fragments without any markup parsing.

ReportLab's paragraph parser reads markup (``<b>``, ``<a href>``, ``<font>``, ...) with an HTML
tokenizer, which makes text that looks like markup a risk (it has had a code-injection CVE) and
costs about a tenth of a build. Its tuple-tree form, ``(tag, attributes, children)`` with text as
plain strings, goes through the same tag handlers (``ParaParser.tt_parse``) and gives the same
fragments, but text is never tokenized: ``<``, ``&`` and ``>`` are only characters.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import textTransformFrags  # type: ignore[attr-defined]  # not in the stubs
from reportlab.platypus.paraparser import ParaParser

# A tag: its name, its attributes (values as markup would give them, unescaped), its children.
Tag: TypeAlias = tuple[str, dict[str, str] | None, list["Child"]]
Child: TypeAlias = "str | Tag"

# What ReportLab's markup path turns into one space (``cleanBlockQuotedText``): runs of white space
# but the no-break space, which stays as typed. (That path also took a zero-width space for one,
# but only in a paragraph with a no-break space or at its ends; here it always stays as typed.)
_SPACES = re.compile("[^\\S\u00a0]+")


def tag(name: str, children: list[Child], /, **attrs: str) -> Tag:
    return (name, attrs or None, children)


def settled(children: list[Child]) -> list[Child]:
    """``children`` with each run of white space one space, and none at the start or the end.

    This is what ReportLab does to markup before parsing it, so a paragraph set from a tree
    spaces its words as the same text written as markup would (a zero-width space aside).
    """
    out = [_collapsed(child) for child in children]
    _strip_edge(out, first=True)
    _strip_edge(out, first=False)
    return out


def _collapsed(child: Child) -> Child:
    if isinstance(child, str):
        return _SPACES.sub(" ", child)
    name, attrs, kids = child
    return (name, attrs, [_collapsed(kid) for kid in kids])


def _strip_edge(children: list[Child], *, first: bool) -> None:
    """Strip white space from the text at the very start (or end): markup strips it only there,
    before (after) any tag; text inside a tag at the edge keeps it."""
    while children:
        index = 0 if first else -1
        edge = children[index]
        if not isinstance(edge, str):
            return
        stripped = edge.lstrip(" ") if first else edge.rstrip(" ")
        if stripped:
            children[index] = stripped
            return
        children.pop(index)


def fragments(children: list[Child], style: ParagraphStyle) -> list[Any]:
    """The ReportLab fragments (``ParaFrag``) of a paragraph whose text is ``children``."""
    parser = ParaParser()
    parser.caseSensitive = 1  # as Paragraph sets it
    _, frags, _ = parser.tt_parse(("para", None, settled(children)), style)  # type: ignore[no-untyped-call]
    # The parser keeps its own bound methods, a cycle only the garbage collector would free.
    vars(parser).pop("_tt_handlers", None)
    textTransformFrags(frags, style)
    if len(frags) == 1 and (frags[0].rise or frags[0].link):
        # ReportLab sets a paragraph of one run by a simpler path, which drops its rise (a list item
        # that is only a superscript citation would sit on the baseline) and does not report where
        # its links start. Any backColor attribute, even none, sends it the usual way.
        frags[0].backColor = None
    return list(frags)


def plain(children: list[Child]) -> str:
    """The text of ``children``, tags left out."""
    return "".join(child if isinstance(child, str) else plain(child[2]) for child in children)
