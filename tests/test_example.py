"""The example handout, built for real and read back from the PDF as a reader or a tool sees it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from handoutkit.cli.main import main

from .helpers import EXAMPLE, assert_in_order, normalise, pdf_text

URLS = [
    "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
    "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/biological-therapy",
    "https://www.clinicalkey.com",
    "https://accessmedicine.mhmedical.com",
    "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects",
    "https://www.cancer.gov/about-cancer/treatment/side-effects/organ-inflammation",
    "https://www.clinicaltrials.gov/search?cond=Cancer&intr=immunotherapy",
]
# Reference entries in order of first citation, as AMA prints them (URLs checked separately).
ENTRIES = [
    "1. Immunotherapy to treat cancer. National Cancer Institute. Accessed February 10, 2025.",
    "2. Biological therapy. NCI Dictionary of Cancer Terms. National Cancer Institute. Accessed February 10, 2025.",
    "3. Niederhuber JE, Armitage JO, Kastan MB, Doroshow JH, Tepper JE, eds. Therapeutic antibodies and "
    "immunologic conjugates. In: Abeloff's Clinical Oncology. 6th ed. Elsevier; 2020. Accessed February 10, 2025.",
    "4. Harrington LA, Tannock IF, Hill RP, Ohashi PS, Bristow RG, eds. The immune system and immunotherapy. "
    "In: The Basic Science of Oncology. 6th ed. McGraw Hill; 2021. Accessed February 10, 2025.",
    "5. Immunotherapy side effects. National Cancer Institute. Accessed February 10, 2025.",
    "6. Organ-related inflammation and immunotherapy. National Cancer Institute. Accessed February 10, 2025.",
    "7. Search results for cancer and immunotherapy. ClinicalTrials.gov. Accessed February 10, 2025.",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    assert main(["build", str(EXAMPLE), "--out", str(out)]) == 0
    return out / "biological-therapy-for-cancer.pdf"


@pytest.fixture(scope="module")
def source() -> dict[str, Any]:
    """The example read with plain PyYAML, independently of handoutkit's own loader."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def visible_start(text: str) -> str:
    """The words of a text up to its first citation, with inline markup removed."""
    before = text.split("[@")[0]
    before = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", before).replace("**", "").replace("*", "")
    return normalise(before)


def list_items(items: list[Any]) -> list[str]:
    found: list[str] = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        else:
            found.append(item["text"])
            found.extend(list_items(item.get("bullets") or item.get("steps") or []))
    return found


def note_starts(note: str | list[Any]) -> list[str]:
    """The visible start of a note's text, or of each of its paragraphs, list items and subheadings."""
    found: list[str] = []
    for block in [note] if isinstance(note, str) else note:
        if isinstance(block, str):
            found.append(visible_start(block))
        elif "subheading" in block:
            found.append(block["subheading"])
        else:
            found.extend(visible_start(i) for i in list_items(block.get("bullets") or block["steps"]))
    return found


def test_body_has_title_headings_and_every_list_item_in_order(built: Path, source: dict[str, Any]) -> None:
    expected = [source["title"], source["subtitle"]]
    for section in source["sections"]:
        expected.append(section["heading"])
        for block in section["blocks"]:
            if isinstance(block, str):
                expected.append(visible_start(block))
            elif "bullets" in block or "steps" in block:
                expected.extend(visible_start(i) for i in list_items(block.get("bullets") or block["steps"]))
            elif "note" in block:
                expected.extend([block.get("title", ""), *note_starts(block["note"])])
            elif "figure" in block:  # the picture has no text; its caption follows it
                expected.append(visible_start(block["figure"]["caption"]))
            elif "table" in block:  # the caption, the header, then the cells row by row
                table = block["table"]
                expected.extend([table["caption"], *table["columns"]])
                expected.extend(visible_start(str(cell)) for row in table["rows"] for cell in row)
            else:
                expected.append(block["subheading"])
    assert_in_order(pdf_text(built), [e for e in expected if e])


def test_citations_print_as_numbers_after_the_word(built: Path) -> None:
    # Superscripts extract glued to the text before them; AMA puts them after . and ,
    text = pdf_text(built)
    assert "fight cancer cells.1,2 It works well" in text
    assert "will watch you closely.1" in text
    assert "[@" not in text


def test_references_are_numbered_by_first_citation(built: Path) -> None:
    text = pdf_text(built)
    references = text[text.rindex("References") :]
    assert_in_order(references, ENTRIES)
    compact = re.sub(r"\s+", "", references)
    for url in URLS:
        assert url in compact


def test_every_reference_url_is_a_working_link(built: Path) -> None:
    reader = PdfReader(built)
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    assert set(URLS) <= uris


def test_citation_numbers_link_to_their_entries(built: Path) -> None:
    reader = PdfReader(built)
    page_of = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    targets = {
        (page_of[dest[0].idnum], round(float(dest[3])))
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/Dest" in (dest_holder := annot.get_object())
        for dest in [dest_holder["/Dest"]]
    }
    reference_pages = {i for i, page in enumerate(reader.pages) if "References" in page.extract_text()}
    assert len(targets) == len(ENTRIES)  # one destination per reference entry
    assert {page for page, _ in targets} <= reference_pages | {max(reference_pages) + 1}


def test_every_page_has_header_and_footer(built: Path) -> None:
    reader = PdfReader(built)
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, 1):
        text = normalise(page.extract_text())
        assert f"Page {number} of {total}" in text
        assert "Reviewed: April 12, 2025" in text
        assert "Patient Education" in text


def test_document_info_language_and_outline(built: Path, source: dict[str, Any]) -> None:
    reader = PdfReader(built)
    info = reader.metadata
    assert info is not None
    assert info.title == "Biological Therapy for Cancer"
    assert info.subject == source["subtitle"]
    assert info["/Creator"] == "handoutkit"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    top_level = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top_level == [section["heading"] for section in source["sections"]] + ["References"]
