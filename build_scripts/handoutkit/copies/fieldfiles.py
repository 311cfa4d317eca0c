"""Fields files: the rows of a CSV or YAML file of per-patient values, each value with its place.

A CSV file is read as a spreadsheet writes it: the csv module parses the values (commas and line
breaks inside quotes included), and a scan of each record's own text places its cells, so an error
points at the line and character column an editor shows.

Column names (a YAML file's keys) are read as an EHR export writes them: ``Patient Name``,
``PATIENT_NAME`` and `` patient-name `` are all the column ``patient_name`` (``column_key``). Which
columns a handout uses, and so which are errors, is for ``fields.fit`` to say, per handout.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping, Scalar, Sequence, describe

FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SEPARATORS = re.compile(r"[\s\-]+")  # runs of spaces and hyphens in a column name: one '_'
_BREAK = re.compile(r"\r\n?|\n")  # the line ends io.StringIO(newline="") splits at, as csv reads them


def column_key(name: str) -> str:
    """A column name as it is matched with fields: trimmed, in lower case, each run of spaces and
    hyphens one ``_`` (``Patient Name``, ``PATIENT_NAME`` and ``patient-name`` are ``patient_name``)."""
    return _SEPARATORS.sub("_", unicodedata.normalize("NFC", name).strip()).lower()


class Column(Struct, frozen=True):
    """One column of a fields file: its key (``column_key``), its name as written, and its header cell
    (in YAML, the first key that names it)."""

    key: str
    name: str
    position: Position


class Row(Struct, frozen=True):
    """One row's values and where each was given, by column key, and where the row starts."""

    values: dict[str, str]
    origins: dict[str, Position]
    start: Position


class Table(Struct, frozen=True):
    """A fields file's rows and its columns; a CSV file's also its column names and where its header is."""

    rows: list[Row]
    columns: list[str] | None = None  # as written; None for YAML, whose rows name their own fields
    header: Position | None = None
    heads: tuple[Column, ...] = ()  # every column (YAML: every key, in the order rows first give them)


class _Record(Struct, frozen=True):
    line: int  # where the record starts
    cells: list[str]
    starts: list[tuple[int, int]]  # (line, column) where each cell starts
    end: tuple[int, int]  # just after its last character


def read_table(path: Path, report: Report) -> Table:
    """The rows of a YAML list of mappings (.yaml, .yml) or, for any other name, of a CSV file."""
    if path.suffix in (".yaml", ".yml"):
        rows, keys = _yaml_rows(path, report)
        return Table(rows, heads=tuple(Column(key, *keys[key]) for key in keys))
    text = yamlfile.read_text(path, report, what="fields file")
    if text is None:
        return Table([])
    return _csv_table(text, str(path), _delimiter(text, path), report)


def _delimiter(text: str, path: Path) -> str:
    """',' unless a header without one is split by tabs (a .tsv file) or ';' (Excel in much of Europe)."""
    header = _BREAK.split(text.lstrip("\r\n"), maxsplit=1)[0]
    if path.suffix == ".tsv" or ("," not in header and "\t" in header):
        return "\t"
    return ";" if "," not in header and ";" in header else ","


def _csv_table(text: str, path: str, delimiter: str, report: Report) -> Table:
    records = _records(text, path, delimiter, report)
    header = next((record for record in records if any(cell.strip() for cell in record.cells)), None)
    if header is None:
        return Table([])
    columns = [name.strip() for name in header.cells]
    keys = [column_key(name) for name in columns]
    rows: list[Row] = []
    for record in records:
        if not any(cell.strip() for cell in record.cells):
            continue  # a blank line, or a row a spreadsheet left as only commas
        if len(record.cells) != len(columns):
            report.error(*_ragged(record, columns, path, delimiter))
            continue
        # Of two columns with one key, the first is kept: a second is an error if the key is used (fields.fit).
        origins: dict[str, Position] = {}
        values: dict[str, str] = {}
        for key, start, cell in zip(keys, record.starts, record.cells, strict=True):
            if key not in origins:
                origins[key] = Position(path, *start)
                values[key] = unicodedata.normalize("NFC", cell.strip())
        rows.append(Row(values, origins, Position(path, record.line, 1)))
    heads = tuple(
        Column(key, name, Position(path, *start)) for key, name, start in zip(keys, columns, header.starts, strict=True)
    )
    return Table(rows, columns, Position(path, header.line, 1), heads)


