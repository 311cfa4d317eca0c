"""A corpus of broken handouts, as clinic editors break them: each gives exactly its expected messages.

Each ``tests/corpus/bad/NAME.yaml`` has a sibling ``NAME.expected``: the lines ``handoutkit build``
prints on stderr for it, one diagnostic a line, with the path as given from the project folder. A
broken handout writes no PDF, and ``handoutkit check`` reports the same problems.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from handoutkit.cli.main import main

from .helpers import ROOT

CORPUS = ROOT / "tests" / "corpus" / "bad"
CASES = sorted(CORPUS.glob("*.yaml"))


def expected(source: Path) -> list[str]:
    return source.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def test_every_broken_handout_has_its_expected_messages() -> None:
    assert len(CASES) >= 15
    assert sorted(path.stem for path in CORPUS.glob("*.expected")) == [path.stem for path in CASES]


@pytest.mark.parametrize("source", CASES, ids=lambda path: path.stem)
def test_build_reports_exactly_the_expected_messages_and_writes_nothing(source: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = main(["build", str(source.relative_to(ROOT)), "--out", str(tmp_path), "--jobs", "1"], out=out, err=err)
    assert err.getvalue().splitlines() == expected(source)
    assert status == 1
    assert out.getvalue().splitlines()[-1].startswith("0 built, 0 skipped, 1 failed, 0 warnings, 0 pages")
    assert [path.name for path in tmp_path.iterdir() if not path.name.startswith(".handoutkit")] == []


@pytest.mark.parametrize("source", CASES, ids=lambda path: path.stem)
def test_check_reports_the_same_messages(source: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(source.relative_to(ROOT))], out=out, err=err)
    assert (status, err.getvalue().splitlines()) == (1, expected(source))
