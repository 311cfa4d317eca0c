"""Diagnostics: one type for every problem found, with its place and a message that says the fix."""

from __future__ import annotations

import re
from typing import Literal

from msgspec import Struct, field

Severity = Literal["error", "warning", "note"]  # a note is information: it fails nothing, --strict included
# Anything a terminal or editor starts a new line at, with the space around it.
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def quoted(value: str, limit: int = 60) -> str:
    """A value from a file as a message quotes it: on one line, in quotes, cut short with '...' when long,
    and each invisible or control character shown by its code point (<U+200F>)."""
    flat = " ".join(value.split())
    if len(flat) > limit:
        cut = flat[: limit - 3]
        flat = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "..."  # at a word's end when there is one
    return "'" + printable(flat) + "'"


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: each control, formatting or invisible character (an escape
    sequence's ESC, a right-to-left override) shown by its code point, as ``<U+001B>``."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else f"<U+{ord(char):04X}>" for char in text)


class Position(Struct, frozen=True, order=True):
    """A place in a source file; line and column count from 1."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


class Diagnostic(Struct, frozen=True):
    """One problem: where, how bad, and what to do about it."""

    position: Position
    severity: Severity
    message: str

    def __str__(self) -> str:
        """The line a user sees: on one line, whatever the message quotes, and with nothing a terminal
        would act on (a message may repeat text from a file, or from a manifest written by anyone)."""
        return printable(f"{self.position}: {self.severity}: {_LINE_BREAKS.sub(' ', self.message)}")


class Report(Struct):
    """Collects every diagnostic of one run so that all of them can be shown at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, message: str) -> None:
        self.items.append(Diagnostic(position, "error", message))

    def warning(self, position: Position, message: str) -> None:
        self.items.append(Diagnostic(position, "warning", message))

    def note(self, position: Position, message: str) -> None:
        self.items.append(Diagnostic(position, "note", message))

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)

    @property
    def has_errors(self) -> bool:
        return any(item.severity == "error" for item in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order, so a reader can fix them top to bottom."""
        return sorted(self.items, key=lambda d: (d.position, d.message))


class HandoutError(Exception):
    """Raised when a stage cannot go on; carries the diagnostics that explain why."""

    def __init__(self, report: Report) -> None:
        super().__init__("\n".join(str(d) for d in report.sorted()))
        self.report = report

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic, errors and warnings, in file order (each with its ``position``)."""
        return tuple(self.report.sorted())
