"""Build a library of handouts: skip the unchanged ones, build the rest in worker processes, report in order.

The output folder is locked for the run (``outfolder``); every planned file name is checked for
clashes before anything is built (``outputs.clashes``); each finished PDF is moved into place and
recorded in the manifest as it lands (``outputs.Ledger``), also when a signal stops the run.
"""

from __future__ import annotations

import datetime
import gc
import time
from functools import cache
from pathlib import Path
from typing import TextIO

from msgspec import Struct
from msgspec.structs import replace

from ..build import Outcome, Setup, build_file
from ..copies.fields import Copy
from ..diagnostics import Diagnostic, Position, Report
from ..load.tree import Node, Scalar
from ..writer import Stamp, write_temporary
from . import copyplan, manifest, outfolder, preview
from .outputs import Ledger, clashes
from .report import Printer, Result, copies_summary, summary
from .stylechoice import Prepared, Styles, prepared
from .workers import Runner, worker_count

EXIT_OK, EXIT_CONTENT = 0, 1


class BuildOptions(Struct, frozen=True):
    """What one ``handoutkit build`` run was asked for, besides the sources and the style."""

    out_dir: Path
    jobs: int = 1  # worker processes, at most
    png: bool = False  # draw a preview of page 1 beside each PDF
    html: bool = False  # write the HTML edition beside each PDF
    force: bool = False  # build even what the manifest says is unchanged
    strict: bool = False  # any warning fails the run
    copies: tuple[Copy, ...] = (Copy(),)  # personal copies: one PDF per copy per handout
    named: frozenset[Path] = frozenset()  # sources named one by one (resolved): a template among them is not skipped


class Job(Struct, frozen=True):
    """One handout to build, all a worker process needs to know (it is pickled there)."""

    source: Path
    out_dir: Path
    style: Path
    style_files: str  # the style's digest, so a worker's cached style is the one the parent fingerprinted
    pdf_ua: bool | None
    pdf_a: bool | None
    today: datetime.date | None
    png: bool
    fingerprint: str
    copy: Copy
    html: bool = False


def build_library(sources: list[Path], styles: Styles, options: BuildOptions, out: TextIO, err: TextIO) -> int:
    """Build every source that changed since the last build into ``options.out_dir``; return the exit status."""
    started = time.perf_counter()
    planned = [copyplan.plan(source, options.copies, options.named) for source in sources]
    clashing = clashes([(h.source, copy) for h in planned if not h.template for copy in h.copies], options.out_dir)
    if clashing:  # before anything is built or even locked: nothing is written
        for diagnostic in clashing:
            print(diagnostic, file=err)
        print(summary([], 0, time.perf_counter() - started, failed=len(clashing))[0], file=out)
        return EXIT_CONTENT
    try:
        with outfolder.claimed(options.out_dir, err):
            return _build(planned, styles, options, out, err, started)
    except outfolder.FolderError as exc:
        print(exc, file=err)
        return EXIT_CONTENT


def _build(
    planned: list[copyplan.Planned], styles: Styles, options: BuildOptions, out: TextIO, err: TextIO, started: float
) -> int:
    """Build the planned handouts' copies into the locked output folder."""
    pairs = [(handout, copy) for handout in planned for copy in handout.copies]
    ledger = Ledger(options.out_dir, err)
    runner: Runner[Job, Result] = Runner(worker_count(options.jobs, len(pairs)), run_job, _failure)
    printer = Printer(out, err, len(pairs))
    said: dict[int, tuple[Diagnostic, ...]] = {}  # what fitting reported, said once, with a handout's first copy

    def done(index: int, result: Result) -> None:
        if index in said:
            result = replace(result, diagnostics=(*said.pop(index), *result.diagnostics))
        printer.done(index, result)

    try:
        settled: list[tuple[int, Result]] = []  # skipped, or failed while planning: printed after the styles' lines
        for index, (handout, copy) in enumerate(pairs):
            first = copy is handout.copies[0]
            name = copy.output_name(handout.source.stem)
            if handout.template:
                item: Job | Result = Result(handout.source, (), skipped=True, target=name, template=True)
            elif handout.failed:  # every copy fails; the errors are said with the first
                item = Result(handout.source, handout.diagnostics if first else (), target=name)
            else:
                item = _plan(handout.source, copy, styles, ledger.entries, options)
                if first and handout.diagnostics:
                    said[index] = handout.diagnostics
            if isinstance(item, Job):
                runner.submit(index, item)
            else:
                settled.append((index, item))
        style_warnings = _announce_styles(list(styles.used.values()), err)
        for index, result in settled:
            done(index, ledger.land(result))
        runner.finish(ledger.land, done)
    except BaseException:  # a signal, Ctrl-C or a broken pipe: running builds finish, the rest never start
        runner.cancel(ledger.land)  # finished PDFs are moved into place and recorded, not printed
        ledger.save()
        raise
    ledger.save()
    results = printer.finish()
    line, warnings = summary(results, style_warnings, time.perf_counter() - started)
    row = options.copies[0].row if options.copies else None
    if row is not None:  # copies from a fields file: one line per handout
        for copies_line in copies_summary(results, len(options.copies), row.path):
            print(copies_line, file=out)
    print(line, file=out)
    failed = any(result.failed for result in results)
    return EXIT_CONTENT if failed or (options.strict and warnings) else EXIT_OK


