"""Check an image file before anything draws it: its kind, its size in pixels, and that it decodes.

A small file can hold a huge image (a 110 KB PNG of 30000 x 30000 pixels takes gigabytes to
decode), so the size is read from the header and judged before a single pixel is decoded; only an
image within the limit is then decoded whole, so that a damaged body is found here, at the style
that names it, and not while a handout renders.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

KINDS = ("PNG", "JPEG")  # what ReportLab can place in a PDF as it is


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


def _header_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG or JPEG from its header alone (None for other kinds).

    Pillow's plugins are asked directly: ``Image.open`` would refuse a huge image with its own, less
    helpful message before the size could be said.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    with path.open("rb") as stream:
        start = stream.read(8)
    if start.startswith(b"\x89PNG\r\n\x1a\n"):
        header: Any = PngImagePlugin.PngImageFile(path)
    elif start.startswith(b"\xff\xd8\xff"):
        header = JpegImagePlugin.JpegImageFile(path)
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
