"""Write-in space and QR codes: validation with exact messages, the model through the transforms, and
built PDFs read back (ruled lines as artifacts, form fields in Form elements, QR codes that decode)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import page
import pikepdf
import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from handoutkit.check.prose import prose
from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.load import yamlfile
from handoutkit.model import Citation, Paragraph, QrCode, Strong, Text, WriteIn
from handoutkit.transforms.apply import apply_transforms

from ..helpers import (
    KINDS_LISTED,
    MINIMAL,
    ROOT,
    assert_in_order,
    normalise,
    pdf_text,
    run,
    with_blocks,
    write,
)
from ..pdfstructure import Node, flatten, full_text, reading_text, structure, walk_content

WRITE_IN = ROOT / "tests" / "data" / "write-in.yaml"
QR_CODE = ROOT / "tests" / "data" / "qr-code.yaml"
MULTILINE = 1 << 12  # the text field flag (PDF 32000-1, table 228)
VIDEO = "https://www.example.org/videos/treatment-day?lang=en&part=2"
ONLINE = "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy"


def blocks_of(text: str) -> tuple[object, ...]:
    handout, found = run(text)
    assert found == [] and handout is not None, found
    return handout.sections[0].blocks


# --- validation -------------------------------------------------------------------------------------

PROBLEMS = [
    pytest.param(
        "- write_in: {title: Questions, lines: 40}\n",
        ["h.yaml:6:45: error: 'lines' of a write-in is 40; give a whole number from 1 to 30"],
        id="too-many-lines",
    ),
    pytest.param(
        "- write_in: {lines: 0}\n",
        ["h.yaml:6:27: error: 'lines' of a write-in is 0; give a whole number from 1 to 30"],
        id="no-lines",
    ),
    pytest.param(
        "- write_in: {lines: six}\n",
        ["h.yaml:6:27: error: 'lines' of a write-in is 'six'; give a whole number from 1 to 30"],
        id="lines-as-a-word",
    ),
    pytest.param(
        "- write_in: {lines: 2.5}\n",
        ["h.yaml:6:27: error: 'lines' of a write-in is 2.5; give a whole number from 1 to 30"],
        id="lines-as-a-fraction",
    ),
    pytest.param(
        "- write_in: {lines: [6]}\n",
        ["h.yaml:6:27: error: 'lines' of a write-in is a list; give a whole number from 1 to 30"],
        id="lines-as-a-list",
    ),
    pytest.param(
        "- write_in: {title: Questions}\n",
        ["h.yaml:6:19: error: a write-in has no 'lines'; add 'lines: ...'"],
        id="lines-missing",
    ),
    pytest.param(
        "- write_in: {lines: 3, fillable: maybe}\n",
        ["h.yaml:6:40: error: 'fillable' of a write-in is 'maybe'; give true or false"],
        id="fillable-not-true-or-false",
    ),
    pytest.param(
        "- write_in: {lines: 3, filable: false}\n",
        ["h.yaml:6:30: error: unknown key 'filable' in a write-in; did you mean 'fillable'?"],
        id="misspelt-fillable",
    ),
    pytest.param(
        "- write_in: {lines: 3, title: ''}\n",
        ["h.yaml:6:37: error: 'title' is empty; write its text or remove the key"],
        id="empty-title",
    ),
    pytest.param(
        "- write_in: 6\n",
        ["h.yaml:6:19: error: 'write_in' must be a mapping (key: value lines), found a whole number"],
        id="write-in-as-a-number",
    ),
    pytest.param(
        "- write_in: {lines: 3}\n  title: Notes\n",
        ["h.yaml:7:9: error: unknown key 'title' in a 'write_in' block; allowed: write_in"],
        id="title-beside-the-write-in",
    ),
    pytest.param(
        "- write-in: {lines: 3}\n",
        [f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} (found: write-in); did you mean 'write_in'?"],
        id="misspelt-write-in",
    ),
    pytest.param(
        "- qr: {url: 'mailto:care@example.org'}\n",
        [
            "h.yaml:6:19: error: 'url' of a QR code is 'mailto:care@example.org', which is not a web address; "
            "a QR code needs a full http or https address, e.g. https://www.example.org/handout"
        ],
        id="qr-mailto",
    ),
    pytest.param(
        "- qr: {url: 'tel:+15550100'}\n",
        [
            "h.yaml:6:19: error: 'url' of a QR code is 'tel:+15550100', which is not a web address; "
            "a QR code needs a full http or https address, e.g. https://www.example.org/handout"
        ],
        id="qr-tel",
    ),
    pytest.param(
        "- qr: {url: www.example.org}\n",
        [
            "h.yaml:6:19: error: 'url' of a QR code is 'www.example.org', which is not a web address; "
            "a QR code needs a full http or https address, e.g. https://www.example.org/handout"
        ],
        id="qr-without-scheme",
    ),
    pytest.param(
        "- qr: {url: 'https://'}\n",
        ["h.yaml:6:19: error: link address 'https://' has no host name; write it as https://host/path"],
        id="qr-without-host",
    ),
    pytest.param(
        "- qr: {url: 'https://example.org/a b'}\n",
        [
            "h.yaml:6:19: error: 'url' of a QR code is 'https://example.org/a b', which contains a space; "
            "write each space as %20"
        ],
        id="qr-with-space",
    ),
    pytest.param(
        "- qr: {caption: Watch the video}\n",
        ["h.yaml:6:13: error: a QR code has no 'url'; add 'url: ...'"],
        id="qr-without-url",
    ),
    pytest.param(
        "- qr: {url: 'https://example.org', captoin: Watch}\n",
        ["h.yaml:6:42: error: unknown key 'captoin' in a QR code; did you mean 'caption'?"],
        id="misspelt-caption",
    ),
    pytest.param(
        "- qr: https://example.org\n",
        ["h.yaml:6:13: error: 'qr' must be a mapping (key: value lines), found text"],
        id="qr-as-text",
    ),
    pytest.param(
        "- qr: {url: 'https://example.org', caption: 'See [@nope]'}\n",
        ["h.yaml:6:57: error: citation of unknown reference 'nope'; add it to 'references' with 'id: nope'"],
        id="caption-citation-placed",
    ),
]


@pytest.mark.parametrize(("blocks", "expected"), PROBLEMS)
def test_block_problems(blocks: str, expected: list[str]) -> None:
    handout, found = run(with_blocks(blocks))
    assert handout is None
    assert found == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "url: mailto:care@example.org",
            "h.yaml:7:6: error: 'url' of the handout is 'mailto:care@example.org', which is not a web address; "
            "a QR code needs a full http or https address, e.g. https://www.example.org/handout",
        ),
        (
            "url: ftp://example.org/h.pdf",
            "h.yaml:7:6: error: 'url' of the handout is 'ftp://example.org/h.pdf', which is not a web address; "
            "a QR code needs a full http or https address, e.g. https://www.example.org/handout",
        ),
        (
            "URL: https://example.org",
            "h.yaml:7:1: error: unknown key 'URL' in the handout; did you mean 'url'?",
        ),
        ("url: ''", "h.yaml:7:6: error: 'url' of the handout is empty; write its text or remove the key"),
    ],
)
def test_handout_url_problems(line: str, expected: str) -> None:
    handout, found = run(MINIMAL + line + "\n")
    assert handout is None
    assert found == [expected]


def test_write_ins_and_qr_codes_become_the_model() -> None:
    blocks = blocks_of(
        with_blocks(
            """\
            - write_in: {title: Questions for my **care team**, lines: 6}
            - write_in: {lines: '3', fillable: false}
            - qr: {url: ' https://example.org/v ', caption: Watch}
            - qr: {url: 'http://example.org'}
            """
        )
    )
    assert blocks == (
        WriteIn((Text("Questions for my "), Strong((Text("care team"),))), 6, True),
        WriteIn(None, 3, False),
        QrCode("https://example.org/v", (Text("Watch"),)),
        QrCode("http://example.org", None),
    )


def test_the_handout_url_reaches_the_model() -> None:
    handout, found = run(MINIMAL + f"url: {ONLINE}\n")
    assert found == [] and handout is not None
    assert handout.url == ONLINE
    without = run(MINIMAL)[0]
    assert without is not None and without.url == ""


def test_citations_in_titles_and_captions_are_numbered_in_reading_order() -> None:
    text = (
        with_blocks(
            """\
        - write_in: {title: 'Questions [@b]', lines: 2}
        - qr: {url: 'https://example.org', caption: 'Watch [@a]'}
        - Then [@b] and [@a].
        """
        )
        + "references:\n  - {id: a, text: A.}\n  - {id: b, text: B.}\n"
    )
    handout, found = run(text)
    assert found == [] and handout is not None
    write_in, qr, paragraph = apply_transforms(handout).sections[0].blocks
    assert isinstance(write_in, WriteIn) and isinstance(qr, QrCode) and isinstance(paragraph, Paragraph)
    assert write_in.title == (Text("Questions "), Citation(("b",), (1,)))
    assert qr.caption == (Text("Watch "), Citation(("a",), (2,)))


def test_write_in_titles_and_qr_captions_are_not_prose() -> None:
    title = " ".join(["word"] * 30)
    text = with_blocks(f"- write_in: {{title: {title}, lines: 2}}\n- qr: {{url: 'https://a.org', caption: {title}}}\n")
    report = Report()
    root = yamlfile.parse(text, "h.yaml", report)
    assert root is not None
    (part,) = prose(root)
    assert [block.kind for block in part.blocks] == []


# --- built PDFs ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two test handouts, tagged (the default style) and untagged."""
    out = tmp_path_factory.mktemp("blocks")
    found: dict[str, Path] = {}
    for source in (WRITE_IN, QR_CODE):
        assert main(["build", str(source), "--out", str(out), "--today", "2025-05-01", "--strict"]) == 0
        assert main(["build", str(source), "--out", str(out / "untagged"), "--no-pdf-ua"]) == 0
        found[source.stem] = out / f"{source.stem}.pdf"
        found[f"untagged/{source.stem}"] = out / "untagged" / f"{source.stem}.pdf"
    return found


