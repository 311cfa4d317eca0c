"""Check an image file before anything draws it: its kind, its size in pixels, and that it decodes.

A small file can hold a huge image (a 110 KB PNG of 30000 x 30000 pixels takes gigabytes to
decode), so the size is read from the header and judged before a single pixel is decoded; only an
image within the limit is then decoded whole, so that a damaged body is found here, at the style
that names it, and not while a handout renders.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, BinaryIO

KINDS = ("PNG", "JPEG")  # what ReportLab can place in a PDF as it is
# A figure's picture: a 12-megapixel phone photo is fine (it is downsampled to its printed size),
# and 40 megapixels decode in about 160 MB, still small enough for a worker process.
FIGURE_PIXELS = 40_000_000
SVG_BYTES = 5_000_000  # an SVG drawing a handout needs is far smaller; a larger one is likely pasted data
_SVG = "{http://www.w3.org/2000/svg}svg"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)")


def image_problem(path: Path, *, max_pixels: int, use: str) -> str:
    """What is wrong with the image at ``path`` for ``use`` (e.g. "a logo"), or "" when it is fine.

    The answer completes a sentence that starts with how the style names the file.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        size = _header_size(path)
        if size is not None and size[0] * size[1] > max_pixels:
            return _too_large(*size, max_pixels, use)
        with warnings.catch_warnings():
            # Pillow's own guard stays as a second line (it only warns below twice its limit).
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in KINDS:
                    return f"is a {image.format} image; save it as PNG or JPEG"
                image.load()
    except FileNotFoundError:
        return f"is not there (looked for {path}); check the path"
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        return f"is too large to open safely ({exc}); save it smaller, at most {_megapixels(max_pixels)} megapixels"
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        return f"cannot be read as an image ({exc}); save it as PNG or JPEG"
    return ""


_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def image_kind(path: Path) -> str | None:
    """'png' or 'jpeg', as the file's first bytes say (None for another kind, or no file)."""
    try:
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError:
        return None
    return "png" if start.startswith(_PNG) else "jpeg" if start.startswith(_JPEG) else None


def _header_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG file from its header alone (None for other kinds)."""
    with path.open("rb") as stream:
        return _size_of(stream)


def _size_of(stream: BinaryIO) -> tuple[int, int] | None:
    """Width and height of the PNG or JPEG in ``stream`` from its header alone (None for other kinds).

    Pillow's plugins are asked directly: ``Image.open`` would refuse a huge image with its own, less
    helpful message before the size could be said.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    start = stream.read(8)
    stream.seek(0)
    if start.startswith(_PNG):
        header: Any = PngImagePlugin.PngImageFile(stream)
    elif start.startswith(_JPEG):
        header = JpegImagePlugin.JpegImageFile(stream)
    else:
        return None
    with header:
        return (int(header.size[0]), int(header.size[1]))


def _too_large(width: int, height: int, max_pixels: int, use: str) -> str:
    size = f"{width} \u00d7 {height} pixels ({_megapixels(width * height)} megapixels)"
    return f"is {size}, more than the {_megapixels(max_pixels)} megapixels {use} may have; save it smaller"


def _megapixels(pixels: int) -> str:
    """Pixels in megapixels, to one decimal place when the whole number would hide the excess."""
    whole = pixels / 1_000_000
    return f"{whole:.0f}" if whole >= 10 or whole == int(whole) else f"{whole:.1f}"


def svg_problem(path: Path) -> str:
    """What is wrong with the SVG file at ``path`` for a figure, or "" when it is fine.

    It must be a complete SVG document of its own: no DOCTYPE or entities (which can expand without
    bound or reach out of the file), and no reference to another file or address (an image, a font
    or a style sheet it would load), only to its own parts (``#id``) or to data it holds (``data:``).
    """
    try:
        size = path.stat().st_size
        if size > SVG_BYTES:
            return f"is {size / 1_000_000:.1f} MB, more than the {SVG_BYTES // 1_000_000} MB an SVG figure may have"
        data = path.read_bytes()
    except FileNotFoundError:
        return f"is not there (looked for {path}); check the path"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc}); check the file"
    text = _svg_text(data)
    if text is None:
        return "is not text in UTF-8 or UTF-16; save it again as SVG"
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return "has a DOCTYPE or entities, which an SVG figure may not have; save it without them"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"cannot be read as SVG ({exc}); save it again as SVG"
    if root.tag != _SVG:
        return "is not an SVG image (its first element is not <svg> in the SVG namespace); save it as SVG"
    for element in root.iter():
        targets = [element.get(name, "") for name in _HREFS]
        targets += _URL.findall(
            " ".join(filter(None, (element.get("style"), element.text if element.tag.endswith("style") else None)))
        )
        if element.tag.endswith("style") and element.text and "@import" in element.text:
            return "imports a style sheet from another file; put its styles into the SVG itself"
        for target in targets:
            if target and not target.startswith(("#", "data:")):
                return f"refers to another file or address ({target[:80]}); put what it shows into the SVG itself"
            if target.startswith("data:image/") and (problem := _embedded_problem(target)):
                return problem
    return ""


def _svg_text(data: bytes) -> str | None:
    """An SVG file's text, as its byte order mark or UTF-8 says, or None when it is neither."""
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _embedded_problem(address: str) -> str:
    """What is wrong with a picture an SVG holds as a ``data:`` address, judged from its header."""
    header, _, payload = address.partition(",")
    try:
        data = base64.b64decode(payload, validate=False) if header.endswith(";base64") else b""
    except ValueError:
        return "holds a picture whose data cannot be read; save the SVG again"
    try:
        size = _size_of(io.BytesIO(data))
    except (OSError, SyntaxError, ValueError):
        return "holds a picture that cannot be read; save the SVG again"
    if size is None:
        return ""  # another kind, or not base64: svglib draws nothing of it
    if size[0] * size[1] > FIGURE_PIXELS:
        return "holds a picture " + _too_large(size[0], size[1], FIGURE_PIXELS, "a figure").removeprefix("is ")
    return ""
