"""Bibliography files: where the files a handout names are, and their entries, read once per process.

A handout names them with ``bibliography:`` (one file name or a list of them). A relative name is
looked up beside the handout first, then in the project's ``references/`` folder: the
``references/`` folder of the nearest folder, from the handout's own folder upward, that has one.
Three formats, by the file's ending: ``.json`` CSL-JSON (a list of entries, as Zotero and Better
BibTeX export it, read by ``jsonfile``), ``.yaml``/``.yml`` CSL YAML (a list of entries, or
``references:`` with one, as pandoc writes it), and ``.bib`` BibTeX (``bibtex``). Every entry is
a positioned tree shaped as CSL-JSON, placed in its file, so that validation reads all three alike
and each problem is at the file's line and column.

A file is read once per process while it is unchanged (its size, modification and change times and
inode; a file changed within the clock's granularity of being read is compared by its text), so a
library build reads a shared export once however many handouts cite it, and ``watch`` re-reads it
when it is saved. Each entry has a digest of its content (not of its place in the file), with which
a library build fingerprints only the entries each handout cites.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Diagnostic, Position, Report, quoted
from . import jsonfile, yamlfile
from .tree import Mapping, Node, Scalar, Sequence, describe

KEY = "bibliography"
FOLDER = "references"  # the project's folder of bibliography files
SUFFIXES = {".json": "CSL-JSON", ".yaml": "CSL YAML", ".yml": "CSL YAML", ".bib": "BibTeX"}
MAX_BYTES = 20_000_000  # a Zotero export of a few thousand entries, abstracts included
MAX_NODES = 2_000_000  # values in a CSL YAML file (the YAML loader's bound for a handout is far lower)
_RACY_NS = 2_000_000_000  # a file modified this close to being read may change again unseen by its times
YAML_NEEDS = "a bibliography file holds a list of CSL entries, or 'references:' with such a list"


class Item(Struct, frozen=True):
    """One entry of a bibliography file: its id, its CSL tree and where it starts, and its digest.

    ``node`` is None for a BibTeX entry that cannot be read; ``problem`` says why, or what in a read
    entry BibTeX's rules cannot read (a name, a month), and makes the entry an error when a handout
    cites it.
    """

    id: str
    node: Mapping | None
    position: Position
    digest: str
    problem: str = ""
    problem_at: Position | None = None


class Bibliography(Struct, frozen=True):
    """A bibliography file read: its entries by id, and the errors that make the whole file unusable."""

    path: str  # as diagnostics name it
    items: tuple[Item, ...]
    diagnostics: tuple[Diagnostic, ...]  # errors of the file as a whole (its syntax, its shape)
    index: dict[str, tuple[Item, ...]]  # id -> the entries with that id, in file order

    def get(self, ref_id: str) -> tuple[Item, ...]:
        return self.index.get(ref_id, ())


class _Cached(Struct, frozen=True):
    stamp: tuple[int, ...]
    text_digest: str
    racy: bool
    bibliography: Bibliography


_CACHE: dict[str, _Cached] = {}


def shown(path: Path) -> str:
    """How diagnostics name a bibliography file: from the current folder when it is inside it, else
    in full, so a file is named (and read) the same way whichever handout names it."""
    full = os.path.abspath(path)
    try:
        relative = os.path.relpath(full)
    except ValueError:  # another drive (Windows)
        return full
    return full if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def project_folder(handout: Path) -> Path | None:
    """The ``references/`` folder of the nearest folder, from the handout's own upward, that has one."""
    start = Path(os.path.abspath(handout)).parent
    for folder in (start, *start.parents):
        candidate = folder / FOLDER
        if candidate.is_dir():
            return candidate
    return None


def candidates(name: str, handout: Path) -> tuple[Path, ...]:
    """Where a bibliography file named ``name`` by ``handout`` may be, in the order they are tried."""
    written = Path(name)
    if written.is_absolute():
        return (written,)
    beside = handout.parent / written
    folder = project_folder(handout)
    return (beside,) if folder is None or folder / written == beside else (beside, folder / written)


def locate(name: str, handout: Path) -> Path | None:
    """The bibliography file ``name`` stands for (see ``candidates``), or None when there is none."""
    for candidate in candidates(name, handout):
        try:
            if candidate.is_file():
                return candidate
        except (OSError, ValueError):  # a name too long, or with a NUL byte
            return None
    return None


