# ruff: noqa: E501 - the cases read best one to a line
"""Figures, tables, checklists and terms: validated into the model, every mistake an error at its place.

A figure's picture is judged before anything decodes it: it must lie inside the project, be a PNG,
JPEG or SVG, stay under the pixel limit, and an SVG may not reach out to other files.
"""

from __future__ import annotations

import base64
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.diagnostics import Report
from handoutkit.load import yamlfile
from handoutkit.model import Checklist, Emphasis, Figure, FigureRow, Table, Term, Terms, Text
from handoutkit.validate.handout import validate

from ..helpers import BLOCKS_HEAD
from ..style.test_stylebounds import bilevel_png

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="60"><rect width="90" height="50"/></svg>'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with source/ and its pictures in source/images/."""
    images = tmp_path / "source" / "images"
    images.mkdir(parents=True)
    Image.new("RGB", (40, 30), "#88aacc").save(images / "box.png")
    Image.new("RGB", (40, 30), "#aa8866").save(images / "photo.jpg")
    (images / "drawing.svg").write_text(SVG, encoding="utf-8")
    return tmp_path


def read(project: Path, blocks: str) -> tuple[object, list[str]]:
    """Validate a handout in project/source/ whose first section holds ``blocks``; the blocks and messages."""
    text = BLOCKS_HEAD + "".join(f"      {line}\n" for line in blocks.strip("\n").splitlines())
    path = project / "source" / "h.yaml"
    path.write_text(text, encoding="utf-8")
    report = Report()
    root = yamlfile.load(path, report)
    handout = validate(root, report) if root is not None else None
    messages = [str(d).replace(str(project) + "/", "") for d in report.sorted()]
    return (handout.sections[0].blocks if handout else None), messages


def test_a_figure_of_each_kind(project: Path) -> None:
    blocks, messages = read(
        project,
        """
- figure: {image: images/box.png, alt: A blue box, caption: The *box*., width: 0.5}
- figure: {image: images/photo.jpg, alt: A photo}
- figure: {image: images/drawing.svg, decorative: true}
""",
    )
    assert messages == []
    images = project / "source" / "images"
    assert blocks == (
        Figure(str(images / "box.png"), "png", "A blue box", (Text("The "), Emphasis((Text("box"),)), Text(".")), 0.5),
        Figure(str(images / "photo.jpg"), "jpeg", "A photo"),
        Figure(str(images / "drawing.svg"), "svg", "", decorative=True),
    )


def test_a_row_of_figures(project: Path) -> None:
    blocks, messages = read(
        project,
        """
- figures:
    - {image: images/box.png, alt: Step one, caption: "1. Shake"}
    - {image: images/drawing.svg, alt: Step two, caption: "2. Breathe out"}
""",
    )
    assert messages == []
    assert isinstance(blocks[0], FigureRow)  # type: ignore[index]
    assert [figure.alt for figure in blocks[0].figures] == ["Step one", "Step two"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ("- figure: {image: images/box.png}", "6:17: error: a figure has no 'alt'; say what the picture shows"),
        (
            "- figure: {image: images/box.png, alt: A box, decorative: true}",
            "6:41: error: a decorative figure is not read out",
        ),
        (
            "- figure: {image: ../../outside.png, alt: x}",
            "6:25: error: 'image' '../../outside.png' is outside the project",
        ),
        ("- figure: {image: images/none.png, alt: x}", "6:25: error: 'image' 'images/none.png' is not there"),
        (
            "- figure: {image: images/box.png, alt: x, width: 2}",
            "6:56: error: 'width' of a figure is 2; give a number above 0",
        ),
        ("- figure: {image: images/box.png, alt: x, colour: red}", "6:49: error: unknown key 'colour' in a figure"),
        ("- figure: {alt: x}", "6:17: error: a figure has no 'image'; add 'image: ...'"),
        ("- figures: []", "6:18: error: 'figures' is empty; give at least one item"),
    ],
)
def test_figure_mistakes(project: Path, blocks: str, expected: str) -> None:
    assert any(message.startswith(f"source/h.yaml:{expected}") for message in read(project, blocks)[1]), read(
        project, blocks
    )[1]


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="http://a.example/p.png"/></svg>', "refers to another file or address (http://a.example/p.png)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><image href="photo.jpg"/></svg>', "refers to another file or address (photo.jpg)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(file:///etc/x)"/></svg>', "refers to another file or address (file:///etc/x)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>', "imports a style sheet from another file"),
        ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "has a DOCTYPE or entities"),
        ("<html><body/></html>", "is not an SVG image"),
        ("<svg", "cannot be read as SVG"),
    ],
)  # fmt: skip
def test_an_svg_that_reaches_out_or_is_no_svg_is_refused(project: Path, svg: str, problem: str) -> None:
    (project / "source" / "images" / "bad.svg").write_text(svg, encoding="utf-8")
    messages = read(project, "- figure: {image: images/bad.svg, alt: x}")[1]
    assert messages and f"error: 'image' 'images/bad.svg' {problem}" in messages[0], messages


