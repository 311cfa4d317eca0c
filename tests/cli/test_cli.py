"""The command line: exit statuses, help, output lines, and the default source folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from handoutkit.cli.main import main

from ..helpers import CLEAN, MINIMAL, ROOT, write


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["--help"], 0),
        (["build", "--help"], 0),
        (["check", "--help"], 0),
        ([], 2),
        (["frobnicate"], 2),
        (["build", "--no-such-option"], 2),
        (["build", "no/such/folder"], 2),
        (["check", "README.md"], 2),
    ],
)
def test_exit_status(argv: list[str], status: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == status
    if status == 0:
        assert "usage: handoutkit" in capsys.readouterr().out


def test_usage_errors_name_the_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "no/such/folder"]) == 2
    assert capsys.readouterr().err == "handoutkit: error: no/such/folder: no such file or folder\n"


def test_check_reports_every_problem_and_builds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, "bad.yaml", MINIMAL.replace("title: A small handout", "titel: x\nauthor: [1]"))
    assert main(["check", str(bad)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{bad}:1:1: error: unknown key 'titel' in the handout; did you mean 'title'?",
        f"{bad}:2:9: error: 'author' must be text, found a list",
    ]
    assert captured.out.endswith("\n0 checked, 1 failed, 0 warnings\n")  # a failed file has no figures
    assert not list(tmp_path.glob("*.pdf"))


def test_warnings_do_not_fail_a_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "h.yaml", CLEAN + "references:\n  - {id: unused, type: webpage, title: T}\n")
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--today", "2026-01-01"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"{source}:12:10: warning: reference 'unused' is never cited, so it is left out of the References list; "
        "cite it with [@unused] or remove it\n"
    )
    lines = captured.out.splitlines()
    assert lines[0] == f"built {tmp_path}/out/h.pdf (1 page)"
    assert re.fullmatch(r"1 built, 0 skipped, 0 failed, 1 warning, 1 page, \d+\.\d seconds", lines[1]), lines
    assert len(lines) == 2


def test_build_defaults_to_source_folder_and_build_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "source/one.yaml", MINIMAL)
    write(tmp_path, "source/two.yml", MINIMAL)
    write(tmp_path, "source/notes.txt", "not a handout")
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    built = sorted(p.name for p in (tmp_path / "build").iterdir() if not p.name.startswith("."))  # not the manifest
    assert built == ["one.pdf", "two.pdf"]


def test_unknown_style_lists_the_available_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL)
    assert main(["build", str(source), "--style", "fancy"]) == 1
    names = "default, example-clinic, large-print"
    assert f"error: no style 'fancy'; give a style file or a name from {names}" in capsys.readouterr().err


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "handoutkit", "check", "source", "--today", "2026-01-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("checked, 0 failed, 0 warnings\n")
