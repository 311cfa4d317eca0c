"""``handoutkit watch``: build, then build again each time a file the build reads changes.

Each round starts from a new :class:`Plan` (``cli.main`` makes it): the handouts there are now,
the style each one uses and every file those styles name, and the build itself, a library build
whose manifest skips every handout whose fingerprint did not change. So a round rebuilds exactly
what a change touched, and the next good save after a broken one builds it.

The folders that hold those files are watched with watchfiles (inotify, FSEvents or
ReadDirectoryChangesW), each folder on its own, not the folders inside it: a handout's folder, so
that a new handout counts, and the folder of each file it depends on, since editors often save by
writing a new file and renaming it over the old one. The watcher is set up before the round's build
starts, so a save made while it builds is the next round. An editor's save is several events; they
are one change once no event has come for ``STEP_MS``. What a build writes into the output folder
and editors' temporary files (``.x.swp``, ``x~``, ``.x.part``) never count.

watchfiles catches the signal that stops a wait and raises a plain KeyboardInterrupt, whatever the
signal was; the signal is remembered here, so SIGTERM still ends the command with status 143.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import signal
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

import watchfiles
from msgspec import Struct

from ..library import stopping

STEP_MS = 100  # one change: the events until none has come for this long
DEBOUNCE_MS = 1_600  # ... or at most this long, while events keep coming
WAIT_MS = 100  # a wait returns this often with nothing, so that the first one starts the watcher
_TEMPORARY_ENDINGS = ("~", ".swp", ".swo", ".swx", ".part", ".tmp", ".bak", ".orig")
# What builds (and ``catalog``) write into the output folder, besides their hidden files; never a
# change, also when the output folder is a watched one (``--out .`` beside the handouts).
_OUTPUT_ENDINGS = (".pdf", ".png", ".html")
_SHOWN = 3  # changed files named in a round's first line; more are counted
# What watchfiles raises when it cannot watch: a folder gone, the system's limit of watches reached
# (OSError), or a file name it cannot read (its RuntimeError, WatchfilesRustInternalError).
_CANNOT_WATCH = (OSError, RuntimeError)
EXIT_CANNOT_WATCH = 1

Changes = set[tuple[watchfiles.Change, str]]


class Plan(Struct, frozen=True):
    """One round of ``watch``: every file its build reads, the folders whose new handouts count, the build."""

    files: tuple[Path, ...]  # handouts, style files and what they name (fonts, logos, a glossary)
    folders: tuple[Path, ...]  # a new or removed .yaml file in one of these changes what is built
    run: Callable[[], int]  # prints as ``handoutkit build`` does; returns its exit status


def watch(plan: Callable[[], Plan], out_dir: Path, out: TextIO, err: TextIO) -> int:
    """Run a round now and after every change, until a signal stops the command (KeyboardInterrupt)."""
    for stream in (out, err):
        if isinstance(stream, io.TextIOWrapper):  # each line as it is printed, also into a pipe or a log
            stream.reconfigure(line_buffering=True)
    relevant = Relevant(out_dir)
    watcher: _Watcher | None = None
    changed: Changes = set()
    try:
        while True:
            if changed:
                print(f"--- {datetime.datetime.now():%H:%M:%S} {_described(changed)} changed", file=out, flush=True)
            current = plan()
            relevant.update(current)
            try:
                watcher = _Watcher.over(relevant.folders_to_watch(), relevant, watcher)
            except _CANNOT_WATCH as exc:
                return _cannot_watch(exc, err)
            status = current.run()
            failed = "build failed; " if status else ""
            print(f"{failed}watching for changes (Ctrl-C to stop)", file=out, flush=True)
            err.flush()
            try:
                changed = watcher.wait()
            except _CANNOT_WATCH as exc:
                return _cannot_watch(exc, err)
    finally:
        if watcher is not None:
            watcher.close()


def _cannot_watch(exc: Exception, err: TextIO) -> int:
    print(f"handoutkit: error: cannot watch for changes ({exc}); the PDFs built so far are complete", file=err)
    return EXIT_CANNOT_WATCH


class Relevant:
    """Which file events start a round: watchfiles' filter, kept up to date with each round's plan.

    Paths are compared with their folders' symbolic links resolved, as FSEvents reports them.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = os.path.realpath(out_dir)
        self.files: frozenset[str] = frozenset()
        self.folders: frozenset[str] = frozenset()

    def update(self, plan: Plan) -> None:
        # A file that is a symbolic link counts both as itself and as the file it points to.
        self.files = frozenset(name for file in plan.files for name in (_key(str(file)), os.path.realpath(file)))
        self.folders = frozenset(os.path.realpath(folder) for folder in plan.folders)

    def folders_to_watch(self) -> frozenset[str]:
        """The folders that exist of those that hold the files, and the folders of handouts."""
        wanted = self.folders | {os.path.dirname(file) for file in self.files}
        return frozenset(folder for folder in wanted if os.path.isdir(folder))

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        key = _key(path)
        name = os.path.basename(key)
        if _inside(key, self.out_dir) and (name.startswith(".") or name.endswith(_OUTPUT_ENDINGS)):
            return False  # a build's own output: counting it would start the next build, and so on
        if key in self.files:
            return True
        if _temporary(name):
            return False
        return os.path.dirname(key) in self.folders and name.endswith((".yaml", ".yml"))


