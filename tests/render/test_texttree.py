"""Tests for handoutkit.render.texttree and rltree: text is never markup, citation numbers and where
citations sit, and white space as ReportLab's markup path would set it."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

from handoutkit.diagnostics import Report
from handoutkit.model import Citation, Emphasis, Inline, Inlines, Link, Strong, Text
from handoutkit.printed import collapse, place_citations
from handoutkit.render.flowables import TaggedParagraph
from handoutkit.render.fonts import FontChain, font_chain
from handoutkit.render.rltree import Child, Tag, fragments, plain, settled, tag
from handoutkit.render.texttree import citation, css_color, to_tree
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

NBSP = "\u00a0"
BODY = ParagraphStyle("body", fontSize=12)


@cache
def superscript() -> Stylesheet:
    sheet = load_stylesheet("default", Report())
    assert sheet is not None and sheet.citations == "superscript"
    return sheet


def brackets() -> Stylesheet:
    return replace(superscript(), citations="brackets")


def num(number: int) -> Tag:
    """One linked citation number in the default style."""
    return ("a", {"href": f"#ref-{number}", "color": "rgb(31,78,121)"}, [str(number)])


def fonts() -> FontChain:
    return font_chain(superscript().body_fonts)


def paragraph(inlines: Inlines, style: Stylesheet | None = None) -> Paragraph:
    """Set the text the way the renderer does, so that ReportLab itself says what it means."""
    return TaggedParagraph(to_tree(inlines, style or superscript(), fonts()), BODY)


def cite(*numbers: int) -> Citation:
    return Citation(tuple(f"r{n}" for n in numbers), numbers)


# --- text is never markup --------------------------------------------------------------------------


LITERALS = [
    "<b>not bold</b>",
    "a < b & c",
    "x > 3 && y < 4",
    '"quoted" & <i>',
    "&amp; is written &amp;",
    "&nbsp; and &#169;",
    "<br/> <font color='red'>red?</font>",
    "<super>1</super>",
    "<a href='javascript:alert(1)'>click</a>",
    "**not markup** and *not* either",
    "[1] and [@id] as typed",
    "<",
    "&",
]


@pytest.mark.parametrize("text", LITERALS)
def test_literal_text_is_never_markup(text: str) -> None:
    assert to_tree((Text(text),), superscript(), fonts()) == [text]  # a plain string: nothing parses it
    para = paragraph((Text(text),))
    assert para.getPlainText() == text
    assert [frag.text for frag in para.frags] == [text]  # one fragment: no entity was read in it
    for frag in para.frags:
        assert (frag.fontName, frag.rise, frag.link) == ("Helvetica", 0, [])


@pytest.mark.parametrize("text", LITERALS)
def test_literal_text_inside_real_markup_stays_literal(text: str) -> None:
    para = paragraph((Strong((Emphasis((Text(text),)),)),))
    assert para.getPlainText() == text
    assert {frag.fontName for frag in para.frags} == {"Helvetica-BoldOblique"}


def font_runs(para: Paragraph) -> list[tuple[str, str]]:
    """The paragraph's text as (text, font) runs."""
    runs: list[tuple[str, str]] = []
    for frag in para.frags:
        if runs and runs[-1][1] == frag.fontName:
            runs[-1] = (runs[-1][0] + frag.text, frag.fontName)
        else:
            runs.append((frag.text, frag.fontName))
    return runs


def test_bold_and_italic_are_real_tags() -> None:
    para = paragraph((Strong((Text("<b>"),)), Text(" & "), Emphasis((Text("<i>"),))))
    assert font_runs(para) == [("<b>", "Helvetica-Bold"), (" & ", "Helvetica"), ("<i>", "Helvetica-Oblique")]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?x=1&y=2",
        'https://example.org/"quoted"',
        'https://example.org/?q=" onclick="x',
        "https://example.org/<b>",
        "mailto:care@example.org",
    ],
)
def test_link_addresses_are_attributes_as_given(url: str) -> None:
    """The address is an attribute as given; printed after the text (for paper), it is text, never markup."""
    link = (Link((Text("a & b"),), url),)
    target = url.split(":", 1)[1].removeprefix("//")
    expected = [("a", {"href": url, "color": "rgb(31,78,121)", "underline": "1"}, ["a & b", " (", target, ")"])]
    assert to_tree(link, superscript(), fonts()) == expected
    para = paragraph(link)
    assert para.getPlainText() == f"a & b ({target})"
    assert {frag.link[0][1] for frag in para.frags} == {url}


