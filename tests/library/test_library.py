"""Library builds: per-handout styles, worker processes, skipping unchanged handouts, previews, progress."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from concurrent import futures
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image

from handoutkit import build as build_module
from handoutkit.cli.main import main
from handoutkit.library import builder as library
from handoutkit.library import manifest, stylechoice

from ..helpers import CLEAN, MINIMAL, pdf_text, write

TODAY = "2026-01-01"  # CLEAN has no findings as of this day
SUMMARY = re.compile(r"(\d+) built, (\d+) skipped, (\d+) failed, (\d+) warnings?, (\d+) pages?, \d+\.\d seconds")
MINE = "extends: default\norganization: Clinic One\n"


def handout(title: str, style: str | None = None) -> str:
    """CLEAN with its own title, and its own ``style:`` when given."""
    text = CLEAN.replace("title: A small handout", f"title: {title}")
    return text if style is None else f"style: {style}\n{text}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A library of three: a.yaml names its own style (styles/mine.yaml, relative to it); b and c do not."""
    lib = tmp_path / "library"
    write(lib, "a.yaml", handout("Alpha", style="styles/mine.yaml"))
    write(lib, "b.yaml", handout("Bravo"))
    write(lib, "c.yaml", handout("Charlie"))
    write(lib, "styles/mine.yaml", MINE)  # not beside the handouts: every .yaml there is a handout
    return lib


def run(*argv: str, out: io.StringIO | None = None) -> tuple[int, list[str], str]:
    """Run the CLI; return the status, the lines on stdout and the text on stderr."""
    out, err = out or io.StringIO(), io.StringIO()
    status = main([*argv, "--today", TODAY], out=out, err=err)
    return status, out.getvalue().splitlines(), err.getvalue()


def build(folder: Path, *options: str, out: str = "out") -> tuple[int, list[str], str]:
    """Build the library folder into its sibling ``out``."""
    return run("build", str(folder), "--out", str(folder.parent / out), *options)


def counts(lines: list[str]) -> tuple[int, ...]:
    """(built, skipped, failed, warnings, pages) from the summary, which must be the last line."""
    found = SUMMARY.fullmatch(lines[-1])
    assert found, lines
    return tuple(int(n) for n in found.groups())


def verbs(lines: list[str]) -> dict[str, str]:
    """Each output PDF's name with what happened to it ('built' or 'skipped'), in output order."""
    found = [re.match(r"(built|skipped) (\S+)", line) for line in lines[:-1]]
    return {Path(m.group(2)).name: m.group(1) for m in found if m}


