"""A reference's ``language`` as the BCP 47 tag that the PDF's /Lang and the HTML's ``lang`` need.

Reference managers store what their users typed: ``en``, ``en_US``, ``eng`` (MARC and PubMed's
ISO 639-2 codes), ``English``, ``Français``, or ``English; French``. A tag, an ISO 639-2 code or a
language's name (in English, or in its own words for the languages handoutkit prints) becomes the
tag (``en-US``, ``en``, ``fr``); anything else is left out with a warning, since a screen reader
told a wrong language reads the entry with the wrong voice. The names and codes are CLDR's, as
Babel holds them.
"""

from __future__ import annotations

import functools
import re

from ..diagnostics import Report, quoted
from ..language.catalog import supported_languages
from ..load.tree import Mapping
from .csl_values import text_field

KEY = "language"
_NO_LANGUAGE = frozenset(("und", "mul", "mis", "zxx"))  # undetermined, several, uncoded, no linguistic content
# Codes kept though CLDR aliases them: Tagalog is tl, as handoutkit's catalog is (CLDR says fil).
_KEPT = {"tl": "tl", "tgl": "tl"}
_RETIRED = frozenset("bh in iw ji jw mo sh tw".split())  # ISO 639-1 codes withdrawn, which CLDR aliases
_PRIVATE = re.compile(r"(?i)-?x(?:-[a-z0-9]{1,8})+")  # a private-use part: -x-twain


def language(entry: Mapping, label: str, report: Report) -> str:
    """The entry's ``language`` as a BCP 47 tag, or "" (with a warning when it names none)."""
    written = text_field(entry, KEY, label, report)
    if not written:
        return ""
    tag = language_tag(written)
    if tag is None:
        node = entry.get(KEY)
        assert node is not None
        report.warning(
            node.position,
            f"'{KEY}' {quoted(written)} of {label} is no language that handoutkit can tell, so it is left out; "
            "write one language tag such as en or es (for a work in two languages, the one its title is in)",
        )
        return ""
    return tag


def language_tag(written: str) -> str | None:
    """``written`` as a BCP 47 tag (``en_us`` is ``en-US``, ``eng`` and ``English`` are ``en``): a
    well-formed tag as it is (its ISO 639-2 or retired code as CLDR's), a language's English name
    or, for the languages handoutkit prints, its own name; else None."""
    from .shapes import BCP47  # shapes imports csl, which imports this module

    text = written.strip().replace("_", "-")
    public, private = re.split(r"(?i)(?=-x-)|^(?=x-)", text, maxsplit=1) if "x-" in text.lower() else (text, "")
    if BCP47.fullmatch(public) and (not private or _PRIVATE.fullmatch(private)):
        primary, *rest = public.split("-")
        if primary.lower() in _NO_LANGUAGE:
            return None
        code = primary.lower()
        # A two-letter code is ISO 639-1's, which needs no alias but for the few it retired: the
        # common tag (en, es) is read without loading CLDR's table.
        alias = _aliases().get(code, code) if len(code) == 3 or code in _RETIRED else code
        # An alias may bring a region ('prs' is fa-AF): one the tag gives itself wins.
        parts = alias.split("-")[:1] if rest else alias.split("-")
        return "-".join([*parts[:1], *map(_subtag, parts[1:]), *map(_subtag, rest)]) + private.lower()
    return _names_in_english().get(text.casefold()) or _own_names().get(text.casefold())


def _subtag(subtag: str) -> str:
    """A subtag in its usual case: Hant, US, 419, variants in lower case."""
    if len(subtag) == 4 and subtag.isalpha():
        return subtag.title()
    return subtag.upper() if len(subtag) == 2 else subtag.lower()


@functools.cache
def _aliases() -> dict[str, str]:
    """ISO 639-2 codes and retired ones, and the code CLDR uses for each (``eng``: ``en``)."""
    from babel.core import get_global  # Babel only for a reference that gives its language (~40 ms)

    aliases: dict[str, str] = dict(get_global("language_aliases"))
    found = {code: alias.replace("_", "-") for code, alias in aliases.items() if "_" not in code}
    return {**found, **_KEPT}


@functools.cache
def _names_in_english() -> dict[str, str]:
    """Each language CLDR names in English, by its name folded: ``english`` -> ``en``."""
    from babel.core import Locale

    names: dict[str, str] = dict(Locale("en").languages)
    return {name.casefold(): code.replace("_", "-") for code, name in sorted(names.items())}


@functools.cache
def _own_names() -> dict[str, str]:
    """The languages handoutkit prints, by their own names: ``español`` -> ``es``."""
    from babel.core import Locale

    found = {}
    for tag in supported_languages():
        primary = tag.split("-")[0]
        name = Locale.parse(primary).languages.get(primary)
        if name:
            found[name.casefold()] = primary
    return found
