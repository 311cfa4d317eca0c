"""In-document links written straight to bytes: what ReportLab would write, each destination once."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFArray, PDFDocument, PDFPage

from handoutkit.render.golinks import as_goto


class CountedDestination:
    """A destination that counts how often it is written."""

    def __init__(self, written: bytes) -> None:
        self.written, self.times = written, 0

    def format(self, document: Any) -> bytes:
        self.times += 1
        return self.written


def link(**extra: Any) -> LinkAnnotation:
    kw: dict[str, Any] = {
        "Rect": (10, 20.5, 30, 40),
        "Contents": "",
        "Destination": CountedDestination(b"[ 1 0 R /Fit ]"),
    }
    kw["Border"] = PDFArray([0, 0, 0])
    kw.update(extra)
    return LinkAnnotation(**kw)


def test_a_link_from_a_paragraph_becomes_a_goto_that_writes_the_same_keys() -> None:
    made = link()
    goto = as_goto(made, {})
    assert goto is not None
    goto.contents, goto.struct_parent = "Reference (1)", 7
    assert goto.format(PDFDocument()) == (
        b"<< /Type /Annot /Subtype /Link /Border [ 0 0 0 ] /Rect [ 10 20.5 30 40 ] /Dest [ 1 0 R /Fit ]"
        b" /Contents (Reference \\(1\\)) /StructParent 7 >>"
    )
    untagged = as_goto(link(), {})
    assert untagged is not None
    assert b"/Contents" not in untagged.format(PDFDocument()) and b"/StructParent" not in untagged.format(PDFDocument())


def test_each_destination_is_written_once_per_document() -> None:
    written: dict[int, bytes] = {}
    first = link()
    destination = first.Destination
    gotos = [as_goto(first, written), *(as_goto(link(Destination=destination), written) for _ in range(5))]
    document = PDFDocument()
    outputs = {goto.format(document) for goto in gotos if goto is not None}
    assert len(outputs) == 1 and destination.times == 1


def test_other_annotations_are_left_to_reportlab() -> None:
    assert as_goto(link(Border=PDFArray([0, 0, 1])), {}) is None  # a visible border
    assert as_goto(link(C=PDFArray([1, 0, 0])), {}) is None  # a colour
    assert as_goto(link(Contents="said"), {}) is None
    assert as_goto(PDFPage(), {}) is None


def test_a_link_left_to_reportlab_is_still_tied_to_its_link_element() -> None:
    from handoutkit.render import pdfua

    kept = link(Border=PDFArray([0, 0, 1]))
    assert as_goto(kept, {}) is None
    assert pdfua._subtype(kept) == "Link" and pdfua._rect(kept) == (10, 20.5, 30, 40)
    pdfua._set(kept, "StructParent", 4)
    pdfua._set(kept, "Contents", "Reference 2")
    written = kept.format(PDFDocument())
    assert b"/StructParent 4" in written and b"/Contents (Reference 2)" in written
