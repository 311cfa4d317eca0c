"""Format dates for print in a handout's language, from CLDR data (Babel): full, month or year."""

from __future__ import annotations

import datetime
from functools import cache
from typing import TYPE_CHECKING

from .model import PartialDate

if TYPE_CHECKING:
    from babel import Locale


def long_date(value: datetime.date | PartialDate, language: str = "en") -> str:
    """'April 12, 2025', '12 de abril de 2025', 'abril de 2025' or '2025', as the language writes it."""
    from babel.dates import format_date, format_skeleton  # Babel loads only when a date prints

    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if value.literal:
        return value.literal
    if value.year is None:
        return ""
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return format_skeleton("yMMMM", datetime.date(value.year, value.month, 1), locale=_locale(language))
    return format_date(datetime.date(value.year, value.month, value.day), "long", locale=_locale(language))


def has_dates(language: str) -> bool:
    """Whether CLDR knows how to write dates in ``language``."""
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
