"""The right copy for the right patient: interrupted, concurrent and hostile builds (issue 15).

Each test repeats one finding: a skipped PDF that held another patient's name, two sources writing
one PDF, workers orphaned by a signal, a manifest that crashed or fooled the build.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any, ClassVar

import pypdfium2
import pytest
from filelock import FileLock

from handoutkit import build as build_module
from handoutkit.cli.main import main
from handoutkit.diagnostics import Diagnostic, Position
from handoutkit.library import builder as library
from handoutkit.library import manifest, outputs, workers

from ..helpers import CLEAN, ROOT, write

TODAY = "2026-01-01"
PLAN = CLEAN.replace("A paragraph of text.", "'This plan is for {patient_name}.'")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([*argv, "--today", TODAY], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def text_of(pdf: Path) -> str:
    """The PDF's text as PDFium reads it (fast enough to read every copy after every build)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def library_of(folder: Path, count: int) -> Path:
    for n in range(count):
        write(folder, f"plan{n:02d}.yaml", PLAN.replace("A small handout", f"Plan {n}"))
    return folder


def assert_all_for(out: Path, patient: str, count: int) -> None:
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == count
    for pdf in pdfs:
        assert f"This plan is for {patient}." in " ".join(text_of(pdf).split()), f"{pdf.name} is not {patient}'s"


_STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """Whatever a test asserts, the processes it started are gone and their pipes closed after it."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)


def fresh(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``python -m handoutkit`` in a new process (and session, so a test can signal it alone or with its workers)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "handoutkit", *command, "--today", TODAY],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        **options,
    )
    _STARTED.append(process)
    return process


# 1. The manifest never vouches for a file it did not see written.


def test_a_pdf_another_build_replaced_is_built_again_not_skipped(tmp_path: Path) -> None:
    """Found: Ana's build, then Ben's stopped midway, then Ana's again said '0 built, 100 skipped'
    while PDFs said 'Ben Brown'. Here Ben's PDF is put in place as a killed build leaves it."""
    folder, out = library_of(tmp_path / "lib", 3), tmp_path / "out"
    assert run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana Alvarez", "--png")[0] == 0
    assert run("build", str(folder), "--out", str(tmp_path / "ben"), "--set", "patient_name=Ben Brown", "--png")[0] == 0
    for name in ("plan01.pdf", "plan02.png"):  # what a killed run leaves: new files, the manifest before them
        (out / name).write_bytes((tmp_path / "ben" / name).read_bytes())
    status, lines, _ = run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana Alvarez", "--png")
    assert status == 0
    assert "skipped" in lines.splitlines()[0] and "built" in lines.splitlines()[1], lines
    assert lines.splitlines()[-1].startswith("2 built, 1 skipped, 0 failed")
    assert_all_for(out, "Ana Alvarez", 3)
    ana_png = (out / "plan00.png").read_bytes()
    assert (out / "plan02.png").read_bytes() != (tmp_path / "ben" / "plan02.png").read_bytes()
    assert len(ana_png) > 0


