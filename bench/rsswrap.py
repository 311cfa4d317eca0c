"""Run a Python module or script in this process, then report its peak memory and its children's.

``python bench/rsswrap.py REPORT.json -m MODULE ARGS...`` or ``python bench/rsswrap.py REPORT.json SCRIPT ARGS...``

The program runs as ``__main__`` in this process, so ``RUSAGE_SELF`` is its own peak resident set
and ``RUSAGE_CHILDREN`` the largest of the worker processes it started and waited for. Both go to
REPORT.json in megabytes; the exit status is the program's.
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
from pathlib import Path


def megabytes(who: int) -> float:
    """Peak resident set size of ``who`` (``RUSAGE_SELF`` or ``RUSAGE_CHILDREN``) in MB (Linux: KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def run(target: list[str]) -> int:
    """Run ``-m MODULE ARGS`` or ``SCRIPT ARGS`` as ``__main__``; its exit status."""
    module = target[0] == "-m"
    name, args = (target[1], target[2:]) if module else (target[0], target[1:])
    sys.argv = [name, *args]
    try:
        if module:
            runpy.run_module(name, run_name="__main__", alter_sys=True)
        else:
            runpy.run_path(name, run_name="__main__")
    except SystemExit as stop:
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def main(argv: list[str]) -> int:
    """Run the target, then write the report."""
    if len(argv) < 2:
        print("usage: rsswrap.py REPORT.json (-m MODULE | SCRIPT) [ARGS...]", file=sys.stderr)
        return 2
    status = run(argv[1:])
    report = {"self_mb": megabytes(resource.RUSAGE_SELF), "children_mb": megabytes(resource.RUSAGE_CHILDREN)}
    Path(argv[0]).write_text(json.dumps(report), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
