"""In-document links (a citation number to its reference), written straight to bytes.

ReportLab's paragraphs make a ``LinkAnnotation`` for each, which it writes through its general
dictionary code and which formats its destination again for every link to it: about 55 µs a link,
the largest single cost of writing a handout. A ``GoTo`` keeps what the link needs and writes each
destination's array once per document.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFArray, PDFObject, PDFString

# ReportLab's PDFDocument and Destination; their type stubs lack what is used here.
Doc = Any


class GoTo(PDFObject):
    """A link annotation to a destination in the same document, with no border."""

    def __init__(self, rect: tuple[float, float, float, float], destination: Any, written: dict[int, bytes]) -> None:
        self.rect = rect
        self.destination = destination  # ReportLab's Destination, bound to its page when the text is drawn
        self.contents = ""  # what the link says (PDF/UA asks for it)
        self.struct_parent: int | None = None  # its key in the structure parent tree, when tagged
        self.flags = 0  # its /F (4: printed, as PDF/A asks)
        self._written = written  # destination arrays already written, shared by a document's links

    def format(self, document: Doc) -> bytes:
        key = id(self.destination)
        dest = self._written.get(key)
        if dest is None:
            dest = self._written[key] = bytes(self.destination.format(document))
        parts = [b"<< /Type /Annot /Subtype /Link /Border [ 0 0 0 ] /Rect [ ", fp_str(*self.rect).encode()]
        parts += [b" ] /Dest ", dest]
        if self.contents:
            parts += [b" /Contents ", bytes(PDFString(self.contents).format(document))]
        if self.struct_parent is not None:
            parts.append(b" /StructParent %d" % self.struct_parent)
        if self.flags:
            parts.append(b" /F %d" % self.flags)
        parts.append(b" >>")
        return b"".join(parts)


def as_goto(annotation: Any, written: dict[int, bytes]) -> GoTo | None:
    """The ``GoTo`` for a link as ReportLab's paragraphs make it (no border, colour or other keys);
    None for any other annotation, which is written as ReportLab writes it."""
    if type(annotation) is not LinkAnnotation or annotation.otherkw or annotation.Contents:
        return None
    border = annotation.Border
    if not isinstance(border, PDFArray) or list(border.sequence) != [0, 0, 0]:
        return None
    return GoTo(tuple(annotation.Rect), annotation.Destination, written)
