"""Report a library build: each handout's lines in source order, a progress bar, and the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from msgspec import Struct

from ..diagnostics import Diagnostic
from ..writer import Stamp
from .progress import Progress


class Result(Struct, frozen=True):
    """What became of one handout: built, skipped as unchanged or as a template, or failed."""

    source: Path
    diagnostics: tuple[Diagnostic, ...]
    output: Path | None = None
    pages: int = 0
    skipped: bool = False
    fingerprint: str = ""  # what the PDF was built from, for the manifest
    target: str = ""  # the PDF's file name (a personal copy's differs from its source's)
    pdf: Stamp | None = None  # what the new PDF holds
    preview: Stamp | None = None  # what its new preview holds, when one was drawn
    html: Stamp | None = None  # what its new HTML edition holds, when one was written
    staged: tuple[tuple[Path, Path], ...] = ()  # (temporary file, its place): written, not yet moved into place
    template: bool = False  # a handout with {fields} in a folder built without values: skipped, no PDF

    @property
    def failed(self) -> bool:
        """Whether it has errors (and so no new PDF); a skipped template has not failed."""
        if self.template:
            return False
        return self.output is None or any(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """Its warnings: those of this build, or those a skipped handout's last build recorded."""
        return tuple(d for d in self.diagnostics if d.severity == "warning")


class Printer:
    """Prints each handout's diagnostics and line as soon as it and every handout before it are done.

    Results arrive in any order from worker processes; output stays in source order, complete per
    file. On a terminal a progress bar replaces the per-file lines (diagnostics still print).
    """

    def __init__(self, out: TextIO, err: TextIO, total: int) -> None:
        self.out, self.err = out, err
        self.results: list[Result | None] = [None] * total
        self.printed = 0
        self.progress = Progress(out, total)

    def done(self, index: int, result: Result) -> None:
        """Take the result of the handout at ``index`` (in source order) and print what is ready."""
        self.results[index] = result
        while self.printed < len(self.results):
            ready = self.results[self.printed]
            if ready is None:
                break
            self._print(ready)
            self.printed += 1
        label = result.output.name if result.output is not None else result.source.name
        self.progress.show(sum(r is not None for r in self.results), label)

    def finish(self) -> list[Result]:
        """Every result, in source order, with the progress bar cleared away."""
        self.progress.clear()
        return [result for result in self.results if result is not None]

    def _print(self, result: Result) -> None:
        if result.diagnostics:
            self.progress.clear()
            for diagnostic in sorted(result.diagnostics, key=lambda d: (d.position, d.message)):
                print(diagnostic, file=self.err)
            self.err.flush()  # before the line on out, when both go to one terminal
        if result.template:  # also on a terminal: the bar's count alone would not say why it was not built
            self.progress.clear()
            print(f"{result.source}: template: give --set or --fields", file=self.out)
            self.out.flush()
            return
        if self.progress.live or result.failed or result.output is None:
            return
        if result.skipped:
            print(f"skipped {result.output} (unchanged)", file=self.out)
        else:
            print(f"built {result.output} ({_count(result.pages, 'page')})", file=self.out)
        self.out.flush()  # each line as its handout is done, also into a pipe or a log


def summary(results: list[Result], style_warnings: int, seconds: float, *, failed: int = 0) -> tuple[str, int]:
    """The closing line ('2 built, 1 skipped, 0 failed, 1 warning, 9 pages, 1.4 seconds') and the warnings;
    ``failed`` counts outputs that failed before any result (their names clash)."""
    failed += sum(1 for result in results if result.failed)
    skipped = sum(1 for result in results if result.skipped and not result.failed)
    built = sum(1 for result in results if not result.failed and not result.skipped)
    warnings = style_warnings + sum(len(result.warnings) for result in results)
    pages = sum(result.pages for result in results if not result.failed)
    line = (
        f"{built} built, {skipped} skipped, {failed} failed, {_count(warnings, 'warning')}, "
        f"{_count(pages, 'page')}, {seconds:.1f} seconds"
    )
    return line, warnings


def copies_summary(results: list[Result], rows: int, fields: str) -> list[str]:
    """One line per handout of a build from a fields file, in source order:
    'wrote 3 copies of source/plan.yaml from 3 rows of patients.csv (1 unchanged, 1 failed)'."""
    by_source: dict[Path, list[Result]] = {}
    for result in results:
        by_source.setdefault(result.source, []).append(result)
    lines = []
    for source, theirs in by_source.items():
        built = sum(1 for result in theirs if not result.failed and not result.skipped)
        unchanged = sum(1 for result in theirs if result.skipped and not result.failed)
        failed = sum(1 for result in theirs if result.failed)
        others = [f"{unchanged} unchanged"] if unchanged else []
        others += [f"{failed} failed"] if failed else []
        copies = f"{built} cop{'y' if built == 1 else 'ies'}"
        line = f"wrote {copies} of {source} from {_count(rows, 'row')} of {fields}"
        lines.append(line + (f" ({', '.join(others)})" if others else ""))
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
