"""Benchmark handoutkit against the floor (bench/floor.py, a plain ReportLab script), in one run.

``python bench/run.py [--runs 5] [--library 200] [--quick] [--instructions]`` measures, as ratios to
the floor, alternating runs (floor, tool, floor, tool, ...); a case's ratio is the median of the
paired ratios (each tool run against the floor run before it), with their spread:

a. one handout as a whole process: ``handoutkit build ONE --out DIR --force`` against ``floor.py DIR ONE``
   (5 pairs in each run, since its runs are short);
b. a library of distinct variants (bench/variants.py) built serially in one process (``--jobs 1``);
c. the same library with ``--jobs 2``, against the floor's serial time;
d. peak memory (max RSS) of each, from ``os.wait4``; for c also the parent's own and its largest
   worker's, from one extra run under bench/rsswrap.py.

Besides: one handout with an empty date cache (the tool's first run on a machine), and with
``--instructions`` case a's instruction counts under valgrind, a ratio that does not drift with the
machine's speed. It prints a table and writes everything to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ONE = ROOT / "source" / "biological-therapy-for-cancer.yaml"
RESULTS = BENCH / "results" / "latest.json"
sys.path.insert(0, str(BENCH))

import variants  # noqa: E402 - bench/ is not a package

# Targets from issue 7, as ratios of the tool's time to the floor's.
TARGETS = {"a": 1.10, "b": 1.15, "c": 0.60}
# Case a's runs take a quarter of a second, and one pair of them moves by a fifth with this kind of
# machine's drift: each run takes several pairs of it (about 2 s), so its median rests on 25 pairs.
A_PAIRS_PER_RUN = 5
MEMORY_TARGET_MB = 80.0
QUIET = 0.15  # a run starts once other programs use less than this share of the CPUs (or after --max-wait)
DISTURBED = 0.10  # a run during which other programs took more than this share of the CPUs is run again
TRIES = 3  # at most, per sample; the last one counts whatever happened
TICKS = os.sysconf("SC_CLK_TCK")  # /proc/stat counts in these per second


@dataclass
class Sample:
    """One timed process: wall seconds, CPU seconds and peak resident set (MB) of its process tree."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    busy_before: float = 0.0  # share of the CPUs other programs used just before the run
    others: float = 0.0  # share of the machine's CPU capacity other programs used during the run
    tries: int = 1  # runs taken to get one that other programs did not disturb (see measure)


@dataclass
class Series:
    """The samples of one command over the runs."""

    samples: list[Sample] = field(default_factory=list)

    @property
    def times(self) -> list[float]:
        return [s.seconds for s in self.samples]

    def summary(self) -> dict[str, Any]:
        times, peaks, cpu = self.times, [s.peak_mb for s in self.samples], [s.cpu_seconds for s in self.samples]
        return {
            "seconds": times,
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "cpu_seconds": cpu,
            "cpu_median": statistics.median(cpu),
            "peak_mb": peaks,
            "peak_mb_median": statistics.median(peaks),
            "busy_before": [round(s.busy_before, 2) for s in self.samples],
            "others_during": [round(s.others, 3) for s in self.samples],
            "tries": [s.tries for s in self.samples],
        }


@dataclass
class Case:
    """A benchmark case: the floor's command and the tool's, run alternately."""

    key: str
    name: str
    floor: list[str]
    tool: list[str]
    handouts: int
    pairs_per_run: int = 1  # floor-tool pairs in each run (more for a case whose runs are short)
    floor_runs: Series = field(default_factory=Series)
    tool_runs: Series = field(default_factory=Series)


def tool_command() -> list[str]:
    """The ``handoutkit`` console script beside this Python, or ``python -m handoutkit``."""
    script = Path(sys.executable).parent / "handoutkit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "handoutkit"]


