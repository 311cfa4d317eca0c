"""Fixtures shared by every test."""

from __future__ import annotations

import pytest

from .helpers import ROOT


@pytest.fixture(autouse=True)
def _in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from the project folder, where `styles/` and `source/` are."""
    monkeypatch.chdir(ROOT)
