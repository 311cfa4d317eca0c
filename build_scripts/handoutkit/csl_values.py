"""Read the structured values of CSL entries: name lists and dates (several written forms)."""

from __future__ import annotations

import datetime
import re

from . import schema
from .diagnostics import Position, Report
from .model import Name, PartialDate
from .tree import Mapping, Scalar, Sequence

_NAME_KEYS = frozenset(
    "family given literal non-dropping-particle dropping-particle suffix comma-suffix static-ordering "
    "parse-names".split()
)
_DATE_KEYS = frozenset(("date-parts", "literal", "raw", "season", "circa", "year", "month", "day"))
_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def text_field(entry: Mapping, key: str, label: str, report: Report) -> str:
    """A field's text with runs of white space made single, or "" when absent."""
    node = entry.get(key)
    if node is None:
        return ""
    scalar = schema.text(node, f"'{key}' of {label}", report)
    return " ".join(scalar.value.split()) if scalar else ""


def names(entry: Mapping, key: str, label: str, report: Report) -> tuple[Name, ...]:
    node = entry.get(key)
    if node is None:
        return ()
    items = schema.sequence(node, f"'{key}' of {label}", report)
    names = []
    for item in items.items if items else ():
        person = schema.mapping(item, f"a name in '{key}' of {label}", report)
        if person is None:
            continue
        schema.check_keys(person, what=f"a name in '{key}' of {label}", allowed=_NAME_KEYS, report=report)
        part = {k: text_field(person, k, label, report) for k in _NAME_KEYS}
        name = Name(
            family=part["family"],
            given=part["given"],
            literal=part["literal"],
            particle=" ".join(p for p in (part["dropping-particle"], part["non-dropping-particle"]) if p),
            suffix=part["suffix"],
        )
        if not (name.family or name.literal):
            report.error(
                person.position,
                f"a name in '{key}' of {label} needs 'family' (a person) or 'literal' (an organisation)",
            )
            continue
        names.append(name)
    return tuple(names)


def date(entry: Mapping, key: str, label: str, report: Report) -> PartialDate | None:
    node = entry.get(key)
    if node is None:
        return None
    what = f"'{key}' of {label}"
    if isinstance(node, Sequence) and len(node.items) == 1 and isinstance(node.items[0], Mapping):
        node = node.items[0]  # pandoc's older form: a one-item list of {year, month, day}
    if isinstance(node, Scalar):
        return _date_text(node, what, report)
    date_map = schema.mapping(node, what, report)
    if date_map is None:
        return None
    schema.check_keys(date_map, what=what, allowed=_DATE_KEYS, report=report)
    for literal_key in ("literal", "raw"):
        if (literal := date_map.get(literal_key)) is not None and isinstance(literal, Scalar):
            parsed = _date_text(literal, what, Report()) if literal_key == "raw" else None
            return parsed or PartialDate(literal=literal.value)
    parts_node = date_map.get("date-parts")
    if parts_node is not None:
        outer = schema.sequence(parts_node, f"'date-parts' of {what}", report)
        first = outer.items[0] if outer and outer.items else None
        inner = schema.sequence(first, f"'date-parts' of {what}", report) if first else None
        parts = [item.value for item in inner.items if isinstance(item, Scalar)] if inner else []
        return _date_parts(parts, parts_node.position, what, report)
    named = [date_map.get(k) for k in ("year", "month", "day")]
    kept = [v.value for v in named if isinstance(v, Scalar)]
    return _date_parts(kept, date_map.position, what, report)


def _date_text(node: Scalar, what: str, report: Report) -> PartialDate | None:
    found = _DATE_TEXT.fullmatch(node.value.strip())
    if found is None:
        report.error(node.position, f"{what} '{node.value}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    return _date_parts([g for g in found.groups() if g], node.position, what, report)


def _date_parts(parts: list[str], where: Position, what: str, report: Report) -> PartialDate | None:
    try:
        numbers = [int(part) for part in parts[:3]]
        if not numbers:
            raise ValueError
        if len(numbers) >= 2 and not 1 <= numbers[1] <= 12:
            raise ValueError
        if len(numbers) == 3:
            datetime.date(*numbers)
    except ValueError:
        shown = "-".join(parts)
        report.error(where, f"{what} '{shown}' is not a real date; write YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    year, month, day = (*numbers, None, None)[:3]
    return PartialDate(year, month, day)
