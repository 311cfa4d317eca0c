"""Hostile or impossible styles are errors at their place: huge logos, damaged fonts, endless
``extends:`` chains and page geometry that leaves no room for the text."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.library.stylechoice import style_files
from handoutkit.style.files import load_stylesheet
from handoutkit.style.fontfiles import builtin_faces

from ..helpers import MINIMAL, ROOT, write

TIMES = "\u00d7"  # as the messages write a size in pixels

# --- logos ---------------------------------------------------------------------------------------


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def bilevel_png(path: Path, width: int, height: int) -> Path:
    """A black 1-bit PNG: 30000 x 30000 pixels compress to about 110 KB, written in well under a second."""
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))
    return path


def clinic_style(project: Path, logo: str) -> Path:
    return write(project / "styles", "clinic.yaml", f"extends: default\nclinic:\n  logo: {logo}\n")


def style_errors(style: Path) -> list[str]:
    report = Report()
    assert load_stylesheet(str(style), report) is None
    return [str(d) for d in report.sorted()]


@pytest.mark.parametrize(
    ("side", "megapixels"), [(30000, 900), (12000, 144), (2001, "4.0")], ids=["bomb", "huge", "just-over"]
)
def test_a_logo_with_too_many_pixels_is_an_error_at_its_place(tmp_path: Path, side: int, megapixels: int | str) -> None:
    bilevel_png(tmp_path / "styles" / "logo.png", side, side)
    style = clinic_style(tmp_path, "logo.png")
    assert style_errors(style) == [
        f"{style}:3:9: error: 'clinic.logo' 'logo.png' is {side} {TIMES} {side} pixels ({megapixels} megapixels), "
        "more than the 4 megapixels a logo may have; save it smaller"
    ]


def test_a_logo_of_4_megapixels_is_fine(tmp_path: Path) -> None:
    bilevel_png(tmp_path / "styles" / "logo.png", 2000, 2000)
    assert load_stylesheet(str(clinic_style(tmp_path, "logo.png")), Report()) is not None


def test_a_logo_whose_pixels_do_not_decode_is_an_error_at_its_place(tmp_path: Path) -> None:
    """Every chunk's checksum is right, so only decoding the pixels finds the damage."""
    header = struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)
    chunks = _chunk(b"IHDR", header) + _chunk(b"IDAT", b"not a zlib stream at all") + _chunk(b"IEND", b"")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)
    style = clinic_style(tmp_path, "logo.png")
    [error] = style_errors(style)
    assert error.startswith(f"{style}:3:9: error: 'clinic.logo' 'logo.png' cannot be read as an image (")
    assert error.endswith("); save it as PNG or JPEG")


_PEAK = """
import resource, subprocess, sys
for command in ("check", "build"):
    subprocess.run([sys.executable, "-m", "handoutkit", command, *sys.argv[1:]], check=False, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.parametrize("side", [30000, 12000])
def test_check_and_build_refuse_a_huge_logo_in_little_memory(tmp_path: Path, side: int) -> None:
    bilevel_png(tmp_path / "styles" / "logo.png", side, side)
    style = clinic_style(tmp_path, "logo.png")
    handout = write(tmp_path, "h.yaml", MINIMAL)
    arguments = [str(handout), "--style", str(style), "--out", str(tmp_path / "out")]
    run = subprocess.run([sys.executable, "-c", _PEAK, *arguments], capture_output=True, text=True, cwd=ROOT)
    assert int(run.stdout) < 200_000  # KB, the larger of the two commands
    result = subprocess.run([sys.executable, "-m", "handoutkit", "build", *arguments], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{style}:3:9: error: 'clinic.logo' 'logo.png' is {side} {TIMES} {side} pixels" in result.stderr
    assert not (tmp_path / "out" / "h.pdf").exists()


# --- font files ----------------------------------------------------------------------------------

FIRA = builtin_faces("Fira Sans") or {}


def own_family(folder: Path, regular: bytes, *, fallback: bool = False) -> Path:
    """A style whose body and headings use 'Clinic Sans': Fira Sans with ``regular`` as its regular face
    (after Atkinson Hyperlegible, when it is a ``fallback``)."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True)
    for path in FIRA.values():
        shutil.copy(path, fonts / path.name)
    (fonts / "Clinic-Regular.ttf").write_bytes(regular)
    faces = {face: f"fonts/{path.name}" for face, path in FIRA.items()} | {"regular": "fonts/Clinic-Regular.ttf"}
    chain = "[Atkinson Hyperlegible, Clinic Sans]" if fallback else "Clinic Sans"
    family = "".join(f"      {face}: {path}\n" for face, path in faces.items())
    text = f"extends: default\nfonts:\n  body: {chain}\n  heading: {chain}\n  families:\n    Clinic Sans:\n{family}"
    return write(folder, "clinic.yaml", text)


