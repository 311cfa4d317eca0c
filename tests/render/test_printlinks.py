"""Links on paper: each link's target prints after its text (the number, the e-mail or web address),
links stay clickable, and long addresses break only at their break points, with nothing added.

Holds down issue 16: "[the nurse line](tel:+15550100100)" printed "call the nurse line." with the
number nowhere on the page, and long addresses broke inside words ("https://www.|cancer.org/...").
"""

from __future__ import annotations

import io
import itertools
from functools import cache
from pathlib import Path

import page
import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import _HSFrag  # type: ignore[attr-defined]  # not in the stubs

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.model import Link, Text
from handoutkit.printed import is_own_address, printed_target
from handoutkit.render.addresses import BEFORE, _cut, break_points
from handoutkit.render.flowables import TaggedParagraph
from handoutkit.render.fonts import font_chain
from handoutkit.render.rltree import fragments
from handoutkit.render.texttree import to_tree
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

from ..helpers import MINIMAL, build_in_fresh_python, normalise, pdf_text, write
from ..pdfstructure import flatten, structure, walk_content

NBSP = "\u00a0"
# A deep link of 1,627 characters, as real ones are: path segments, a query and a fragment.
DEEP = "https://www.example.org/" + "/".join(f"care-guide-{n}/section.{n}?topic={n}&page=item-{n}" for n in range(34))
DEEP = DEEP + "#" + ("top-of-page" * 20)[: 1627 - len(DEEP) - 1]
REFERENCE_URL = "https://www.cancer.org/cancer/managing-cancer/treatment-types/immunotherapy/what-is-immunotherapy.html"
DOI = "10.1200/JCO.2023.41.16_suppl.e14567-long-identifier/part.two-of-the-doi-that-goes-on-and-on/final.part"
QR_URL = "https://www.example.org/handouts/biological-therapy-for-cancer/printable-version/with-a-long-path.html"

LINKS = f"""\
title: Links on paper
reviewed: 2025-04-12
url: {QR_URL}
sections:
  - heading: How to reach us
    blocks:
      - "Call [the nurse line](tel:+15550100100), [write to us](mailto:care@example.org?subject=Question) or read
        [our page](https://www.example.org/page) [@web; @doi]."
      - "Already shown: [care@example.org](mailto:care@example.org), [www.example.org](https://www.example.org/),
        [(555) 010-0100](tel:+15550100100) and [https://example.org/a/](https://example.org/a) too."
      - "The desk is [extension 12](tel:+1-555-010-0100;ext=12);
        the front desk is [here](tel:555-0100;phone-context=+1)."
      - "The deep link: [the guide]({DEEP}) ends here."
references:
  - {{id: web, type: webpage, title: What is immunotherapy, container-title: American Cancer Society,
      URL: '{REFERENCE_URL}', accessed: 2025-02-10}}
  - {{id: doi, type: article-journal, title: A trial, container-title: J Clin Oncol, DOI: '{DOI}'}}
"""


@cache
def default() -> Stylesheet:
    sheet = load_stylesheet("default", Report())
    assert sheet is not None
    return sheet


def build(folder: Path, text: str, *style: str) -> Path:
    source = write(folder, "h.yaml", text)
    assert main(["build", str(source), "--out", str(folder / "out"), *style]) == 0
    return folder / "out" / "h.pdf"


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("printlinks"), LINKS)


def uris(pdf: Path) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    annotations = [a.get_object() for p in reader.pages for a in p.get("/Annots", [])]
    return {str(a["/A"]["/URI"]) for a in annotations if "/A" in a and "/URI" in a["/A"]}


def body_lines(pdf: Path) -> list[str]:
    """The lines of text inside the page frame (no header or footer), page after page, as copied."""
    return [line for page_lines in pages_of_lines(pdf) for line in page_lines]


def pages_of_lines(pdf: Path) -> list[list[str]]:
    sheet, pages = default(), []
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        width, height = document[index].get_size()
        frame = (sheet.page.left - 1, sheet.page.bottom, width - sheet.page.right + 1, height - sheet.page.top)
        text = document[index].get_textpage().get_text_bounded(*frame)
        pages.append([line.strip() for line in text.splitlines() if line.strip()])
    document.close()
    return pages


def widest_right_edge(pdf: Path) -> float:
    document = pdfium.PdfDocument(pdf)
    edges = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        edges += [textpage.get_charbox(char)[2] for char in range(textpage.count_chars())]
    document.close()
    return max(edges)


def breaks_in(lines: list[str], address: str) -> list[str]:
    """The line breaks inside ``address`` where joining ``lines`` with nothing between them gives
    it exactly, each as 'end of line|start of next'; fails where a break is at no break point."""
    joined, ends = "", []
    for line in lines:
        joined += line
        ends.append(len(joined))
    start = joined.find(address)
    assert start >= 0, f"{address[:50]}... is not the lines joined: {lines}"
    inside = [end for end in ends if start < end < start + len(address)]
    found = [f"{joined[end - 12 : end]}|{joined[end : end + 12]}" for end in inside]
    bad = [shown for end, shown in zip(inside, found, strict=True) if not _break_point(joined, end)]
    assert not bad, f"breaks inside a word of {address[:40]}...: {bad}"
    return found


