"""The fixed words a handout prints, per language: built-in catalogs, extended by a project's own.

A catalog is ``catalogs/LANG.yaml`` (LANG: the primary subtag of a BCP 47 tag, such as ``es``).
A project's ``catalogs/`` folder may add a language or change words of a built-in one.
"""

from __future__ import annotations

import datetime
import os
import re
from functools import cache
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Diagnostic, HandoutError, Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping
from ..model import PartialDate
from .dates import long_date

BUILTIN_DIR = Path(__file__).resolve().parent / "catalogs"
PROJECT_DIR = Path("catalogs")
# Every fixed word, with the placeholders its template may use.
KEYS: dict[str, frozenset[str]] = {
    "references": frozenset(),
    "page_x_of_y": frozenset({"page", "pages"}),
    "reviewed": frozenset({"date"}),
    "accessed": frozenset({"date"}),
    "published": frozenset({"date"}),
    "in": frozenset(),
    "editor": frozenset(),
    "editors": frozenset(),
    "edition": frozenset({"n", "nth"}),
    "report_number": frozenset({"number"}),
    "et_al": frozenset(),
    "note_info": frozenset(),
    "note_warning": frozenset(),
    "citation_link": frozenset({"number"}),  # what a screen reader says for a citation number's link
    "qr_code": frozenset({"url"}),  # a QR code's alternative text
}


class Words(Struct, frozen=True):
    """One language's fixed words and its way of writing dates."""

    language: str  # the handout's BCP 47 tag; dates follow it (en-GB writes 12 April 2025)
    entries: tuple[tuple[str, str], ...]

    def text(self, key: str, **values: object) -> str:
        return self.template(key).format(**values)

    def template(self, key: str) -> str:
        """The word or template as the catalog gives it, placeholders unfilled."""
        return dict(self.entries)[key]

    def date(self, value: datetime.date | PartialDate) -> str:
        return long_date(value, self.language)

    def dated(self, key: str, value: datetime.date | PartialDate) -> str:
        """A template with a date in it: 'Accessed February 10, 2025'."""
        return self.text(key, date=self.date(value))

    def edition(self, number: int) -> str:
        return self.text("edition", n=number, nth=english_ordinal(number))


def english_ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def primary(language: str) -> str:
    """The primary language subtag: 'es' for 'es-MX'."""
    return language.split("-")[0].lower()


def supported_languages() -> list[str]:
    """Languages with a catalog, built in or in the project's catalogs/ folder."""
    return sorted({path.stem for folder in (BUILTIN_DIR, PROJECT_DIR) for path in folder.glob("*.yaml")})


def load_words(language: str, report: Report) -> Words | None:
    """The catalog for ``language``: the built-in one with the project's changes over it."""
    merged: dict[str, str] = {}
    for folder in (BUILTIN_DIR, PROJECT_DIR):
        path = folder / f"{primary(language)}.yaml"
        if path.is_file():
            merged.update(_read_catalog(path, report))
    missing = sorted(set(KEYS) - set(merged))
    if missing and not report.has_errors:
        where = Position(str(PROJECT_DIR / f"{primary(language)}.yaml"))
        report.error(where, f"the '{primary(language)}' catalog has no {', '.join(missing)}; add them")
    if report.has_errors:
        return None
    return Words(language, tuple(sorted(merged.items())))


@cache
def english() -> Words:
    """The built-in English words (the default of functions that format without a handout)."""
    report = Report()
    words = load_words("en", report)
    if words is None:  # pragma: no cover - the built-in catalog is tested
        raise HandoutError(report)
    return words


# Catalogs read in this process, by file (absolute path, inode, size and change time): a library build
# reads the same one for every handout. Its words, and the diagnostics reading it gave.
_catalogs: dict[tuple[str, int, int, int], tuple[dict[str, str], tuple[Diagnostic, ...]]] = {}


def _read_catalog(path: Path, report: Report) -> dict[str, str]:
    """The words of one catalog file; reported problems are reported again each time it is read."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    key = (os.path.abspath(path), stat.st_ino, stat.st_size, stat.st_mtime_ns) if stat is not None else None
    cached = _catalogs.get(key) if key is not None else None
    if cached is None:
        own = Report()
        cached = (_parse_catalog(path, own), tuple(own.items))
        if key is not None:
            _catalogs[key] = cached
    report.items.extend(cached[1])
    return dict(cached[0])


def _parse_catalog(path: Path, report: Report) -> dict[str, str]:
    root = yamlfile.load(
        path, report, needs="a word catalog needs the fixed words of its language, one 'key: text' line each"
    )
    table = reads.mapping(root, "a catalog", report) if root is not None else None
    if not isinstance(table, Mapping):
        return {}
    reads.check_keys(table, what="a catalog", allowed=KEYS, report=report)
    found: dict[str, str] = {}
    for key, value in table.items:
        scalar = reads.text(value, f"'{key.value}'", report)
        if scalar is None or key.value not in KEYS:
            continue
        for name in re.findall(r"\{([^{}]*)\}", scalar.value):
            if name not in KEYS[key.value]:
                allowed = ", ".join("{" + n + "}" for n in sorted(KEYS[key.value])) or "none"
                report.error(
                    scalar.locate("{" + name + "}"), f"'{key.value}' cannot use {{{name}}}; allowed: {allowed}"
                )
        found[key.value] = scalar.value.strip()
    return found
