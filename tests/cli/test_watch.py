"""handoutkit watch: one build per save, errors without stopping, and a clean end on Ctrl-C or SIGTERM."""

from __future__ import annotations

import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
import watchfiles

from handoutkit.cli.watch import Plan, Relevant

from ..helpers import CLEAN, EXAMPLE, pdf_text, write

WAIT_SECONDS = 20  # for any one line: far more than a build takes, for a slow or busy machine
BUILT = re.compile(r"built build/(\S+)\.pdf \((\d+) pages?\)")
WATCHING = "watching for changes (Ctrl-C to stop)"
CHANGED = re.compile(r"--- \d\d:\d\d:\d\d (.+) changed")


class Watching:
    """``python -m handoutkit watch`` running in ``folder``; its lines as they come, from both streams."""

    def __init__(self, folder: Path, *args: str) -> None:
        command = [sys.executable, "-m", "handoutkit", "watch", "--jobs", "1", *args]
        self.process = subprocess.Popen(
            command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.lines: queue.Queue[tuple[str, str | None]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self.readers = [
            threading.Thread(target=self._read, args=(name, stream), daemon=True)
            for name, stream in (("out", self.process.stdout), ("err", self.process.stderr))
        ]
        for reader in self.readers:
            reader.start()

    def _read(self, name: str, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))
        self.lines.put((name, None))

    def wait_for(self, pattern: str | re.Pattern[str], stream: str = "out") -> str:
        """The next line of ``stream`` that matches ``pattern`` whole (the lines before it are kept)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                name, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line {pattern!r} on std{stream} in {WAIT_SECONDS} s: {self.seen}") from None
            if line is None:
                continue  # that stream ended; the other may still have the line
            self.seen.append((name, line))
            matched = re.fullmatch(pattern, line) if isinstance(pattern, re.Pattern) else line == pattern
            if name == stream and matched:
                return line

    def round(self) -> list[tuple[str, str]]:
        """The lines of one round, up to and with the line that says it is watching again."""
        start = len(self.seen)
        line = self.wait_for(re.compile(rf"(build failed; )?{re.escape(WATCHING)}"))
        assert line.endswith(WATCHING)
        return self.seen[start:]

    def stop(self, signum: int) -> int:
        self.process.send_signal(signum)
        status = self.process.wait(timeout=WAIT_SECONDS)
        self._close()
        while not self.lines.empty():
            name, line = self.lines.get()
            if line is not None:
                self.seen.append((name, line))
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._close()

    def _close(self) -> None:
        for reader in self.readers:
            reader.join(timeout=WAIT_SECONDS)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def watching() -> Iterator[list[Watching]]:
    started: list[Watching] = []
    yield started
    for each in started:
        each.kill()


def test_each_save_builds_once_errors_keep_it_watching_and_ctrl_c_ends_it(
    tmp_path: Path, watching: list[Watching]
) -> None:
    handout = tmp_path / "source" / "therapy.yaml"
    handout.parent.mkdir()
    shutil.copy(EXAMPLE, handout)
    shutil.copytree(EXAMPLE.parent / "images", handout.parent / "images")  # its figure
    original = handout.read_text(encoding="utf-8")
    pdf = tmp_path / "build" / "therapy.pdf"
    run = Watching(tmp_path)
    watching.append(run)

    first = run.round()
    assert ("out", "built build/therapy.pdf (5 pages)") in first
    assert "Biological Therapy for Cancer" in pdf_text(pdf)

    handout.write_text(original.replace("title: Biological Therapy for Cancer", "title: Treating Cancer"), "utf-8")
    edited = run.round()
    assert edited[0] == ("out", _changed_line(edited[0][1], "source/therapy.yaml"))
    assert ("out", "built build/therapy.pdf (5 pages)") in edited
    text = pdf_text(pdf)
    assert "Treating Cancer" in text and "Biological Therapy for Cancer" not in text

    # A save with a mistake: its error with line and column, the good PDF kept, and still watching.
    broken = original.replace("reviewed: 2025-04-12", "reviewed: 2025-13-45")
    handout.write_text(broken, "utf-8")
    failed = run.round()
    line = 1 + broken.splitlines().index("reviewed: 2025-13-45")
    assert ("err", f"source/therapy.yaml:{line}:11: error: 'reviewed' '2025-13-45' is not a real date (month 01-12, "
            "day within the month); write it as YYYY-MM-DD, e.g. 2025-04-12") in failed  # fmt: skip
    assert failed[-1] == ("out", f"build failed; {WATCHING}")
    assert "Treating Cancer" in pdf_text(pdf)

    handout.write_text(original, "utf-8")  # fixed: built again
    fixed = run.round()
    assert ("out", "built build/therapy.pdf (5 pages)") in fixed
    assert "Biological Therapy for Cancer" in pdf_text(pdf)

    assert run.stop(signal.SIGINT) == 130
    assert run.seen[-1] == (
        "err", "handoutkit: interrupted; finished PDFs are complete, unfinished ones were not written"
    )  # fmt: skip
    changes = [line for name, line in run.seen if name == "out" and CHANGED.fullmatch(line)]
    assert len(changes) == 3  # one build per save
    left = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file())
    assert left == ["build/.handoutkit-lock", "build/.handoutkit-manifest.json", "build/therapy.pdf",
                    "source/images/checkpoint-brake.svg", "source/therapy.yaml"]  # fmt: skip


def test_a_style_change_rebuilds_its_handouts_and_sigterm_ends_it(tmp_path: Path, watching: list[Watching]) -> None:
    write(tmp_path, "styles/clinic.yaml", "extends: default\norganization: Riverside Clinic\n")
    write(tmp_path, "source/plain.yaml", CLEAN)
    write(tmp_path, "source/clinic.yaml", CLEAN.replace("title: A small handout", "title: Ours\nstyle: clinic"))
    run = Watching(tmp_path, "--today", "2026-01-01")
    watching.append(run)
    first = run.round()
    assert [line for name, line in first if BUILT.fullmatch(line)] == [
        "built build/clinic.pdf (1 page)", "built build/plain.pdf (1 page)"
    ]  # fmt: skip
    assert "Riverside Clinic" in pdf_text(tmp_path / "build" / "clinic.pdf")

    (tmp_path / "styles" / "clinic.yaml").write_text("extends: default\norganization: Hillside Clinic\n", "utf-8")
    restyled = run.round()
    assert restyled[0] == ("out", _changed_line(restyled[0][1], "styles/clinic.yaml"))
    assert ("out", "built build/clinic.pdf (1 page)") in restyled
    assert ("out", "skipped build/plain.pdf (unchanged)") in restyled
    assert "Hillside Clinic" in pdf_text(tmp_path / "build" / "clinic.pdf")

    write(tmp_path, "source/new.yaml", CLEAN)  # a new handout in the folder is built too
    added = run.round()
    assert ("out", "built build/new.pdf (1 page)") in added

    assert run.stop(signal.SIGTERM) == 143
    assert run.seen[-1] == (
        "err", "handoutkit: interrupted by SIGTERM; finished PDFs are complete, unfinished ones were not written"
    )  # fmt: skip


def test_a_path_that_is_not_there_is_wrong_usage(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "handoutkit", "watch", "nowhere"],
        cwd=tmp_path, capture_output=True, text=True, timeout=WAIT_SECONDS, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "handoutkit: error: nowhere: no such file or folder\n"


def test_only_the_builds_own_files_count_and_never_temporary_or_output_files(tmp_path: Path) -> None:
    source, styles, out = tmp_path / "source", tmp_path / "styles", tmp_path / "build"
    logo = tmp_path / "art" / "logo.png"
    changed = watchfiles.Change.modified
    for out_dir in (out, source):  # the default, and --out source: PDFs beside the handouts
        # A style may name a file a build writes, such as a preview: that must not start build after build.
        preview = out_dir / "b.png"
        plan = Plan((source / "a.yaml", styles / "clinic.yaml", logo, preview), (source, styles), lambda: 0)
        relevant = Relevant(out_dir)
        relevant.update(plan)
        for path in (source / "a.yaml", source / "new.yml", styles / "clinic.yaml", styles / "other.yaml", logo):
            assert relevant(changed, str(path)), (out_dir, path)
        for path in (
            out_dir / "a.pdf", out_dir / "a.png", out_dir / ".a.pdf.x1y2z3.part", out_dir / ".handoutkit-lock",
            out_dir / ".handoutkit-manifest.json", out_dir / "index.html", preview, source / ".a.yaml.swp",
            source / "a.yaml~", source / ".#a.yaml", source / "4913", source / "notes.txt", source / "a.yaml.bak",
            tmp_path / "art" / "other.png", tmp_path / "x.yaml",
        ):  # fmt: skip
            assert not relevant(changed, str(path)), (out_dir, path)
    # The folders watched: those of the handouts and the styles, and of every file named, that exist.
    styles.mkdir()
    source.mkdir()
    assert relevant.folders_to_watch() == {str(source.resolve()), str(styles.resolve())}


def _changed_line(line: str, path: str) -> str:
    found = CHANGED.fullmatch(line)
    assert found is not None and found.group(1) == path, line
    return line
