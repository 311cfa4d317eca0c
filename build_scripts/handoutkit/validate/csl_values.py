"""Read the structured values of CSL entries: name lists and dates (several written forms)."""

from __future__ import annotations

import datetime
import re

from ..diagnostics import Position, Report, quoted
from ..load import reads
from ..load.tree import Mapping, Node, Scalar, Sequence
from ..model import Name, PartialDate

NAME_KEYS = frozenset(
    "family given literal non-dropping-particle dropping-particle suffix comma-suffix static-ordering "
    "parse-names".split()
)
DATE_KEYS = frozenset(("date-parts", "literal", "raw", "season", "circa", "year", "month", "day"))
NAME_NEEDS = ("family", "literal")  # a person's family name, or an organisation's name as it prints
DATE_WHOLE = ("literal", "raw", "date-parts")  # a date given whole; else its parts, in this order:
DATE_ORDER = ("year", "month", "day")
DATE_UNREAD = ("season", "circa")  # read (a season or circa beside the date-parts), never printed
_DATE_TEXT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# A season, or an approximate year, before the year (citeproc reads these in 'raw').
_LOOSE_YEAR = re.compile(r"(?:(?:spring|summer|autumn|fall|winter|circa|ca\.?|c\.)\s*)?(\d{4})\??", re.IGNORECASE)
SEASON_MONTHS = frozenset(range(21, 25))  # a "month" of 21-24 is a season (CSL 1.0.2, EDTF): spring to winter


_ASCII_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def single_spaced(text: str) -> str:
    """``text`` with each run of ASCII white space (a YAML line fold) one space, and none at its
    ends; a typed no-break, narrow or thin space stays as it is."""
    return _ASCII_SPACES.sub(" ", text).strip(" ")


def text_field(entry: Mapping, key: str, label: str, report: Report) -> str:
    """A field's text with runs of white space made single, or "" when absent."""
    node = entry.get(key)
    if node is None:
        return ""
    scalar = reads.text(node, f"'{key}' of {label}", report)
    return single_spaced(scalar.value) if scalar else ""


def names(entry: Mapping, key: str, label: str, report: Report) -> tuple[Name, ...]:
    node = entry.get(key)
    if node is None:
        return ()
    items = reads.sequence(node, f"'{key}' of {label}", report)
    names = []
    for item in items.items if items else ():
        person = reads.mapping(item, f"a name in '{key}' of {label}", report)
        if person is None:
            continue
        reads.check_keys(person, what=f"a name in '{key}' of {label}", allowed=NAME_KEYS, report=report)
        given = person.get("given")
        blank = isinstance(given, Scalar) and given.kind == "str" and not given.value.strip()
        # 'given: ""' (as some exports write an organisation's name) is no error: the name is whole.
        part = {k: text_field(person, k, label, report) for k in NAME_KEYS if not (blank and k == "given")}
        part.setdefault("given", "")
        if blank and part["family"] and not part["literal"]:
            part["literal"], part["family"] = part["family"], ""
        name = Name(
            family=part["family"],
            given=part["given"],
            literal=part["literal"],
            particle=" ".join(p for p in (part["dropping-particle"], part["non-dropping-particle"]) if p),
            suffix=part["suffix"],
        )
        if not any(part[key] for key in NAME_NEEDS):
            if any(key in person for key in NAME_NEEDS):
                continue  # given but empty or not text: reported already
            report.error(
                person.position,
                f"a name in '{key}' of {label} needs 'family' (a person) or 'literal' (an organisation)",
            )
            continue
        names.append(name)
    return tuple(names)


def date(entry: Mapping, key: str, label: str, report: Report) -> PartialDate | None:
    """A CSL date written as text, as date-parts, as {year, month, day}, or as a literal to print."""
    node = entry.get(key)
    if node is None:
        return None
    what = f"'{key}' of {label}"
    if isinstance(node, Sequence) and len(node.items) == 1 and isinstance(node.items[0], Mapping):
        node = node.items[0]  # pandoc's older form: a one-item list of {year, month, day}
    if isinstance(node, Scalar):
        return _date_text(node, what, report)
    date_map = reads.mapping(node, what, report)
    if date_map is None:
        return None
    reads.check_keys(date_map, what=what, allowed=DATE_KEYS, report=report)
    for literal_key in ("literal", "raw"):
        if (literal_node := date_map.get(literal_key)) is not None:
            literal = reads.text(literal_node, f"'{literal_key}' of {what}", report)
            if literal is None:
                return None
            parsed = _date_text(literal, what, Report()) if literal_key == "raw" else None
            if parsed is None and literal_key == "raw" and (loose := _LOOSE_YEAR.fullmatch(literal.value.strip())):
                parsed = PartialDate(int(loose.group(1)))  # 'Spring 2020', 'circa 1990', '2005?': the year
            return parsed or PartialDate(literal=single_spaced(literal.value))
    parts_node = date_map.get("date-parts")
    if parts_node is not None:
        return _date_parts_list(parts_node, what, report)
    return _named_parts(date_map, what, report)


