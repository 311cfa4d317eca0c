"""The tools the HTML edition is tested with, run once for many pages: headless Chromium with
axe-core (``browser.mjs``, through playwright-core) and the Nu HTML Checker (vnu.jar, with Java).

``npm ci --prefix tests/html`` installs them (.ci/run does); a test skips, saying why, where one is
missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
MODULES = HERE / "node_modules"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "run `npm ci --prefix tests/html --ignore-scripts` (as .ci/run does)"


def need_browser() -> str:
    """The path of node, or a skip that says what is missing."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    if not (MODULES / "axe-core").is_dir() or not (MODULES / "playwright-core").is_dir():
        pytest.skip(f"axe-core and playwright-core are not installed: {INSTALL}")
    return node


def need_java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (apt-get install default-jre-headless)")
    if not VNU.is_file():
        pytest.skip(f"vnu-jar is not installed: {INSTALL}")
    return java


def in_browser(files: list[Path]) -> dict[Path, dict[str, object]]:
    """Each file's axe-core violations (WCAG 2.1 A and AA), its number of scripts and the text of
    its ``main`` with list markers, from one headless Chromium."""
    node = need_browser()
    result = subprocess.run(
        [node, str(HERE / "browser.mjs"), str(CHROMIUM), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {Path(found["file"]): found for found in json.loads(result.stdout)}


class Validation:
    """The Nu HTML Checker run on ``files`` in the background (Java), while the browser runs."""

    def __init__(self, java: str, files: list[Path]) -> None:
        self.process = subprocess.Popen(
            [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def errors(self) -> list[dict[str, object]]:
        """Its errors, each with its file ('url'), once it has finished."""
        _, report = self.process.communicate(timeout=300)
        messages: list[dict[str, object]] = json.loads(report or '{"messages": []}')["messages"]
        assert self.process.returncode == 0 or messages, report[-3000:]
        return [message for message in messages if message.get("type") in ("error", "non-document-error")]


def start_validation(files: list[Path]) -> Validation | None:
    """The checker started on ``files``; None where Java or vnu.jar is missing (its tests skip)."""
    java = shutil.which("java")
    return Validation(java, files) if java is not None and VNU.is_file() else None
