"""Links and citations in tagged paragraph text: the order ReportLab numbers links in, and the
marked-content operators the tagger puts into a paragraph's text object around them."""

from __future__ import annotations

import io
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.model import Citation, Emphasis, Inlines, Link, Strong, Text
from handoutkit.render.flowables import TextMarks, _Continuation
from handoutkit.render.fonts import font_chain
from handoutkit.render.rltree import fragments
from handoutkit.render.tagging import Elem, InlineLink, LinkEvent, LinkStart, Marked, TagError, Tagger
from handoutkit.render.texttree import InlineTags, to_tree
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

from ..helpers import EXAMPLE

BODY = ParagraphStyle("body", fontSize=12)
SITE = "https://example.org/a"


@cache
def superscript() -> Stylesheet:
    sheet = load_stylesheet("default", Report())
    assert sheet is not None
    return sheet


def tagged(inlines: Inlines, sheet: Stylesheet) -> tuple[Elem, list[InlineLink], list[tuple[int, str]]]:
    """The paragraph's element, its links as the tags record them, and its links as ReportLab numbers them."""
    tagger = Tagger()
    paragraph = tagger.element("P")
    tags = InlineTags(tagger, paragraph, "Reference {number}")
    tree = to_tree(inlines, sheet, font_chain(sheet.body_fonts), tags=tags)
    numbered: list[tuple[int, str]] = []
    for frag in fragments(tree, BODY):
        for link in frag.link:
            if link not in numbered:
                numbered.append(link)
    return paragraph, tags.links, numbered


def cite(*numbers: int) -> Citation:
    return Citation(tuple(f"r{n}" for n in numbers), numbers)


TEXTS = {
    "link then citation": (Text("See "), Link((Text("the site"),), SITE), Text(" now"), cite(1, 3, 4, 5), Text(".")),
    "citation then link": (Text("Cells"), cite(2), Text(" and "), Link((Text("more"),), SITE), Text(".")),
    "inside emphasis": (Strong((Text("Read "), Link((Emphasis((Text("this"),)),), SITE), cite(1, 2))),),
    "two citations merge": (Text("One"), cite(1), Text(" "), cite(3), Text(".")),
}


@pytest.mark.parametrize("citations", ["superscript", "brackets"])
@pytest.mark.parametrize("name", TEXTS)
def test_links_are_recorded_in_the_order_reportlab_numbers_them(name: str, citations: str) -> None:
    sheet = replace(superscript(), citations=citations)
    _, links, numbered = tagged(TEXTS[name], sheet)
    assert numbered == list(enumerate(link.href for link in links))
    assert len(links) >= 2


def test_a_citations_reference_opens_with_its_first_link_and_closes_with_its_last() -> None:
    paragraph, links, _ = tagged(TEXTS["link then citation"], superscript())
    site, one, three, five = links
    assert (site.href, site.opens, site.closes) == (SITE, (), ())
    assert site.elem.attrs == {"Contents": f"the site ({SITE})"} and site.elem.parent is paragraph
    assert [link.href for link in (one, three, five)] == ["#ref-1", "#ref-3", "#ref-5"]
    reference = one.elem.parent
    assert reference is not None and reference.role == "Reference" and reference.parent is paragraph
    assert (one.opens, one.closes) == ((reference,), ())
    assert (three.opens, three.closes) == ((), ())
    assert (five.opens, five.closes) == ((), (reference,))
    assert five.elem.attrs == {"Contents": "Reference 5"}
    _, (alone,), _ = tagged((Text("Cells"), cite(2)), superscript())
    assert alone.opens == alone.closes == (alone.elem.parent,)


def citation_text() -> tuple[Tagger, Elem, Elem, Elem, Elem, list[LinkEvent]]:
    """A paragraph's text object: "cells." then citation 1,3 (two links in a Reference), as
    ReportLab reports the links (a start after the link's first text, an end before what follows)."""
    tagger = Tagger()
    paragraph = tagger.element("P")
    reference = tagger.element("Reference", paragraph)
    first, last = tagger.element("Link", reference), tagger.element("Link", reference)
    one = InlineLink(first, "#ref-1", opens=(reference,))
    three = InlineLink(last, "#ref-3", closes=(reference,))
    events = [
        LinkEvent(4, one, (10.0, 20.0)),
        LinkEvent(5, one),
        LinkEvent(7, three, (30.0, 20.0)),
        LinkEvent(8, three),
    ]
    return tagger, paragraph, reference, first, last, events


