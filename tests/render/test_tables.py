"""Tables: Table > Caption, THead > TR > TH (/Scope /Column), TBody > TR > TD; text that copies out
row by row; the header repeated (as an artifact) on each page a table goes on to; rows that never
split, but one taller than a page; ruled blank rows with a text field in each cell; inline text in
cells; relative column widths, and a column too narrow for its longest word as an error."""

from __future__ import annotations

import dataclasses
import datetime
import io
from functools import cache
from pathlib import Path
from typing import Any

import page
import pikepdf
import pytest
from msgspec.structs import replace
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handoutkit.diagnostics import Report
from handoutkit.inline import plain_text
from handoutkit.language.catalog import load_words
from handoutkit.language.words import Words
from handoutkit.model import (
    Block,
    Citation,
    Handout,
    Inlines,
    Link,
    Paragraph,
    Reference,
    Section,
    Strong,
    Subheading,
    Table,
    Text,
)
from handoutkit.render import RenderError, render_pdf
from handoutkit.render.blocks import flowables
from handoutkit.render.fonts import font_chain
from handoutkit.render.stack import Stack
from handoutkit.render.tables import TableGrid, table_problem
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet
from handoutkit.transforms.apply import apply_transforms

from ..helpers import assert_in_order, normalise, pdf_text
from ..pdfstructure import Node, flatten, full_text, structure, walk_content


def t(text: str) -> Inlines:
    return (Text(text),)


@cache
def sheet(style: str = "default") -> Stylesheet:
    found = load_stylesheet(style, Report())
    assert found is not None
    return found


@cache
def words() -> Words:
    found = load_words("en", Report())
    assert found is not None
    return found


REFERENCES = (Reference(id="r1", text="A reference.", url="https://example.org/r1"),)


def handout(*blocks: Block) -> Handout:
    """A handout whose one section holds ``blocks``, transformed as a build transforms it."""
    model = Handout(
        title=t("Tables"),
        reviewed=datetime.date(2025, 4, 12),
        sections=(Section(t("Your medicines"), (Paragraph(t("Take them as the table says.")), *blocks)),),
        references=REFERENCES,
    )
    return apply_transforms(model)


def build(tmp_path: Path, *blocks: Block, style: Stylesheet | None = None, name: str = "h") -> Path:
    pdf = render_pdf(handout(*blocks), words(), style or sheet())
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf.data)
    return path


def compliant(pdf: Path) -> pikepdf.Pdf:
    """``pdf`` opened, once the PDF/UA-1 checker has passed it with no failures."""
    report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant and not failures, failures
    assert report.rules.total >= 100
    return pikepdf.open(pdf)


def tree(document: pikepdf.Pdf) -> Node:
    walk = walk_content(document)
    assert walk.untagged == [] and walk.empty == [] and walk.nested_mcids == []
    return structure(document, walk)


def by_role(root: Node, role: str) -> list[Node]:
    return [node for _, node in flatten(root) if node.role == role]


def page_texts(pdf: Path) -> list[str]:
    return [normalise(p.extract_text()) for p in PdfReader(pdf).pages]


MEDICINES = Table(
    columns=(t("Medicine"), t("Dose"), t("When to take it")),
    rows=(
        (t("Acetaminophen"), (Strong(t("500 mg")),), t("Every 6 hours as needed for pain or fever")),
        (t("Ondansetron"), t("8 mg"), ()),  # an empty cell
    ),
    caption=t("Your medicine list"),
    widths=(2, 1, 3),
)


def long_table(rows: int, **extra: Any) -> Table:
    """Rows of cells with tokens found nowhere else (``drug07x``), some of two lines."""
    return Table(
        columns=(t("Name"), t("Amount"), t("Timing")),
        rows=tuple(
            (t(f"drug{n:02d}x"), t(f"dose{n:02d}x"), t(f"time{n:02d}x " + "with a meal and water " * (n % 3)))
            for n in range(rows)
        ),
        **extra,
    )


LOG = Table(
    columns=(t("Date"), t("Dose"), t("How I felt")),
    rows=((t("May 1"), t("1 tablet"), t("Fine")),),
    caption=t("Your log"),
    blank_rows=4,
)


# --- structure ----------------------------------------------------------------------------------


