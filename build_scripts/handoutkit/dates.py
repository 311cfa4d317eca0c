"""Format dates for print: full and partial dates to 'April 12, 2025', 'April 2025' or '2025'."""

from __future__ import annotations

import datetime

from .model import PartialDate

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(value: datetime.date | PartialDate) -> str:
    """Return the date as a reader would write it in running text."""
    if isinstance(value, datetime.date):
        value = PartialDate(value.year, value.month, value.day)
    if value.literal:
        return value.literal
    if value.year is None:
        return ""
    if value.month is None:
        return str(value.year)
    month = _MONTHS[value.month - 1]
    if value.day is None:
        return f"{month} {value.year}"
    return f"{month} {value.day}, {value.year}"
