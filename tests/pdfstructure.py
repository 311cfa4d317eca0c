"""Read a tagged PDF back as a screen reader would: marked content, structure tree, reading order.

Written for handoutkit's output (ReportLab subset fonts: one-byte codes with a ToUnicode map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
# Operators that put marks on the page: text, filled or stroked paths, images and shadings.
PAINTING = TEXT_OPERATORS | {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}


@dataclass
class ContentWalk:
    """Text of each marked-content sequence, and the text shown outside any tag or artifact."""

    marked: dict[tuple[int, int], str] = field(default_factory=dict)  # (page, MCID) -> text
    artifacts: list[str] = field(default_factory=list)
    untagged: list[str] = field(default_factory=list)
    nested_mcids: list[tuple[int, int]] = field(default_factory=list)
    empty: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID) of sequences that paint nothing


def to_unicode_map(font: pikepdf.Object) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return found


def walk_content(pdf: pikepdf.Pdf) -> ContentWalk:
    walk = ContentWalk()
    for index, page in enumerate(pdf.pages):
        fonts = {name: to_unicode_map(font) for name, font in page.Resources.Font.items()}
        stack: list[tuple[str, int | None]] = []
        painted: set[int] = set()  # MCIDs of this page with something painted inside
        font: dict[int, str] = {}
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in PAINTING:
                painted.update(m for _, m in stack if m is not None)
            if name in ("BDC", "BMC"):
                props = operands[1] if name == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                if mcid is not None and any(m is not None for _, m in stack):
                    walk.nested_mcids.append((index, mcid))
                stack.append((str(operands[0]), mcid))
            elif name == "EMC":
                _, closed = stack.pop()
                if closed is not None and closed not in painted:
                    walk.empty.append((index, closed))
            elif name == "Tf":
                font = fonts[str(operands[0])]
            elif name in TEXT_OPERATORS:
                text = _decode(operands, font)
                mcids = [m for _, m in stack if m is not None]
                if mcids:
                    key = (index, mcids[-1])
                    walk.marked[key] = walk.marked.get(key, "") + text
                elif any(tag == "/Artifact" for tag, _ in stack):
                    walk.artifacts.append(text)
                else:
                    walk.untagged.append(text)
            elif name in ("Td", "TD", "T*", "Tm") and stack and stack[-1][1] is not None:
                key = (index, stack[-1][1])
                if walk.marked.get(key) and not walk.marked[key].endswith(" "):
                    walk.marked[key] += " "  # a new line: words on either side are separate
        assert not stack, f"page {index + 1}: marked content left open"
    return walk


def _decode(operands: list[object], font: dict[int, str]) -> str:
    parts: list[str] = []
    for operand in operands:
        items = list(operand) if isinstance(operand, pikepdf.Array) else [operand]
        for item in items:
            if isinstance(item, pikepdf.String):
                parts.append("".join(font.get(byte, "\ufffd") for byte in bytes(item)))
    return "".join(parts)


@dataclass
class Node:
    """A structure element as read back: role, attributes, own text, children."""

    role: str
    attrs: dict[str, str]
    content: list[str | Node]  # own marked-content text and child elements, in order
    pages: set[int]
    annotations: int = 0
    described: list[str] = field(default_factory=list)  # the /Contents of its annotations

    @property
    def kids(self) -> list[Node]:
        return [part for part in self.content if isinstance(part, Node)]

    @property
    def text(self) -> str:
        """The element's own text (not its children's)."""
        return "".join(part for part in self.content if isinstance(part, str))


def structure(pdf: pikepdf.Pdf, walk: ContentWalk) -> Node:
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    tree_root = pdf.Root.StructTreeRoot
    kids = tree_root.K
    return _node(kids[0] if isinstance(kids, pikepdf.Array) else kids, page_index, walk)


def _node(elem: pikepdf.Object, page_index: dict[tuple[int, int], int], walk: ContentWalk) -> Node:
    attrs = {key[1:]: str(elem[key]) for key in ("/Lang", "/T", "/Alt") if key in elem}
    node = Node(str(elem.S)[1:], attrs, [], set())
    kids = elem.get("/K", pikepdf.Array())
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):  # a bare MCID: on the page the element names (/Pg)
            page = page_index[elem.Pg.objgen]
            node.content.append(walk.marked.get((page, kid), ""))
            node.pages.add(page)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            page = page_index[kid.Pg.objgen]
            node.content.append(walk.marked.get((page, int(kid.MCID)), ""))
            node.pages.add(page)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            node.annotations += 1
            node.described.append(str(kid.Obj.get("/Contents", "")))
        else:
            node.content.append(_node(kid, page_index, walk))
    return node


def flatten(node: Node, depth: int = 0) -> list[tuple[int, Node]]:
    found = [(depth, node)]
    for kid in node.kids:
        found.extend(flatten(kid, depth + 1))
    return found


def reading_text(node: Node) -> str:
    """All text in structure order: what a screen reader reads, with no page furniture."""
    parts = [part if isinstance(part, str) else reading_text(part) for part in node.content]
    block = node.role in BLOCK_ROLES
    return (" " if block else "").join(parts) if block else "".join(parts)


def full_text(node: Node) -> str:
    """An element's text with its children's (a paragraph with its links and citations)."""
    return "".join(part if isinstance(part, str) else full_text(part) for part in node.content)


BLOCK_ROLES = {"Document", "Sect", "Div", "L", "LI", "LBody"}