def date_end(entry: Mapping, key: str, label: str, report: Report) -> PartialDate | None:
    """The last day of a date that is a range (CSL's second inner list of ``date-parts``, or EDTF's
    ``2004-06-20/2004-06-24`` as text or ``raw``), or None: a meeting's days print as a range."""
    node = entry.get(key)
    if isinstance(node, Sequence) and len(node.items) == 1 and isinstance(node.items[0], Mapping):
        node = node.items[0]
    what = f"the end of '{key}' of {label}"
    if isinstance(node, Mapping):
        parts_node = node.get("date-parts")
        if isinstance(parts_node, Sequence) and len(parts_node.items) > 1:
            last = parts_node.items[1]
            if isinstance(last, Sequence) and last.items and all(isinstance(item, Scalar) for item in last.items):
                parts = [item.value for item in last.items if isinstance(item, Scalar)]
                return _date_parts(parts, last.position, what, report)
            return None
        node = node.get("raw")
    if not isinstance(node, Scalar) or not isinstance(node.value, str) or "/" not in node.value:
        return None
    written = node.value.split("/", 1)[1].strip()
    if written in ("", ".."):  # an open end
        return None
    return _date_text(Scalar(written, "str", node.position), what, report)


def _date_parts_list(node: Node, what: str, report: Report) -> PartialDate | None:
    """CSL's ``date-parts: [[year, month, day]]``; a second inner list is a range's end (``date_end``)."""
    first = node.items[0] if isinstance(node, Sequence) and node.items else None
    if not isinstance(first, Sequence) or not all(isinstance(item, Scalar) for item in first.items):
        report.error(node.position, f"'date-parts' of {what} must be a list inside a list, e.g. [[2020, 5, 3]]")
        return None
    parts = [item.value for item in first.items if isinstance(item, Scalar)]
    return _date_parts(parts, node.position, what, report)


def _named_parts(date_map: Mapping, what: str, report: Report) -> PartialDate | None:
    """pandoc's ``{year: 2020, month: 5}``: a year, then optionally a month, then a day."""
    present = [name for name in DATE_ORDER if name in date_map]
    if present != list(DATE_ORDER[: len(present)]):
        missing = next(name for name in DATE_ORDER if name not in date_map)
        report.error(
            date_map.position, f"{what} has '{present[-1]}' but no '{missing}'; give the year, then month, then day"
        )
        return None
    parts: list[str] = []
    for name in present:
        scalar = reads.text(date_map[name], f"'{name}' of {what}", report)
        if scalar is None:
            return None
        parts.append(scalar.value)
    return _date_parts(parts, date_map.position, what, report)


def _date_text(node: Scalar, what: str, report: Report) -> PartialDate | None:
    """A date written as text, ``2020-05-03``; a range (``2004-06-20/2004-06-24``) by its start."""
    scalar = reads.text(node, what, report)
    if scalar is None:
        return None
    found = _DATE_TEXT.fullmatch(scalar.value.split("/", 1)[0].strip())
    if found is None:
        report.error(node.position, f"{what} {quoted(node.value)} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    return _date_parts([g for g in found.groups() if g], node.position, what, report)


def _date_parts(parts: list[str], where: Position, what: str, report: Report) -> PartialDate | None:
    if not parts:
        report.error(where, f"{what} has no year; write YYYY, YYYY-MM or YYYY-MM-DD, or date-parts: [[2020, 5]]")
        return None
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) >= 2 and numbers[1] in SEASON_MONTHS:  # CSL's seasons: the year is what prints
            return PartialDate(numbers[0])
        if len(numbers) > 3 or (len(numbers) >= 2 and not 1 <= numbers[1] <= 12):
            raise ValueError
        if len(numbers) == 3:
            datetime.date(*numbers)
    except ValueError:
        shown = "-".join(parts)
        report.error(where, f"{what} '{shown}' is not a real date; write YYYY, YYYY-MM or YYYY-MM-DD")
        return None
    year, month, day = (*numbers, None, None)[:3]
    return PartialDate(year, month, day)
