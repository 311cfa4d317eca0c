"""The handoutkit command's process: the cycle collector is tuned before any import and frozen at the end."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoutkit.cli import console
from handoutkit.cli import main as cli

from ..helpers import ROOT, build_in_fresh_python

# What the collector looked like when the command line's module was imported, and at exit.
_PROBE = """
import atexit, gc, json, sys
seen = {"default": gc.get_threshold()[0]}
def audit(event, args):
    if event == "import" and args[0] == "handoutkit.cli.main" and "at_import" not in seen:
        seen["at_import"] = gc.get_threshold()[0]
sys.addaudithook(audit)
atexit.register(lambda: print(json.dumps({**seen, "frozen": gc.get_freeze_count()}), file=sys.stderr))
sys.argv = ["handoutkit", "build", sys.argv[1], "--out", sys.argv[2], "--force"]
import runpy
runpy.run_module("handoutkit", run_name="__main__")
"""


def test_the_collector_runs_less_often_from_the_start_and_is_frozen_at_exit(tmp_path: Path) -> None:
    run = build_in_fresh_python(_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "biological-therapy-for-cancer.pdf").is_file()
    seen = json.loads(run.stderr.strip().splitlines()[-1])
    assert seen["at_import"] == console.FIRST_THRESHOLD == 50_000 != seen["default"]  # Python's is 700
    assert seen["frozen"] > 20_000  # every object alive at the end: modules, fonts, the last document


@pytest.fixture
def _collector_restored() -> Iterator[None]:
    """console.main tunes and freezes this (the test) process's collector too: put both back."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("_collector_restored")
def test_ctrl_c_ends_the_command_with_a_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(argv: object = None) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "main", interrupted)
    with pytest.raises(SystemExit) as stopped:
        console.main()
    assert stopped.value.code == console.EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == (
        "handoutkit: interrupted; finished PDFs are complete, unfinished ones were not written\n"
    )
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("_collector_restored")
def test_the_status_of_the_command_line_is_the_exit_status(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "main", lambda argv=None: 1)
    with pytest.raises(SystemExit) as stopped:
        console.main()
    assert stopped.value.code == 1
    assert gc.get_threshold()[0] == console.FIRST_THRESHOLD


def test_a_closed_output_pipe_stops_the_command_quietly(tmp_path: Path) -> None:
    """``handoutkit build | head -1``: once the reader is gone, no traceback and no 'Exception ignored'."""
    command = [sys.executable, "-m", "handoutkit", "build", "source", "--out", str(tmp_path), "--force"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before the first line is written
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait(timeout=120) == console.EXIT_BROKEN_PIPE == 1
    assert err == ""


@pytest.mark.usefixtures("_collector_restored")
def test_a_script_installed_with_the_old_entry_point_still_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "main", lambda argv=None: 0)
    with pytest.raises(SystemExit) as stopped:
        cli.main_exit()
    assert stopped.value.code == 0
