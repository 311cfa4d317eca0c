"""Load a YAML file into a positioned tree (tree.Node), refusing what plain content must not hold.

This is the only module that imports YAML. It composes nodes and never constructs Python objects,
so tags such as ``!!python/object`` cannot run code; they are reported instead.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from ..diagnostics import Position, Report
from ..lazyregex import deferred_compiles
from .advice import syntax_advice
from .tree import LINE_BREAK, Mapping, Node, Scalar, ScalarKind, Sequence, line_and_column

# PyYAML's pure-Python reader compiles its non-printable characters at import (see lazyregex).
with deferred_compiles({"yaml.reader": ("[^\x09\x0a\x0d\x20-\x7e",)}):
    import yaml

# The C loader keeps line/column marks and is an order of magnitude faster; both only compose.
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_SCALAR_KINDS: dict[str, ScalarKind] = {
    _TAG + "str": "str",
    _TAG + "int": "int",
    _TAG + "float": "float",
    _TAG + "bool": "bool",
    _TAG + "null": "null",
    _TAG + "timestamp": "timestamp",
}
HANDOUT_NEEDS = "a handout needs at least 'title', 'reviewed' and 'sections'"
MAX_DEPTH = 40
MAX_FILE_BYTES = 2_000_000  # a handout is a few kilobytes; anything near this is a mistake or an attack
MAX_ALIASES = 100  # uses of YAML '*aliases'; each may stand for a whole subtree
MAX_NODES = 50_000  # values in the file once every alias is expanded ("billion laughs" stop here)


def read_text(path: Path, report: Report, *, what: str = "handout", max_bytes: int = MAX_FILE_BYTES) -> str | None:
    """Read a UTF-8 file (a byte order mark is allowed); report why it cannot be read.

    At most MAX_FILE_BYTES + 1 bytes are read from the open file, never trusting its size: a device
    (/dev/zero) or a pipe (``<(cat x.csv)``) has none, and would otherwise be read until memory runs out.
    """
    where = Position(str(path))
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
            info = os.fstat(file.fileno())
            size = info.st_size if stat.S_ISREG(info.st_mode) else None
    except IsADirectoryError:
        report.error(where, "is a folder, not a file; give a .yaml file or a folder of them")
        return None
    except FileNotFoundError:
        report.error(where, "no such file; check the name and the folder")
        return None
    except OSError as exc:
        report.error(where, f"cannot read the file ({exc.strerror or exc}); check its permissions")
        return None
    if len(data) > max_bytes:
        amount = f"{size / 1_000_000:.1f} MB, more than" if size is not None else "more than"
        report.error(
            where,
            f"the file is {amount} the {max_bytes // 1_000_000} MB a {what} may be; split it into several {what}s",
        )
        return None
    return _decode(data, str(path), report)


def _decode(data: bytes, path: str, report: Report) -> str | None:
    """UTF-8 text without its byte order mark; a bad byte is placed by line and character column."""
    body = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode("utf-8")  # all valid: the error is the first bad byte
        report.error(
            _place(path, before),
            f"the file is not UTF-8 text (byte 0x{body[exc.start]:02X} cannot be decoded); "
            "save it as UTF-8 in your editor",
        )
        return None


def _place(path: str, before: str) -> Position:
    """The position just after ``before``, the text that precedes it in the file."""
    lines, column = line_and_column(before)
    return Position(path, lines + 1, column)


def load(path: Path, report: Report, *, needs: str = HANDOUT_NEEDS, what: str = "handout") -> Node | None:
    """Read and compose ``path``; on any problem, report it and return None.

    ``needs`` says what the file must hold, for the message when it is empty; ``what`` names the
    kind of file, for the message when it is too large.
    """
    text = read_text(path, report, what=what)
    if text is None:
        return None
    return parse(text, str(path), report, needs=needs)


def parse(
    text: str, path: str, report: Report, *, needs: str = HANDOUT_NEEDS, max_nodes: int = MAX_NODES
) -> Node | None:
    """Compose YAML text into a positioned tree, reporting syntax errors with their place; ``max_nodes``
    bounds the values once aliases are expanded (a bibliography file holds more than a handout)."""
    text = text.removeprefix("\ufeff")  # a byte order mark is no content, and libyaml's marks do not count it
    composed = _compose(text, path, report, needs)
    if composed is None:
        return None
    return _Converter(text, path, report, max_nodes).convert(composed, 0)


def peek(path: Path, keys: frozenset[str]) -> dict[str, Node] | None:
    """The values of some top-level keys of a handout, each with its position, without the rest of the tree.

    Planning a library build needs only a handout's ``style`` and ``language``; composing the file
    with the C loader is most of the work of ``load``, converting all of it the rest. None when the
    file has any problem ``load`` would report while reading, composing or converting those values:
    call ``load`` then, for every diagnostic. Problems elsewhere in the file are left to ``load``.
    """
    report = Report()
    text = read_text(path, report)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")
    composed = _compose(text, str(path), report, HANDOUT_NEEDS)
    if composed is None or report.has_errors:
        return None
    found: dict[str, Node] = {}
    if isinstance(composed, yaml.MappingNode) and composed.tag == _TAG + "map":
        converter = _Converter(text, str(path), report)
        for key_node, value_node in composed.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in keys and key not in found:
                value = converter.convert(value_node, 1)
                if value is None or report.has_errors:
                    return None
                found[key] = value
    return found


def _compose(text: str, path: str, report: Report, needs: str) -> yaml.Node | None:
    """PyYAML's node graph of ``text`` (with no leading byte order mark); None, reported, when it has none."""
    stray_mark = text.find("\ufeff")
    if stray_mark >= 0:
        report.error(
            _place(path, text[:stray_mark]),
            "the text holds a byte order mark (U+FEFF), an invisible character usually pasted from another file; "
            "delete it",
        )
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        report.error(*_syntax_error(exc, text, path))
        return None
    except yaml.reader.ReaderError as exc:
        # libyaml counts exc.position in UTF-8 bytes; the first such character is the one refused.
        at = text.find(chr(exc.character))
        report.error(
            _place(path, text[: at if at >= 0 else exc.position]),
            f"the file holds the control character U+{exc.character:04X}, which YAML does not allow; delete it",
        )
        return None
    except RecursionError:  # only the pure-Python loader recurses; libyaml stops at its own limit
        report.error(Position(path, 1, 1), f"nesting is deeper than {MAX_DEPTH} levels; flatten it")
        return None
    except yaml.YAMLError as exc:
        report.error(Position(path), f"YAML error: {exc}")
        return None
    if root is None:
        report.error(Position(path, 1, 1), f"the file is empty; {needs}")
        return None
    return root


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> tuple[Position, str]:
    """Where a syntax error is and what to do; at the end of the file, point where the open part began."""
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and mark.index >= len(text.rstrip()) and exc.context_mark is not None:
        mark = exc.context_mark
    if mark is not None and mark.index >= len(text.rstrip()):
        # Just after the last character: libyaml puts the end of a file on a line after its last one.
        where = _place(path, text.rstrip())
    else:
        where = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
    problem = " ".join(part for part in (exc.context, exc.problem) if part)
    lines = LINE_BREAK.split(text)
    marked = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None and m.line < len(lines)]
    return where, f"YAML syntax error: {problem}; {syntax_advice(problem, lines, marked)}"