def test_the_manifest_records_each_pdf_as_it_lands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run stopped after two of four PDFs leaves a manifest that knows those two."""
    folder, out = library_of(tmp_path / "lib", 4), tmp_path / "out"
    monkeypatch.setattr(outputs, "SAVE_EVERY", 0.0)
    real, seen = build_module.build_file, []

    def stopping(*args: Any, **options: Any) -> Any:
        seen.append(args[0].name)
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(*args, **options)

    monkeypatch.setattr(library, "build_file", stopping)
    with pytest.raises(KeyboardInterrupt):
        run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "1")
    entries, problem = manifest.load(out)
    assert problem == "" and sorted(entries) == ["plan00.pdf", "plan01.pdf"]
    assert sorted(p.name for p in out.iterdir()) == [
        ".handoutkit-lock",
        ".handoutkit-manifest.json",
        "plan00.pdf",
        "plan01.pdf",
    ]
    monkeypatch.setattr(library, "build_file", real)
    _, lines, _ = run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "1")
    assert lines.splitlines()[-1].startswith("2 built, 2 skipped, 0 failed")


def test_a_killed_build_leaves_a_manifest_of_what_it_had_finished(tmp_path: Path) -> None:
    """Found: the manifest was saved only at the end, so a killed run recorded nothing it built."""
    folder, out = library_of(tmp_path / "lib", 240), tmp_path / "out"
    process = fresh(["build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "2"])
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(5)]
    time.sleep(0.4)  # twice outputs.SAVE_EVERY (a whole build takes about 3 s here)
    assert process.poll() is None, "killed while it builds"
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=15)
    entries, problem = manifest.load(out)
    names = {Path(line.split()[1].decode()).name for line in lines}
    assert problem == "" and names <= set(entries), "every PDF printed before the kill is recorded"
    for name, entry in entries.items():
        assert entry.vouches_for(out / name, None)


def test_leftover_temporary_files_of_killed_runs_are_removed(tmp_path: Path) -> None:
    folder, out = library_of(tmp_path / "lib", 1), tmp_path / "out"
    write(out, ".plan00.pdf.k3j9x_2a.part", "half a PDF")
    write(out, ".handoutkit-manifest.json.8fj3ka0q.part", "{")
    write(out, "notes.txt", "not ours")
    assert run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana")[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [".handoutkit-lock", ".handoutkit-manifest.json", "notes.txt", "plan00.pdf"]


def test_a_second_build_into_a_folder_waits_for_the_first(tmp_path: Path) -> None:
    """Found: two builds into one folder at once left 51 of 100 PDFs with the other patient's name."""
    folder, out = library_of(tmp_path / "lib", 2), tmp_path / "out"
    out.mkdir()
    held = FileLock(out / ".handoutkit-lock")
    held.acquire()  # as a build that is running would
    try:
        process = fresh(["build", str(folder), "--out", str(out), "--set", "patient_name=Ben"])
        assert process.stderr is not None
        line = process.stderr.readline().decode()
        assert line == f"handoutkit: waiting for another run that writes into {out} to finish\n"
        time.sleep(0.5)
        assert process.poll() is None and not list(out.glob("*.pdf")), "nothing is written while it waits"
    finally:
        held.release()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert_all_for(out, "Ben", 2)


def test_a_lock_file_that_is_a_symbolic_link_is_never_followed(tmp_path: Path) -> None:
    folder, out = library_of(tmp_path / "lib", 1), tmp_path / "out"
    victim = write(tmp_path, "victim.txt", "keep")
    out.mkdir()
    (out / ".handoutkit-lock").symlink_to(victim)
    status, _, err = run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana")
    assert status == 1 and victim.read_text() == "keep"
    assert err == (
        f"{out}: error: cannot use the output folder (its .handoutkit-lock is a symbolic link, which this tool "
        "never makes; remove it); check it, or choose another --out\n"
    )


def test_two_builds_at_once_leave_every_pdf_for_one_patient(tmp_path: Path) -> None:
    folder, out = library_of(tmp_path / "lib", 6), tmp_path / "out"
    ana = fresh(["build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "2"])
    ben = fresh(["build", str(folder), "--out", str(out), "--set", "patient_name=Ben", "--jobs", "2"])
    for process in (ana, ben):
        process.communicate(timeout=120)
        assert process.returncode == 0
    texts = {pdf.name: text_of(pdf) for pdf in out.glob("*.pdf")}
    assert len(texts) == 6
    patients = {("Ana" if "for Ana." in text else "Ben") for text in texts.values()}
    assert len(patients) == 1, "the second build ran after the first, whole"
    assert run("build", str(folder), "--out", str(out), "--set", "patient_name=Ana")[0] == 0
    assert_all_for(out, "Ana", 6)


# 2. One output path, one source.


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("en/consent.yaml", "es/consent.yaml"),
        ("en/Consent.yaml", "es/consent.yaml"),
        ("a/caf\u00e9.yaml", "b/cafe\u0301.yaml"),
    ],
)
def test_two_sources_that_would_write_one_pdf_are_an_error_and_nothing_is_built(
    tmp_path: Path, first: str, second: str
) -> None:
    """Found: en/consent.yaml and es/consent.yaml printed '2 built' and left one consent.pdf."""
    one, two = write(tmp_path, first, CLEAN), write(tmp_path, second, CLEAN)
    out = tmp_path / "out"
    status, lines, err = run("build", str(one.parent), str(two.parent), "--out", str(out))
    same = (
        f"{out / two.stem}.pdf" if one.name == two.name else f"{out / two.stem}.pdf (the same file as {one.stem}.pdf)"
    )
    assert status == 1
    assert err == (
        f"{two}: error: this handout would be built into {same}, and so would {one}; rename one of them, "
        "or build them into different --out folders. Nothing was built\n"
    )
    assert lines.splitlines()[-1].startswith("0 built, 0 skipped, 1 failed")
    assert not out.exists()


