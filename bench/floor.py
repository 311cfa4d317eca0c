"""The floor: a plain, hand-written ReportLab script that builds handouts like handoutkit's default style.

It is what any ReportLab-based tool has to pay at least: read the YAML with PyYAML's C loader, turn
the inline markup into ReportLab markup, lay out the same words in the same layout (title, subtitle,
rule, summary, headings, paragraphs, bullet and numbered lists, a shaded note, numbered references
with superscript citations, header and footer with "Page N of M") with the four Atkinson
Hyperlegible faces embedded. It does no checking, no tagging and no font fallback.

Usage: ``python bench/floor.py OUT_DIR FILE.yaml [FILE.yaml ...]`` builds each file into
``OUT_DIR/NAME.pdf`` serially, in this one process.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

# handoutkit's default style (styles/default.yaml), in points.
SIZE = 13.0
LEADING = SIZE * 1.42
PAGE_W, PAGE_H = 8.5 * inch, 11 * inch
TOP = BOTTOM = 0.85 * inch
LEFT = RIGHT = 1.3 * inch
TEXT, HEADING, MUTED, RULE = (HexColor(c) for c in ("#1a1a1a", "#1f4e79", "#4d4d4d", "#9fb6cd"))
LINK = "#1f4e79"
NOTE = {"info": ("#eef4fa", "#1f4e79"), "warning": ("#fdf1e4", "#b45309")}
PARAGRAPH, SECTION, LIST_ITEM = 0.6 * SIZE, 1.3 * SIZE, 0.3 * SIZE
REF_SIZE, FURNITURE_SIZE = 0.82 * SIZE, 0.75 * SIZE

WORDS = {
    "en": {
        "references": "References",
        "page": "Page {page} of {pages}",
        "reviewed": "Reviewed: {date}",
        "accessed": "Accessed {date}",
        "organization": "Patient Education",
        "contact": "Questions? Call your care team.",
        "in": "In:",
        "edition": "{nth} ed.",
        "note": "Note",
        "warning": "Important",
    },
    "es": {
        "references": "Referencias",
        "page": "Página {page} de {pages}",
        "reviewed": "Revisado: {date}",
        "accessed": "Consultado el {date}",
        "organization": "Educación para pacientes",
        "contact": "¿Preguntas? Llame a su equipo de atención médica.",
        "in": "En:",
        "edition": "{n}.ª ed.",
        "note": "Nota",
        "warning": "Importante",
    },
}
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}

BULLETS = ("\u2022", "\u2013", "\u2022")  # by nesting depth
CITATION = re.compile(r"\s*\[(@[^\]]+)\]([.,]?)")
LINK_MARK = re.compile(r"\[([^\]@][^\]]*)\]\(((?:https?|mailto|tel):[^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"\*(.+?)\*")


def register_fonts() -> None:
    """Register the four Atkinson Hyperlegible faces from their pip package, as one family."""
    import fontpkg_atkinson_hyperlegible as package

    folder = Path(package.__file__).parent / "files"
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        pdfmetrics.registerFont(TTFont(f"Atkinson-{face}", str(folder / f"AtkinsonHyperlegible-{face}.ttf")))
    pdfmetrics.registerFontFamily(
        "Atkinson-Regular",
        normal="Atkinson-Regular",
        bold="Atkinson-Bold",
        italic="Atkinson-Italic",
        boldItalic="Atkinson-BoldItalic",
    )


def make_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the default style, built once per process."""
    body = ParagraphStyle(
        "body",
        fontName="Atkinson-Regular",
        fontSize=SIZE,
        leading=LEADING,
        textColor=TEXT,
        spaceAfter=PARAGRAPH,
        allowWidows=0,
        allowOrphans=0,
    )

    def titled(name: str, scale: float, before: float, after: float) -> ParagraphStyle:
        size = SIZE * scale
        return ParagraphStyle(
            name,
            parent=body,
            fontName="Atkinson-Bold",
            fontSize=size,
            leading=size * 1.2,
            textColor=HEADING,
            keepWithNext=1,
            spaceBefore=before,
            spaceAfter=after,
        )

    def sized(name: str, scale: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, fontSize=SIZE * scale, leading=SIZE * scale * 1.42, **extra)

    return {
        "body": body,
        "title": titled("title", 2.1, 0, SIZE * 2.1 * 0.25),
        "heading": titled("heading", 1.4, SECTION, SIZE * 0.4),
        "subheading": titled("subheading", 1.12, SIZE * 0.6, SIZE * 0.3),
        "subtitle": sized("subtitle", 1.2, textColor=MUTED, spaceAfter=SIZE * 0.8),
        "summary": sized("summary", 1.08),
        "item": ParagraphStyle("item", parent=body, spaceAfter=LIST_ITEM),
        "note_title": ParagraphStyle("note_title", parent=body, fontName="Atkinson-Bold", spaceAfter=SIZE * 0.25),
        "note_body": ParagraphStyle("note_body", parent=body, spaceAfter=0),
        "reference": sized("reference", 0.82, spaceAfter=SIZE * 0.82 * 0.45),
    }


