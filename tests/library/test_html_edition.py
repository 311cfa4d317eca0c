"""``handoutkit build --html``: X.html beside X.pdf, for handouts and personal copies, kept and
skipped with its PDF, and never left behind stale."""

from __future__ import annotations

from pathlib import Path

from handoutkit import build_html
from handoutkit.cli.main import main

from ..helpers import EXAMPLE, write

VISIT = """\
title: Your visit plan, {patient_name}
reviewed: 2026-11-01
summary: What happens at your next visit, and how to get ready for it.
sections:
  - heading: Your next visit
    blocks:
      - Please come 15 minutes early.
  - heading: When to call
    blocks:
      - note: Call us if you cannot come.
        kind: warning
"""


def test_build_html_writes_the_edition_beside_the_pdf(tmp_path: Path, capsys: object) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--html"]) == 0
    page = (tmp_path / f"{EXAMPLE.stem}.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") or page.startswith("<!DOCTYPE html>")
    assert "<h1" in page and "Biological Therapy for Cancer" in page
    assert page == build_html(EXAMPLE)  # the API's edition is the command's


def test_an_unchanged_handout_is_skipped_only_while_its_edition_is_there(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "--out", str(out), "--html"]) == 0
    pdf = (out / f"{EXAMPLE.stem}.pdf").stat().st_mtime_ns
    assert main(["build", str(EXAMPLE), "--out", str(out), "--html"]) == 0
    assert (out / f"{EXAMPLE.stem}.pdf").stat().st_mtime_ns == pdf  # skipped
    (out / f"{EXAMPLE.stem}.html").write_text("edited by hand", encoding="utf-8")
    assert main(["build", str(EXAMPLE), "--out", str(out), "--html"]) == 0
    assert (out / f"{EXAMPLE.stem}.html").read_text(encoding="utf-8") == build_html(EXAMPLE)  # built again


def test_a_rebuild_without_html_removes_the_stale_edition(tmp_path: Path) -> None:
    source = write(tmp_path / "source", "visit.yaml", VISIT.replace("{patient_name}", "today"))
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--html"]) == 0
    assert (out / "visit.html").exists()
    source.write_text(VISIT.replace("{patient_name}", "tomorrow"), encoding="utf-8")
    assert main(["build", str(source), "--out", str(out)]) == 0
    assert not (out / "visit.html").exists()  # it showed the handout as it was


def test_a_file_put_there_since_is_never_removed(tmp_path: Path) -> None:
    source = write(tmp_path / "source", "visit.yaml", VISIT.replace("{patient_name}", "today"))
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--html"]) == 0
    (out / "visit.html").write_text("the clinic's own page", encoding="utf-8")
    assert main(["build", str(source), "--out", str(out), "--force"]) == 0
    assert (out / "visit.html").read_text(encoding="utf-8") == "the clinic's own page"


def test_each_personal_copy_gets_its_own_edition(tmp_path: Path) -> None:
    source = write(tmp_path / "source", "visit.yaml", VISIT)
    fields = write(tmp_path, "patients.csv", "patient_name\nAna López\nBen Okafor\n")
    out = tmp_path / "out"
    assert main(["build", str(source), "--out", str(out), "--html", "--fields", str(fields)]) == 0
    ana, ben = (out / "visit-ana-lopez.html").read_text("utf-8"), (out / "visit-ben-okafor.html").read_text("utf-8")
    assert "Ana López" in ana and "Ben Okafor" not in ana
    assert "Ben Okafor" in ben and "Ana López" not in ben