# --- citation numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbers", "runs"),
    [
        ((1,), [(1, 1)]),
        ((1, 2), [(1, 1), (2, 2)]),
        ((4, 5, 6), [(4, 6)]),
        ((1, 3, 4, 5), [(1, 1), (3, 5)]),
        ((5, 4, 3, 1, 4), [(1, 1), (3, 5)]),
        ((1, 2, 4, 5, 6, 9, 10), [(1, 1), (2, 2), (4, 6), (9, 9), (10, 10)]),
        ((), []),
    ],
)
def test_collapse(numbers: tuple[int, ...], runs: list[tuple[int, int]]) -> None:
    assert collapse(numbers) == runs


@pytest.mark.parametrize(
    ("numbers", "superscript_tree", "brackets_tree"),
    [
        ((1,), [num(1)], [num(1)]),
        ((1, 2), [num(1), ",", num(2)], [num(1), ", ", num(2)]),
        ((4, 5, 6), [num(4), "-", num(6)], [num(4), "-", num(6)]),
        ((1, 3, 4, 5), [num(1), ",", num(3), "-", num(5)], [num(1), ", ", num(3), "-", num(5)]),
        ((1, 2, 4), [num(1), ",", num(2), ",", num(4)], [num(1), ", ", num(2), ", ", num(4)]),
        ((6, 4, 5, 4), [num(4), "-", num(6)], [num(4), "-", num(6)]),
    ],
)
def test_citation_tree(numbers: tuple[int, ...], superscript_tree: list[Child], brackets_tree: list[Child]) -> None:
    assert citation(numbers, superscript()) == [("super", None, superscript_tree)]
    assert citation(numbers, brackets()) == [f"{NBSP}[", *brackets_tree, "]"]


@pytest.mark.parametrize(
    ("numbers", "superscript_text", "brackets_text", "linked"),
    [
        ((1,), "1", f"{NBSP}[1]", [1]),
        ((1, 2), "1,2", f"{NBSP}[1, 2]", [1, 2]),
        ((4, 5, 6), "4-6", f"{NBSP}[4-6]", [4, 6]),
        ((1, 3, 4, 5), "1,3-5", f"{NBSP}[1, 3-5]", [1, 3, 5]),
        ((1, 2, 4), "1,2,4", f"{NBSP}[1, 2, 4]", [1, 2, 4]),
    ],
)
def test_citations_as_reportlab_reads_them(
    numbers: tuple[int, ...], superscript_text: str, brackets_text: str, linked: list[int]
) -> None:
    para = paragraph((Text("cells "), cite(*numbers)))
    assert para.getPlainText() == "cells" + superscript_text
    raised = [frag for frag in para.frags if frag.rise > 0]
    assert "".join(frag.text for frag in raised) == superscript_text
    assert [frag.link[0][1] for frag in raised if frag.link] == [f"#ref-{n}" for n in linked]
    assert [frag.text for frag in raised if frag.link] == [str(n) for n in linked]
    boxed = paragraph((Text("cells "), cite(*numbers)), brackets())
    assert boxed.getPlainText() == "cells" + brackets_text
    assert all(frag.rise == 0 for frag in boxed.frags)
    assert [frag.link[0][1] for frag in boxed.frags if frag.link] == [f"#ref-{n}" for n in linked]


# --- where citations sit ---------------------------------------------------------------------------


C1, C2, C3 = cite(1), cite(2), cite(3)
C12 = Citation(("r1", "r2"), (1, 2))


