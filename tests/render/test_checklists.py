"""Checklists and terms: tagged as lists (L > LI > Lbl + LBody), a checklist's boxes drawn and, when
fillable, checkbox fields over them that pypdf can tick; each item and term kept whole on a page."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import page
import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter

from handoutkit.diagnostics import Report
from handoutkit.language.catalog import load_words
from handoutkit.language.words import Words
from handoutkit.model import (
    Block,
    Checklist,
    Citation,
    Emphasis,
    Handout,
    Inlines,
    Link,
    Paragraph,
    Reference,
    Section,
    Strong,
    Term,
    Terms,
    Text,
    WriteIn,
)
from handoutkit.render import render_pdf
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

from ..helpers import assert_in_order, normalise
from ..pdfstructure import Node, flatten, full_text, structure, walk_content


def text(value: str) -> Inlines:
    return (Text(value),)


ITEMS = (
    text("Your medicine list, with the doses you take"),
    (Text("Your "), Strong(text("insurance card")), Text(" and a photo ID")),
    (
        Text("Questions for the team, written down so that you do not forget any of them on the day; "),
        Link(text("see our site"), "https://example.org/visit"),
    ),
    text("<b>A snack</b> & a drink"),  # content, never markup
)
ITEM_TEXTS = [
    "Your medicine list, with the doses you take",
    "Your insurance card and a photo ID",
    "Questions for the team, written down so that you do not forget any of them on the day; "
    "see our site (example.org/visit)",
    "<b>A snack</b> & a drink",
]
TOOLTIPS = [*ITEM_TEXTS[:2], ITEM_TEXTS[2].removesuffix(" (example.org/visit)"), ITEM_TEXTS[3]]
TERMS = Terms(
    (
        Term(text("Immunotherapy"), text("Treatment that helps your immune system fight cancer.")),
        Term(
            (Text("Side "), Emphasis(text("effect"))),
            (Text("A problem caused by a treatment, such as tiredness"), Citation(("r1",), (1,)), Text(".")),
        ),
    )
)
REFERENCE = Reference(id="r1", text="Side effects of cancer treatment.", url="https://example.org/r1")


@cache
def words() -> Words:
    return load_words("en", Report())


@cache
def sheet(style: str = "default") -> Stylesheet:
    found = load_stylesheet(style, Report())
    assert found is not None
    return found


def handout(*blocks: Block) -> Handout:
    return Handout(
        title=text("Getting ready"),
        reviewed=datetime.date(2025, 4, 12),
        sections=(Section(text("Before your visit"), (Paragraph(text("Bring these with you.")), *blocks)),),
        references=(REFERENCE,) if TERMS in blocks else (),  # cited in TERMS
    )


def build(path: Path, *blocks: Block, style: str | Stylesheet = "default") -> Path:
    """The PDF of a handout whose one section holds ``blocks``, after a paragraph."""
    path.write_bytes(render_pdf(handout(*blocks), words(), sheet(style) if isinstance(style, str) else style).data)
    return path


def compliant(pdf: Path) -> pikepdf.Pdf:
    report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant and not failures, failures
    assert report.rules.total >= 100
    return pikepdf.open(pdf)


def tree(pdf: Path) -> Node:
    document = pikepdf.open(pdf)
    walk = walk_content(document)
    assert walk.untagged == [] and walk.empty == [] and walk.nested_mcids == []
    return structure(document, walk)


def by_role(root: Node, role: str) -> list[Node]:
    return [node for _, node in flatten(root) if node.role == role]


def struct_elems(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    """The structure elements of ``role``, in reading order, as pikepdf reads them."""
    stack = [pdf.Root.StructTreeRoot.K[0]]
    found: list[pikepdf.Dictionary] = []
    while stack:
        elem = stack.pop()
        if str(elem.get("/S")) == f"/{role}":
            found.append(elem)
        kids = elem.get("/K", pikepdf.Array())
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend(kid for kid in reversed(list(kids)) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
    return found


def pages_of(elem: pikepdf.Dictionary, index: dict[Any, int]) -> set[int]:
    """The pages an element's content, and its descendants' (widgets too), lie on."""
    found: set[int] = set()
    kids = elem.get("/K", pikepdf.Array())
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            found.add(index[elem.Pg.objgen])
        elif "/S" in kid:
            found |= pages_of(kid, index)
        else:  # a marked-content or object reference
            found.add(index[kid.Pg.objgen])
    return found


def fields(pdf: Path) -> dict[str, Any]:
    return dict(PdfReader(pdf).get_fields() or {})


# --- structure ------------------------------------------------------------------------------


def test_a_fillable_checklist_is_a_list_whose_bodies_hold_the_checkbox_fields(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS, text("Bring to your visit")))
    root = tree(pdf)
    (group,) = by_role(root, "Div")
    assert group.attrs == {"T": "Bring to your visit"}
    title, items = group.kids
    assert (title.role, normalise(title.text)) == ("P", "Bring to your visit")
    assert items.role == "L" and [li.role for li in items.kids] == ["LI"] * 4
    for li, expected in zip(items.kids, ITEM_TEXTS, strict=True):
        label, body = li.kids
        assert (label.role, label.text, label.pages) == ("Lbl", "", {0})  # the drawn box: a path, no text
        assert body.role == "LBody" and normalise(full_text(body)) == expected
        form = body.content[0]  # before the item's text, as the box is
        assert isinstance(form, Node) and (form.role, form.annotations, form.content) == ("Form", 1, [])
    (link,) = by_role(items, "Link")
    assert link.annotations == 1 and link.described == ["see our site (https://example.org/visit)"]
    assert by_role(root, "Form") == [li.kids[1].content[0] for li in items.kids]


def test_a_printed_checklist_has_its_boxes_and_no_fields(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS[:2], fillable=False))
    assert fields(pdf) == {}
    assert "/AcroForm" not in pikepdf.open(pdf).Root or not pikepdf.open(pdf).Root.AcroForm.Fields
    items = by_role(tree(pdf), "L")[0]
    assert [[kid.role for kid in li.kids] for li in items.kids] == [["Lbl", "LBody"]] * 2
    assert by_role(items, "Form") == [] and by_role(tree(pdf), "Div") == []  # no title: no group
    document = pikepdf.open(pdf)
    # A printed box reads as a ballot box (a fillable one leaves that to its field).
    assert [str(label.ActualText) for label in struct_elems(document, "Lbl")] == ["\u2610", "\u2610"]
    drawn = boxes(document)
    assert len(drawn) == 2 and all(box.endswith(" h S") and "Tj" not in box for box in drawn)  # a stroked path


def test_printed_and_fillable_boxes_are_drawn_alike(tmp_path: Path) -> None:
    """The box on paper is the same whether or not a field lies over it."""
    printed = boxes(pikepdf.open(build(tmp_path / "p.pdf", Checklist(ITEMS, fillable=False))))
    fillable = boxes(pikepdf.open(build(tmp_path / "f.pdf", Checklist(ITEMS))))
    assert printed == fillable and len(printed) == 4


def boxes(document: pikepdf.Pdf) -> list[str]:
    """What each Lbl's marked content draws, as its operators and operands."""
    found: dict[int, list[str]] = {}
    stack: list[int | None] = []
    for operands, op in pikepdf.parse_content_stream(document.pages[0]):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            stack.append(int(props.MCID) if str(operands[0]) == "/Lbl" else None)
        elif name == "BMC":
            stack.append(None)
        elif name == "EMC":
            stack.pop()
        elif stack and stack[-1] is not None:
            found.setdefault(stack[-1], []).append(" ".join(map(str, [*operands, name])))
    return [" ".join(ops) for _, ops in sorted(found.items())]


