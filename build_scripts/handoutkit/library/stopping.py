"""Signals that stop a run: Ctrl-C, SIGTERM (``kill PID``) and SIGHUP (a closed terminal).

Once :func:`install` has run (the ``handoutkit`` command does it), each raises :class:`Stopped` in
the main thread, so everything that handles Ctrl-C handles them the same way. Inside a
:func:`deferred` block the signal waits until the block is done: a step such as moving a finished
PDF into place and recording it is never cut in half. Blocking the signal in the operating system
would not do: in a process with threads (a worker pool's) it is delivered to another thread, and
Python runs its handler in the main thread all the same.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Stopped(KeyboardInterrupt):
    """A signal asked the run to stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _State:
    depth = 0  # deferred blocks the main thread is in
    pending: int | None = None  # a signal that came inside one


def install() -> None:
    """Make the stopping signals raise :class:`Stopped` (in the main thread)."""
    for signum in STOPPING:
        signal.signal(signum, _handle)


def _handle(signum: int, frame: FrameType | None) -> None:
    if signum != signal.SIGINT:
        # The first SIGTERM or SIGHUP stops the run; more of them (a service manager repeats its
        # SIGTERM) must not cut short the finishing of the handouts being built.
        for other in STOPPING:
            if other != signal.SIGINT:
                signal.signal(other, signal.SIG_IGN)
    if _State.depth:
        _State.pending = _State.pending or signum
        return
    raise Stopped(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Run the block whole; a stopping signal that comes meanwhile takes effect right after it."""
    _State.depth += 1
    try:
        yield
    finally:
        _State.depth -= 1
        if not _State.depth and _State.pending is not None:
            signum, _State.pending = _State.pending, None
            raise Stopped(signum)
