"""Where a printed address may break at a line's end, and ReportLab's words cut at those points.

The rule: after a '/' (after the last of '//'), and before a '.', '-', '?', '&', '#' or '=', never
elsewhere; nothing is added at a break (no hyphen, no space), so copied text gives the address
whole, split only by the line end. Only an address (with what is glued to it, such as brackets)
wider than the line breaks, as a word too long for a line does; one that fits moves whole to the
next line, as a word does. A stretch between two break points wider than a whole line still breaks
where it must, as ReportLab splits any word too long for a line.

ReportLab breaks lines only at white space. Its words (``_getFragWords``: a width, then the
fragments and text of one run without white space) follow each other with a space only when the
first ends in one, so an address cut into several words, none of which ends in a space, sets as
one run that may end a line at each cut. The cuts do not depend on the line width, so a paragraph
split across pages keeps them in both parts, and a part set at another width breaks anew.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import _getFragWords, _HSFrag  # type: ignore[attr-defined]  # not in the stubs

from .rltree import Child

BEFORE = frozenset(".-?&#=")  # a break may come before these
AFTER = "/"  # and after this
_CUTTABLE = (list, _HSFrag)  # plain words, and words followed by a space (not ReportLab's own pieces)


class Address(str):
    """Text of a paragraph's tuple tree that is an address (a web or e-mail address, a DOI): it may
    break only by the rule above. The paragraph collects these before its text becomes fragments."""

    __slots__ = ()


def addresses_in(children: list[Child]) -> tuple[str, ...]:
    """The addresses in a tuple tree, in text order."""
    found: list[str] = []
    for child in children:
        if isinstance(child, Address):
            found.append(str(child))
        elif isinstance(child, tuple):
            found.extend(addresses_in(child[2]))
    return tuple(found)


def break_points(address: str) -> list[int]:
    """The offsets in ``address`` where a line may end: 'a.org/b-c' -> [1, 6, 7]."""
    points: list[int] = []
    for index in range(1, len(address)):
        before, char = address[index - 1], address[index]
        if (before == AFTER and char != AFTER) or (char in BEFORE and before not in BEFORE and before != AFTER):
            points.append(index)
    return points


def may_be_wider(addresses: tuple[str, ...], font: str, size: float, line_width: float) -> bool:
    """Whether an address might be wider than ``line_width``: measured in the paragraph's font, with
    room for a wider face (bold) of the text it is in; most are far narrower, and cost no more."""
    return any(stringWidth(address, font, size) > line_width * 0.75 for address in addresses)


def frag_words(frags: list[Any], addresses: tuple[str, ...], line_width: float) -> list[Any]:
    """ReportLab's words of ``frags``, each holding an address and wider than ``line_width`` cut
    at the address's break points: words ReportLab's ``breakLines`` takes in place of fragments."""
    words: list[Any] = _getFragWords(frags, line_width)
    out: list[Any] = []
    for word in words:
        if word[0] > line_width and type(word) in _CUTTABLE:
            text = "".join(piece for _, piece in word[1:])
            cuts = _cuts(text, addresses)
            if cuts:
                out.extend(_cut(word, cuts))
                continue
        out.append(word)
    return out


def _cuts(text: str, addresses: tuple[str, ...]) -> list[int]:
    """Where the addresses in one word's ``text`` may break, as offsets in ``text``."""
    cuts: set[int] = set()
    for address in addresses:
        start = text.find(address)
        while start >= 0:
            cuts.update(start + point for point in break_points(address))
            start = text.find(address, start + len(address))
    return sorted(cuts)


def _cut(word: list[Any], cuts: list[int]) -> list[list[Any]]:
    """``word`` as several words, one ending at each cut; only the last keeps a following space."""
    parts: list[list[Any]] = []
    current: list[Any] = []
    at = 0  # offset of the next piece's text in the word's text
    ends = iter([*cuts, -1])
    end = next(ends)
    for frag, piece in word[1:]:
        if end == at and piece and current:  # a cut just before this piece
            parts.append(current)
            current, end = [], next(ends)
        while end >= 0 and at < end < at + len(piece):  # a cut inside this piece
            head, piece, at = piece[: end - at], piece[end - at :], end
            current.append((frag, head))
            parts.append(current)
            current, end = [], next(ends)
        current.append((frag, piece))
        at += len(piece)
    parts.append(current)
    words = [[_width(pieces), *pieces] for pieces in parts]
    words[-1] = type(word)(words[-1])  # a space after the whole address stays after its last part
    return words


def _width(pieces: list[tuple[Any, str]]) -> float:
    return sum(stringWidth(text, frag.fontName, frag.fontSize) for frag, text in pieces if text)
