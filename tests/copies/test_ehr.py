"""Fields files exported from an EHR: many columns, headers in any case and with spaces, several name columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from handoutkit.copies import fields
from handoutkit.diagnostics import Position, Report

from ..helpers import pdf_text, write
from .test_copies import TEMPLATE, run

# Three patients as an EHR report writes them: columns the handout does not use, upper-case headers,
# spaces and hyphens in headers, and a value with a comma in it.
EHR = """\
MRN,Patient Name,DOB,Email,Insurance ID #,FOLLOW UP DATE, care-team phone ,Visit Date
X-12345,Ana López,1980-01-02,ana.lopez@example.org,INS-0001-A,May 2,555-0101,2026-05-02
X-23456,Bo Chen,1975-03-04,bo.chen@example.org,INS-0002-B,June 9,555-0102,2026-06-09
X-34567,"Okafor, Chidi",1990-05-06,chidi.okafor@example.org,INS-0003-C,July 14,555-0103,2026-07-14
"""
ROWS = [line.replace('"', "").split(",") for line in EHR.splitlines()[1:]]
PATIENTS = [
    # mrn, what the copy prints, what it must not print (its own row's other columns)
    ("X-12345", ["Ana López", "May 2", "555-0101"], ["1980-01-02", "ana.lopez@example.org", "INS-0001-A"]),
    ("X-23456", ["Bo Chen", "June 9", "555-0102"], ["1975-03-04", "bo.chen@example.org", "INS-0002-B"]),
    ("X-34567", ["Okafor, Chidi", "July 14", "555-0103"], ["1990-05-06", "chidi.okafor@example.org", "INS-0003-C"]),
]
USED = [
    ("patient_name", Position("plan.yaml", 7, 15)),
    ("follow_up_date", Position("plan.yaml", 7, 55)),
    ("care_team_phone", Position("plan.yaml", 7, 80)),
]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write(tmp_path, "src/plan.yaml", TEMPLATE)


def test_an_ehr_export_gives_one_copy_per_row_each_with_only_its_own_values(tmp_path: Path, template: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR)
    out = tmp_path / "out"
    status, printed, err = run("build", str(template), "--fields", str(ehr), "--out", str(out), "--strict")
    assert status == 0, err  # an ignored column is a note: --strict passes
    assert err.splitlines() == [
        f"{ehr}:1:18: note: ignored: the columns 'DOB', 'Email', 'Insurance ID #', 'Visit Date' fill no field of "
        f"{template}, so its copies leave them out"
    ]
    assert sorted(p.name for p in out.glob("*.pdf")) == ["plan-x-12345.pdf", "plan-x-23456.pdf", "plan-x-34567.pdf"]
    for mrn, shown, hidden in PATIENTS:
        text = pdf_text(out / f"plan-{mrn.lower()}.pdf")
        assert f"Dear {shown[0]}, your next visit is on {shown[1]}. Call {shown[2]}." in text
        for value in [*hidden, mrn]:
            assert value not in text, f"{mrn}'s copy prints {value}, from a column the handout does not use"
        others = [cell for row in ROWS if row[0] != mrn for cell in row]
        assert not [value for value in others if value in text], f"{mrn}'s copy prints another patient's values"
    assert printed.splitlines()[-2:-1] == [f"wrote 3 copies of {template} from 3 rows of {ehr}"]


@pytest.mark.parametrize("header", ["Patient Name", "PATIENT_NAME", " patient name ", "patient-name", "Patient  Name"])
def test_headers_match_fields_ignoring_case_spaces_and_hyphens(tmp_path: Path, header: str) -> None:
    fields_file = write(tmp_path, "p.csv", f"mrn,{header},follow_up_date,care_team_phone\n1,Ana,May 2,555\n")
    report = Report()
    copies = fields.fit(USED, fields.read_rows(fields_file, None, fields.Copy(), report), "plan.yaml", report)
    assert report.items == []
    assert [copy.values for copy in copies] == [
        {"patient_name": "Ana", "follow_up_date": "May 2", "care_team_phone": "555"}
    ]


def test_a_copy_holds_only_the_fields_the_handout_uses(tmp_path: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR)
    report = Report()
    copies = fields.read_rows(ehr, "MRN", fields.Copy(), report)
    assert copies[0].values["email"] == "ana.lopez@example.org"  # read, then left out for this handout
    fitted = fields.fit(USED, copies, "plan.yaml", report)
    assert [copy.values for copy in fitted] == [
        {"patient_name": name, "follow_up_date": date, "care_team_phone": phone}
        for _, (name, date, phone), _ in PATIENTS
    ]
    assert [sorted(copy.origins) for copy in fitted] == [["care_team_phone", "follow_up_date", "patient_name"]] * 3
    assert {copy.columns for copy in fitted} == {()}  # nothing of the file's header is sent to the workers
    assert [str(d) for d in report.sorted()] == [
        f"{ehr}:1:18: note: ignored: the columns 'DOB', 'Email', 'Insurance ID #', 'Visit Date' fill no field of "
        "plan.yaml, so its copies leave them out"
    ]


def test_a_column_one_edit_from_a_used_field_is_an_error_at_its_header_once(tmp_path: Path, template: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR.replace("Patient Name", "Patient Nam", 1))
    out = tmp_path / "out"
    status, printed, err = run("build", str(template), "--fields", str(ehr), "--out", str(out))
    assert status == 1
    assert err.splitlines() == [
        f"{ehr}:1:5: error: column 'Patient Nam' is no field of {template}; did you mean 'patient_name'? The handout "
        f"uses {{patient_name}} at {template}:7:15 and no column gives it; rename the column patient_name",
        f"{ehr}:1:17: note: ignored: the columns 'DOB', 'Email', 'Insurance ID #', 'Visit Date' fill no field of "
        f"{template}, so its copies leave them out",
    ]
    assert not out.exists() or not list(out.glob("*.pdf"))
    assert printed.splitlines()[-2] == f"wrote 0 copies of {template} from 3 rows of {ehr} (3 failed)"
    assert printed.splitlines()[-1].startswith("0 built, 0 skipped, 3 failed, 0 warnings")


def test_a_header_that_is_no_field_name_is_only_an_error_when_a_field_needs_it(tmp_path: Path) -> None:
    report = Report()
    text = "mrn,Patient Name:,Follow-up date,care team phone,Phone #\n1,Ana,May 2,555,556\n"
    copies = fields.read_rows(write(tmp_path, "p.csv", text), None, fields.Copy(), report)
    fields.fit(USED, copies, "plan.yaml", report)
    assert [str(d) for d in report.sorted()] == [
        f"{tmp_path / 'p.csv'}:1:5: error: column 'Patient Name:' is no field of plan.yaml; did you mean "
        "'patient_name'? The handout uses {patient_name} at plan.yaml:7:15 and no column gives it; rename the "
        "column patient_name",
        f"{tmp_path / 'p.csv'}:1:50: note: ignored: the column 'Phone #' fills no field of plan.yaml, so its "
        "copies leave it out",
    ]


def test_two_headers_for_one_field_are_an_error_only_when_the_handout_uses_it(tmp_path: Path) -> None:
    text = "mrn,Patient Name,patient_name,follow_up_date,care_team_phone,Email,EMAIL\n1,Ana,Bo,May 2,555,a@b,c@d\n"
    fields_file = write(tmp_path, "p.csv", text)
    report = Report()
    fields.fit(USED, fields.read_rows(fields_file, None, fields.Copy(), report), "plan.yaml", report)
    assert [str(d) for d in report.sorted()] == [
        f"{fields_file}:1:18: error: duplicate column 'patient_name' (the same column as 'Patient Name' at line 1, "
        "column 5); keep only one of them, or rename one",
        f"{fields_file}:1:62: note: ignored: the columns 'Email', 'EMAIL' fill no field of plan.yaml, so its copies "
        "leave them out",
    ]


def test_several_name_columns_name_each_copy(tmp_path: Path, template: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR)
    out = tmp_path / "out"
    status, _, err = run(
        "build", str(template), "--fields", str(ehr), "--out", str(out), "--name-column", "mrn, VISIT DATE"
    )
    assert status == 0, err
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "plan-x-12345-2026-05-02.pdf",
        "plan-x-23456-2026-06-09.pdf",
        "plan-x-34567-2026-07-14.pdf",
    ]
    assert "'Visit Date'" not in err  # a name column is used, not ignored
    assert "2026-05-02" not in pdf_text(out / "plan-x-12345-2026-05-02.pdf")  # it names the file only


def test_an_unknown_name_column_is_an_error_listing_the_columns(tmp_path: Path, template: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR)
    status, _, err = run(
        "build", str(template), "--fields", str(ehr), "--out", str(tmp_path / "out"), "--name-column", "mrn,visit"
    )
    assert status == 1
    assert err.splitlines() == [
        f"{ehr}:1:1: error: the header has no 'visit' column to name each copy's file by; add it, or choose one of "
        "MRN, Patient Name, DOB, Email, Insurance ID #, FOLLOW UP DATE, care-team phone, Visit Date with --name-column"
    ]
    twice = write(tmp_path, "twice.csv", "MRN,mrn,patient_name\n1,2,Ana\n")
    status, _, err = run("build", str(template), "--fields", str(twice), "--out", str(tmp_path / "out"))
    assert (status, err.splitlines()) == (
        1,
        [
            f"{twice}:1:5: error: duplicate column 'mrn' (the same column as 'MRN' at line 1, column 1); keep only "
            "one of them, or rename one"
        ],
    )


def test_yaml_keys_match_fields_as_csv_headers_do(tmp_path: Path, template: Path) -> None:
    rows = '- {MRN: A-1, Patient Name: Ana, FOLLOW-UP DATE: May 2, care_team_phone: "555", Email: a@example.org}\n'
    fields_file = write(tmp_path, "p.yaml", rows)
    out = tmp_path / "out"
    status, _, err = run("build", str(template), "--fields", str(fields_file), "--out", str(out))
    assert status == 0, err
    assert err.splitlines() == [
        f"{fields_file}:1:80: note: ignored: the column 'Email' fills no field of {template}, so its copies leave "
        "it out"
    ]
    text = pdf_text(out / "plan-a-1.pdf")
    assert "Dear Ana, your next visit is on May 2. Call 555." in text and "a@example.org" not in text


def test_set_still_reports_a_value_for_no_field(tmp_path: Path, template: Path) -> None:
    ehr = write(tmp_path, "ehr.csv", EHR)
    status, _, err = run(
        "build", str(template), "--fields", str(ehr), "--out", str(tmp_path / "out"), "--set", "patient_nme=Zed"
    )
    assert status == 1
    unknown = "--set patient_nme=Zed: error: unknown field 'patient_nme'; did you mean 'patient_name'?"
    assert [line for line in err.splitlines() if ": note: " not in line] == [unknown] * 3  # at each copy
