"""Finish a tagged PDF for PDF/UA-1: write the structure tree the Tagger recorded, tie link
annotations to their Link elements and form widgets to their Form elements, and add what the
catalog, pages and XMP metadata need."""

from __future__ import annotations

import io
import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from ..inline import plain_text
from ..model import Handout
from .tagging import Elem, LinkStart, Marked, Tagger

_NULL_MAPPING = re.compile(rb"<[0-9A-Fa-f]+>\s*<(?:0000|FEFF|FFFE)>\s*\n?")


def finish_tagged(data: bytes, tagger: Tagger, handout: Handout) -> bytes:
    """The PDF ``data`` with its structure tree and PDF/UA-1 identification; deterministic."""
    pdf = Pdf.open(io.BytesIO(data))
    writer = _TreeWriter(pdf)
    root_elem = writer.element(tagger.root, None)
    _link_annotations(pdf, tagger, writer)
    _widget_annotations(pdf, tagger, writer)
    tree_root = pdf.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([root_elem]),
            ParentTree=pdf.make_indirect(Dictionary(Nums=writer.parent_tree())),
            ParentTreeNextKey=writer.next_key,
        )
    )
    root_elem.P = tree_root
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = Dictionary(Marked=True, Suspects=False)
    for index, page in enumerate(pdf.pages):
        page.Tabs = Name.S  # tab through links in structure order
        page.StructParents = writer.page_key(index)
    _metadata(pdf, handout)
    _clean_to_unicode(pdf)
    out = io.BytesIO()
    # Object streams keep the many small structure objects compact (a portal attachment stays small).
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


class _TreeWriter:
    """Writes Elem trees as StructElem objects and keeps the parent tree that maps content back."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        self.by_page: dict[int, dict[int, Dictionary]] = {}  # page -> mcid -> element
        self.objects: list[Dictionary] = []  # annotations' parents, after the pages' keys
        self.written: dict[int, Dictionary] = {}  # id(Elem) -> its StructElem

    @property
    def next_key(self) -> int:
        return len(self.pdf.pages) + len(self.objects)

    def page_key(self, index: int) -> int:
        return index

    def element(self, elem: Elem, parent: Dictionary | None) -> Dictionary:
        node = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.role)))
        if parent is not None:
            node.P = parent
        for key, value in elem.attrs.items():
            if key != "Contents":
                node[Name("/" + key)] = String(value)
        kids = Array()
        for kid in elem.kids:
            if isinstance(kid, Marked):
                page = self.pdf.pages[kid.page]
                kids.append(Dictionary(Type=Name.MCR, Pg=page.obj, MCID=kid.mcid))
                self.by_page.setdefault(kid.page, {})[kid.mcid] = node
            else:
                kids.append(self.element(kid, node))
        node.K = kids
        self.written[id(elem)] = node
        return node

    def add_annotation(self, elem: Elem, annotation: pikepdf.Object, page: int) -> None:
        node = self.written[id(elem)]
        node.K.append(Dictionary(Type=Name.OBJR, Pg=self.pdf.pages[page].obj, Obj=annotation))
        annotation.StructParent = self.next_key
        if "Contents" in elem.attrs:  # a link describes itself; a form field has its tooltip (/TU)
            annotation.Contents = String(elem.attrs["Contents"])
        self.objects.append(node)

    def parent_tree(self) -> Array:
        nums = Array()
        for index in range(len(self.pdf.pages)):
            marks = self.by_page.get(index, {})
            nums.append(index)
            nums.append(Array([marks[mcid] for mcid in range(len(marks))]))
        for offset, node in enumerate(self.objects):
            nums.append(len(self.pdf.pages) + offset)
            nums.append(node)
        return nums


def _link_annotations(pdf: Pdf, tagger: Tagger, writer: _TreeWriter) -> None:
    """Give each link annotation to the Link element whose text it covers.

    A link's annotation starts where its text starts, or at the start of a line the link wraps
    onto; so it belongs to the Link that started last at or before its top-left corner.
    """
    for index, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            x0, y0, _, y1 = (float(v) for v in annotation.Rect)
            owner = None
            for elem, start in tagger.link_starts:
                if _at_or_before(start, index, x0, y0, y1):
                    owner = elem
            if owner is not None:
                writer.add_annotation(owner, annotation, index)


def _widget_annotations(pdf: Pdf, tagger: Tagger, writer: _TreeWriter) -> None:
    """Give each form field's widget to the Form element recorded under the field's name."""
    for index, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Widget:
                continue
            owner = tagger.fields.get(str(annotation.get("/T", "")))
            if owner is not None:
                writer.add_annotation(owner, annotation, index)


def _at_or_before(start: LinkStart, page: int, x0: float, y0: float, y1: float) -> bool:
    if start.page != page:
        return start.page < page
    # The rectangle spans one line's height from just below its baseline; a superscript's is
    # raised, so its baseline may sit a little below the rectangle.
    height = y1 - y0
    above = start.y > y1 + 0.5
    same_line = y0 - 0.6 * height <= start.y <= y1 + 0.5 and start.x <= x0 + 1.0
    return above or same_line


def _metadata(pdf: Pdf, handout: Handout) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = plain_text(handout.title)
        meta["dc:language"] = [handout.language]
        meta["pdfuaid:part"] = "1"
    pdf.Root.Metadata.Type = Name.Metadata
    pdf.Root.Metadata.Subtype = Name.XML


def _clean_to_unicode(pdf: Pdf) -> None:
    """Drop ToUnicode entries that map unused subset codes to U+0000 (PDF/UA forbids them)."""
    for font in _fonts(pdf):
        cmap = font.get("/ToUnicode")
        if cmap is None:
            continue
        text = cmap.read_bytes()
        cleaned = _recount(_NULL_MAPPING.sub(b"", text))
        if cleaned != text:
            cmap.write(cleaned)


def _fonts(pdf: Pdf) -> list[pikepdf.Object]:
    seen: dict[tuple[int, int], pikepdf.Object] = {}
    for page in pdf.pages:
        for font in page.Resources.get("/Font", Dictionary()).values():
            seen[font.objgen] = font
    return list(seen.values())


def _recount(cmap: bytes) -> bytes:
    """Fix each 'N beginbfchar' count after entries were removed (and drop empty blocks)."""

    def count(block: re.Match[bytes]) -> bytes:
        entries = re.findall(rb"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", block.group(2))
        if not entries:
            return b""
        return str(len(entries)).encode() + b" beginbfchar\n" + b"\n".join(entries) + b"\nendbfchar"

    return re.sub(rb"(\d+) beginbfchar(.*?)endbfchar", count, cmap, flags=re.S)
