"""Fields files read as a spreadsheet user means them: every cell in its place, or an error at it."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoutkit.copies import fields
from handoutkit.diagnostics import Report

from ..helpers import pdf_text, write
from .test_copies import TEMPLATE, run

HEADER = "mrn,patient_name,follow_up_date,care_team_phone\n"
NO_VALUE = "the field {{{0}}} has no value; give it with --set {0}=VALUE or a '{0}' column in --fields"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write(tmp_path, "plan.yaml", TEMPLATE)


def build(template: Path, fields_file: Path | str, *more: str) -> tuple[int, list[str]]:
    out = template.parent / "out"
    status, _, err = run("build", str(template), "--out", str(out), "--fields", str(fields_file), *more)
    return status, err.splitlines()


def test_a_row_with_more_or_fewer_cells_than_the_header_is_an_error_at_the_cell(tmp_path: Path, template: Path) -> None:
    fields_file = write(tmp_path, "p.csv", HEADER + "1001,Lopez, Ana,May 2,555\n1002,Bo,May 3\n")
    assert build(template, fields_file) == (
        1,
        [
            f"{fields_file}:2:23: error: this row has 5 cells, the header 4 columns; put a value that holds a ',' "
            'in quotes ("Lopez, Ana"), or delete the extra cell',
            f"{fields_file}:3:14: error: this row has 3 cells, the header 4 columns, so 'care_team_phone' has none; "
            "add a cell for each column, an empty one too",
        ],
    )


def test_a_column_named_twice_is_an_error_at_the_second(tmp_path: Path, template: Path) -> None:
    fields_file = write(tmp_path, "p.csv", "mrn, patient_name,patient_name\n1,Ana,Bo\n")
    assert build(template, fields_file) == (
        1,
        [
            f"{fields_file}:1:19: error: duplicate column 'patient_name' (first given at line 1, column 5); "
            "keep only one of them, or rename one"
        ],
    )


def test_quoted_line_breaks_stay_in_the_value_and_later_rows_keep_their_lines(tmp_path: Path, template: Path) -> None:
    rows = '1,"Ana\nLópez",May 2,555\n2,"Bo\u2028Chen\x1c",May 3,556\n3,Cy,May 4,557,extra\n'
    fields_file = write(tmp_path, "p.csv", HEADER + rows)
    status, errors = build(template, fields_file)
    assert (status, errors) == (
        1,
        [
            f"{fields_file}:5:16: error: this row has 5 cells, the header 4 columns; put a value that holds a ',' "
            'in quotes ("Lopez, Ana"), or delete the extra cell'
        ],
    )
    write(tmp_path, "p.csv", HEADER + rows.replace(",extra", ""))
    status, errors = build(template, fields_file)
    assert status == 0, errors
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["plan-1.pdf", "plan-2.pdf", "plan-3.pdf"]
    assert "Dear Ana López, your next visit is on May 2." in pdf_text(tmp_path / "out" / "plan-1.pdf")


def test_cells_are_placed_by_character_column_on_their_own_line(tmp_path: Path, template: Path) -> None:
    rows = '1,"Ana\n""Zé""",May 2,555, \n'
    fields_file = write(tmp_path, "p.csv", "mrn,patient_name,follow_up_date,x,care_team_phone\n" + rows)
    assert build(template, fields_file)[1] == [
        f"{fields_file}:1:33: note: ignored: the column 'x' fills no field of {template}, so its copies leave it out",
        f"{fields_file}:3:19: error: the value of {{care_team_phone}} is empty, but the handout prints it "
        f"(at {template}:7:80); fill it in",
    ]


def test_a_csv_the_csv_module_refuses_is_an_error_at_its_line(tmp_path: Path, template: Path) -> None:
    fields_file = write(tmp_path, "p.csv", HEADER + '1,Ana,May 2,555\n2,"' + "x" * 140_000 + '",May 3,556\n')
    assert build(template, fields_file) == (
        1,
        [
            f"{fields_file}:3:1: error: this CSV row cannot be read (field larger than field limit (131072)); "
            'check that each cell that opens with a quote (") closes it'
        ],
    )
    write(tmp_path, "p.csv", HEADER + '1,Ana,May 2,555\n2,"Bo, May 3,556\n3,Cy,May 4,557\n')
    assert build(template, fields_file) == (
        1,
        [
            f'{fields_file}:3:3: error: this quote (") opens a cell but is never closed, so the rest of the file is '
            'read as that cell; close it, or write a quote inside a value as two ("")'
        ],
    )