CODE = ["BT", "1 0 0 1 0 0 Tm", "(cells.) Tj", "0 0 1 rg", "(1) Tj", "0 0 0 rg", "(,) Tj", "(3) Tj", "(  ) Tj T*"]


def test_a_sequence_opens_just_before_the_first_text_of_its_element() -> None:
    tagger, paragraph, reference, first, last, events = citation_text()
    code = list(CODE)
    assert tagger.tag_text(code, [paragraph], events, 2) == [paragraph]
    assert code == [
        "BT",
        "1 0 0 1 0 0 Tm",
        "/P <</MCID 0>> BDC",
        "(cells.) Tj",
        "0 0 1 rg",
        "EMC",
        "/Link <</MCID 1>> BDC",  # the Reference and its first Link open at once
        "(1) Tj",
        "0 0 0 rg",
        "EMC",
        "/Reference <</MCID 2>> BDC",  # its own content: the comma between its Links
        "(,) Tj",
        "EMC",
        "/Link <</MCID 3>> BDC",
        "(3) Tj",
        "EMC",
        "/P <</MCID 4>> BDC",
        "(  ) Tj T*",
        "EMC",
    ]
    assert paragraph.kids == [Marked(2, 0), reference, Marked(2, 4)]
    assert reference.kids == [first, Marked(2, 2), last]
    assert first.kids == [Marked(2, 1)] and last.kids == [Marked(2, 3)]
    assert tagger.link_starts == [(first, LinkStart(2, 10.0, 20.0)), (last, LinkStart(2, 30.0, 20.0))]


def test_text_that_ends_with_a_link_opens_nothing_after_it() -> None:
    tagger, paragraph, _, _, _, events = citation_text()
    code = CODE[:-1]  # the paragraph ends with the citation: no empty sequence of its own after it
    tagger.tag_text(code, [paragraph], events, 0)
    assert code[-3:] == ["/Link <</MCID 3>> BDC", "(3) Tj", "EMC"]
    assert sum(entry.endswith("BDC") for entry in code) == 4


def test_a_split_paragraph_continues_inside_what_was_open() -> None:
    """The part on the next page starts inside the Reference: its first text is the Reference's,
    and a start of a Link already open (a link that wraps onto the page) opens it only once."""
    tagger, paragraph, reference, _, last, events = citation_text()
    code = ["BT", "(,) Tj", "(3) Tj", "(4) Tj", "(.) Tj"]
    three = events[2].link
    moved = [LinkEvent(2, three, (5.0, 700.0)), LinkEvent(3, three, (5.0, 690.0)), LinkEvent(4, three)]
    assert tagger.tag_text(code, [paragraph, reference], moved, 1) == [paragraph]
    roles = [entry.split()[0] for entry in code if entry.endswith("BDC")]
    assert roles == ["/Reference", "/Link", "/P"]
    assert last.kids == [Marked(1, 1)]


def test_a_link_reportlab_numbers_differently_is_an_error() -> None:
    tagger, paragraph, _, _, _, events = citation_text()
    marks = TextMarks(tagger, _Continuation(), [paragraph], (events[0].link, events[2].link), 0)
    canvas = Canvas("unused.pdf")
    marks.start(3, (1, "#ref-3"), canvas, 0.0, 0.0)
    assert marks.events[-1].link is events[2].link
    with pytest.raises(TagError, match="link 1 of a paragraph is '#ref-4' to ReportLab but '#ref-3' to its tags"):
        marks.start(3, (1, "#ref-4"), canvas, 0.0, 0.0)


def test_tags_that_lose_step_with_reportlab_fail_the_handout_with_a_way_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug of ours, not the content's: the handout fails with a message (and no PDF), the others build."""
    real = InlineTags.link
    monkeypatch.setattr(InlineTags, "link", lambda self, href, *a, **k: real(self, href + "-wrong", *a, **k))
    out = io.StringIO()
    err = io.StringIO()
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--no-pdf-ua"], out=out, err=err) == 0
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "tagged")], out=out, err=err) == 1
    assert f"{EXAMPLE}: error: cannot tag the PDF (link 0 of a paragraph is " in err.getvalue()
    assert "build it with --no-pdf-ua, and report this" in err.getvalue()
    assert not (tmp_path / "tagged" / f"{EXAMPLE.stem}.pdf").exists()