def test_terms_are_a_list_of_labels_and_bodies(tmp_path: Path) -> None:
    pdf = build(tmp_path / "t.pdf", TERMS)
    entries, _ = by_role(tree(pdf), "L")  # and the references
    shown = [(normalise(full_text(li.kids[0])), normalise(full_text(li.kids[1]))) for li in entries.kids]
    assert [[kid.role for kid in li.kids] for li in entries.kids] == [["Lbl", "LBody"]] * 2
    assert shown == [
        ("Immunotherapy", "Treatment that helps your immune system fight cancer."),
        ("Side effect", "A problem caused by a treatment, such as tiredness.1"),
    ]
    (reference,) = by_role(entries, "Reference")  # a citation in a definition is one, linked
    assert [kid.role for kid in reference.kids] == ["Link"] and reference.kids[0].annotations == 1


def test_terms_print_bold_and_definitions_regular(tmp_path: Path) -> None:
    runs = text_runs(build(tmp_path / "t.pdf", TERMS))
    term, definition = find(runs, "Immunotherapy"), find(runs, "Treatment that helps")
    assert term.bold and find(runs, "Side").bold and find(runs, "effect").bold
    assert not definition.bold and not find(runs, "A problem caused").bold
    assert definition.y < term.y and definition.x == pytest.approx(term.x + sheet().sizes.body)  # under it, indented


