"""Test helpers: write handouts to tmp_path and read PDFs back as people see them."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from pypdf import PdfReader

from handoutkit.diagnostics import Report
from handoutkit.load import yamlfile
from handoutkit.model import Handout
from handoutkit.validate import handout as validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "source" / "biological-therapy-for-cancer.yaml"

MINIMAL = """\
title: A small handout
reviewed: 2025-04-12
sections:
  - heading: First section
    blocks:
      - A paragraph of text.
"""

# A handout with nothing for the plain-language checks to report (judged as of 2026-01-01).
CLEAN = """\
title: A small handout
reviewed: 2025-04-12
summary: This page says what to do.
sections:
  - heading: First section
    blocks:
      - A paragraph of text.
  - heading: What to do
    blocks:
      - steps: [Call us., Come in.]
"""


# How messages list the block kinds (written out, so that a test fails when the list changes).
KINDS_LISTED_END = "'write_in', 'qr', 'figure', 'figures', 'table', 'checklist', 'terms'"
KINDS_LISTED = "'bullets', 'steps', 'note', 'subheading', " + KINDS_LISTED_END

# Blocks go after this head: the first block line is line 6, its '- ' at column 7.
BLOCKS_HEAD = MINIMAL[: MINIMAL.index("      - A paragraph")]


def run(text: str) -> tuple[Handout | None, list[str]]:
    """Load and validate ``text`` as h.yaml; the Handout and the diagnostics in file order."""
    report = Report()
    root = yamlfile.parse(text, "h.yaml", report)
    handout = validate.validate(root, report) if root is not None else None
    return handout, [str(d) for d in report.sorted()]


def with_blocks(blocks: str) -> str:
    """A minimal handout whose first section holds ``blocks`` (YAML list items, dedented)."""
    return BLOCKS_HEAD + textwrap.indent(textwrap.dedent(blocks), " " * 6)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a dedented handout or style file and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def normalise(text: str) -> str:
    """Collapse runs of white space, as line breaks in a PDF are layout, not content."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: Path | bytes) -> str:
    """All text of a PDF, page after page, white space normalised."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return normalise(" ".join(page.extract_text() for page in reader.pages))


def assert_in_order(text: str, expected: list[str]) -> None:
    """Each expected string occurs in ``text`` after the previous one."""
    at = 0
    for item in expected:
        found = text.find(item, at)
        assert found >= 0, f"{item!r} missing after position {at}: ...{text[at : at + 200]!r}"
        at = found + len(item)


def build_in_fresh_python(program: str, out_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``program`` in a new Python process (nothing this one imported counts) from the project
    folder, with the example handout and ``out_dir`` as its two arguments."""
    return subprocess.run(
        [sys.executable, "-c", program, str(EXAMPLE), str(out_dir)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