@dataclass(frozen=True)
class Segment:
    """A straight line drawn inside a layout artifact, in page space."""

    page: int
    artifact: int  # which artifact sequence of the document drew it
    x0: float
    y0: float
    x1: float
    y1: float


def layout_segments(pdf: pikepdf.Pdf) -> list[Segment]:
    """Every 'x y m x y l' drawn inside an /Artifact of /Type /Layout, with the transformation applied."""
    found: list[Segment] = []
    artifacts = 0
    for index, pdf_page in enumerate(pdf.pages):
        ctm, saved = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), []
        tags: list[int | None] = []  # per open marked-content sequence: its artifact number, if a layout artifact
        start = (0.0, 0.0)
        for operands, op in pikepdf.parse_content_stream(pdf_page):
            name = str(op)
            if name == "q":
                saved.append(ctm)
            elif name == "Q":
                ctm = saved.pop()
            elif name == "cm":
                ctm = _concat(tuple(float(v) for v in operands), ctm)
            elif name in ("BDC", "BMC"):
                layout = name == "BDC" and str(operands[0]) == "/Artifact" and operands[1].get("/Type") == "/Layout"
                artifacts += layout
                tags.append(artifacts if layout else None)
            elif name == "EMC":
                tags.pop()
            elif name == "m":
                start = _apply(ctm, float(operands[0]), float(operands[1]))
            elif name == "l" and tags and tags[-1] is not None:
                end = _apply(ctm, float(operands[0]), float(operands[1]))
                found.append(Segment(index, tags[-1], *start, *end))
    return found


