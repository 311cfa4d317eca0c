"""The output folder a run writes into: one run at a time, and nothing left over from killed runs.

A run that writes into a folder (``build``, ``catalog``) holds ``DIR/.handoutkit-lock`` while it
works. The lock is an operating-system lock on an open file (``flock``, through the ``filelock``
package), so it is released the moment its process ends, however it ends: a killed build never
leaves the folder locked. A second run into the same folder says that it waits, and starts when
the first is done, reading the manifest the first one left. Holding the lock, a run removes the
hidden temporary files (``.NAME.XXXXXXXX.part``) that killed runs left behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from filelock import FileLock, Timeout

from ..writer import PART_SUFFIX

LOCK_NAME = ".handoutkit-lock"
_POLL_SECONDS = 0.1


class FolderError(Exception):
    """The output folder cannot be made or locked; the message says why, for the user."""


@contextlib.contextmanager
def claimed(out_dir: Path, err: TextIO) -> Iterator[None]:
    """Hold ``out_dir``'s lock (making the folder if need be) for the block, waiting for another run."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(out_dir / LOCK_NAME)
        try:
            lock.acquire(blocking=False)
        except Timeout:
            print(f"handoutkit: waiting for another run that writes into {out_dir} to finish", file=err, flush=True)
            lock.acquire(poll_interval=_POLL_SECONDS)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if out_dir.is_file():
            reason = "it is a file, not a folder"
        elif (out_dir / LOCK_NAME).is_symlink():  # planted to make us write elsewhere: never followed
            reason = f"its {LOCK_NAME} is a symbolic link, which this tool never makes; remove it"
        message = f"{out_dir}: error: cannot use the output folder ({reason}); check it, or choose another --out"
        raise FolderError(message) from None
    try:
        remove_leftovers(out_dir)
        yield
    finally:
        lock.release()


def remove_leftovers(out_dir: Path) -> int:
    """Remove the temporary files of runs that were killed; return how many there were."""
    removed = 0
    for path in out_dir.glob(f".*{PART_SUFFIX}"):
        with contextlib.suppress(OSError):  # another process's file, or gone already: not ours to fuss over
            path.unlink()
            removed += 1
    return removed
