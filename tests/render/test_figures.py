"""Figures: pictures embedded at no more than 300 dpi of their printed size, SVG drawn as vectors,
tagged as Figure with /Alt and a bounding box (a decorative one an artifact), each caption read
right after its picture and kept on its page, rows of pictures wrapping in reading order."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import page
import pikepdf
import pytest
from pikepdf import PdfImage
from PIL import Image, ImageCms, ImageDraw

from handoutkit.diagnostics import Report
from handoutkit.language.catalog import load_words
from handoutkit.model import Block, Figure, FigureRow, Handout, Paragraph, Section, Text
from handoutkit.render import RenderError, render_pdf
from handoutkit.render import figures as figures_module
from handoutkit.style.files import load_stylesheet

from ..helpers import ROOT, assert_in_order, pdf_text
from ..pdfstructure import Node, flatten, structure, walk_content

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" viewBox="0 0 320 160">
  <rect x="4" y="4" width="312" height="152" fill="#eef4fa" stroke="#1f4e79" stroke-width="4"/>
  <circle cx="80" cy="80" r="56" fill="#b45309"/>
  <path d="M170 120 L230 40 L290 120 Z" fill="#1f4e79"/>
  <text x="160" y="150" font-family="Arial" font-size="14" font-weight="bold">Step</text>
</svg>
"""
PAINTING = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def words(text: str) -> tuple[Text]:
    return (Text(text),)


def make_handout(*blocks: Block, title: str = "Pictures") -> Handout:
    return Handout(words(title), datetime.date(2025, 4, 12), (Section(words("What you will see"), blocks),))


def render(handout: Handout, style: str = "default") -> bytes:
    sheet = load_stylesheet(style, Report())
    language = load_words("en", Report())
    assert sheet is not None and language is not None
    return render_pdf(handout, language, sheet).data