@pytest.mark.parametrize(
    ("inlines", "superscript_placed", "brackets_placed"),
    [
        pytest.param(
            [Text("cells "), C1, Text(".")],
            [Text("cells"), Text("."), C1],
            [Text("cells"), C1, Text(".")],
            id="period-moves-before-superscript",
        ),
        pytest.param(
            [Text("cells "), C1, Text(", then more.")],
            [Text("cells"), Text(","), C1, Text(" then more.")],
            [Text("cells"), C1, Text(", then more.")],
            id="comma-moves-before-superscript",
        ),
        pytest.param(
            [Text("cells "), C1, Text("; then")],
            [Text("cells"), C1, Text("; then")],
            [Text("cells"), C1, Text("; then")],
            id="semicolon-stays-after",
        ),
        pytest.param(
            [Text("cells "), C1, Text(" grow")],
            [Text("cells"), C1, Text(" grow")],
            [Text("cells"), C1, Text(" grow")],
            id="space-before-removed-after-kept",
        ),
        pytest.param(
            [Text("cells \n\t"), C1],
            [Text("cells"), C1],
            [Text("cells"), C1],
            id="any-white-space-before-removed",
        ),
        pytest.param(
            [Text("cells"), C1],
            [Text("cells"), C1],
            [Text("cells"), C1],
            id="no-space-before",
        ),
        pytest.param(
            [C1, Text(" starts the text.")],
            [C1, Text(" starts the text.")],
            [C1, Text(" starts the text.")],
            id="citation-at-start",
        ),
        pytest.param(
            [C1, Text(".")],
            [Text("."), C1],
            [C1, Text(".")],
            id="citation-alone-then-period",
        ),
        pytest.param(
            [Text("cells "), C1, Text(" "), C2, Text(".")],
            [Text("cells"), Text("."), C12],
            [Text("cells"), C12, Text(".")],
            id="two-citations-in-a-row-become-one",
        ),
        pytest.param(
            [Text("cells "), C1, C2],
            [Text("cells"), C12],
            [Text("cells"), C12],
            id="two-adjacent-citations-become-one",
        ),
        pytest.param(
            [Text("cells "), C2, Text(" "), C1, Text(" "), C2],
            [Text("cells"), Citation(("r2", "r1", "r2"), (1, 2))],
            [Text("cells"), Citation(("r2", "r1", "r2"), (1, 2))],
            id="three-in-a-row-numbers-sorted-unique",
        ),
        pytest.param(
            [Text("cells "), C1, Text(" and tissue "), C3, Text(".")],
            [Text("cells"), C1, Text(" and tissue"), Text("."), C3],
            [Text("cells"), C1, Text(" and tissue"), C3, Text(".")],
            id="citations-with-words-between-stay-apart",
        ),
        pytest.param(
            [Text("and so on "), C1, Text("...")],
            [Text("and so on"), Text("..."), C1],
            [Text("and so on"), C1, Text("...")],
            id="ellipsis-moves-whole",
        ),
        pytest.param(
            [Strong((Text("cells"),)), Text(" "), C1, Text(".")],
            [Strong((Text("cells"),)), Text("."), C1],
            [Strong((Text("cells"),)), C1, Text(".")],
            id="after-bold",
        ),
        pytest.param(
            [Text("no citations here. ")],
            [Text("no citations here. ")],
            [Text("no citations here. ")],
            id="text-alone-unchanged",
        ),
    ],
)
def test_place_citations(
    inlines: list[Inline], superscript_placed: list[Inline], brackets_placed: list[Inline]
) -> None:
    assert place_citations(tuple(inlines), move_punctuation=True) == superscript_placed
    assert place_citations(tuple(inlines), move_punctuation=False) == brackets_placed


@pytest.mark.parametrize(
    ("inlines", "superscript_text", "brackets_text"),
    [
        ((Text("Cells "), cite(1, 3, 4, 5), Text(".")), "Cells.1,3-5", f"Cells{NBSP}[1, 3-5]."),
        (
            (Text("Cells "), C1, Text(" "), C2, Text(", and more.")),
            "Cells,1,2 and more.",
            f"Cells{NBSP}[1, 2], and more.",
        ),
        ((C3, Text(" first.")), "3 first.", f"{NBSP}[3] first."),
        ((Text("A < B "), C1, Text(" & C.")), "A < B1 & C.", f"A < B{NBSP}[1] & C."),
    ],
)
def test_sentences_as_reportlab_reads_them(inlines: Inlines, superscript_text: str, brackets_text: str) -> None:
    assert paragraph(inlines).getPlainText() == superscript_text
    assert paragraph(inlines, brackets()).getPlainText() == brackets_text