class Run(NamedTuple):
    """A run of text as pypdf shows it: its text, where its line starts, whether its font is bold."""

    text: str
    x: float
    y: float
    bold: bool


def text_runs(pdf: Path) -> list[Run]:
    """The runs of text on the first page, in content order."""
    runs: list[Run] = []

    def visit(shown: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if shown.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append(Run(shown.strip(), x, y, "Bold" in str(font.get("/BaseFont", "")) if font else False))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def find(runs: list[Run], start: str, after: int = 0) -> Run:
    """The first run from ``runs[after]`` on that starts with ``start``."""
    return next(run for run in runs[after:] if run.text.startswith(start))


# --- text, PDF/UA ---------------------------------------------------------------------------


def test_text_copies_out_in_order(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS, text("Bring to your visit")), TERMS)
    copied = normalise(PdfReader(pdf).pages[0].extract_text())
    assert_in_order(
        copied,
        [
            "Bring to your visit",
            *ITEM_TEXTS,
            "Immunotherapy",
            "Treatment that helps",
            "Side effect",
            "A problem caused by a treatment",
        ],
    )
    assert "\u2610" not in copied and "<b>A snack</b> & a drink" in copied
    # Each box is drawn before its item's text: its Lbl's content comes first.
    document = pikepdf.open(pdf)
    for item in struct_elems(document, "LI")[:6]:  # the references' list comes after
        label, body = item.K
        assert int(label.K[0]) < min(int(kid) for kid in body.K if isinstance(kid, int))


def test_each_box_sits_beside_the_first_line_of_its_item(tmp_path: Path) -> None:
    for style in ("default", "large-print"):
        pdf = build(tmp_path / f"{style}.pdf", Checklist(ITEMS), style=style)
        runs = text_runs(pdf)
        size = sheet(style).sizes.body
        annotations = [annotation.get_object() for annotation in PdfReader(pdf).pages[0]["/Annots"]]
        widgets = [annotation for annotation in annotations if annotation["/Subtype"] == "/Widget"]
        firsts = [find(runs, "Your medicine"), find(runs, "Your", 4), find(runs, "Questions"), find(runs, "<b>")]
        assert firsts[1].text == "Your"  # the second item's first line starts before its bold words
        for widget, first in zip(widgets, firsts, strict=True):
            x0, y0, x1, y1 = (float(value) for value in widget["/Rect"])
            assert y0 < first.y < y0 + size * 0.2  # from just below the baseline ...
            assert y1 == pytest.approx(first.y + size * 0.8, abs=size * 0.1)  # ... to about the capitals
            assert x1 - x0 == pytest.approx(y1 - y0) == pytest.approx(size * 0.9)  # large enough to tick
            assert size * 0.5 < first.x - x1 < size * 1.0  # a clear gap before the text


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_checklists_and_terms_pass_the_pdf_ua_1_checker(tmp_path: Path, style: str) -> None:
    blocks = (
        Checklist(ITEMS, text("Bring to your visit")),
        Checklist(ITEMS[:2], fillable=False),
        WriteIn(text("Notes"), 2),
        TERMS,
    )
    compliant(build(tmp_path / "all.pdf", *blocks, style=style))


# --- fields ---------------------------------------------------------------------------------


def test_checkbox_fields_have_names_of_their_own_and_the_items_as_tooltips(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS, text("Bring")), Checklist(ITEMS[:2]), WriteIn(None, 2))
    found = fields(pdf)
    checkboxes = {name: field for name, field in found.items() if field["/FT"] == "/Btn"}
    assert list(checkboxes) == [f"checklist-section-1-2-{n}" for n in range(1, 5)] + [
        f"checklist-section-1-3-{n}" for n in range(1, 3)
    ]
    assert "write-in-section-1-4" in found and len(found) == 7  # every name its own
    assert [field["/TU"] for field in checkboxes.values()] == [*TOOLTIPS, *TOOLTIPS[:2]]
    assert all(field["/V"] == "/Off" and field.get("/Ff", 0) == 0 for field in checkboxes.values())


