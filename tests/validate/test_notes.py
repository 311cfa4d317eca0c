"""Notes that hold blocks: `note:` as text or as a list of paragraphs, lists and subheadings, with
exact messages for what a note may not hold, the model through the transforms, the built PDF read
back (text in order, the note's Div and its children in the structure tree) and the checks."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import page
import pikepdf
import pytest

from handoutkit.cli.main import main
from handoutkit.model import Citation, Field, Handout, ItemList, ListItem, Note, Paragraph, Section, Subheading, Text
from handoutkit.transforms.apply import apply_transforms

from ..helpers import (
    KINDS_LISTED,
    MINIMAL,
    assert_in_order,
    normalise,
    pdf_text,
    run,
    with_blocks,
    write,
)
from ..pdfstructure import Node, flatten, full_text, structure, walk_content

HOLDS = "a note holds paragraphs, bullets, steps and subheadings"
MOVE = "after this note, as a block of its own in the section's 'blocks'"


def only_note(text: str) -> Note:
    handout, found = run(text)
    assert found == [] and handout is not None, found
    (note,) = handout.sections[0].blocks
    assert isinstance(note, Note)
    return note


def words(text: str) -> tuple[Text]:
    return (Text(text),)


# --- validation -------------------------------------------------------------------------------------


def test_a_text_note_is_one_paragraph() -> None:
    note = only_note(with_blocks("- note: Call us.\n  title: When to call\n  kind: warning\n"))
    assert note == Note((Paragraph(words("Call us.")),), words("When to call"), "warning")


def test_a_note_holds_paragraphs_lists_and_subheadings_in_order() -> None:
    note = only_note(
        with_blocks(
            """\
            - note:
                - "Call right away if you have {follow_up}:"
                - bullets: [a fever, a rash]
                - subheading: At night
                - steps:
                    - Call the nurse line.
                    - text: Say your name.
                      bullets: [and your date of birth]
                - Keep this page.
              title: When to call
            """
        )
    )
    assert note.title == words("When to call")
    assert note.kind == "info"
    assert note.blocks == (
        Paragraph((Text("Call right away if you have "), Field("follow_up"), Text(":"))),
        ItemList((ListItem(words("a fever")), ListItem(words("a rash")))),
        Subheading(words("At night")),
        ItemList(
            (
                ListItem(words("Call the nurse line.")),
                ListItem(words("Say your name."), ItemList((ListItem(words("and your date of birth")),))),
            ),
            ordered=True,
        ),
        Paragraph(words("Keep this page.")),
    )


# Each problem with its exact message and place. The note's '- ' is at 6:7; its blocks' '- ' at
# column 11 of the lines after it, their keys at column 13.
NOTE_PROBLEMS = [
    pytest.param(
        "- note:\n    - Call us.\n    - qr: {url: https://www.example.org/video}\n",
        [f"h.yaml:8:13: error: {HOLDS}, not a QR code; move the 'qr' block {MOVE}"],
        id="qr-in-a-note",
    ),
    pytest.param(
        "- note:\n    - write_in: {title: Questions, lines: 3}\n",
        [f"h.yaml:7:13: error: {HOLDS}, not a write-in; move the 'write_in' block {MOVE}"],
        id="write-in-in-a-note",
    ),
    pytest.param(
        "- note:\n    - Call us.\n    - title: Inner\n      note: Careful.\n",
        [f"h.yaml:9:13: error: {HOLDS}, not another note; move the 'note' block {MOVE}"],
        id="note-in-a-note",
    ),
    pytest.param(
        "- note: [{qr: {url: 'https://example.org'}}, {write_in: {lines: 2}}]\n",
        [
            f"h.yaml:6:17: error: {HOLDS}, not a QR code; move the 'qr' block {MOVE}",
            f"h.yaml:6:53: error: {HOLDS}, not a write-in; move the 'write_in' block {MOVE}",
        ],
        id="every-refused-block-in-a-flow-list",
    ),
    pytest.param(
        "- note: []\n",
        [
            "h.yaml:6:15: error: 'note' is an empty list; write the note's text, or list its paragraphs, "
            "bullets, steps and subheadings"
        ],
        id="empty-list",
    ),
    pytest.param(
        "- note:\n    bullets: [a, b]\n",
        [
            "h.yaml:7:11: error: 'note' must be text or a list of blocks, found a mapping (key: value pairs); "
            "write each block of the note as a '- ' item under 'note:'"
        ],
        id="blocks-without-dashes",
    ),
    pytest.param(  # the messages of the blocks themselves are those of a section's blocks
        "- note:\n    - bulets: [a]\n",
        [f"h.yaml:7:13: error: a block has none of {KINDS_LISTED} (found: bulets); did you mean 'bullets'?"],
        id="misspelt-kind-in-a-note",
    ),
    pytest.param(
        "- note:\n    - ''\n    - bullets: []\n",
        [
            "h.yaml:7:13: error: a paragraph is empty; write its text or remove the key",
            "h.yaml:8:22: error: 'bullets' is empty; give at least one item",
        ],
        id="empty-blocks-in-a-note",
    ),
    pytest.param(
        "- note: ''\n",
        ["h.yaml:6:15: error: 'note' is empty; write its text or remove the key"],
        id="empty-text",
    ),
    pytest.param(
        "- note:\n    - Call [@nobody].\n  kind: urgent\n",
        [
            "h.yaml:7:19: error: citation of unknown reference 'nobody'; add it to 'references' with 'id: nobody'",
            "h.yaml:8:15: error: 'kind' of a note is 'urgent'; allowed: info, warning",
        ],
        id="problems-inside-and-beside-the-blocks",
    ),
]


@pytest.mark.parametrize(("blocks", "expected"), NOTE_PROBLEMS)
def test_note_problems(blocks: str, expected: list[str]) -> None:
    handout, found = run(with_blocks(blocks))
    assert handout is None, "the handout was accepted"
    assert found == expected


# --- transforms -------------------------------------------------------------------------------------


def test_citations_number_and_fields_fill_in_a_notes_blocks_in_reading_order() -> None:
    note = Note(
        (
            Paragraph((Text("Intro "), Citation(("b",)))),
            ItemList((ListItem((Text("Call "), Field("phone"))),)),
            Subheading((Text("Sub "), Citation(("a",)))),
        ),
        title=(Text("Title "), Citation(("c",))),
    )
    handout = Handout(words("T"), datetime.date(2025, 4, 12), (Section(words("S"), (note,)),))
    mapped = apply_transforms(handout, {"phone": "555-0100"}).sections[0].blocks[0]
    assert isinstance(mapped, Note)
    assert mapped.title == (Text("Title "), Citation(("c",), (1,)))  # the title reads first
    assert mapped.blocks == (
        Paragraph((Text("Intro "), Citation(("b",), (2,)))),
        ItemList((ListItem((Text("Call "), Text("555-0100"))),)),
        Subheading((Text("Sub "), Citation(("a",), (3,)))),
    )


# --- the built PDF ----------------------------------------------------------------------------------

NOTE_HANDOUT = """\
title: When to call
reviewed: 2025-04-12
summary: What to watch for at home.
sections:
  - heading: At home
    blocks:
      - Watch how you feel each day.
      - note:
          - "Call right away, {patient_name}, if you have:"
          - bullets:
              - a fever
              - a new rash or yellow skin, {patient_name}
          - subheading: At night
          - steps:
              - Call the nurse line.
              - Say that you get biological therapy.
          - Keep this page by the phone.
        title: When to call your care team
        kind: warning
      - After the note.