# --- inline markup -------------------------------------------------------------------------------


def texts(handout: dict[str, Any]) -> Iterator[str]:
    """Every inline text of the handout, in reading order (for numbering the citations)."""
    for key in ("title", "subtitle", "summary"):
        if handout.get(key):
            yield handout[key]
    for section in handout["sections"]:
        yield section["heading"]
        for block in section["blocks"]:
            yield from _block_texts(block)


def _block_texts(block: Any) -> Iterator[str]:
    if isinstance(block, str):
        yield block
    elif "note" in block:
        yield block.get("title") or ""
        inside = block["note"]
        for part in [inside] if isinstance(inside, str) else inside:
            yield from _block_texts(part)
    elif "subheading" in block:
        yield block["subheading"]
    elif "figure" in block:
        yield block["figure"].get("caption") or ""
    elif "table" in block:
        table = block["table"]
        yield table.get("caption") or ""
        yield from table["columns"]
        for row in table.get("rows", []):
            yield from (str(cell) for cell in row)
    else:
        for item in block.get("bullets") or block.get("steps") or []:
            yield from _item_texts(item)


def _item_texts(item: Any) -> Iterator[str]:
    if isinstance(item, str):
        yield item
        return
    yield item["text"]
    for sub in item.get("bullets") or item.get("steps") or []:
        yield from _item_texts(sub)


def number_citations(handout: dict[str, Any]) -> dict[str, int]:
    """Reference ids numbered 1..N in the order they are first cited."""
    numbers: dict[str, int] = {}
    for text in texts(handout):
        for found in CITATION.finditer(text):
            for key in _ids(found.group(1)):
                numbers.setdefault(key, len(numbers) + 1)
    return numbers


def _ids(group: str) -> list[str]:
    return [part.strip().lstrip("@") for part in group.split(";") if part.strip()]


def _collapse(numbers: list[int]) -> str:
    """1,2,4-6 (a run of three or more collapses), each number a link to its entry."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts: list[str] = []
    for run in runs:
        if len(run) > 2:
            parts.append(f"{_cite_link(run[0])}-{_cite_link(run[-1])}")
        else:
            parts.extend(_cite_link(n) for n in run)
    return ",".join(parts)


def _cite_link(number: int) -> str:
    return f'<a href="#ref-{number}" color="{LINK}">{number}</a>'


def _target(url: str) -> str:
    """The address printed after a web link's text, as handoutkit prints it for paper."""
    return f" ({url.split('://', 1)[1].rstrip('/')})" if "://" in url else ""