def test_a_yaml_value_that_is_nothing_a_list_or_a_mapping_is_an_error_at_it(tmp_path: Path, template: Path) -> None:
    rows = "- {mrn: 1, patient_name: ~, follow_up_date: null, care_team_phone: }\n- mrn: 2\n  patient_name: [Bo]\n"
    fields_file = write(tmp_path, "p.yaml", rows + "  follow_up_date: {day: 2}\n  care_team_phone: 555\n")
    nothing = (
        "has no value (YAML reads an empty value, ~ and null as nothing); "
        'write its value (in quotes for the word itself: "null"), or leave the key out'
    )
    assert build(template, fields_file) == (
        1,
        [
            f"{fields_file}:1:26: error: 'patient_name' {nothing}",
            f"{fields_file}:1:45: error: 'follow_up_date' {nothing}",
            f"{fields_file}:1:68: error: 'care_team_phone' {nothing}",
            f"{fields_file}:3:17: error: the value of 'patient_name' must be text, found a list; write it on one "
            "line, in quotes if it starts with '[' or '{'",
            f"{fields_file}:4:19: error: the value of 'follow_up_date' must be text, found a mapping (key: value "
            "pairs); write it on one line, in quotes if it starts with '[' or '{'",
        ],
    )


def test_an_empty_value_for_a_used_field_is_an_error_at_its_cell(tmp_path: Path, template: Path) -> None:
    fields_file = write(tmp_path, "p.csv", HEADER + "1, ,May 2,555\n,Bo,May 3,556\n")
    assert build(template, fields_file) == (
        1,
        [
            f"{fields_file}:3:1: error: the 'mrn' value is empty, and it names this copy's file; fill it in, "
            "or choose another --name-column"
        ],
    )
    write(tmp_path, "p.csv", HEADER + "1, ,May 2,555\n")
    assert build(template, fields_file)[1] == [
        f"{fields_file}:2:3: error: the value of {{patient_name}} is empty, but the handout prints it "
        f"(at {template}:7:15); fill it in"
    ]
    assert build(template, fields_file, "--set", "patient_name=", "--set", "care_team_phone=")[1] == [
        f"--set patient_name=: error: the value of {{patient_name}} is empty, but the handout prints it "
        f"(at {template}:7:15); fill it in"
    ]


def test_set_fills_an_empty_cell(tmp_path: Path, template: Path) -> None:
    fields_file = write(tmp_path, "p.csv", HEADER + "1,Ana,,555\n")
    status, errors = build(template, fields_file, "--set", "follow_up_date=May 9")
    assert status == 0, errors
    assert "your next visit is on May 9." in pdf_text(tmp_path / "out" / "plan-1.pdf")


def test_a_missing_column_is_an_error_at_each_row_and_the_name_column_once_at_the_header(
    tmp_path: Path, template: Path
) -> None:
    fields_file = write(tmp_path, "p.csv", "mrn,patient_name,follow_up_date\n1,Ana,May 2\n\n2,Bo,May 3\n")
    missing = (
        "error: this row has no value for the field {care_team_phone}, which the handout uses at "
        f"{template}:7:80; add a 'care_team_phone' column (a key in YAML) or give it with --set care_team_phone=VALUE"
    )
    assert build(template, fields_file) == (1, [f"{fields_file}:2:1: {missing}", f"{fields_file}:4:1: {missing}"])
    assert build(template, fields_file, "--name-column", "id") == (
        1,
        [
            f"{fields_file}:1:1: error: the header has no 'id' column to name each copy's file by; add it, "
            "or choose one of mrn, patient_name, follow_up_date with --name-column"
        ],
    )


def test_set_alone_still_reports_a_missing_field_at_the_handout(tmp_path: Path, template: Path) -> None:
    _, _, err = run(
        "build", str(template), "--out", str(tmp_path), "--set", "patient_name=Ana", "--set", "care_team_phone=5"
    )
    assert err.splitlines() == [f"{template}:7:55: error: {NO_VALUE.format('follow_up_date')}"]


def test_file_names_are_transliterated(tmp_path: Path, template: Path) -> None:
    ivan, giorgos = (
        "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",
        "\u0393\u03b9\u03ce\u03c1\u03b3\u03bf\u03c2",
    )
    rows = f"{ivan},May 2,555\n{giorgos},May 4,557\n{ivan},May 5,558\n"  # Иван Петров, Γιώργος
    fields_file = write(tmp_path, "p.csv", "patient_name,follow_up_date,care_team_phone\n" + rows)
    status, errors = build(template, fields_file, "--jobs", "2")
    assert status == 0, errors
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "plan-giorgos.pdf",
        "plan-ivan-petrov-2.pdf",
        "plan-ivan-petrov.pdf",
    ]
    assert names_of(tmp_path, ["张伟", "Zoë O'Brien", "???"]) == ["zhangwei", "zoe-o-brien", "copy"]


