"""Write a ReportLab document with its small objects packed into compressed object streams.

A tagged handout has hundreds of small objects (structure elements, link annotations); written
one by one, as ReportLab writes them, they and their cross-reference table make up about 40% of
the file. PDF 1.5 lets them go into compressed object streams, indexed by a cross-reference
stream, which roughly halves a handout. Streams (page content, fonts, images) stay as they are.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import format as pdf_format

# ReportLab's PDF document; its type stubs do not describe the attributes used here.
Doc = Any

_PACKED_PER_STREAM = 200  # objects in one object stream: small enough to read quickly, large to compress well
_MARK = b"%\x93\x8c\x8b\x9e ReportLab Generated PDF document (opensource)\n"  # binary bytes, as ReportLab writes


def compact_pdf(doc: Doc) -> bytes:
    """The bytes ``doc.format()`` would give, with non-stream objects in object streams.

    Follows ``PDFDocument.format``: the catalog and info are registered first, and objects are
    formatted in number order, since formatting one may register more.
    """
    doc.encrypt.prepare(doc)
    if doc.encrypt.info():
        raise ValueError("compact_pdf writes no encrypted documents")  # pragma: no cover - we never encrypt
    root, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
    bodies: list[bytes] = []  # body of object number n at index n - 1
    while len(bodies) + 1 in doc.numberToId:
        number = len(bodies) + 1
        doc.encrypt.register(number, 0)
        body = _end_of_line(pdf_format(doc.idToObject[doc.numberToId[number]], doc, toplevel=1))
        bodies.append(body if body.endswith(b"\n") else body + b"\n")
    is_stream = [body.rstrip().endswith(b"endstream") for body in bodies]
    packed = [number for number, stream in enumerate(is_stream, 1) if not stream]
    groups = [packed[i : i + _PACKED_PER_STREAM] for i in range(0, len(packed), _PACKED_PER_STREAM)]

    major, minor = max(tuple(doc._pdfVersion), (1, 5))  # object streams came with PDF 1.5
    out = bytearray(b"%%PDF-%d.%d\n" % (major, minor) + _MARK)
    offsets: dict[int, int] = {}  # object number -> offset, for objects written on their own
    where: dict[int, tuple[int, int]] = {}  # object number -> (its object stream's number, index)
    for number, stream in enumerate(is_stream, 1):
        if stream:
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + bodies[number - 1] + b"endobj\n"
    next_number = len(bodies) + 1
    for group in groups:
        offsets[next_number] = len(out)
        out += _object_stream(next_number, [(number, bodies[number - 1]) for number in group])
        for index, number in enumerate(group):
            where[number] = (next_number, index)
        next_number += 1
    xref_number = next_number
    offsets[xref_number] = len(out)
    out += _xref_stream(xref_number, offsets, where, root.format(doc), info.format(doc), _file_id(doc))
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


_STREAM_LENGTH = re.compile(rb"/Length (\d+)")
END_STREAM = b"\r\nendstream\n"  # see _end_of_line


def _end_of_line(body: bytes) -> bytes:
    """A stream object's body with an end-of-line between its data and ``endstream``.

    ReportLab writes the keyword right after the data; PDF/A asks for the end-of-line, which
    ``/Length`` does not count. It is CR LF: after data that ends with a CR byte, a bare LF would
    read as one CR LF end-of-line, one byte short of ``/Length``.
    """
    if not body.endswith(b"endstream\n"):
        return body
    start = body.find(b"\nstream\n") + len(b"\nstream\n")
    length = _STREAM_LENGTH.search(body, 0, start)
    if length is None or start + int(length.group(1)) != len(body) - len(b"endstream\n"):
        return body  # written some other way
    return body[: -len(b"endstream\n")] + END_STREAM


def _object_stream(number: int, objects: list[tuple[int, bytes]]) -> bytes:
    """An /ObjStm holding ``objects`` (number, body): an index of numbers and offsets, then the bodies."""
    index, data, offset = [], bytearray(), 0
    for object_number, body in objects:
        index.append(b"%d %d" % (object_number, offset))
        data += body
        offset += len(body)
    head = b" ".join(index) + b"\n"
    content = zlib.compress(head + bytes(data), 6)  # level 9 is 3 times slower for 3% less
    dictionary = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
        len(objects),
        len(head),
        len(content),
    )
    return b"%d 0 obj\n" % number + dictionary + b"\nstream\n" + content + END_STREAM + b"endobj\n"


def _xref_stream(
    number: int, offsets: dict[int, int], where: dict[int, tuple[int, int]], root: bytes, info: bytes, file_id: bytes
) -> bytes:
    """The cross-reference stream: for each object, its offset (type 1) or its place in an object
    stream (type 2); it replaces the xref table and the trailer."""
    size = number + 1
    rows = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")  # object 0: the head of the free list
    for n in range(1, size):
        if n in offsets:
            rows += b"\x01" + offsets[n].to_bytes(4, "big") + b"\x00\x00"
        else:
            stream, index = where[n]
            rows += b"\x02" + stream.to_bytes(4, "big") + index.to_bytes(2, "big")
    content = zlib.compress(bytes(rows), 6)
    dictionary = b"<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %s /Info %s /ID %s /Filter /FlateDecode /Length %d >>" % (
        size,
        root,
        info,
        file_id,
        len(content),
    )
    return b"%d 0 obj\n" % number + dictionary + b"\nstream\n" + content + END_STREAM + b"endobj\n"


def _file_id(doc: Doc) -> bytes:
    """The file identifier array ReportLab computes (``[<...><...>]``), without its comment."""
    found = re.search(rb"\[[^\]]*\]", doc.ID())
    assert found is not None
    return found.group(0)
