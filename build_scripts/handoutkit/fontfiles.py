"""Find font files: the built-in families' faces, and what a font file is (TrueType, variable)."""

from __future__ import annotations

import importlib.util
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
_FILE_FACE = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


class FontFileInfo(Struct, frozen=True):
    """What the table directory of a font file says."""

    truetype: bool  # TrueType outlines (glyf), which ReportLab can embed
    variable: bool  # has an fvar table: weights are instances, not faces


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
    """Read the table directory of a TrueType/OpenType file; ValueError when it is not one."""
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
    tags = {directory[i : i + 4] for i in range(0, len(directory) - 15, 16)}
    return FontFileInfo(truetype=b"glyf" in tags, variable=b"fvar" in tags)
