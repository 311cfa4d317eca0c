"""Tagged PDF (PDF/UA-1): validated by a checker, every text operator tagged, the structure tree
read back in reading order, links tied to their annotations, page furniture left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import page
import pikepdf
import pytest
import yaml

from handoutkit.cli.main import main

from ..helpers import EXAMPLE, MINIMAL, ROOT, assert_in_order, normalise, write
from ..language.test_languages import VIETNAMESE
from ..pdfstructure import Node, flatten, full_text, reading_text, structure, to_unicode_map, walk_content

HANDOUTS = [*sorted((ROOT / "source").glob("*.yaml")), VIETNAMESE]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example handout in both built-in styles."""
    out = tmp_path_factory.mktemp("tagged")
    found: dict[str, Path] = {}
    for style in ("default", "large-print"):
        for source in HANDOUTS:
            assert main(["build", str(source), "--out", str(out / style), "--style", style]) == 0
            found[f"{style}/{source.stem}"] = out / style / f"{source.stem}.pdf"
    return found


def test_every_example_passes_the_pdf_ua_1_checker(built: dict[str, Path]) -> None:
    for name, pdf in built.items():
        report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and not failures, f"{name}: {failures}"
        assert report.rules.total >= 100  # the checker really ran its PDF/UA-1 rules


def test_every_text_operator_is_tagged_or_an_artifact(built: dict[str, Path]) -> None:
    for name, pdf in built.items():
        walk = walk_content(pikepdf.open(pdf))
        assert walk.untagged == [], name
        assert walk.nested_mcids == [], name  # no marked content with an MCID inside another
        assert walk.marked, name


def test_a_citation_opens_and_closes_with_its_links(built: dict[str, Path]) -> None:
    """A Reference's own content is only the commas between its Links: no empty sequence before
    its first Link or after its last (one inline mark opens both)."""
    document = pikepdf.open(built["default/biological-therapy-for-cancer"])
    references = [node for _, node in flatten(structure(document, walk_content(document))) if node.role == "Reference"]
    assert len(references) > 40
    for reference in references:
        own = [part for part in reference.content if isinstance(part, str)]
        assert all(part.strip(",") == "" and part for part in own), own
        assert [kid.role for kid in reference.kids] and {kid.role for kid in reference.kids} == {"Link"}


def test_no_marked_content_sequence_is_empty(built: dict[str, Path]) -> None:
    """A sequence opens just before its element's first text: a paragraph that ends with a link or
    a citation does not open again for nothing, nor a line that ends inside a link."""
    for name, pdf in built.items():
        assert walk_content(pikepdf.open(pdf)).empty == [], name


def test_bracketed_citations_keep_their_brackets_in_the_paragraph(tmp_path: Path) -> None:
    """The Reference opens with its first Link and closes with its last: its own content is the
    separators, and the brackets around it are the paragraph's text."""
    brackets = write(tmp_path, "brackets.yaml", "extends: default\ncitations: brackets\n")
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--style", str(brackets)]) == 0
    document = compliant(tmp_path / "biological-therapy-for-cancer.pdf")
    walk = walk_content(document)
    assert walk.empty == [] and walk.untagged == []
    root = structure(document, walk)
    references = by_role(root, "Reference")
    assert len(references) > 40
    assert {part for ref in references for part in ref.content if isinstance(part, str)} <= {", "}
    assert any(len(ref.kids) > 1 for ref in references)
    paragraphs = [normalise(p.text) for p in by_role(root, "P")]
    # "cells [1]." is "cells []." without its Reference
    assert any("[]" in text.replace(" ", "") for text in paragraphs)