def fira_regular() -> bytearray:
    return bytearray(FIRA["regular"].read_bytes())


def tables(data: bytes) -> dict[bytes, tuple[int, int, int]]:
    """Each table's directory entry index, offset and length."""
    (count,) = struct.unpack_from(">H", data, 4)
    entries = (struct.unpack_from(">4sIII", data, 12 + 16 * i) for i in range(count))
    return {tag: (index, offset, length) for index, (tag, _, offset, length) in enumerate(entries)}


def run_cli(command: str, tmp_path: Path, style: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    handout = write(tmp_path, "h.yaml", MINIMAL)
    arguments = [command, str(handout), "--style", str(style)]
    assert main([*arguments, "--out", str(tmp_path / "out")] if command == "build" else arguments) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_truncated_font_file_is_an_error_at_its_face(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    whole = fira_regular()
    style = own_family(tmp_path, bytes(whole[: len(whole) // 2]))
    path = tmp_path / "fonts" / "Clinic-Regular.ttf"
    assert run_cli(command, tmp_path, style, capsys)[0] == (
        f"{style}:7:16: error: 'regular' of font family 'Clinic Sans': '{path}': the file is cut short or damaged: "
        f"its 'DSIG' table ends at byte {len(whole)}, after the end of the file ({len(whole) // 2} bytes); "
        "copy the font file again"
    )


def test_a_font_file_without_the_tables_a_face_needs_is_an_error_at_its_face(tmp_path: Path) -> None:
    data = fira_regular()
    for tag in (b"post", b"name"):  # renamed in the directory: the file is otherwise whole
        index = tables(bytes(data))[tag][0]
        data[12 + 16 * index : 16 + 16 * index] = tag.upper()
    style = own_family(tmp_path, bytes(data))
    path = tmp_path / "fonts" / "Clinic-Regular.ttf"
    assert style_errors(style) == [
        f"{style}:7:16: error: 'regular' of font family 'Clinic Sans': '{path}' lacks the 'name', 'post' tables "
        "a font needs; give a complete TrueType face"
    ]


@pytest.mark.parametrize("fallback", [False, True], ids=["first", "fallback"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_font_file_reportlab_cannot_read_is_an_error_at_the_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, fallback: bool
) -> None:
    """Its table directory is sound, but its character map is garbage: only parsing the font finds it."""
    data = fira_regular()
    _, offset, length = tables(bytes(data))[b"cmap"]
    data[offset : offset + length] = b"\xff" * length
    style = own_family(tmp_path, bytes(data), fallback=fallback)
    path = tmp_path / "fonts" / "Clinic-Regular.ttf"
    assert run_cli(command, tmp_path, style, capsys)[0] == (
        f"{style}: error: the font file '{path}' cannot be used (unpack requires a buffer of 2 bytes); "
        "give an undamaged TrueType (.ttf) file"
    )


# --- extends: chains -----------------------------------------------------------------------------


def chain_of(folder: Path, length: int) -> Path:
    """``length`` styles, s0 extending s1 and so on, the last extending the default."""
    for n in range(length):
        write(folder, f"s{n}.yaml", f"extends: {f's{n + 1}' if n + 1 < length else 'default'}\n")
    return folder / "s0.yaml"


def test_an_extends_chain_of_a_thousand_styles_is_an_error_at_the_link_too_many(tmp_path: Path) -> None:
    first = chain_of(tmp_path, 1000)
    assert style_errors(first) == [
        f"{tmp_path}/s19.yaml:1:10: error: 'extends: s20' makes a chain of more than 20 styles, counting from "
        "s0.yaml; extend a style nearer the default"
    ]
    assert len(style_files(first)) == 20  # the files of a build's fingerprint: no deeper than the style is read


def test_twenty_styles_in_a_chain_are_fine(tmp_path: Path) -> None:
    assert load_stylesheet(str(chain_of(tmp_path, 19)), Report()) is not None  # and the default: 20


# --- page geometry -------------------------------------------------------------------------------


def geometry_errors(tmp_path: Path, text: str) -> list[str]:
    return style_errors(write(tmp_path, "style.yaml", "extends: default\n" + text))


COLUMN = "5.90 in text column"  # Letter, less the default style's margins


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "page:\n  margins: {left: 4in, right: 2.6in}\n",
            "3:19: error: 'page.margins.left' 4.00 in and the right margin (2.60 in) leave a text column only "
            "1.90 in wide; make them smaller, so that it is at least 2.00 in",
        ),
        (
            "page:\n  margins: {top: 4.6in, bottom: 4.5in}\n",
            "3:18: error: 'page.margins.top' 4.60 in and the bottom margin (4.50 in) leave a text area only "
            "1.90 in tall; make them smaller, so that it is at least 2.00 in",
        ),
        (
            "text:\n  size: 43\n",
            f"3:9: error: 'text.size' 43 fits about 19 characters in the {COLUMN}, and a line needs at least 20; "
            "make the size at most 42 or the left and right margins smaller",
        ),
        (
            "sizes:\n  title: 8.5\n",
            f"3:10: error: 'sizes.title' 8.5 sets the title in 110 pt, and the {COLUMN} fits only 7 of its "
            "characters a line; make it at most 8.1",
        ),
        (
            "text:\n  size: 30\npage:\n  margins: {top: 4in, bottom: 4in}\n",
            "3:9: error: 'text.size' 30 makes a block that must stay on one page (a two-line title and a line of "
            "text, or a QR code with its caption) 3.28 in tall, more than the 3.00 in between the top and bottom "
            "margins; make the size or the margins smaller",
        ),
    ],
    ids=["narrow", "short", "body-size", "title-size", "tall-title"],
)
def test_a_page_without_room_for_the_text_is_an_error_at_the_key_to_change(
    tmp_path: Path, text: str, error: str
) -> None:
    assert geometry_errors(tmp_path, text) == [f"{tmp_path}/style.yaml:{error}"]


def test_text_size_200_is_an_error_at_text_size_not_at_each_handout(tmp_path: Path) -> None:
    where = f"{tmp_path}/style.yaml:3:9: error: 'text.size' 200"
    assert geometry_errors(tmp_path, "text:\n  size: 200\n") == [
        f"{where} fits about 4 characters in the {COLUMN}, and a line needs at least 20; make the size at most 42 "
        "or the left and right margins smaller",
        f"{where} makes a block that must stay on one page (a two-line title and a line of text, or a QR code with "
        "its caption) 21.89 in tall, more than the 9.30 in between the top and bottom margins; make the size or "
        "the margins smaller",
    ]


def test_a_margin_is_blamed_in_the_file_that_sets_it(tmp_path: Path) -> None:
    parent = write(tmp_path, "wide.yaml", "extends: default\npage:\n  margins: {left: 3.5in, right: 3.5in}\n")
    child = write(tmp_path, "child.yaml", "extends: wide\ntext:\n  size: 12\n")
    assert style_errors(child) == [
        f"{parent}:3:19: error: 'page.margins.left' 3.50 in and the right margin (3.50 in) leave a text column only "
        "1.50 in wide; make them smaller, so that it is at least 2.00 in"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "text:\n  size: 42\n",  # 20 characters a line, just
        "text:\n  size: 14\npage:\n  margins: {left: 3.25in, right: 3.25in, top: 4.5in, bottom: 4.5in}\n",
        "text:\n  size: 30\npage:\n  margins: {top: 277pt, bottom: 277pt}\n",  # the tallest title, just
        "sizes:\n  title: 8.1\n",
    ],
    ids=["largest-body", "smallest-page", "shortest-page", "largest-title"],
)
def test_the_largest_sizes_and_smallest_pages_allowed_build_every_example(tmp_path: Path, text: str) -> None:
    style = write(tmp_path, "style.yaml", "extends: default\n" + text)
    sources = [*sorted((ROOT / "source").glob("*.yaml")), *sorted((ROOT / "tests" / "data").glob("*.yaml"))]
    err = io.StringIO()
    status = main(["build", *map(str, sources), "--style", str(style), "--out", str(tmp_path / "out")], err=err)
    errors = [line for line in err.getvalue().splitlines() if ": error: " in line]
    # Type that large leaves a table's columns too narrow for their words: an error that says so.
    assert all("wider than the page" in line or "is too narrow for the word" in line for line in errors), errors
    assert status == (1 if errors else 0)


def test_a_layout_failure_says_the_same_every_run() -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from handoutkit.render.document import _too_large

    messages = {
        _too_large(
            LayoutError(
                f"Flowable <Heading at 0x{address} frame=body>Biológica(424.79999999999995 x 98.2822)"
                " too large on page 1 in frame 'body'(424.79999999999995 x 72.0) of template 'page'"
            )
        )
        for address in ("7f5f0cf9d1d0", "7f7e2168e310")
    }
    assert messages == {
        "the content does not fit on the page (Flowable Heading Biológica(424.8 x 98.3) too large on page 1 in "
        "frame 'body'(424.8 x 72.0) of template 'page'); split the block that is too large, or give the style "
        "smaller text or margins"
    }