def test_a_table_is_caption_thead_and_tbody_with_th_and_td_cells(tmp_path: Path) -> None:
    document = compliant(build(tmp_path, MEDICINES))
    (table,) = by_role(tree(document), "Table")
    caption, head, body = table.kids
    assert (caption.role, normalise(caption.text)) == ("Caption", "Your medicine list")
    assert (head.role, body.role) == ("THead", "TBody")
    (header,) = head.kids
    assert header.role == "TR" and [th.role for th in header.kids] == ["TH"] * 3
    assert [normalise(th.text) for th in header.kids] == ["Medicine", "Dose", "When to take it"]
    assert [tr.role for tr in body.kids] == ["TR", "TR"]
    cells = [[normalise(full_text(td)) for td in tr.kids] for tr in body.kids]
    assert [[td.role for td in tr.kids] for tr in body.kids] == [["TD"] * 3] * 2
    assert cells == [
        ["Acetaminophen", "500 mg", "Every 6 hours as needed for pain or fever"],
        ["Ondansetron", "8 mg", ""],  # the empty cell keeps its place in its row
    ]


def test_header_cells_have_a_column_scope(tmp_path: Path) -> None:
    document = pikepdf.open(build(tmp_path, MEDICINES))
    heads = [elem for elem in _elements(document.Root.StructTreeRoot) if elem.get("/S") == "/TH"]
    assert len(heads) == 3
    for th in heads:
        assert th.A.O == "/Table" and th.A.Scope == "/Column"


def _elements(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K")
    if kids is None:
        return []
    found = []
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *_elements(kid)]
    return found


def test_text_copies_out_row_by_row(tmp_path: Path) -> None:
    text = pdf_text(build(tmp_path, MEDICINES))
    assert_in_order(
        text,
        [
            "Your medicine list",
            "Medicine Dose When to take it",
            "Acetaminophen 500 mg Every 6 hours as needed for pain or fever",
            "Ondansetron 8 mg",
        ],
    )


# --- pages --------------------------------------------------------------------------------------


def test_a_long_table_repeats_its_header_and_never_splits_a_row(tmp_path: Path) -> None:
    pdf = build(tmp_path, long_table(60, caption=t("Every dose")))
    document = compliant(pdf)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    on = {n: [i for i, text in enumerate(pages) if f"drug{n:02d}x" in text] for n in range(60)}
    assert all(len(found) == 1 for found in on.values())
    assert len({found[0] for found in on.values()}) >= 2, "the table does not go on to another page"
    for n, (where,) in on.items():  # each row's cells on one page, in reading order there
        assert_in_order(pages[where], [f"drug{n:02d}x", f"dose{n:02d}x", f"time{n:02d}x"])
    for where in sorted({found[0] for found in on.values()}):
        assert "Name Amount Timing" in pages[where]  # the header on each page of the table
    assert sum("Every dose" in text for text in pages) == 1  # the caption once, on the first
    # The structure tree holds the header once; on later pages it is an artifact.
    root = tree(document)
    (header,) = by_role(root, "THead")
    assert [normalise(th.text) for th in header.kids[0].kids] == ["Name", "Amount", "Timing"]
    assert all(th.pages == {0} for th in header.kids[0].kids)
    assert len(by_role(root, "TR")) == 61
    artifacts = " ".join(walk_content(document).artifacts)
    assert artifacts.count("Timing") == len({found[0] for found in on.values()}) - 1
    rows = by_role(root, "TBody")[0].kids
    assert [normalise(full_text(tr.kids[0])) for tr in rows] == [f"drug{n:02d}x" for n in range(60)]


def test_a_table_keeps_its_heading_caption_header_and_two_rows_together(tmp_path: Path) -> None:
    """Swept so that the table meets the foot of the page at every offset: its subheading, caption,
    header and first two rows go together, and its last two rows too (as a paragraph keeps two lines)."""
    splits = 0
    for sentences in range(56, 80, 2):
        filler = Paragraph(t(" ".join(["Words to fill the page."] * sentences)))
        pdf = build(tmp_path, filler, Subheading(t("Subhead")), long_table(8, caption=t("Capt")), name=f"s{sentences}")
        pages = page_texts(pdf)
        where = [min(i for i, text in enumerate(pages) if token in text) for token in ("Subhead", "Capt")]
        rows = [[i for i, text in enumerate(pages) if f"drug{n:02d}x" in text] for n in range(8)]
        assert all(len(found) == 1 for found in rows)
        assert len(set(where) | {rows[0][0], rows[1][0]}) == 1, sentences
        assert rows[6] == rows[7], sentences
        splits += rows[0] != rows[7]
        assert_in_order(pages[rows[7][0]], ["Name Amount Timing", "drug07x"])
    assert splits >= 3, "the sweep never split the table: change the filler"


