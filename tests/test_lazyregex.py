"""Patterns that ReportLab and PyYAML compile at import are compiled only when used, and behave the same."""

from __future__ import annotations

import copy
import json
import pickle
import re
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoutkit import lazyregex
from handoutkit.lazyregex import DeferredPattern, deferred_compiles

from .helpers import build_in_fresh_python

# In a fresh process (what this one imported first does not matter): build the example with the
# CLI, then use each deferred pattern as its module does.
_FRESH_PROCESS = """
import io, json, re, sys
original = re.compile
from handoutkit.cli.main import main
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
    "others": sorted({type(paragraph._scheme_re).__name__, type(paragraph._hy_pfx_pat).__name__}),
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
    run = build_in_fresh_python(_FRESH_PROCESS, tmp_path)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["status"] == 0
    assert (tmp_path / "biological-therapy-for-cancer.pdf").stat().st_size > 10_000
    assert result["restored"] is True
    assert result["kinds"] == dict.fromkeys(("uri", "cjk", "printable"), "DeferredPattern")
    assert result["compiled_by_build"] == []
    assert result["others"] == ["Pattern"]  # the modules' other patterns are compiled as usual
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
        ("([^\x09\x0a\x20-\x7e])", 0, "plain \x07 bell"),
    ],
)
def test_a_deferred_pattern_behaves_as_the_compiled_one(pattern: str, flags: int, text: str) -> None:
    deferred, compiled = DeferredPattern(pattern, flags), re.compile(pattern, flags)
    assert not deferred.compiled
    assert repr(deferred) == f"DeferredPattern({pattern!r}, {flags!r})"
    found, expected = deferred.search(text), compiled.search(text)
    assert found is not None and expected is not None
    assert (found.span(), found.groups()) == (expected.span(), expected.groups())
    assert deferred.compiled
    assert (deferred.pattern, deferred.flags, deferred.groups) == (compiled.pattern, compiled.flags, compiled.groups)
    assert deferred.split(text) == compiled.split(text)
    assert deferred.sub("", text) == compiled.sub("", text)


def test_a_deferred_pattern_copies_and_pickles_as_the_compiled_one() -> None:
    compiled = re.compile("[a-z]+", re.IGNORECASE)
    deferred = [DeferredPattern("[a-z]+", re.IGNORECASE) for _ in range(3)]
    assert copy.copy(deferred[0]) == compiled
    assert copy.deepcopy(deferred[1]) == compiled
    assert pickle.loads(pickle.dumps(deferred[2])) == compiled
    bare = DeferredPattern.__new__(DeferredPattern)  # as copy and pickle make one: no slot set yet
    with pytest.raises(AttributeError):
        bare._compiled  # noqa: B018 - an unset slot is an AttributeError, not endless recursion


def _write_module(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


@pytest.fixture
def module_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [name for name in sys.modules if name.startswith("lazyregex_sample")]:
        del sys.modules[name]


def test_only_the_named_patterns_compiled_at_the_top_of_their_module_are_deferred(module_folder: Path) -> None:
    _write_module(
        module_folder,
        "lazyregex_sample_named",
        """
        import re
        AT_TOP = re.compile("[a-z]+ wide", re.IGNORECASE)
        NOT_NAMED = re.compile("[0-9]+")
        MADE_AT_ONCE = re.compile("[a-z]+ at once").match  # an attribute taken at once compiles it at once
        class Reader:
            IN_CLASS = re.compile("[^ -~] in class")
        def in_function():
            return re.compile("[a-z]+ in function")
        FROM_FUNCTION = in_function()
        import lazyregex_sample_other
        """,
    )
    _write_module(module_folder, "lazyregex_sample_other", "import re\nOTHER = re.compile('[a-z]+ elsewhere')\n")
    original = re.compile
    with deferred_compiles({"lazyregex_sample_named": ("[a-z]+", "[^ -~]")}):
        import lazyregex_sample_named as named  # type: ignore[import-not-found]

        during = re.compile
    assert re.compile is original and lazyregex._active == []
    assert isinstance(named.AT_TOP, DeferredPattern) and not named.AT_TOP.compiled
    assert isinstance(named.Reader.IN_CLASS, DeferredPattern) and not named.Reader.IN_CLASS.compiled
    assert isinstance(named.NOT_NAMED, re.Pattern)
    assert named.MADE_AT_ONCE("xyz at once") is not None
    assert isinstance(named.FROM_FUNCTION, re.Pattern)
    assert isinstance(sys.modules["lazyregex_sample_other"].OTHER, re.Pattern)
    # A reference to the stand-in taken inside the block compiles normally after it.
    assert during is not original and isinstance(during("[a-z]+"), re.Pattern)
    assert named.AT_TOP.fullmatch("ABC WIDE") is not None and named.AT_TOP.compiled


def test_the_standard_compile_comes_back_when_an_import_fails(module_folder: Path) -> None:
    _write_module(module_folder, "lazyregex_sample_broken", "import re\nP = re.compile('a')\nraise ImportError('no')\n")
    original = re.compile
    with pytest.raises(ImportError, match="no"), deferred_compiles({"lazyregex_sample_broken": ("a",)}):
        import lazyregex_sample_broken  # type: ignore[import-not-found]  # noqa: F401
    assert re.compile is original and lazyregex._active == []


def test_blocks_in_two_threads_that_end_out_of_order_put_the_standard_compile_back() -> None:
    original = re.compile
    first_in, second_in, first_may_end = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with deferred_compiles({"a": ("x",)}):
            first_in.set()
            second_in.wait(10)
            first_may_end.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(10)
    with deferred_compiles({"b": ("y",)}):
        second_in.set()
        assert re.compile is not original and len(lazyregex._active) == 2
    assert re.compile is not original  # the first thread's block still runs
    first_may_end.set()
    thread.join(10)
    assert re.compile is original and lazyregex._active == []


def test_a_compile_replaced_by_someone_else_meanwhile_is_left_alone() -> None:
    original = re.compile
    with deferred_compiles({"a": ("x",)}):
        re.compile = replacement = lambda pattern, flags=0: original(pattern, flags)
    try:
        assert re.compile is replacement
    finally:
        re.compile = original
