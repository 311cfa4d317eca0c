"""Figures: pictures (PNG, JPEG or SVG) with their captions, alone or side by side in rows.

Size. A picture's natural size is its pixels at 96 per inch (the CSS pixel, which is also what an
SVG's ``px`` means); the DPI a file says it has is not used, since phones write 72, scanners 300
and screenshots 96 or 144 whatever the picture shows. An SVG's natural size is its ``width`` and
``height`` (or its ``viewBox``) as svglib reads them, in points. A picture is at most as wide as
the column (in a row, as its cell); ``Figure.width`` is a fraction of the column (of the cell, in a
row) and scales it, keeping its shape. A very tall picture is made smaller, so that it and its
caption fit on a page with room to spare (``PAGE_RESERVE``); in a short frame (large type, large
margins), the room to spare shrinks first, so that the picture keeps at least ``MIN_PICTURE`` of the
frame and picture and caption always fit in the frame. A caption too tall for that (a long one in a
tiny frame) is set after its picture instead, free to run on to the next page.

Pixels. A raster picture is embedded with at most ``MAX_DPI`` pixels per inch of its printed
size: a larger one is downsampled with Pillow (LANCZOS), so that a 12-megapixel phone photo
makes a small file. A JPEG is embedded as a JPEG again (quality ``JPEG_QUALITY``), a PNG
losslessly (ReportLab compresses its pixels with Flate). Every picture is decoded and encoded
again, even one already small enough: that turns it upright (the EXIF orientation of a phone
photo), converts an embedded colour profile to sRGB, and leaves out the file's metadata (a
photo's EXIF may say where it was taken). A picture with transparency is flattened onto white:
the page is white, and PDF/A, which comes later, forbids some transparency. Encoding is
deterministic, so a rebuild makes the same bytes.

Tags. A picture is a Figure element with its alternative text (/Alt) and its bounding box on the
page (/A << /O /Layout /BBox [...] >>); a picture with a caption is a Div of the Figure and a
Caption, in that order, so the caption is read right after the picture. A decorative picture is an
artifact (a caption under it is a P). A row is a Div of its pictures, read row by row, left to
right; each row moves to the next page whole, and so does a single figure with its caption (but
for a caption that leaves its picture too little of the frame, as above).
"""

from __future__ import annotations

import io
import math
import os
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

from msgspec import Struct
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..colour import to_srgb
from ..inline import plain_text
from ..model import Figure, FigureRow, Inlines
from ..style.images import FIGURE_PIXELS
from ..style.sheet import Stylesheet
from .flowables import TaggedParagraph, page_of, tagger_of
from .fonts import Faces, FontChain
from .styles import ParagraphStyles
from .tagging import Elem

if TYPE_CHECKING:
    from PIL.Image import Image
    from reportlab.graphics.shapes import Drawing

MAX_DPI = 300  # pixels per inch of the printed size, at most: more than print or any screen shows
NATURAL_DPI = 96  # a raster picture's pixels per inch at its natural size (the CSS pixel)
JPEG_QUALITY = 85  # no visible loss in a photo, a quarter of the bytes of quality 95
# A picture and its caption fit in the frame less this many lines, so that a figure still fits on
# a page whose foot the layout raises to carry lines to a short last page (document.py).
PAGE_RESERVE = 8
_FUZZ = 1e-6  # points: ReportLab's tolerance in a frame
MIN_PICTURE = 0.5  # of the frame's height: a tall picture keeps this much before the room to spare does
MAX_PER_ROW = 4  # pictures side by side in a row, at most
MIN_CELL = 10.0  # ems of body text a row's cell is wide, at least (a caption's line of about 20 characters)


class Context(Protocol):
    """What figures need of the renderer's block context (``blocks._Context``)."""

    @property
    def sheet(self) -> Stylesheet: ...
    @property
    def styles(self) -> ParagraphStyles: ...
    @property
    def body(self) -> FontChain: ...
    def elem(self, role: str, parent: Elem | None = None, **attrs: str) -> Elem | None: ...
    def text(self, inlines: Inlines, style: ParagraphStyle, elem: Elem | None) -> TaggedParagraph: ...


