"""Build a library of handouts: skip the unchanged ones, build the rest in worker processes, report in order."""

from __future__ import annotations

import contextlib
import datetime
import gc
import signal
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct

from . import manifest, preview
from .build import build_file
from .buildreport import Printer, Result, summary
from .diagnostics import Diagnostic, Position, Report
from .fields import Copy
from .stylechoice import Prepared, Styles, prepared
from .tree import Node, Scalar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

EXIT_OK, EXIT_CONTENT = 0, 1


class BuildOptions(Struct, frozen=True):
    """What one ``handoutkit build`` run was asked for, besides the sources and the style."""

    out_dir: Path
    jobs: int = 1  # worker processes, at most
    png: bool = False  # draw a preview of page 1 beside each PDF
    force: bool = False  # build even what the manifest says is unchanged
    strict: bool = False  # any warning fails the run
    copies: tuple[Copy, ...] = (Copy(),)  # personal copies: one PDF per copy per handout


class Job(Struct, frozen=True):
    """One handout to build, all a worker process needs to know (it is pickled there)."""

    source: Path
    out_dir: Path
    style: Path
    style_files: str  # the style's digest, so a worker's cached style is the one the parent fingerprinted
    pdf_ua: bool | None
    today: datetime.date | None
    png: bool
    fingerprint: str
    copy: Copy


def build_library(sources: list[Path], styles: Styles, options: BuildOptions, out: TextIO, err: TextIO) -> int:
    """Build every source that changed since the last build into ``options.out_dir``; return the exit status."""
    started = time.perf_counter()
    entries = manifest.load(options.out_dir)
    pairs = [(source, copy) for source in sources for copy in options.copies]
    runner = _Runner(min(options.jobs, len(pairs)))
    try:
        plan: list[Job | Result] = []
        for index, (source, copy) in enumerate(pairs):
            plan.append(_plan(source, copy, styles, entries, options))
            runner.submit(index, plan[-1])
        style_warnings = _announce_styles(list(styles.used.values()), err)
        results = runner.finish(plan, Printer(out, err, len(plan)))
    except BaseException:  # Ctrl-C, or a broken pipe: running builds finish, the rest never start
        runner.cancel()
        raise
    _record(options.out_dir, entries, results)
    line, warnings = summary(results, style_warnings, time.perf_counter() - started)
    print(line, file=out)
    failed = any(result.failed for result in results)
    return EXIT_CONTENT if failed or (options.strict and warnings) else EXIT_OK


def run_job(job: Job) -> Result:
    """Build one handout, in a worker process or in this one, and draw its preview when asked."""
    style = prepared(job.style, job.style_files, pdf_ua=job.pdf_ua, today=job.today)
    if style.setup is None:  # the parent checked the style; only a file changed meanwhile gets here
        return Result(job.source, tuple(style.report.sorted()), target=job.copy.output_name(job.source.stem))
    # Laying out a handout makes a great many objects that reference counting frees; the cycle
    # collector would walk the live document again and again (~4% of a build). It is paused for
    # the handout and runs as usual between handouts, so what cycles are left are still freed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        outcome = build_file(job.source, job.out_dir, style.setup, job.copy)
    finally:
        if collecting:
            gc.enable()
    diagnostics = outcome.report.sorted()
    if outcome.output is not None and job.png:
        try:
            preview.write_thumbnail(outcome.output)
        except preview.errors() as exc:
            where = Position(str(preview.thumbnail_path(outcome.output)))
            diagnostics.append(Diagnostic(where, "error", f"cannot draw the preview ({exc}); check the output folder"))
    target = job.copy.output_name(job.source.stem)
    return Result(
        job.source, tuple(diagnostics), outcome.output, outcome.pages, fingerprint=job.fingerprint, target=target
    )


def _plan(
    source: Path, copy: Copy, styles: Styles, entries: dict[str, manifest.Entry], options: BuildOptions
) -> Job | Result:
    """A job for a handout (copy) that must be built; a result for one that is unchanged or cannot be."""
    report = Report()
    name = copy.output_name(source.stem)
    found = styles.for_plan(source, report)
    if found is None:
        return Result(source, tuple(report.sorted()), target=name)
    language, style = found
    target = options.out_dir / name
    values = tuple(f"field {key}: {value}" for key, value in sorted(copy.values.items()))
    fingerprint = _fingerprint(source, language, style, styles.pdf_ua, options.png, values)
    entry = entries.get(target.name)
    present = target.is_file() and (not options.png or preview.thumbnail_path(target).is_file())
    if entry is not None and entry.fingerprint == fingerprint and present and not options.force:
        replayed = entry.replayed(source)
        return Result(source, replayed, target, entry.pages, skipped=True, fingerprint=fingerprint, target=name)
    return Job(
        source, options.out_dir, style.path, style.files, styles.pdf_ua, styles.today, options.png, fingerprint,
        copy,
    )  # fmt: skip


