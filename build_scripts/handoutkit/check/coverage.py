"""Check every printed character before anything is drawn: that the style's fonts have it, and that
it shows (an invisible one prints nothing, but stays in the text that is copied and read aloud)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from weakref import WeakKeyDictionary

from ..diagnostics import Position, Report
from ..load.tree import Mapping, Node, Scalar, Sequence
from ..transforms.quotes import APOSTROPHE, DOUBLE, SINGLE, Marks

# Keys whose values print (the rest, such as id, type, language or a reference's abstract, do not).
PRINTED_KEYS = frozenset(
    "title subtitle summary sections heading blocks subheading text note bullets steps references "
    "container-title collection-title publisher publisher-place edition volume issue page number URL DOI "
    "author editor family given literal non-dropping-particle dropping-particle suffix "
    "write_in qr caption url figure figures table checklist terms columns rows items term definition".split()
)

Covers = Callable[[str], bool]

# Invisible (format) characters not warned of: a soft hyphen marks where ReportLab may break a long
# word (with a hyphen), and elsewhere is left out of the text altogether; the zero-width joiner and
# non-joiner are part of the spelling in some scripts (Persian, the Indic scripts) and of emoji
# sequences; a word joiner keeps two pieces of text on one line, its whole purpose (every face
# draws it, with a stand-in if need be: see render/standins.py); a byte order mark inside the
# text is already an error of the loader.
_NOT_WARNED = frozenset("\u00ad\u200c\u200d\u2060\ufeff")

# Per font chain (its ``covers``), the characters already found printable and visible: a handout
# has thousands of characters but few distinct ones, and nearly all were seen in earlier text.
_FINE: WeakKeyDictionary[Covers, set[str]] = WeakKeyDictionary()


def check_tree(root: Node, covers: Covers, fonts: str, report: Report) -> None:
    """Report each printed character of a handout's tree that no font of the chain has."""
    if isinstance(root, Mapping):
        for key, value in root.items:
            if key.value in PRINTED_KEYS:
                _walk(value, covers, fonts, report)


def _walk(node: Node, covers: Covers, fonts: str, report: Report) -> None:
    if isinstance(node, Scalar):
        check_text(node.value, covers, fonts, report, scalar=node)
    elif isinstance(node, Sequence):
        for item in node.items:
            _walk(item, covers, fonts, report)
    else:
        check_tree(node, covers, fonts, report)


def check_text(
    text: str, covers: Covers, fonts: str, report: Report, *, scalar: Scalar | None = None, at: Position | None = None
) -> None:
    """Report every distinct character of ``text`` that ``covers`` refuses, once, where it first is."""
    normalised = unicodedata.normalize("NFC", text)
    fine = _FINE.setdefault(covers, set())
    chars = set(normalised) - fine
    if not chars:
        return
    missing = {char for char in chars if not char.isspace() and not covers(char)}
    for char in sorted(missing, key=normalised.index):  # in the order they first appear
        where = scalar.locate(char) if scalar is not None else at or Position("")
        report.error(where, f"the character {describe(char)} is in none of the fonts ({fonts}); {_fix(char)}")
    invisible = {char for char in chars - missing - _NOT_WARNED if unicodedata.category(char) == "Cf"}
    for char in sorted(invisible, key=normalised.index):
        where = scalar.locate(char) if scalar is not None else at or Position("")
        report.warning(
            where,
            f"the invisible character {describe(char)} prints nothing, but stays in the text that is "
            "copied, searched and read aloud; delete it (it often comes with pasted text)",
        )
    fine.update(chars - missing - invisible)  # reported characters are checked again wherever they are


def describe(char: str) -> str:
    """'☐' (U+2610 BALLOT BOX): the character, its code point and its Unicode name."""
    name = unicodedata.name(char, "")
    shown = f"'{char}' " if char.isprintable() else ""
    return f"{shown}(U+{ord(char):04X}{' ' + name if name else ''})"


def _fix(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn"):
        return "remove it: it is an invisible or control character"
    return "replace it, or add a font family that has it to the style's fonts"


# Where the quotes transform changes text: inline text, not references (ama.py prints them) or addresses.
_QUOTED_KEYS = PRINTED_KEYS - {"references", "url", "URL", "DOI"}


def check_quotes(root: Node, marks: Marks, covers: Covers, fonts: str, report: Report) -> None:
    """Report each mark that straight quotes print as and no font has, at the first quote it replaces."""
    printed = {DOUBLE: marks.open + marks.close, SINGLE: marks.inner_open + marks.inner_close + APOSTROPHE}
    for kind, chars in printed.items():
        missing = [char for char in dict.fromkeys(chars) if not covers(char)]
        scalar = _first_quoted(root, kind) if missing else None  # the fonts have them all: no walk
        if scalar is None:
            continue
        where = scalar.locate(kind, 1 if scalar.source.startswith(kind) else 0)  # past YAML's own quote
        for char in missing:
            report.error(
                where,
                f"the straight quote {kind} prints as {describe(char)}, which is in none of the fonts ({fonts}); "
                "add a font family that has it to the style's fonts, or set 'quotes: straight' in the style",
            )


def _first_quoted(node: Node, kind: str) -> Scalar | None:
    """The first scalar of the handout's inline text that holds ``kind``."""
    if isinstance(node, Scalar):
        return node if kind in node.value else None
    children = node.items if isinstance(node, Sequence) else (v for k, v in node.items if k.value in _QUOTED_KEYS)
    return next((found for child in children if (found := _first_quoted(child, kind)) is not None), None)