def markup(text: str, numbers: dict[str, int]) -> str:
    """ReportLab markup for handout inline text: escaped, links, superscript citations, bold, italic."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = LINK_MARK.sub(
        lambda m: f'<a href="{m.group(2)}" color="{LINK}" underline="1">{m.group(1)}{_target(m.group(2))}</a>', text
    )

    def cite(found: re.Match[str]) -> str:
        cited = [numbers[key] for key in _ids(found.group(1))]
        return f"{found.group(2)}<super>{_collapse(cited)}</super>"

    text = CITATION.sub(cite, text)
    text = BOLD.sub(r"<b>\1</b>", text)
    return ITALIC.sub(r"<i>\1</i>", text)


# --- blocks --------------------------------------------------------------------------------------


class Builder:
    """Turns one handout (a mapping from the YAML) into flowables."""

    def __init__(self, handout: dict[str, Any], styles: dict[str, ParagraphStyle], folder: Path = Path()) -> None:
        self.folder = folder  # pictures are relative to the handout
        self.handout = handout
        self.styles = styles
        self.numbers = number_citations(handout)
        self.words = WORDS.get(str(handout.get("language", "en"))[:2], WORDS["en"])

    def para(self, text: str, style: str, prefix: str = "") -> Paragraph:
        return Paragraph(prefix + markup(text, self.numbers), self.styles[style])

    def story(self) -> list[Flowable]:
        handout = self.handout
        story: list[Flowable] = [self.para(handout["title"], "title")]
        if handout.get("subtitle"):
            story.append(self.para(handout["subtitle"], "subtitle"))
        story.append(HRFlowable(width="100%", thickness=1.2, color=RULE, spaceBefore=2, spaceAfter=SIZE * 0.8))
        if handout.get("summary"):
            story.append(self.para(handout["summary"], "summary"))
        for section in handout["sections"]:
            story.append(self.para(section["heading"], "heading"))
            for block in section["blocks"]:
                story.extend(self.block(block))
        story.extend(self.references())
        return story

    def block(self, block: Any) -> list[Flowable]:
        if isinstance(block, str):
            return [self.para(block, "body")]
        if "subheading" in block:
            return [self.para(block["subheading"], "subheading")]
        if "note" in block:
            return [self.note(block)]
        if "bullets" in block or "steps" in block:
            return [*self.item_list(block, depth=0), Spacer(0, PARAGRAPH - LIST_ITEM)]
        if "figure" in block:
            return [self.figure(block["figure"])]
        if "table" in block:
            return [self.table(block["table"])]
        return []  # write-in and QR blocks are not in the examples

    def figure(self, spec: dict[str, Any]) -> Flowable:
        """An SVG picture drawn as vectors at its width, with its caption under it, kept together."""
        from svglib.svglib import svg2rlg

        drawing = svg2rlg(str(self.folder / spec["image"]))
        width = (PAGE_W - LEFT - RIGHT) * float(spec.get("width", 1))
        scale = min(width, drawing.width) / drawing.width if "width" not in spec else width / drawing.width
        drawing.scale(scale, scale)
        drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
        parts: list[Flowable] = [drawing]
        if spec.get("caption"):
            parts.append(self.para(spec["caption"], "body"))
        return KeepTogether(parts)

    def table(self, spec: dict[str, Any]) -> Flowable:
        """A caption, a header row and rows of wrapped cells, ruled, the header repeated on each page."""
        header = [self.para(cell, "note_title") for cell in spec["columns"]]
        rows = [[self.para(str(cell), "note_body") for cell in row] for row in spec.get("rows", [])]
        shares = spec.get("widths") or [1] * len(header)
        total = PAGE_W - LEFT - RIGHT
        table = Table([header, *rows], colWidths=[total * share / sum(shares) for share in shares], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), HexColor(NOTE["info"][0])),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        parts: list[Flowable] = [self.para(spec["caption"], "note_title")] if spec.get("caption") else []
        return KeepTogether([*parts, table])

    def item_list(self, block: dict[str, Any], depth: int) -> list[Flowable]:
        """One flowable per item, its bullet or bold number hung to its left; nested lists indent further.

        Separate flowables, not one ListFlowable, so that a heading's keepWithNext holds it to the
        first item, as in handoutkit (ReportLab does not keep a heading with a ListFlowable).
        """
        ordered = "steps" in block
        indent = SIZE * 1.6 * (depth + 1)
        label = Label("", indent - SIZE * (1.3 if ordered else 1.0), "Atkinson-Bold" if ordered else "Atkinson-Regular")
        flowables: list[Flowable] = []
        for number, item in enumerate(block["steps" if ordered else "bullets"], 1):
            text = item if isinstance(item, str) else item["text"]
            mark = f"{number}." if ordered else BULLETS[depth % 3]
            flowables.append(Hanging(self.para(text, "item"), indent, label._replace(text=mark)))
            if isinstance(item, dict) and ("bullets" in item or "steps" in item):
                flowables.extend(self.item_list(item, depth + 1))
        return flowables

    def note(self, block: dict[str, Any]) -> Flowable:
        kind = block.get("kind", "info")
        background, border = NOTE[kind]
        title = block.get("title") or self.words["warning" if kind == "warning" else "note"]
        inside = block["note"]
        cell: list[Flowable] = [self.para(title, "note_title")]
        for part in [inside] if isinstance(inside, str) else inside:  # text, or blocks (paragraphs, lists)
            cell.extend([self.para(part, "note_body")] if isinstance(part, str) else self.block(part))
        pad = SIZE * 0.8
        table = Table([["", cell]], colWidths=[4, PAGE_W - LEFT - RIGHT - 4])
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (0, 0), HexColor(border)),
                    ("BACKGROUND", (1, 0), (1, 0), HexColor(background)),
                    ("LEFTPADDING", (1, 0), (1, 0), pad),
                    ("RIGHTPADDING", (1, 0), (1, 0), pad),
                    ("TOPPADDING", (1, 0), (1, 0), pad * 0.8),
                    ("BOTTOMPADDING", (1, 0), (1, 0), pad * 0.8),
                ]
            )
        )
        table.spaceBefore, table.spaceAfter = PARAGRAPH * 0.5, PARAGRAPH * 1.5
        return KeepTogether([table])

    def references(self) -> list[Flowable]:
        by_id = {ref["id"]: ref for ref in self.handout.get("references") or []}
        cited = [key for key in self.numbers if key in by_id]
        if not cited:
            return []
        entries: list[Flowable] = [
            Hanging(
                self.para(self.reference_text(by_id[key]), "reference", f'<a name="ref-{n}"/>'),
                REF_SIZE * 2,
                Label(f"{n}.", 0, "Atkinson-Regular", REF_SIZE, TEXT),
            )
            for n, key in enumerate(cited, 1)
        ]
        return [Paragraph(self.words["references"], self.styles["heading"]), *entries]

    def reference_text(self, ref: dict[str, Any]) -> str:
        """AMA-like entry text: [editors, eds.] title. [In: container.] [edition] [publisher; year.] Accessed. URL"""
        parts: list[str] = []
        if ref.get("editor"):
            names = ", ".join(f"{e['family']} {_initials(e.get('given', ''))}" for e in ref["editor"])
            parts.append(f"{names}, {'eds' if len(ref['editor']) > 1 else 'ed'}.")
        parts.append(f"{ref['title']}.")
        container = ref.get("container-title")
        if container and ref.get("type") == "chapter":
            parts.append(f"{self.words['in']} *{container}*.")
            if ref.get("edition"):
                parts.append(self.words["edition"].format(nth=_ordinal(int(ref["edition"])), n=ref["edition"]))
            parts.append(f"{ref.get('publisher', '')}; {ref.get('issued', '')}.")
        elif container:
            parts.append(f"{container}.")
            if ref.get("publisher") and ref["publisher"] != container:
                parts.append(f"{ref['publisher']}.")
        if ref.get("accessed"):
            parts.append(self.words["accessed"].format(date=self.date(ref["accessed"])) + ".")
        if ref.get("URL"):
            parts.append(f"[{ref['URL']}]({ref['URL']})")
        return " ".join(parts)

    def date(self, value: Any) -> str:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        language = str(self.handout.get("language", "en"))[:2]
        month = MONTHS.get(language, MONTHS["en"])[day.month - 1]
        return f"{day.day} de {month} de {day.year}" if language == "es" else f"{month} {day.day}, {day.year}"


class Label(NamedTuple):
    """A list item's bullet or number: its text, where it starts, its face, size and colour."""

    text: str
    x: float
    font: str
    size: float = SIZE
    color: Color = HEADING