# --- the flowables ------------------------------------------------------------------------------


def figure(block: Figure, ctx: Context, parent: Elem | None) -> Flowable:
    """One picture with its caption under it: one flowable, kept on one page."""
    row = _row([_cell(block, ctx, parent)], ctx, columns=1)
    row.spaceBefore, row.spaceAfter = _space(ctx)
    return row


def figure_row(block: FigureRow, ctx: Context, parent: Elem | None) -> list[Flowable]:
    """Pictures side by side in equal cells, each with its caption; as many rows as they need.

    A row holds up to ``MAX_PER_ROW`` pictures, fewer when the column is narrow (a cell is at least
    ``MIN_CELL`` ems wide), and the rows are balanced (five pictures make rows of three and two).
    """
    if not block.figures:
        return []
    div = ctx.elem("Div", parent)
    column = ctx.sheet.page.width - ctx.sheet.page.left - ctx.sheet.page.right
    gap = _gap(ctx)
    fits = max(1, int((column + gap) // (MIN_CELL * ctx.sheet.sizes.body + gap)))
    most = min(len(block.figures), MAX_PER_ROW, fits)
    per_row = math.ceil(len(block.figures) / math.ceil(len(block.figures) / most))
    cells = [_cell(picture, ctx, div) for picture in block.figures]
    starts = range(0, len(cells), per_row)
    rows: list[Flowable] = [_row(cells[at : at + per_row], ctx, columns=per_row) for at in starts]
    before, after = _space(ctx)
    rows[0].spaceBefore, rows[-1].spaceAfter = before, after
    for row in rows[1:]:
        row.spaceBefore = after  # a row's captions are set off from the next row's pictures as from text
    return rows


class _Cell(Struct):
    """One picture of a row, its caption and its Figure element (None: decorative, or untagged)."""

    picture: Raster | Vector
    fraction: float | None  # of the cell's width; None: its natural size, at most the cell
    caption: TaggedParagraph | None
    elem: Elem | None
    decorative: bool
    size: tuple[float, float] = (0.0, 0.0)  # as drawn, set by the row's wrap
    caption_height: float = 0.0


def _cell(block: Figure, ctx: Context, parent: Elem | None) -> _Cell:
    """The picture of ``block`` with its elements: a Div of Figure and Caption, a Figure alone, or
    (decorative) no Figure and a caption that is a P. Without alternative text, the caption's text
    stands for it; with neither, the picture is decorative (validation asks for one or the other)."""
    alt = block.alt or (plain_text(block.caption) if block.caption else "")
    decorative = block.decorative or not alt
    picture = _picture(block, ctx.body.primary)
    caption_style = _caption_style(ctx.styles.body)
    if decorative:
        caption = ctx.text(block.caption, caption_style, ctx.elem("P", parent)) if block.caption else None
        return _Cell(picture, block.width, caption, None, True)
    holder = ctx.elem("Div", parent) if block.caption else parent
    elem = ctx.elem("Figure", holder, Alt=alt)
    caption = ctx.text(block.caption, caption_style, ctx.elem("Caption", holder)) if block.caption else None
    return _Cell(picture, block.width, caption, elem, False)


def _row(cells: list[_Cell], ctx: Context, *, columns: int) -> PictureRow:
    sheet = ctx.sheet
    return PictureRow(
        cells,
        columns=columns,
        gap=_gap(ctx),
        caption_gap=sheet.sizes.body * 0.4,
        frame=sheet.page.height - sheet.page.top - sheet.page.bottom,
        reserve=PAGE_RESERVE * sheet.sizes.leading,
    )


def _gap(ctx: Context) -> float:
    return ctx.sheet.sizes.body * 1.2


def _space(ctx: Context) -> tuple[float, float]:
    """Space before and after a figure: as around the other set-off blocks (notes, QR codes)."""
    return ctx.sheet.spacing.paragraph * 0.5, ctx.sheet.spacing.paragraph * 1.5


@cache
def _caption_style(body: ParagraphStyle) -> ParagraphStyle:
    """Captions are set as body text, flush left: as large as the text the checks hold to their size."""
    return ParagraphStyle("caption", parent=body, spaceBefore=0, spaceAfter=0)


class PictureRow(Flowable):
    """Pictures in ``columns`` equal cells, standing on one line, each caption under its picture.

    It moves to the next page whole, and is split only when it cannot fit a whole frame: its
    captions leave the pictures less than ``MIN_PICTURE`` of the ``frame`` (the page's text area).
    Then the pictures stand alone and the captions follow them, each a paragraph that may split.
    Its pictures are drawn in reading order, each followed by its caption, so the structure tree
    reads a picture and then its caption. ``reserve`` is the room the pictures and captions leave
    in the frame when they can (for the last-page re-layout, document.py).
    """

    def __init__(
        self, cells: list[_Cell], *, columns: int, gap: float, caption_gap: float, frame: float, reserve: float
    ) -> None:
        super().__init__()
        self.cells, self.columns, self.gap, self.caption_gap = cells, columns, gap, caption_gap
        self.frame, self.reserve = frame, reserve
        self.cell_width = 0.0
        self.pictures_height = self.captions_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        cell = self.cell_width = (availWidth - self.gap * (self.columns - 1)) / self.columns
        for item in self.cells:
            item.caption_height = item.caption.wrap(cell, 1e6)[1] if item.caption is not None else 0.0
        captions = max(item.caption_height for item in self.cells)
        self.captions_height = captions + self.caption_gap if captions else 0.0
        room = self._room(self.captions_height)
        if room is None:  # the captions leave too little: the pictures alone here, the captions after (split)
            room = self._room(0.0) or self.frame
        for item in self.cells:
            width, height = item.picture.natural
            wanted = cell * item.fraction if item.fraction is not None else min(width, cell)
            scale = min(wanted / width, room / height)
            item.size = (width * scale, height * scale)
        self.pictures_height = max(item.size[1] for item in self.cells)
        self.width, self.height = availWidth, self.pictures_height + self.captions_height
        return self.width, self.height

    def _room(self, captions: float) -> float | None:
        """The pictures' height at most, under ``captions``: the frame less the captions and as much
        of the reserve as leaves the pictures ``MIN_PICTURE`` of the frame; None when the captions
        alone leave less than that."""
        least = self.frame * MIN_PICTURE
        left = self.frame - captions
        if left < least:
            return None
        return max(left - self.reserve, least)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        if not bool(getattr(getattr(self, "_frame", None), "_atTop", False)):
            if self._room(self.captions_height) is not None or self.pictures_height > availHeight:
                return []  # it fits a whole frame, or its pictures do: the next one
            return self._parted()
        if availHeight < self.frame - _FUZZ:  # a frame the last-page re-layout raised: laid out for it
            row = self._with(self.cells, frame=availHeight, reserve=0.0)
            row.wrap(availWidth, availHeight)
            return [row] if row.height <= availHeight + _FUZZ else row._parted()
        return self._parted()

    def _with(self, cells: list[_Cell], *, frame: float, reserve: float) -> PictureRow:
        row = PictureRow(
            cells, columns=self.columns, gap=self.gap, caption_gap=self.caption_gap, frame=frame, reserve=reserve
        )
        row.spaceBefore, row.spaceAfter = self.spaceBefore, self.spaceAfter
        return row

    def _parted(self) -> list[Flowable]:
        """The pictures alone, then their captions, each a paragraph that may split."""
        bare = [_Cell(item.picture, item.fraction, None, item.elem, item.decorative) for item in self.cells]
        pictures = self._with(bare, frame=self.frame, reserve=self.reserve)
        captions: list[Flowable] = [item.caption for item in self.cells if item.caption is not None]
        if not captions:  # pragma: no cover - pictures alone always fit their frame
            return []
        pictures.spaceAfter = 0.0
        captions[0].spaceBefore = self.caption_gap
        captions[-1].spaceAfter = self.spaceAfter
        return [pictures, *captions]

    def inside(self) -> list[Flowable]:
        """The captions it draws (for ``body_lines``)."""
        return [item.caption for item in self.cells if item.caption is not None]

    def draw(self) -> None:
        canvas = self.canv
        for index, item in enumerate(self.cells):
            x = index * (self.cell_width + self.gap)
            _draw_picture(canvas, item, x, self.captions_height)
            if item.caption is not None:
                top = self.captions_height - self.caption_gap
                item.caption.drawOn(canvas, x, top - item.caption_height)


def _draw_picture(canvas: Canvas, cell: _Cell, x: float, y: float) -> None:
    """The picture with its lower left corner at (x, y): in its Figure, with its bounding box, or an artifact."""
    width, height = cell.size
    tagger = tagger_of(canvas)
    if tagger is None:
        _draw(canvas, cell.picture, x, y, width, height)
    elif cell.elem is None:
        with tagger.artifact(canvas.addLiteral):
            _draw(canvas, cell.picture, x, y, width, height)
    else:
        box = canvas._absRect((x, y, x + width, y + height), 1)  # type: ignore[attr-defined]  # not in the stubs
        cell.elem.bbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
        with tagger.marked(canvas.addLiteral, cell.elem, page_of(canvas)):
            _draw(canvas, cell.picture, x, y, width, height)


def _draw(canvas: Canvas, picture: Raster | Vector, x: float, y: float, width: float, height: float) -> None:
    if isinstance(picture, Raster):
        data = embedded(picture, target_pixels(picture.pixels, width, height))
        canvas.drawImage(ImageReader(io.BytesIO(data)), x, y, width, height)
        return
    from reportlab.graphics import renderPDF

    drawing = _drawing(picture)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width / drawing.width, height / drawing.height)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.restoreState()


# --- the pictures -------------------------------------------------------------------------------


class Raster(Struct, frozen=True):
    """A PNG or JPEG file: its pixels as shown (turned upright), and what says it has not changed."""

    path: str
    kind: Literal["png", "jpeg"]
    pixels: tuple[int, int]
    stamp: tuple[int, int]  # modification time and size: a file changed in a long process is read again

    @property
    def natural(self) -> tuple[float, float]:
        return (self.pixels[0] * 72 / NATURAL_DPI, self.pixels[1] * 72 / NATURAL_DPI)


class Vector(Struct, frozen=True):
    """An SVG file, drawn as ReportLab shapes; its text is set in ``faces`` (the body font)."""

    path: str
    stamp: tuple[int, int]
    faces: Faces

    @property
    def natural(self) -> tuple[float, float]:
        drawing = _drawing(self)
        return (float(drawing.width), float(drawing.height))


def _picture(block: Figure, faces: Faces) -> Raster | Vector:
    try:
        status = os.stat(block.image)
    except OSError as exc:
        raise _error(block.image, f"cannot be read ({exc.strerror or exc})") from exc
    stamp = (status.st_mtime_ns, status.st_size)
    if block.kind == "svg":
        vector = Vector(block.image, stamp, faces)
        vector.natural  # noqa: B018 - reads it now, so that a bad file fails here
        return vector
    return Raster(block.image, block.kind, _shown_pixels(block.image), stamp)


# EXIF orientations that turn a picture a quarter round, so that its width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}
_ORIENTATION = 0x0112


def _shown_pixels(path: str) -> tuple[int, int]:
    """Width and height in pixels, upright, from the header: nothing is decoded here."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            turned = image.getexif().get(_ORIENTATION, 1) in _QUARTER_TURNS
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise _error(path, f"cannot be read as an image ({exc})") from exc
    if width * height > FIGURE_PIXELS:  # validation refuses these; this is its second line
        raise _error(path, f"is {width} \u00d7 {height} pixels, more than a figure may have")
    return (height, width) if turned else (width, height)


def target_pixels(pixels: tuple[int, int], width: float, height: float) -> tuple[int, int]:
    """The pixels to embed for a picture printed ``width`` by ``height`` points: its own, or fewer,
    so that there are at most MAX_DPI to the inch (never more than it has)."""
    scale = min(1.0, width * MAX_DPI / 72 / pixels[0], height * MAX_DPI / 72 / pixels[1])
    if scale >= 1.0:
        return pixels
    return (max(1, math.floor(pixels[0] * scale)), max(1, math.floor(pixels[1] * scale)))


@lru_cache(maxsize=16)  # a layout may be tried a few times (document.py); each decodes the file once
def embedded(raster: Raster, target: tuple[int, int]) -> bytes:
    """The file's picture upright, in sRGB, on white, ``target`` pixels large, encoded again: a
    JPEG as JPEG, a PNG as PNG (which ReportLab decodes and compresses losslessly)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(raster.path) as source:
            if raster.kind == "jpeg":  # decode at a fraction of the size (a power of two) when that is enough
                source.draft(None, _stored(source, target))
            picture = ImageOps.exif_transpose(source)
            picture = _on_white(to_srgb(picture))
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise _error(raster.path, f"cannot be read as an image ({exc})") from exc
    if picture.size != target:
        picture = picture.resize(target, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if raster.kind == "jpeg":
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        picture.save(out, "PNG", compress_level=1)  # ReportLab decodes it again: speed, not size
    return out.getvalue()


def _stored(source: Image, target: tuple[int, int]) -> tuple[int, int]:
    """``target``, upright, as the file stores it (turned back when its orientation turns it)."""
    turned = source.getexif().get(_ORIENTATION, 1) in _QUARTER_TURNS
    return (target[1], target[0]) if turned else target


def _on_white(picture: Image) -> Image:
    """Grey or RGB pixels, 8 bits each; any transparency composited onto white."""
    from PIL import Image

    mode = picture.mode
    if mode in ("L", "RGB"):
        return picture
    if mode.startswith("I"):  # 16-bit (or 32-bit) grey: to 8 bits
        return picture.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if mode in ("1", "CMYK", "YCbCr", "LAB", "HSV"):
        return picture.convert("L" if mode == "1" else "RGB")
    grey = mode in ("LA", "La") or (mode in ("P", "PA") and _grey_palette(picture))
    if mode not in ("RGBA", "RGBa", "LA", "La", "PA") and "transparency" not in picture.info:
        return picture.convert("L" if grey else "RGB")  # a palette without transparency
    flat = Image.new("RGBA", picture.size, (255, 255, 255, 255))
    flat.alpha_composite(picture.convert("RGBA"))
    return flat.convert("L" if grey else "RGB")


def _grey_palette(picture: Image) -> bool:
    palette = picture.getpalette() or []
    return all(palette[at] == palette[at + 1] == palette[at + 2] for at in range(0, len(palette) - 2, 3))


@lru_cache(maxsize=16)
def _drawing(vector: Vector) -> Drawing:
    """The SVG as a ReportLab Drawing (its size in points), its text in the body font.

    svglib reads it from its bytes, not its path, so that it cannot follow a reference to another
    file (validation refuses such files; this is its second line); a font it names is never looked
    up on the system (fontconfig), and the page gets no font that is not embedded.
    """
    from PIL import Image as PillowImage
    from svglib.svglib import svg2rlg

    try:
        with open(vector.path, "rb") as file:
            data = file.read()
        drawing = svg2rlg(io.BytesIO(data), font_map=_BodyFonts(vector.faces))
    except (OSError, ValueError, TypeError, AttributeError, PillowImage.DecompressionBombError) as exc:
        raise _error(vector.path, f"cannot be drawn ({exc})") from exc
    if drawing is None:
        raise _error(vector.path, "cannot be read as SVG")
    if not (drawing.width > 0 and drawing.height > 0):
        raise _error(vector.path, "has no size (give the <svg> a width and height, or a viewBox)")
    # The renderer sets a font even for shapes: one the page has, or it would add Helvetica to it.
    drawing.initialFontName = vector.faces.regular  # type: ignore[attr-defined]  # an attribute the stubs miss
    return drawing


class _BodyFonts:
    """svglib's font map: every family an SVG names is set in the handout's body font."""

    def __init__(self, faces: Faces) -> None:
        self.faces = faces

    def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
        bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
        italic = style in ("italic", "oblique")
        faces = self.faces
        if bold:
            return (faces.bold_italic if italic else faces.bold), True
        return (faces.italic if italic else faces.regular), True


def _error(path: str, problem: str) -> Exception:
    """The renderer's error for a picture, which the build reports at the handout."""
    from .document import RenderError  # document.py imports this module (through blocks.py)

    return RenderError(f"the figure {path} {problem}; check the file")