def test_an_svg_that_refers_only_to_itself_is_fine(project: Path) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<defs><linearGradient id="g"/></defs><rect style="fill: url(#g)"/><use x:href="#g"/>'
        '<image href="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGM0TpvJwMDAxMDAwMDAAAAOHAE2kmEFwwAAAABJRU5ErkJggg=="/></svg>'
    )
    (project / "source" / "images" / "self.svg").write_text(svg, encoding="utf-8")
    assert read(project, "- figure: {image: images/self.svg, alt: x}")[1] == []


def test_a_decompression_bomb_is_refused_quickly_at_its_place(project: Path) -> None:
    bilevel_png(project / "source" / "images" / "bomb.png", 30_000, 30_000)
    started = time.monotonic()
    messages = read(project, "- figure: {image: images/bomb.png, alt: x}")[1]
    assert time.monotonic() - started < 1.0
    assert messages == [
        "source/h.yaml:6:25: error: 'image' 'images/bomb.png' is 30000 \u00d7 30000 pixels (900 megapixels), "
        "more than the 40 megapixels a figure may have; save it smaller"
    ]


def test_a_picture_of_another_kind_or_a_damaged_one_is_refused(project: Path) -> None:
    images = project / "source" / "images"
    Image.new("RGB", (10, 10)).save(images / "pic.gif")
    (images / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + zlib.compress(b"nothing"))
    assert "is a GIF image; save it as PNG or JPEG" in read(project, "- figure: {image: images/pic.gif, alt: x}")[1][0]
    assert "cannot be read as an image" in read(project, "- figure: {image: images/broken.png, alt: x}")[1][0]


def test_a_table_with_rows_widths_and_an_empty_cell(project: Path) -> None:
    blocks, messages = read(
        project,
        """
- table:
    caption: Your medicine
    columns: [When, Medicine, How much]
    rows:
      - [Morning, Ondansetron, 1 tablet (8 mg)]
      - [Bedtime, '', 2]
    widths: [1, 2, 1]
""",
    )
    assert messages == []
    table = blocks[0]  # type: ignore[index]
    assert isinstance(table, Table)
    assert table.columns == ((Text("When"),), (Text("Medicine"),), (Text("How much"),))
    assert table.rows[1] == ((Text("Bedtime"),), (), (Text("2"),))
    assert (table.widths, table.blank_rows, table.fillable) == ((1.0, 2.0, 1.0), 0, True)