def _concat(m: tuple[float, ...], c: tuple[float, ...]) -> tuple[float, float, float, float, float, float]:
    return (
        m[0] * c[0] + m[1] * c[2],
        m[0] * c[1] + m[1] * c[3],
        m[2] * c[0] + m[3] * c[2],
        m[2] * c[1] + m[3] * c[3],
        m[4] * c[0] + m[5] * c[2] + c[4],
        m[4] * c[1] + m[5] * c[3] + c[5],
    )


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def ruled_lines(pdf: pikepdf.Pdf) -> list[list[Segment]]:
    """The ruled lines of each write-in part: layout artifacts of two or more horizontal lines."""
    groups: dict[int, list[Segment]] = {}
    for segment in layout_segments(pdf):
        groups.setdefault(segment.artifact, []).append(segment)
    return [group for group in groups.values() if len(group) > 1 and all(s.y0 == s.y1 for s in group)]


def widgets(pdf: pikepdf.Pdf) -> list[tuple[int, pikepdf.Object]]:
    return [
        (index, annotation)
        for index, pdf_page in enumerate(pdf.pages)
        for annotation in pdf_page.get("/Annots", [])
        if annotation.get("/Subtype") == "/Widget"
    ]


def parent_of(pdf: pikepdf.Pdf, key: int) -> pikepdf.Object:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    found = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    return found[key]


