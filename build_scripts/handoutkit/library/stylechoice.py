"""Choose each handout's style; find, fingerprint, load and prepare each style once per process."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

from msgspec import Struct

from ..build import Setup, prepare, split_style
from ..diagnostics import Position, Report
from ..installed import installed_versions
from ..load import reads, yamlfile
from ..load.tree import Mapping, Node, Scalar, Sequence
from ..style.files import BUILTIN_DIR, MAX_CHAIN, find_style, load_stylesheet
from ..style.fontfiles import builtin_package, faces_folder
from ..style.sheet import Stylesheet
from ..validate.shapes import STYLE_KEY
from . import manifest

DEFAULT = "default"
_LONGEST_PATH = 1024  # scalars longer than this are text, not file names


class Prepared(Struct, frozen=True):
    """A style ready to build with (or the diagnostics that say why not) and a digest of its files."""

    path: Path  # the style file, as found
    setup: Setup | None
    report: Report  # the style's own diagnostics
    files: str  # digest of the style's own files: its extends: chain and the files they name
    digest: str  # ``files`` and the font files it sets text in: everything that shapes the style


# One entry per style per process, keyed by the style's file, the digest of its files, the run's
# options and the folder of made faces (its fonts' paths), so worker processes keep them across
# handouts and an edited style, or another cache folder, is never served stale.
_PREPARED: dict[tuple[str, str, str, bool | None, bool | None, datetime.date | None, Path], Prepared] = {}


def prepared(
    path: Path, files: str, *, pdf_ua: bool | None, today: datetime.date | None, pdf_a: bool | None = None
) -> Prepared:
    """The style at ``path`` loaded and prepared (fonts registered), once per process; ``pdf_ua`` and
    ``pdf_a``, when not None, replace what the style says."""
    key = (str(path), str(path.resolve()), files, pdf_ua, pdf_a, today, faces_folder())  # as spelt, for its messages
    if key not in _PREPARED:
        report = Report()
        sheet = load_stylesheet(str(path), report)
        if sheet is not None and pdf_ua is not None:
            sheet = replace(sheet, pdf_ua=pdf_ua)
        if sheet is not None and pdf_a is not None:
            sheet = replace(sheet, pdf_a=pdf_a)
        setup = prepare(sheet, report, today=today) if sheet is not None else None
        fonts = _font_digests(sheet) if sheet is not None else ()
        usable = setup if not report.has_errors else None
        _PREPARED[key] = Prepared(path, usable, report, files, manifest.digest((files, *fonts)))
    return _PREPARED[key]


def style_files(path: Path) -> tuple[Path, ...]:
    """The style file, the files it ``extends:`` (nearest first) and every file any of them names."""
    found: list[Path] = []
    chain: list[Path] = []
    current: Path | None = path
    # As deep as load_stylesheet goes: a longer chain is an error there, and is not read further here.
    while current is not None and current.resolve() not in chain and len(chain) < MAX_CHAIN:
        chain.append(current.resolve())
        found.append(current)
        node = yamlfile.load(current, Report())  # its errors are reported when the style is loaded
        found.extend(_named_files(node, current.parent) if node is not None else ())
        parent = node.get("extends") if isinstance(node, Mapping) else None
        current = find_style(parent.value.strip(), (current.parent,)) if isinstance(parent, Scalar) else None
    return tuple(found)


def files_digest(path: Path) -> str:
    """A digest of the names and bytes of every file in :func:`style_files`."""
    return manifest.digest(f"{file.name}: {manifest.file_digest(file)}" for file in style_files(path))


def _named_files(node: Node, folder: Path) -> list[Path]:
    """Every scalar in a style that names an existing file relative to the style (fonts, logo, glossary)."""
    if isinstance(node, Mapping):
        return [path for _, value in node.items for path in _named_files(value, folder)]
    if isinstance(node, Sequence):
        return [path for item in node.items for path in _named_files(item, folder)]
    value = node.value.strip()
    if not value or len(value) > _LONGEST_PATH or "\n" in value or "\0" in value:
        return []
    try:
        return [folder / value] if (folder / value).is_file() else []
    except OSError:  # a name too long for the file system, say
        return []


def _font_digests(sheet: Stylesheet) -> tuple[str, ...]:
    """The font files a style sets text in, built-in ones included (a font package update changes them)."""
    faces = dict.fromkeys(
        face
        for family in (*sheet.body_fonts, *sheet.heading_fonts)
        for face in (family.regular, family.bold, family.italic, family.bold_italic)
    )
    return tuple(_font_identity(Path(face)) for face in faces)


def _font_identity(path: Path) -> str:
    """A built-in family's file by its package's name and version (hashing Fira Sans's 1.9 MB cost
    ~5 ms a process); any other font file by its bytes."""
    package = builtin_package(path)
    version = installed_versions().get(package) if package is not None else None
    if version is not None:
        return f"font {path.name}: {package} {version}"
    return f"font {path.name}: {manifest.file_digest(path)}"


class Styles:
    """The styles of one run: the one given on the command line, or each handout's own ``style:``."""

    def __init__(
        self, *, override: Path | None, pdf_ua: bool | None, today: datetime.date | None, pdf_a: bool | None = None
    ) -> None:
        self.override = override
        self.pdf_ua = pdf_ua
        self.pdf_a = pdf_a
        self.today = today
        self.used: dict[str, Prepared] = {}  # by resolved path, in the order handouts first use them

    def get(self, path: Path) -> Prepared:
        """The style at ``path``, its files fingerprinted once per run however handouts spell its path."""
        resolved = str(path.resolve())
        if resolved not in self.used:
            self.used[resolved] = prepared(
                path, files_digest(path), pdf_ua=self.pdf_ua, pdf_a=self.pdf_a, today=self.today
            )
        return self.used[resolved]

    def for_source(self, source: Path, report: Report) -> tuple[Node, Prepared] | None:
        """A handout's tree (with its ``style:`` key) and its style; None, with diagnostics, when either fails."""
        root = yamlfile.load(source, report)
        if root is None:
            return None
        _, own = split_style(root)
        style = self.style_for(source, own, report)
        return (root, style) if style is not None else None

    def for_plan(self, source: Path, report: Report) -> tuple[Node | None, Prepared] | None:
        """A handout's ``language:`` value (None if it has none) and its style, for planning a build.

        Only those two top-level values are read into nodes (``yamlfile.peek``); a file with a problem
        there is loaded whole, so that it fails here with every diagnostic, as with ``for_source``.
        Problems elsewhere in the file are reported when the handout is built.
        """
        values = yamlfile.peek(source, _PLANNED)
        if values is None:
            found = self.for_source(source, report)
            return (_language(found[0]), found[1]) if found is not None else None
        style = self.style_for(source, values.get(STYLE_KEY), report)
        return (values.get("language"), style) if style is not None else None

    def style_for(self, source: Path, own: Node | None, report: Report) -> Prepared | None:
        """The style for a handout whose ``style:`` value is ``own``: the command line's, its own, or the default."""
        path = self.override or (choose(own, source, report) if own is not None else find_style(DEFAULT))
        if path is None:
            if own is None:
                report.error(Position(str(source)), f"no style '{DEFAULT}' in styles/ or {BUILTIN_DIR}")
            return None
        style = self.get(path)
        if style.setup is None:
            where = own.position if own is not None and self.override is None else Position(str(source))
            report.error(where, f"its style '{path}' has errors (listed above); fix them or choose another style")
            return None
        return style


_PLANNED = frozenset({STYLE_KEY, "language"})


def _language(root: Node) -> Node | None:
    return root.get("language") if isinstance(root, Mapping) else None


def choose(node: Node, source: Path, report: Report) -> Path | None:
    """The style a handout names: a file relative to the handout, or a name from styles/; None if none."""
    scalar = reads.text(node, "'style'", report)
    if scalar is None:
        return None
    spec = scalar.value.strip()
    as_path = spec.endswith((".yaml", ".yml")) or "/" in spec
    path = find_style(str(source.parent / spec)) if as_path else find_style(spec)
    if path is None:
        names = sorted(
            {p.stem for folder in (Path("styles"), BUILTIN_DIR) if folder.is_dir() for p in folder.glob("*.yaml")}
        )
        where = f"'{source.parent / spec}' is not a file" if as_path else f"there is no style named '{spec}'"
        report.error(
            scalar.position,
            f"'style: {spec}' names no style: {where}; give a style file relative to the handout "
            f"or a name from {', '.join(names)}",
        )
    return path
