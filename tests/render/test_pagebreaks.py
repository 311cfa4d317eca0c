"""Page breaks a designer would accept, swept over block kinds, filler lengths and built-in styles.

Each handout puts a block of one kind after a filler whose length grows a little from handout to
handout, so that the block meets the foot of a page at every offset. The rules are checked on the
built pages, read back from the PDF as lines of text with their font sizes (``pagelines``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

from ..helpers import write
from ..pagelines import Line, page_lines

STYLES = ("default", "large-print", "example-clinic")
FILLERS = range(16)  # filler lengths: 9 more words each, about three quarters of a line
MAX_EMPTY_LINES = 6  # lines a page may leave empty at its foot when a heading moves on with its paragraph


def words(tag: str, count: int, *, cite: str = "") -> str:
    """``count`` words tagged with ``tag`` (so each line tells which paragraph it is in), one
    sentence every nine words."""
    out = []
    for index in range(count):
        out.append(f"{tag}{index % 7}" + ("." if index % 9 == 8 else ""))
    text = " ".join(out).rstrip(".") + "."
    return f"{text[:-1]} [@{cite}]." if cite else text


TARGETS = {
    "paragraph": f"      - {words('cedar', 150)}\n",
    "note": f"      - note: {words('fern', 30)}\n        title: Boxtitle\n",
    "note-list": (
        "      - note:\n"
        f"          - {words('fern', 14)}\n"
        "          - bullets:\n"
        + "".join(f"              - {words('elm', 12)}\n" for _ in range(3))
        + "        title: Boxtitle\n"
        "        kind: warning\n"
    ),
    "note-tall": f"      - note: {words('fern', 330)}\n        title: Boxtitle\n",  # about a page
    "write-in": "      - write_in: {title: Writetitle, lines: 4}\n",
    "write-in-tall": "      - write_in: {title: Writetitle, lines: 17}\n",
    "write-in-untitled": "      - write_in: {lines: 3}\n",
    "qr": "      - qr: {url: 'https://example.org/handout', caption: Qrtitle}\n",
    "bullets": "      - bullets:\n" + "".join(f"          - {words('elm', 24)}\n" for _ in range(3)),
    "steps": "      - steps:\n" + "".join(f"          - Step{n}\n" for n in range(1, 13)),
    "subheading": f"      - subheading: Subheading here\n      - {words('cedar', 40)}\n",
}
TITLES = ("Boxtitle", "Writetitle", "Qrtitle")
REFERENCES = "".join(
    f"  - id: ref{n}\n    type: webpage\n    title: Reference number {n} about a topic\n"
    f"    container-title: National Cancer Institute\n    URL: https://www.cancer.gov/page-{n}\n"
    "    accessed: 2025-02-19\n"
    for n in range(1, 4)
)


def handout(kind: str, filler: int) -> str:
    return (
        f"title: Sweep {kind} {filler}\nreviewed: 2025-04-12\nsummary: {words('dune', 20)}\nsections:\n"
        "  - heading: Filler heading\n    blocks:\n"
        f"      - {words('amber', 100 + 9 * filler, cite='ref1')}\n"
        f"      - {words('birch', 130, cite='ref2')}\n"
        "  - heading: Target heading\n    blocks:\n"
        f"{TARGETS[kind]}"
        f"      - {words('after', 36, cite='ref3')}\n"
        f"references:\n{REFERENCES}"
    )


@cache
def sheet(style: str) -> Stylesheet:
    found = load_stylesheet(style, Report())
    assert found is not None
    return found


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, int], list[list[Line]]]:
    """Every swept handout built in every style, read back as lines."""
    source = tmp_path_factory.mktemp("sweep")
    for kind in TARGETS:
        for filler in FILLERS:
            write(source, f"{kind}-{filler}.yaml", handout(kind, filler))
    found: dict[tuple[str, str, int], list[list[Line]]] = {}
    for style in STYLES:
        out = tmp_path_factory.mktemp(style)
        assert main(["build", str(source), "--out", str(out), "--style", style, "--jobs", "2"]) == 0
        page = sheet(style).page
        for kind in TARGETS:
            for filler in FILLERS:
                pdf = out / f"{kind}-{filler}.pdf"
                found[style, kind, filler] = page_lines(pdf, bottom=page.bottom, top=page.height - page.top)
    return found


def is_heading(line: Line, style: str) -> bool:
    """A title, heading or subheading line (larger than body text), or the title of a box."""
    return line.size > sheet(style).sizes.body * 1.1 or line.text.startswith(TITLES)


def cases(swept: dict[tuple[str, str, int], list[list[Line]]], style: str) -> list[tuple[str, list[list[Line]]]]:
    return [(f"{kind}-{filler}", pages) for (s, kind, filler), pages in swept.items() if s == style]


@pytest.mark.parametrize("style", STYLES)
def test_no_heading_ends_a_page(swept: dict[tuple[str, str, int], list[list[Line]]], style: str) -> None:
    stranded = [
        f"{name} page {number}: {page[-1].text!r}"
        for name, pages in cases(swept, style)
        for number, page in enumerate(pages[:-1], 1)
        if page and is_heading(page[-1], style) and not ruled_below(name, page[-1], style)
    ]
    assert stranded == []


def ruled_below(name: str, line: Line, style: str) -> bool:
    """The title of a write-in, or the heading of an untitled one, with room for its ruled lines
    below it: then lines, not text, end the page."""
    geometry = sheet(style)
    lines = 1 if name.startswith("write-in-tall") else 4  # a tall one splits: one ruled line at least
    ruled = {"Writetitle": lines, "Target heading": 3 if name.startswith("write-in-untitled") else 0}.get(line.text, 0)
    return ruled > 0 and line.y - geometry.page.bottom >= ruled * 2 * geometry.sizes.leading


@pytest.mark.parametrize("style", STYLES)
def test_a_last_page_holds_four_lines_of_text(swept: dict[tuple[str, str, int], list[list[Line]]], style: str) -> None:
    short = [
        f"{name}: {len(text)} lines"
        for name, pages in cases(swept, style)
        if len(pages) > 1 and len(text := [line for line in pages[-1] if not is_heading(line, style)]) < 4
    ]
    assert short == []


TAG = re.compile(r"^(amber|birch|cedar|after|fern|elm|dune)\d")


@pytest.mark.parametrize("style", STYLES)
def test_no_paragraph_leaves_one_line_alone(swept: dict[tuple[str, str, int], list[list[Line]]], style: str) -> None:
    """A paragraph or list item split across pages keeps at least two lines on each page."""
    lonely: list[str] = []
    for name, pages in cases(swept, style):
        for number, (page, following) in enumerate(itertools.pairwise(pages), 1):
            if not page or not following:
                continue
            last, first = TAG.match(page[-1].text), TAG.match(following[0].text)
            if not (last and first and last.group(1) == first.group(1)):
                continue  # the page does not end inside a paragraph
            tag = last.group(1)
            before = _run(reversed(page), tag)
            after = _run(following, tag)
            if before < 2 or after < 2:
                lonely.append(f"{name} pages {number}-{number + 1}: {before} + {after} lines of {tag}")
    assert lonely == []


def _run(lines: object, tag: str) -> int:
    count = 0
    for line in lines:  # type: ignore[attr-defined]
        found = TAG.match(line.text)
        if not found or found.group(1) != tag or line.text.startswith("•"):
            break
        count += 1
    return count


@pytest.mark.parametrize("style", STYLES)
def test_a_heading_moves_on_without_leaving_the_page_foot_empty(
    swept: dict[tuple[str, str, int], list[list[Line]]], style: str
) -> None:
    """When a heading starts a page, the page before is full to within a few lines: the paragraph
    after the heading splits rather than taking the heading with it to the next page."""
    geometry = sheet(style)
    empty: list[str] = []
    for name, pages in cases(swept, style):
        if not name.startswith(("paragraph", "subheading")):
            continue  # only a paragraph can split; a note or a QR code moves whole, as it must
        for number, (page, following) in enumerate(itertools.pairwise(pages), 1):
            if page and following and following[0].text.startswith("Target heading"):
                room = (page[-1].y - geometry.page.bottom) / geometry.sizes.leading
                if room > MAX_EMPTY_LINES:
                    empty.append(f"{name} page {number}: {room:.1f} lines empty")
    assert empty == []


@pytest.mark.parametrize("style", STYLES)
def test_list_labels_never_touch_their_text(swept: dict[tuple[str, str, int], list[list[Line]]], style: str) -> None:
    gaps: Counter[str] = Counter()
    for name, pages in cases(swept, style):
        if not name.startswith("steps"):
            continue
        for page in pages:
            for line in page:
                if line.label_gap is not None and line.text[0].isdigit():
                    gaps["touching" if line.label_gap < 0.25 else "clear"] += 1
    assert gaps["touching"] == 0 and gaps["clear"] >= 12 * len(FILLERS)


def test_the_label_column_fits_labels_of_three_digits(tmp_path: Path) -> None:
    items = "".join(f"          - Item{n}\n" for n in range(1, 106))
    source = write(
        tmp_path,
        "long.yaml",
        f"title: Many steps\nreviewed: 2025-04-12\nsections:\n  - heading: Steps\n    blocks:\n      - steps:\n{items}",
    )
    for style in STYLES:
        out = tmp_path / style
        assert main(["build", str(source), "--out", str(out), "--style", style]) == 0
        page = sheet(style).page
        lines = [
            line
            for pages in page_lines(out / "long.pdf", bottom=page.bottom, top=page.height - page.top)
            for line in pages
            if line.label_gap is not None
        ]
        assert [line.text.split(".")[0] for line in lines] == [str(n) for n in range(1, 106)]
        assert min(line.label_gap for line in lines if line.label_gap is not None) >= 0.25, style
        starts = {round(float(line.text.split(". ")[1][4:]) > 0) for line in lines}  # every text read whole
        assert starts == {1}