def test_a_paragraph_that_is_one_link_is_a_link(tmp_path: Path) -> None:
    """ReportLab draws a paragraph of one run without saying where its links start; such a
    paragraph (here one of text, a list item and a QR code's address) is a Link holding all of it."""
    text = MINIMAL.replace(
        "      - A paragraph of text.\n",
        "      - '[ClinicalTrials.gov](https://www.clinicaltrials.gov/)'\n"
        "      - bullets: ['[the NCI site](https://www.cancer.gov/)', Ask us.]\n"
        "      - qr:\n          url: https://www.example.org/video\n",
    )
    pdf = build_one(tmp_path, text)
    document = compliant(pdf)
    walk = walk_content(document)
    assert walk.empty == []
    owners = {normalise(link.text): (parent.role, link.described) for parent, link in _links_with_parents(tree(pdf))}
    video = "https://www.example.org/video"
    assert owners == {
        "ClinicalTrials.gov": ("P", ["ClinicalTrials.gov (https://www.clinicaltrials.gov/)"]),
        "the NCI site (www.cancer.gov)": ("LBody", ["the NCI site (https://www.cancer.gov/)"]),  # printed target
        video: ("P", [f"{video} ({video})"]),
    }


def test_links_that_wrap_onto_new_lines_and_pages_keep_their_text_and_annotations(tmp_path: Path) -> None:
    label = "Link {n} runs on for a good many words, so that it wraps from one line onto the next"
    long = "Read on. " + " ".join(f"[{label.format(n=n)}](https://example.org/{n}) and ends." for n in range(1, 60))
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", long))
    assert main(["build", str(source), "--out", str(tmp_path)]) == 0
    document = pikepdf.open(tmp_path / "h.pdf")
    walk = walk_content(document)
    assert walk.empty == [] and walk.untagged == []
    links = by_role(structure(document, walk), "Link")
    assert [normalise(link.text) for link in links] == [f"{label.format(n=n)} (example.org/{n})" for n in range(1, 60)]
    for n, link in enumerate(links, 1):
        assert set(link.described) == {f"{label.format(n=n)} (https://example.org/{n})"}
    assert sum(link.annotations > 1 for link in links) > 40  # each line of a link has its annotation
    assert any(len(link.pages) > 1 for link in links)  # one link goes on over a page break


def test_a_link_whose_end_is_all_of_a_page_keeps_its_text_there(tmp_path: Path) -> None:
    """The part of a split paragraph on the next page may be one run, the end of a link, which
    ReportLab draws without saying where the link starts: that text is still the Link's."""
    label = " ".join(f"word{n}" for n in range(1, 450))
    pdf = build_one(tmp_path, MINIMAL.replace("A paragraph of text.", f"'See [{label}](https://example.org/long)'"))
    document = compliant(pdf)
    walk = walk_content(document)
    assert walk.empty == [] and walk.untagged == []
    (link,) = by_role(structure(document, walk), "Link")
    assert normalise(link.text) == f"{label} (example.org/long)" and len(link.pages) == 2
    assert set(link.described) == {f"{label} (https://example.org/long)"}


def test_a_citation_broken_over_a_page_keeps_its_commas_in_the_reference(tmp_path: Path) -> None:
    """ReportLab breaks a citation too long for a line inside it; where that falls at a page break,
    the part on the next page starts inside the Reference, and its commas are still the Reference's."""
    every = " ".join(f"[@r{n}]" for n in range(1, 121))  # cited first, in order: r1 is 1 and so on
    odd = "; ".join(f"@r{n}" for n in range(1, 120, 2))  # 1,3,5,...: no ranges
    references = "".join(f"  - {{id: r{n}, text: R{n}., URL: 'https://example.org/r{n}'}}\n" for n in range(1, 121))
    spans = 0
    for words in (150, 152, 154):  # the page break falls inside the citation
        text = (
            "title: Split\nreviewed: 2025-04-12\nsections:\n  - heading: S\n    blocks:\n"
            f"      - 'All {every}.'\n      - '{' '.join(['Word'] * words)} end.'\n"
            f"      - 'Odd{' and'.join([f'[{odd}]'] * 4)} end.'\n"
            f"references:\n{references}"
        )
        source = write(tmp_path, f"h{words}.yaml", text)
        assert main(["build", str(source), "--out", str(tmp_path), "--style", "large-print"]) == 0
        odd_ones = [ref for ref in by_role(tree(tmp_path / f"h{words}.pdf"), "Reference") if len(ref.kids) == 60]
        assert len(odd_ones) == 4
        for reference in odd_ones:
            # every comma between the numbers is the Reference's (a line break reads as a space)
            assert reference.text.replace(" ", "") == "," * 59, words
        spans += any(len(reference.pages) == 2 for reference in odd_ones)
    assert spans, "no build broke the citation over a page: change the number of words before it"