"""


def build(tmp_path: Path, text: str, *args: str) -> Path:
    source = write(tmp_path, "h.yaml", text)
    err = io.StringIO()
    assert main(["build", str(source), "--out", str(tmp_path / "out"), *args], out=io.StringIO(), err=err) == 0, (
        err.getvalue()
    )
    return tmp_path / "out" / "h.pdf"


@pytest.fixture(scope="module")
def personal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The note handout as a personal copy, with {patient_name} filled in."""
    return build(tmp_path_factory.mktemp("notes"), NOTE_HANDOUT, "--set", "patient_name=Ana López")


def test_a_notes_blocks_print_in_order_with_fields_filled(personal: Path) -> None:
    text = pdf_text(personal)
    assert_in_order(
        text,
        [
            "Watch how you feel each day.",
            "When to call your care team",
            "Call right away, Ana López, if you have:",
            "• a fever",
            "• a new rash or yellow skin, Ana López",
            "At night",
            "1. Call the nurse line.",
            "2. Say that you get biological therapy.",
            "Keep this page by the phone.",
            "After the note.",
        ],
    )
    assert "{patient_name}" not in text and "patient_name" not in text


def tagged(pdf: Path) -> Node:
    document = pikepdf.open(pdf)
    return structure(document, walk_content(document))


