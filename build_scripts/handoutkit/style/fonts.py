"""Resolve a style's ``fonts:`` section into font-family chains, checking every font file."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Report
from ..load import reads
from ..load.tree import Node, Scalar, Sequence
from .fontfiles import BUILTIN, FACES, builtin_faces, builtin_source, inspect_font
from .sheet import FontFamily

FONT_KEYS = ("body", "heading", "families")
FONT_REQUIRED = ("body", "heading")
# The style's own families by name; None for one whose error is reported at its definition.
_Families = dict[str, FontFamily | None]


def read_fonts(node: Node, report: Report) -> tuple[tuple[FontFamily, ...], tuple[FontFamily, ...]] | None:
    """The body and heading chains (first family first, fallbacks after) of a ``fonts:`` mapping."""
    fonts = reads.mapping(node, "'fonts'", report)
    if fonts is None:
        return None
    reads.check_keys(fonts, what="'fonts'", allowed=FONT_KEYS, required=FONT_REQUIRED, report=report)
    families = _families(fonts.get("families"), report)
    body = _chain(fonts.get("body"), "'fonts.body'", families, report)
    heading = _chain(fonts.get("heading"), "'fonts.heading'", families, report)
    return (body, heading) if body and heading else None


def _chain(node: Node | None, what: str, families: _Families, report: Report) -> tuple[FontFamily, ...]:
    if node is None:
        return ()
    names = node.items if isinstance(node, Sequence) else (node,)
    if not names:
        report.error(node.position, f"{what} is empty; name at least one font family")
    chain: list[FontFamily] = []
    for item in names:
        name = reads.text(item, what, report)
        if name is None:
            continue
        # A family defined with a bad face file (None) has its error at the face already.
        family = families[name.value] if name.value in families else _builtin(name, what, families, report)
        if family is not None:
            chain.append(family)
    return tuple(chain) if len(chain) == len(names) else ()


def _builtin(name: Scalar, what: str, families: _Families, report: Report) -> FontFamily | None:
    if name.value not in BUILTIN:
        known = sorted({*BUILTIN, *families})
        report.error(name.position, f"{what} names the font family '{name.value}'; {reads.suggest(name.value, known)}")
        return None
    faces = builtin_faces(name.value)
    if faces is None:
        package = builtin_source(name.value).replace("_", "-")
        report.error(name.position, f"the font family '{name.value}' needs the package {package}; pip install it")
        return None
    return FontFamily(name.value, *(str(faces[face]) for face in FACES))


def _families(node: Node | None, report: Report) -> _Families:
    """Families a style defines from its own font files, relative to the style file."""
    if node is None:
        return {}
    table = reads.mapping(node, "'fonts.families'", report)
    found: _Families = {}
    for key, value in table.items if table else ():
        what = f"font family '{key.value}'"
        faces = reads.mapping(value, what, report)
        if faces is None:
            found[key.value] = None
            continue
        reads.check_keys(faces, what=what, allowed=FACES, required=FACES, report=report)
        paths = [_face_file(faces.get(face), f"'{face}' of {what}", report) for face in FACES]
        found[key.value] = FontFamily(key.value, *(str(path) for path in paths)) if all(paths) else None
    return found


def _face_file(node: Node | None, what: str, report: Report) -> Path | None:
    scalar = reads.text(node, what, report) if node is not None else None
    if scalar is None:
        return None
    path = Path(scalar.position.path).parent / scalar.value.strip()
    try:
        info = inspect_font(path)
    except OSError as exc:
        report.error(scalar.position, f"{what}: cannot read '{path}' ({exc.strerror or exc}); check the path")
        return None
    except ValueError as exc:
        report.error(scalar.position, f"{what}: '{path}': {exc}")
        return None
    if info.variable:
        report.error(
            scalar.position,
            f"{what}: '{path}' is a variable font, which would draw every weight the same; "
            "give static faces (for example NotoSans-Bold.ttf)",
        )
        return None
    if not info.truetype:
        report.error(scalar.position, f"{what}: '{path}' has PostScript (CFF) outlines; give a TrueType (.ttf) face")
        return None
    if info.missing:
        tables = ", ".join(f"'{tag.strip()}'" for tag in info.missing) + (
            " tables" if len(info.missing) > 1 else " table"
        )
        report.error(
            scalar.position, f"{what}: '{path}' lacks the {tables} a font needs; give a complete TrueType face"
        )
        return None
    return path