def test_a_list_item_that_is_only_a_citation_is_still_raised(tmp_path: Path) -> None:
    """ReportLab's simpler path for a paragraph of one run would set the number on the baseline."""
    text = MINIMAL.replace("      - A paragraph of text.\n", "      - bullets: ['Item text', '[@r1]']\n")
    text += "references:\n  - {id: r1, text: Ref one., URL: 'https://example.org/r1'}\n"
    for pdf_ua in ("--pdf-ua", "--no-pdf-ua"):
        source = write(tmp_path, "h.yaml", text)
        assert main(["build", str(source), "--out", str(tmp_path / pdf_ua), pdf_ua]) == 0
        document = pikepdf.open(tmp_path / pdf_ua / "h.pdf")
        rises = [rise for shown, rise in shown_with_rise(document.pages[0]) if shown == "1"]
        assert rises and all(rise > 0 for rise in rises), pdf_ua


def shown_with_rise(pdf_page: pikepdf.Page) -> list[tuple[str, float]]:
    """Each text operator's text, with the text rise it is shown at."""
    fonts = {name: to_unicode_map(font) for name, font in pdf_page.Resources.Font.items()}
    font: dict[int, str] = {}
    rise, shown = 0.0, []
    for operands, op in pikepdf.parse_content_stream(pdf_page):
        name = str(op)
        if name == "BT":
            rise = 0.0
        elif name == "Ts":
            rise = float(operands[0])
        elif name == "Tf":
            font = fonts[str(operands[0])]
        elif name == "Tj":
            shown.append(("".join(font.get(byte, "?") for byte in bytes(operands[0])), rise))
    return shown


def test_the_header_and_footer_are_artifacts(built: dict[str, Path]) -> None:
    walk = walk_content(pikepdf.open(built["default/biological-therapy-for-cancer"]))
    assert "Page 1 of 5" in walk.artifacts
    assert "Reviewed: April 12, 2025" in walk.artifacts
    assert not any("Page 1 of" in text for text in walk.marked.values())


def example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def tree(pdf: Path) -> Node:
    document = pikepdf.open(pdf)
    return structure(document, walk_content(document))


def by_role(root: Node, role: str) -> list[Node]:
    return [node for _, node in flatten(root) if node.role == role]


def test_structure_tree_holds_title_headings_list_items_and_references_in_order(built: dict[str, Path]) -> None:
    root = tree(built["default/biological-therapy-for-cancer"])
    source = example()
    assert root.role == "Document"
    assert [normalise(n.text) for n in by_role(root, "H1")] == [source["title"]]
    headings = [section["heading"] for section in source["sections"]]
    assert [normalise(n.text) for n in by_role(root, "H2")] == [*headings, "References"]
    assert [normalise(n.text) for n in by_role(root, "H3")] == ["Before your first treatment"]
    items = [normalise(full_text(n)) for n in by_role(root, "LBody")]
    assert_in_order(" | ".join(items), ["It turns the immune system up.", "Adoptive T-cell therapy:", "a fever"])
    figures = by_role(root, "Figure")
    assert [figure.attrs.get("Alt", "")[:5] for figure in figures] == ["Left:"]
    cells = [normalise(full_text(n)) for n in by_role(root, "TD")]
    assert cells[2] == "Joint and muscle pain5"
    assert [normalise(full_text(n)) for n in by_role(root, "TH")] == ["Side effect", "What to do"]
    labels = {normalise(n.text) for n in by_role(root, "Lbl")}
    assert {"•", "1.", "2.", "3.", "7."} <= labels
    entries = [normalise(full_text(n)) for n in by_role(root, "BibEntry")]
    assert len(entries) == 7
    assert entries[0].startswith("Immunotherapy to treat cancer. National Cancer Institute.")
    assert entries[6].startswith("Search results for cancer and immunotherapy.")


