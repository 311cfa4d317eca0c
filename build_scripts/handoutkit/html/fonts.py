"""The style's fonts as ``@font-face`` rules: each face the page uses, subset to the characters it
sets in that face, as WOFF in a ``data:`` address (fontTools; nothing is fetched from anywhere).

Which family sets a character is decided as the PDF decides it: the first family of the chain
whose four faces all have it. Each family's faces are subset to exactly the characters it sets,
so a browser, which also takes each character from the first family in ``font-family`` that has
it, sets the same family. Subsets keep their layout features (Arabic's joining forms, Devanagari's
conjuncts are found by the closure over GSUB) and drop hinting, which screens today do not need.
The bytes are the same on every run: fonts are read without recomputing their time stamps.
"""

from __future__ import annotations

import base64
import io
from functools import cache, lru_cache
from pathlib import Path

from msgspec import Struct

from ..style.fontfiles import builtin_package, instance
from ..style.sheet import FontFamily
from .inlines import Face, Used
from .pictures import HtmlError

# Characters CSS may draw itself in any face: list numbers and bullets, the separators of the header.
ALWAYS = frozenset("0123456789.,-()[]\u2022\u2013 ")
_WEIGHT = {False: "400", True: "700"}
_STYLE = {False: "normal", True: "italic"}


class FontFace(Struct, frozen=True):
    """One ``@font-face``: a family's face, and the characters its subset holds."""

    family: str
    path: str
    bold: bool
    italic: bool
    chars: frozenset[str]


def face_rules(chains: dict[str, tuple[FontFamily, ...]], used: Used) -> str:
    """The ``@font-face`` rules for the characters ``used`` sets in each chain ('body', 'heading')."""
    wanted: dict[tuple[str, bool, bool], tuple[str, set[str]]] = {}
    for face, chars in sorted(used.chars.items(), key=lambda item: (item[0].chain, item[0].bold, item[0].italic)):
        families = chains[face.chain]
        extra = ALWAYS if not face.italic else frozenset()
        for family, text in _by_family(families, frozenset(chars) | extra).items():
            path = _path(family, face)
            key = (family.name, face.bold, face.italic)
            held = wanted.setdefault(key, (path, set()))
            held[1].update(text)
    rules = []
    for (name, bold, italic), (path, chars) in sorted(wanted.items()):
        data = subset(path, frozenset(chars))
        if data is None:
            continue
        rules.append(
            f'@font-face {{ font-family: "{css_string(name)}"; font-weight: {_WEIGHT[bold]}; '
            f"font-style: {_STYLE[italic]}; font-display: swap; "
            f'src: url("data:font/woff;base64,{base64.b64encode(data).decode("ascii")}") format("woff"); }}'
        )
    return "\n".join(rules)


def family_list(families: tuple[FontFamily, ...]) -> str:
    """The chain as a CSS ``font-family`` value, with a generic family after it."""
    names = dict.fromkeys(f'"{css_string(family.name)}"' for family in families)
    return ", ".join([*names, "sans-serif"])


def css_string(value: str) -> str:
    """``value`` inside a CSS double-quoted string: backslashes, quotes and controls escaped, and
    '<' too, so that nothing in a style sheet inside ``<style>`` can end it."""
    out = []
    for char in value:
        if char in '\\"<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)


def _path(family: FontFamily, face: Face) -> str:
    if face.bold:
        return family.bold_italic if face.italic else family.bold
    return family.italic if face.italic else family.regular


def _by_family(families: tuple[FontFamily, ...], chars: frozenset[str]) -> dict[FontFamily, set[str]]:
    """Which family of the chain sets each of ``chars``: the first whose four faces all have it
    (a character none has goes to the first, whose missing glyph the browser replaces)."""
    found: dict[FontFamily, set[str]] = {}
    left = set(chars)
    for family in families:
        covered = _covered(family)
        taken = {char for char in left if ord(char) in covered}
        if taken:
            found.setdefault(family, set()).update(taken)
            left -= taken
        if not left:
            break
    if left and families:
        found.setdefault(families[0], set()).update(char for char in left if not char.isspace())
    return found


@cache
def _covered(family: FontFamily) -> frozenset[int]:
    """The characters all four faces of ``family`` have."""
    maps = [_cmap(path) for path in (family.regular, family.bold, family.italic, family.bold_italic)]
    return frozenset.intersection(*maps)


@cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    try:
        _make(path)
        with TTFont(path, lazy=True, recalcTimestamp=False) as font:
            return frozenset(font.getBestCmap() or {})
    except Exception as exc:  # as in ``subset``
        raise HtmlError(f"the font file '{path}' cannot be read ({exc}); check the file") from exc


def _make(path: str) -> None:
    """Make a face the style's chain names from a variable font, if it is not made yet (as the PDF
    renderer does on first use)."""
    if not Path(path).is_file() and builtin_package(Path(path)) is not None:
        instance(Path(path))


def subset(path: str, chars: frozenset[str]) -> bytes | None:
    """The face at ``path`` with only what sets ``chars``, as WOFF; None when it has none of them.

    HtmlError when the file cannot be read or subset."""
    try:
        return _subset(path, chars)
    except Exception as exc:  # fontTools fails with whatever a damaged table makes it trip on
        raise HtmlError(f"the font file '{path}' cannot be embedded in the page ({exc}); check the file") from exc


@lru_cache(maxsize=64)  # a library's handouts share most characters; the bytes of a few faces are kept
def _subset(path: str, chars: frozenset[str]) -> bytes | None:
    from fontTools import subset as subsetter
    from fontTools.ttLib import TTFont

    codes = sorted(ord(char) for char in chars)
    if not codes:
        return None
    options = subsetter.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "meta"]  # names of scripts; a subset keeps none of it
    _make(path)
    with TTFont(path, recalcTimestamp=False) as font:
        worker = subsetter.Subsetter(options)
        worker.populate(unicodes=codes)
        worker.subset(font)
        out = io.BytesIO()
        subsetter.save_font(font, out, options)
    return out.getvalue()