def test_a_log_table_of_blank_rows(project: Path) -> None:
    blocks, messages = read(project, "- table: {columns: [Date, Time, Temperature], blank_rows: 7, fillable: false}")
    assert messages == []
    assert blocks == (Table(((Text("Date"),), (Text("Time"),), (Text("Temperature"),)), blank_rows=7, fillable=False),)


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ("- table: {columns: [A, B], rows: [[1, 2, 3]]}", "6:41: error: row 1 has 3 cells, the table 2 columns; give 2 cells (an empty cell is '')"),
        ("- table: {columns: [A, B], rows: [[1, 2]], widths: [1]}", "6:58: error: 'widths' gives 1 widths for 2 columns; give one for each"),
        ("- table: {columns: [A, B], rows: [[1, 2]], widths: [1, 0]}", "6:62: error: a width is 0; give a number above 0 and at most 100, such as 1 or 2"),
        ("- table: {columns: [A]}", "6:16: error: a table has no 'rows' and no 'blank_rows'; give its rows, or blank_rows: N"),
        ("- table: {columns: [A], blank_rows: 61}", "6:43: error: 'blank_rows' of a table is 61; give a whole number from 1 to 60"),
        ("- table: {columns: [A, ''], rows: [[1, 2]]}", "6:30: error: a cell of 'columns' of a table is empty"),
        ("- table: {rows: [[1]]}", "6:16: error: a table has no 'columns'; add 'columns: ...'"),
        ("- table: {columns: [A], rows: [[1]], fillable: maybe}", "6:54: error: 'fillable' of a table is 'maybe'; give true or false"),
    ],
)  # fmt: skip
def test_table_mistakes(project: Path, blocks: str, expected: str) -> None:
    messages = read(project, blocks)[1]
    assert any(message.startswith(f"source/h.yaml:{expected}") for message in messages), messages


def test_a_checklist_and_terms(project: Path) -> None:
    blocks, messages = read(
        project,
        """
- checklist: {title: Bring to your visit, items: [Your medicine list, Your insurance card]}
- checklist: {items: [One thing], fillable: false}
- terms:
    - {term: Immunotherapy, definition: Treatment that helps your immune system fight cancer.}
""",
    )
    assert messages == []
    assert blocks == (
        Checklist(((Text("Your medicine list"),), (Text("Your insurance card"),)), (Text("Bring to your visit"),)),
        Checklist(((Text("One thing"),),), None, False),
        Terms((Term((Text("Immunotherapy"),), (Text("Treatment that helps your immune system fight cancer."),)),)),
    )


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        ("- checklist: {items: []}", "6:28: error: 'items' of a checklist is empty; give at least one item"),
        ("- checklist: {title: T}", "6:20: error: a checklist has no 'items'; add 'items: ...'"),
        ("- terms: [{term: X}]", "6:17: error: a term has no 'definition'; add 'definition: ...'"),
        ("- terms: [{term: X, definition: Y, meaning: Z}]", "6:42: error: unknown key 'meaning' in a term"),
        ("- note: [Text, {table: {columns: [A], rows: [[1]]}}]", "6:23: error: a note holds paragraphs, bullets, steps and subheadings, not a table"),
    ],
)  # fmt: skip
def test_checklist_and_terms_mistakes(project: Path, blocks: str, expected: str) -> None:
    messages = read(project, blocks)[1]
    assert any(message.startswith(f"source/h.yaml:{expected}") for message in messages), messages


def test_a_huge_picture_held_inside_an_svg_is_refused_at_its_place(project: Path) -> None:
    bomb = bilevel_png(project / "bomb.png", 14_000, 14_000)
    data = base64.b64encode(bomb.read_bytes()).decode()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><image href="data:image/png;base64,{data}"/></svg>'
    (project / "source" / "images" / "holds.svg").write_text(svg, encoding="utf-8")
    assert read(project, "- figure: {image: images/holds.svg, alt: x}")[1] == [
        "source/h.yaml:6:25: error: 'image' 'images/holds.svg' holds a picture 14000 \u00d7 14000 pixels "
        "(196 megapixels), more than the 40 megapixels a figure may have; save it smaller"
    ]


def test_a_doctype_in_a_utf_16_svg_is_refused_too(project: Path) -> None:
    svg = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    (project / "source" / "images" / "u16.svg").write_bytes(svg.encode("utf-16"))
    messages = read(project, "- figure: {image: images/u16.svg, alt: x}")[1]
    assert messages and "has a DOCTYPE or entities" in messages[0]
