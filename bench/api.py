"""Benchmark the Python API against the command for personal copies, as an integration engine makes them.

``python bench/api.py [--copies 50] [--runs 3]`` builds COPIES personal copies of one template
(a visit plan with ``{patient_name}`` and ``{follow_up_date}``) two ways, each a whole process,
alternating and repeated RUNS times:

a. the command, once per copy: ``handoutkit build TEMPLATE --set patient_name=... --out DIR``;
b. the API, every copy in one process: ``build_pdf(TEMPLATE, fields=...)``, the PDF bytes written
   to DIR (the process's start and imports are counted, as they are for the command).

It prints each run's times and the median ratio a / b, checks that the two ways give byte-identical
PDFs, and writes everything to bench/results/api.json. The target (issue 21): a / b >= 3.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results" / "api.json"

TEMPLATE = """\
title: Your visit plan, {patient_name}
reviewed: 2026-11-01
summary: What happens at your next visit, and how to get ready for it.
sections:
  - heading: Your next visit
    blocks:
      - Your next visit is on {follow_up_date}. Please come 15 minutes early.
      - steps: [Bring your medicine list., Bring your insurance card., Check in at the front desk.]
  - heading: When to call
    blocks:
      - note: Call us if you cannot come, so that we can give the time to another patient.
        kind: warning
"""

NAMES = ["Ana López", "Ben Okafor", "Chen Wei", "Dana Kowalski", "Emeka Eze", "Fatima Zahra", "Grace Kim"]

API_RUN = """\
import sys
from pathlib import Path
from handoutkit import build_pdf
template, out, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
names = sys.argv[4:]
for number in range(count):
    fields = {"patient_name": names[number % len(names)], "follow_up_date": f"May {number % 28 + 1}"}
    built = build_pdf(template, fields=fields)
    (out / f"copy-{number}.pdf").write_bytes(built.pdf)
"""


def _handoutkit() -> str:
    return str(Path(sys.executable).parent / "handoutkit")


def command_run(template: Path, out: Path, count: int) -> float:
    started = time.perf_counter()
    for number in range(count):
        name, date = NAMES[number % len(NAMES)], f"May {number % 28 + 1}"
        subprocess.run(
            [
                *(_handoutkit(), "build", str(template), "--out", str(out / str(number)), "--force"),
                *("--set", f"patient_name={name}", "--set", f"follow_up_date={date}"),
            ],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def api_run(template: Path, out: Path, count: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", API_RUN, str(template), str(out), str(count), *NAMES], check=True)
    return time.perf_counter() - started


def same_pdfs(command_out: Path, api_out: Path, count: int) -> bool:
    return all(
        (command_out / str(number) / "visit-plan.pdf").read_bytes() == (api_out / f"copy-{number}.pdf").read_bytes()
        for number in range(count)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    identical = True
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "visit-plan.yaml"
        template.write_text(TEMPLATE, encoding="utf-8")
        os.environ.setdefault("HANDOUTKIT_CACHE_DIR", str(Path(folder) / "cache"))
        api_run(template, Path(folder), 1)  # fills the date cache, as a machine's first run would
        for run in range(args.runs):
            command_out, api_out = Path(folder) / f"command-{run}", Path(folder) / f"api-{run}"
            api_out.mkdir()
            command = command_run(template, command_out, args.copies)
            api = api_run(template, api_out, args.copies)
            identical = identical and same_pdfs(command_out, api_out, args.copies)
            runs.append({"command_s": round(command, 2), "api_s": round(api, 2), "ratio": round(command / api, 2)})
            print(f"run {run + 1}: {args.copies} command runs {command:.2f} s, API {api:.2f} s, {command / api:.1f}x")
    ratio = statistics.median(run["ratio"] for run in runs)
    print(f"median: the API is {ratio:.1f}x faster (target 3x); byte-identical PDFs: {identical}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"copies": args.copies, "runs": runs, "median_ratio": ratio, "identical": identical}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