class _Converter:
    """Turn PyYAML nodes into tree nodes, checking tags, keys and nesting on the way."""

    def __init__(self, text: str, path: str, report: Report, max_nodes: int = MAX_NODES) -> None:
        self.text = text
        self.max_nodes = max_nodes
        self.path = path
        self.report = report
        self.active: set[int] = set()  # nodes being converted, to catch recursive aliases
        self.done: dict[int, tuple[Node | None, int]] = {}  # converted nodes and their expanded sizes
        self.aliases = 0
        self.nodes = 0  # values so far, every alias expanded
        self.stopped = False  # a bound was passed: reported once, and the rest is not converted

    def position(self, node: yaml.Node) -> Position:
        return Position(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def convert(self, node: yaml.Node, depth: int) -> Node | None:
        """The tree node for ``node``; an alias reuses the node it names, counted as expanded."""
        if self.stopped:
            return None
        if id(node) in self.done:
            converted, size = self.done[id(node)]
            self.aliases += 1
            self._count(node, size)
            if self.aliases > MAX_ALIASES:
                self._stop(node, f"more than {MAX_ALIASES} YAML aliases ('*name'); write the content out instead")
            return None if self.stopped else converted
        before = self.nodes
        converted = self._convert(node, depth)
        self._count(node, 1)
        self.done[id(node)] = (converted, self.nodes - before)
        return None if self.stopped else converted

    def _count(self, node: yaml.Node, size: int) -> None:
        self.nodes += size
        if self.nodes > self.max_nodes and not self.stopped:
            message = f"more than {self.max_nodes} values once YAML aliases are expanded; write the content out plainly"
            self._stop(node, message)

    def _stop(self, node: yaml.Node, message: str) -> None:
        if not self.stopped:
            self.stopped = True
            self.report.error(self.position(node), message)

    def _convert(self, node: yaml.Node, depth: int) -> Node | None:
        where = self.position(node)
        if depth > MAX_DEPTH:
            self.report.error(where, f"nesting is deeper than {MAX_DEPTH} levels; flatten it")
            return None
        if id(node) in self.active:
            self.report.error(where, "a YAML alias refers to itself; remove the recursive '*alias'")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self.sequence(node, depth)
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, depth)
        finally:
            self.active.discard(id(node))
        return None  # pragma: no cover - PyYAML has only these three node types

    def scalar(self, node: yaml.ScalarNode) -> Scalar | None:
        kind = _SCALAR_KINDS.get(node.tag)
        if kind is None:
            self.bad_tag(node)
            return None
        source = self.text[node.start_mark.index : node.end_mark.index]
        # NFC: a letter typed as base + combining marks is the one precomposed letter fonts have.
        return Scalar(unicodedata.normalize("NFC", str(node.value)), kind, self.position(node), source)

    def sequence(self, node: yaml.SequenceNode, depth: int) -> Sequence | None:
        if node.tag != _TAG + "seq":
            self.bad_tag(node)
            return None
        items = [self.convert(child, depth + 1) for child in node.value]
        kept = tuple(item for item in items if item is not None)
        return Sequence(kept, self.position(node)) if len(kept) == len(items) else None

    def mapping(self, node: yaml.MappingNode, depth: int) -> Mapping | None:
        if node.tag != _TAG + "map":
            self.bad_tag(node)
            return None
        seen: dict[str, Position] = {}
        items: list[tuple[Scalar, Node]] = []
        ok = True
        for key_node, value_node in node.value:
            key = self.key(key_node)
            value = self.convert(value_node, depth + 1)
            if key is None or value is None:
                ok = False
                continue
            if key.value in seen:
                first = seen[key.value]
                self.report.error(
                    key.position,
                    f"duplicate key '{key.value}' (first given at line {first.line}, "
                    f"column {first.column}); keep only one of them",
                )
                ok = False
                continue
            seen[key.value] = key.position
            items.append((key, value))
        return Mapping(tuple(items), self.position(node)) if ok else None

    def key(self, node: yaml.Node) -> Scalar | None:
        if node.tag == _TAG + "merge":
            self.report.error(self.position(node), "YAML merge keys ('<<') are not supported; write the keys out")
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.report.error(self.position(node), "a key must be plain text, not a list or mapping")
            return None
        return self.scalar(node)

    def bad_tag(self, node: yaml.Node) -> None:
        tag = _short_tag(node.tag)
        # A local tag such as '!Important' is almost always text that happens to start with '!'.
        local = tag.startswith("!") and not tag.startswith("!!")
        hint = "; text that starts with '!' must be put in quotes" if local else ""
        self.report.error(
            self.position(node),
            f"the YAML tag '{tag}' is not allowed; remove it: handouts hold only text, numbers, lists and mappings"
            + hint,
        )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
