"""The fixed words a handout prints in its language: the keys every catalog gives, and ``Words``.

The catalogs themselves (``catalogs/LANG.yaml``, and a project's own ``catalogs/``) are read by
``catalog``, so that what only uses the words (the renderer) never imports the YAML loader.
"""

from __future__ import annotations

import datetime

from msgspec import Struct

from ..model import PartialDate
from .dates import date_range, long_date

# Every fixed word, with the placeholders its template may use.
KEYS: dict[str, frozenset[str]] = {
    "references": frozenset(),
    "page_x_of_y": frozenset({"page", "pages"}),
    "reviewed": frozenset({"date"}),
    "accessed": frozenset({"date"}),
    "published_online": frozenset({"date"}),  # an article with no volume, issue or pages yet
    "in": frozenset(),
    "editor": frozenset(),
    "editors": frozenset(),
    "edition": frozenset({"n", "nth"}),
    "edition_named": frozenset({"edition"}),  # an edition that is no number, as the entry gives it
    "volume": frozenset({"number"}),  # a book's volume
    "series_number": frozenset({"series", "number"}),  # a report's bare number after its series
    "presented_at": frozenset(),  # a paper given at a meeting, not published
    "version": frozenset({"number"}),  # a data set's or software's version
    "dissertation": frozenset(),  # a doctoral thesis's degree
    "masters_thesis": frozenset(),  # a master's thesis's degree
    "et_al": frozenset(),
    "note_info": frozenset(),
    "note_warning": frozenset(),
    "citation_link": frozenset({"number"}),  # what a screen reader says for a citation number's link
    "qr_code": frozenset({"url"}),  # a QR code's alternative text
    "table_cell": frozenset({"column", "row"}),  # the tooltip of a log table's empty cell
}


# A catalog's keys that are not words: which of its words await a translator's review ('all', or
# a list of keys), and month names for a language whose dates CLDR cannot write.
EXTRA_KEYS = ("unreviewed", "months")


class Words(Struct, frozen=True):
    """One language's fixed words and its way of writing dates."""

    language: str  # the handout's BCP 47 tag; dates follow it (en-GB writes 12 April 2025)
    entries: tuple[tuple[str, str], ...]
    unreviewed: tuple[str, ...] = ()  # keys whose words await review by a qualified medical translator
    months: tuple[str, ...] = ()  # January to December, when the catalog gives them (CLDR lacks them)
    catalog: str = ""  # the catalog's tag: 'zh-Hant' for zh-TW

    def text(self, key: str, **values: object) -> str:
        return self.template(key).format(**values)

    def template(self, key: str) -> str:
        """The word or template as the catalog gives it, placeholders unfilled."""
        return dict(self.entries)[key]

    def date(self, value: datetime.date | PartialDate) -> str:
        if self.months:
            return catalog_date(value, self.months)
        return long_date(value, self.language)

    def date_range(self, start: PartialDate, end: PartialDate | None) -> str:
        """A meeting's days, first to last ("June 20-24, 2004"); the first alone without a last."""
        if end is None:
            return self.date(start)
        if self.months:
            first, last = catalog_date(start, self.months), catalog_date(end, self.months)
            return first if last in ("", first) else f"{first}\u2013{last}"
        return date_range(start, end, self.language)

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


# Chinese is written in two scripts, each with its own catalog: a region implies one.
_TRADITIONAL_REGIONS = frozenset({"tw", "hk", "mo"})


def catalog_tag(language: str) -> str:
    """The catalog a language tag takes its words from: its primary subtag ('es' for 'es-MX'), and for
    Chinese its script ('zh-Hant' for 'zh-Hant-TW' and 'zh-TW', 'zh-Hans' for 'zh', 'zh-CN' and 'zh-SG')."""
    first = primary(language)
    if first != "zh":
        return first
    subtags = [subtag.lower() for subtag in language.split("-")[1:]]
    if "hant" in subtags or ("hans" not in subtags and _TRADITIONAL_REGIONS.intersection(subtags)):
        return "zh-Hant"
    return "zh-Hans"


def catalog_date(value: datetime.date | PartialDate, months: tuple[str, ...]) -> str:
    """'12 avril 2025', 'avril 2025' or '2025', from a catalog's month names (day, month, year)."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if value.literal or value.year is None:
        return value.literal
    if value.month is None:
        return str(value.year)
    month = f"{months[value.month - 1]} {value.year}"
    return f"{value.day} {month}" if value.day is not None else month
