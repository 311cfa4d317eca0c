"""Find font files: the built-in families' faces, and what a font file is (TrueType, variable).

Some built-in families come from a variable font in a pip package (the Noto faces for Chinese,
Japanese and Korean, symbols and emoji): their static faces are made from it with fontTools the
first time a handout needs them, and kept in the cache folder (``instance``).
"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..installed import installed_versions
from ..language.dates import CACHE_ENV, cache_folder

FACES = ("regular", "bold", "italic", "bold_italic")

# Built-in families: static TrueType faces shipped in pip packages (OFL), by file-name pattern.
STATIC = {
    "Atkinson Hyperlegible": ("fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-{}.ttf"),
    "Fira Sans": ("fontpkg_fira_sans", "FiraSans-{}.ttf"),
    "IBM Plex Sans Arabic": ("fontpkg_ibm_plex_sans_arabic", "IBMPlexSansArabic-{}.ttf"),
    "Hind": ("fontpkg_hind", "Hind-{}.ttf"),
}
# Static families without italics (Arabic and Devanagari have none): italic text prints in bold.
NO_ITALICS = frozenset({"IBM Plex Sans Arabic", "Hind"})
# Built-in families made from a variable TrueType font in a pip package (OFL): its regular (400) and
# bold (700) instances. None of them has italics: italic text prints in the bold face.
VARIABLE = {
    "Noto Sans SC": ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"),
    "Noto Sans TC": ("justmytype_intl_cjk", "fonts/ofl/notosanstc/NotoSansTC[wght].ttf"),
    "Noto Sans JP": ("justmytype_intl_cjk", "fonts/ofl/notosansjp/NotoSansJP[wght].ttf"),
    "Noto Sans KR": ("justmytype_intl_cjk", "fonts/ofl/notosanskr/NotoSansKR[wght].ttf"),
    "Noto Sans Symbols": ("manimgx_fonts", "NotoSansSymbols[wght].ttf"),
    "Noto Emoji": ("manimgx_fonts", "NotoEmoji[wght].ttf"),
}
WEIGHTS = {"Regular": 400, "Bold": 700}
# Characters the Chinese, Japanese and Korean faces lack, drawn with a glyph of theirs that looks
# the same: a ballot box as a white square, a ballot X as a multiplication sign. The made face maps
# them (its cmap), so the PDF's ToUnicode gives back the typed character.
ALIASES = {0x2610: 0x25A1, 0x2717: 0x00D7}
REVISION = 2  # of how faces are made (in their file names: a change makes them anew)
# Tables of the variable fonts that a made face leaves out: shaping (ReportLab does not shape these
# scripts), vertical metrics (it sets text horizontally) and the variation axes' names.
_UNUSED_TABLES = ("GSUB", "GPOS", "BASE", "vhea", "vmtx", "STAT")
# A family name a style may use for Chinese, Japanese and Korean text: the Noto family of the
# handout's language (the same characters have other shapes in each), Simplified Chinese's else.
CJK = "Noto Sans CJK"
CJK_FOR = {"zh-Hans": "Noto Sans SC", "zh-Hant": "Noto Sans TC", "ja": "Noto Sans JP", "ko": "Noto Sans KR"}
BUILTIN = (*STATIC, *VARIABLE, CJK)
# The tables ReportLab reads to embed a TrueType face.
_TRUETYPE_TABLES = (b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post")
_FILE_FACE = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


class FontFileInfo(Struct, frozen=True):
    """What the table directory of a font file says."""

    truetype: bool  # TrueType outlines (glyf), which ReportLab can embed
    variable: bool  # has an fvar table: weights are instances, not faces
    missing: tuple[str, ...] = ()  # tables a TrueType face needs that the file lacks


def builtin_faces(family: str) -> dict[str, Path] | None:
    """The four face files of a built-in family, or None when its package is not installed.

    A family made from a variable font names files in the cache folder, made when first registered.
    """
    if family == CJK:
        family = CJK_FOR["zh-Hans"]
    if family in VARIABLE:
        package, source = VARIABLE[family]
        folder = _package_folder(package, "")
        if folder is None or not (folder / source).is_file():
            return None
        regular, bold = (instance_path(family, weight) for weight in WEIGHTS)
        return {"regular": regular, "bold": bold, "italic": bold, "bold_italic": bold}
    package, pattern = STATIC[family]
    folder = _package_folder(package)
    if folder is None:
        return None
    faces = {face: folder / pattern.format(_FILE_FACE[face]) for face in FACES}
    if family in NO_ITALICS:
        faces["italic"] = faces["bold_italic"] = faces["bold"]
    return faces


def builtin_source(family: str) -> str:
    """The package a built-in family's files come from."""
    family = CJK_FOR["zh-Hans"] if family == CJK else family
    return (STATIC.get(family) or VARIABLE[family])[0]


def builtin_package(path: Path) -> str | None:
    """The package of a built-in family that ``path`` is a file of (its ``files`` folder, or an
    instance made from it), or None."""
    for package, _ in STATIC.values():
        if path.parent == _package_folder(package):
            return package
    return _instances(faces_folder()).get(path)


@cache
def _instances(folder: Path) -> dict[Path, str]:
    """The faces made from variable fonts in ``folder``, with the package of each."""
    return {
        _instance_path(family, weight, folder): package
        for family, (package, _) in VARIABLE.items()
        for weight in WEIGHTS
    }


def instance_path(family: str, weight: str) -> Path:
    """Where the static ``weight`` face of a VARIABLE family is kept: named after the family, its
    weight and its package's version, so that an upgrade makes new ones."""
    return _instance_path(family, weight, faces_folder())