@pytest.mark.parametrize(("style", "count"), [("default", 330), ("large-print", 220)])  # words: 1.5 pages
def test_a_row_taller_than_a_page_splits_inside_its_cells(tmp_path: Path, style: str, count: int) -> None:
    """The one row that could go on no page whole splits where it meets the foot of the page; its
    cells' text goes on in the same TD, under the header, on the next page."""
    tall = " ".join(f"word{n}" for n in range(count))
    table = Table(
        columns=(t("What"), t("More")),
        rows=((t("first"), t("short")), (t("second"), t(tall)), (t("third"), t("x"))),
        widths=(1, 4),
    )
    pdf = build(tmp_path, table, style=sheet(style))
    root = tree(compliant(pdf))
    rows = by_role(root, "TBody")[0].kids
    assert len(rows) == 3
    long_cell = rows[1].kids[1]
    assert normalise(long_cell.text) == tall and len(long_cell.pages) == 2
    assert [normalise(full_text(tr.kids[0])) for tr in rows] == ["first", "second", "third"]
    pages = page_texts(pdf)
    assert "first short second word0 word1" in pages[0] and f"word{count - 1} third x" in pages[1]
    assert [text.count("What More") for text in pages] == [1, 1]  # the header once on each page


# --- blank rows ---------------------------------------------------------------------------------