def cpu_ticks() -> tuple[int, int]:
    """Busy and total CPU ticks of the whole machine, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return sum(values) - idle, sum(values)


def busy_share(interval: float = 0.5) -> float:
    """The share of all CPUs in use over ``interval`` seconds (0 idle, 1 all busy)."""
    busy, total = cpu_ticks()
    time.sleep(interval)
    busy2, total2 = cpu_ticks()
    return (busy2 - busy) / max(1, total2 - total)


def wait_for_quiet(limit: float, max_wait: float) -> float:
    """Wait (up to ``max_wait`` s) until other programs use under ``limit`` of the CPUs; the last share."""
    deadline = time.monotonic() + max_wait
    share = busy_share()
    while share >= limit and time.monotonic() < deadline:
        share = busy_share(2.0)
    return share


def timed(command: list[str]) -> Sample:
    """Run ``command`` (output discarded), timing it and taking its tree's peak RSS from ``os.wait4``."""
    with tempfile.TemporaryFile() as errors:
        busy_start, total_start = cpu_ticks()
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        busy_end, total_end = cpu_ticks()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}:\n{message}")
    cpu = usage.ru_utime + usage.ru_stime
    # Busy ticks of the whole machine, less the command's own CPU time: what other programs took.
    others = max(0.0, (busy_end - busy_start) / TICKS - cpu) / max(1e-9, (total_end - total_start) / TICKS)
    return Sample(seconds, cpu, usage.ru_maxrss / 1024, others=others)  # Linux reports ru_maxrss in KiB