def test_lists_are_l_li_lbl_lbody_and_nest(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "      - A paragraph of text.",
        "      - steps:\n          - text: Outer step\n"
        "            bullets: [Inner one, Inner two]\n          - Last step",
    )
    source = write(tmp_path, "h.yaml", text)
    assert main(["build", str(source), "--out", str(tmp_path)]) == 0
    outer = by_role(tree(tmp_path / "h.pdf"), "L")[0]
    first, last = outer.kids
    assert [kid.role for kid in first.kids] == ["Lbl", "LBody"]
    assert normalise(first.kids[0].text) == "1."
    body = first.kids[1]
    assert normalise(body.text) == "Outer step"
    inner = body.kids[0]
    assert inner.role == "L"
    assert [normalise(full_text(li.kids[1])) for li in inner.kids] == ["Inner one", "Inner two"]
    assert normalise(full_text(last)) == "2. Last step"


def test_a_note_is_a_group_with_its_title(built: dict[str, Path]) -> None:
    notes = [div for div in by_role(tree(built["default/biological-therapy-for-cancer"]), "Div") if "T" in div.attrs]
    assert [note.attrs.get("T") for note in notes] == ["When to call your care team"]
    title, intro, symptoms, after = notes[0].kids
    assert (title.role, normalise(title.text)) == ("P", "When to call your care team")
    assert intro.role == "P" and normalise(full_text(intro)).startswith("Call right away, day or night")
    assert symptoms.role == "L" and {item.role for item in symptoms.kids} == {"LI"}
    assert normalise(full_text(symptoms.kids[0].kids[1])).startswith("a fever")
    assert after.role == "P" and normalise(full_text(after)).startswith("Ask your care team")


def test_links_hold_their_text_and_annotation(built: dict[str, Path]) -> None:
    document = pikepdf.open(built["default/biological-therapy-for-cancer"])
    root = structure(document, walk_content(document))
    links = by_role(root, "Link")
    assert links and all(link.annotations >= 1 and link.text.strip() for link in links)
    web = [link for link in links if normalise(link.text).startswith("ClinicalTrials.gov (www.clinicaltrials.gov/")]
    assert len(web) == 1
    citations = by_role(root, "Reference")
    assert citations and all(kid.role == "Link" for ref in citations for kid in ref.kids)
    for pdf_page in document.pages:
        for annotation in pdf_page.get("/Annots", []):
            assert str(annotation.Contents), "every link annotation describes itself"
            assert "/StructParent" in annotation
    contents = {str(a.Contents) for p in document.pages for a in p.get("/Annots", [])}
    assert "Reference 3" in contents
    assert any(text.startswith("ClinicalTrials.gov (https://www.clinicaltrials.gov/search") for text in contents)


def test_reading_order_through_the_structure_has_no_furniture(built: dict[str, Path]) -> None:
    text = normalise(reading_text(tree(built["default/biological-therapy-for-cancer"])))
    source = example()
    expected = [source["title"], source["subtitle"], *(s["heading"] for s in source["sections"]), "References"]
    assert_in_order(text, expected)
    assert "Page 1 of" not in text and "Patient Education" not in text and "Reviewed:" not in text