def run_job(job: Job) -> Result:
    """Build one handout (and draw its preview when asked), in a worker process or in this one.

    The files are left in temporary files beside their places (``Result.staged``): only the process
    that holds the output folder's lock moves them into place.
    """
    target = job.copy.output_name(job.source.stem)
    style = prepared(job.style, job.style_files, pdf_ua=job.pdf_ua, pdf_a=job.pdf_a, today=job.today)
    if style.setup is None:  # the parent checked the style; only a file changed meanwhile gets here
        return Result(job.source, tuple(style.report.sorted()), target=target)
    # Laying out a handout makes a great many objects that reference counting frees; the cycle
    # collector would walk the live document again and again (~4% of a build). It is paused for
    # the handout and runs as usual between handouts, so what cycles are left are still freed.
    collecting = gc.isenabled()
    gc.disable()
    try:
        outcome = build_file(job.source, job.out_dir, style.setup, job.copy, publish=False)
    finally:
        if collecting:
            gc.enable()
    diagnostics = outcome.report.sorted()
    if outcome.output is None or outcome.temporary is None:
        return Result(job.source, tuple(diagnostics), target=target)
    staged = [(outcome.temporary, outcome.output)]
    thumbnail = None
    if job.png:
        where = preview.thumbnail_path(outcome.output)
        try:
            data = preview.thumbnail(outcome.temporary)
            staged.append((write_temporary(where, data), where))
            thumbnail = Stamp.of(data)
        except preview.errors() as exc:
            message = f"cannot draw the preview ({exc}); check the output folder"
            diagnostics.append(Diagnostic(Position(str(where)), "error", message))
    edition = _html_edition(outcome, style.setup, staged, diagnostics) if job.html else None
    return Result(
        job.source, tuple(diagnostics), outcome.output, outcome.pages, fingerprint=job.fingerprint, target=target,
        pdf=outcome.stamp, preview=thumbnail, staged=tuple(staged), html=edition,
    )  # fmt: skip


def _html_edition(
    outcome: Outcome, setup: Setup, staged: list[tuple[Path, Path]], diagnostics: list[Diagnostic]
) -> Stamp | None:
    """Write the HTML edition of a built handout beside its PDF (staged, as the PDF is); None, with
    an error, when it cannot be made or written."""
    from ..html import HtmlError, render_html

    assert outcome.output is not None and outcome.read is not None
    where = outcome.output.with_suffix(".html")
    try:
        data = render_html(outcome.read.handout, outcome.read.words, setup.sheet).encode("utf-8")
        staged.append((write_temporary(where, data), where))
    except HtmlError as exc:
        diagnostics.append(Diagnostic(Position(str(outcome.source)), "error", str(exc)))
        return None
    except OSError as exc:
        message = f"cannot write the HTML edition ({exc.strerror or exc}); check the output folder"
        diagnostics.append(Diagnostic(Position(str(where)), "error", message))
        return None
    return Stamp.of(data)


def _failure(job: Job, exc: Exception) -> Result:
    """An unexpected failure (a bug, or a worker process that died) as an error of its handout."""
    message = f"the build stopped unexpectedly ({type(exc).__name__}: {exc}); please report this with the handout"
    diagnostic = Diagnostic(Position(str(job.source)), "error", message)
    return Result(job.source, (diagnostic,), target=job.copy.output_name(job.source.stem))


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
    fingerprint = _fingerprint(source, language, style, (styles.pdf_ua, styles.pdf_a), options.png, values)
    entry = entries.get(target.name)
    thumbnail = preview.thumbnail_path(target) if options.png else None
    edition = target.with_suffix(".html") if options.html else None
    # Skipped only when the files on disk are byte for byte those this fingerprint built: a file
    # another run (or anyone) wrote since, for another patient say, is built again.
    unchanged = entry is not None and entry.fingerprint == fingerprint
    if unchanged and entry is not None and not options.force and entry.vouches_for(target, thumbnail, edition):
        replayed = entry.replayed(source)
        return Result(source, replayed, target, entry.pages, skipped=True, fingerprint=fingerprint, target=name)
    return Job(
        source, options.out_dir, style.path, style.files, styles.pdf_ua, styles.pdf_a, styles.today, options.png,
        fingerprint, copy, options.html,
    )  # fmt: skip


def _fingerprint(
    source: Path,
    language: Node | None,
    style: Prepared,
    standards: tuple[bool | None, bool | None],
    png: bool,
    values: tuple[str, ...],
) -> str:
    """Everything that shapes the PDF (and preview) of ``source``, in one digest."""
    tag = language.value.strip() if isinstance(language, Scalar) else ""
    return manifest.digest(
        (
            f"source: {manifest.file_digest(source)}",
            *manifest.bibliography_digests(source),
            f"style: {style.digest}",
            *manifest.catalog_digests(tag or "en"),
            f"pdf_ua: {standards[0]}",
            f"pdf_a: {standards[1]}",
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