class _Watcher:
    """The folders of one set, watched from the moment this is made until it is closed."""

    def __init__(self, folders: frozenset[str], accept: Relevant) -> None:
        self.folders = folders
        self.events: Generator[Changes, None, None] = watchfiles.watch(
            *sorted(folders) or [os.curdir],
            watch_filter=accept,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            rust_timeout=WAIT_MS,
            yield_on_timeout=True,
            recursive=False,
            raise_interrupt=True,
        )
        self.pending: Changes = set()
        self.pending |= self._next()  # the first wait starts the watcher; it returns within WAIT_MS or so

    @classmethod
    def over(cls, folders: frozenset[str], accept: Relevant, old: _Watcher | None) -> _Watcher:
        """A watcher of ``folders``: ``old`` if it watches them; else a new one, with what ``old`` saw
        until the new one was watching (so that no change between the two is lost)."""
        if old is not None and old.folders == folders:
            return old
        new = cls(folders, accept)
        if old is not None:
            new.pending |= old.pending | old._next()
            old.close()
        return new

    def wait(self) -> Changes:
        """The next change: the events that came since the last one, or the first ones to come."""
        while not self.pending:
            self.pending |= self._next()
        changes, self.pending = self.pending, set()
        return changes

    def _next(self) -> Changes:
        with _signals_remembered() as seen:
            try:
                return next(self.events)
            except KeyboardInterrupt:
                if seen:
                    raise stopping.Stopped(seen[0]) from None
                raise

    def close(self) -> None:
        self.events.close()


@contextlib.contextmanager
def _signals_remembered() -> Iterator[list[int]]:
    """Note each stopping signal that comes in the block, then handle it as before.

    watchfiles runs the handlers while it waits and drops the exception they raise (``Stopped``,
    which says which signal it was), raising a plain KeyboardInterrupt instead.
    """
    seen: list[int] = []
    before: dict[int, Callable[[int, FrameType | None], object]] = {}

    def remember(signum: int, frame: FrameType | None) -> None:
        seen.append(signum)
        before[signum](signum, frame)

    for signum in stopping.STOPPING:
        handler = signal.getsignal(signum)
        if callable(handler):
            before[signum] = handler
            signal.signal(signum, remember)
    try:
        yield seen
    finally:
        for signum, handler in before.items():
            if signal.getsignal(signum) is remember:  # not what a handler set meanwhile (SIG_IGN, say)
                signal.signal(signum, handler)


def _key(path: str) -> str:
    """A path with its folder's symbolic links resolved (but not the file's own)."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(os.path.realpath(folder), name)


def _temporary(name: str) -> bool:
    """An editor's or a build's temporary file: hidden (.x.swp, .#x, .x.part), x~, x.bak, or vim's 4913."""
    return name.startswith(".") or name.endswith(_TEMPORARY_ENDINGS) or "___jb_" in name or name.isdigit()


def _described(changes: Changes) -> str:
    """The files that changed, as paths from the current folder where they are inside it."""
    here = os.path.realpath(os.curdir)
    names = sorted({os.path.relpath(path, here) if _inside(path, here) else path for _, path in changes})
    shown = ", ".join(names[:_SHOWN])
    return shown if len(names) <= _SHOWN else f"{shown} and {len(names) - _SHOWN} more"


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)