def test_a_name_column_the_handout_does_not_print_need_not_be_printable(tmp_path: Path, template: Path) -> None:
    """The default fonts have no Chinese: a name only used for the file name must still build."""
    header = "chart_name,patient_name,follow_up_date,care_team_phone\n"
    fields_file = write(tmp_path, "p.csv", header + "张伟,Zhang Wei,May 2,555\n")  # 张伟
    status, errors = build(template, fields_file, "--name-column", "chart_name")
    assert (status, errors) == (0, [])
    assert "Dear Zhang Wei," in pdf_text(tmp_path / "out" / "plan-zhangwei.pdf")


def names_of(tmp_path: Path, names: list[str]) -> list[str]:
    fields_file = write(tmp_path, "names.csv", "patient_name\n" + "".join(f"{name}\n" for name in names))
    report = Report()
    copies = fields.read_rows(fields_file, None, fields.Copy(), report)
    assert not report.items
    return [copy.suffix for copy in copies]


def test_unique_names_are_found_in_linear_time(tmp_path: Path) -> None:
    assert names_of(tmp_path, ["x", "X", "x-2", "x", "x-3", "x", "y" * 70]) == [
        "x", "x-2", "x-2-2", "x-3", "x-3-2", "x-4", "y" * 60,
    ]  # fmt: skip
    started = time.perf_counter()
    names = names_of(tmp_path, ["Ana"] * 8000)
    assert time.perf_counter() - started < 2
    assert names[:3] == ["ana", "ana-2", "ana-3"] and names[-1] == "ana-8000"


@pytest.fixture
def pipe() -> Iterator[tuple[str, int]]:
    """A pipe's /dev/fd path, for a thread to write into: a file with no size to stat."""
    read_end, write_end = os.pipe()
    yield f"/dev/fd/{read_end}", write_end
    with contextlib.suppress(OSError):  # a test may have closed it
        os.close(read_end)


def feed(write_end: int, data: bytes) -> threading.Thread:
    def write_all() -> None:
        # Unbuffered, so that closing has nothing left to write into a pipe the reader has closed.
        with open(write_end, "wb", buffering=0) as file, contextlib.suppress(BrokenPipeError):
            file.write(data)

    thread = threading.Thread(target=write_all)
    thread.start()
    return thread


def test_a_fields_file_is_read_up_to_its_limit_only(tmp_path: Path, template: Path, pipe: tuple[str, int]) -> None:
    path, write_end = pipe
    thread = feed(write_end, HEADER.encode() + b"1,Ana,May 2," + b"5" * 3_000_000)
    assert build(template, path) == (
        1,
        [f"{path}: error: the file is more than the 2 MB a fields file may be; split it into several fields files"],
    )
    os.close(int(path.rsplit("/", 1)[1]))  # the reader is done: the writer's blocked write ends
    thread.join()
    assert build(template, "/dev/zero")[1] == [
        "/dev/zero: error: the file is more than the 2 MB a fields file may be; split it into several fields files"
    ]
    big = tmp_path / "big.csv"
    big.write_bytes(HEADER.encode() + b"1,Ana,May 2,555\n" * 150_000)
    assert build(template, big)[1] == [
        f"{big}: error: the file is 2.4 MB, more than the 2 MB a fields file may be; split it into several fields files"
    ]


def test_a_fields_file_from_a_pipe(template: Path, pipe: tuple[str, int]) -> None:
    path, write_end = pipe
    feed(write_end, (HEADER + "1,Ana,May 2,555\n").encode()).join()
    status, errors = build(template, path)
    assert status == 0, errors
    assert "Dear Ana," in pdf_text(template.parent / "out" / "plan-1.pdf")


@pytest.mark.parametrize(("name", "delimiter"), [("p.csv", ";"), ("p.csv", "\t"), ("p.tsv", "\t")])
def test_semicolons_and_tabs_separate_cells_when_the_header_has_no_comma(
    tmp_path: Path, template: Path, name: str, delimiter: str
) -> None:
    text = HEADER + '1,"Lopez, Ana",May 2,555\n'
    fields_file = write(tmp_path, name, text.replace(",", delimiter).replace(f"Lopez{delimiter}", "Lopez,"))
    status, errors = build(template, fields_file)
    assert status == 0, errors
    assert "Dear Lopez, Ana, your next visit is on May 2. Call 555." in pdf_text(tmp_path / "out" / "plan-1.pdf")
