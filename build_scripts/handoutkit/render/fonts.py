"""Register a style's TrueType families with ReportLab once per process, and split text by font."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec import Struct
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..language.dates import CACHE_ENV
from ..style.fontfiles import CJK, VARIABLE, builtin_package, instance
from ..style.sheet import FontFamily
from . import standins

# Widths one face remembers; the memo is emptied when full, so a long batch's memory stays flat.
_WIDTHS_KEPT = 20_000


class FontError(Exception):
    """A font file that ReportLab cannot read; the message names the file and says what to do."""


class MeasuredFont(TTFont):
    """A TrueType face that remembers the width of each text at each size it has measured.

    Breaking lines measures every word of a paragraph, often more than once, and the same words
    recur in every handout; ReportLab adds up their characters' widths in Python each time (about a
    tenth of a build). The memo keeps those answers for the process, so they are exact.

    It also draws the characters of ``standins`` that the file lacks; ``own`` is what the file
    itself has, so which family of a chain sets a character never depends on the stand-ins.
    """

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self._widths: dict[tuple[str, float], float] = {}
        self.own = frozenset(self.face.charToGlyph)
        self.stand_ins = standins.install(self.face)

    def splitString(self, text: str | bytes, doc: object, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802 - ReportLab's name
        """Where the codes of ``standins`` are drawn, draw the characters they stand for, so the
        subset's ToUnicode CMap lists the characters as typed."""
        return super().splitString(standins.typed(text) if isinstance(text, str) else text, doc, encoding)

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:  # noqa: N802 - ReportLab's name
        if not isinstance(text, str):  # bytes are decoded with their encoding: not remembered
            return float(super().stringWidth(text, size, encoding))
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= _WIDTHS_KEPT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