def test_blank_rows_are_fields_named_and_described_by_column_and_row(tmp_path: Path) -> None:
    pdf = build(tmp_path, LOG, MEDICINES, replace(LOG, caption=t("Second log"), blank_rows=2))
    document = compliant(pdf)
    widgets = [a for p in document.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    names = [str(widget.T) for widget in widgets]
    assert len(names) == 3 * 4 + 3 * 2 and len(set(names)) == len(names)
    fields = PdfReader(pdf).get_fields()
    assert fields is not None and set(fields) == set(names)
    tooltips = [str(widget.TU) for widget in widgets]
    assert tooltips[:3] == ["Date, row 2", "Dose, row 2", "How I felt, row 2"]  # row 1 is filled in
    assert tooltips[9:12] == ["Date, row 5", "Dose, row 5", "How I felt, row 5"]
    assert all(widget.FT == "/Tx" for widget in widgets)
    # Each field is a Form inside its cell, and every row holds a cell per column.
    root = tree(document)
    logs = [table for table in by_role(root, "Table") if normalise(table.kids[0].text) != "Your medicine list"]
    for log, blank in zip(logs, (4, 2), strict=True):
        body = log.kids[2]
        assert len(body.kids) == 1 + blank
        for tr in body.kids[1:]:
            assert [td.role for td in tr.kids] == ["TD"] * 3
            assert all([kid.role for kid in td.kids] == ["Form"] and td.kids[0].annotations == 1 for td in tr.kids)


def test_field_names_are_unique_in_the_handout(tmp_path: Path) -> None:
    document = pikepdf.open(build(tmp_path, LOG, LOG))
    names = [str(a.T) for p in document.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    assert len(names) == 24 and len(set(names)) == 24
    assert names[0] == "table-section-1-2-row-2-col-1" and names[12] == "table-section-1-3-row-2-col-1"


def test_a_log_that_is_not_fillable_has_ruled_rows_and_no_fields(tmp_path: Path) -> None:
    pdf = build(tmp_path, replace(LOG, fillable=False))
    document = compliant(pdf)
    assert not PdfReader(pdf).get_fields()
    assert not [a for p in document.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    body = by_role(tree(document), "TBody")[0]
    assert len(body.kids) == 5 and all([td.role for td in tr.kids] == ["TD"] * 3 for tr in body.kids)
    assert all(td.content == [] for tr in body.kids[1:] for td in tr.kids)
    grid = _grid(handout(replace(LOG, fillable=False)))
    grid.wrapOn(Canvas(io.BytesIO()), 400, 1000)
    assert [round(h, 2) for h in grid._heights[2:]] == [
        round(sheet().sizes.leading * 2, 2)
    ] * 4  # two lines to write on


# --- inline text in cells -----------------------------------------------------------------------


def test_bold_links_and_citations_work_in_cells(tmp_path: Path) -> None:
    site = "https://example.org/guide"
    table = Table(
        columns=(t("What"), (Text("Read "), Link(t("this"), "https://example.org/head"))),
        rows=(
            ((Strong(t("Bold words")),), (Text("See "), Link(t("the guide"), site), Citation(("r1",)))),
            *((t(f"row{n}"), t("more")) for n in range(50)),  # so that its header repeats on the next page
        ),
    )
    pdf = build(tmp_path, long_table(10), table)
    assert sum("What Read this" in text for text in page_texts(pdf)) >= 2
    document = compliant(pdf)
    root = tree(document)
    target = by_role(root, "Table")[1]
    head, cell = target.kids[0].kids[0].kids[1], target.kids[1].kids[0].kids[1]
    (head_link,) = head.kids
    assert head_link.role == "Link" and head_link.annotations == 1
    link, reference = cell.kids
    assert (link.role, normalise(link.text)) == ("Link", "the guide (example.org/guide)")
    assert link.annotations >= 1  # one per line it is set on
    assert set(link.described) == {f"the guide ({site})"}
    assert reference.role == "Reference" and [kid.role for kid in reference.kids] == ["Link"]
    assert normalise(full_text(cell)) == "See the guide (example.org/guide)1"
    # The header's link is one annotation, on its own page: the repeated header holds none.
    links = [str(a.A.URI) for p in document.pages for a in p.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert links.count("https://example.org/head") == 1
    # Bold is set in the bold face, as in a paragraph; header cells are bold too.
    grid = _grid(handout(table))
    bold = font_chain(sheet().body_fonts).primary.bold
    assert {frag.fontName for frag in grid.rows[0].cells[0].text.frags} == {bold}  # type: ignore[union-attr]
    assert all(frag.fontName == bold for cell in grid.header.cells for frag in cell.text.frags)  # type: ignore[union-attr]


def _grid(model: Handout) -> TableGrid:
    """The first table's flowable, as the renderer makes it (untagged)."""
    found: list[TableGrid] = []

    def visit(flowable: Flowable) -> None:
        if isinstance(flowable, TableGrid):
            found.append(flowable)
        elif isinstance(flowable, Stack):
            for child in flowable.children:
                visit(child)

    for flowable in flowables(model, sheet(), words(), None):
        visit(flowable)
    return found[0]


# --- widths -------------------------------------------------------------------------------------


def test_relative_widths_are_honoured_on_the_page(tmp_path: Path) -> None:
    grid = _grid(handout(MEDICINES))
    frame = sheet().page.width - sheet().page.left - sheet().page.right
    grid.wrapOn(Canvas(io.BytesIO()), frame, 1000)
    assert grid.widths == pytest.approx([frame / 3, frame / 6, frame / 2])
    lefts = _header_lefts(build(tmp_path, MEDICINES), ["Medicine", "Dose", "When to take it"])
    assert lefts[1] - lefts[0] == pytest.approx(frame / 3, abs=0.5)
    assert lefts[2] - lefts[1] == pytest.approx(frame / 6, abs=0.5)
    equal = _header_lefts(build(tmp_path, replace(MEDICINES, widths=None), name="equal"), ["Medicine", "Dose"])
    assert equal[1] - equal[0] == pytest.approx(frame / 3, abs=0.5)
    assert lefts[0] == pytest.approx(sheet().page.left + sheet().sizes.body * 0.45, abs=0.5)


def _header_lefts(pdf: Path, texts: list[str]) -> list[float]:
    """Where on the first page each of ``texts`` starts (the x of its text operator)."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip() in texts and text.strip() not in found:
            found[text.strip()] = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return [found[text] for text in texts]


def test_a_column_too_narrow_for_its_longest_word_is_an_error_naming_it() -> None:
    narrow = Table(
        columns=(t("Medicine"), t("Dose"), t("When")),
        rows=((t("Hydroxychloroquine-sulfate"), t("200"), t("Daily")),),
        widths=(1, 4, 4),
    )
    problem = table_problem(narrow, sheet())
    assert problem is not None and problem.startswith("column 1 ('Medicine') is too narrow for the word")
    assert "'Hydroxychloroquine-sulfate'" in problem and "'widths'" in problem
    with pytest.raises(RenderError, match=r"the table in the section 'Your medicines': column 1 \('Medicine'\)"):
        render_pdf(handout(narrow), words(), sheet())
    # What it suggests works.
    suggested = problem.split("widths: [")[1].split("]")[0]
    fixed = replace(narrow, widths=tuple(float(part) for part in suggested.split(", ")))
    assert table_problem(fixed, sheet()) is None
    assert table_problem(MEDICINES, sheet()) is None


def test_a_table_wider_than_the_page_says_which_column_to_narrow() -> None:
    wide = Table(columns=(*(t(f"Column{n}") for n in range(5)), t("Extraordinarily-long-heading")), rows=())
    problem = table_problem(wide, sheet())
    assert problem is not None and problem.startswith("it is wider than the page")
    assert "narrow column 6 ('Extraordinarily-long-heading')" in problem
    captioned = replace(wide, caption=t("Six"), blank_rows=1)
    with pytest.raises(RenderError, match=r"the table 'Six': it is wider than the page"):
        render_pdf(handout(captioned), words(), sheet())


def test_a_web_address_in_a_cell_breaks_at_its_break_points() -> None:
    url = "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects"
    table = Table(columns=(t("Where"), t("What")), rows=(((Link(t(url), url),), t("Side effects")),), widths=(2, 3))
    assert table_problem(table, sheet()) is None


# --- styles and untagged ------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["default", "large-print", "example-clinic"])
def test_every_built_in_style_sets_a_compliant_table(tmp_path: Path, style: str) -> None:
    compliant(build(tmp_path, MEDICINES, LOG, long_table(30), style=sheet(style)))


def test_an_untagged_handout_still_has_its_fields(tmp_path: Path) -> None:
    pdf = build(tmp_path, LOG, style=dataclasses.replace(sheet(), pdf_ua=False))
    assert "/StructTreeRoot" not in pikepdf.open(pdf).Root
    fields = PdfReader(pdf).get_fields()
    assert fields is not None and len(fields) == 12
    assert_in_order(pdf_text(pdf), ["Your log", "Date Dose How I felt", "May 1 1 tablet Fine"])


# --- small frames ---------------------------------------------------------------------------------

SMALL_STYLES = {  # frames of a few lines: 144 pt square at 14 pt text, and 238 pt tall at 30 pt
    "small": "extends: default\ntext:\n  size: 14\npage:\n"
    "  margins: {left: 3.25in, right: 3.25in, top: 4.5in, bottom: 4.5in}\n",
    "short": "extends: default\ntext:\n  size: 30\npage:\n  margins: {top: 277pt, bottom: 277pt}\n",
}

SIDE_EFFECTS = Table(  # the example's table (biological-therapy-for-cancer), its rows taller than the frames
    columns=(t("Side effect"), t("What to do")),
    rows=(
        (
            t(
                "Flu-like symptoms, such as chills, fever, headache, tiredness (fatigue), an upset stomach "
                "(nausea), or vomiting"
            ),
            t("Tell your care team. With a fever, call right away."),
        ),
        (t("Joint and muscle pain"), t("Tell your care team.")),
        (t("Pain, swelling, redness, itching, or a rash where a needle went in"), t("Tell your care team.")),
    ),
    caption=t("Common side effects, and what to do"),
    widths=(3, 2),
)

TALL_HEADER = Table(  # a header taller than the frames too: it splits, and does not repeat
    columns=(t("The side effect that you may notice at home, in the days after a treatment"), t("Do")),
    rows=((t("Flu-like symptoms, such as chills, fever, headache, or tiredness"), t("Call us.")),),
    caption=t("Side effects"),
    widths=(3, 2),
)


@pytest.mark.parametrize("table", [SIDE_EFFECTS, TALL_HEADER], ids=["example", "tall-header"])
@pytest.mark.parametrize("style", sorted(SMALL_STYLES))
def test_a_table_splits_in_a_frame_smaller_than_its_rows(tmp_path: Path, style: str, table: Table) -> None:
    """Where the caption, the header and a line of a row do not fit together, the table still goes
    on: the caption or the header alone, a row split a line at a time, the repeat dropped."""
    path = tmp_path / f"{style}.yaml"
    path.write_text(SMALL_STYLES[style])
    small = load_stylesheet(str(path), Report())
    assert small is not None
    pdf = build(tmp_path, table, style=small)
    root = tree(compliant(pdf))
    cells = [plain(cell) for cell in (*table.columns, *(c for row in table.rows for c in row))]
    assert [normalise(full_text(node)) for node in (*by_role(root, "TH"), *by_role(root, "TD"))] == cells
    assert len(by_role(root, "TH")) == len(table.columns) and len(by_role(root, "TR")) == len(table.rows) + 1
    text = pdf_text(pdf)
    for cell in (plain(table.caption or ()), *cells):  # a split row's cells go on side by side
        assert_in_order(text, cell.split())
    assert_in_order(text, [plain(row[0]).split()[0] for row in table.rows])  # the rows in order


def plain(text: Inlines) -> str:
    return normalise(plain_text(text))
