"""Positioned source trees: what the loader produces and validation reads, free of any YAML type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal, TypeAlias

from msgspec import Struct

from ..diagnostics import Position

# What a plain YAML scalar resolved to; quoted scalars are always "str".
ScalarKind = Literal["str", "int", "float", "bool", "null", "timestamp"]
# What ends a line for YAML (and so for the loader's line numbers): CR LF, LF, CR, NEL, LS and PS.
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def line_and_column(before: str) -> tuple[int, int]:
    """How many line breaks ``before`` holds, and the column (from 1) of the character after it."""
    breaks = list(LINE_BREAK.finditer(before))
    return len(breaks), len(before) - (breaks[-1].end() if breaks else 0) + 1


class Scalar(Struct, frozen=True):
    """A scalar value as written, with where it starts and the source text it spans."""

    value: str
    kind: ScalarKind
    position: Position
    source: str = ""  # the raw text of the scalar in the file, quotes and folds included

    def locate(self, needle: str, occurrence: int = 0) -> Position:
        """Position of the ``occurrence``-th ``needle`` in the raw source, else of the scalar."""
        start = -1
        for _ in range(occurrence + 1):
            start = self.source.find(needle, start + 1)
            if start < 0:
                return self.position
        lines, column = line_and_column(self.source[:start])
        if lines == 0:
            return Position(self.position.path, self.position.line, self.position.column + start)
        return Position(self.position.path, self.position.line + lines, column)


class Mapping(Struct, frozen=True):
    """A mapping whose keys are scalars, in file order, duplicates already refused."""

    items: tuple[tuple[Scalar, Node], ...]
    position: Position

    def __iter__(self) -> Iterator[str]:
        return (key.value for key, _ in self.items)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> Node:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def keys(self) -> list[str]:
        return [key.value for key, _ in self.items]

    def get(self, key: str) -> Node | None:
        for k, value in self.items:
            if k.value == key:
                return value
        return None

    def key_node(self, key: str) -> Scalar | None:
        for k, _ in self.items:
            if k.value == key:
                return k
        return None


class Sequence(Struct, frozen=True):
    """A list of nodes."""

    items: tuple[Node, ...]
    position: Position


Node: TypeAlias = Scalar | Mapping | Sequence


def describe(node: Node) -> str:
    """Name a node's type the way a handout author would say it (in a JSON file, as JSON writes it)."""
    json = node.position.path.lower().endswith(".json")
    if isinstance(node, Mapping):
        return "a mapping ({...})" if json else "a mapping (key: value pairs)"
    if json and isinstance(node, Scalar) and node.kind == "null":
        return "null"
    if isinstance(node, Sequence):
        return "a list"
    return {
        "str": "text",
        "int": "a whole number",
        "float": "a number",
        "bool": "true/false",
        "null": "nothing (an empty value)",
        "timestamp": "a date",
    }[node.kind]
