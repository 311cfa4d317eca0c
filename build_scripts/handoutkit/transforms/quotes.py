"""Typographic quotes: a run of inlines with straight quotes in, the same run with the language's marks out.

``"`` prints as the language's quotation marks and ``'`` as its nested ones (CLDR's quotation and
alternateQuotation delimiters); an apostrophe prints as U+2019 in every language. Each quote is
judged by the characters on either side of it, across inline boundaries (a bold span, a link's
text, a field or a citation), so ``"**Stop**"`` opens before the bold word and closes after it.
Only Text changes: link addresses, fields (filled later, as typed), citations and references
(formatted by ``ama.py``) never do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

from msgspec import Struct

from ..model import Citation, Emphasis, Field, Inline, Inlines, Link, Strong, Text

DOUBLE, SINGLE = '"', "'"
APOSTROPHE = "\u2019"  # RIGHT SINGLE QUOTATION MARK, the apostrophe Unicode recommends
NO_BREAK_SPACE = "\u00a0"
_QUOTE = re.compile("[\"']")


class Marks(Struct, frozen=True):
    """A language's quotation marks: for ``"``, for ``'`` (quotes inside quotes), and the space inside ``"``'s."""

    open: str
    close: str
    inner_open: str
    inner_close: str
    space: str = ""  # printed between each of ``open``/``close`` and the quoted text


ENGLISH = Marks("\u201c", "\u201d", "\u2018", "\u2019")  # “ ” and U+2018 U+2019 inside them
# CLDR 45 (common/main/*.xml <delimiters>) for the supported languages. French: CLDR gives « » at both
# levels; nested « « » » is hard to read, so the inner marks are “ ”, as the Imprimerie nationale
# and the OQLF prescribe. The no-break space keeps a mark from starting or ending a line alone.
_MARKS = {
    "en": ENGLISH,
    "es": ENGLISH,  # CLDR es (and es-419, es-MX) as en; the RAE prefers « », which CLDR no longer lists
    "fr": Marks("\u00ab", "\u00bb", "\u201c", "\u201d", space=NO_BREAK_SPACE),  # « texte »
    "pt": ENGLISH,  # CLDR pt (Brazil) as en
    "vi": ENGLISH,  # CLDR vi as en
}
# European Portuguese, and the regions CLDR's parentLocales make inherit it: « » “ ”.
_PORTUGAL = Marks("\u00ab", "\u00bb", "\u201c", "\u201d")
_BY_REGION = {("pt", region): _PORTUGAL for region in "pt ao ch cv gq gw lu mo mz st tl".split()}

# A no-break, narrow no-break or thin space typed inside French marks is kept as typed.
_TYPED_SPACES = frozenset("\u00a0\u202f\u2009")
_FIELD = "x"  # a field prints a word
_CITATION = "."  # a citation prints a number after the word, as punctuation sits
_OPENING = frozenset(("Ps", "Pi", "Pd"))  # after these, a quote opens: ("word"), —"word"
_INVERTED = frozenset("\u00bf\u00a1")  # ¿ ¡ open a Spanish question or exclamation

Role = Literal["open", "close", "apostrophe", "straight"]


def marks(language: str) -> Marks:
    """The marks of a BCP 47 tag: its region's, else its primary subtag's (es-MX: es), else English."""
    subtags = language.replace("_", "-").lower().split("-")
    region = next((tag for tag in subtags[1:] if len(tag) == 2 or (len(tag) == 3 and tag.isdigit())), "")
    return _BY_REGION.get((subtags[0], region)) or _MARKS.get(subtags[0], ENGLISH)


def curl(inlines: Inlines, language_marks: Marks) -> Inlines:
    """``inlines`` with each straight quote and apostrophe of its Text printed as ``language_marks``."""
    pieces: list[tuple[str, bool]] = []  # what each node prints, and whether it is Text
    _collect(inlines, pieces)
    context = "".join(text for text, _ in pieces)  # the stand-ins of fields and citations are no quotes
    if _QUOTE.search(context) is None:
        return inlines
    printed = _render(context, _decide(context, spaced=bool(language_marks.space)), language_marks)
    texts: list[str] = []
    at = 0
    for text, is_text in pieces:
        if is_text:
            texts.append("".join(printed[at : at + len(text)]))
        at += len(text)
    return _rebuilt(inlines, iter(texts))


def _collect(inlines: Inlines, pieces: list[tuple[str, bool]]) -> None:
    for node in inlines:
        match node:
            case Text(text):
                pieces.append((text, True))
            case Strong(children) | Emphasis(children) | Link(children, _):
                _collect(children, pieces)
            case Field():
                pieces.append((_FIELD, False))
            case Citation():
                pieces.append((_CITATION, False))


def _rebuilt(inlines: Inlines, texts: Iterator[str]) -> Inlines:
    return tuple(_rebuilt_node(node, texts) for node in inlines)


def _rebuilt_node(node: Inline, texts: Iterator[str]) -> Inline:
    match node:
        case Text():
            return Text(next(texts))
        case Strong(children) | Emphasis(children):
            return type(node)(_rebuilt(children, texts))
        case Link(children, url):
            return Link(_rebuilt(children, texts), url)
    return node


