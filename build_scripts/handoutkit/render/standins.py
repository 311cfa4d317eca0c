"""Stand-in glyphs for typographic characters fonts often lack: hyphens that do not break, and spaces.

Text pasted from word processors and typed French holds U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN,
U+202F NARROW NO-BREAK SPACE, U+2009 THIN SPACE, U+2007 FIGURE SPACE and U+2060 WORD JOINER, which
many fonts (both built-in families among them) lack. A face that lacks one draws it with a glyph of
its own under the typed character's code: the hyphens with its hyphen, the spaces with an empty
glyph of the right advance. The subset ReportLab embeds then lists the typed character in its
ToUnicode CMap, so copied text holds the character as typed (pypdf and pdfminer read no
``/ActualText``).

ReportLab's line breaker takes U+2007, U+2009 and U+202F for white space: it breaks lines there
(a no-break space too) and draws a plain space in their place. So these spaces, and the word joiner,
reach ReportLab as codes of the Supplementary Private Use Area-A (``to_codes``), which it takes for
letters; a face measures each code as its character and draws the character (``typed``).
"""

from __future__ import annotations

import re
from typing import Any

HYPHEN, NON_BREAKING_HYPHEN = 0x2010, 0x2011
FIGURE_SPACE, THIN_SPACE, NARROW_NO_BREAK_SPACE, WORD_JOINER = 0x2007, 0x2009, 0x202F, 0x2060

# The characters that reach ReportLab as codes of their own: it breaks lines at the spaces (and
# drops them). The hyphens it never breaks at, so they go as typed.
SPACES = (FIGURE_SPACE, THIN_SPACE, NARROW_NO_BREAK_SPACE, WORD_JOINER)
HYPHENS = frozenset((HYPHEN, NON_BREAKING_HYPHEN))
_FIRST_CODE = 0xF0000  # Supplementary Private Use Area-A: fonts for running text have no glyphs there
CODES = {point: _FIRST_CODE + index for index, point in enumerate(SPACES)}
TO_CODES = {chr(point): chr(code) for point, code in CODES.items()}  # one character for each
_TO_TYPED = {code: point for point, code in CODES.items()}  # a str.translate table
_HAS_CODE = re.compile(f"[{chr(_FIRST_CODE)}-{chr(_FIRST_CODE + len(SPACES) - 1)}]").search
ALL = HYPHENS | frozenset(SPACES)

# A thin space is a fifth of an em (Unicode: "1/5 em or sometimes 1/6 em"); a narrow no-break space is
# as wide as the face's thin space. A figure space is a digit wide; a word joiner has no width.
_THIN_EM = 0.2


def typed(text: str) -> str:
    """``text`` with each code from ``CODES`` put back as the character it stands for."""
    if text.isascii() or not _HAS_CODE(text):  # nearly every line drawn: isascii reads a flag
        return text
    return text.translate(_TO_TYPED)


def install(face: Any) -> frozenset[int]:
    """Give a ReportLab ``TTFontFace`` a stand-in for each character of ``ALL`` it lacks; return those.

    The spaces get empty glyphs appended to the face's glyph list (no character of the file maps
    to them), so the embedded subset holds a glyph whose advance is the width the PDF gives its code.
    Each space's code is measured as the space. Nothing the file itself maps changes.
    """
    chars: dict[int, int] = face.charToGlyph
    widths: dict[int, float] = face.charWidths
    added: set[int] = set()
    hyphen = chars.get(0x2D)
    for point in sorted(HYPHENS - chars.keys()):
        if hyphen is not None:
            chars[point], widths[point] = hyphen, widths[0x2D]
            added.add(point)
    units = face.unitsPerEm
    digit = chars.get(0x30)
    advances = {
        THIN_SPACE: round(units * _THIN_EM),
        FIGURE_SPACE: face.hmetrics[digit][0] if digit is not None else round(units / 2),
        WORD_JOINER: 0,
    }
    if THIN_SPACE in chars:
        advances[NARROW_NO_BREAK_SPACE] = face.hmetrics[chars[THIN_SPACE]][0]
    else:
        advances[NARROW_NO_BREAK_SPACE] = advances[THIN_SPACE]
    for point in SPACES:
        if point not in chars and len(face.glyphPos) == len(face.hmetrics) + 1:
            chars[point] = _empty_glyph(face, advances[point])
            widths[point] = face._pdfScale(advances[point])
            added.add(point)
        if point in chars:
            widths[CODES[point]] = widths[point]
    return frozenset(added)


def _empty_glyph(face: Any, advance: int) -> int:
    """A new glyph of the face with no outline and ``advance`` font units wide; its index."""
    glyph = len(face.hmetrics)
    face.hmetrics.append((advance, 0))
    face.glyphPos.append(face.glyphPos[-1])  # where it starts is where it ends: no outline
    return glyph
