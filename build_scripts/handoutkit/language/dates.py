"""Format dates for print in a handout's language, from CLDR data (Babel): full, month or year.

Babel's import and a language's locale data cost about 25 ms a process, more than the rest of a
small handout's dates by far, while a clinic's handouts print the same few dates again and again.
So each answer Babel gives is remembered on disk (see ``Remembered``) and read back by later runs
without importing Babel at all; the file is named after Babel's version, so an upgrade starts anew.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..installed import installed_versions
from ..model import PartialDate
from ..writer import write_atomic

if TYPE_CHECKING:
    from babel import Locale

CACHE_ENV = "HANDOUTKIT_CACHE_DIR"  # where remembered dates go; set it empty to remember nothing


def long_date(value: datetime.date | PartialDate, language: str = "en") -> str:
    """'April 12, 2025', '12 de abril de 2025', 'abril de 2025' or '2025', as the language writes it."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if value.literal:
        return value.literal
    if value.year is None:
        return ""
    if value.month is None:
        return str(value.year)
    year, month, day = value.year, value.month, value.day
    key = f"date {language} {year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
    return str(remembered().get(key, lambda: _format(year, month, day, language)))


def date_range(start: PartialDate, end: PartialDate, language: str = "en") -> str:
    """Two days, a meeting's first and last: in English as AMA writes them ("June 20-24, 2004",
    "June 28-July 2, 2004", "December 30, 2004-January 2, 2005"), else as CLDR writes an interval
    ("20\u201324 de junio de 2004"). Without both days, the first date as ``long_date`` writes it."""
    if start.year is None or start.month is None or start.day is None or start.literal:
        return long_date(start, language)
    if end.year is None or end.month is None or end.day is None or end.literal or end == start:
        return long_date(start, language)
    first = datetime.date(start.year, start.month, start.day)
    last = datetime.date(end.year, end.month, end.day)
    if last < first:
        return long_date(start, language)
    key = f"range {language} {first.isoformat()}/{last.isoformat()}"
    return str(remembered().get(key, lambda: _range(first, last, language)))


def _range(first: datetime.date, last: datetime.date, language: str) -> str:
    if language.split("-")[0].lower() == "en":
        day_of = long_date  # "June 20, 2004": the parts below are cut from it
        if first.year != last.year:
            return f"{day_of(_partial(first), language)}-{day_of(_partial(last), language)}"
        month_day = f"{_MONTHS[first.month - 1]} {first.day}"
        until = str(last.day) if first.month == last.month else f"{_MONTHS[last.month - 1]} {last.day}"
        return f"{month_day}-{until}, {first.year}"
    from babel.dates import format_interval

    return str(format_interval(first, last, "yMMMMd", locale=_locale(language)))


_MONTHS = (
    "January February March April May June July August September October November December"
).split()  # English's, whatever the C library's locale


def _partial(day: datetime.date) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def has_dates(language: str) -> bool:
    """Whether CLDR knows how to write dates in ``language``."""
    return bool(remembered().get(f"known {language}", lambda: _known(language)))


def _format(year: int, month: int, day: int | None, language: str) -> str:
    from babel.dates import format_date, format_skeleton  # Babel loads only when a date is new

    if day is None:
        return str(format_skeleton("yMMMM", datetime.date(year, month, 1), locale=_locale(language)))
    return str(format_date(datetime.date(year, month, day), "long", locale=_locale(language)))


def _known(language: str) -> bool:
    from babel import UnknownLocaleError

    try:
        _locale(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True


@cache
def _locale(language: str) -> Locale:
    from babel import Locale

    return Locale.parse(language, sep="-")


class Remembered:
    """Answers kept in a JSON file, so that later runs need not compute them again.

    Nothing here can fail a build: a missing, unreadable or damaged file is an empty one, and a
    file that cannot be written is not written. Parallel workers may each rewrite the file; an
    answer lost that way is computed again by a later run.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, str | bool] | None = None

    def get(self, key: str, compute: Callable[[], str | bool]) -> str | bool:
        entries = self._load()
        if key not in entries:
            entries[key] = compute()
            self._save()
        return entries[key]

    def _load(self) -> dict[str, str | bool]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, str | bool]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8")) if self.path is not None else {}
        except (OSError, ValueError):
            return {}
        if not isinstance(found, dict):
            return {}
        # Each kind of answer has its type; anything else in the file is damage, and is recomputed.
        return {k: v for k, v in found.items() if isinstance(v, bool if k.startswith("known ") else str)}

    def _save(self) -> None:
        if self.path is None or self._entries is None:
            return
        merged = {**self._read(), **self._entries}  # what other processes wrote meanwhile stays
        text = json.dumps(merged, ensure_ascii=False, indent=0, sort_keys=True)
        with contextlib.suppress(OSError):  # a read-only cache folder: the answers are only not remembered
            write_atomic(self.path, text.encode("utf-8"))


def remembered() -> Remembered:
    """The dates remembered for this Babel version, in the cache folder the environment names."""
    environ = os.environ
    return _remembered(environ.get(CACHE_ENV), environ.get("XDG_CACHE_HOME"), environ.get("HOME"))


@cache
def _remembered(folder: str | None, xdg_cache: str | None, home: str | None) -> Remembered:
    """One per setting of the environment (and so per cache file): a handout's dates ask ~20 times."""
    return Remembered(_cache_file(folder, xdg_cache, home))


def cache_folder(folder: str | None, xdg_cache: str | None, home: str | None) -> Path | None:
    """``$HANDOUTKIT_CACHE_DIR`` (empty: none), else ``$XDG_CACHE_HOME/handoutkit``, else ``~/.cache/handoutkit``
    (the arguments are those three variables); None when there is none."""
    if folder is None:
        try:
            folder = str(Path(xdg_cache or (Path(home) if home else Path.home()) / ".cache") / "handoutkit")
        except RuntimeError:  # no home folder
            return None
    return Path(folder) if folder else None


def _cache_file(folder: str | None, xdg_cache: str | None, home: str | None) -> Path | None:
    root = cache_folder(folder, xdg_cache, home)
    version = installed_versions().get("babel")
    if root is None or version is None:  # with Babel's version unknown, an upgrade could not be told
        return None
    return root / f"dates-babel-{version}.json"