def split_memory(command: list[str], work: Path) -> dict[str, float | None]:
    """The peak RSS of a Python command's own process and of its largest worker, via rsswrap.py.

    Both are None when that run fails, so that one failed extra run does not lose the timings.
    """
    report = work / "rss.json"
    wrapped = [sys.executable, str(BENCH / "rsswrap.py"), str(report)]
    if command[0] == sys.executable:
        wrapped += command[1:]
    else:  # the console script: run its module instead
        wrapped += ["-m", "handoutkit", *command[1:]]
    done = subprocess.run(wrapped, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0 or not report.exists():
        log(f"the memory run failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return {"self_mb": None, "children_mb": None}
    data: dict[str, float | None] = json.loads(report.read_text(encoding="utf-8"))
    return data


def make_cases(work: Path, library: list[Path]) -> list[Case]:
    """The three timed cases, each writing to its own folders under ``work``."""
    tool, floor = tool_command(), [sys.executable, str(BENCH / "floor.py")]
    lib = str(library[0].parent)
    files = [str(path) for path in library]
    return [
        Case(
            "a",
            "one handout, whole process",
            [*floor, str(work / "floor-a"), str(ONE)],
            [*tool, "build", str(ONE), "--out", str(work / "tool-a"), "--force"],
            1,
            pairs_per_run=A_PAIRS_PER_RUN,
        ),
        Case(
            "b",
            f"library of {len(files)}, serial (--jobs 1)",
            [*floor, str(work / "floor-b"), *files],
            [*tool, "build", lib, "--jobs", "1", "--force", "--out", str(work / "tool-b")],
            len(files),
        ),
        Case(
            "c",
            f"library of {len(files)}, --jobs 2 vs floor serial",
            [*floor, str(work / "floor-c"), *files],
            [*tool, "build", lib, "--jobs", "2", "--force", "--out", str(work / "tool-c")],
            len(files),
        ),
    ]


def measure(cases: list[Case], runs: int, max_wait: float) -> None:
    """Warm up once, then run every case ``runs`` times, floor and tool alternately.

    Other programs running at the same time slow either side, so before each run it waits (up to
    ``max_wait`` seconds) for the machine to be quiet, and a run during which others took more than
    ``DISTURBED`` of the CPUs is run again (``TRIES`` at most); each sample keeps both figures.
    """
    log("warm-up (not timed)")
    compile_package()
    timed(cases[0].floor)
    timed(cases[0].tool)  # also fills the benchmark's own date cache (DATE_CACHE): later runs are warm
    for run in range(1, runs + 1):
        for case in cases:
            for _ in range(case.pairs_per_run):
                for label, command, series in (
                    ("floor", case.floor, case.floor_runs),
                    ("tool", case.tool, case.tool_runs),
                ):
                    sample = undisturbed(command, max_wait)
                    series.samples.append(sample)
                    log(
                        f"run {run}/{runs} {case.key} {label}: {sample.seconds:.3f} s, {sample.cpu_seconds:.3f} s "
                        f"CPU, {sample.peak_mb:.0f} MB (others: {sample.busy_before:.0%} of the CPUs before, "
                        f"{sample.others:.0%} during; try {sample.tries})"
                    )


def count_instructions(case: Case) -> dict[str, float] | None:
    """Instructions (millions) each side of case a executes, under valgrind's callgrind: the same
    count whatever else the machine does, so a ratio that does not drift (valgrind must be there)."""
    if shutil.which("valgrind") is None:
        log("no valgrind: instructions not counted")
        return None
    found: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, command in (("floor", case.floor), ("tool", case.tool)):
            out = Path(folder) / f"{label}.out"
            wrapped = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command]
            subprocess.run(wrapped, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            totals = next(line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:")))
            found[label] = int(totals.split()[1]) / 1e6
    found["ratio"] = found["tool"] / found["floor"]
    return found


def cold_sample(case: Case, work: Path) -> Sample:
    """One run of the tool with an empty date cache: a machine's first build, or one after Babel changes."""
    os.environ["HANDOUTKIT_CACHE_DIR"] = str(work / "cold-cache")
    try:
        return timed(case.tool)
    finally:
        os.environ["HANDOUTKIT_CACHE_DIR"] = str(work / "date-cache")


def compile_package() -> None:
    """Write handoutkit's bytecode, as installing a package does.

    An editable install leaves it to the first import, and with PYTHONDONTWRITEBYTECODE set (as on
    some machines) every run would compile the whole package again: ~0.3 s the floor never pays,
    since ReportLab comes compiled from its wheel.
    """
    import compileall

    import handoutkit

    compileall.compile_dir(str(Path(handoutkit.__file__).parent), quiet=1)


def undisturbed(command: list[str], max_wait: float) -> Sample:
    """One sample of ``command``, run again (``TRIES`` at most) while other programs disturb it."""
    for attempt in range(1, TRIES + 1):
        busy = wait_for_quiet(QUIET, max_wait) if max_wait > 0 else 0.0
        sample = timed(command)
        sample.busy_before, sample.tries = busy, attempt
        if sample.others <= DISTURBED:
            break
    return sample


def case_result(case: Case) -> dict[str, Any]:
    """Medians, spreads and ratios of one case."""
    floor, tool = case.floor_runs.summary(), case.tool_runs.summary()
    pairs = [t / f for t, f in zip(case.tool_runs.times, case.floor_runs.times, strict=True)]
    # The median of the paired ratios (each tool run against the floor run just before it): the
    # machine's speed drifts from minute to minute, and a pair sees the same speed.
    ratio = statistics.median(pairs)
    result: dict[str, Any] = {
        "name": case.name,
        "handouts": case.handouts,
        "floor_command": shown(case.floor),
        "tool_command": shown(case.tool),
        "floor": floor,
        "tool": tool,
        "ratio": ratio,
        "ratio_per_run": pairs,
        "ratio_of_medians": tool["median"] / floor["median"],
        "ratio_min": min(pairs),
        "ratio_max": max(pairs),
        "cpu_ratio": tool["cpu_median"] / floor["cpu_median"],  # less sensitive to a busy machine
        "target": TARGETS[case.key],
        "meets_target": ratio <= TARGETS[case.key],
    }
    if case.handouts > 1:
        result["floor_ms_per_handout"] = floor["median"] / case.handouts * 1000
        result["tool_ms_per_handout"] = tool["median"] / case.handouts * 1000
    return result


def shown(command: list[str]) -> str:
    """A command as text, with a long list of handout files cut short."""
    files = [part for part in command if part.endswith(".yaml")]
    if len(files) > 1:
        command = [part for part in command if part not in files] + [f"LIB/*.yaml ({len(files)} files)"]
    return " ".join(command)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import reportlab

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "reportlab": reportlab.Version,
        "pyyaml_c_loader": hasattr(__import__("yaml"), "CSafeLoader"),
        "handoutkit_commit": git_commit(),
    }


def git_commit() -> str:
    """The checked-out commit (read-only; the working tree may hold uncommitted changes)."""
    try:
        found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "unknown"
    return found.stdout.strip() or "unknown"


def source_fingerprint() -> str:
    """A hash of the package's source files, to tell whether the tool changed during the run."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "build_scripts").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml"}:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def page_counts(work: Path) -> dict[str, int]:
    """Pages of the one-handout PDFs of both, to show they lay out alike (needs pypdf)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return {}
    name = ONE.with_suffix(".pdf").name
    return {who: len(PdfReader(work / f"{who}-a" / name).pages) for who in ("floor", "tool")}


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table."""
    header = (
        *("case", "floor median", "tool median", "ratio (median of pairs)", "target"),
        *("spread (ratio min-max)", "peak MB (floor / tool)", "CPU-time ratio"),
    )
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for key, case in results["cases"].items():
        floor, tool = case["floor"], case["tool"]
        timing = f"{floor['median']:.3f} s", f"{tool['median']:.3f} s"
        if "tool_ms_per_handout" in case:
            timing = (
                f"{floor['median']:.2f} s ({case['floor_ms_per_handout']:.1f} ms/handout)",
                f"{tool['median']:.2f} s ({case['tool_ms_per_handout']:.1f} ms/handout)",
            )
        ok = "yes" if case["meets_target"] else "NO"
        peak = f"{floor['peak_mb_median']:.0f} / {tool['peak_mb_median']:.0f}"  # floor / tool
        rows.append(
            f"| {key}. {case['name']} | {timing[0]} | {timing[1]} | {case['ratio']:.2f}x | "
            f"≤ {case['target']:.2f}x ({ok}) | {case['ratio_min']:.2f}-{case['ratio_max']:.2f}x | {peak} | "
            f"{case['cpu_ratio']:.2f}x |"
        )
    rows.append(memory_row(results["memory"]))
    return "\n".join(rows)


def memory_row(memory: dict[str, Any]) -> str:
    """Row d of the table: the one-handout peak against the target, and the --jobs 2 split."""
    ok = "yes" if memory["meets_target"] else "NO"
    parent, worker = memory["jobs2_parent_mb"], memory["jobs2_largest_worker_mb"]
    split = "n/a" if parent is None else f"--jobs 2: parent {parent:.0f} MB, largest worker {worker:.0f} MB"
    return (
        f"| d. peak memory, one handout | {memory['floor_one_mb']:.0f} MB | {memory['tool_one_mb']:.0f} MB | "
        f"{memory['tool_one_mb'] / memory['floor_one_mb']:.2f}x | < {MEMORY_TARGET_MB:.0f} MB ({ok}) | "
        f"{split} | | |"
    )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def options(argv: list[str]) -> argparse.Namespace:
    """Command-line options; ``--quick`` means 3 runs and a library of 40 unless they are given."""
    parser = argparse.ArgumentParser(description="Benchmark handoutkit against the ReportLab floor (bench/floor.py).")
    parser.add_argument("--runs", type=int, help="alternating runs per command (default 5; quick 3)")
    parser.add_argument("--library", type=int, help="handouts in the library (default 200; quick 40)")
    parser.add_argument("--quick", action="store_true", help="3 runs and a library of 40, for trying changes")
    parser.add_argument(
        "--instructions", action="store_true", help="also count case a's instructions under valgrind (~1 minute)"
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=30.0,
        help="seconds to wait at most, before each run, for other programs to leave the CPUs (0: never wait)",
    )
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where to write the results (default {RESULTS})")
    args = parser.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 5)
    args.library = args.library or (40 if args.quick else 200)
    return args


def collect(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Generate the library in ``work``, measure every case and gather the results."""
    library = variants.generate(work / "library", args.library)
    cases = make_cases(work, library)
    # The tool remembers the dates Babel writes (docs/commands.md, "Remembered dates"); the benchmark keeps
    # them in its own folder, so that the user's cache neither helps nor changes.
    os.environ["HANDOUTKIT_CACHE_DIR"] = str(work / "date-cache")
    started, load, source = time.time(), os.getloadavg(), {"commit": git_commit(), "files": source_fingerprint()}
    measure(cases, args.runs, args.max_wait)
    log("memory of the --jobs 2 build, split by process (one extra run)")
    split = split_memory(cases[2].tool, work)
    log("one handout with an empty date cache (one extra run)")
    cold = cold_sample(cases[0], work)
    instructions = count_instructions(cases[0]) if args.instructions else None
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "runs": args.runs,
            "a_pairs_per_run": A_PAIRS_PER_RUN,
            "library": args.library,
            "quick": args.quick,
            "max_wait": args.max_wait,
        },
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "elapsed_seconds": round(time.time() - started, 1),
        "load_average": {"start": load, "end": os.getloadavg()},  # other work on the machine skews times
        "source_at_start": source,
        "source_at_end": {"commit": git_commit(), "files": source_fingerprint()},
        "cases": {case.key: case_result(case) for case in cases},
        "pages_one_handout": page_counts(work),
        "cold_one_handout": {
            "seconds": cold.seconds,
            "ratio_to_floor_median": cold.seconds / statistics.median(cases[0].floor_runs.times),
        },
        "instructions_one_handout": instructions,
    }
    results["memory"] = memory(results["cases"]["a"], split)
    return results


