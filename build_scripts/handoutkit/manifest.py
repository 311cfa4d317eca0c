"""The output folder's manifest: per PDF, a fingerprint of everything that shaped it, to skip unchanged ones."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from msgspec import Struct

from . import __version__
from .diagnostics import Diagnostic, Position
from .installed import installed_versions
from .words import BUILTIN_DIR as BUILTIN_CATALOGS
from .words import PROJECT_DIR as PROJECT_CATALOGS
from .words import primary
from .writer import write_atomic

NAME = ".handoutkit-manifest.json"
FORMAT = 1  # bump when the file's layout changes; an unknown layout means "build everything"
# Libraries whose version can change the bytes of a PDF or a preview.
_LIBRARIES = ("reportlab", "pypdfium2", "pillow")


class Entry(Struct, frozen=True):
    """What one PDF was built from, with what its build reported, so a skip can repeat it."""

    fingerprint: str
    pages: int
    source: str  # the source path as it was given, so warnings can be replayed under today's spelling
    warnings: tuple[Diagnostic, ...] = ()

    def replayed(self, source: Path) -> tuple[Diagnostic, ...]:
        """The recorded warnings, placed in ``source`` as it is named in this run."""
        return tuple(
            Diagnostic(Position(str(source), d.position.line, d.position.column), d.severity, d.message)
            if d.position.path == self.source
            else d
            for d in self.warnings
        )


def digest(parts: Iterable[str]) -> str:
    """One SHA-256 over several labelled parts; the separator keeps ('ab', 'c') apart from ('a', 'bc')."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, or 'absent' (a file that appears later changes the fingerprint)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError):  # ValueError: a name with a NUL byte (from an unchecked language tag)
        return "absent"


def tool_versions() -> tuple[str, ...]:
    """handoutkit's version and those of the libraries that write and render its output."""
    installed = installed_versions()
    return (f"handoutkit {__version__}", *(f"{name} {installed.get(name, 'absent')}" for name in _LIBRARIES))


def catalog_digests(language: str) -> tuple[str, ...]:
    """The built-in and project word catalogs of a language, as they are now."""
    name = f"{primary(language)}.yaml"
    return tuple(
        f"catalog {folder.name}: {file_digest(folder / name)}" for folder in (BUILTIN_CATALOGS, PROJECT_CATALOGS)
    )


def load(out_dir: Path) -> dict[str, Entry]:
    """The manifest of ``out_dir`` by PDF file name; empty when there is none or it cannot be read."""
    try:
        document = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return {}
        return {name: _entry(value) for name, value in document["outputs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # a damaged manifest only costs a full build


def save(out_dir: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest atomically, sorted, so it is the same for the same builds; none when empty."""
    if not entries:
        (out_dir / NAME).unlink(missing_ok=True)
        return
    outputs = {name: _json(entries[name]) for name in sorted(entries)}
    text = json.dumps({"format": FORMAT, "outputs": outputs}, indent=1, ensure_ascii=False) + "\n"
    write_atomic(out_dir / NAME, text.encode("utf-8"))


def _json(entry: Entry) -> dict[str, Any]:
    warnings = [
        {"path": d.position.path, "line": d.position.line, "column": d.position.column, "message": d.message}
        for d in entry.warnings
    ]
    return {"fingerprint": entry.fingerprint, "pages": entry.pages, "source": entry.source, "warnings": warnings}


def _entry(value: dict[str, Any]) -> Entry:
    warnings = tuple(
        Diagnostic(Position(str(w["path"]), int(w["line"]), int(w["column"])), "warning", str(w["message"]))
        for w in value["warnings"]
    )
    return Entry(str(value["fingerprint"]), int(value["pages"]), str(value["source"]), warnings)
