"""Typed reads of a positioned tree: each check reports what was expected, what was found, the fix."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Collection

from ..diagnostics import Report, quoted
from .tree import Mapping, Node, Scalar, Sequence, describe

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Quotation marks YAML reads as part of a plain word: curly ones, guillemets, and quotes doubled up.
_QUOTES = "\"'\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb "
QUOTED_KEY = " (YAML keeps curly quotes as part of the key: write the key without them)"


def closest(word: str, choices: Collection[str]) -> str | None:
    """The allowed word ``word`` is most likely a misspelling of, if any is close (case and quotes aside)."""
    folded = {choice.lower(): choice for choice in sorted(choices)}
    bare = word.strip(_QUOTES).lower()
    if bare in folded:  # 'url' for 'URL', or a key typed in curly quotes
        return folded[bare]
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Collection[str]) -> str:
    """A 'did you mean' hint, or the list of allowed words when nothing is close."""
    close = closest(word, choices)
    if close:
        return f"did you mean '{close}'?" + (QUOTED_KEY if has_quotes(word) else "")
    return "allowed: " + ", ".join(sorted(choices))


def has_quotes(word: str) -> bool:
    """Whether ``word`` carries quotation marks that YAML keeps as text, such as a word processor's curly ones."""
    return word != word.strip(_QUOTES)


def check_keys(
    mapping: Mapping,
    *,
    what: str,
    allowed: Collection[str],
    required: Collection[str] = (),
    report: Report,
) -> bool:
    """Report unknown and missing keys of ``mapping``; True when there were none.

    A missing key that an unknown one is a likely misspelling of is reported once, as the misspelling.
    """
    ok = True
    misspelt = set()
    for key, _ in mapping.items:
        if key.value not in allowed:
            report.error(key.position, f"unknown key '{key.value}' in {what}; {suggest(key.value, allowed)}")
            misspelt.add(closest(key.value, allowed))
            ok = False
    for name in required:
        if mapping.get(name) is None:
            ok = False
            if name not in misspelt:
                report.error(mapping.position, f"{what} has no '{name}'; add '{name}: ...'")
    return ok


def mapping(node: Node, what: str, report: Report) -> Mapping | None:
    if isinstance(node, Mapping):
        return node
    report.error(node.position, f"{what} must be a mapping (key: value lines), found {describe(node)}")
    return None


def sequence(node: Node, what: str, report: Report, *, allow_empty: bool = True) -> Sequence | None:
    if not isinstance(node, Sequence):
        written = "[ ... ]" if node.position.path.lower().endswith(".json") else "'- ' items"
        report.error(node.position, f"{what} must be a list ({written}), found {describe(node)}")
        return None
    if not node.items and not allow_empty:
        report.error(node.position, f"{what} is empty; give at least one item")
        return None
    return node


def text(node: Node, what: str, report: Report) -> Scalar | None:
    """A non-empty scalar read as text (a number or a date-like value keeps its spelling)."""
    if not isinstance(node, Scalar):
        report.error(node.position, f"{what} must be text, found {describe(node)}")
        return None
    if node.kind == "null" or not node.value.strip():
        report.error(node.position, f"{what} is empty; write its text or remove the key")
        return None
    return node


def choice(node: Node, what: str, choices: Collection[str], report: Report) -> str | None:
    scalar = text(node, what, report)
    if scalar is None:
        return None
    if scalar.value not in choices:
        report.error(scalar.position, f"{what} is {quoted(scalar.value)}; {suggest(scalar.value, choices)}")
        return None
    return scalar.value


def date(node: Node, what: str, report: Report) -> datetime.date | None:
    """A full date written YYYY-MM-DD that exists on the calendar."""
    scalar = text(node, what, report)
    if scalar is None:
        return None
    found = _ISO_DATE.fullmatch(scalar.value.strip())
    if found is None:
        report.error(
            scalar.position, f"{what} {quoted(scalar.value)} is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"
        )
        return None
    try:
        return datetime.date(*(int(part) for part in found.groups()))
    except ValueError:
        report.error(
            scalar.position,
            f"{what} {quoted(scalar.value)} is not a real date (month 01-12, day within the month); "
            "write it as YYYY-MM-DD, e.g. 2025-04-12",
        )
        return None
