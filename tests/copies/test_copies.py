"""Personal copies: {fields} filled from --set or a CSV/YAML file, one PDF per patient."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from handoutkit.cli.main import main

from ..helpers import normalise, pdf_text, write

TEMPLATE = """\
title: Your visit plan
reviewed: 2025-04-12
summary: This page tells you about your next visit.
sections:
  - heading: Next visit
    blocks:
      - 'Dear {patient_name}, your next visit is on **{follow_up_date}**. Call {care_team_phone}.'
  - heading: What to do
    blocks:
      - steps: [Bring your medicines., 'Write \\{questions} down.']
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write(tmp_path, "plan.yaml", TEMPLATE)


def test_fifty_patients_get_fifty_pdfs_each_with_only_their_own_name(tmp_path: Path, template: Path) -> None:
    names = [f"Patient{n:02d} Example{chr(65 + n % 26)}" for n in range(50)]
    rows = "\n".join(f"{name},May {n % 28 + 1},555-01{n:02d}" for n, name in enumerate(names))
    fields = write(tmp_path, "patients.csv", "patient_name,follow_up_date,care_team_phone\n" + rows + "\n")
    status, out, err = run(
        "build", str(template), "--fields", str(fields), "--out", str(tmp_path / "out"), "--jobs", "2"
    )
    assert status == 0, err
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 50
    for name in names:
        pdf = tmp_path / "out" / f"plan-{name.lower().replace(' ', '-')}.pdf"
        text = pdf_text(pdf)
        assert f"Dear {name}, your next visit" in text
        assert sum(other in text for other in names) == 1, f"{pdf.name} shows another patient's name"
    assert out.splitlines()[-1].startswith("50 built, 0 skipped, 0 failed")


def test_set_fills_one_copy_and_braces_can_be_escaped(tmp_path: Path, template: Path) -> None:
    status, _, err = run(
        "build", str(template), "--out", str(tmp_path), "--set", "patient_name=Ana López",
        "--set", "follow_up_date=May 2", "--set", "care_team_phone=555-0100",
    )  # fmt: skip
    assert status == 0, err
    text = pdf_text(tmp_path / "plan.pdf")
    assert "Dear Ana López, your next visit is on May 2. Call 555-0100." in text
    assert "Write {questions} down." in text


def test_values_are_text_never_markup(tmp_path: Path, template: Path) -> None:
    value = '<b>Bold?</b> **no** [@ref] & <font name="x">'
    status, _, err = run(
        "build", str(template), "--out", str(tmp_path), "--set", f"patient_name={value}",
        "--set", "follow_up_date=1", "--set", "care_team_phone=2",
    )  # fmt: skip
    assert status == 0, err
    assert f"Dear {value}, your next visit" in pdf_text(tmp_path / "plan.pdf")


def test_an_unfilled_field_is_an_error_at_its_place(tmp_path: Path, template: Path) -> None:
    status, _, err = run("build", str(template), "--out", str(tmp_path), "--set", "patient_name=Ana")
    assert status == 1
    assert err.splitlines() == [
        f"{template}:7:55: error: the field {{follow_up_date}} has no value; give it with --set "
        "follow_up_date=VALUE or a 'follow_up_date' column in --fields",
        f"{template}:7:80: error: the field {{care_team_phone}} has no value; give it with --set "
        "care_team_phone=VALUE or a 'care_team_phone' column in --fields",
    ]
    assert not list(tmp_path.glob("*.pdf"))


def test_an_unknown_field_is_an_error_naming_it(tmp_path: Path, template: Path) -> None:
    fields = write(tmp_path, "p.csv", "patient_name,folow_up_date,care_team_phone\nAna,May 2,555\n")
    status, _, err = run("build", str(template), "--out", str(tmp_path / "out"), "--fields", str(fields))
    assert status == 1
    assert err.splitlines() == [
        f"{fields}:1:14: error: column 'folow_up_date' is no field of {template}; did you mean 'follow_up_date'? "
        f"The handout uses {{follow_up_date}} at {template}:7:55 and no column gives it; rename the column "
        "follow_up_date"
    ]


def test_a_yaml_fields_file_and_a_chosen_name_column(tmp_path: Path, template: Path) -> None:
    fields = write(
        tmp_path,
        "p.yaml",
        """\
        - {mrn: A-1, patient_name: Ana, follow_up_date: May 2, care_team_phone: "555"}
        - {mrn: B-2, patient_name: Bình, follow_up_date: May 3, care_team_phone: "556"}
        - {mrn: B-2, patient_name: Bob, follow_up_date: May 4, care_team_phone: "557"}
        """,
    )
    status, _, err = run(
        "build", str(template), "--out", str(tmp_path / "out"), "--fields", str(fields), "--name-column", "mrn"
    )
    assert status == 0, err
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "plan-a-1.pdf",
        "plan-b-2-2.pdf",
        "plan-b-2.pdf",
    ]
    assert "Dear Bình," in pdf_text(tmp_path / "out" / "plan-b-2.pdf")


def test_a_value_no_font_can_print_is_an_error_at_its_row(tmp_path: Path, template: Path) -> None:
    fields = write(tmp_path, "p.csv", "patient_name,follow_up_date,care_team_phone\nAna ᚠ,May 2,555\n")
    status, _, err = run("build", str(template), "--out", str(tmp_path / "out"), "--fields", str(fields))
    assert status == 1
    assert f"{fields}:2:1: error: the character 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F) is in none of the fonts" in err


def test_a_personal_copy_keeps_the_patient_out_of_the_metadata(tmp_path: Path, template: Path) -> None:
    status, _, err = run(
        "build", str(template), "--out", str(tmp_path), "--set", "patient_name=Zelda Quintero",
        "--set", "follow_up_date=May 2", "--set", "care_team_phone=555-0100",
    )  # fmt: skip
    assert status == 0, err
    pdf = tmp_path / "plan.pdf"
    assert "Zelda Quintero" in normalise(PdfReader(pdf).pages[0].extract_text())
    document = pikepdf.open(pdf)
    info = " ".join(str(value) for value in document.docinfo.values())
    xmp = document.Root.Metadata.read_bytes().decode("utf-8")
    outline = " ".join(str(item.title) for item in document.open_outline().root)
    contents = " ".join(str(a.get("/Contents", "")) for p in document.pages for a in p.get("/Annots", []))
    for place in (info, xmp, outline, contents):
        assert "Zelda" not in place and "Quintero" not in place