def photo(path: Path, size: tuple[int, int] = (4000, 3000)) -> Path:
    """A photo-like JPEG: smooth gradients, shapes and sensor-like noise, saved at high quality."""
    width, height = size
    sky = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 24)
    red = Image.blend(sky, noise, 0.35)
    green = Image.blend(sky.transpose(Image.Transpose.ROTATE_180), noise, 0.25)
    picture = Image.merge("RGB", (red, green, Image.radial_gradient("L").resize(size)))
    draw = ImageDraw.Draw(picture)
    for i in range(40):
        x, y = i * 97 % width, i * 61 % height
        draw.ellipse((x, y, x + width // 13, y + height // 15), fill=(i * 6 % 256, 120, 255 - i * 5 % 256))
    picture.save(path, quality=92)
    return path


def transparent_png(
    path: Path, size: tuple[int, int] = (600, 400), color: tuple[int, int, int] = (31, 78, 121)
) -> Path:
    """A PNG whose corners are fully transparent, with a half-transparent ellipse in the middle."""
    picture = Image.new("RGBA", size, (0, 0, 0, 0))
    width, height = size
    ImageDraw.Draw(picture).ellipse((width // 10, height // 10, width * 9 // 10, height * 9 // 10), fill=(*color, 128))
    picture.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("figures")
    photo(found / "photo.jpg")
    transparent_png(found / "ellipse.png")
    transparent_png(found / "border.png", (900, 60), (180, 83, 9))  # decorative, and only there
    (found / "drawing.svg").write_text(SVG, encoding="utf-8")
    return found


def gallery(folder: Path) -> Handout:
    """One picture of each kind with its caption, a decorative one, and a row of five steps."""
    steps = tuple(
        Figure(str(folder / "drawing.svg"), "svg", alt=f"Step {n} drawn", caption=words(f"Step {n}: do part {n}."))
        for n in range(1, 6)
    )
    return make_handout(
        Paragraph(words("Before the pictures.")),
        Figure(str(folder / "photo.jpg"), "jpeg", alt="A photo of the clinic", caption=words("The clinic at dawn.")),
        Paragraph(words("Between the photo and the ellipse.")),
        Figure(str(folder / "ellipse.png"), "png", alt="A blue ellipse", caption=words("An ellipse."), width=0.5),
        Figure(str(folder / "border.png"), "png", decorative=True),
        Figure(str(folder / "drawing.svg"), "svg", alt="A drawing of a step", caption=words("A drawing.")),
        FigureRow(steps),
        Paragraph(words("After the pictures.")),
    )


@pytest.fixture(scope="module")
def built(folder: Path) -> Path:
    pdf = folder / "gallery.pdf"
    pdf.write_bytes(render(gallery(folder)))
    return pdf


@dataclass
class Drawn:
    """An image XObject drawn on a page: its size in pixels, its drawn size in points, its tags."""

    page: int
    image: pikepdf.Object
    width: float
    height: float
    tags: list[str]  # the marked-content tags open around it, outermost first


def drawn_images(pdf: pikepdf.Pdf) -> list[Drawn]:
    """Every image drawn, with its size on the page from the transformation matrix (no rotation)."""
    found: list[Drawn] = []
    for index, sheet in enumerate(pdf.pages):
        xobjects = sheet.Resources.get("/XObject", {})
        matrices = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
        tags: list[str] = []
        for operands, op in pikepdf.parse_content_stream(sheet):
            name = str(op)
            if name == "q":
                matrices.append(matrices[-1])
            elif name == "Q":
                matrices.pop()
            elif name == "cm":
                a, b, c, d, e, f = (float(value) for value in operands)
                A, B, C, D, E, F = matrices[-1]  # noqa: N806 - a matrix's names
                matrices[-1] = (
                    a * A + b * C,
                    a * B + b * D,
                    c * A + d * C,
                    c * B + d * D,
                    e * A + f * C + E,
                    e * B + f * D + F,
                )
            elif name in ("BDC", "BMC"):
                tags.append(str(operands[0]))
            elif name == "EMC":
                tags.pop()
            elif name == "Do" and xobjects[str(operands[0])].Subtype == "/Image":
                a, _, _, d, _, _ = matrices[-1]
                found.append(Drawn(index, xobjects[str(operands[0])], abs(a), abs(d), list(tags)))
    return found


def painting_in_figures(pdf: pikepdf.Pdf) -> dict[tuple[int, int], set[str]]:
    """(page, MCID) of each sequence tagged /Figure, and the operators drawn inside it."""
    found: dict[tuple[int, int], set[str]] = {}
    for index, sheet in enumerate(pdf.pages):
        stack: list[tuple[int, int] | None] = []
        for operands, op in pikepdf.parse_content_stream(sheet):
            name = str(op)
            if name in ("BDC", "BMC"):
                props = operands[1] if name == "BDC" else None
                figure = str(operands[0]) == "/Figure" and isinstance(props, pikepdf.Dictionary)
                stack.append((index, int(props.MCID)) if figure else None)
                if figure:
                    found[(index, int(props.MCID))] = set()
            elif name == "EMC":
                stack.pop()
            elif stack and stack[-1] is not None:
                found[stack[-1]].add(name)
    return found


def struct_elements(pdf: pikepdf.Pdf, role: str) -> list[pikepdf.Dictionary]:
    """The structure elements of ``role`` in tree (reading) order, as PDF objects."""

    def walk(elem: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
        if elem.get("/S") == f"/{role}":
            yield elem
        kids = elem.get("/K", pikepdf.Array())
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from walk(kid)

    return list(walk(pdf.Root.StructTreeRoot.K[0]))


def nodes(pdf: pikepdf.Pdf) -> list[Node]:
    return [node for _, node in flatten(structure(pdf, walk_content(pdf)))]


def filters(image: pikepdf.Object) -> list[str]:
    found = image.get("/Filter", pikepdf.Array())
    return [str(name) for name in (found if isinstance(found, pikepdf.Array) else [found])]


def bbox(elem: pikepdf.Dictionary) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(value) for value in elem.A.BBox)
    return x0, y0, x1, y1


# --- tags ---------------------------------------------------------------------------------------


def test_the_pdf_passes_the_pdf_ua_1_checker_and_every_mark_is_tagged(built: Path) -> None:
    report = page.validate_pdf(built, profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.rules.total >= 100
    walk = walk_content(pikepdf.open(built))
    assert walk.untagged == [] and walk.empty == [] and walk.nested_mcids == []


def test_each_picture_is_a_figure_with_its_alt_text_and_bounding_box(built: Path) -> None:
    pdf = pikepdf.open(built)
    figures = struct_elements(pdf, "Figure")
    alts = [str(elem.Alt) for elem in figures]
    assert alts == ["A photo of the clinic", "A blue ellipse", "A drawing of a step"] + [
        f"Step {n} drawn" for n in range(1, 6)
    ]
    for elem in figures:
        assert elem.A.O == "/Layout"
        x0, y0, x1, y1 = bbox(elem)
        width, height = (float(value) for value in pdf.pages[0].MediaBox[2:])
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
    # The box is where the picture is drawn: the photo's is its drawn size.
    photo_drawn = next(d for d in drawn_images(pdf) if filters(d.image) == ["/DCTDecode"])
    x0, y0, x1, y1 = bbox(figures[0])
    assert x1 - x0 == pytest.approx(photo_drawn.width, abs=0.02)
    assert y1 - y0 == pytest.approx(photo_drawn.height, abs=0.02)


def test_a_caption_follows_its_picture_in_the_structure_and_in_copied_text(built: Path) -> None:
    pdf = pikepdf.open(built)
    found = nodes(pdf)
    holders = [node for node in found if [kid.role for kid in node.kids] == ["Figure", "Caption"]]
    assert [holder.role for holder in holders] == ["Div"] * 8
    captions = [holder.kids[1].text.strip() for holder in holders]
    assert captions[:3] == ["The clinic at dawn.", "An ellipse.", "A drawing."]
    assert captions[3:] == [f"Step {n}: do part {n}." for n in range(1, 6)]
    for holder in holders:
        assert holder.kids[0].pages == holder.kids[1].pages  # a figure and its caption share a page
    text = pdf_text(built)
    assert_in_order(
        text, ["Before the pictures.", "The clinic at dawn.", "Between the photo", "An ellipse.", "A drawing."]
    )
    assert_in_order(text, [f"Step {n}: do part {n}." for n in range(1, 6)] + ["After the pictures."])


def test_a_decorative_picture_is_an_artifact_and_no_figure(built: Path) -> None:
    pdf = pikepdf.open(built)
    border = [d for d in drawn_images(pdf) if int(d.image.Width) == 900]
    assert len(border) == 1
    assert border[0].tags == ["/Artifact"]
    assert len(struct_elements(pdf, "Figure")) == 8  # the decorative one has none
    others = [d for d in drawn_images(pdf) if int(d.image.Width) != 900]
    assert others and all(d.tags == ["/Figure"] for d in others)


# --- pixels -------------------------------------------------------------------------------------


def test_a_12_megapixel_photo_is_embedded_at_300_dpi_as_a_jpeg_and_the_handout_is_small(built: Path) -> None:
    assert built.stat().st_size < 1_000_000
    pdf = pikepdf.open(built)
    (jpeg,) = [d for d in drawn_images(pdf) if filters(d.image) == ["/DCTDecode"]]
    pixels = (int(jpeg.image.Width), int(jpeg.image.Height))
    assert pixels[0] < 4000 and pixels[0] <= jpeg.width / 72 * 300 + 1 and pixels[1] <= jpeg.height / 72 * 300 + 1
    assert pixels[0] >= jpeg.width / 72 * 300 - 2  # not needlessly fewer either
    assert jpeg.width == pytest.approx(float(pdf.pages[0].MediaBox[2]) - 2 * 1.3 * 72, abs=0.1)  # the column
    assert jpeg.width / jpeg.height == pytest.approx(4 / 3, rel=0.002)
    assert b"Exif" not in jpeg.image.read_raw_bytes()[:4096]


def test_every_image_is_at_most_300_dpi_of_its_printed_size(built: Path) -> None:
    pdf = pikepdf.open(built)
    for drawn in drawn_images(pdf):
        assert int(drawn.image.Width) <= drawn.width / 72 * 300 + 1
        assert int(drawn.image.Height) <= drawn.height / 72 * 300 + 1


def test_a_png_stays_lossless_and_is_flattened_onto_white(built: Path, folder: Path) -> None:
    pdf = pikepdf.open(built)
    (ellipse,) = [d for d in drawn_images(pdf) if int(d.image.Width) == 600]
    assert filters(ellipse.image) == ["/FlateDecode"]
    assert "/SMask" not in ellipse.image and "/Mask" not in ellipse.image
    pixels = PdfImage(ellipse.image).as_pil_image().convert("RGB")
    assert pixels.size == (600, 400)
    assert pixels.getpixel((2, 2)) == (255, 255, 255)  # a transparent corner: white
    # The half-transparent middle: the colour over white, exactly as Pillow composites it.
    source = Image.open(folder / "ellipse.png")
    flat = Image.new("RGBA", source.size, "white")
    flat.alpha_composite(source)
    assert pixels.getpixel((300, 200)) == flat.convert("RGB").getpixel((300, 200))
    # Half the column wide, as its width says.
    assert ellipse.width == pytest.approx((float(pdf.pages[0].MediaBox[2]) - 2 * 1.3 * 72) / 2, abs=0.1)


def test_an_svg_is_drawn_as_vectors_in_the_body_font(built: Path) -> None:
    pdf = pikepdf.open(built)
    figures = struct_elements(pdf, "Figure")
    drawings = [elem for elem in figures if str(elem.Alt).startswith(("A drawing", "Step"))]
    painted = painting_in_figures(pdf)
    for elem in drawings:
        page_index = next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == elem.Pg.objgen)
        ops = painted[(page_index, int(elem.K[0]))]
        assert ops & PAINTING and "Do" not in ops, ops  # paths, no image
        assert {"re", "c", "m"} <= ops  # the rectangle, the circle's curves, the triangle
    for sheet in pdf.pages:  # no font that is not embedded (svglib would have asked for Helvetica)
        for font in sheet.Resources.Font.values():
            assert "Helvetica" not in str(font.BaseFont)


def test_the_natural_size_is_96_pixels_to_the_inch_and_at_most_the_column(tmp_path: Path) -> None:
    Image.new("RGB", (192, 96), "#1f4e79").save(tmp_path / "small.png")
    Image.new("RGB", (1200, 300), "#1f4e79").save(tmp_path / "wide.png")
    (tmp_path / "small.svg").write_text(SVG.replace('width="320" height="160"', 'width="160" height="80"'))
    handout = make_handout(
        Figure(str(tmp_path / "small.png"), "png", alt="Small"),
        Figure(str(tmp_path / "wide.png"), "png", alt="Wide"),
        Figure(str(tmp_path / "small.svg"), "svg", alt="Small drawing"),
    )
    pdf = pikepdf.open(io.BytesIO(render(handout)))
    sizes = [(x1 - x0, y1 - y0) for x0, y0, x1, y1 in map(bbox, struct_elements(pdf, "Figure"))]
    column = float(pdf.pages[0].MediaBox[2]) - 2 * 1.3 * 72
    assert sizes[0] == pytest.approx((144, 72), abs=0.02)
    assert sizes[1] == pytest.approx((column, column / 4), abs=0.02)
    assert sizes[2] == pytest.approx((120, 60), abs=0.02)
    small = next(d for d in drawn_images(pdf) if int(d.image.Width) == 192)
    assert (int(small.image.Height), small.image.ColorSpace) == (96, "/DeviceRGB")  # never more pixels


def test_a_photo_is_turned_upright_in_srgb_and_its_metadata_left_out(tmp_path: Path) -> None:
    picture = Image.new("RGB", (400, 200), "#1f4e79")
    ImageDraw.Draw(picture).rectangle((0, 0, 99, 199), fill="#b45309")  # the left quarter, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise: 200 wide, 400 high
    exif[0x010F] = "PhoneMaker"
    picture.save(tmp_path / "turned.jpg", exif=exif, quality=95, icc_profile=SRGB)
    pdf = pikepdf.open(io.BytesIO(render(make_handout(Figure(str(tmp_path / "turned.jpg"), "jpeg", alt="Turned")))))
    (drawn,) = drawn_images(pdf)
    assert (int(drawn.image.Width), int(drawn.image.Height)) == (200, 400)
    assert drawn.height / drawn.width == pytest.approx(2.0, rel=0.01)
    data = drawn.image.read_raw_bytes()
    assert b"Exif" not in data and b"PhoneMaker" not in data and b"ICC_PROFILE" not in data
    shown = PdfImage(drawn.image).as_pil_image().convert("RGB")
    top = shown.getpixel((100, 20))
    assert top[0] > 150 and top[2] < 80  # the stored left quarter is now the top


# --- layout -------------------------------------------------------------------------------------


def test_a_figure_and_its_caption_are_never_parted_by_a_page_break(tmp_path: Path) -> None:
    """Whatever the room left on the page, the picture moves with its (long) caption."""
    Image.new("RGB", (480, 160), "#1f4e79").save(tmp_path / "band.png")
    caption = words(" ".join(["This caption is long, so that it takes several lines under its picture."] * 4))
    moved = 0
    for count in range(12, 30, 1):
        filler = [Paragraph(words(f"Line {n} of the text before the picture.")) for n in range(count)]
        handout = make_handout(*filler, Figure(str(tmp_path / "band.png"), "png", alt="A band", caption=caption))
        pdf = pikepdf.open(io.BytesIO(render(handout)))
        found = nodes(pdf)
        (figure,) = [node for node in found if node.role == "Figure"]
        (text,) = [node for node in found if node.role == "Caption"]
        last_filler = [node for node in found if node.role == "P"][-1]
        assert len(text.pages) == 1 and figure.pages == text.pages, count
        moved += figure.pages != last_filler.pages
    assert moved >= 3  # some of these left room for the picture but not its caption


def test_a_very_tall_picture_is_made_to_fit_a_page_with_its_caption(tmp_path: Path) -> None:
    Image.new("RGB", (300, 6000), "#1f4e79").save(tmp_path / "tall.png")
    handout = make_handout(
        Paragraph(words("Before.")),
        Figure(str(tmp_path / "tall.png"), "png", alt="Tall", caption=words("A tall picture, and its caption.")),
    )
    pdf = pikepdf.open(io.BytesIO(render(handout)))
    found = nodes(pdf)
    (figure,) = [node for node in found if node.role == "Figure"]
    (caption,) = [node for node in found if node.role == "Caption"]
    assert figure.pages == caption.pages
    x0, y0, x1, y1 = bbox(struct_elements(pdf, "Figure")[0])
    top, bottom = float(pdf.pages[0].MediaBox[3]) - 0.85 * 72, 0.85 * 72
    assert y1 <= top + 0.01 and y0 > bottom + 13 * 1.42  # inside the frame, a caption line under it
    assert (x1 - x0) / (y1 - y0) == pytest.approx(300 / 6000, rel=0.01)  # its shape kept


def test_a_row_of_figures_wraps_in_equal_cells_and_reads_row_by_row(built: Path) -> None:
    pdf = pikepdf.open(built)
    steps = [elem for elem in struct_elements(pdf, "Figure") if str(elem.Alt).startswith("Step")]
    boxes = [bbox(elem) for elem in steps]
    pages = [next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == elem.Pg.objgen) for elem in steps]
    # Five pictures in a column that holds three: a row of three, then a row of two.
    first, second = list(zip(boxes[:3], pages[:3], strict=True)), list(zip(boxes[3:], pages[3:], strict=True))
    assert len({page for _, page in first}) == 1 and len({page for _, page in second}) == 1
    assert len({round(box[1], 2) for box, _ in first}) == 1  # standing on one line
    assert [box[0] for box, _ in first] == sorted(box[0] for box, _ in first)  # left to right
    assert [round(box[0], 2) for box, _ in second] == [round(box[0], 2) for box, _ in first[:2]]
    assert pages[3] > pages[0] or boxes[3][1] < boxes[0][1]  # the second row under the first
    widths = {round(box[2] - box[0], 2) for box in boxes}
    assert len(widths) == 1  # equal cells, and every picture fills its own
    # Each step is its own Figure in a Div of the row, read in order.
    rows = [node for node in nodes(pdf) if node.role == "Div" and len(node.kids) == 5]
    assert len(rows) == 1 and all([kid.role for kid in cell.kids] == ["Figure", "Caption"] for cell in rows[0].kids)


def test_large_print_holds_fewer_pictures_a_row(folder: Path) -> None:
    row = FigureRow(tuple(Figure(str(folder / "drawing.svg"), "svg", alt=f"S{n}") for n in range(4)))
    pdf = pikepdf.open(io.BytesIO(render(make_handout(row), "large-print")))
    lines = {round(bbox(elem)[1], 1) for elem in struct_elements(pdf, "Figure")}
    assert len(lines) == 2  # two rows of two: a cell holds a caption line of about twenty characters


# --- files --------------------------------------------------------------------------------------


def test_a_rebuild_is_byte_identical_in_this_process_and_a_fresh_one(built: Path, folder: Path) -> None:
    figures_module.embedded.cache_clear()
    figures_module._drawing.cache_clear()
    again = render(gallery(folder))
    assert again == built.read_bytes()
    program = (
        "import sys; from pathlib import Path; from tests.render.test_figures import gallery, render; "
        "sys.stdout.buffer.write(render(gallery(Path(sys.argv[1]))))"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", program, str(folder)], capture_output=True, check=True, cwd=ROOT, timeout=120
    )
    assert fresh.stdout == again


@pytest.mark.parametrize(
    ("name", "kind", "content", "problem"),
    [
        ("gone.png", "png", None, r"gone\.png cannot be read"),
        ("text.png", "png", "not a picture", r"text\.png cannot be read as an image"),
        ("sizeless.svg", "svg", SVG.replace(' width="320" height="160" viewBox="0 0 320 160"', ""), "has no size"),
    ],
)
def test_a_picture_that_cannot_be_drawn_is_a_render_error_naming_it(
    tmp_path: Path, name: str, kind: str, content: str | None, problem: str
) -> None:
    """Validation refuses these before anything renders; if a file changes in between, the build
    reports it at the handout instead of crashing."""
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    handout = make_handout(Figure(str(tmp_path / name), kind, alt="A picture"))  # type: ignore[arg-type]
    with pytest.raises(RenderError, match=problem):
        render(handout)


def test_target_pixels_never_adds_pixels() -> None:
    assert figures_module.target_pixels((4000, 3000), 72, 54) == (300, 225)
    assert figures_module.target_pixels((200, 100), 720, 360) == (200, 100)
    assert figures_module.target_pixels((5000, 10), 72, 0.144) == (300, 1)


SHORT_FRAMES = {
    # 30 pt text: the 8 lines the figures leave for the last-page re-layout are more than the frame.
    "short": "extends: default\ntext:\n  size: 30\npage:\n  margins: {top: 277pt, bottom: 277pt}\n",
    # The smallest text area the style checks allow: 2 in by 2 in.
    "tiny": (
        "extends: default\ntext: {size: 14}\n"
        "page: {margins: {left: 3.25in, right: 3.25in, top: 4.5in, bottom: 4.5in}}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(SHORT_FRAMES))
def test_a_figure_and_a_row_fit_a_short_frame_with_long_captions(tmp_path: Path, name: str) -> None:
    """Picture and caption shrink to fit the frame; a caption taller than that follows its picture."""
    style = tmp_path / f"{name}.yaml"
    style.write_text(SHORT_FRAMES[name], encoding="utf-8")
    Image.new("RGB", (300, 900), "#1f4e79").save(tmp_path / "tall.png")
    (tmp_path / "drawing.svg").write_text(SVG, encoding="utf-8")
    long = "Tall begins. " + " ".join(["This caption is long and takes many lines under its picture."] * 6)
    steps = tuple(
        Figure(str(tmp_path / "drawing.svg"), "svg", alt=f"Step {n}", caption=words(f"Step {n} says what to do."))
        for n in range(1, 4)
    )
    handout = make_handout(
        Paragraph(words("Before the pictures.")),
        Figure(str(tmp_path / "tall.png"), "png", alt="A tall picture", caption=words(long + " Tall ends.")),
        FigureRow(steps),
        Figure(str(tmp_path / "tall.png"), "png", alt="Short caption", caption=words("A short caption.")),
        Paragraph(words("After the pictures.")),
        # Enough text after them that the last page is not short: with 30 pt type, the last-page
        # re-layout (document.py) can raise a page's foot above its head, which no block survives.
        *(Paragraph(words(f"Line {n} of the text after the pictures.")) for n in range(6)),
    )
    data = render(handout, str(style))
    pdf_path = tmp_path / "short.pdf"
    pdf_path.write_bytes(data)
    pdf = pikepdf.open(pdf_path)
    frame_top = float(pdf.pages[0].MediaBox[3]) - (277 if name == "short" else 4.5 * 72)
    for elem in struct_elements(pdf, "Figure"):
        _, y0, _, y1 = bbox(elem)
        assert y1 <= frame_top + 0.01 and y1 - y0 > 10
    holders = [node for node in nodes(pdf) if [kid.role for kid in node.kids] == ["Figure", "Caption"]]
    assert len(holders) == 5
    for holder in holders:  # each caption read, and set, after its picture
        assert min(holder.kids[1].pages) >= max(holder.kids[0].pages)
    assert holders[0].kids[1].text.strip().startswith("Tall begins.")
    assert holders[0].kids[1].text.strip().endswith("Tall ends.")
    text = pdf_text(data)
    assert_in_order(
        text,
        ["Before the pictures.", "Tall begins.", "Tall ends."]
        + [f"Step {n} says" for n in range(1, 4)]
        + ["A short caption.", "After the pictures."],
    )
    report = page.validate_pdf(pdf_path, profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    walk = walk_content(pdf)
    assert walk.untagged == [] and walk.empty == [] and walk.nested_mcids == []


def test_a_row_with_long_captions_fits_large_print(tmp_path: Path) -> None:
    (tmp_path / "drawing.svg").write_text(SVG, encoding="utf-8")
    long = " ".join(["A long caption under a picture in a row."] * 8)
    row = FigureRow(
        tuple(Figure(str(tmp_path / "drawing.svg"), "svg", alt=f"S{n}", caption=words(long)) for n in range(4))
    )
    pdf = pikepdf.open(io.BytesIO(render(make_handout(row), "large-print")))
    assert len(struct_elements(pdf, "Figure")) == 4
