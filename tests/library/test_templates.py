"""Templates in a library: a handout with {fields} is skipped by a folder build without values."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import CLEAN, pdf_text, write
from .test_library import build, counts, run

TEMPLATE = CLEAN.replace("A paragraph of text.", "Dear {patient_name}, this page is for you.")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A library of a plain handout and a template (as docs/copies.md's source/visit-plan.yaml is)."""
    lib = tmp_path / "library"
    write(lib, "a.yaml", CLEAN)
    write(lib, "visit-plan.yaml", TEMPLATE)
    return lib


def test_a_folder_build_without_values_skips_its_templates_with_one_line(folder: Path) -> None:
    skip = f"{folder / 'visit-plan.yaml'}: template: give --set or --fields"
    status, lines, err = build(folder, "--strict")
    assert (status, err) == (0, "")
    assert lines[:-1] == [f"built {folder.parent / 'out' / 'a.pdf'} (1 page)", skip]
    assert counts(lines) == (1, 1, 0, 0, 1)
    assert sorted(p.name for p in (folder.parent / "out").glob("*.pdf")) == ["a.pdf"]
    status, lines, err = build(folder)
    assert (status, err) == (0, "")
    assert lines[:-1] == [f"skipped {folder.parent / 'out' / 'a.pdf'} (unchanged)", skip]
    assert counts(lines) == (0, 2, 0, 0, 1)


def test_a_template_named_on_the_command_line_keeps_its_errors(folder: Path) -> None:
    template = folder / "visit-plan.yaml"
    status, lines, err = run("build", str(template), "--out", str(folder.parent / "out"))
    assert status == 1
    assert err.splitlines() == [
        f"{template}:7:14: error: the field {{patient_name}} has no value; give it with --set patient_name=VALUE "
        "or a 'patient_name' column in --fields"
    ]
    assert counts(lines) == (0, 0, 1, 0, 0)
    status, lines, err = run("build", str(folder), str(template), "--out", str(folder.parent / "out"))
    assert status == 1 and counts(lines) == (1, 0, 1, 0, 1)


def test_check_checks_templates(folder: Path) -> None:
    status, lines, err = run("check", str(folder), "--strict")
    assert (status, err, lines[-1]) == (0, "", "2 checked, 0 failed, 0 warnings")


def test_a_template_with_values_is_built_and_copies_are_skipped_by_their_own_values(folder: Path) -> None:
    (folder / "a.yaml").unlink()
    csv = folder.parent / "patients.csv"
    csv.write_text("MRN,Patient Name,Email\n1,Ana Diaz,ana@example.org\n2,Bo Chen,bo@example.org\n", encoding="utf-8")
    out = folder.parent / "out"
    template = folder / "visit-plan.yaml"
    note = f"{csv}:1:18: note: ignored: the column 'Email' fills no field of {template}, so its copies leave it out\n"
    status, lines, err = build(folder, "--fields", str(csv), "--strict")
    assert (status, err) == (0, note)
    assert lines[-2:-1] == [f"wrote 2 copies of {template} from 2 rows of {csv}"]
    assert counts(lines) == (2, 0, 0, 0, 2)
    assert "Dear Bo Chen," in pdf_text(out / "visit-plan-2.pdf")
    csv.write_text("MRN,Patient Name,Email\n1,Ana Diaz,ana@example.com\n2,Bo Chen,bo@example.org\n", encoding="utf-8")
    status, lines, err = build(folder, "--fields", str(csv))
    assert (status, err) == (0, note), "the note is said again, once"
    assert counts(lines) == (0, 2, 0, 0, 2), "a column the handout does not use changes no copy"
    assert lines[-2] == f"wrote 0 copies of {template} from 2 rows of {csv} (2 unchanged)"
    csv.write_text("MRN,Patient Name,Email\n1,Ana Diaz,ana@example.com\n2,Bo Chan,bo@example.org\n", encoding="utf-8")
    status, lines, err = build(folder, "--fields", str(csv))
    assert counts(lines) == (1, 1, 0, 0, 2)
    assert lines[:2] == [
        f"skipped {out / 'visit-plan-1.pdf'} (unchanged)",
        f"built {out / 'visit-plan-2.pdf'} (1 page)",
    ]
    assert lines[-2] == f"wrote 1 copy of {template} from 2 rows of {csv} (1 unchanged)"
    assert "Dear Bo Chan," in pdf_text(out / "visit-plan-2.pdf")
