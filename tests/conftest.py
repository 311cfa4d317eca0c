"""Fixtures shared by every test."""

from __future__ import annotations

import pytest

from .helpers import ROOT


@pytest.fixture(autouse=True)
def _in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from the project folder, where `styles/` and `source/` are."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _own_cache(monkeypatch: pytest.MonkeyPatch, _cache_folder: str) -> None:
    """Remembered dates go to a folder of the test run's own, never the user's ~/.cache."""
    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", _cache_folder)
