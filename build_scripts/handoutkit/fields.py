"""Personal copies: the ``{fields}`` a handout uses, the values given for them, and their checks.

Values come from ``--set NAME=VALUE`` or from a CSV or YAML file with one row per patient. A value
is plain text, never markup; each row becomes its own PDF.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from msgspec import Struct, field

from . import loader, schema
from .diagnostics import Position, Report
from .inline import parse_inline
from .model import Emphasis, Field, Inlines, Link, Strong
from .tree import Mapping, Node, Scalar, Sequence

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Copy(Struct, frozen=True):
    """One personal copy: its values, where each was given, and the suffix of its file name."""

    values: dict[str, str] = field(default_factory=dict)
    origins: dict[str, Position] = field(default_factory=dict)
    suffix: str = ""  # '' for a single copy: X.pdf; else X-SUFFIX.pdf
    name_column: str = ""  # the fields-file column the suffix comes from (it need not be a field)
    row: Position | None = None  # where its row of the fields file starts; None for --set alone

    def output_name(self, stem: str) -> str:
        return f"{stem}-{self.suffix}.pdf" if self.suffix else f"{stem}.pdf"


def parse_set(items: list[str], report: Report) -> Copy:
    """``--set NAME=VALUE`` options as one copy's values."""
    values: dict[str, str] = {}
    origins: dict[str, Position] = {}
    for item in items:
        name, equals, value = item.partition("=")
        where = Position(f"--set {item}")
        if not equals or not _NAME.fullmatch(name.strip()):
            report.error(where, "write it as NAME=VALUE, NAME made of letters, digits and _")
            continue
        values[name.strip()] = unicodedata.normalize("NFC", value)
        origins[name.strip()] = where
    return Copy(values, origins)


def read_rows(path: Path, name_column: str | None, defaults: Copy, report: Report) -> list[Copy]:
    """One copy per row of a CSV file (a header row of field names) or a YAML list of mappings."""
    rows = _yaml_rows(path, report) if path.suffix in (".yaml", ".yml") else _csv_rows(path, report)
    if not rows:
        if not report.has_errors:
            report.error(Position(str(path)), "has no rows; give one row per patient under a header of field names")
        return []
    column = name_column or next(iter(rows[0][0]), "")
    copies: list[Copy] = []
    used: set[str] = set()
    for values, origins, where in rows:
        if column not in values:
            report.error(where, f"has no '{column}' to name its file by; give it, or choose --name-column")
            continue
        suffix = _unique(_slug(values[column]) or "copy", used)
        merged = {**defaults.values, **values}
        copies.append(Copy(merged, {**defaults.origins, **origins}, suffix, column, where))
    return copies


Row = tuple[dict[str, str], dict[str, Position], Position]


def _csv_rows(path: Path, report: Report) -> list[Row]:
    text = loader.read_text(path, report)
    if text is None:
        return []
    lines = text.splitlines()
    reader = csv.reader(lines)
    header = next(reader, [])
    names = [name.strip() for name in header]
    for column, name in enumerate(names, 1):
        if not _NAME.fullmatch(name):
            report.error(
                Position(str(path), 1, column), f"column name '{name}' is not a field name (letters, digits, _)"
            )
    rows: list[Row] = []
    for number, cells in enumerate(reader, 2):
        if not any(cell.strip() for cell in cells):
            continue
        where = Position(str(path), number, 1)
        values = {name: unicodedata.normalize("NFC", cell.strip()) for name, cell in zip(names, cells, strict=False)}
        rows.append((values, dict.fromkeys(values, where), where))
    return rows


def _yaml_rows(path: Path, report: Report) -> list[Row]:
    root = loader.load(
        path, report, needs="a fields file needs a list of rows, one mapping of field names to values per copy"
    )
    items = schema.sequence(root, "a fields file", report) if root is not None else None
    rows: list[Row] = []
    for item in items.items if isinstance(items, Sequence) else ():
        row = schema.mapping(item, "a row", report)
        if not isinstance(row, Mapping):
            continue
        values = {key.value: value.value for key, value in row.items if isinstance(value, Scalar)}
        origins = {key.value: value.position for key, value in row.items}
        rows.append((values, origins, row.position))
    return rows


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60]


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate


def uses(root: Node) -> list[tuple[str, Position]]:
    """Every ``{field}`` in the handout's text, with where it is, in file order."""
    found: list[tuple[str, Position]] = []
    _walk(root, found)
    return found


def _walk(node: Node, found: list[tuple[str, Position]]) -> None:
    if isinstance(node, Scalar):
        names = _field_names(parse_inline(node.value)[0])
        seen: dict[str, int] = {}
        for name in names:
            needle = "{" + name + "}"
            found.append((name, node.locate(needle, seen.get(name, 0))))
            seen[name] = seen.get(name, 0) + 1
    elif isinstance(node, Sequence):
        for item in node.items:
            _walk(item, found)
    elif isinstance(node, Mapping):
        for key, value in node.items:
            if key.value not in ("id", "type", "URL", "DOI", "language", "reviewed", "kind", "style", "url"):
                _walk(value, found)


def _field_names(inlines: Inlines) -> list[str]:
    names: list[str] = []
    for node in inlines:
        if isinstance(node, Field):
            names.append(node.name)
        elif isinstance(node, Strong | Emphasis | Link):
            names.extend(_field_names(node.children))
    return names


def check_copy(used: list[tuple[str, Position]], copy: Copy, report: Report) -> None:
    """Every used field has a value, and every value fills a used field (but the file-name column)."""
    names = {name for name, _ in used}
    for name, where in used:
        if name not in copy.values:
            report.error(
                where,
                f"the field {{{name}}} has no value; give it with --set {name}=VALUE or a '{name}' column in --fields",
            )
    for name, where in copy.origins.items():
        if name not in names and name != copy.name_column:
            hint = schema.suggest(name, names) if names else "the handout has no {fields}"
            report.error(where, f"unknown field '{name}'; {hint}")
