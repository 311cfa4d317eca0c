"""Read the leaf values of a style sheet: text, header/footer templates, colours, lengths, sizes."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from ..diagnostics import Report
from ..load import reads
from ..load.tree import Scalar
from .images import image_problem
from .sheet import PLACEHOLDERS

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54}
LENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)?")
COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
# The largest value of each kind of number: sizes in points, counts, and factors of the body size.
LIMITS = {"points": 200, "count": 1000, "factor": 10}
EMPTY_ALLOWED = ("text", "template")  # kinds whose value may be left empty
# A logo prints about half an inch tall: 4 megapixels is far more than it can show, and decodes
# in 16 MB (RGBA), so a worker stays small however many handouts it builds.
LOGO_PIXELS = 4_000_000


def read_empty(scalar: Scalar, kind: str, what: str, report: Report) -> str | None:
    """Empty text or a blank header or footer line is allowed; any other value must be given."""
    if kind in EMPTY_ALLOWED:
        return ""
    if kind == "color":
        report.error(
            scalar.position,
            f'{what} is empty; an unquoted # starts a YAML comment, so write the colour in quotes, e.g. "#1f4e79"',
        )
        return None
    report.error(scalar.position, f"{what} is empty; write its value or remove the key")
    return None


def read_value(scalar: Scalar, kind: str, what: str, report: Report) -> Any:
    raw = scalar.value.strip()
    if kind == "text":
        return raw
    if kind == "template":
        return read_template(scalar, what, report)
    if kind == "image":
        return read_image(scalar, what, report)
    if kind == "path":
        path = (Path(scalar.position.path).parent / raw).resolve()  # relative to the style naming it
        if not path.is_file():
            report.error(scalar.position, f"{what} '{raw}' is not a file (looked for {path}); check the path")
            return None
        return str(path)
    if kind == "color":
        if COLOR.fullmatch(raw):
            return raw.lower()
        report.error(scalar.position, f"{what} '{raw}' is not a colour; write it as #RRGGBB, e.g. #1f4e79")
        return None
    if kind == "length":
        found = LENGTH.fullmatch(raw)
        if found:
            return float(found.group(1)) * _UNITS[found.group(2) or "pt"]
        report.error(scalar.position, f"{what} '{raw}' is not a length; write e.g. 0.75in, 18mm, 2cm or 54pt")
        return None
    try:
        number = float(raw)
    except ValueError:
        number = math.nan
    limit = LIMITS.get(kind, LIMITS["factor"])
    if not 0 < number <= limit:
        unit = {
            "points": "a size in points, e.g. 12",
            "count": "a positive number, e.g. 20",
        }.get(kind, "a factor of the body size, e.g. 1.4")
        report.error(scalar.position, f"{what} '{raw}' is not {unit}")
        return None
    return number


def read_template(scalar: Scalar, what: str, report: Report) -> str | None:
    for name in re.findall(r"\{([^{}]*)\}", scalar.value):
        if name not in PLACEHOLDERS:
            hint = reads.suggest(name, PLACEHOLDERS)
            report.error(scalar.locate("{" + name + "}"), f"unknown placeholder '{{{name}}}' in {what}; {hint}")
            return None
    return scalar.value


def project_folder(file: Path) -> Path:
    """The project a style or handout belongs to: the folder holding its ``styles/`` or ``source/``
    folder, or its own folder."""
    folder = file.resolve().parent
    return folder.parent if folder.name in ("styles", "source") else folder


def read_image(scalar: Scalar, what: str, report: Report) -> str | None:
    """A PNG or JPEG file, relative to the style that names it, inside the project folder."""
    style = Path(scalar.position.path)
    path = (style.parent / scalar.value.strip()).resolve()
    project = project_folder(style)
    if not path.is_relative_to(project):
        message = f"{what} '{scalar.value}' is outside the project folder {project}; keep it inside"
        report.error(scalar.position, message)
        return None
    problem = image_problem(path, max_pixels=LOGO_PIXELS, use="a logo")
    if problem:
        report.error(scalar.position, f"{what} '{scalar.value}' {problem}")
        return None
    return str(path)