def test_the_note_is_a_div_holding_its_title_and_blocks(personal: Path) -> None:
    root = tagged(personal)
    (div,) = [node for _, node in flatten(root) if node.role == "Div"]
    assert div.attrs.get("T") == "When to call your care team"
    assert [kid.role for kid in div.kids] == ["P", "P", "L", "H3", "L", "P"]
    title, intro, bullets, subheading, steps, last = div.kids
    assert normalise(full_text(title)) == "When to call your care team"
    assert normalise(full_text(intro)) == "Call right away, Ana López, if you have:"
    assert normalise(full_text(subheading)) == "At night"
    assert normalise(full_text(last)) == "Keep this page by the phone."
    for found, labels in ((bullets, ["•", "•"]), (steps, ["1.", "2."])):
        assert [item.role for item in found.kids] == ["LI", "LI"]
        assert [[kid.role for kid in item.kids] for item in found.kids] == [["Lbl", "LBody"]] * 2
        assert [normalise(item.kids[0].text) for item in found.kids] == labels
    assert normalise(full_text(bullets.kids[1].kids[1])) == "a new rash or yellow skin, Ana López"


def test_headings_inside_a_note_skip_no_level(personal: Path) -> None:
    """The section is H2, so a subheading in its note is H3: PDF/UA-1 forbids skipped levels."""
    roles = [node.role for _, node in flatten(tagged(personal)) if node.role in ("H1", "H2", "H3", "H4")]
    assert roles == ["H1", "H2", "H3"]


def test_a_note_of_blocks_passes_the_pdf_ua_1_checker(personal: Path, tmp_path: Path) -> None:
    template = build(tmp_path, NOTE_HANDOUT.replace("{patient_name}", "you"), "--style", "large-print")
    for pdf in (personal, template):
        report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and not failures, failures
        walk = walk_content(pikepdf.open(pdf))
        assert walk.untagged == [] and walk.empty == []


def test_a_text_note_still_prints_its_paragraph(tmp_path: Path) -> None:
    pdf = build(
        tmp_path, MINIMAL.replace("- A paragraph of text.", "- note: Call us at once.\n        title: Heads up")
    )
    assert_in_order(pdf_text(pdf), ["Heads up", "Call us at once."])
    (div,) = [node for _, node in flatten(tagged(pdf)) if node.role == "Div"]
    assert [(kid.role, normalise(full_text(kid))) for kid in div.kids] == [("P", "Heads up"), ("P", "Call us at once.")]


# --- the checks -------------------------------------------------------------------------------------


def check_json(tmp_path: Path, text: str) -> dict[str, object]:
    source = write(tmp_path, "h.yaml", text)
    out = io.StringIO()
    assert main(["check", str(source), "--format", "json", "--today", "2026-01-01"], out=out, err=io.StringIO()) == 0
    found: dict[str, object] = json.loads(out.getvalue())["handouts"][0]
    return found


def test_the_checks_count_the_words_of_a_notes_blocks(tmp_path: Path) -> None:
    long_item = " ".join(["word"] * 24) + "."
    text = with_blocks(
        f"""\
        - note:
            - "Call us if you have:"
            - bullets:
                - a fever
                - The tumor is malignant.
                - {long_item}
            - subheading: Not prose at all
          title: A title is not prose
        """
    )
    found = check_json(tmp_path, text)
    assert (found["words"], found["sentences"]) == (5 + 2 + 4 + 24, 4)
    findings = [(f["kind"], f["line"], f["column"]) for f in found["findings"]]  # type: ignore[attr-defined]
    assert ("word to explain", 10, 17) in findings  # 'malignant' in the note's list
    assert ("long sentence", 11, 17) in findings  # the 24-word item


def test_steps_in_a_note_are_a_clear_action(tmp_path: Path) -> None:
    text = with_blocks("- note:\n    - 'What to do:'\n    - steps: [Call us., Come in.]\n")
    messages = [f["message"] for f in check_json(tmp_path, text)["findings"]]  # type: ignore[attr-defined]
    assert not [m for m in messages if "no clear action" in m]


def test_a_character_no_font_has_is_an_error_at_its_place_in_a_notes_list(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", with_blocks("- note:\n    - Tick it.\n    - bullets: [one \u16a0 box]\n"))
    err = io.StringIO()
    assert main(["check", str(source)], out=io.StringIO(), err=err) == 1
    assert (
        f"{source}:8:27: error: the character '\u16a0' (U+16A0 RUNIC LETTER FEHU FEOH FE F) is in none"
        in err.getvalue()
    )


def test_a_subheading_in_a_note_is_an_outline_entry_under_its_section(personal: Path) -> None:
    from pypdf import PdfReader

    outline = PdfReader(personal).outline
    assert [entry.title for entry in outline if not isinstance(entry, list)] == ["At home"]
    nested = [entry for entry in outline if isinstance(entry, list)]
    assert [[entry.title for entry in level] for level in nested] == [["At night"]]