def tree(path: Path) -> Node:
    document = pikepdf.open(path)
    return structure(document, walk_content(document))


def by_role(root: Node, role: str) -> list[Node]:
    return [node for _, node in flatten(root) if node.role == role]


def test_the_pdf_ua_1_checker_passes_the_test_handouts(built: dict[str, Path]) -> None:
    for name in ("write-in", "qr-code"):
        report = page.validate_pdf(built[name], profile=page.ValidationProfile.PDF_UA_1)
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and not failures, f"{name}: {failures}"
        assert report.rules.total >= 100


def test_all_text_is_tagged_or_an_artifact(built: dict[str, Path]) -> None:
    for name in ("write-in", "qr-code"):
        walk = walk_content(pikepdf.open(built[name]))
        assert walk.untagged == [] and walk.nested_mcids == [], name


def test_write_in_titles_print_in_order(built: dict[str, Path]) -> None:
    text = pdf_text(built["write-in"])
    assert_in_order(text, ["Before your visit", "Questions for my care team", "Things to bring", "Your notes"])


def test_each_write_in_draws_its_lines_as_one_artifact_across_the_column(built: dict[str, Path]) -> None:
    pdf = pikepdf.open(built["write-in"])
    groups = ruled_lines(pdf)
    assert [len(group) for group in groups] == [8, 3, 4]
    left, right = 1.3 * 72, pdf.pages[0].mediabox[2] - 1.3 * 72  # the default style's margins
    for group in groups:
        assert all(abs(s.x0 - left) < 0.01 and abs(s.x1 - right) < 0.01 for s in group)
        heights = sorted(s.y0 for s in group)
        gaps = {round(b - a, 2) for a, b in itertools.pairwise(heights)}
        assert gaps == {round(2 * 13 * 1.42, 2)}, "two body lines apart (13 pt text, leading 1.42)"


def test_a_fillable_write_in_has_a_multiline_text_field_over_its_lines(built: dict[str, Path]) -> None:
    pdf = pikepdf.open(built["write-in"])
    lines = ruled_lines(pdf)[0]
    (index, field), _ = widgets(pdf)
    assert index == lines[0].page
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    assert x0 <= min(s.x0 for s in lines) + 0.01 and x1 >= max(s.x1 for s in lines) - 0.01
    assert y0 <= min(s.y0 for s in lines) + 0.01 and y1 >= max(s.y0 for s in lines)
    assert field.FT == "/Tx" and int(field.Ff) & MULTILINE
    assert str(field.T) == "write-in-section-1-6"
    assert str(field.TU) == "Questions for my care team"
    assert "/MaxLen" not in field, "notes of any length"
    form = parent_of(pdf, int(field.StructParent))
    assert form.S == "/Form"
    (objr,) = [kid for kid in form.K if kid.get("/Type") == "/OBJR"]
    assert objr.Obj.objgen == field.objgen and objr.Pg.objgen == pdf.pages[index].obj.objgen
    assert [field.objgen for field in pdf.Root.AcroForm.Fields] == [w.objgen for _, w in widgets(pdf)]
    assert all(pdf_page.Tabs == "/S" for pdf_page in pdf.pages)


