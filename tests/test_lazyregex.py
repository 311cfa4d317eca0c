"""Patterns that ReportLab and PyYAML compile at import are compiled only when used, and behave the same."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handoutkit.lazyregex import DeferredPattern, deferred_compiles

from .helpers import ROOT

# In a fresh process (what this one imported first does not matter): build the example with the
# CLI, then use each deferred pattern as its module does.
_FRESH_PROCESS = """
import io, json, re, sys
original = re.compile
from handoutkit.cli import main
status = main(["build", sys.argv[1], "--out", sys.argv[2], "--force"], out=io.StringIO(), err=io.StringIO())
import reportlab.lib.textsplit as textsplit
import reportlab.platypus.paragraph as paragraph
import yaml, yaml.reader
patterns = {"uri": paragraph.uri_pat, "cjk": textsplit.rx, "printable": yaml.reader.Reader.NON_PRINTABLE}
result = {
    "status": status,
    "restored": re.compile is original,
    "kinds": {name: type(pattern).__name__ for name, pattern in patterns.items()},
    "compiled_by_build": [name for name, pattern in patterns.items() if pattern.compiled],
    "uri_pairs": paragraph._uri_split_pairs("https://www.cancer.gov/types/immunotherapy"),
    "cjk": textsplit.rx.sub(lambda match: "[" + match.group(1) + "]", "\\u6f22\\u5b57 text"),
}
try:
    yaml.load("a: \x07", Loader=yaml.SafeLoader)
except yaml.reader.ReaderError as error:
    result["printable"] = str(error).splitlines()[0]
result["compiled_in_use"] = [name for name, pattern in patterns.items() if pattern.compiled]
print(json.dumps(result))
"""


def test_a_build_never_compiles_the_deferred_patterns(tmp_path: Path) -> None:
    source = ROOT / "source" / "biological-therapy-for-cancer.yaml"
    run = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS, str(source), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["status"] == 0
    assert (tmp_path / "biological-therapy-for-cancer.pdf").stat().st_size > 10_000
    assert result["restored"] is True
    assert result["kinds"] == dict.fromkeys(("uri", "cjk", "printable"), "DeferredPattern")
    assert result["compiled_by_build"] == []
    # Used as their modules use them, they work as compiled patterns do (and are compiled then).
    assert result["uri_pairs"] == [
        ["https://www.cancer.gov/types/", "immunotherapy"],
        ["https://www.cancer.gov/", "types/immunotherapy"],
        ["https://", "www.cancer.gov/types/immunotherapy"],
    ]
    assert result["cjk"] == "[\u6f22][\u5b57] text"
    assert result["printable"] == "unacceptable character #x0007: special characters are not allowed"
    assert result["compiled_in_use"] == ["uri", "cjk", "printable"]


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        ("(^(?:[a-z]*)://)([a-z\xa1-\uffff.]+)", re.IGNORECASE, "HTTPS://Cáncer.gov"),
        ("[^\x09\x0a\x20-\x7e]", 0, "plain \x07 bell"),
        (b"(\\d+) (\\w+)", 0, b"42 obj"),
    ],
)
def test_a_deferred_pattern_behaves_as_the_compiled_one(pattern: Any, flags: int, text: Any) -> None:
    deferred, compiled = DeferredPattern(pattern, flags), re.compile(pattern, flags)
    assert not deferred.compiled
    assert repr(deferred) == f"DeferredPattern({pattern!r}, {flags!r})"
    found, expected = deferred.search(text), compiled.search(text)
    assert found is not None and expected is not None
    assert (found.span(), found.groups()) == (expected.span(), expected.groups())
    assert deferred.compiled
    assert (deferred.pattern, deferred.flags, deferred.groups) == (compiled.pattern, compiled.flags, compiled.groups)
    assert deferred.split(text) == compiled.split(text)
    assert deferred.sub(text[:0], text) == compiled.sub(text[:0], text)


def _write_module(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def module_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [name for name in sys.modules if name.startswith("lazyregex_sample")]:
        del sys.modules[name]


def test_only_the_named_modules_top_level_compiles_are_deferred(module_folder: Path) -> None:
    _write_module(
        module_folder,
        "lazyregex_sample_named",
        """
        import re
        AT_TOP = re.compile("[a-z]+", re.IGNORECASE)
        MADE_AT_ONCE = re.compile("x").match  # an attribute taken at once compiles it at once
        class Reader:
            IN_CLASS = re.compile(b"[^ -~]")
        def in_function():
            return re.compile("[0-9]+")
        FROM_FUNCTION = in_function()
        import lazyregex_sample_other
        """,
    )
    _write_module(module_folder, "lazyregex_sample_other", "import re\nOTHER = re.compile('[a-z]')\n")
    original = re.compile
    with deferred_compiles("lazyregex_sample_named"):
        import lazyregex_sample_named as named  # type: ignore[import-not-found]

        during = re.compile
    assert re.compile is original
    assert isinstance(named.AT_TOP, DeferredPattern) and not named.AT_TOP.compiled
    assert isinstance(named.Reader.IN_CLASS, DeferredPattern) and not named.Reader.IN_CLASS.compiled
    assert named.MADE_AT_ONCE("xyz") is not None
    assert isinstance(named.FROM_FUNCTION, re.Pattern)
    assert isinstance(sys.modules["lazyregex_sample_other"].OTHER, re.Pattern)
    assert isinstance(named.in_function(), re.Pattern)
    # A reference to the stand-in taken inside the block compiles normally after it.
    assert during is not original and isinstance(during("[a-z]"), re.Pattern)
    assert named.AT_TOP.fullmatch("ABC") is not None and named.AT_TOP.compiled


def test_the_standard_compile_comes_back_when_an_import_fails(module_folder: Path) -> None:
    _write_module(module_folder, "lazyregex_sample_broken", "import re\nP = re.compile('a')\nraise ImportError('no')\n")
    original = re.compile
    with pytest.raises(ImportError, match="no"), deferred_compiles("lazyregex_sample_broken"):
        import lazyregex_sample_broken  # type: ignore[import-not-found]  # noqa: F401
    assert re.compile is original


def test_nested_blocks_defer_both_and_restore_in_order() -> None:
    original = re.compile
    with deferred_compiles("a"):
        with deferred_compiles("b"):
            inner = re.compile
        assert re.compile is inner is not original
    assert re.compile is original
