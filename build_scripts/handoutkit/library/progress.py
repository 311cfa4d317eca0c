"""A one-line progress bar for terminals, redrawn in place; silent when output is not a terminal."""

from __future__ import annotations

from typing import TextIO

_WIDTH = 24  # cells in the bar
_CLEAR = "\r\x1b[K"  # back to the start of the line, and erase it


class Progress:
    """Shows 'done/total' with a bar on a terminal; prints nothing anywhere else."""

    def __init__(self, out: TextIO, total: int) -> None:
        self.out = out
        self.total = total
        self.live = out.isatty()
        self.shown = False

    def show(self, done: int, label: str = "") -> None:
        """Redraw the bar: how many of the total are done, and what finished last."""
        if not self.live:
            return
        filled = _WIDTH * done // max(self.total, 1)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.out.write(f"{_CLEAR}[{bar}] {done}/{self.total} {label}")
        self.out.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the bar, so that a line printed next starts at the left edge."""
        if self.shown:
            self.out.write(_CLEAR)
            self.out.flush()
            self.shown = False