class Hanging(Flowable):
    """A paragraph indented by ``indent`` with a label hung on its first line (drawn on the first part only)."""

    def __init__(self, paragraph: Paragraph, indent: float, label: Label | None) -> None:
        super().__init__()
        self.paragraph, self.indent, self.label = paragraph, indent, label

    def getSpaceBefore(self) -> float:  # noqa: N802 - ReportLab's name
        return float(self.paragraph.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.paragraph.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's names
        _, self.height = self.paragraph.wrap(availWidth - self.indent, availHeight)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self.paragraph.split(availWidth - self.indent, availHeight)
        if len(parts) != 2:
            return []
        first, rest = parts
        return [Hanging(first, self.indent, self.label), Hanging(rest, self.indent, None)]  # type: ignore[arg-type]

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, self.indent, 0)
        if self.label is not None:
            label, canvas = self.label, self.canv
            canvas.saveState()
            canvas.setFont(label.font, label.size)
            canvas.setFillColor(label.color)
            canvas.drawString(label.x, self.height - self.paragraph.style.fontSize, label.text)
            canvas.restoreState()


def _initials(given: str) -> str:
    return "".join(part[0] for part in given.replace(".", " ").split())


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- pages ---------------------------------------------------------------------------------------


def furniture_canvas(header: tuple[str, str], reviewed: str, page_words: str) -> type[Canvas]:
    """A canvas class that holds pages back until the end, then draws headers and 'Page N of M'."""

    class FurnitureCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._held.append(dict(self.__dict__))
            self._doc.pageCounter += 1  # type: ignore[attr-defined]  # so that link targets name their page
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            self._doc.pageCounter -= len(self._held)  # type: ignore[attr-defined]
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                self._furniture(page_words.format(page=number, pages=len(self._held)))
                Canvas.showPage(self)
            Canvas.save(self)

        def _furniture(self, page_text: str) -> None:
            self.saveState()
            self.setFont("Atkinson-Regular", FURNITURE_SIZE)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            header_y, footer_y = PAGE_H - TOP * 0.55, BOTTOM * 0.45
            for y, rule_y, (left, right) in (
                (header_y, header_y - FURNITURE_SIZE * 0.6, header),
                (footer_y, footer_y + FURNITURE_SIZE * 1.3, (reviewed, page_text)),
            ):
                self.drawString(LEFT, y, left)
                self.drawRightString(PAGE_W - RIGHT, y, right)
                self.line(LEFT, rule_y, PAGE_W - RIGHT, rule_y)
            self.restoreState()

    return FurnitureCanvas


def build(source: Path, out: Path, styles: dict[str, ParagraphStyle]) -> None:
    """Build one handout YAML file into ``out`` (a PDF file)."""
    handout = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    builder = Builder(handout, styles, source.parent)
    words = builder.words
    doc = BaseDocTemplate(
        str(out),
        pagesize=(PAGE_W, PAGE_H),
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=handout["title"],
        author=words["organization"],
        lang=handout.get("language", "en"),
        invariant=1,
        initialFontName="Atkinson-Regular",
    )
    frame = Frame(LEFT, BOTTOM, doc.width, doc.height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    reviewed = words["reviewed"].format(date=builder.date(handout["reviewed"]))
    canvas = furniture_canvas((words["organization"], words["contact"]), reviewed, words["page"])
    doc.build(builder.story(), canvasmaker=canvas)


def main(argv: list[str]) -> int:
    """``floor.py OUT_DIR FILE.yaml [FILE.yaml ...]``: build every file, serially, in this process."""
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    register_fonts()
    styles = make_styles()
    for name in argv[1:]:
        source = Path(name)
        build(source, out / f"{source.stem}.pdf", styles)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
