"""Read JSON text into a positioned tree (tree.Node), as the YAML loader does for YAML.

CSL-JSON files come from reference managers (Zotero, Better BibTeX, citeproc tools), not from
people, and they use all of JSON: tab indentation, ``\\/`` escapes, characters beyond the Basic
Multilingual Plane written as surrogate pairs (``\\ud83d\\ude00``, which YAML refuses), a whole
library on one line. So JSON is read by JSON's own rules here, with each value's line and column
(columns count characters, from 1), and an error names the place and what was expected there.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Callable

from ..diagnostics import Position, Report
from .tree import Mapping, Node, Scalar, ScalarKind, Sequence

MAX_DEPTH = 40
_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WORDS: dict[str, ScalarKind] = {"true": "bool", "false": "bool", "null": "null"}
# Characters a decoded string may not hold (written as \u escapes): controls other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class JsonError(Exception):
    """Where JSON text is broken (an index into it) and what was expected there."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def parse(text: str, path: str, report: Report) -> Node | None:
    """Read JSON ``text`` into a positioned tree; None, with the error at its place, when it is broken."""
    text = text.removeprefix("\ufeff")
    reader = _Reader(text, path)
    try:
        at = reader.space(0)
        if at >= len(text):
            report.error(Position(path, 1, 1), "the file is empty; a CSL-JSON file holds a list of entries: [ {...} ]")
            return None
        node, at = reader.value(at, 0)
        at = reader.space(at)
        if at < len(text):
            raise JsonError(at, f"unexpected {_found(text, at)} after the end of the JSON value; remove it")
    except JsonError as exc:
        report.error(reader.position(exc.index), f"JSON syntax error: {exc.message}")
        return None
    return node


def _found(text: str, at: int) -> str:
    if at >= len(text):
        return "end of the file"
    return f"'{text[at]}'" if text[at].isprintable() else f"character U+{ord(text[at]):04X}"


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        # Where each line starts: JSON ends lines with LF (CR LF and CR count as one break too).
        self.starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index) - 1
        return Position(self.path, line + 1, index - self.starts[line] + 1)

    def space(self, at: int) -> int:
        found = _SPACE.match(self.text, at)
        return found.end() if found else at

    def value(self, at: int, depth: int) -> tuple[Node, int]:
        if depth > MAX_DEPTH:
            raise JsonError(at, f"nesting is deeper than {MAX_DEPTH} levels; flatten it")
        char = self.text[at] if at < len(self.text) else ""
        if char == "{":
            return self.mapping(at, depth)
        if char == "[":
            return self.sequence(at, depth)
        if char == '"':
            value, end = self.string(at)
            return Scalar(value, "str", self.position(at), self.text[at:end]), end
        for word, kind in _WORDS.items():
            if self.text.startswith(word, at):
                return Scalar(word, kind, self.position(at), word), at + len(word)
        number = _NUMBER.match(self.text, at)
        if number and number.end() > at:
            number_kind: ScalarKind = "float" if number.group(1) or number.group(2) else "int"
            return Scalar(number.group(0), number_kind, self.position(at), number.group(0)), number.end()
        hint = "; put text in double quotes" if char.isalpha() or char == "'" else ""
        found = _found(self.text, at)
        expected = "a value (text in double quotes, a number, a list or a mapping)"
        raise JsonError(at, f"expected {expected}, found {found}{hint}")

    def string(self, at: int) -> tuple[str, int]:
        try:
            value, end = _scanstring(self.text, at + 1, True)
        except json.JSONDecodeError as exc:
            raise JsonError(exc.pos, _string_problem(exc.msg)) from None
        control = _CONTROL.search(value)
        if control:
            raise JsonError(at, f"the text holds the control character U+{ord(control.group()):04X}; remove its escape")
        if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
            raise JsonError(at, "the text holds half of a surrogate pair (\\ud800 to \\udfff), which is no character")
        # NFC: a letter typed as base + combining marks is the one precomposed letter fonts have.
        return unicodedata.normalize("NFC", value), end

    def mapping(self, at: int, depth: int) -> tuple[Mapping, int]:
        start = at
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, Position] = {}
        at = self.space(at + 1)
        if self.text.startswith("}", at):
            return Mapping((), self.position(start)), at + 1
        while True:
            if not self.text.startswith('"', at):
                raise JsonError(at, f"expected a key in double quotes, found {_found(self.text, at)}")
            name, end = self.string(at)
            key = Scalar(name, "str", self.position(at), self.text[at:end])
            at = self.space(end)
            if not self.text.startswith(":", at):
                raise JsonError(at, f"expected ':' after the key \"{name}\", found {_found(self.text, at)}")
            value, at = self.value(self.space(at + 1), depth + 1)
            if name in seen:
                first = seen[name]
                raise JsonError(
                    _key_index(self, key),
                    f'duplicate key "{name}" (first given at line {first.line}, column {first.column}); '
                    "keep only one of them",
                )
            seen[name] = key.position
            items.append((key, value))
            at = self.space(at)
            if self.text.startswith(",", at):
                at = self._after_comma(at, "}")
                continue
            if self.text.startswith("}", at):
                return Mapping(tuple(items), self.position(start)), at + 1
            raise JsonError(at, f"expected ',' or '}}' after a value of the mapping, found {_found(self.text, at)}")

    def sequence(self, at: int, depth: int) -> tuple[Sequence, int]:
        start = at
        items: list[Node] = []
        at = self.space(at + 1)
        if self.text.startswith("]", at):
            return Sequence((), self.position(start)), at + 1
        while True:
            value, at = self.value(at, depth + 1)
            items.append(value)
            at = self.space(at)
            if self.text.startswith(",", at):
                at = self._after_comma(at, "]")
                continue
            if self.text.startswith("]", at):
                return Sequence(tuple(items), self.position(start)), at + 1
            raise JsonError(at, f"expected ',' or ']' after an item of the list, found {_found(self.text, at)}")

    def _after_comma(self, comma: int, closing: str) -> int:
        """Where the next item starts after the comma at ``comma``; a comma before the closing
        bracket (which JavaScript allows and JSON does not) is an error at the comma."""
        at = self.space(comma + 1)
        if self.text.startswith(closing, at):
            raise JsonError(comma, f"a comma before '{closing}': JSON allows none after the last item; remove it")
        return at


def _key_index(reader: _Reader, key: Scalar) -> int:
    """The index in the text of a key's opening quote."""
    return reader.starts[key.position.line - 1] + key.position.column - 1


def _string_problem(message: str) -> str:
    """JSON's own words for a broken string, with the fix."""
    if message.startswith("Unterminated"):
        return "text in double quotes is not closed; add the closing '\"'"
    if message.startswith("Invalid control"):
        return "a tab or line break inside text in double quotes must be written \\t or \\n"
    if "escape" in message.lower():
        return f"{message.lower()}; write a backslash as \\\\"
    return message.lower()
