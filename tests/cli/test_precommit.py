"""The pre-commit hook: its entry, run as pre-commit runs it, passes good handouts and fails broken ones."""

from __future__ import annotations

import datetime
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..helpers import CLEAN, MINIMAL, ROOT, write

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _hook() -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = (hook for hook in hooks if hook["id"] == "handoutkit-check")
    assert isinstance(hook, dict)
    return hook


def _commit(files: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit does: its entry split like a shell, its args, then the staged files
    it matches, in the repository's top folder, with the hook's environment (where handoutkit is) first
    on PATH."""
    hook = _hook()
    matched = [name for name in files if re.search(hook["files"], name)]
    command = [*shlex.split(hook["entry"]), *hook.get("args", []), *matched]
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)


def test_the_hook_is_a_python_hook_that_checks_the_files_it_is_given() -> None:
    hook = _hook()
    assert hook["entry"] == "handoutkit check"
    assert hook["language"] == "python"
    assert hook.get("pass_filenames", True) is True
    assert "args" not in hook  # warnings do not fail a commit; a clinic adds --strict (docs/commands.md)


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("source/x.yaml", True),
        ("source/x.yml", True),
        ("source/es/x.yaml", True),
        ("styles/x.yaml", False),
        ("catalogs/es.yaml", False),
        ("x.yaml", False),
        ("source/x.yaml.bak", False),
        ("source/notes.md", False),
    ],
)
def test_the_hook_takes_the_handouts_in_source(name: str, matches: bool) -> None:
    assert bool(re.search(_hook()["files"], name)) is matches


def test_a_good_handout_passes_and_a_broken_one_fails_the_commit(tmp_path: Path) -> None:
    today = datetime.date.today().isoformat()  # the hook judges review dates as of today
    write(tmp_path, "source/good.yaml", CLEAN.replace("reviewed: 2025-04-12", f"reviewed: {today}"))
    write(tmp_path, "source/broken.yaml", MINIMAL.replace("reviewed: 2025-04-12", "reviewed: 2025-13-45"))
    write(tmp_path, "styles/clinic.yaml", "extends: default\n")  # staged too, and not the hook's to check

    good = _commit(["source/good.yaml", "styles/clinic.yaml"], tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stderr == ""
    assert good.stdout.endswith("\n1 checked, 0 failed, 0 warnings\n")

    broken = _commit(["source/good.yaml", "source/broken.yaml"], tmp_path)
    assert broken.returncode == 1
    assert broken.stderr == (
        "source/broken.yaml:2:11: error: 'reviewed' '2025-13-45' is not a real date (month 01-12, day within "
        "the month); write it as YYYY-MM-DD, e.g. 2025-04-12\n"
    )
    assert broken.stdout.endswith("\n1 checked, 1 failed, 0 warnings\n")