def _fingerprint(
    source: Path, language: Node | None, style: Prepared, pdf_ua: bool | None, png: bool, values: tuple[str, ...]
) -> str:
    """Everything that shapes the PDF (and preview) of ``source``, in one digest."""
    tag = language.value.strip() if isinstance(language, Scalar) else ""
    return manifest.digest(
        (
            f"source: {manifest.file_digest(source)}",
            f"style: {style.digest}",
            *manifest.catalog_digests(tag or "en"),
            f"pdf_ua: {pdf_ua}",
            f"png: {png}",
            *values,
            *_versions(),
        )
    )


@cache
def _versions() -> tuple[str, ...]:
    return manifest.tool_versions()


def _announce_styles(styles: list[Prepared], err: TextIO) -> int:
    """Print each style's diagnostics and legibility findings once; return how many warnings they are."""
    warnings = 0
    for style in styles:
        for diagnostic in style.report.sorted():
            print(diagnostic, file=err)
        findings = style.setup.style_findings if style.setup is not None else ()
        for finding in findings:
            print(finding.diagnostic, file=err)
        warnings += len(findings) + sum(1 for d in style.report.items if d.severity == "warning")
    return warnings


class _Runner:
    """Runs the jobs: in this process when there is one job or one worker, else in worker processes.

    The workers start as soon as there is a job for each of them, so they build while the parent
    plans the rest (planning reads each handout's style and language, not its whole tree, and
    fingerprints it); with fewer jobs than that, the pool is as large as the jobs, once planning is
    done. Each worker keeps its styles and registered fonts for every handout it builds. Workers
    ignore Ctrl-C: the parent stops handing out handouts and lets the ones being built finish whole.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.waiting: list[tuple[int, Job]] = []  # planned, not handed to a worker (yet)
        self.futures: dict[Future[Result], tuple[int, Job]] = {}
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, index: int, item: Job | Result) -> None:
        if not isinstance(item, Job):
            return
        self.waiting.append((index, item))
        if self.pool is not None or (self.workers > 1 and len(self.waiting) >= self.workers):
            self._hand_out(self.workers)

    def _hand_out(self, workers: int) -> None:
        """Give the waiting jobs to the pool, starting it (all its workers at once) if need be."""
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor  # ~15 ms: only parallel builds pay it

            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
        for index, job in self.waiting:
            self.futures[self.pool.submit(run_job, job)] = (index, job)
        self.waiting.clear()

    def finish(self, plan: list[Job | Result], printer: Printer) -> list[Result]:
        """Hand each result to the printer as it comes; every result, in source order."""
        for index, item in enumerate(plan):
            if isinstance(item, Result):
                printer.done(index, item)
        if self.pool is None and self.workers > 1 and len(self.waiting) > 1:
            self._hand_out(min(self.workers, len(self.waiting)))
        for index, job in self.waiting:  # one job, or one worker: in this process
            printer.done(index, _safely(job))
        if self.pool is not None:
            from concurrent.futures import as_completed

            for future in as_completed(self.futures):
                index, job = self.futures[future]
                printer.done(index, _safely(job, future))
            self.pool.shutdown(wait=True)
        return printer.finish()

    def cancel(self) -> None:
        """Ctrl-C or an error: drop the handouts not started; wait for those being built."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _safely(job: Job, future: Future[Result] | None = None) -> Result:
    """The job's result; an unexpected failure becomes an error of that handout, and the others go on."""
    try:
        return future.result() if future is not None else run_job(job)
    except Exception as exc:  # a bug, or a worker process that died: report it, never a traceback
        message = f"the build stopped unexpectedly ({type(exc).__name__}: {exc}); please report this with the handout"
        diagnostic = Diagnostic(Position(str(job.source)), "error", message)
        return Result(job.source, (diagnostic,), target=job.copy.output_name(job.source.stem))


def _record(out_dir: Path, entries: dict[str, manifest.Entry], results: list[Result]) -> None:
    """Remember what each PDF was built from; forget handouts that failed, so they are built next time."""
    updated = dict(entries)
    for result in results:
        name = result.target or f"{result.source.stem}.pdf"
        if result.failed:
            updated.pop(name, None)
        elif not result.skipped:
            updated[name] = manifest.Entry(result.fingerprint, result.pages, str(result.source), result.warnings)
    if updated != entries:
        # An unwritable output folder has been reported for every PDF; the next build rebuilds them.
        with contextlib.suppress(OSError):
            manifest.save(out_dir, updated)
