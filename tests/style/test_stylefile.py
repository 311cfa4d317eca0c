"""Tests for handoutkit.style.files: finding styles, ``extends:``, relative sizes and every style error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from msgspec import structs

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.style.files import BUILTIN_DIR, find_style, load_stylesheet
from handoutkit.style.sheet import Furniture, Stylesheet

from ..helpers import EXAMPLE, write

INCH = 72.0
NAMES = "default, example-clinic, large-print"

# The built-in font families, as a message lists them.
FAMILIES = (
    "Atkinson Hyperlegible, Fira Sans, Hind, IBM Plex Sans Arabic, Noto Emoji, Noto Sans CJK, Noto Sans JP, "
    "Noto Sans KR, Noto Sans SC, Noto Sans Symbols, Noto Sans TC"
)


def load(spec: str | Path) -> tuple[Stylesheet | None, list[str]]:
    """Load a style; return it (or None) and its diagnostics as the user sees them."""
    report = Report()
    sheet = load_stylesheet(str(spec), report)
    return sheet, [str(d) for d in report.sorted()]


def load_ok(spec: str | Path) -> Stylesheet:
    sheet, problems = load(spec)
    assert problems == []
    assert sheet is not None
    return sheet


def errors_of(folder: Path, text: str, name: str = "style.yaml") -> list[str]:
    """Diagnostics of a style file written into ``folder``; the style must fail to load."""
    path = write(folder, name, text)
    sheet, problems = load(path)
    assert sheet is None
    return problems


# --- the built-in styles -----------------------------------------------------------------------


def test_default_style_loads_with_every_value_resolved() -> None:
    sheet = load_ok("default")
    assert sheet.name == "default"
    assert (sheet.page.width, sheet.page.height) == (612.0, 792.0)
    assert sheet.page.top == sheet.page.bottom == pytest.approx(0.85 * INCH)
    assert sheet.page.left == sheet.page.right == pytest.approx(1.3 * INCH)
    assert (
        [family.name for family in sheet.body_fonts]
        == [family.name for family in sheet.heading_fonts]
        == ["Atkinson Hyperlegible", "Fira Sans", "Noto Sans CJK", "Noto Emoji", "IBM Plex Sans Arabic", "Hind"]
    )
    assert sheet.sizes.body == 13.0
    assert sheet.sizes.leading == pytest.approx(13 * 1.42)
    assert sheet.colors.text == "#1a1a1a"
    assert sheet.colors.link == "#1f4e79"
    assert sheet.header == Furniture("{organization}", "{contact}")
    assert sheet.footer == Furniture("{reviewed}", "{page_x_of_y}")
    assert sheet.organization == "Patient Education"
    assert sheet.citations == "superscript"


@pytest.mark.parametrize("spec", ["default", "styles/default.yaml", str(BUILTIN_DIR / "default.yaml")])
def test_a_style_is_found_by_name_relative_path_or_absolute_path(spec: str) -> None:
    assert load_ok(spec) == load_ok("default")


def test_large_print_body_is_16_pt() -> None:
    assert load_ok("large-print").sizes.body == 16.0


@pytest.mark.parametrize("size", ["title", "subtitle", "heading", "subheading", "summary"])
def test_large_print_scales_every_unchanged_size_by_16_over_13(size: str) -> None:
    default, large = load_ok("default"), load_ok("large-print")
    assert getattr(large.sizes, size) == pytest.approx(getattr(default.sizes, size) * 16 / 13)
    assert getattr(large.sizes, size) > getattr(default.sizes, size)


@pytest.mark.parametrize("space", ["paragraph", "section", "list_item"])
def test_large_print_scales_spacing_by_16_over_13(space: str) -> None:
    default, large = load_ok("default"), load_ok("large-print")
    assert getattr(large.spacing, space) == pytest.approx(getattr(default.spacing, space) * 16 / 13)


@pytest.mark.parametrize(
    ("size", "points"),
    [
        ("leading", 16 * 1.45),  # its own factor, still times the 16 pt body
        ("references", 16 * 0.85),
        ("furniture", 16 * 0.8),
    ],
)
def test_large_print_sizes_with_their_own_factor_are_times_its_body(size: str, points: float) -> None:
    large = load_ok("large-print")
    assert getattr(large.sizes, size) == pytest.approx(points)
    assert getattr(large.sizes, size) > getattr(load_ok("default").sizes, size) * 16 / 13


def test_large_print_overrides_only_left_and_right_margins() -> None:
    default, large = load_ok("default").page, load_ok("large-print").page
    assert (large.left, large.right) == (pytest.approx(0.9 * INCH), pytest.approx(0.9 * INCH))
    assert (large.top, large.bottom) == (default.top, default.bottom)
    assert (large.width, large.height) == (default.width, default.height)


def test_large_print_inherits_everything_else_from_default() -> None:
    default, large = load_ok("default"), load_ok("large-print")
    assert large.name == "large-print"
    assert (large.colors, large.header, large.footer) == (default.colors, default.header, default.footer)
    assert (large.body_fonts, large.organization, large.citations) == (
        default.body_fonts,
        default.organization,
        "superscript",
    )


# --- user styles and extends -----------------------------------------------------------------------


@pytest.mark.parametrize("parent", ["default", str(BUILTIN_DIR / "default.yaml")])
def test_a_user_style_extends_default_by_name_or_absolute_path(tmp_path: Path, parent: str) -> None:
    path = write(tmp_path, "clinic.yaml", f"extends: {parent}\norganization: Riverside Clinic\ncitations: brackets\n")
    sheet = load_ok(path)
    assert sheet.name == "clinic"
    assert (sheet.organization, sheet.citations) == ("Riverside Clinic", "brackets")
    assert sheet.sizes == load_ok("default").sizes


def test_extends_by_name_looks_first_in_the_child_files_folder(tmp_path: Path) -> None:
    write(tmp_path, "house.yaml", "extends: large-print\norganization: House style\n")
    child = write(tmp_path, "ward.yaml", "extends: house\ncontact: Ward 4, ext. 1234\n")
    sheet = load_ok(child)
    assert (sheet.organization, sheet.contact, sheet.sizes.body) == ("House style", "Ward 4, ext. 1234", 16.0)


def test_a_sibling_style_named_like_a_builtin_wins(tmp_path: Path) -> None:
    write(tmp_path, "default.yaml", "extends: ../../no/such.yaml\n")
    _, problems = load(write(tmp_path, "child.yaml", "extends: default\n"))
    message = "'extends: ../../no/such.yaml' names no style; use one of child, example-clinic, large-print"
    assert problems == [f"{tmp_path}/default.yaml:1:10: error: {message}"]


def test_extends_by_relative_path_is_taken_from_the_child_files_folder(tmp_path: Path) -> None:
    write(tmp_path / "base", "big.yaml", "extends: default\ntext: {size: 14}\n")
    child = write(tmp_path / "clinic", "mine.yaml", "extends: ../base/big.yaml\norganization: Mine\n")
    sheet = load_ok(child)
    assert (sheet.sizes.body, sheet.organization) == (14.0, "Mine")


def test_a_child_changes_only_what_it_names_in_a_nested_section(tmp_path: Path) -> None:
    sheet = load_ok(write(tmp_path, "a4.yaml", "extends: default\npage: {size: a4}\ncolors: {link: '#AA0000'}\n"))
    default = load_ok("default")
    assert (sheet.page.width, sheet.page.height) == pytest.approx((595.2756, 841.8898))
    assert (sheet.page.top, sheet.page.left) == (default.page.top, default.page.left)
    assert sheet.colors.link == "#aa0000"
    assert sheet.colors.heading == default.colors.heading


@pytest.mark.parametrize(
    ("length", "points"),
    [
        ("54", 54.0),
        ("54pt", 54.0),
        ("0.75in", 54.0),
        ("0.75 in", 54.0),
        ("25.4mm", 72.0),
        ("2.54cm", 72.0),
        ("0in", 0.0),
    ],
)
def test_lengths_in_every_unit(tmp_path: Path, length: str, points: float) -> None:
    sheet = load_ok(write(tmp_path, "m.yaml", f"extends: default\npage:\n  margins: {{left: {length}}}\n"))
    assert sheet.page.left == pytest.approx(points)


def test_a_child_may_blank_a_header_line(tmp_path: Path) -> None:
    sheet = load_ok(write(tmp_path, "quiet.yaml", "extends: default\nheader:\n  right: ''\nfooter:\n  left:\n"))
    assert sheet.header == Furniture("{organization}", "")
    assert sheet.footer == Furniture("", "{page_x_of_y}")


def test_find_style_returns_none_for_a_missing_name_or_file(tmp_path: Path) -> None:
    assert find_style("no-such-style") is None
    assert find_style(str(tmp_path / "missing.yaml")) is None
    assert find_style("large-print") == Path("styles/large-print.yaml")  # ./styles, then the built-in folder


# --- errors: message and position ------------------------------------------------------------------


ERRORS = [
    pytest.param(
        "",
        ["1:1: error: the file is empty; a style needs at least 'extends: default' and the settings it changes"],
        id="empty-style-file-is-not-called-a-handout",
    ),
    pytest.param(
        'extends: default\ncolour: "#123456"\n',
        ["2:1: error: unknown key 'colour' in the style; did you mean 'colors'?"],
        id="unknown-key",
    ),
    pytest.param(
        "extends: default\npage:\n  margins:\n    topp: 1in\n",
        ["4:5: error: unknown key 'topp' in 'page.margins'; did you mean 'top'?"],
        id="unknown-nested-key",
    ),
    pytest.param(
        "extends: default\nfonts:\n  body: Fira Sans\n  title: Fira Sans\n",
        ["4:3: error: unknown key 'title' in 'fonts'; allowed: body, families, heading"],
        id="unknown-key-nothing-close",
    ),
    pytest.param(
        'extends: default\ncolors:\n  link: "#12"\n',
        ["3:9: error: 'colors.link' '#12' is not a colour; write it as #RRGGBB, e.g. #1f4e79"],
        id="short-colour",
    ),
    pytest.param(
        "extends: default\ntext:\n  color: blue\n",
        ["3:10: error: 'text.color' 'blue' is not a colour; write it as #RRGGBB, e.g. #1f4e79"],
        id="named-colour",
    ),
    pytest.param(
        "extends: default\ncolors:\n  rule: #9fb6cd\n",
        [
            "3:8: error: 'colors.rule' is empty; an unquoted # starts a YAML comment, "
            'so write the colour in quotes, e.g. "#1f4e79"'
        ],
        id="unquoted-colour-is-a-comment",
    ),
    pytest.param(
        "extends: default\npage:\n  margins: {left: 1 inch}\n",
        ["3:19: error: 'page.margins.left' '1 inch' is not a length; write e.g. 0.75in, 18mm, 2cm or 54pt"],
        id="bad-length",
    ),
    pytest.param(
        "extends: default\npage:\n  margins:\n    top: -1cm\n",
        ["4:10: error: 'page.margins.top' '-1cm' is not a length; write e.g. 0.75in, 18mm, 2cm or 54pt"],
        id="negative-length",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: -12\n",
        ["3:9: error: 'text.size' '-12' is not a size in points, e.g. 12"],
        id="negative-size",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: 0\n",
        ["3:9: error: 'text.size' '0' is not a size in points, e.g. 12"],
        id="zero-size",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: 12pt\n",
        ["3:9: error: 'text.size' '12pt' is not a size in points, e.g. 12"],
        id="size-with-unit",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: .nan\n",
        ["3:9: error: 'text.size' '.nan' is not a size in points, e.g. 12"],
        id="nan-size",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: nan\n",
        ["3:9: error: 'text.size' 'nan' is not a size in points, e.g. 12"],
        id="nan-word-size",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: 1200\n",
        ["3:9: error: 'text.size' '1200' is not a size in points, e.g. 12"],
        id="huge-size",
    ),
    pytest.param(
        "extends: default\nsizes:\n  title: 0\n",
        ["3:10: error: 'sizes.title' '0' is not a factor of the body size, e.g. 1.4"],
        id="zero-factor",
    ),
    pytest.param(
        "extends: default\nspacing:\n  section: big\n",
        ["3:12: error: 'spacing.section' 'big' is not a factor of the body size, e.g. 1.4"],
        id="word-factor",
    ),
    pytest.param(
        "extends: default\nfonts:\n  body: Arial\n",
        ["3:9: error: 'fonts.body' names the font family 'Arial'; allowed: " + FAMILIES],
        id="unknown-font",
    ),
    pytest.param(
        "extends: default\nfonts:\n  heading: Fira San\n",
        ["3:12: error: 'fonts.heading' names the font family 'Fira San'; did you mean 'Fira Sans'?"],
        id="misspelt-font",
    ),
    pytest.param(
        "extends: default\npage:\n  size: legal\n",
        ["3:9: error: 'page.size' is 'legal'; allowed: a4, letter"],
        id="unknown-paper",
    ),
    pytest.param(
        "extends: default\ncitations: footnotes\n",
        ["2:12: error: 'citations' is 'footnotes'; allowed: brackets, superscript"],
        id="unknown-citation-form",
    ),
    pytest.param(
        'extends: default\nfooter:\n  right: "Page {pagee} of {pages}"\n',
        ["3:16: error: unknown placeholder '{pagee}' in 'footer.right'; did you mean 'page'?"],
        id="unknown-placeholder",
    ),
    pytest.param(
        "extends: default\nheader:\n  left: Reviewed {reviewd}\n",
        ["3:18: error: unknown placeholder '{reviewd}' in 'header.left'; did you mean 'reviewed'?"],
        id="unknown-placeholder-plain-scalar",
    ),
    pytest.param(
        "extends: default\ntext:\n  size:\n",
        ["3:8: error: 'text.size' is empty; write its value or remove the key"],
        id="empty-size",
    ),
    pytest.param(
        "extends: default\nsizes: 1.2\n",
        ["2:8: error: 'sizes' must be a mapping (key: value lines), found a number"],
        id="section-not-a-mapping",
    ),
    pytest.param(
        "- extends: default\n",
        ["1:1: error: a style must be a mapping (key: value lines), found a list"],
        id="style-not-a-mapping",
    ),
    pytest.param(
        "extends: [default]\n",
        ["1:10: error: 'extends' must be text, found a list"],
        id="extends-not-text",
    ),
    pytest.param(
        "extends: defualt\n",
        [f"1:10: error: 'extends: defualt' names no style; use one of {NAMES}"],
        id="extends-missing-style",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: 12\n size: 14\n",
        [
            "4:2: error: YAML syntax error: while parsing a block mapping did not find expected key; "
            "check indentation, colons and quotes"
        ],
        id="yaml-syntax",
    ),
    pytest.param(
        "extends: default\ntext:\n  size: 12\n  size: 14\n",
        ["4:3: error: duplicate key 'size' (first given at line 3, column 3); keep only one of them"],
        id="duplicate-key",
    ),
    pytest.param(
        "organization: Clinic\n",
        [
            "1:1: error: the style has no 'page', 'fonts', 'text', 'sizes', 'spacing', 'colors'; "
            "start it with 'extends: default' to take them from the default style, or write them out"
        ],
        id="no-extends-missing-sections",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_style_errors_have_exact_messages_and_positions(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert errors_of(tmp_path, text) == [f"{tmp_path}/style.yaml:{line}" for line in expected]


def test_a_full_style_without_extends_missing_one_nested_key(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "default.yaml").read_text(encoding="utf-8").replace("left: 1.3in, ", "")
    write(tmp_path, "glossary/medical-terms.yaml", "en:\n  terms: {}\n")
    assert errors_of(tmp_path, text) == [
        f"{tmp_path}/style.yaml:14:12: error: 'page.margins' has no 'left'; add 'left: ...'"
    ]


def test_a_full_style_without_extends_loads(tmp_path: Path) -> None:
    text = (BUILTIN_DIR / "default.yaml").read_text(encoding="utf-8")
    glossary = write(tmp_path, "glossary/medical-terms.yaml", "en:\n  terms: {}\n")
    default = load_ok("default")
    expected = replace(default, name="copy", checks=structs.replace(default.checks, glossary=str(glossary)))
    assert load_ok(write(tmp_path, "copy.yaml", text)) == expected


def test_a_glossary_that_is_not_there_is_an_error_at_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "extends: default\nchecks:\n  glossary: words.yaml\n")
    assert errors_of(tmp_path, path.read_text(encoding="utf-8")) == [
        f"{tmp_path}/style.yaml:3:13: error: 'checks.glossary' 'words.yaml' is not a file "
        f"(looked for {tmp_path}/words.yaml); check the path"
    ]


def test_every_error_of_one_file_is_reported_at_once(tmp_path: Path) -> None:
    text = """\
        extends: default
        colour: "#123456"
        page:
          size: legal
          margins: {topp: 1in, left: 1 inch}
        fonts:
          body: Arial
        text:
          size: -3
          color: "#12"
        sizes:
          title: 0
        footer:
          right: "Page {pagee} of {pages}"
        """
    assert errors_of(tmp_path, text) == [
        f"{tmp_path}/style.yaml:{rest}"
        for rest in [
            "2:1: error: unknown key 'colour' in the style; did you mean 'colors'?",
            "4:9: error: 'page.size' is 'legal'; allowed: a4, letter",
            "5:13: error: unknown key 'topp' in 'page.margins'; did you mean 'top'?",
            "5:30: error: 'page.margins.left' '1 inch' is not a length; write e.g. 0.75in, 18mm, 2cm or 54pt",
            "7:9: error: 'fonts.body' names the font family 'Arial'; allowed: " + FAMILIES,
            "9:9: error: 'text.size' '-3' is not a size in points, e.g. 12",
            "10:10: error: 'text.color' '#12' is not a colour; write it as #RRGGBB, e.g. #1f4e79",
            "12:10: error: 'sizes.title' '0' is not a factor of the body size, e.g. 1.4",
            "14:16: error: unknown placeholder '{pagee}' in 'footer.right'; did you mean 'page'?",
        ]
    ]


def test_an_error_in_the_parent_is_reported_in_the_parent_file(tmp_path: Path) -> None:
    write(tmp_path, "parent.yaml", "extends: default\ncolors:\n  muted: grey\n")
    child = write(tmp_path, "child.yaml", "extends: parent\ncolors:\n  link: '#1'\n")
    _, problems = load(child)
    assert problems == [
        f"{tmp_path}/child.yaml:3:9: error: 'colors.link' '#1' is not a colour; write it as #RRGGBB, e.g. #1f4e79",
        f"{tmp_path}/parent.yaml:3:10: error: 'colors.muted' 'grey' is not a colour; write it as #RRGGBB, e.g. #1f4e79",
    ]


# --- extends cycles -----------------------------------------------------------------------------------


CYCLE = "a style may not extend itself, even through others"


@pytest.mark.parametrize(
    ("files", "start", "expected"),
    [
        pytest.param(
            {"a": "extends: b\n", "b": "extends: a\n"},
            "a",
            f"b.yaml:1:10: error: 'extends: a' makes a cycle (a -> b -> a); {CYCLE}",
            id="a-b-a",
        ),
        pytest.param(
            {"self": "extends: self\n"},
            "self",
            f"self.yaml:1:10: error: 'extends: self' makes a cycle (self -> self); {CYCLE}",
            id="self",
        ),
        pytest.param(
            {"c": "extends: a\n", "a": "extends: b\n", "b": "organization: x\nextends: ./a.yaml\n"},
            "c",
            f"b.yaml:2:10: error: 'extends: ./a.yaml' makes a cycle (a -> b -> a); {CYCLE}",
            id="into-a-loop-by-path",
        ),
    ],
)
def test_an_extends_cycle_is_reported_at_the_extends_that_closes_it(
    tmp_path: Path, files: dict[str, str], start: str, expected: str
) -> None:
    for name, text in files.items():
        write(tmp_path, f"{name}.yaml", text)
    _, problems = load(tmp_path / f"{start}.yaml")
    assert problems == [f"{tmp_path}/{expected}"]


# --- --style on the command line ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no-such-style", f"no-such-style: error: no style 'no-such-style'; give a style file or a name from {NAMES}"),
        ("gone/big.yaml", f"gone/big.yaml: error: no style 'gone/big.yaml'; give a style file or a name from {NAMES}"),
    ],
)
def test_a_missing_style_lists_the_available_ones(spec: str, message: str) -> None:
    assert load(spec) == (None, [message])


def test_style_option_with_a_missing_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--style", "huge-print"]) == 1
    err = capsys.readouterr().err
    assert f"huge-print: error: no style 'huge-print'; give a style file or a name from {NAMES}" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_style_option_with_a_bad_style_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    style = write(tmp_path, "bad.yaml", "extends: default\ntext:\n  size: 0\n")
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "out"), "--style", str(style)]) == 1
    err = capsys.readouterr().err
    assert f"{style}:3:9: error: 'text.size' '0' is not a size in points, e.g. 12" in err
    assert not (tmp_path / "out").exists()
