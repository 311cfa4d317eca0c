"""Personal copies: the ``{fields}`` a handout uses, the values given for them, and their checks.

Values come from ``--set NAME=VALUE`` or from a CSV or YAML file with one row per patient. A value
is plain text, never markup; each row becomes its own PDF.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from anyascii import anyascii
from msgspec import Struct, field

from ..diagnostics import Position, Report
from ..inline import parse_inline
from ..load import reads
from ..load.tree import Mapping, Node, Scalar, Sequence
from ..model import Emphasis, Field, Inlines, Link, Strong
from . import fieldfiles

_NAME = fieldfiles.FIELD_NAME


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
    """One copy per row of a CSV file (a header row of field names) or a YAML list of mappings.

    ``defaults`` (the --set values) fill what a row leaves out, an empty cell included.
    """
    table = fieldfiles.read_table(path, report)
    if not table.rows:
        if not report.has_errors:
            report.error(Position(str(path)), "has no rows; give one row per patient under a header of field names")
        return []
    column = name_column or next(iter(table.columns or table.rows[0].origins), "")
    if table.columns is not None and table.header is not None and column not in table.columns:
        report.error(
            table.header,
            f"the header has no '{column}' column to name each copy's file by; add it, or choose one of "
            f"{', '.join(table.columns)} with --name-column",
        )
        return []
    copies: list[Copy] = []
    names = _Names()
    for row in table.rows:
        name = _name_of(row, column, report)
        if name is None:
            continue
        given = {field: value for field, value in row.values.items() if value.strip() or field not in defaults.values}
        origins = {**defaults.origins, **{field: row.origins[field] for field in given}}
        copies.append(Copy({**defaults.values, **given}, origins, names.unique(_slug(name)), column, row.start))
    return copies


def _name_of(row: fieldfiles.Row, column: str, report: Report) -> str | None:
    """The row's value in the name column; None, reported, when it has none to name a file by."""
    if column not in row.origins:
        report.error(row.start, f"the row has no '{column}' to name its file by; add it, or choose --name-column")
        return None
    value = row.values.get(column)  # None: given, but as no text, and reported so
    if value is not None and not value.strip():
        report.error(
            row.origins[column],
            f"the '{column}' value is empty, and it names this copy's file; fill it in, or choose another "
            "--name-column",
        )
        return None
    return value


def _slug(text: str) -> str:
    """A file name part: the text in ASCII (Иван is ivan, 张伟 zhangwei), lower case, '-' between words."""
    plain = anyascii(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "copy"


class _Names:
    """Unique file name parts in row order: x, x-2, x-3, ...; each base resumes where it stopped."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}  # every 'base-N' below it is taken, so the search never starts over

    def unique(self, base: str) -> str:
        candidate, number = base, self.next.get(base, 2)
        while candidate in self.used:  # a row may be named 'x-2' itself
            candidate, number = f"{base}-{number}", number + 1
        if candidate != base:
            self.next[base] = number
        self.used.add(candidate)
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
    """Every used field has a value that is not empty, and every value fills a used field (but the file-name column).

    A value missing from a row is the row's mistake, reported there once; with --set alone, at each use.
    """
    first_use: dict[str, Position] = {}
    for name, where in used:
        first_use.setdefault(name, where)
        if name not in copy.values and copy.row is None:
            report.error(
                where,
                f"the field {{{name}}} has no value; give it with --set {name}=VALUE or a '{name}' column in --fields",
            )
    for name, where in first_use.items():
        value = copy.values.get(name)
        if value is None and copy.row is not None:
            report.error(
                copy.row,
                f"this row has no value for the field {{{name}}}, which the handout uses at {where}; add a '{name}' "
                f"column (a key in YAML) or give it with --set {name}=VALUE",
            )
        elif value is not None and not value.strip():
            report.error(
                copy.origins.get(name, where),
                f"the value of {{{name}}} is empty, but the handout prints it (at {where}); fill it in",
            )
    for name, where in copy.origins.items():
        if name not in first_use and name != copy.name_column:
            hint = reads.suggest(name, first_use) if first_use else "the handout has no {fields}"
            report.error(where, f"unknown field '{name}'; {hint}")
