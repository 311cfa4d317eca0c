"""Personal copies: the ``{fields}`` a handout uses, the values given for them, and their checks.

Values come from ``--set NAME=VALUE`` or from a CSV or YAML file with one row per patient. A value
is plain text, never markup; each row becomes its own PDF. A fields file may hold more columns than
a handout uses (an EHR export's MRN, date of birth, email): ``fit`` gives each handout's copies the
values of its own fields only, and lists the other columns once.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from anyascii import anyascii
from msgspec import Struct, field
from msgspec.structs import replace

from ..diagnostics import Position, Report, quoted
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
    name_columns: tuple[str, ...] = ()  # the fields-file columns (keys) the suffix comes from (need not be fields)
    row: Position | None = None  # where its row of the fields file starts; None for --set alone
    columns: tuple[fieldfiles.Column, ...] = ()  # its fields file's columns, until ``fit`` fits it to a handout

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
    """One copy per row of a CSV file (a header row of column names) or a YAML list of mappings.

    Each copy holds every column, by its key (``fieldfiles.column_key``), for ``fit`` to choose from.
    ``name_column``: the column, or several joined by ',', whose values name each copy's file (default:
    the first). ``defaults`` (the --set values) fill what a row leaves out, an empty cell included.
    """
    table = fieldfiles.read_table(path, report)
    if not table.rows:
        if not report.has_errors:
            report.error(Position(str(path)), "has no rows; give one row per patient under a header of field names")
        return []
    columns = _name_columns(table, name_column, report)
    if columns is None:
        return []
    copies: list[Copy] = []
    names = _Names()
    for row in table.rows:
        parts = [_name_of(row, column, report) for column in columns]
        if any(part is None for part in parts):
            continue
        given = {field: value for field, value in row.values.items() if value.strip() or field not in defaults.values}
        origins = {**defaults.origins, **{field: row.origins[field] for field in given}}
        suffix = names.unique(_slug(" ".join(part or "" for part in parts)))
        copies.append(Copy({**defaults.values, **given}, origins, suffix, columns, row.start, table.heads))
    return copies


def _name_columns(table: fieldfiles.Table, name_column: str | None, report: Report) -> tuple[str, ...] | None:
    """The keys of the columns that name each copy's file; None, reported, when the header lacks one or
    has one twice."""
    if name_column is None:
        asked = [table.heads[0].name if table.heads else ""]
    else:
        asked = [part.strip() for part in name_column.split(",") if part.strip()]
    if not asked:
        report.error(
            Position(f"--name-column {name_column}"),
            "give the column that names each copy's file, or several joined by ',' (--name-column mrn,visit_date)",
        )
        return None
    if table.columns is None or table.header is None:  # YAML: each row that lacks one is reported
        return tuple(fieldfiles.column_key(part) for part in asked)
    first: dict[str, fieldfiles.Column] = {}
    for column in table.heads:
        first.setdefault(column.key, column)
    ok = True
    for part in asked:
        if fieldfiles.column_key(part) not in first:
            ok = False
            report.error(
                table.header,
                f"the header has no '{part}' column to name each copy's file by; add it, or choose one of "
                f"{', '.join(table.columns)} with --name-column",
            )
    keys = tuple(fieldfiles.column_key(part) for part in asked)
    for column in table.heads:
        if column.key in keys and first[column.key] is not column:
            ok = False
            report.error(column.position, _duplicate(column, first[column.key]))
    return keys if ok else None


def _duplicate(column: fieldfiles.Column, first: fieldfiles.Column) -> str:
    """The message for a second column with the key of an earlier one."""
    where = f"line {first.position.line}, column {first.position.column}"
    same = f"first given at {where}" if column.name == first.name else f"the same column as '{first.name}' at {where}"
    return f"duplicate column '{column.name}' ({same}); keep only one of them, or rename one"


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


def fit(used: list[tuple[str, Position]], copies: list[Copy], handout: str, report: Report) -> list[Copy]:
    """The copies of one fields file as one handout takes them: each with the values of the fields it uses
    only (and any --set value that is no column, for ``check_copy`` to judge), the output name aside.

    Reported once for the handout, not per row: a note listing the columns no field of the handout uses
    (ignored); an error at a column one edit from a field the handout uses that no column gives ("did
    you mean"); an error at a second column for a used field. Copies without columns (--set alone) are
    returned as they are.
    """
    columns = copies[0].columns if copies else ()
    if not columns:
        return list(copies)
    first_use: dict[str, Position] = {}
    for name, where in used:
        first_use.setdefault(name, where)
    wanted = {fieldfiles.column_key(name): name for name in reversed(first_use)}  # the first name of each key
    named = set(copies[0].name_columns)
    first: dict[str, fieldfiles.Column] = {}
    for column in columns:
        first.setdefault(column.key, column)
    ignored: list[fieldfiles.Column] = []
    for column in columns:
        if column.key in named:  # names the files; a name column's twin is reported when the file is read
            continue
        if column.key in wanted:
            if first[column.key] is not column:
                report.error(column.position, _duplicate(column, first[column.key]))
            continue
        close = next((key for key in wanted if key not in first and _one_edit(column.key, key)), None)
        if close is None:
            ignored.append(column)
            continue
        name = wanted[close]
        report.error(
            column.position,
            f"column {quoted(column.name)} is no field of {handout}; did you mean '{name}'? The handout uses "
            f"{{{name}}} at {first_use[name]} and no column gives it; rename the column {name}",
        )
    if ignored:
        listed = ", ".join(quoted(column.name) for column in ignored)
        what = f"column {listed} fills" if len(ignored) == 1 else f"columns {listed} fill"
        them = "it" if len(ignored) == 1 else "them"
        report.note(ignored[0].position, f"ignored: the {what} no field of {handout}, so its copies leave {them} out")
    return [_fitted(copy, first_use, first) for copy in copies]


def _fitted(copy: Copy, used: dict[str, Position], columns: dict[str, fieldfiles.Column]) -> Copy:
    values: dict[str, str] = {}
    origins: dict[str, Position] = {}
    for name in used:
        key = fieldfiles.column_key(name)
        given = key if key in copy.values else name
        if given in copy.values:
            values[name], origins[name] = copy.values[given], copy.origins[given]
    for name, value in copy.values.items():  # a --set value for no column: check_copy says if it is a field
        if name not in columns and name not in values:
            values[name], origins[name] = value, copy.origins[name]
    return replace(copy, values=values, origins=origins, columns=())


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one letter added, removed or changed (Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[start + (len(a) == len(b)) :] == b[start + 1 :]


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
        if name not in first_use and name not in copy.name_columns:
            hint = reads.suggest(name, first_use) if first_use else "the handout has no {fields}"
            report.error(where, f"unknown field '{name}'; {hint}")
