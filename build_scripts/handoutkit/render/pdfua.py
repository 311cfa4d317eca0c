"""Finish a tagged PDF for PDF/UA-1 inside ReportLab's own document, just before it is written.

It writes the structure tree the Tagger recorded and its parent tree, ties link annotations to
their Link elements and form widgets to their Form elements, and adds what the catalog and the
pages need (the XMP is ``pdfa``'s). Everything goes through ReportLab's PDF objects, so the file is written
once: no second library reads it back and saves it again.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct
from reportlab.pdfbase.pdfdoc import (
    LinkAnnotation,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

from .golinks import GoTo
from .tagging import Elem, LinkStart, Marked, Tagger

# ReportLab's PDFDocument; its type stubs lack Catalog, Pages and a typed Reference.
Doc = Any


class Annotation(Struct, frozen=True):
    """An annotation as the canvas made it (a ReportLab object) and the index of its page."""

    obj: Any  # PDFDictionary (URI links, form widgets), GoTo or LinkAnnotation (links inside the document)
    page: int


def finish_tagged(doc: Doc, tagger: Tagger, annotations: list[Annotation]) -> None:
    """Add the structure tree and what PDF/UA-1 asks of the catalog and pages to ``doc``, whose pages
    are all added (the XMP that identifies the standard is ``pdfa.finish_metadata``'s)."""
    pages = [doc.Reference(page) for page in doc.Pages.pages]
    writer = _TreeWriter(doc, pages)
    root_ref, root = writer.element(tagger.root, None)
    _link_annotations(annotations, tagger, writer)
    _widget_annotations(annotations, tagger, writer)
    tree_root = PDFDictionary(
        {
            "Type": PDFName("StructTreeRoot"),
            "K": PDFArray([root_ref]),
            "ParentTree": doc.Reference(PDFDictionary({"Nums": writer.parent_tree()})),
            "ParentTreeNextKey": writer.next_key,
        }
    )
    root.parent = doc.Reference(tree_root)
    doc.Catalog.StructTreeRoot = tree_root
    doc.Catalog.MarkInfo = PDFDictionary({"Marked": "true", "Suspects": "false"})
    for index, page in enumerate(doc.Pages.pages):
        # ReportLab's page writes only the keys it lists; these two are PDF/UA's.
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = index
        page.Tabs = PDFName("S")  # tab through links in structure order


class _TreeWriter:
    """Writes Elem trees as StructElem objects and keeps the parent tree that maps content back."""

    def __init__(self, doc: Doc, pages: list[PDFObjectReference]) -> None:
        self.doc = doc
        self.pages = pages
        self.by_page: dict[int, dict[int, PDFObjectReference]] = {}  # page -> mcid -> element
        self.objects: list[PDFObjectReference] = []  # annotations' parents, after the pages' keys
        self.written: dict[int, tuple[PDFObjectReference, _StructElem]] = {}  # id(Elem) -> its StructElem

    @property
    def next_key(self) -> int:
        return len(self.pages) + len(self.objects)

    def element(self, elem: Elem, parent: PDFObjectReference | None) -> tuple[PDFObjectReference, _StructElem]:
        node = _StructElem(elem.role, parent, {k: v for k, v in elem.attrs.items() if k != "Contents"})
        node.bbox = elem.bbox
        ref = self.doc.Reference(node)
        marks = [kid.page for kid in elem.kids if isinstance(kid, Marked)]
        one_page = len(set(marks)) == 1
        if one_page:  # content on one page: the element names it, and its marks are bare MCIDs
            node.page = self.pages[marks[0]]
        for kid in elem.kids:
            if isinstance(kid, Marked):
                node.kids.append(kid.mcid if one_page else _Ref("MCR", self.pages[kid.page], f"/MCID {kid.mcid}"))
                self.by_page.setdefault(kid.page, {})[kid.mcid] = ref
            else:
                node.kids.append(self.element(kid, ref)[0])
        self.written[id(elem)] = (ref, node)
        return ref, node

    def add_annotation(self, elem: Elem, annotation: Annotation) -> None:
        ref, node = self.written[id(elem)]
        obj = self.doc.Reference(annotation.obj)
        node.kids.append(_Ref("OBJR", self.pages[annotation.page], obj))
        # A link describes itself; a form field has its tooltip (/TU) already.
        _set(annotation.obj, "StructParent", self.next_key)
        if "Contents" in elem.attrs:
            _set(annotation.obj, "Contents", elem.attrs["Contents"])
        self.objects.append(ref)

    def parent_tree(self) -> PDFArray:
        nums: list[Any] = []
        for index in range(len(self.pages)):
            marks = self.by_page.get(index, {})
            nums += [index, PDFArray([marks[mcid] for mcid in range(len(marks))])]
        for offset, ref in enumerate(self.objects):
            nums += [len(self.pages) + offset, ref]
        return PDFArray(nums)


class _Ref(Struct, frozen=True):
    """A marked-content reference (MCR, with its MCID) or an object reference (OBJR, with its annotation)."""

    kind: str
    page: PDFObjectReference
    target: str | PDFObjectReference

    def format(self, document: Doc) -> bytes:
        target = self.target.encode() if isinstance(self.target, str) else b"/Obj " + self.target.format(document)
        return b"<< /Type /" + self.kind.encode() + b" /Pg " + self.page.format(document) + b" " + target + b" >>"


class _StructElem(PDFObject):
    """A structure element, written straight to bytes: there are hundreds in a handout, and ReportLab's
    general dictionaries cost several times as much to write. (/Type is optional and left out.)"""

    def __init__(self, role: str, parent: PDFObjectReference | None, attrs: dict[str, str]) -> None:
        self.role, self.parent, self.attrs = role, parent, attrs
        self.page: PDFObjectReference | None = None  # the page of all its marked content, when one
        self.bbox: tuple[float, float, float, float] | None = None  # a Figure's, as its /A /Layout /BBox
        self.kids: list[int | PDFObjectReference | _Ref] = []

    def format(self, document: Doc) -> bytes:
        parts = [b"<< /S ", _name(self.role)]
        if self.parent is not None:
            parts += [b" /P ", _reference(self.parent, document)]
        for key, value in self.attrs.items():
            if key == "Scope":  # a table header cell's (TH), in a Table attribute object, as a name
                parts += [b" /A << /O /Table /Scope ", _name(value), b" >>"]
                continue
            parts += [b" ", _name(key), b" ", PDFString(value).format(document)]
        if self.bbox is not None:
            parts += [b" /A << /O /Layout /BBox [", b" ".join(b"%.2f" % value for value in self.bbox), b"] >>"]
        if self.page is not None:
            parts += [b" /Pg ", _reference(self.page, document)]
        kids = [
            b"%d" % kid if isinstance(kid, int) else _reference(kid, document) if type(kid) is PDFObjectReference
            else kid.format(document)
            for kid in self.kids
        ]  # fmt: skip
        parts += [b" /K [ ", b" ".join(kids), b" ] >>"]
        return b"".join(parts)


_NAMES: dict[str, bytes] = {}  # role and key names as written: a handful, each written hundreds of times


def _name(name: str) -> bytes:
    written = _NAMES.get(name)
    if written is None:
        written = _NAMES[name] = bytes(PDFName(name).encode())
    return written


def _reference(ref: PDFObjectReference, document: Doc) -> bytes:
    """``N 0 R`` for a registered object (what ``PDFObjectReference.format`` writes, more directly)."""
    number, generation = document.idToObjectNumberAndVersion[ref.name]
    return b"%d %d R" % (number, generation)


def _set(annotation: Any, key: str, value: int | str) -> None:
    """Set a key on an annotation, whichever kind it is."""
    if isinstance(annotation, GoTo):
        if key == "Contents":
            annotation.contents = str(value)
        else:
            annotation.struct_parent = int(value)
    elif isinstance(annotation, PDFDictionary):
        annotation[key] = PDFString(value) if isinstance(value, str) else value
    elif key == "Contents":  # a LinkAnnotation that was not made a GoTo (one with a border, say)
        annotation.Contents = value
    else:  # LinkAnnotation writes only the keys it permits
        annotation.permitted = (*annotation.permitted, key)
        annotation.otherkw[key] = value


def _link_annotations(annotations: list[Annotation], tagger: Tagger, writer: _TreeWriter) -> None:
    """Give each link annotation to the Link element whose text it covers.

    A link's annotation starts where its text starts, or at the start of a line the link wraps
    onto; so it belongs to the Link that started last at or before its top-left corner: on its
    own page, else the last one started on an earlier page.
    """
    by_page: dict[int, list[tuple[Elem, LinkStart]]] = {}
    for elem, start in tagger.link_starts:  # in drawing order
        by_page.setdefault(start.page, []).append((elem, start))
    last_before: dict[int, Elem | None] = {}  # page -> the last Link started on an earlier page
    latest = None
    for page in range(len(writer.pages)):
        last_before[page] = latest
        latest = by_page[page][-1][0] if page in by_page else latest
    for annotation in annotations:
        if _subtype(annotation.obj) != "Link":
            continue
        x0, y0, _, y1 = _rect(annotation.obj)
        owner = last_before.get(annotation.page)
        for elem, start in by_page.get(annotation.page, ()):
            if _at_or_before(start, annotation.page, x0, y0, y1):
                owner = elem
        if owner is not None:
            writer.add_annotation(owner, annotation)


def _widget_annotations(annotations: list[Annotation], tagger: Tagger, writer: _TreeWriter) -> None:
    """Give each form field's widget to the Form element recorded under the field's name."""
    for annotation in annotations:
        if _subtype(annotation.obj) != "Widget":
            continue
        name = annotation.obj.dict.get("T")
        owner = tagger.fields.get(str(name.s) if isinstance(name, PDFString) else str(name))
        if owner is not None:
            writer.add_annotation(owner, annotation)


def _subtype(annotation: Any) -> str:
    if isinstance(annotation, PDFDictionary):
        return str(annotation.dict.get("Subtype", "")).lstrip("/")  # ReportLab's names are strings: "/Link"
    return "Link" if isinstance(annotation, (GoTo, LinkAnnotation)) else ""


def _rect(annotation: Any) -> tuple[float, ...]:
    if isinstance(annotation, GoTo):
        return annotation.rect
    rect = annotation.dict["Rect"] if isinstance(annotation, PDFDictionary) else annotation.Rect
    values = rect.sequence if isinstance(rect, PDFArray) else rect
    return tuple(float(value) for value in values)


def _at_or_before(start: LinkStart, page: int, x0: float, y0: float, y1: float) -> bool:
    if start.page != page:
        return start.page < page
    # The rectangle spans one line's height from just below its baseline; a superscript's is
    # raised, so its baseline may sit a little below the rectangle.
    height = y1 - y0
    above = start.y > y1 + 0.5
    same_line = y0 - 0.6 * height <= start.y <= y1 + 0.5 and start.x <= x0 + 1.0
    return above or same_line


_NULL_MAPPING = re.compile(r"<[0-9A-Fa-f]+>\s*<(?:0000|FEFF|FFFE)>\s*\n?")


class ToUnicodeCleaner:
    """Mends the ToUnicode CMaps ReportLab writes, once the fonts have made them (ReportLab calls it
    as one of its delayed fonts).

    A character above U+FFFF (CJK Extension B, emoji) is written as UTF-16, a surrogate pair
    (ReportLab writes its code point, ``<1F600>``, which no reader can read). With ``drop_null``
    (tagged PDFs), entries that map the unused codes ReportLab reserves at the start of each subset
    to U+0000 go (PDF/UA forbids them).
    """

    def __init__(self, *, drop_null: bool) -> None:
        self.drop_null = drop_null

    def addObjects(self, doc: Doc) -> None:  # noqa: N802 - ReportLab's name
        from .shaping import CODES  # the codes of shaped glyphs, each with the text it copies as

        for name, obj in list(doc.idToObject.items()):
            if name.startswith("toUnicodeCMap:") and isinstance(obj, PDFStream):
                content = obj.content
                if CODES.texts:
                    content = _shaped_texts(content, name.partition("+")[2], CODES.texts)
                content = _ASTRAL.sub(_as_utf16, content)
                obj.content = _recount(_NULL_MAPPING.sub("", content)) if self.drop_null else content


def _shaped_texts(cmap: str, face: str, texts: dict[tuple[str, int], str]) -> str:
    """The CMap with each shaped glyph's private code replaced by the text it stands for."""

    def text_of(found: re.Match[str]) -> str:
        text = texts.get((face, int(found.group(1), 16)))
        return found.group(0) if text is None else text.encode("utf-16-be").hex().upper()

    return _DESTINATION.sub(text_of, cmap)


_DESTINATION = re.compile(r"(?<=> <)([0-9A-Fa-f]{4})(?=>)")
_ASTRAL = re.compile(r"(?<=> <)([0-9A-Fa-f]{5,6})(?=>)")  # a destination above U+FFFF


def _as_utf16(found: re.Match[str]) -> str:
    return chr(int(found.group(1), 16)).encode("utf-16-be").hex().upper()


def _recount(cmap: str) -> str:
    """Fix each 'N beginbfchar' count after entries were removed (and drop empty blocks)."""

    def count(block: re.Match[str]) -> str:
        entries = re.findall(r"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", block.group(2))
        if not entries:
            return ""
        return f"{len(entries)} beginbfchar\n" + "\n".join(entries) + "\nendbfchar"

    return re.sub(r"(\d+) beginbfchar(.*?)endbfchar", count, cmap, flags=re.S)