def test_checkbox_fields_can_be_ticked_in_pypdf(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS))
    writer = PdfWriter(clone_from=pdf)
    ticked = {"checklist-section-1-2-1": "/Yes", "checklist-section-1-2-3": "/Yes"}
    writer.update_page_form_field_values(writer.pages[0], ticked)
    out = io.BytesIO()
    writer.write(out)
    reader = PdfReader(out)
    values = {name: field.get("/V") for name, field in (reader.get_fields() or {}).items()}
    assert values == {f"checklist-section-1-2-{n}": "/Yes" if n in (1, 3) else "/Off" for n in range(1, 5)}
    widgets = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object()["/Subtype"] == "/Widget"]
    assert [widget["/AS"] for widget in widgets] == ["/Yes", "/Off", "/Yes", "/Off"]
    for widget in widgets:
        assert set(widget["/AP"]["/N"]) == {"/Yes", "/Off"}  # a look for each state
        assert widget["/AP"]["/N"]["/Yes"].get_data() and not widget["/AP"]["/N"]["/Off"].get_data()


def test_an_untagged_build_still_has_the_boxes_and_fields(tmp_path: Path) -> None:
    pdf = build(tmp_path / "c.pdf", Checklist(ITEMS), style=replace(sheet(), pdf_ua=False))
    assert "/StructTreeRoot" not in pikepdf.open(pdf).Root
    assert list(fields(pdf)) == [f"checklist-section-1-2-{n}" for n in range(1, 5)]
    assert_in_order(normalise(PdfReader(pdf).pages[0].extract_text()), ITEM_TEXTS)


# --- pages ----------------------------------------------------------------------------------


def long_item(number: int) -> Inlines:
    return text(f"Item {number}: " + " ".join(["a thing to bring along to the clinic"] * (2 + number % 7)))


def test_a_checklist_splits_across_pages_between_items(tmp_path: Path) -> None:
    items = tuple(long_item(n) for n in range(1, 31))
    pdf = build(tmp_path / "c.pdf", Checklist(items, text("Bring to your visit")), style="large-print")
    document = compliant(pdf)
    index = {pdf_page.obj.objgen: number for number, pdf_page in enumerate(document.pages)}
    placed = [pages_of(item, index) for item in struct_elems(document, "LI")]
    assert len(placed) == 30 and all(len(pages) == 1 for pages in placed)  # box, field and text together
    assert len({page for pages in placed for page in pages}) >= 2  # the list itself did split
    for number, pdf_page in enumerate(document.pages):  # each widget is on the page of its item
        names = [str(a.T) for a in pdf_page.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        assert all(placed[int(name.rsplit("-", 1)[1]) - 1] == {number} for name in names)
    assert sum(len(pdf_page.get("/Annots", [])) for pdf_page in document.pages) == 30


def test_the_title_goes_with_the_first_item_and_each_term_with_its_definition(tmp_path: Path) -> None:
    """A filler that grows half a line at a time brings the checklist, then the terms, to the foot of
    a page: the title never ends a page, no item or term is split, the lists themselves split."""
    meaning = text(" ".join(["what the word means to you"] * 12))  # five lines or so, which could split
    terms = Terms(tuple(Term(text(f"Word {n}"), meaning) for n in range(1, 5)))
    starts: set[int] = set()  # the pages the checklist starts on
    split: set[str] = set()  # the lists seen split over two pages
    for filler in [*range(38, 52), *range(56, 80, 2)]:
        filled = Paragraph(text(" ".join(["Some words to fill the page."] * filler)))
        block = Checklist(ITEMS[:2], text("Bring to your visit"))
        document = pikepdf.open(build(tmp_path / f"{filler}.pdf", filled, block, terms, style="large-print"))
        index = {pdf_page.obj.objgen: number for number, pdf_page in enumerate(document.pages)}
        title = struct_elems(document, "Div")[0].K[0]
        items = [pages_of(item, index) for item in struct_elems(document, "LI")][:6]  # 2 items, 4 terms
        assert pages_of(title, index) == items[0], filler
        assert all(len(pages) == 1 for pages in items), filler
        starts |= items[0]
        split |= {"checklist"} if items[0] != items[1] else set()
        split |= {"terms"} if items[2] != items[5] else set()
    assert starts == {0, 1} and split == {"checklist", "terms"}  # the sweep went over the page breaks