def test_an_untitled_write_in_field_is_named_by_its_section(built: dict[str, Path]) -> None:
    pdf = pikepdf.open(built["write-in"])
    _, (_, field) = widgets(pdf)
    assert (str(field.T), str(field.TU)) == ("write-in-section-2-2", "Your notes")


def test_a_write_in_that_is_not_fillable_has_no_field(built: dict[str, Path]) -> None:
    pdf = pikepdf.open(built["write-in"])
    things = ruled_lines(pdf)[1]
    top = max(s.y0 for s in things)
    for index, field in widgets(pdf):
        _, y0, _, y1 = (float(v) for v in field.Rect)
        assert not (index == things[0].page and y0 <= top <= y1), "a field over the 'Things to bring' lines"
    assert len(widgets(pdf)) == 2


def test_a_write_in_is_a_group_with_its_title_and_its_form(built: dict[str, Path]) -> None:
    root = tree(built["write-in"])
    groups = by_role(root, "Div")
    assert [group.attrs.get("T") for group in groups] == ["Questions for my care team", "Things to bring", None]
    assert [[kid.role for kid in group.kids] for group in groups] == [["P", "Form"], ["P"], ["Form"]]
    assert normalise(full_text(groups[1].kids[0])) == "Things to bring"
    assert all(form.annotations == 1 for form in by_role(root, "Form"))


