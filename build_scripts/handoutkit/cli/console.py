"""The ``handoutkit`` command (and ``python -m handoutkit``): a process set up for a short run, then cli.main.

Python's cycle collector is tuned for long-running programs, and costs a short one more than its
instructions suggest, since it walks every object it tracks. Two settings, both measured (see
docs/performance.md), change nothing but how often it runs:

- Before anything else is imported, its first threshold goes from 700 allocations to 50,000.
  Importing ReportLab and our modules makes some 30,000 objects that live as long as the process,
  and with the default the collector walked them about 60 times while they were being made.
- At the end, every object still alive is frozen (``gc.freeze``), so the collections Python runs
  while shutting down skip them: the memory goes back to the system with the process anyway.

A library build still collects between handouts (``library.run_job`` pauses the collector only
while one is laid out), every 50,000 allocations instead of every 700.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys

from ..library import stopping

FIRST_THRESHOLD = 50_000  # allocations between two collections of the youngest objects (Python: 700)
EXIT_INTERRUPTED = 130  # what shells report for a command stopped by Ctrl-C (128 + SIGINT)
EXIT_BROKEN_PIPE = 1  # its output was cut short


def main() -> None:
    """Run the command line and exit with its status; Ctrl-C, SIGTERM and SIGHUP stop it with a line,
    not a traceback (exit status 130, 143 and 129), and a closed output pipe stops it quietly.

    Every PDF is written to a temporary file and renamed when complete, so an interrupted build
    leaves the PDFs it finished and no partial ones.
    """
    gc.set_threshold(FIRST_THRESHOLD, *gc.get_threshold()[1:])
    stopping.install()
    try:
        from .main import main as run

        status = run()
        sys.stdout.flush()  # here, where a closed pipe can still be handled
    except KeyboardInterrupt as exc:
        status = _interrupted(exc.signum if isinstance(exc, stopping.Stopped) else signal.SIGINT)
    except BrokenPipeError:
        # The reader of our output went away (``handoutkit build | head -1``): stop quietly, as other
        # commands do, and send what Python would still flush at exit nowhere (Python's own advice).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_BROKEN_PIPE
    finally:
        gc.freeze()
    sys.exit(status)


def _interrupted(signum: int) -> int:
    """Say once that the run was stopped, and by what; the exit status shells give for that signal."""
    name = "" if signum == signal.SIGINT else f" by {signal.Signals(signum).name}"
    with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
        print(
            f"handoutkit: interrupted{name}; finished PDFs are complete, unfinished ones were not written",
            file=sys.stderr,
            flush=True,
        )
    return 128 + signum
