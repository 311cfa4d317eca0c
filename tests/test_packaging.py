"""An installed handoutkit (a wheel, as pip and pre-commit install it) carries what it reads at run
time: the built-in styles with their glossary and logo, the word catalogs and the editor schemas, and
checks and builds a handout in a project that has none of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .helpers import CLEAN, ROOT, write

WHEEL_HOLDS = [
    "handoutkit/style/builtin/default.yaml",
    "handoutkit/style/builtin/large-print.yaml",
    "handoutkit/style/builtin/example-clinic.yaml",
    "handoutkit/style/builtin/glossary/medical-terms.yaml",
    "handoutkit/style/builtin/logos/example-clinic.png",
    "handoutkit/language/catalogs/en.yaml",
    "handoutkit/validate/schemas/handout.schema.json",
    "handoutkit/validate/schemas/style.schema.json",
    "handoutkit/py.typed",
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """handoutkit built into a wheel and installed into a folder of its own (its dependencies are this venv's)."""
    folder = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools works in the project's build/ folder, where handouts are built.
    project = folder / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    for name in ("build_scripts", "styles"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(folder), str(project)], check=True, timeout=300)
    (wheel,) = folder.glob("handoutkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    missing = [name for name in WHEEL_HOLDS if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    target = folder / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, timeout=300)
    return target


def test_an_installed_handoutkit_checks_and_builds_a_handout_in_a_bare_project(installed: Path, tmp_path: Path) -> None:
    """No styles/ folder in the project and no source checkout: the packaged built-in styles are used."""
    write(tmp_path, "source/h.yaml", CLEAN)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "import handoutkit.style.files as f; print(f.__file__, f.BUILTIN_DIR)"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout.split()  # fmt: skip
    assert where[0].startswith(str(installed)) and where[1] == str(installed / "handoutkit" / "style" / "builtin")
    for command in (["check", "source/h.yaml", "--today", "2026-01-01"], ["build", "--style", "example-clinic"]):
        result = subprocess.run(
            [sys.executable, "-m", "handoutkit", *command], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert (tmp_path / "build" / "h.pdf").read_bytes().startswith(b"%PDF-")