def names(node: Node, report: Report) -> list[Scalar]:
    """The file names of a ``bibliography:`` value: one text, or a list of them."""
    items = node.items if isinstance(node, Sequence) else (node,)
    if isinstance(node, Sequence) and not items:
        report.error(node.position, f"'{KEY}' is empty; name a file, or remove the key")
    found = []
    for item in items:
        if not isinstance(item, Scalar) or item.kind not in ("str", "int", "float"):
            report.error(
                item.position,
                f"'{KEY}' must be a file name or a list of file names, found {describe(item)}; "
                f"write e.g. '{KEY}: references.json'",
            )
        elif not item.value.strip():
            report.error(item.position, f"'{KEY}' names an empty file name; write the file's name")
        elif "\0" in item.value or "\n" in item.value:
            report.error(item.position, f"'{KEY}' {quoted(item.value)} is no file name; write the file's name")
        else:
            found.append(item)
    return found


def named_files(source: Path) -> list[Path]:
    """Every place where a file the handout's ``bibliography:`` names may be (found or not), for
    ``watch``; none when the handout has no such key, or cannot be read (its build says why)."""
    values = yamlfile.peek(source, frozenset({KEY}))
    node = values.get(KEY) if values is not None else None
    if node is None:
        return []
    return [path for name in names(node, Report()) for path in candidates(name.value.strip(), source)]


def read(path: Path) -> Bibliography:
    """The bibliography file at ``path``, read and parsed once while it is unchanged."""
    where = shown(path)
    key = os.path.abspath(path)
    try:
        info = os.stat(path)
        stamp: tuple[int, ...] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    except OSError:
        stamp = ()
    cached = _CACHE.get(key)
    same = cached is not None and cached.bibliography.path == where
    if cached is not None and same and stamp and cached.stamp == stamp and not cached.racy:
        return cached.bibliography
    report = Report()
    text = yamlfile.read_text(path, report, what="bibliography file", max_bytes=MAX_BYTES)
    text_digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() if text is not None else ""
    racy = bool(stamp) and time.time_ns() - stamp[1] < _RACY_NS
    if cached is not None and same and text is not None and cached.text_digest == text_digest:
        _CACHE[key] = _Cached(stamp, text_digest, racy, cached.bibliography)
        return cached.bibliography
    items = _items(text, where, path.suffix.lower(), report) if text is not None else []
    bibliography = Bibliography(where, tuple(items), tuple(report.sorted()), _index(items))
    if stamp:
        _CACHE[key] = _Cached(stamp, text_digest, racy, bibliography)
    return bibliography


def _index(items: list[Item]) -> dict[str, tuple[Item, ...]]:
    index: dict[str, tuple[Item, ...]] = {}
    for item in items:
        index[item.id] = (*index.get(item.id, ()), item)
    return index


def _items(text: str, path: str, suffix: str, report: Report) -> list[Item]:
    if suffix == ".bib":
        from . import bibtex  # bibtexparser and pylatexenc (~30 ms) only for a handout that names a .bib

        return [
            Item(e.key, e.node, e.position, _digest(e.node, e.raw, e.problem), e.problem, e.problem_at)
            for e in bibtex.parse(text, path, report)
        ]
    if suffix == ".json":
        root = jsonfile.parse(text, path, report)
    else:
        root = yamlfile.parse(text, path, report, needs=YAML_NEEDS, max_nodes=MAX_NODES)
    if root is None:
        return []
    entries = root.get("references") if isinstance(root, Mapping) else root
    if not isinstance(entries, Sequence):
        found = describe(entries) if entries is not None else describe(root)
        report.error(
            (entries or root).position,
            f"{YAML_NEEDS if suffix != '.json' else 'a CSL-JSON file holds a list of entries, [ {...}, ... ]'}, "
            f"found {found}; export the references as CSL JSON (or CSL YAML) from the reference manager",
        )
        return []
    items = []
    for entry in entries.items:
        if not isinstance(entry, Mapping):
            found = describe(entry)
            report.error(entry.position, f"an entry of a bibliography must be a mapping of CSL fields, found {found}")
            continue
        id_node = entry.get("id")
        if not isinstance(id_node, Scalar) or id_node.kind == "null" or not id_node.value.strip():
            where = id_node.position if id_node is not None else entry.position
            report.error(where, "an entry of a bibliography has no 'id' (text), so nothing can cite it; give it one")
            continue
        items.append(Item(id_node.value, entry, id_node.position, _digest(entry, "", "")))
    return items


def _digest(node: Node | None, raw: str, problem: str) -> str:
    """A digest of an entry's content, the same wherever the entry stands in its file."""
    content = json.dumps([_plain(node) if node is not None else raw, problem], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(content.encode("utf-8", "surrogateescape")).hexdigest()


def _plain(node: Node) -> object:
    if isinstance(node, Scalar):
        return [node.kind, node.value]
    if isinstance(node, Sequence):
        return [_plain(item) for item in node.items]
    return {key.value: _plain(value) for key, value in node.items}