def _break_point(joined: str, end: int) -> bool:
    return joined[end - 1] == "/" or joined[end] in BEFORE


# --- what prints ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("tel:+15550100100", f"+1{NBSP}555-010-0100"),
        ("tel:+1-555-010-0100;ext=12", f"+1{NBSP}555-010-0100{NBSP}ext.{NBSP}12"),
        ("tel:+442079460958", f"+44{NBSP}20{NBSP}7946{NBSP}0958"),
        ("tel:555-0100;phone-context=+1", "555-0100"),  # a local number prints as written
        ("tel:+1555", "+1555"),  # no possible number: as written
        ("mailto:care@example.org?subject=Question", "care@example.org"),
        ("https://www.example.org/page", "www.example.org/page"),
        ("http://example.org/", "example.org"),
        ("https://example.org/a/b/", "example.org/a/b/"),
    ],
)
def test_the_printed_target(url: str, printed: str) -> None:
    assert printed_target(url) == printed


@pytest.mark.parametrize(
    ("text", "url", "own"),
    [
        ("www.example.org", "https://www.example.org/", True),
        ("Example.org", "https://www.example.org", True),
        ("https://example.org/a/", "https://example.org/a", True),
        ("example.org/b", "https://example.org/a", False),
        ("our page", "https://example.org/", False),
        ("doi:10.1/ABC", "https://doi.org/10.1/abc", True),
        ("care@example.org", "mailto:care@example.org?subject=Hi", True),
        ("mailto:Care@Example.org", "mailto:care@example.org", True),
        ("write to us", "mailto:care@example.org", False),
        ("+1 555-010-0100", "tel:+15550100100", True),
        ("(555) 010-0100", "tel:+15550100100", True),
        ("020 7946 0958", "tel:+442079460958", True),
        ("555-010-0100", "tel:+1-555-010-0100;ext=12", False),  # the extension is missing
        ("555-010-0100 ext. 12", "tel:+1-555-010-0100;ext=12", True),
        ("0100", "tel:+15550100100", False),
        ("the nurse line", "tel:+15550100100", False),
    ],
)
def test_a_text_that_is_its_own_address(text: str, url: str, own: bool) -> None:
    assert is_own_address(text, url) is own


def test_every_number_and_address_is_in_the_copied_text_and_every_link_still_clickable(links: Path) -> None:
    text = pdf_text(links)
    for printed in [
        "Call the nurse line (+1 555-010-0100), write to us (care@example.org) or read our page (www.example.org/page)",
        "The desk is extension 12 (+1 555-010-0100 ext. 12); the front desk is here (555-0100).",
    ]:
        assert printed in text
    assert {
        "tel:+15550100100",
        "mailto:care@example.org?subject=Question",
        "https://www.example.org/page",
        "tel:+1-555-010-0100;ext=12",
        "tel:555-0100;phone-context=+1",
        DEEP,
        REFERENCE_URL,
        QR_URL,
        "https://doi.org/" + DOI,
    } <= uris(links)


def test_a_link_whose_text_is_its_address_prints_it_once(links: Path) -> None:
    text = pdf_text(links)
    assert "Already shown: care@example.org, www.example.org, (555) 010-0100 and https://example.org/a/ too." in text
    assert text.count("(care@example.org)") == 1  # the one after "write to us"
    assert "(doi.org" not in text and "(www.cancer.org" not in text  # the references print as AMA says


