"""End to end: build real PDFs in tmp_path and check what a reader and a clinic's IT would check."""

from __future__ import annotations

import io
import os
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit import writer
from handoutkit.cli.main import main

from .helpers import EXAMPLE, MINIMAL, assert_in_order, pdf_text, write

LITERAL = r"""
title: "Tags <b> & such"
reviewed: 2025-04-12
sections:
  - heading: "Literal <i>text</i>"
    blocks:
      - 'Type <b>bold</b> and a < b & c > d; 2 * 3 = 6 and 5 ** 2; a lone [ bracket; 100% & more.'
      - '<font name="Courier">not markup</font> <a href="javascript:alert(1)">x</a> &amp; stays'
      - bullets:
          - '**bold** *italic* \*stars\* and [a link](https://example.org/a?b=1&c=2)'
"""


def build(tmp_path: Path, *args: str) -> int:
    return main(["build", *args, "--out", str(tmp_path / "out")])


def test_literal_characters_print_exactly_as_typed(tmp_path: Path) -> None:
    """ReportLab markup in content must be text, never markup (the escaping regression)."""
    source = write(tmp_path, "literal.yaml", LITERAL)
    assert build(tmp_path, str(source)) == 0
    text = pdf_text(tmp_path / "out" / "literal.pdf")
    assert_in_order(
        text,
        [
            "Tags <b> & such",
            "Literal <i>text</i>",
            "Type <b>bold</b> and a < b & c > d; 2 * 3 = 6 and 5 ** 2; a lone [ bracket; 100% & more.",
            '<font name="Courier">not markup</font> <a href="javascript:alert(1)">x</a> &amp; stays',
            "bold italic *stars* and a link",
        ],
    )
    reader = PdfReader(tmp_path / "out" / "literal.pdf")
    assert reader.metadata is not None and reader.metadata.title == "Tags <b> & such"
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots") or [] if "/A" in a.get_object()]
    assert uris == ["https://example.org/a?b=1&c=2"]


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "b")]) == 0
    first = (tmp_path / "a" / "biological-therapy-for-cancer.pdf").read_bytes()
    assert first == (tmp_path / "b" / "biological-therapy-for-cancer.pdf").read_bytes()


def test_a_failed_build_writes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "bad.yaml", MINIMAL.replace("2025-04-12", "2025-13-45"))
    assert build(tmp_path, str(source)) == 1
    out = tmp_path / "out"
    assert not out.exists() or [p.name for p in out.iterdir()] == [".handoutkit-lock"]


def test_a_good_pdf_survives_a_failed_rebuild(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL)
    assert build(tmp_path, str(source)) == 0
    good = (tmp_path / "out" / "h.pdf").read_bytes()
    write(tmp_path, "h.yaml", MINIMAL + "      - [@nowhere]\n")
    assert build(tmp_path, str(source)) == 1
    assert (tmp_path / "out" / "h.pdf").read_bytes() == good
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".handoutkit-lock", "h.pdf"]


