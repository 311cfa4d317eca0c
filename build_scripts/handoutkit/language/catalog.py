"""Word catalogs: the built-in ones, extended by a project's own, read into ``words.Words``.

A catalog is ``catalogs/LANG.yaml`` (LANG: the primary subtag of a BCP 47 tag, such as ``es``, and
for Chinese the script too, ``zh-Hans`` or ``zh-Hant``; see ``words.catalog_tag``).
A project's ``catalogs/`` folder may add a language or change words of a built-in one.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from ..diagnostics import Diagnostic, HandoutError, Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping, Node, Scalar
from .words import EXTRA_KEYS, KEYS, Words, catalog_tag

BUILTIN_DIR = Path(__file__).resolve().parent / "catalogs"
PROJECT_DIR = Path("catalogs")


def supported_languages() -> list[str]:
    """Languages with a catalog, built in or in the project's catalogs/ folder."""
    return sorted({path.stem for folder in (BUILTIN_DIR, PROJECT_DIR) for path in folder.glob("*.yaml")})


def load_words(language: str, report: Report) -> Words | None:
    """The catalog for ``language``: the built-in one with the project's changes over it."""
    tag = catalog_tag(language)
    merged: dict[str, str] = {}
    extra: dict[str, tuple[str, ...]] = {}
    for folder in (BUILTIN_DIR, PROJECT_DIR):
        path = folder / f"{tag}.yaml"
        if path.is_file():
            words, more = _read_catalog(path, report)
            merged.update(words)
            extra.update(more)
    missing = sorted(set(KEYS) - set(merged))
    if missing and not report.has_errors:
        where = Position(str(PROJECT_DIR / f"{tag}.yaml"))
        report.error(where, f"the '{tag}' catalog has no {', '.join(missing)}; add them")
    if report.has_errors:
        return None
    unreviewed = extra.get("unreviewed", ())
    if unreviewed == ("all",):
        unreviewed = tuple(KEYS)
    return Words(language, tuple(sorted(merged.items())), unreviewed, extra.get("months", ()), tag)


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
_Catalog = tuple[dict[str, str], dict[str, tuple[str, ...]]]  # its words, and its EXTRA_KEYS
_catalogs: dict[tuple[str, int, int, int], tuple[_Catalog, tuple[Diagnostic, ...]]] = {}


def _read_catalog(path: Path, report: Report) -> _Catalog:
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
    return dict(cached[0][0]), dict(cached[0][1])


def _parse_catalog(path: Path, report: Report) -> _Catalog:
    root = yamlfile.load(
        path, report, needs="a word catalog needs the fixed words of its language, one 'key: text' line each"
    )
    table = reads.mapping(root, "a catalog", report) if root is not None else None
    if not isinstance(table, Mapping):
        return {}, {}
    reads.check_keys(table, what="a catalog", allowed=(*KEYS, *EXTRA_KEYS), report=report)
    found: dict[str, str] = {}
    extra: dict[str, tuple[str, ...]] = {}
    for key, value in table.items:
        if key.value in EXTRA_KEYS:
            listed = _extra(key.value, value, report)
            if listed is not None:
                extra[key.value] = listed
            continue
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
    return found, extra


def _extra(key: str, node: Node, report: Report) -> tuple[str, ...] | None:
    """``unreviewed``: 'all' or a list of keys; ``months``: twelve month names."""
    if key == "unreviewed" and isinstance(node, Scalar):
        if node.value.strip() != "all":
            report.error(node.position, "'unreviewed' is 'all' or a list of the catalog's keys")
            return None
        return ("all",)
    items = reads.sequence(node, f"'{key}'", report)
    if items is None:
        return None
    texts = [reads.text(item, f"an item of '{key}'", report) for item in items.items]
    values = tuple(text.value.strip() for text in texts if text is not None)
    if len(values) != len(texts):
        return None
    if key == "months" and len(values) != 12:
        report.error(node.position, f"'months' names the twelve months, January first; it has {len(values)}")
        return None
    if key == "unreviewed":
        for item, value in zip(items.items, values, strict=True):
            if value not in KEYS:
                hint = reads.suggest(value, sorted(KEYS))
                report.error(item.position, f"'unreviewed' lists '{value}', which is not a key; {hint}")
                return None
    return values
