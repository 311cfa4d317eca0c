"""Pictures' colours: a picture with an embedded colour profile converted to sRGB, which both the
PDF (DeviceRGB under an sRGB output intent) and the HTML edition (browsers' default) assume."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image


def to_srgb(picture: Image) -> Image:
    """The picture in sRGB when its file embeds another colour profile (a phone's Display P3, say)."""
    profile = picture.info.get("icc_profile")
    if not profile or picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    from PIL import ImageCms  # Little CMS loads only for a picture that needs it

    try:
        mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            picture, ImageCms.ImageCmsProfile(io.BytesIO(profile)), ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # a damaged profile: the numbers as they are
    if converted is None:  # pragma: no cover - only when converting in place
        return picture
    converted.info.pop("icc_profile", None)  # the pixels are sRGB now
    return converted