def test_a_write_that_fails_midway_keeps_the_old_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash between writing and renaming (a full disk, say) leaves no partial file behind."""
    target = tmp_path / "h.pdf"
    target.write_bytes(b"%PDF-old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        writer.write_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["h.pdf"]


def test_an_unwritable_output_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL)
    blocker = write(tmp_path, "out", "a file where the output folder should be")
    assert main(["build", str(source), "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    reason = "it is a file, not a folder"
    assert err == f"{blocker}: error: cannot use the output folder ({reason}); check it, or choose another --out\n"


def test_one_bad_handout_does_not_stop_the_others(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "library"
    write(folder, "a-good.yaml", MINIMAL)
    write(folder, "b-bad.yaml", MINIMAL.replace("title:", "titel:"))
    write(folder, "c-good.yaml", MINIMAL)
    assert build(tmp_path, str(folder)) == 1
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["a-good.pdf", "c-good.pdf"]
    captured = capsys.readouterr()
    assert f"{folder}/b-bad.yaml:1:1: error: unknown key 'titel' in the handout; did you mean 'title'?" in captured.err
    assert captured.out.splitlines()[-1].startswith("2 built, 0 skipped, 1 failed, ")


def test_citation_ranges_collapse_and_brackets_style(tmp_path: Path) -> None:
    refs = "".join(
        f"  - {{id: r{n}, type: webpage, title: Page {n}, URL: 'https://example.org/{n}'}}\n" for n in range(1, 7)
    )
    body = MINIMAL.replace("A paragraph of text.", "First [@r1; @r2]. Then [@r3; @r4; @r5; @r6] and [@r1; @r3].")
    source = write(tmp_path, "r.yaml", body + "references:\n" + refs)
    assert build(tmp_path, str(source)) == 0
    assert "First.1,2 Then3-6 and.1,3" in pdf_text(tmp_path / "out" / "r.pdf")
    brackets = write(tmp_path, "brackets.yaml", "extends: default\ncitations: brackets\n")
    assert build(tmp_path, str(source), "--style", str(brackets)) == 0
    assert "First [1, 2]. Then [3-6] and [1, 3]." in pdf_text(tmp_path / "out" / "r.pdf").replace("\xa0", " ")


def test_page_locators_print_in_parentheses_after_their_number(tmp_path: Path) -> None:
    """AMA 11 (3.6.1, citing specific pages): the pages in parentheses after the superscript number,
    '1(p12)'; a located number stands alone in a range; a repeated citation keeps its first number."""
    refs = "".join(
        f"  - {{id: r{n}, type: webpage, title: Page {n}, URL: 'https://example.org/{n}'}}\n" for n in range(1, 5)
    )
    text = "First [@r1, p. 12]. Then [@r2; @r3, pp. 4–6; @r4] and again [@r1] [@r2, 9]."
    source = write(tmp_path, "r.yaml", MINIMAL.replace("A paragraph of text.", text) + "references:\n" + refs)
    assert build(tmp_path, str(source), "--html") == 0
    assert "First.1(p12) Then2,3(pp4-6),4 and again.1,2(p9)" in pdf_text(tmp_path / "out" / "r.pdf")
    # A screen reader hears the pages too: each link's name holds its visible text.
    links = [annot.get_object() for page in PdfReader(tmp_path / "out" / "r.pdf").pages for annot in page["/Annots"]]
    labels = [str(link["/Contents"]) for link in links if "/Contents" in link and link["/Contents"].startswith("Ref")]
    assert labels == [f"Reference {n}" for n in ("1(p12)", 2, "3(pp4-6)", 4, 1, "2(p9)")]
    html = (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    assert '<a href="#ref-3" aria-label="Reference 3(pp4-6)">3(pp4-6)</a>' in html
    brackets = write(tmp_path, "brackets.yaml", "extends: default\ncitations: brackets\n")
    assert build(tmp_path, str(source), "--style", str(brackets)) == 0
    printed = pdf_text(tmp_path / "out" / "r.pdf").replace("\xa0", " ")
    assert "First [1(p12)]. Then [2, 3(pp4-6), 4] and again [1, 2(p9)]." in printed


def test_a_locator_that_is_not_pages_is_an_error_at_the_citation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = "  - {id: r1, type: webpage, title: Page, URL: 'https://example.org/'}\n"
    text = "See [@r1, chap. 3]."
    source = write(tmp_path, "r.yaml", MINIMAL.replace("A paragraph of text.", text) + "references:\n" + refs)
    assert build(tmp_path, str(source)) == 1
    line = next(n for n, row in enumerate(source.read_text(encoding="utf-8").splitlines(), 1) if "See [@r1" in row)
    column = source.read_text(encoding="utf-8").splitlines()[line - 1].index("[@r1") + 1
    assert (
        f"{source}:{line}:{column}: error: the citation '[@r1, chap. 3]' cites something other than pages; "
        "write [@id, p. 12] or [@id, pp. 12-14], or put the rest in the sentence"
    ) in capsys.readouterr().err


def body_font_size(pdf: Path) -> float:
    """The font size that sets the most characters: the body text size."""
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        sizes[round(size * abs(tm[3]) * abs(cm[3]), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_large_print_really_enlarges_the_body_text(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "regular")]) == 0
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "large"), "--style", "large-print"]) == 0
    name = "biological-therapy-for-cancer.pdf"
    regular, large = tmp_path / "regular" / name, tmp_path / "large" / name
    assert body_font_size(regular) == 13.0
    assert body_font_size(large) == 16.0
    assert len(PdfReader(large).pages) > len(PdfReader(regular).pages)


SPACED = """\
title: Spacing
reviewed: 2025-04-12
sections:
  - heading: Lists
    blocks:
      - Before the list.
      - bullets: [Alpha item, Beta item, Gamma item]
      - After the list.