def _ragged(record: _Record, columns: list[str], path: str, delimiter: str) -> tuple[Position, str]:
    """Where a row with more or fewer cells than the header goes wrong, and how to mend it."""
    shape = f"this row has {len(record.cells)} cells, the header {len(columns)} columns"
    if len(record.cells) > len(columns):
        shown = "a tab" if delimiter == "\t" else f"a '{delimiter}'"
        example = "" if delimiter == "\t" else f' ("Lopez{delimiter} Ana")'
        return Position(path, *record.starts[len(columns)]), (
            f"{shape}; put a value that holds {shown} in quotes{example}, or delete the extra cell"
        )
    return Position(path, *record.end), (
        f"{shape}, so '{columns[len(record.cells)]}' has none; add a cell for each column, an empty one too"
    )


def _records(text: str, path: str, delimiter: str, report: Report) -> Iterator[_Record]:
    """Each CSV record with its cells' places; a record the csv module cannot read ends the file, reported."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    done = 0  # lines read by the records before this one
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            report.error(
                Position(path, reader.line_num, 1),
                f'this CSV row cannot be read ({exc}); check that each cell that opens with a quote (") closes it',
            )
            return
        if cells is None:
            return
        raw = "".join(lines[done : reader.line_num])
        starts, end, unclosed = _scan(raw, done + 1, delimiter)
        if unclosed is not None:
            report.error(
                Position(path, *unclosed),
                'this quote (") opens a cell but is never closed, so the rest of the file is read as that cell; '
                'close it, or write a quote inside a value as two ("")',
            )
            return
        # The scan reads quotes as csv does; should they ever disagree, a cell is placed at the last start.
        starts = starts[: len(cells)] + starts[-1:] * (len(cells) - len(starts))
        yield _Record(done + 1, cells, starts, end)
        done = reader.line_num


def _scan(raw: str, line: int, delimiter: str) -> tuple[list[tuple[int, int]], tuple[int, int], tuple[int, int] | None]:
    """Where each cell of one record starts, where the record ends, and an unclosed quote if any.

    Quotes are read as the csv module reads them: one opens a cell only where the cell starts, and
    two inside a quoted cell stand for one.
    """
    starts = [(line, 1)]
    line_start = cell_start = 0
    quoted, opened, closed_at = False, (line, 1), -2
    special = re.compile('"|' + re.escape(delimiter) + r"|\r\n?|\n")
    body = raw.rstrip("\r\n")
    for match in special.finditer(body):
        index, char = match.start(), match.group()
        if char[0] in "\r\n":
            line, line_start = line + 1, match.end()
        elif quoted:
            if char == '"':
                quoted, closed_at = False, index
        elif char == '"' and index in (cell_start, closed_at + 1):
            quoted = True
            if index == cell_start:
                opened = (line, index - line_start + 1)
        elif char == delimiter:
            cell_start = index + 1
            starts.append((line, cell_start - line_start + 1))
    return starts, (line, len(body) - line_start + 1), opened if quoted else None


def _yaml_rows(path: Path, report: Report) -> tuple[list[Row], dict[str, tuple[str, Position]]]:
    """The rows, each keyed by ``column_key``, and each key's first spelling and place."""
    root = yamlfile.load(
        path,
        report,
        needs="a fields file needs a list of rows, one mapping of field names to values per copy",
        what="fields file",
    )
    items = reads.sequence(root, "a fields file", report) if root is not None else None
    rows: list[Row] = []
    keys: dict[str, tuple[str, Position]] = {}
    for item in items.items if isinstance(items, Sequence) else ():
        row = reads.mapping(item, "a row", report)
        if not isinstance(row, Mapping):
            continue
        values: dict[str, str] = {}
        origins: dict[str, Position] = {}
        for key, value in row.items:
            name = column_key(key.value)
            keys.setdefault(name, (key.value, key.position))
            if name in origins:  # 'Patient Name' and 'patient_name' in one row: the first counts
                continue
            origins[name] = value.position
            if not isinstance(value, Scalar):
                report.error(
                    value.position,
                    f"the value of '{key.value}' must be text, found {describe(value)}; write it on one line, "
                    "in quotes if it starts with '[' or '{'",
                )
            elif value.kind == "null":
                report.error(
                    value.position,
                    f"'{key.value}' has no value (YAML reads an empty value, ~ and null as nothing); "
                    'write its value (in quotes for the word itself: "null"), or leave the key out',
                )
            else:
                values[name] = value.value
        rows.append(Row(values, origins, row.position))
    return rows, keys