def test_a_write_in_near_the_foot_of_a_page_moves_whole_to_the_next(built: dict[str, Path]) -> None:
    reader = PdfReader(built["write-in"])
    pdf = pikepdf.open(built["write-in"])
    lines = ruled_lines(pdf)[0]
    assert {s.page for s in lines} == {1}, "all eight lines on page 2"
    assert "Questions for my care team" in reader.pages[1].extract_text()
    assert "before your visit" in normalise(reader.pages[0].extract_text())
    # It did not fit: on page 1 there was room for some of its lines, not for all of them.
    baselines: list[float] = []

    def baseline(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            baselines.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    reader.pages[0].extract_text(visitor_text=baseline)
    room = min(y for y in baselines if y > 0.85 * 72) - 0.85 * 72  # above the bottom margin, so not the footer
    spacing = 2 * 13 * 1.42
    assert room > 3 * spacing, "a split would have put some lines on page 1"


def test_a_write_in_taller_than_a_page_goes_on_with_a_field_per_page(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", with_blocks("- write_in: {title: Notes, lines: 30}\n"))
    assert main(["build", str(source), "--out", str(tmp_path)]) == 0
    pdf = pikepdf.open(tmp_path / "h.pdf")
    parts = ruled_lines(pdf)
    assert [len(part) for part in parts] == [15, 15], "after its heading, as many lines as fit, then the rest"
    assert [part[0].page for part in parts] == [0, 1], "it starts under its heading"
    fields = widgets(pdf)
    assert [str(f.T) for _, f in fields] == ["write-in-section-1-1", "write-in-section-1-1-2"]
    assert [index for index, _ in fields] == [part[0].page for part in parts]
    forms = [parent_of(pdf, int(f.StructParent)) for _, f in fields]
    assert all(form.S == "/Form" for form in forms) and len({form.objgen for form in forms}) == len(forms)
    report = page.validate_pdf(tmp_path / "h.pdf", profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f.rule_id for f in report.failures]


def decoded(path: Path) -> list[str]:
    """The QR codes on each page, read from a rendering as a phone camera would."""
    document = pypdfium2.PdfDocument(path)
    try:
        found: list[str] = []
        for index in range(len(document)):
            image = document[index].render(scale=200 / 72).to_pil()
            found.extend(result.text for result in zxingcpp.read_barcodes(image))
        return found
    finally:
        document.close()


def test_qr_codes_decode_to_their_exact_addresses(built: dict[str, Path]) -> None:
    assert sorted(decoded(built["qr-code"])) == sorted([VIDEO, ONLINE])
    assert sorted(decoded(built["untagged/qr-code"])) == sorted([VIDEO, ONLINE])


def test_the_address_prints_under_its_qr_code_as_a_link(built: dict[str, Path]) -> None:
    text = pdf_text(built["qr-code"])
    assert_in_order(text, ["Watch and learn", "Watch the video", VIDEO, "What to do", ONLINE, "References"])
    pdf = pikepdf.open(built["qr-code"])
    uris = [str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert VIDEO in uris and uris.count(ONLINE) == 2  # under the code, and in the References


def test_a_qr_code_is_a_figure_with_alt_text_drawn_inside_it(built: dict[str, Path]) -> None:
    root = tree(built["qr-code"])
    figures = by_role(root, "Figure")
    assert [figure.attrs["Alt"] for figure in figures] == [f"QR code: {VIDEO}", f"QR code: {ONLINE}"]
    assert all(figure.pages == {0} for figure in figures), "each has marked content on the page"
    video, online = by_role(root, "Div")
    assert [kid.role for kid in video.kids] == ["P", "Figure", "P"]
    assert [kid.role for kid in online.kids] == ["Figure", "P"]
    (link,) = online.kids[1].kids
    assert link.role == "Link" and normalise(link.text) == ONLINE and link.annotations == 1
    assert _filled_rectangles_in(pikepdf.open(built["qr-code"]), figures_mcids(built["qr-code"])) > 2 * 100


def figures_mcids(path: Path) -> set[int]:
    pdf = pikepdf.open(path)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    marks = nums[1]  # page 1's array: MCID -> element
    return {mcid for mcid in range(len(marks)) if marks[mcid].S == "/Figure"}


def _filled_rectangles_in(pdf: pikepdf.Pdf, mcids: set[int]) -> int:
    """How many 're' operators the page draws inside the given marked-content sequences; none outside."""
    inside, stack = 0, []
    for operands, op in pikepdf.parse_content_stream(pdf.pages[0]):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            stack.append(int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None)
        elif name == "BMC":
            stack.append(None)
        elif name == "EMC":
            stack.pop()
        elif name == "re":
            assert stack, "a rectangle outside any tag or artifact"
            inside += any(mcid in mcids for mcid in stack)
    return inside


def test_the_handout_qr_code_reads_after_the_sections_and_before_the_references(built: dict[str, Path]) -> None:
    text = normalise(reading_text(tree(built["qr-code"])))
    assert_in_order(text, ["Ask your care team about what you saw.", ONLINE, "References"])


def test_untagged_output_keeps_the_form_fields(built: dict[str, Path]) -> None:
    pdf = pikepdf.open(built["untagged/write-in"])
    assert "/StructTreeRoot" not in pdf.Root
    assert [str(f.T) for _, f in widgets(pdf)] == ["write-in-section-1-6", "write-in-section-2-2"]


def test_building_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["build", str(WRITE_IN), str(QR_CODE), "--out", str(tmp_path / out)]) == 0
    for name in ("write-in.pdf", "qr-code.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_format_pages_example_is_a_valid_handout_with_both_block_kinds() -> None:
    manual = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", manual, re.S)
    assert example is not None
    handout, found = run(example.group(1))
    assert found == [] and handout is not None
    kinds = {type(block) for section in handout.sections for block in section.blocks}
    assert {WriteIn, QrCode} <= kinds and handout.url.startswith("https://")