def test_the_target_is_part_of_the_link_and_the_pdf_stays_pdf_ua(links: Path) -> None:
    report = page.validate_pdf(links, profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    document = pikepdf.open(links)
    walk = walk_content(document)
    assert walk.untagged == [] and walk.empty == []
    texts = [normalise(node.text) for _, node in flatten(structure(document, walk)) if node.role == "Link"]
    assert "the nurse line (+1 555-010-0100)" in texts and "write to us (care@example.org)" in texts


def test_a_portal_style_prints_no_targets(tmp_path: Path) -> None:
    style = write(tmp_path, "portal.yaml", "extends: default\nprint_links: false\n")
    pdf = build(tmp_path, LINKS, "--style", str(style))
    text = pdf_text(pdf)
    assert "Call the nurse line, write to us or read our page" in text
    assert "555-010-0100 ext" not in text and "(www.example.org/page)" not in text and "care-guide-3" not in text
    assert {"tel:+15550100100", "mailto:care@example.org?subject=Question", DEEP} <= uris(pdf)


def test_phonenumbers_is_imported_only_for_a_handout_with_a_tel_link(tmp_path: Path) -> None:
    program = (
        "import sys\nfrom handoutkit.cli.main import main\n"
        "assert main(['build', sys.argv[1], '--out', sys.argv[2]]) == 0\n"
        "print('phonenumbers' in sys.modules)\n"
    )
    done = build_in_fresh_python(program, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"


# --- how addresses break -------------------------------------------------------------------------


def test_the_break_points() -> None:
    address = "www.a.org/b-c?d=1&e#f//g"
    cut = [address[i:j] for i, j in zip([0, *break_points(address)], [*break_points(address), None], strict=True)]
    assert cut == ["www", ".a", ".org/", "b", "-c", "?d", "=1", "&e", "#f//", "g"]


@settings(max_examples=300, derandomize=True, database=None)
@given(st.lists(st.text("ab./-", max_size=6), min_size=1, max_size=6), st.data(), st.booleans())
def test_a_word_cut_keeps_its_text_and_ends_at_each_cut(pieces: list[str], data: st.DataObject, spaced: bool) -> None:
    """A word of several runs (fonts, or the link and the text around it) cut at any offsets, one
    at a run's edge included (a cut there once lost the cut after it)."""
    text = "".join(pieces)
    assume(len(text) > 1)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, len(text) - 1), min_size=1, max_size=5))))
    frag = fragments(["x"], ParagraphStyle("body"))[0]
    word = [0.0, *((frag, piece) for piece in pieces)]
    parts = _cut(_HSFrag(word) if spaced else word, cuts)
    assert "".join(piece for part in parts for _, piece in part[1:]) == text
    assert list(itertools.accumulate(sum(len(piece) for _, piece in part[1:]) for part in parts[:-1])) == cuts
    assert [type(part) for part in parts] == [list] * len(cuts) + [_HSFrag if spaced else list]


def test_long_addresses_break_only_at_break_points_and_copy_whole(links: Path) -> None:
    lines = body_lines(links)
    printed_deep = DEEP.removeprefix("https://")
    assert len(breaks_in(lines, printed_deep)) > 10  # the 1,627-character link, printed in the text
    assert breaks_in(lines, REFERENCE_URL)  # a reference's address (with its scheme, as AMA prints it)
    assert breaks_in(lines, "doi:" + DOI)  # and a DOI
    assert breaks_in(lines, QR_URL)  # the QR code's address
    sheet = default()
    assert widest_right_edge(links) <= sheet.page.width - sheet.page.right + 0.5  # no line sticks out


def test_an_address_across_a_page_break_copies_whole(tmp_path: Path) -> None:
    """TaggedParagraph.split: the part on the next page goes on with the address, at a break point."""
    printed, across = DEEP.removeprefix("https://"), 0
    for repeats in (30, 45, 60, 75):  # the page break falls inside the address for some of these
        filler = " ".join(["Words before the link fill the page."] * repeats)
        pdf = build(tmp_path, MINIMAL.replace("A paragraph of text.", f"'{filler} See [the guide]({DEEP}).'"))
        pages = pages_of_lines(pdf)
        assert len(breaks_in([line for lines in pages for line in lines], printed)) > 10
        across += not any(printed in "".join(lines) for lines in pages)
    assert across


@pytest.mark.parametrize("width", [150.0, 233.0, 300.0, 425.0])
def test_no_line_of_an_address_is_wider_than_the_line(width: float) -> None:
    sheet = default()
    tree = to_tree((Text("See "), Link((Text("the guide"),), DEEP), Text(".")), sheet, font_chain(sheet.body_fonts))
    paragraph = TaggedParagraph(tree, ParagraphStyle("body", fontName=font_chain(sheet.body_fonts).primary.regular))
    paragraph.wrap(width, 10_000)
    lines = ["".join(frag.text for frag in line.words) for line in paragraph.blPara.lines]
    assert all(line.extraSpace >= -1e-6 for line in paragraph.blPara.lines)
    assert len(breaks_in([line.strip() for line in lines], DEEP.removeprefix("https://"))) > 5
    assert paragraph.wrap(width * 2, 10_000)[1] < paragraph.wrap(width, 10_000)[1]  # set again at other widths


def test_a_long_word_is_still_refused_but_a_long_link_is_not(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path, "word.yaml", MINIMAL.replace("A paragraph of text.", "Look at " + "x" * 501))
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 1
    assert f"{path}:6:17: error: a word of 501 characters (more than 500)" in capsys.readouterr().err
    glued = write(tmp_path, "glued.yaml", MINIMAL.replace("A paragraph of text.", f"'[a]({DEEP}){'y' * 501}'"))
    assert main(["build", str(glued), "--out", str(tmp_path / "out")]) == 1
    assert "error: a word of" in capsys.readouterr().err
    assert len(DEEP) == 1627
    assert main(["build", str(write(tmp_path, "link.yaml", LINKS)), "--out", str(tmp_path / "out")]) == 0