def test_the_catalog_refuses_two_handouts_that_share_a_pdf(tmp_path: Path) -> None:
    """Found: the catalog linked both en/consent.yaml and es/consent.yaml to one consent.pdf."""
    one, two = write(tmp_path, "en/consent.yaml", CLEAN), write(tmp_path, "es/consent.yaml", CLEAN)
    out = tmp_path / "out"
    status, _, err = run("catalog", str(one.parent), str(two.parent), "--out", str(out))
    assert status == 1
    assert err == (
        f"{two}: error: this handout would be built into {out}/consent.pdf, and so would {one}; rename one of them, "
        "or build them into different --out folders. The catalog was not written\n"
    )
    assert not out.exists()


def test_copies_of_two_handouts_that_would_share_a_name_are_an_error(tmp_path: Path) -> None:
    """Found: visit.yaml's row "Ana Lopez" and visit-ana.yaml's row "Lopez" both wrote visit-ana-lopez.pdf."""
    visit = write(tmp_path, "lib/visit.yaml", PLAN)
    write(tmp_path, "lib/visit-ana.yaml", PLAN)
    fields = write(tmp_path, "rows.csv", "patient_name\nAna Lopez\nLopez\n")
    out = tmp_path / "out"
    status, _, err = run("build", str(visit.parent), "--fields", str(fields), "--out", str(out))
    assert status == 1
    assert err == (
        f"{fields}:2:1: error: this row's copy of {visit} would be built into "
        f"{out}/visit-ana-lopez.pdf, and so would the copy of {visit.parent}/visit-ana.yaml for the row at "
        f"{fields}:3:1; rename one of "
        "them, or build them into different --out folders. Nothing was built\n"
    )
    assert not out.exists()


def test_a_source_named_twice_is_built_once(tmp_path: Path) -> None:
    source = write(tmp_path, "lib/h.yaml", CLEAN)
    status, lines, err = run("build", str(source.parent), str(source), "--out", str(tmp_path / "out"))
    assert (status, err) == (0, "")
    assert lines.splitlines()[-1].startswith("1 built, 0 skipped, 0 failed")


# 4. Signals.


def _started(process: subprocess.Popen[bytes]) -> None:
    assert process.stdout is not None
    assert process.stdout.readline().startswith(b"built "), "the library build is under way"


