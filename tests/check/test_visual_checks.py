"""Checks of figures, tables, checklists and terms: their text is prose, visual aids are reported
(PEMAT-P), alternative text stays short, an SVG's lines are dark enough, and a list of words to
know explains its terms."""

from __future__ import annotations

import io
import json
from pathlib import Path

from handoutkit.cli.main import main

from ..helpers import CLEAN, write

TODAY = ["--today", "2026-01-01"]
LONG_ALT = "A drawing of " + " and ".join(["a very detailed scene with many small parts"] * 4) + "."


def check(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, str]:
    source = write(tmp_path, "source/h.yaml", text)
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(source), *TODAY, *extra], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def with_block(block: str) -> str:
    return CLEAN + "".join(f"      {line}\n" for line in block.strip("\n").splitlines())


def svg(tmp_path: Path, stroke: str) -> None:
    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        f'<rect x="5" y="5" width="90" height="40" fill="#eef4fa" stroke="{stroke}" stroke-width="3"/></svg>'
    )
    write(tmp_path, "source/images/d.svg", drawing)


def test_a_handout_without_visual_aids_says_so_as_information(tmp_path: Path) -> None:
    status, out, _ = check(tmp_path, CLEAN)
    assert status == 0
    assert (
        "  no visual aids (PEMAT-P: not met): a figure, table or checklist helps where it makes things clearer\n" in out
    )
    assert out.endswith("1 checked, 0 failed, 0 warnings\n")  # information, not a warning


def test_a_table_or_checklist_is_a_visual_aid(tmp_path: Path) -> None:
    for block in ("- table: {columns: [When, What], rows: [[Morning, A pill]]}", "- checklist: {items: [A list]}"):
        _, out, _ = check(tmp_path, with_block(block))
        assert "no visual aids" not in out, block
    _, out, _ = check(tmp_path, with_block("- checklist: {items: [A list]}"), "--format", "json")
    assert json.loads(out)["handouts"][0]["visual_aids"] == 1


def test_alt_text_over_150_characters_is_a_warning_at_its_place(tmp_path: Path) -> None:
    svg(tmp_path, "#1f4e79")
    _, out, _ = check(tmp_path, with_block(f"- figure: {{image: images/d.svg, alt: '{LONG_ALT}'}}"))
    assert f"h.yaml:11:44: warning: alt text of {len(LONG_ALT)} characters (more than 150)" in out


def test_faint_lines_in_an_svg_are_a_warning_and_dark_ones_are_not(tmp_path: Path) -> None:
    svg(tmp_path, "#c8d4e0")
    _, out, _ = check(tmp_path, with_block("- figure: {image: images/d.svg, alt: A box}"))
    assert "the lines of d.svg in #c8d4e0 have less than 3:1 contrast on white (WCAG 1.4.11)" in out
    svg(tmp_path, "#1f4e79")
    _, out, _ = check(tmp_path, with_block("- figure: {image: images/d.svg, alt: A box}"))
    assert "contrast" not in out


def test_table_cells_captions_items_and_definitions_are_prose(tmp_path: Path) -> None:
    _, before, _ = check(tmp_path, CLEAN, "--format", "json")
    block = """
- table: {caption: Two words here., columns: [A, B], rows: [[One two three., Four five.]]}
- checklist: {items: [Six seven.]}
- terms: [{term: Eight, definition: Nine ten eleven.}]
"""
    _, after, _ = check(tmp_path, with_block(block), "--format", "json")
    words = [json.loads(text)["handouts"][0]["words"] for text in (before, after)]
    assert words[1] - words[0] == 3 + 3 + 2 + 2 + 3  # the header and the term are not prose


def test_a_term_in_a_list_of_words_to_know_counts_as_explained(tmp_path: Path) -> None:
    text = CLEAN.replace("A paragraph of text.", "The tumor may shrink.")
    _, out, _ = check(tmp_path, text)
    assert "'tumor' is a medical word" in out
    _, out, _ = check(tmp_path, with_block("- terms: [{term: Tumor, definition: A lump of cells that grows.}]").replace(
        "A paragraph of text.", "The tumor may shrink."
    ))  # fmt: skip
    assert "'tumor' is a medical word" not in out


def test_a_table_too_wide_for_its_page_is_an_error_at_the_table(tmp_path: Path) -> None:
    block = "- table: {columns: [A, B], rows: [[Pneumonoultramicroscopicsilicovolcanoconiosis, b]], widths: [1, 30]}"
    source = write(tmp_path, "source/h.yaml", with_block(block))
    out, err = io.StringIO(), io.StringIO()
    assert main(["build", str(source), "--out", str(tmp_path / "out"), *TODAY], out=out, err=err) == 1
    assert f"{source}:11:9: error: column 1 ('A') is too narrow for the word " in err.getvalue()
    assert not (tmp_path / "out" / "h.pdf").exists()