def memory(one: dict[str, Any], split: dict[str, float | None]) -> dict[str, Any]:
    """Case d: peak memory of a one-handout build against the target, and the --jobs 2 split."""
    tool = one["tool"]["peak_mb_median"]
    return {
        "floor_one_mb": one["floor"]["peak_mb_median"],
        "tool_one_mb": tool,
        "target_mb": MEMORY_TARGET_MB,
        "meets_target": tool < MEMORY_TARGET_MB,
        "jobs2_parent_mb": split["self_mb"],
        "jobs2_largest_worker_mb": split["children_mb"],
    }


def main(argv: list[str]) -> int:
    """Measure, print the table and write the JSON."""
    args = options(argv)
    work = Path(tempfile.mkdtemp(prefix="handoutkit-bench-"))
    try:
        results = collect(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(describe(results["machine"]))
    print(table(results))
    print(extras(results))
    print(disturbance(results))
    if results["source_at_start"]["files"] != results["source_at_end"]["files"]:
        print("warning: handoutkit's source changed during the run; the figures mix versions")
    print(f"\nwritten to {args.json}")
    return 0


def extras(results: dict[str, Any]) -> str:
    """The cold one-handout run and, when counted, case a's instructions."""
    cold = results["cold_one_handout"]
    lines = [
        f"one handout with an empty date cache (Babel loads): {cold['seconds']:.3f} s, "
        f"{cold['ratio_to_floor_median']:.2f}x the floor's median"
    ]
    counted = results.get("instructions_one_handout")
    if counted:
        lines.append(
            f"case a in instructions (callgrind): floor {counted['floor']:.0f} M, tool {counted['tool']:.0f} M, "
            f"{counted['ratio']:.2f}x"
        )
    return "\n".join(lines)


def disturbance(results: dict[str, Any]) -> str:
    """How much of the CPUs other programs took during the counted runs."""
    shares = [
        share
        for case in results["cases"].values()
        for side in ("floor", "tool")
        for share in case[side]["others_during"]
    ]
    return (
        f"other programs used {statistics.median(shares):.0%} (median) and at most {max(shares):.0%} "
        "of the CPUs during the counted runs"
    )


def describe(info: dict[str, Any]) -> str:
    """One line about the machine."""
    return (
        f"{info['cpu']}, {info['cores_usable']} of {info['cores']} cores, {info['memory_gb']} GB; "
        f"Python {info['python']}, ReportLab {info['reportlab']}; handoutkit {info['handoutkit_commit']}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
