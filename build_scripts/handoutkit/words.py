"""The fixed words a handout prints, per language; a clinic extends this catalog for new languages."""

from __future__ import annotations

import datetime

from .dates import long_date

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "references": "References",
        "page_x_of_y": "Page {page} of {pages}",
        "reviewed": "Reviewed: {date}",
        "accessed": "Accessed {date}",
    },
}


def words_for(language: str) -> dict[str, str]:
    """The catalog for a BCP 47 tag, falling back from 'en-US' to 'en', then to English."""
    primary = language.split("-")[0].lower()
    return CATALOG.get(language, CATALOG.get(primary, CATALOG["en"]))


def reviewed_line(language: str, reviewed: datetime.date) -> str:
    return words_for(language)["reviewed"].format(date=long_date(reviewed))
