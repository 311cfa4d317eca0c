"""Dates are Babel's (CLDR), remembered on disk so that later runs need not load Babel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handoutkit.cli.main import main
from handoutkit.installed import installed_versions
from handoutkit.language import dates

from ..helpers import MINIMAL, ROOT, pdf_text, write

SPANISH = "language: es\n" + MINIMAL


def cache_file(folder: Path) -> Path:
    return folder / f"dates-babel-{installed_versions()['babel']}.json"


def build(tmp_path: Path, text: str, cache: Path | str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(dates.CACHE_ENV, str(cache))
    source = write(tmp_path, "h.yaml", text)
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--force"]) == 0
    return pdf_text(tmp_path / "out" / "h.pdf")


def test_babel_s_answers_are_remembered_in_a_file_named_after_its_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    assert "Revisado: 12 de abril de 2025" in build(tmp_path, SPANISH, cache, monkeypatch)
    found = json.loads(cache_file(cache).read_text(encoding="utf-8"))
    assert found["date es 2025-04-12"] == "12 de abril de 2025"
    assert found["known es"] is True


def test_a_remembered_date_is_used_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache_file(cache).write_text(json.dumps({"date en 2025-04-12": "the twelfth of April, 2025"}), encoding="utf-8")
    assert "Reviewed: the twelfth of April, 2025" in build(tmp_path, MINIMAL, cache, monkeypatch)


def test_a_run_with_every_date_remembered_never_imports_babel(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL)
    program = (
        "import sys; from handoutkit.cli.main import main; "
        f"status = main(['build', {str(source)!r}, '--out', {str(tmp_path / 'out')!r}, '--force']); "
        "print(status, 'babel' in sys.modules)"
    )
    env = {**os.environ, dates.CACHE_ENV: str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=ROOT) for _ in "12"
    ]
    assert [run.stdout.split()[-2:] for run in runs] == [["0", "True"], ["0", "False"]]


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "[1, 2]",
        '{"date en 2025-04-12": 7}',
        '{"date en 2025-04-12": true}',  # a date must be text, or 'True' would print
        '{"known en": "no"}',  # and an answer true or false
        "",
    ],
)
def test_a_damaged_file_is_ignored_and_written_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache_file(cache).write_text(damage, encoding="utf-8")
    assert "Reviewed: April 12, 2025" in build(tmp_path, MINIMAL, cache, monkeypatch)
    assert json.loads(cache_file(cache).read_text(encoding="utf-8"))["date en 2025-04-12"] == "April 12, 2025"


def test_a_cache_folder_that_cannot_be_written_does_not_stop_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert "Reviewed: April 12, 2025" in build(tmp_path, MINIMAL, blocked / "cache", monkeypatch)


def test_an_empty_setting_remembers_nothing_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert "Reviewed: April 12, 2025" in build(tmp_path, MINIMAL, "", monkeypatch)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_without_a_setting_the_cache_is_in_the_xdg_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(dates.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    source = write(tmp_path, "h.yaml", MINIMAL)
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--force"]) == 0
    assert "date en 2025-04-12" in json.loads(cache_file(tmp_path / "xdg" / "handoutkit").read_text(encoding="utf-8"))


def test_with_babel_s_version_unknown_nothing_is_remembered(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An upgrade could not be told from the file name, so a stale answer could stay."""
    monkeypatch.setattr(dates, "installed_versions", lambda: {})
    assert dates._cache_file(str(tmp_path), None, None) is None


def test_the_cache_file_follows_the_environment_it_is_asked_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is looked up once per setting, not per date, and a changed setting is followed."""
    monkeypatch.delenv(dates.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert dates.remembered().path == cache_file(tmp_path / "home" / ".cache" / "handoutkit")
    assert dates.remembered() is dates.remembered()
    monkeypatch.setenv(dates.CACHE_ENV, str(tmp_path / "set"))
    assert dates.remembered().path == cache_file(tmp_path / "set")
    monkeypatch.setenv(dates.CACHE_ENV, "")
    assert dates.remembered().path is None