references:
  - {id: one, type: webpage, title: First source, URL: "https://example.org/1", accessed: 2025-02-10}
  - {id: two, type: webpage, title: Second source, URL: "https://example.org/2", accessed: 2025-02-10}
"""


def baselines(pdf: Path) -> dict[str, float]:
    """The baseline height of each text run on page 1, by the run's first word."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            found.setdefault(text.split()[0], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def test_list_items_and_reference_entries_are_spaced_as_the_style_says(tmp_path: Path) -> None:
    text = SPACED.replace("Before the list.", "Before the list [@one] [@two].")
    assert build(tmp_path, str(write(tmp_path, "spaced.yaml", text))) == 0
    y = baselines(tmp_path / "out" / "spaced.pdf")
    size, leading = 13, 13 * 1.42  # the default style: list_item 0.3, paragraph 0.6 (times the size)
    assert y["Alpha"] - y["Beta"] == pytest.approx(leading + 0.3 * size, abs=0.05)
    assert y["Beta"] - y["Gamma"] == pytest.approx(leading + 0.3 * size, abs=0.05)
    assert y["Gamma"] - y["After"] == pytest.approx(leading + 0.6 * size, abs=0.05), "a paragraph's space after a list"
    ref = 13 * 0.82
    assert y["First"] - y["Second"] == pytest.approx(ref * 1.42 + 0.45 * ref, abs=0.05)


def test_a_split_stack_keeps_the_space_set_on_it_before_its_first_part_and_after_its_last() -> None:
    """A note taller than the room left splits; its space before and after stay at its two ends."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from handoutkit.render.stack import Stack

    style = ParagraphStyle("p", fontSize=10, leading=12, spaceAfter=3)
    stack = Stack([Paragraph(f"Line {n}.", style) for n in range(6)])
    assert (stack.getSpaceBefore(), stack.getSpaceAfter()) == (0.0, 3.0), "its children's, when none is set"
    stack.spaceBefore, stack.spaceAfter = 5, 7
    stack.canv = Canvas(io.BytesIO())  # what a frame gives a flowable before it wraps
    stack.wrap(200, 1000)
    first, second = stack.split(200, 40)
    assert (first.getSpaceBefore(), second.getSpaceAfter()) == (5.0, 7.0)
    assert first.getSpaceAfter() == 3.0 and second.getSpaceBefore() == 0.0


@pytest.mark.parametrize("tagging", ["--pdf-ua", "--no-pdf-ua"])
def test_a_built_handout_is_freed_at_once_not_left_to_the_garbage_collector(tmp_path: Path, tagging: str) -> None:
    """No reference cycle keeps a handout's document alive after its build: in a library build the
    collector would otherwise walk thousands of objects a handout, and memory would wait for it."""
    import gc

    kinds = {"HandoutCanvas", "_HandoutTemplate", "Tagger", "PDFDocument", "PDFTextObject", "ParaParser", "Elem"}

    def left() -> list[str]:
        return [
            type(o).__name__
            for o in gc.get_objects()
            if type(o).__name__ in kinds and type(o).__module__.startswith(("reportlab", "handoutkit"))
        ]

    main(["build", str(EXAMPLE), "--out", str(tmp_path / "warm")], out=io.StringIO(), err=io.StringIO())
    gc.collect()
    before = Counter(left())
    gc.disable()
    try:
        out, err = io.StringIO(), io.StringIO()
        status = main(["build", str(EXAMPLE), "--out", str(tmp_path / "out"), tagging], out=out, err=err)
        after = Counter(left())
    finally:
        gc.enable()
    assert status == 0
    assert after - before == Counter()
