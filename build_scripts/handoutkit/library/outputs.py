"""The files a library build writes: planned names checked for clashes before anything is built, and
each finished file moved into place and recorded in the manifest as it lands.

A PDF that a worker finished is renamed into place by the process that holds the output folder's
lock, then recorded; the manifest is saved as records come in (at most every ``SAVE_EVERY``
seconds, and at the end). Each record holds the digest of the file it vouches for, so whatever
happens between the rename and the save (a kill, another program writing the file) can only cost
a rebuild, never a skipped file with other content.
"""

from __future__ import annotations

import contextlib
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from msgspec.structs import replace

from ..copies.fields import Copy
from ..diagnostics import Diagnostic, Position, printable
from ..writer import publish
from . import manifest
from .report import Result

SAVE_EVERY = 0.2  # seconds between two saves of the manifest while a build runs


def clashes(
    pairs: Sequence[tuple[Path, Copy]], out_dir: Path, consequence: str = "Nothing was built"
) -> list[Diagnostic]:
    """An error for each planned output that another source's output would overwrite.

    Names that differ only in case or in Unicode normalisation clash too: they are one file on
    macOS and Windows, and one file for a person reading a folder.
    """
    first: dict[str, tuple[Path, Copy, str]] = {}
    found: list[Diagnostic] = []
    for source, copy in pairs:
        name = copy.output_name(source.stem)
        key = folded(name)
        if key not in first:
            first[key] = (source, copy, name)
            continue
        other_source, other_copy, other_name = first[key]
        same = f"{out_dir / name}" if name == other_name else f"{out_dir / name} (the same file as {other_name})"
        message = (
            f"{_this(source, copy)} would be built into {same}, and so would {_that(other_source, other_copy)}; "
            f"rename one of them, or build them into different --out folders. {consequence}"
        )
        found.append(Diagnostic(copy.row or Position(str(source)), "error", message))
    return found


def folded(name: str) -> str:
    """A file name as a case-insensitive, normalisation-insensitive file system compares it."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def _this(source: Path, copy: Copy) -> str:
    """The output reported, as the place it is reported at names it."""
    return "this handout" if copy.row is None else f"this row's copy of {source}"


def _that(source: Path, copy: Copy) -> str:
    """The other output, named in full."""
    return str(source) if copy.row is None else f"the copy of {source} for the row at {copy.row}"


class Ledger:
    """The output folder's manifest as this run changes it."""

    def __init__(self, out_dir: Path, err: TextIO) -> None:
        self.out_dir = out_dir
        self.entries, problem = manifest.load(out_dir)
        if problem:
            where = printable(str(out_dir / manifest.NAME))
            print(f"handoutkit: {where} cannot be read ({printable(problem)}); every handout is built again", file=err)
        self._dirty = False
        self._saved_at = time.monotonic()

    def land(self, result: Result) -> Result:
        """Move a finished result's files into place and record them; a failed one's files are dropped."""
        if result.staged and not result.failed:
            result = _moved(result)
        for temporary, _ in result.staged:  # the files of a failed result, or those a failed move left
            temporary.unlink(missing_ok=True)
        result = replace(result, staged=())
        self._record(result)
        return result

    def _record(self, result: Result) -> None:
        name = result.target or f"{result.source.stem}.pdf"
        if result.failed:
            self._dirty |= self.entries.pop(name, None) is not None
        elif not result.skipped and result.pdf is not None:
            self._drop_old_edition(name, result)
            self.entries[name] = manifest.Entry(
                result.fingerprint,
                result.pages,
                str(result.source),
                result.pdf,
                result.preview,
                result.warnings,
                result.html,
            )
            self._dirty = True
        if self._dirty and time.monotonic() - self._saved_at >= SAVE_EVERY:
            self.save()

    def _drop_old_edition(self, name: str, result: Result) -> None:
        """Delete the HTML edition an earlier build wrote beside this PDF when this build wrote none:
        it shows the handout as it was, which no reader should take for the new one."""
        old = self.entries.get(name)
        if old is not None and old.html is not None and result.html is None:
            edition = (self.out_dir / name).with_suffix(".html")
            if old.html.matches(edition):  # only the file that build wrote, never one put there since
                edition.unlink(missing_ok=True)

    def save(self) -> None:
        """Write the manifest if this run changed it."""
        if not self._dirty:
            return
        # An unwritable output folder has been reported for every PDF; the next build rebuilds them.
        with contextlib.suppress(OSError):
            manifest.save(self.out_dir, self.entries)
            self._dirty = False
        self._saved_at = time.monotonic()


def _moved(result: Result) -> Result:
    """The result with its staged files renamed into place, or with an error if one could not be."""
    for temporary, target in result.staged:
        try:
            publish(temporary, target)
        except OSError as exc:
            message = f"cannot write {target.name} ({exc.strerror or exc}); check the output folder"
            failed = Diagnostic(Position(str(target)), "error", message)
            return replace(result, diagnostics=(*result.diagnostics, failed), output=None)
    return result