@pytest.mark.parametrize(("name", "status", "times"), [("SIGTERM", 143, 1), ("SIGHUP", 129, 1), ("SIGTERM", 143, 3)])
def test_a_signal_to_the_parent_alone_ends_the_build_as_ctrl_c_does(
    tmp_path: Path, name: str, status: int, times: int
) -> None:
    """Found: `kill PID` (SIGTERM) and SIGHUP orphaned the workers, holding stdout open (`| tee` hung),
    with no message and no manifest."""
    folder, out = library_of(tmp_path / "lib", 40), tmp_path / "out"
    command = ["build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "2"]
    process = fresh(command)
    _started(process)
    for _ in range(times):  # a service manager may repeat it: the builds under way still finish
        os.kill(process.pid, getattr(signal, name))  # the parent alone, as `kill PID` sends it
        time.sleep(0.02)
    _, err = process.communicate(timeout=30)  # returns only once every process holding stdout is gone
    assert process.returncode == status, err
    assert err.decode().splitlines()[-1] == (
        f"handoutkit: interrupted by {name}; finished PDFs are complete, unfinished ones were not written"
    )
    built = list(out.glob("*.pdf"))
    assert 0 < len(built) < 40
    assert not list(out.glob(".*.part")), "what the workers had finished was moved into place, the rest never began"
    entries, _ = manifest.load(out)
    assert sorted(entries) == sorted(p.name for p in built), "every finished PDF is recorded, and only those"
    status_again, lines, _ = run(*command)
    assert status_again == 0 and f"{40 - len(built)} built, {len(built)} skipped" in lines
    assert_all_for(out, "Ana", 40)


def test_workers_exit_on_their_own_when_the_parent_is_killed(tmp_path: Path) -> None:
    folder, out = library_of(tmp_path / "lib", 60), tmp_path / "out"
    process = fresh(["build", str(folder), "--out", str(out), "--set", "patient_name=Ana", "--jobs", "2"])
    _started(process)
    os.kill(process.pid, signal.SIGKILL)
    started = time.monotonic()
    process.communicate(timeout=15)  # EOF on stdout: the workers, which share it, are gone too
    assert time.monotonic() - started < 5


def test_the_kill_test_every_pdf_matches_its_source_and_fields_after_random_kills(tmp_path: Path) -> None:
    """A library build killed with SIGKILL at random moments, the parent alone or with its workers,
    then built again: every PDF says what its source and fields say, read back from the PDF."""
    folder, out = library_of(tmp_path / "lib", 12), tmp_path / "out"
    patients = ["Ana Alvarez", "Ben Brown", "Chen Wei"]
    rows = {
        p: write(tmp_path, f"{p.split()[0]}.csv", f"mrn,patient_name\n1,{p}\n2,{p} Jr\n3,{p} Sr\n4,{p} II\n")
        for p in patients
    }
    chance = random.Random(15)
    settled = chance.choice(patients)  # whose rows the last whole build used
    first = fresh(["build", str(folder), "--out", str(out), "--fields", str(rows[settled]), "--name-column", "mrn"])
    started = time.monotonic()
    first.communicate(timeout=60)
    whole = time.monotonic() - started  # how long a whole build takes on this machine, now
    assert first.returncode == 0
    midway = 0
    for round_ in range(24):
        patient = chance.choice([p for p in patients if p != settled])
        command = ["build", str(folder), "--out", str(out), "--fields", str(rows[patient]), "--name-column", "mrn"]
        process = fresh([*command, "--jobs", str(chance.choice([1, 2]))])
        time.sleep(chance.uniform(0.1, max(0.2, 0.9 * whole)))  # a moment within a whole build
        running = process.poll() is None
        midway += running
        if running and chance.random() < 0.5:
            os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers
        elif running:
            os.kill(process.pid, signal.SIGKILL)  # the parent alone: its workers are left to notice
        process.communicate(timeout=30)
        if round_ % 3 == 2:  # then built whole: most often for the patient of the last whole build
            settled = settled if chance.random() < 0.7 else patient
            argv = ["build", str(folder), "--out", str(out), "--fields", str(rows[settled]), "--name-column", "mrn"]
            status, _, err = run(*argv)
            assert status == 0, err
            for pdf in out.glob("*.pdf"):
                number = {"1": "", "2": " Jr", "3": " Sr", "4": " II"}[pdf.stem.rsplit("-", 1)[1]]
                assert f"This plan is for {settled}{number}." in " ".join(text_of(pdf).split()), (round_, pdf.name)
            assert not list(out.glob(".*.part"))
    assert midway >= 12, "most kills came while the build was under way"


# 7. --jobs is capped.


class CountingPool(futures.ProcessPoolExecutor):
    sizes: ClassVar[list[int]] = []

    def __init__(self, max_workers: int, **kwargs: Any) -> None:
        CountingPool.sizes.append(max_workers)
        super().__init__(max_workers, **kwargs)


def test_jobs_are_capped_by_the_cores_and_the_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found: --jobs 10000 started 400 processes for 400 copies (3.8 GB, 3x slower than --jobs 2)."""
    CountingPool.sizes = []
    monkeypatch.setattr(futures, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(workers, "available_cores", lambda: 2)
    folder = library_of(tmp_path / "lib", 6)
    assert (
        run("build", str(folder), "--out", str(tmp_path / "out"), "--set", "patient_name=A", "--jobs", "10000")[0] == 0
    )
    assert CountingPool.sizes == [4]
    assert workers.worker_count(10000, 3) == 3 and workers.worker_count(1, 100) == 1


# 8 and 10. A manifest is data, never trusted as code or as terminal output.


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """One handout with warnings, built once: its source and its manifest."""
    source = write(tmp_path, "lib/h.yaml", PLAN.replace("summary: This page says what to do.\n", ""))
    assert run("build", str(source), "--out", str(tmp_path / "out"), "--set", "patient_name=Ana")[0] == 0
    yield source, tmp_path / "out" / manifest.NAME


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text.replace('"pages": 1', '"pages": Infinity'),
        lambda text: text.replace('"pages": 1', '"pages": 1e400'),
        lambda text: text.replace('"pages": 1', '"pages": -3'),
        lambda text: text.replace('"pages": 1', '"pages": ' + "[" * 200_000 + "]" * 200_000),
        lambda text: text.replace('"line": 0', '"line": 99999999999999999999999'),
        lambda text: "[" * 200_000,
        lambda text: text.replace('"sha256": "', '"sha256": "../'),
    ],
    ids=["infinity", "huge-float", "negative", "nested", "huge-int", "only-nesting", "bad-digest"],
)
def test_a_hostile_manifest_only_costs_a_full_build(built: tuple[Path, Path], damage: Any) -> None:
    """Found: "pages": Infinity raised OverflowError, and nesting 200,000 deep RecursionError."""
    source, path = built
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    status, lines, err = run("build", str(source), "--out", str(path.parent), "--set", "patient_name=Ana")
    assert status == 0 and "Traceback" not in err
    assert f"handoutkit: {path} cannot be read (" in err and "every handout is built again" in err
    assert lines.splitlines()[-1].startswith("1 built, 0 skipped")
    assert manifest.load(path.parent)[1] == ""


def test_a_manifest_too_large_is_not_read(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    source, path = built
    monkeypatch.setattr(manifest, "MAX_BYTES", 100)
    status, _, err = run("build", str(source), "--out", str(path.parent), "--set", "patient_name=Ana")
    assert status == 0 and f"{path} cannot be read (it is larger than 0 MB)" in err


def test_escape_codes_in_a_manifest_warning_never_reach_the_terminal(built: tuple[Path, Path]) -> None:
    """Found: a warning replayed from the manifest printed its escape codes as they were."""
    source, path = built
    document = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = document["outputs"].values()
    entry["warnings"][0]["message"] = "\x1b[2J\x1b]0;pwned\x07 cleared the screen"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, lines, err = run("build", str(source), "--out", str(path.parent), "--set", "patient_name=Ana")
    assert status == 0 and "skipped" in lines
    assert "\x1b" not in err and "\x07" not in err
    assert f"{source}: warning: <U+001B>[2J<U+001B>]0;pwned<U+0007> cleared the screen" in err


def test_a_diagnostic_prints_control_characters_by_their_code_points() -> None:
    where = Position("lib/\x1b[31mred.yaml", 2, 3)
    assert str(Diagnostic(where, "error", "bad \u202ebidi\u202c and a\ttab")) == (
        "lib/<U+001B>[31mred.yaml:2:3: error: bad <U+202E>bidi<U+202C> and a<U+0009>tab"
    )


def test_a_signal_inside_a_deferred_step_takes_effect_right_after_it() -> None:
    """Moving a PDF into place and recording it is one step: a SIGTERM then waits for its end."""
    from handoutkit.library import stopping

    before = {signum: signal.getsignal(signum) for signum in stopping.STOPPING}
    stopping.install()
    steps: list[str] = []
    try:
        with pytest.raises(stopping.Stopped) as stopped, stopping.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler has run by now
            steps.append("finished")
        assert steps == ["finished"] and stopped.value.signum == signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN, "a repeated SIGTERM changes nothing"
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


RACE = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from handoutkit.library import workers

def init():
    time.sleep(1.0)  # the parent is killed before the worker has set itself up
    print(os.getpid(), flush=True)
    workers._worker_started()

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, initializer=init)
    pool.submit(time.sleep, 60)
    time.sleep(0.3)
    os._exit(0)
"""


def test_a_worker_whose_parent_died_before_it_started_exits_too() -> None:
    """A worker re-parented before its watch began saw its new parent as its own and lived on."""
    process = subprocess.run([sys.executable, "-c", RACE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    worker = int(process.stdout.split()[0])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and Path(f"/proc/{worker}").exists():
        time.sleep(0.1)
    alive = Path(f"/proc/{worker}").exists()
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive, "the worker outlived its parent"
