"""Find font files: the built-in families' faces, and what a font file is (TrueType, variable)."""

from __future__ import annotations

import importlib.util
import os
import struct
from functools import cache
from pathlib import Path

from msgspec import Struct

FACES = ("regular", "bold", "italic", "bold_italic")

# Built-in families: static TrueType faces shipped in pip packages (OFL), by file-name pattern.
BUILTIN = {
    "Atkinson Hyperlegible": ("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-{}.ttf"),
    "Fira Sans": ("fontpkg_fira_sans", "FiraSans-{}.ttf"),
}
# The tables ReportLab reads to embed a TrueType face.
_TRUETYPE_TABLES = (b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post")
_FILE_FACE = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


class FontFileInfo(Struct, frozen=True):
    """What the table directory of a font file says."""

    truetype: bool  # TrueType outlines (glyf), which ReportLab can embed
    variable: bool  # has an fvar table: weights are instances, not faces
    missing: tuple[str, ...] = ()  # tables a TrueType face needs that the file lacks


def builtin_faces(family: str) -> dict[str, Path] | None:
    """The four face files of a built-in family, or None when its package is not installed."""
    package, pattern = BUILTIN[family]
    folder = _package_folder(package)
    if folder is None:
        return None
    return {face: folder / pattern.format(_FILE_FACE[face]) for face in FACES}


def builtin_package(path: Path) -> str | None:
    """The package of a built-in family that ``path`` is a file of (its ``files`` folder), or None."""
    for package, _ in BUILTIN.values():
        if path.parent == _package_folder(package):
            return package
    return None


@cache
def _package_folder(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "files"


def inspect_font(path: Path) -> FontFileInfo:
    """Read the table directory of a TrueType/OpenType file; ValueError when it is not one or is cut short.

    Only the directory is read (a few hundred bytes), so checking a style's own fonts stays cheap.
    """
    with path.open("rb") as stream:
        header = stream.read(12)
        if len(header) < 12:
            raise ValueError("the file is too short to be a font")
        version, count = struct.unpack(">4sH", header[:6])
        if version == b"ttcf":
            raise ValueError("font collections (.ttc) are not supported; give a single .ttf file")
        if version not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
            raise ValueError("the file is not a TrueType or OpenType font")
        directory = stream.read(16 * count)
        size = os.fstat(stream.fileno()).st_size
    if len(directory) < 16 * count:
        raise ValueError(f"the file is cut short: it ends inside its list of {count} tables; copy the font file again")
    tags: set[bytes] = set()
    for tag, _, offset, length in struct.iter_unpack(">4sIII", directory):
        if offset + length > size:
            name = tag.decode("latin-1").strip()
            raise ValueError(
                f"the file is cut short or damaged: its '{name}' table ends at byte {offset + length}, "
                f"after the end of the file ({size} bytes); copy the font file again"
            )
        tags.add(tag)
    missing = tuple(tag.decode() for tag in _TRUETYPE_TABLES if tag not in tags)
    return FontFileInfo(truetype=b"glyf" in tags, variable=b"fvar" in tags, missing=missing)