def test_a_paragraph_split_across_pages_stays_one_element(tmp_path: Path) -> None:
    long = " ".join(f"Sentence number {n} of a long paragraph." for n in range(1, 160))
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", long))
    assert main(["build", str(source), "--out", str(tmp_path)]) == 0
    paragraphs = by_role(tree(tmp_path / "h.pdf"), "P")
    split = [p for p in paragraphs if len(p.pages) > 1]
    assert len(split) == 1
    assert normalise(split[0].text).startswith("Sentence number 1 of")
    assert normalise(split[0].text).endswith("Sentence number 159 of a long paragraph.")


def test_catalog_pages_and_metadata_say_what_pdf_ua_needs(built: dict[str, Path]) -> None:
    document = pikepdf.open(built["default/terapia-biologica-contra-el-cancer"])
    assert bool(document.Root.MarkInfo.Marked) is True
    assert str(document.Root.Lang) == "es"
    assert bool(document.Root.ViewerPreferences.DisplayDocTitle) is True
    assert all(pdf_page.Tabs == "/S" for pdf_page in document.pages)
    meta = document.open_metadata()
    assert meta["dc:title"] == "Terapia biológica contra el cáncer"
    assert meta["pdfuaid:part"] == "1"


def test_a_passage_in_another_language_has_its_own_lang(built: dict[str, Path]) -> None:
    entries = by_role(tree(built["default/terapia-biologica-contra-el-cancer"]), "BibEntry")
    assert entries and all(entry.attrs.get("Lang") == "en" for entry in entries)


def test_pdf_ua_can_be_turned_off(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--no-pdf-ua"]) == 0
    document = pikepdf.open(tmp_path / "biological-therapy-for-cancer.pdf")
    assert "/StructTreeRoot" not in document.Root
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "on"), "--pdf-ua"]) == 0
    assert "/StructTreeRoot" in pikepdf.open(tmp_path / "on" / "biological-therapy-for-cancer.pdf").Root


def test_links_in_the_title_and_headings_are_tagged_links(tmp_path: Path) -> None:
    """A link in a heading is a Link inside the heading, with its own annotation, like one in a
    paragraph (before, its annotation went to whatever Link came before it)."""
    text = (
        "title: 'Care at [Clinic](https://example.org/title)'\n"
        "reviewed: 2025-04-12\n"
        "sections:\n"
        "  - heading: 'Read [the guide](https://example.org/heading)'\n"
        "    blocks:\n"
        "      - A paragraph with a [link](https://example.org/paragraph).\n"
        "      - subheading: 'More at [the site](https://example.org/subheading)'\n"
        "      - Another paragraph.\n"
    )
    pdf = build_one(tmp_path, text)
    document = compliant(pdf)
    root = structure(document, walk_content(document))
    owners = {normalise(link.text): parent.role for parent, link in _links_with_parents(root)}
    printed = {"Clinic": "title", "the guide": "heading", "link": "paragraph", "the site": "subheading"}
    assert owners == {
        f"{label} (example.org/{where})": role
        for (label, where), role in zip(printed.items(), ("H1", "H2", "P", "H3"), strict=True)
    }
    # (a set: the title's link, its printed target included, runs onto a second line, with an annotation there)
    contents = sorted({str(a.Contents) for p in document.pages for a in p.get("/Annots", [])})
    assert contents == [
        f"{label} (https://example.org/{where})"
        for label, where in sorted(
            [("Clinic", "title"), ("link", "paragraph"), ("the guide", "heading"), ("the site", "subheading")]
        )
    ]


def build_one(tmp_path: Path, text: str) -> Path:
    """Build a handout of ``text`` (as h.yaml) and return its PDF."""
    source = write(tmp_path, "h.yaml", text)
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    return tmp_path / "out" / "h.pdf"


def compliant(pdf: Path) -> pikepdf.Pdf:
    """``pdf`` opened, once the PDF/UA-1 checker has passed it."""
    report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    return pikepdf.open(pdf)


def _links_with_parents(node: Node) -> list[tuple[Node, Node]]:
    found = [(node, kid) for kid in node.kids if kid.role == "Link"]
    return found + [pair for kid in node.kids for pair in _links_with_parents(kid)]
