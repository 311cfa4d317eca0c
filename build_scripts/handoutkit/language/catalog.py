"""Word catalogs: the built-in ones, extended by a project's own, read into ``words.Words``.

A catalog is ``catalogs/LANG.yaml`` (LANG: the primary subtag of a BCP 47 tag, such as ``es``).
A project's ``catalogs/`` folder may add a language or change words of a built-in one.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from ..diagnostics import Diagnostic, HandoutError, Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping
from .words import KEYS, Words, primary

BUILTIN_DIR = Path(__file__).resolve().parent / "catalogs"
PROJECT_DIR = Path("catalogs")


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
