"""Pictures as ``data:`` addresses, so that the page is one file: figures (PNG, JPEG, SVG) and the logo.

A PNG or JPEG is decoded and encoded again, as the PDF's pictures are: turned upright (a phone
photo's EXIF orientation), its colours in sRGB, without the file's metadata (a photo's EXIF may
say where it was taken), and at most ``MAX_PIXELS_PER_PX`` pixels per CSS pixel of the width it
shows at (a 12-megapixel photo makes a small page). Transparency is kept: a page is not paper. An
SVG goes as it is, as ``image/svg+xml``: validation has made sure it refers to no other file, and
a browser runs no script in a picture shown with ``<img>``. Encoding is deterministic, so the same
picture makes the same bytes.
"""

from __future__ import annotations

import base64
import io
import math
import os
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from typing import TYPE_CHECKING

from msgspec import Struct

from ..colour import to_srgb

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PIXELS_PER_PX = 2  # sharp on a high-density screen, and in print at the column's width
JPEG_QUALITY = 85
_ORIENTATION = 0x0112
_QUARTER_TURNS = {5, 6, 7, 8}


class Picture(Struct, frozen=True):
    """A picture ready for ``<img>``: its ``data:`` address and its natural size in CSS pixels
    (None for an SVG without a size of its own)."""

    src: str
    width: int | None
    height: int | None


class HtmlError(Exception):
    """What keeps a page from being made: a picture or font file that cannot be read; the message
    names the file and says what to do."""


def picture(path: str, kind: str, max_width: int) -> Picture:
    """The picture at ``path`` (``kind`` 'png', 'jpeg' or 'svg') for a page, at most ``max_width``
    CSS pixels wide on it."""
    try:
        status = os.stat(path)
    except OSError as exc:
        raise HtmlError(f"the picture {path} cannot be read ({exc.strerror or exc}); check the file") from exc
    return _picture(path, kind, max_width, (status.st_mtime_ns, status.st_size))


@lru_cache(maxsize=32)
def _picture(path: str, kind: str, max_width: int, stamp: tuple[int, int]) -> Picture:
    """``picture``, remembered while the file's time and size (``stamp``) stay the same."""
    if kind == "svg":
        return _svg(path)
    return _raster(path, kind, max_width)


def _svg(path: str) -> Picture:
    try:
        with open(path, "rb") as file:
            data = file.read()
        root = ElementTree.fromstring(data)
    except (OSError, ElementTree.ParseError) as exc:
        raise HtmlError(f"the picture {path} cannot be read ({exc}); check the file") from exc
    size = _svg_size(root)
    src = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
    return Picture(src, *size) if size else Picture(src, None, None)


def _svg_size(root: ElementTree.Element) -> tuple[int, int] | None:
    """An SVG's size in CSS pixels from its ``width`` and ``height`` (px or unitless, pt, in, cm,
    mm), else its ``viewBox``; None when it says neither."""
    units = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
    sizes = []
    for name in ("width", "height"):
        value = (root.get(name) or "").strip()
        number = value.rstrip("abcdefghijklmnopqrstuvwxyz%")
        unit = value[len(number) :]
        try:
            sizes.append(float(number) * units[unit])
        except (ValueError, KeyError):
            sizes.append(0.0)
    if sizes[0] > 0 and sizes[1] > 0:
        return round(sizes[0]), round(sizes[1])
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        width, height = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    return (round(width), round(height)) if width > 0 and height > 0 else None


def _raster(path: str, kind: str, max_width: int) -> Picture:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as source:
            shown = ImageOps.exif_transpose(source)
            shown = to_srgb(shown)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError, ValueError) as exc:
        raise HtmlError(f"the picture {path} cannot be read as an image ({exc}); check the file") from exc
    natural = shown.size
    most = max(1, max_width * MAX_PIXELS_PER_PX)
    if natural[0] > most:
        target = (most, max(1, math.floor(natural[1] * most / natural[0])))
        shown = shown.resize(target, Image.Resampling.LANCZOS)
    data, mime = _encoded(shown, kind)
    width = min(natural[0], max_width)
    height = max(1, round(natural[1] * width / natural[0]))
    return Picture(f"data:{mime};base64," + base64.b64encode(data).decode("ascii"), width, height)


def _encoded(image: Image, kind: str) -> tuple[bytes, str]:
    """The picture's bytes without metadata: a JPEG as JPEG, anything else as PNG."""
    out = io.BytesIO()
    if kind == "jpeg":
        rgb = image if image.mode in ("RGB", "L") else image.convert("RGB")
        rgb.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return out.getvalue(), "image/jpeg"
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    image.info.clear()  # no text chunks, times or profile go with it
    image.save(out, "PNG", optimize=True)
    return out.getvalue(), "image/png"