def test_the_input_inlines_are_not_changed() -> None:
    inlines = (Text("cells "), C1, Text("."))
    place_citations(inlines, move_punctuation=True)
    assert inlines == (Text("cells "), C1, Text("."))


@pytest.mark.parametrize("hex_color", ["#1f4e79", "#000000", "#ffffff", "#b45309", "#0a0b0c"])
def test_link_colours_are_written_in_a_form_reportlab_reads_as_the_same_colour(hex_color: str) -> None:
    from reportlab.lib.colors import HexColor, toColor

    assert toColor(css_color(hex_color)).rgb() == HexColor(hex_color).rgb()


# --- white space, as the markup path sets it -------------------------------------------------------


def bold(*children: Child) -> Tag:
    return tag("b", list(children))


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (["  a \n\t b  "], ["a b"]),
        (["a\n\n\nb"], ["a b"]),
        ([" ", bold(" x "), " "], [bold(" x ")]),  # inside a tag at the edge, a space stays
        (["a ", bold("b"), "  c"], ["a ", bold("b"), " c"]),
        ([f"a{NBSP}{NBSP}[1]"], [f"a{NBSP}{NBSP}[1]"]),  # no-break spaces are kept as typed
        ([f"{NBSP}a "], [f"{NBSP}a"]),
        (["zero\u200bwidth \u200b"], ["zero\u200bwidth \u200b"]),  # a zero-width space stays as typed
        (["  ", "  "], []),
        ([], []),
    ],
)
def test_white_space_is_settled_like_reportlab_markup(children: list[Child], expected: list[Child]) -> None:
    assert settled(children) == expected


MARKUP_CASES = [
    ["  Cells\n  grow ", bold(" fast "), "\tand ", tag("i", ["a < b & c"]), "  "],
    [tag("font", ["x  y"], name="Helvetica-Bold"), " then\n\n more"],
    [tag("super", [num(1), ",", num(2)]), " after"],
    [f"Cells{NBSP}[", num(3), "]."],
]


def as_markup(children: list[Child]) -> str:
    """``children`` written as ReportLab markup, escaped: only to compare with ReportLab's own reading."""
    out = []
    for child in children:
        if isinstance(child, str):
            out.append(child.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        else:
            name, attrs, kids = child
            written = "".join(f' {key}="{value}"' for key, value in (attrs or {}).items())
            out.append(f"<{name}{written}>{as_markup(kids)}</{name}>")
    return "".join(out)


@pytest.mark.parametrize("children", MARKUP_CASES)
def test_fragments_are_those_reportlab_reads_from_the_same_markup(children: list[Child]) -> None:
    """The tree goes through ReportLab's own tag handlers: the same fragments as parsed markup."""
    parser = ParaParser()
    parser.caseSensitive = 1
    _, parsed, _ = parser.parse(cleanBlockQuotedText(as_markup(children)), BODY)  # type: ignore[no-untyped-call]

    def seen(frags: list[Any]) -> list[tuple[str, dict[str, object]]]:
        """(text, everything else) per run; markup also splits a run wherever it read an entity."""
        runs: list[tuple[str, dict[str, object]]] = []
        for frag in frags:
            rest = {k: v for k, v in vars(frag).items() if k not in ("text", "cbDefn")}
            if runs and runs[-1][1] == rest and not hasattr(frag, "cbDefn"):
                runs[-1] = (runs[-1][0] + frag.text, rest)
            else:
                runs.append((frag.text, rest))
        return runs

    assert seen(fragments(children, BODY)) == seen(parsed)
    assert plain(settled(children)) == "".join(frag.text for frag in parsed)