def test_parallel_build_is_byte_identical_to_a_serial_one(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []

    class CountingPool(futures.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: Any) -> None:
            pools.append(max_workers)
            super().__init__(max_workers, **kwargs)

    monkeypatch.setattr(futures, "ProcessPoolExecutor", CountingPool)  # the library imports it when it builds
    status, lines, err = build(folder, "--jobs", "2", out="parallel")
    assert (status, err) == (0, "")
    assert pools == [2], "three handouts with --jobs 2 are built by two worker processes"
    assert lines[:-1] == [f"built {folder.parent}/parallel/{name}.pdf (1 page)" for name in "abc"]  # source order
    assert counts(lines) == (3, 0, 0, 0, 3)
    assert build(folder, "--jobs", "1", out="serial")[0] == 0
    assert pools == [2], "--jobs 1 builds in this process"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        parallel, serial = (folder.parent / kind / name for kind in ("parallel", "serial"))
        assert parallel.read_bytes() == serial.read_bytes(), name


def test_each_handout_gets_its_own_style_unless_the_command_line_names_one(folder: Path) -> None:
    assert build(folder)[0] == 0
    out = folder.parent / "out"
    assert "Clinic One" in pdf_text(out / "a.pdf")
    assert "Clinic One" not in pdf_text(out / "b.pdf")
    assert build(folder, "--style", "default", "--force")[0] == 0
    assert "Clinic One" not in pdf_text(out / "a.pdf"), "--style overrides the handout's own style"


def test_a_style_that_names_no_style_is_an_error_at_its_place(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", handout("Alpha", style="fancy"))
    status, lines, err = run("build", str(source), "--out", str(tmp_path / "out"))
    assert status == 1
    assert err.startswith(f"{source}:1:8: error: 'style: fancy' names no style: there is no style named 'fancy'; ")
    assert "or a name from default, " in err
    assert counts(lines)[:3] == (0, 0, 1)
    missing = write(tmp_path, "m.yaml", handout("Alpha", style="nowhere.yaml"))
    assert f"'{tmp_path}/nowhere.yaml' is not a file" in run("check", str(missing))[2]


def test_a_broken_style_fails_only_its_handouts_and_is_reported_once(folder: Path) -> None:
    write(folder, "styles/mine.yaml", MINE + "colour: red\n")
    write(folder, "b.yaml", handout("Bravo", style="styles/mine.yaml"))
    status, lines, err = build(folder)
    assert status == 1
    style = folder / "styles" / "mine.yaml"
    assert err.splitlines() == [
        f"{style}:3:1: error: unknown key 'colour' in the style; did you mean 'colors'?",
        f"{folder}/a.yaml:1:8: error: its style '{style}' has errors (listed above); fix them or choose another style",
        f"{folder}/b.yaml:1:8: error: its style '{style}' has errors (listed above); fix them or choose another style",
    ]
    assert verbs(lines) == {"c.pdf": "built"}
    assert counts(lines)[:3] == (1, 0, 2)


def test_check_reads_the_style_key_and_uses_that_style(folder: Path) -> None:
    write(folder, "styles/tiny.yaml", "extends: default\ntext: {size: 9}\n")
    write(folder, "a.yaml", handout("Alpha", style="styles/tiny.yaml"))
    status, lines, err = run("check", str(folder))
    assert (status, err) == (0, ""), "the style: key is no unknown key to check"
    small = "warning: body text is 9 pt, below 12 pt; set text.size to at least that"
    assert f"  {folder}/styles/tiny.yaml: {small}" in lines, "the handout's own style is the one checked"
    assert lines[-1] == "3 checked, 0 failed, 2 warnings"  # 9 pt: too small, and too many characters a line


def test_a_second_build_skips_everything_and_says_so(folder: Path) -> None:
    assert build(folder)[0] == 0
    written = {p.name: p.stat().st_mtime_ns for p in (folder.parent / "out").glob("*.pdf")}
    status, lines, err = build(folder, "--jobs", "2")
    assert (status, err) == (0, "")
    assert lines[:-1] == [f"skipped {folder.parent}/out/{name}.pdf (unchanged)" for name in "abc"]
    assert counts(lines) == (0, 3, 0, 0, 3), "skipped handouts count their pages from the manifest"
    assert {p.name: p.stat().st_mtime_ns for p in (folder.parent / "out").glob("*.pdf")} == written


def test_changing_a_style_rebuilds_exactly_the_handouts_that_use_it(folder: Path) -> None:
    assert build(folder)[0] == 0
    os.utime(folder / "styles" / "mine.yaml")  # a new time alone is no change
    assert counts(build(folder)[1])[:2] == (0, 3)
    write(folder, "styles/mine.yaml", MINE.replace("Clinic One", "Clinic Two"))
    status, lines, _ = build(folder)
    assert status == 0
    assert verbs(lines) == {"a.pdf": "built", "b.pdf": "skipped", "c.pdf": "skipped"}
    assert "Clinic Two" in pdf_text(folder.parent / "out" / "a.pdf")


def test_a_new_version_of_a_built_in_font_package_rebuilds(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built-in fonts count by their package's version (their 2 MB are not hashed in every process)."""
    assert build(folder)[0] == 0
    assert counts(build(folder)[1])[:2] == (0, 3)
    versions = {**stylechoice.installed_versions(), "fontpkg_atkinson_hyperlegible": "99.0"}
    monkeypatch.setattr(stylechoice, "installed_versions", lambda: versions)
    monkeypatch.setattr(stylechoice, "_PREPARED", {})  # a new process
    assert counts(build(folder)[1])[:2] == (3, 0)


def test_built_in_fonts_are_named_by_package_and_other_fonts_by_their_bytes(tmp_path: Path) -> None:
    from handoutkit.style.fontfiles import builtin_faces

    faces = builtin_faces("Atkinson Hyperlegible")
    assert faces is not None
    version = stylechoice.installed_versions()["fontpkg_atkinson_hyperlegible"]
    regular = faces["regular"]
    identity = f"font {regular.name}: fontpkg_atkinson_hyperlegible {version}"
    assert stylechoice._font_identity(regular) == identity
    copy = tmp_path / regular.name
    copy.write_bytes(regular.read_bytes())
    assert stylechoice._font_identity(copy) == f"font {regular.name}: {manifest.file_digest(copy)}"


def test_a_change_anywhere_in_the_extends_chain_or_a_file_it_names_rebuilds(folder: Path) -> None:
    write(folder, "styles/base.yaml", "extends: default\ncontact: Call 555-0100\n")
    write(folder, "styles/mine.yaml", MINE.replace("extends: default", "extends: base"))
    assert build(folder)[0] == 0
    write(folder, "styles/base.yaml", "extends: default\ncontact: Call 555-0199\n")
    assert verbs(build(folder)[1]) == {"a.pdf": "built", "b.pdf": "skipped", "c.pdf": "skipped"}
    assert "555-0199" in pdf_text(folder.parent / "out" / "a.pdf")
    write(folder, "styles/words.yaml", "en: {terms: {}}\n")
    write(folder, "styles/mine.yaml", MINE + "checks: {glossary: words.yaml}\n")
    assert verbs(build(folder)[1])["a.pdf"] == "built"
    write(folder, "styles/words.yaml", "en: {terms: {malignant: cancerous}}\n")
    assert verbs(build(folder)[1]) == {"a.pdf": "built", "b.pdf": "skipped", "c.pdf": "skipped"}


def test_force_rebuilds_everything(folder: Path) -> None:
    assert build(folder)[0] == 0
    status, lines, _ = build(folder, "--force")
    assert status == 0
    assert counts(lines)[:2] == (3, 0)


def test_a_deleted_pdf_or_a_changed_source_is_rebuilt_alone(folder: Path) -> None:
    assert build(folder)[0] == 0
    (folder.parent / "out" / "b.pdf").unlink()
    assert verbs(build(folder)[1]) == {"a.pdf": "skipped", "b.pdf": "built", "c.pdf": "skipped"}
    write(folder, "c.yaml", handout("Charlie, revised"))
    assert verbs(build(folder)[1]) == {"a.pdf": "skipped", "b.pdf": "skipped", "c.pdf": "built"}
    assert "Charlie, revised" in pdf_text(folder.parent / "out" / "c.pdf")


def test_options_that_change_the_output_rebuild_it(folder: Path) -> None:
    assert build(folder)[0] == 0
    assert counts(build(folder, "--no-pdf-ua")[1])[:2] == (3, 0)
    assert counts(build(folder, "--no-pdf-ua")[1])[:2] == (0, 3)
    assert counts(build(folder)[1])[:2] == (3, 0)


def test_a_failing_handout_does_not_stop_a_parallel_build(folder: Path) -> None:
    write(folder, "b.yaml", handout("Bravo").replace("title:", "titel:"))
    status, lines, err = build(folder, "--jobs", "2")
    assert status == 1
    assert err == f"{folder}/b.yaml:1:1: error: unknown key 'titel' in the handout; did you mean 'title'?\n"
    assert verbs(lines) == {"a.pdf": "built", "c.pdf": "built"}
    assert counts(lines)[:3] == (2, 0, 1)
    assert sorted(p.name for p in (folder.parent / "out").glob("*.pdf")) == ["a.pdf", "c.pdf"]
    status, lines, err = build(folder, "--jobs", "2")
    assert status == 1 and "unknown key 'titel'" in err, "a failed handout is tried again"
    assert counts(lines)[:3] == (0, 2, 1)


def test_an_unexpected_failure_in_one_handout_is_reported_and_the_others_build(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build_module.build_file

    def broken(source: Path, out_dir: Path, setup: Any, copy: Any = None, **options: Any) -> Any:
        if source.name == "b.yaml":
            raise RuntimeError("boom")
        return real(source, out_dir, setup, copy, **options)

    monkeypatch.setattr(library, "build_file", broken)
    status, lines, err = build(folder, "--jobs", "1")
    assert status == 1
    assert f"{folder}/b.yaml: error: the build stopped unexpectedly (RuntimeError: boom)" in err
    assert verbs(lines) == {"a.pdf": "built", "c.pdf": "built"}


def test_warnings_of_a_skipped_handout_are_repeated(tmp_path: Path) -> None:
    source = write(tmp_path, "lib/h.yaml", MINIMAL)
    first = run("build", str(source), "--out", str(tmp_path / "out"), "--strict")
    second = run("build", str(source), "--out", str(tmp_path / "out"), "--strict")
    assert first[0] == second[0] == 1, "--strict fails on the warnings of a skipped handout too"
    assert first[2] == second[2] and "warning: no 'summary'" in first[2]
    assert counts(first[1])[3] == counts(second[1])[3] == 3
    assert verbs(second[1]) == {"h.pdf": "skipped"}


def test_a_style_is_prepared_once_per_process(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared: list[str] = []
    real = stylechoice.prepare

    def counting(sheet: Any, report: Any, **kwargs: Any) -> Any:
        prepared.append(sheet.name)
        return real(sheet, report, **kwargs)

    monkeypatch.setattr(stylechoice, "prepare", counting)
    for name in "bc":
        write(folder, f"{name}.yaml", handout(name.upper(), style="styles/mine.yaml"))
    assert build(folder, "--jobs", "1")[0] == 0
    assert prepared == ["mine"], "three handouts of one style: prepared once"
    assert build(folder, "--jobs", "1", "--force")[0] == 0
    assert prepared == ["mine"], "and kept for the next run in the same process"


def test_the_manifest_is_json_and_a_damaged_one_only_costs_a_full_build(folder: Path) -> None:
    assert build(folder)[0] == 0
    path = folder.parent / "out" / manifest.NAME
    document = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(document["outputs"]) == ["a.pdf", "b.pdf", "c.pdf"]
    assert document["outputs"]["a.pdf"]["pages"] == 1
    path.write_text("{not json", encoding="utf-8")
    status, lines, _ = build(folder)
    assert status == 0
    assert counts(lines)[:2] == (3, 0)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == manifest.FORMAT


def test_png_writes_a_preview_of_page_one(folder: Path) -> None:
    assert build(folder, "--png", "--jobs", "2")[0] == 0
    with Image.open(folder.parent / "out" / "a.png") as image:
        assert image.format == "PNG"
        assert image.width == 300
        assert abs(image.height - 300 * 11 / 8.5) <= 1  # US Letter
        lightest, darkest = max(image.convert("L").getextrema()), min(image.convert("L").getextrema())
        assert lightest == 255 and darkest < 100, "white paper with dark text on it"
    assert counts(build(folder, "--png")[1])[:2] == (0, 3)
    (folder.parent / "out" / "b.png").unlink()
    assert verbs(build(folder, "--png")[1])["b.pdf"] == "built", "a missing preview is drawn again"


def test_a_terminal_gets_a_progress_bar_instead_of_lines(folder: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    assert main(["build", str(folder), "--out", str(folder.parent / "out"), "--today", TODAY], out=terminal) == 0
    text = terminal.getvalue()
    assert "\r" in text and "] 3/3 " in text, "a bar redrawn in place, up to done/total"
    assert "built " not in text, "no line per file"
    last = text.rsplit("\x1b[K", 1)[-1]  # after the bar is erased
    assert SUMMARY.fullmatch(last.rstrip("\n")), text


@pytest.mark.parametrize("jobs", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--jobs", jobs]) == 2
    assert "is not a number of processes" in capsys.readouterr().err


def test_a_nul_byte_in_the_language_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """Regression (found by tests/test_fuzz.py): the fingerprint reads catalogs/LANG.yaml named by the tag
    before it is validated, and a NUL byte in it raised ValueError out of main()."""
    source = write(tmp_path, "h.yaml", CLEAN + 'language: "\\0"\n')
    status, lines, err = run("build", str(source), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert (status, counts(lines)[:3]) == (1, (0, 0, 1))
    assert err == (
        f"{source}:11:11: error: 'language' '<U+0000>' is not a BCP 47 language tag; write e.g. en, en-US or es\n"
    )
    assert manifest.file_digest(tmp_path / "a\0b") == "absent"


def test_the_manifest_records_the_installed_versions_of_the_libraries_that_shape_a_pdf() -> None:
    from importlib import metadata

    from handoutkit.library.manifest import tool_versions

    versions = dict(entry.split(" ", 1) for entry in tool_versions())
    assert versions["reportlab"] == metadata.version("reportlab")
    assert versions["pillow"] == metadata.version("pillow")
    assert versions["pypdfium2"] == metadata.version("pypdfium2")
    assert versions["handoutkit"] == metadata.version("handoutkit")


def test_the_cycle_collector_pauses_for_each_handout_and_runs_again_after(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    seen: list[bool] = []
    real = library.build_file

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        if len(seen) == 2:
            raise RuntimeError("a bug in the middle of a build")
        return real(*args, **kwargs)

    monkeypatch.setattr(library, "build_file", recording)
    status, _, err = build(folder, "--jobs", "1")
    assert seen == [False, False, False]
    assert gc.isenabled(), "the collector runs again after the builds, a failed one included"
    assert status == 1 and "the build stopped unexpectedly (RuntimeError: a bug in the middle of a build)" in err


def test_installed_versions_come_from_wheel_and_egg_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from handoutkit.installed import installed_versions

    for name in ("Foo.Bar-1.2.3.dist-info", "reportlab-3.6.12-py3.11.egg-info", "babel-2.10.3.egg-info", "junk-1"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    found = installed_versions.__wrapped__()
    assert found == {"foo_bar": "1.2.3", "reportlab": "3.6.12", "babel": "2.10.3"}


class CountingPool(futures.ProcessPoolExecutor):
    """A process pool that records its size and whether it was shut down."""

    sizes: ClassVar[list[int]] = []
    shutdowns: ClassVar[list[bool]] = []

    def __init__(self, max_workers: int, **kwargs: Any) -> None:
        CountingPool.sizes.append(max_workers)
        super().__init__(max_workers, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        CountingPool.shutdowns.append(cancel_futures)
        super().shutdown(wait, cancel_futures=cancel_futures)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> type[CountingPool]:
    CountingPool.sizes, CountingPool.shutdowns = [], []
    monkeypatch.setattr(futures, "ProcessPoolExecutor", CountingPool)
    return CountingPool


def test_the_pool_is_no_larger_than_the_handouts_to_build(folder: Path, counting: type[CountingPool]) -> None:
    assert build(folder, "--jobs", "1")[0] == 0
    assert counting.sizes == [], "--jobs 1 builds in this process"
    for name, title in (("b", "Bravo, edited"), ("c", "Charlie, edited")):
        (folder / f"{name}.yaml").write_text(handout(title), encoding="utf-8")
    status, lines, _ = build(folder, "--jobs", "8")
    assert status == 0 and counts(lines)[:2] == (2, 1)
    assert counting.sizes == [2], "two handouts changed: two workers, not eight (nor three)"
    (folder / "c.yaml").write_text(handout("Charlie, again"), encoding="utf-8")
    status, lines, _ = build(folder, "--jobs", "8")
    assert status == 0 and counts(lines)[:2] == (1, 2)
    assert counting.sizes == [2], "one handout changed: built in this process, no pool"


def test_an_error_while_planning_stops_the_workers(
    folder: Path, counting: type[CountingPool], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in "defg":
        write(folder, f"{name}.yaml", handout(name.upper()))
    real = library._plan
    planned: list[Path] = []

    def failing(source: Path, *args: Any) -> Any:
        planned.append(source)
        if len(planned) == 4:  # the pool (two workers) is running by now
            raise OSError("the disk went away")
        return real(source, *args)

    monkeypatch.setattr(library, "_plan", failing)
    with pytest.raises(OSError, match="the disk went away"):
        build(folder, "--jobs", "2")
    assert counting.sizes == [2] and counting.shutdowns == [True], "handouts not started are dropped"


def test_a_collector_the_caller_turned_off_stays_off(folder: Path) -> None:
    import gc

    gc.disable()
    try:
        assert build(folder, "--jobs", "1")[0] == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


class _Flushes(io.StringIO):
    """An output that records what had been written each time it was flushed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def flush(self) -> None:
        self.seen.append(self.getvalue())


def test_each_handout_s_line_is_flushed_as_it_is_done(tmp_path: Path) -> None:
    """Into a pipe or a log file, a line shows when its handout is done, not when the buffer fills."""
    from handoutkit.library.report import Printer, Result

    out, err = _Flushes(), _Flushes()
    printer = Printer(out, err, 2)
    printer.done(0, Result(tmp_path / "a.yaml", (), tmp_path / "a.pdf", 2))
    assert out.seen[-1] == f"built {tmp_path / 'a.pdf'} (2 pages)\n"
    printer.done(1, Result(tmp_path / "b.yaml", (), tmp_path / "b.pdf", 1, skipped=True))
    assert out.seen[-1].endswith(f"skipped {tmp_path / 'b.pdf'} (unchanged)\n")
