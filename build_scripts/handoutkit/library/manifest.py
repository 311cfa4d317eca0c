"""The output folder's manifest: per PDF, a fingerprint of everything that shaped it, to skip unchanged ones."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from .. import __version__
from ..diagnostics import Diagnostic, Position, Report
from ..inline import CITE_ID
from ..installed import installed_versions
from ..language.catalog import BUILTIN_DIR as BUILTIN_CATALOGS
from ..language.catalog import PROJECT_DIR as PROJECT_CATALOGS
from ..language.words import primary
from ..load import bibliography, yamlfile
from ..load.tree import Sequence
from ..validate import csl
from ..writer import SHA256, Stamp, write_atomic

NAME = ".handoutkit-manifest.json"
FORMAT = 2  # bump when the file's layout changes; another layout means "build everything"
# Libraries whose version can change the bytes of a PDF or a preview.
_LIBRARIES = ("reportlab", "pypdfium2", "pillow", "phonenumberslite")  # their output is in our files
MAX_BYTES = 64_000_000  # a manifest of 100,000 copies is about 40 MB; more is not ours
_Text = Annotated[str, Meta(max_length=20_000)]
_Count = Annotated[int, Meta(ge=0, le=10_000_000)]


class Entry(Struct, frozen=True):
    """What one PDF was built from and what it held, with what its build reported, so a skip can repeat it."""

    fingerprint: str
    pages: int
    source: str  # the source path as it was given, so warnings can be replayed under today's spelling
    pdf: Stamp
    preview: Stamp | None = None  # the PNG of page 1, when the build drew one
    warnings: tuple[Diagnostic, ...] = ()
    html: Stamp | None = None  # the HTML edition, when the build wrote one

    def replayed(self, source: Path) -> tuple[Diagnostic, ...]:
        """The recorded warnings, placed in ``source`` as it is named in this run."""
        return tuple(
            Diagnostic(Position(str(source), d.position.line, d.position.column), d.severity, d.message)
            if d.position.path == self.source
            else d
            for d in self.warnings
        )

    def vouches_for(self, pdf: Path, preview: Path | None, html: Path | None = None) -> bool:
        """Whether the files on disk are the very ones this entry records (and the preview and the
        HTML edition, if asked for)."""
        if not self.pdf.matches(pdf):
            return False
        if html is not None and (self.html is None or not self.html.matches(html)):
            return False
        return preview is None or (self.preview is not None and self.preview.matches(preview))


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


# A citation's id, as inline.py reads it; a YAML escape or an escaped line break could hide one.
_ESCAPED = re.compile(r"\\(?:[xuU]|\r?\n)")
_CHECKED: dict[tuple[str, Position, str], str] = {}  # what validating a cited entry reported, per process


def bibliography_digests(source: Path) -> tuple[str, ...]:
    """The part of a handout's fingerprint its ``bibliography:`` files make: where each file was
    found, and the digest of each entry the handout cites (not of the whole file), so an edit to a
    shared export rebuilds only the handouts that cite what changed.

    The cited ids are read off the handout's text (every ``@id``, a superset of its citations); when
    an escape could hide one, every entry counts. Each cited entry's diagnostics count too, since a
    skipped handout repeats them at their lines; its place counts only then, and when the handout
    has its own entry with that id (whose warning names the place).
    """
    report = Report()
    text = yamlfile.read_text(source, report)
    if text is None or (bibliography.KEY not in text and not _ESCAPED.search(text)):
        return ()
    values = yamlfile.peek(source, frozenset({bibliography.KEY}))
    node = values.get(bibliography.KEY) if values is not None else None
    if node is None:
        return ()
    ids = None if _ESCAPED.search(text) else set(CITE_ID.findall(text))
    parts: list[str] = []
    for name in bibliography.names(node, report):
        found = bibliography.locate(name.value.strip(), source)
        parts.append(f"bibliography {name.value.strip()}: {found if found is not None else 'absent'}")
        if found is None:
            continue
        bib = bibliography.read(found)
        parts.extend(str(diagnostic) for diagnostic in bib.diagnostics)
        for ref_id in sorted(bib.index if ids is None else ids & bib.index.keys()):
            for item in bib.get(ref_id):
                said = _checked(bib.path, item)
                own = re.search(rf"\bid[\"']?\s*:\s*[\"']?{re.escape(ref_id)}", text) is not None  # a superset
                place = f" at {item.position}" if said or own else ""
                parts.append(f"cite {ref_id}: {item.digest}{place} {said}")
    return tuple(parts)


def _checked(path: str, item: bibliography.Item) -> str:
    """What validating a cited entry reports, as text (empty for a clean entry), once per process."""
    key = (path, item.position, item.digest)
    if key not in _CHECKED:
        report = Report()
        if item.node is not None and not item.problem:  # as validate.bibliography.merge judges it
            csl.references(Sequence((item.node,), item.position), report)
        _CHECKED[key] = "; ".join(str(d) for d in report.sorted()) or item.problem
    return _CHECKED[key]


class _Warning(Struct, frozen=True, forbid_unknown_fields=True):
    path: _Text
    line: _Count
    column: _Count
    message: _Text


class _Output(Struct, frozen=True, forbid_unknown_fields=True):
    fingerprint: Annotated[str, Meta(pattern=SHA256)]
    pages: Annotated[int, Meta(ge=1, le=100_000)]
    source: _Text
    pdf: Stamp
    preview: Stamp | None = None
    warnings: Annotated[tuple[_Warning, ...], Meta(max_length=100_000)] = ()
    html: Stamp | None = None


class _Header(Struct, frozen=True):
    format: int


class _File(Struct, frozen=True, forbid_unknown_fields=True):
    format: int
    outputs: dict[_Text, _Output]


def load(out_dir: Path) -> tuple[dict[str, Entry], str]:
    """The manifest of ``out_dir`` by PDF file name, and why it could not be read ('' if it could).

    A missing manifest, or one another version of handoutkit wrote, is empty, with no reason: either
    only costs a full build. Every value is checked by type and range as it is decoded.
    """
    path = out_dir / NAME
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {}, ""
    except OSError as exc:
        return {}, exc.strerror or str(exc)
    if len(data) > MAX_BYTES:
        return {}, f"it is larger than {MAX_BYTES // 1_000_000} MB"
    try:
        if msgspec.json.decode(data, type=_Header).format != FORMAT:
            return {}, ""
        document = msgspec.json.decode(data, type=_File)
    except msgspec.DecodeError as exc:  # ValidationError too: a value of the wrong type or out of range
        return {}, str(exc)
    except RecursionError:  # msgspec skips an unknown value by recursing into it
        return {}, "it is nested too deeply"
    return {name: _entry(value) for name, value in document.outputs.items()}, ""


def save(out_dir: Path, entries: dict[str, Entry]) -> None:
    """Write the manifest atomically, sorted, so it is the same for the same builds; none when empty."""
    if not entries:
        (out_dir / NAME).unlink(missing_ok=True)
        return
    outputs = {name: _output(entries[name]) for name in sorted(entries)}
    text = msgspec.json.format(msgspec.json.encode(_File(FORMAT, outputs)), indent=1) + b"\n"
    # Not flushed to disk: a manifest cut short by a power failure fails to decode, and every entry
    # is checked against the file it names before it is trusted.
    write_atomic(out_dir / NAME, text, durable=False)


def _output(entry: Entry) -> _Output:
    warnings = tuple(_Warning(d.position.path, d.position.line, d.position.column, d.message) for d in entry.warnings)
    return _Output(entry.fingerprint, entry.pages, entry.source, entry.pdf, entry.preview, warnings, entry.html)


def _entry(value: _Output) -> Entry:
    warnings = tuple(Diagnostic(Position(w.path, w.line, w.column), "warning", w.message) for w in value.warnings)
    return Entry(value.fingerprint, value.pages, value.source, value.pdf, value.preview, warnings, value.html)