def _decide(text: str, *, spaced: bool) -> dict[int, Role]:
    """The role of each straight quote in ``text``, left to right, with the quotes still open."""
    context = list(text)  # a decided quote reads as a bracket to the quotes after it
    roles: dict[int, Role] = {}
    still_open: list[tuple[str, int, bool]] = []  # kind, index, and whether opening was a guess
    unmatched: list[tuple[str, int, bool]] = []
    for found in _QUOTE.finditer(text):
        index, kind = found.start(), found.group()
        pending = any(open_kind == kind for open_kind, _, _ in still_open)
        role, guessed = _role(context, index, pending=pending, spaced=spaced and kind == DOUBLE)
        if role == "open":
            still_open.append((kind, index, guessed))
        elif role == "close" and pending:  # the innermost of its kind; quotes opened inside it stay unmatched
            while still_open[-1][0] != kind:
                unmatched.append(still_open.pop())
            still_open.pop()
        roles[index] = role
        context[index] = {"open": "(", "close": ")", "apostrophe": APOSTROPHE}.get(role, kind)
    for kind, index, guessed in unmatched + still_open:
        if kind == SINGLE:  # 'cause, 'em: a lone opening ' is an elision
            roles[index] = "apostrophe"
        elif guessed:  # a " with spaces around it that nothing closed prints as typed
            roles[index] = "straight"
    return roles


def _role(context: list[str], index: int, *, pending: bool, spaced: bool) -> tuple[Role, bool]:
    """What the quote at ``index`` is, from its neighbours; True when opening is a guess."""
    kind = context[index]
    before = context[index - 1] if index else ""
    after = context[index + 1] if index + 1 < len(context) else ""
    if kind == SINGLE and _in_word(before) and after.isalpha():
        return "apostrophe", False  # don't, l'eau, O'Brien, 1990's
    if before.isdigit() and (after.isdigit() or not pending or _feet_and_inches(context, index)):
        return "straight", False  # 5'6", 12": foot and inch marks stay straight
    if kind == SINGLE and _opens_after(before) and _decade(context, index):
        return "apostrophe", False  # '90s
    # French: a space typed inside the marks does not count (it becomes the no-break space).
    inner_after = context[index + 2] if spaced and after == " " and index + 2 < len(context) else after
    inner_before = context[index - 2] if spaced and before == " " and index >= 2 else before
    can_open = _visible(inner_after) and _opens_after(before)
    can_close = _visible(inner_before) and not _opens_after(inner_before) and _closes_before(after)
    if can_open and can_close:  # only with spaces typed inside French marks
        return ("close", False) if pending else ("open", True)
    if can_open:
        return "open", False
    if can_close:
        return ("close" if pending or kind == DOUBLE else "apostrophe"), False  # dogs'
    if pending:
        return "close", False
    if kind == SINGLE and _visible(before) and not _opens_after(before):
        return "apostrophe", False
    return "straight", False  # a quote between spaces, with nothing open: the character itself


def _render(text: str, roles: dict[int, Role], language_marks: Marks) -> list[str]:
    """``text`` as printed characters (one string per character of ``text``)."""
    printed = list(text)
    space = language_marks.space
    for index, role in roles.items():
        double = text[index] == DOUBLE
        if role == "apostrophe":
            printed[index] = APOSTROPHE
        elif role == "open":
            printed[index] = language_marks.open if double else language_marks.inner_open
            if double and space:
                printed[index] += _inner_space(text, index + 1, printed, space)
        elif role == "close":
            printed[index] = language_marks.close if double else language_marks.inner_close
            if double and space:
                printed[index] = _inner_space(text, index - 1, printed, space) + printed[index]
    return printed


def _inner_space(text: str, beside: int, printed: list[str], space: str) -> str:
    """The space to print inside a mark: none when one is typed there (a typed ' ' becomes ``space``)."""
    char = text[beside] if 0 <= beside < len(text) else ""
    if char == " ":
        printed[beside] = space
        return ""
    return "" if char in _TYPED_SPACES else space


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M") if char else False


def _visible(char: str) -> bool:
    return bool(char) and not char.isspace()


def _opens_after(char: str) -> bool:
    """Whether a quote right after ``char`` (the start of the text when '') may open."""
    return not char or char.isspace() or unicodedata.category(char) in _OPENING or char in _INVERTED


def _closes_before(char: str) -> bool:
    """Whether a quote right before ``char`` (the end of the text when '') may close."""
    return not char or char.isspace() or unicodedata.category(char).startswith("P")


def _decade(context: list[str], index: int) -> bool:
    """'90s, '24: an apostrophe for the century left out (two digits, then no digit)."""
    digits = context[index + 1 : index + 4]
    return len(digits) >= 2 and digits[0].isdigit() and digits[1].isdigit() and not "".join(digits[2:]).isdigit()


def _feet_and_inches(context: list[str], index: int) -> bool:
    """A " after 5'6: the inch mark of a height, even inside a quotation."""
    at = index - 1
    while at >= 0 and context[at].isdigit():
        at -= 1
    return at >= 1 and context[at] == SINGLE and context[at - 1].isdigit()