class Faces(Struct, frozen=True):
    """The names one family's four faces are registered under."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


# Built-in families for other scripts (Chinese, Japanese, Korean, emoji): they set the characters
# the Latin families lack, never a hyphen those families draw as a stand-in.
SCRIPT_FAMILIES = frozenset({*VARIABLE, CJK})


class FontChain:
    """Families in order of preference: each character is set in the first family that has it.

    A fallback family is registered only when a character its predecessors lack asks for it, so
    text the first family covers never pays for parsing the others. The characters of
    ``standins`` are the exception: their spaces are set in the family of the text before them, as
    the codes ReportLab takes for letters; a hyphen no family has is drawn by that family too.
    """

    def __init__(self, families: tuple[FontFamily, ...]) -> None:
        self._sources = families
        self._loaded: list[Family] = [_register(families[0])]
        # Per family, the characters of ``standins`` it draws, its own or stand-ins.
        self._drawn = {self.primary: self._loaded[0].drawn}
        # As characters, for a quick subset test; the spaces of ``standins`` always go the slow way.
        self._primary_text = frozenset(map(chr, self._loaded[0].chars - standins.CODES.keys()))

    @property
    def primary(self) -> Faces:
        return self._loaded[0].faces

    def _family_for(self, point: int, *, latin: bool = False) -> Faces | None:
        for index in range(len(self._sources)):
            if latin and self._sources[index].name in SCRIPT_FAMILIES:
                break  # the families for other scripts, and any after them, are not asked
            if index == len(self._loaded):
                family = _register(self._sources[index])
                self._loaded.append(family)
                self._drawn[family.faces] = family.drawn
            if point in self._loaded[index].chars:
                return self._loaded[index].faces
        return None

    def covers(self, char: str) -> bool:
        point = ord(char)
        return point in self._drawn[self.primary] or self._family_for(point) is not None

    def runs(self, text: str) -> list[tuple[Faces, str]]:
        """``text`` cut into runs that one family can set (uncovered characters stay in the first).

        The spaces of ``standins`` come out as their codes.
        """
        primary, primary_chars = self._loaded[0].faces, self._loaded[0].chars
        if self._primary_text.issuperset(text):  # nearly all text: one run, with no loop in Python
            return [(primary, text)] if text else []
        found: list[tuple[Faces, str]] = []
        for char in text:
            point = ord(char)
            code = standins.TO_CODES.get(char)
            if code is not None or (point in standins.HYPHENS and point not in primary_chars):
                faces = self._stand_in_family(point, found[-1][0] if found else primary)
                char = code or char
            else:
                faces = primary if point in primary_chars else self._family_for(point) or primary
            if found and found[-1][0] is faces:
                found[-1] = (faces, found[-1][1] + char)
            else:
                found.append((faces, char))
        return found

    def _stand_in_family(self, point: int, before: Faces) -> Faces:
        """The family that sets a character of ``standins``: for a hyphen the first that has it (of
        the families for Latin text: a Chinese or emoji face never sets a French hyphen), else (and
        for a space) the family of the text before it, when it can draw it."""
        if point in standins.HYPHENS:
            owner = self._family_for(point, latin=True)
            if owner is not None:
                return owner
        return before if point in self._drawn[before] else self.primary


@cache
def font_chain(families: tuple[FontFamily, ...]) -> FontChain:
    """The chain of ``families`` (cached: a process registers and parses each font file once)."""
    return FontChain(families)


class Family(Struct, frozen=True):
    """A registered family: its faces, the characters all four files have, and the characters of
    ``standins`` all four draw, as their own or with stand-ins (see ``MeasuredFont``)."""

    faces: Faces
    chars: frozenset[int]
    drawn: frozenset[int]


def _register(family: FontFamily) -> Family:
    paths = (family.regular, family.bold, family.italic, family.bold_italic)
    names = [_register_face(path) for path in paths]
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3])
    fonts = [font for font in map(pdfmetrics.getFont, names) if isinstance(font, MeasuredFont)]
    # A character counts as covered only when every face has it, so bold and italic never lack it.
    # What the files have, not the stand-ins: a stand-in never changes which family sets a character.
    chars = frozenset.intersection(*(font.own for font in fonts))
    drawn = frozenset.intersection(*((font.own & standins.ALL) | font.stand_ins for font in fonts))
    return Family(Faces(*names), chars, drawn)


def check_families(families: tuple[FontFamily, ...]) -> None:
    """Register now every family given by a style's own font files, not only the first.

    A fallback family is otherwise parsed only when a handout needs one of its characters, and a
    damaged file would then fail that handout halfway; the built-in families are trusted, and stay lazy.
    """
    for family in families:
        if builtin_package(Path(family.regular)) is None:
            _register(family)


@cache
def _register_face(path: str) -> str:
    """Register one TrueType file under a name taken from its file name, unique per file."""
    try:
        if builtin_package(Path(path)) is not None:
            instance(Path(path))  # a face made from a variable font, the first time it is needed
    except OSError as exc:
        raise FontError(
            f"cannot make the font face '{path}' ({exc.strerror or exc}); make its folder writable, "
            f"or set {CACHE_ENV} to a folder that is"
        ) from exc
    name = Path(path).stem
    taken = set(pdfmetrics.getRegisteredFontNames())
    suffix = 2
    while name in taken:
        name = f"{Path(path).stem}-{suffix}"
        suffix += 1
    try:
        font = MeasuredFont(name, path)
    # ReportLab's parser fails with whatever a damaged table makes it trip on (TTFError, struct.error,
    # IndexError, ...); every one of them means the same to the user.
    except Exception as exc:
        reason = str(exc).replace(f'TTF file "{path}": ', "") or type(exc).__name__
        raise FontError(
            f"the font file '{path}' cannot be used ({reason}); give an undamaged TrueType (.ttf) file"
        ) from exc
    pdfmetrics.registerFont(font)
    return name


# Running text of average letter mix, to measure how many characters a line holds.
_SAMPLE = (
    "Biological therapy uses substances from living things to treat cancer. They may be made by "
    "the body or in a lab. Your care team will check how the treatment is working."
)


def characters_per_line(families: tuple[FontFamily, ...], size: float, width: float) -> float:
    """About how many characters of ordinary prose fit in ``width`` points at ``size``."""
    face = font_chain(families).primary.regular
    return width / (pdfmetrics.stringWidth(_SAMPLE, face, size) / len(_SAMPLE))