@cache
def _instance_path(family: str, weight: str, folder: Path) -> Path:
    package, _ = VARIABLE[family]
    version = _package_version(package)
    return folder / f"{family.replace(' ', '')}-{weight}-{package}-{version}-r{REVISION}.ttf"


def instance(path: Path, *, sibling: bool = True) -> None:
    """Make the static face ``path`` names (see ``instance_path``) from its variable font, unless it exists.

    Written to a temporary file and renamed, so that parallel builds never read half a file; a
    build that needs a face another process is making waits for it rather than make it too. The
    family's other face, needed next, is made at the same time by a second process (on a machine
    of more than one core), which halves the wait: each takes 8-17 s.
    """
    if path.is_file():
        return
    for family in VARIABLE:
        for weight, value in WEIGHTS.items():
            if instance_path(family, weight) == path:
                helper = _start_sibling(family, weight) if sibling else None
                try:
                    with _making(path):
                        if not path.is_file():  # made while this process waited
                            _make_instance(family, weight, value, path)
                finally:
                    if helper is not None:
                        helper.wait()
                return
    raise ValueError(f"'{path}' is not a face handoutkit makes")


def _start_sibling(family: str, weight: str) -> subprocess.Popen[bytes] | None:
    """A process making the family's other face, unless it is made or the machine has one core.

    Should it fail (handoutkit not importable there, say), the face is made here when it is needed.
    """
    if (os.cpu_count() or 1) < 2:
        return None
    others = [instance_path(family, other) for other in WEIGHTS if other != weight]
    missing = [str(path) for path in others if not path.is_file()]
    if not missing:
        return None
    program = "import sys; from pathlib import Path; from handoutkit.style.fontfiles import instance\n"
    program += "for path in sys.argv[1:]: instance(Path(path), sibling=False)"
    try:
        return subprocess.Popen(
            [sys.executable, "-c", program, *missing], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError:
        return None


@contextmanager
def _making(path: Path) -> Iterator[None]:
    """Hold the lock on making ``path`` (a lock file beside it; where the system has no ``fcntl``,
    each process makes its own, which the rename keeps whole)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(f".{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _make_instance(family: str, weight: str, value: int, path: Path) -> None:
    from fontTools.ttLib import TTFont  # fontTools loads only when a face is made

    package, source = VARIABLE[family]
    folder = _package_folder(package, "")
    assert folder is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:  # an unwritable folder fails now, before the seconds of work
            out.write(_made(family, weight, value, TTFont(folder / source)))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _made(family: str, weight: str, value: int, font: Any) -> bytes:
    """The bytes of the static ``weight`` face of the variable ``font``, named ``family``."""
    import io

    from fontTools.varLib import instancer

    for tag in _UNUSED_TABLES:  # ReportLab reads none of them; instancing them too took a third longer
        if tag in font:
            del font[tag]
    instancer.instantiateVariableFont(font, {"wght": value}, inplace=True, updateFontNames=False)
    names = font["name"]
    full, postscript = f"{family} {weight}", f"{family.replace(' ', '')}-{weight}"
    for record_id, text in ((1, family), (2, weight), (4, full), (6, postscript), (16, family), (17, weight)):
        names.setName(text, record_id, 3, 1, 0x409)
    for record_id in (16, 17, 25):  # no typographic family of several weights any more
        names.removeNames(nameID=record_id)
    font["OS/2"].usWeightClass = value
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection & ~0b1100001) | (0b100000 if weight == "Bold" else 0b1000000)
    font["head"].macStyle = 1 if weight == "Bold" else 0
    for table in font["cmap"].tables:
        if table.isUnicode():
            for alias, char in ALIASES.items():
                if alias not in table.cmap and char in table.cmap:
                    table.cmap[alias] = table.cmap[char]
    font.recalcTimestamp = False  # the same bytes on every machine, so PDFs are byte-identical
    made = io.BytesIO()
    font.save(made)
    return made.getvalue()


def faces_folder() -> Path:
    """``fonts`` in the cache folder the dates are kept in (``dates.cache_folder``); with the cache
    turned off (``HANDOUTKIT_CACHE_DIR`` empty), a folder in the system's temporary folder, since
    the faces must be files."""
    environ = os.environ
    return _folder_for(environ.get(CACHE_ENV), environ.get("XDG_CACHE_HOME"), environ.get("HOME"))


@cache
def _folder_for(folder: str | None, xdg_cache: str | None, home: str | None) -> Path:
    root = cache_folder(folder, xdg_cache, home)
    return (root if root is not None else _own_temporary_folder()) / "fonts"


def _own_temporary_folder() -> Path:
    """``handoutkit-UID`` in the system's temporary folder, when it is this user's own and nobody
    else may write in it (another user could otherwise leave fonts there for this one's builds);
    else a new folder of its own for this process."""
    import stat
    import tempfile

    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the temporary folder is the user's
        return Path(tempfile.gettempdir()) / "handoutkit"
    uid = os.getuid()
    folder = Path(tempfile.gettempdir()) / f"handoutkit-{uid}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = folder.lstat()
    except OSError:
        return Path(tempfile.mkdtemp(prefix="handoutkit-"))
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != uid or found.st_mode & 0o022:
        return Path(tempfile.mkdtemp(prefix="handoutkit-"))
    return folder


def _package_version(package: str) -> str:
    return installed_versions().get(package) or "0"


def cjk_family(language_catalog: str) -> str:
    """The family ``Noto Sans CJK`` stands for in a handout whose catalog is ``language_catalog``."""
    return CJK_FOR.get(language_catalog, CJK_FOR["zh-Hans"])


@cache
def _package_folder(package: str, inside: str = "files") -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / inside


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
