"""Every example handout's HTML edition, in every built-in style, as a browser and a validator see it:
no WCAG 2.1 A or AA violation that axe-core finds, no script, valid HTML (the Nu HTML Checker), and
the text of ``main`` in reading order equal to the PDF's text without its page furniture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .pages import HANDOUTS, STYLES, html, name, pdf, pdf_body_text
from .tools import Validation, in_browser, need_java, start_validation

CASES = [(source, style) for source in HANDOUTS for style in STYLES]
IDS = [f"{name(source)}-{style}" for source, style in CASES]


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[Path, str], Path]:
    """Each case's HTML, written to a file."""
    folder = tmp_path_factory.mktemp("html")
    files = {}
    for source, style in CASES:
        path = folder / f"{name(source)}-{style}.html"
        path.write_text(html(source, style), encoding="utf-8")
        files[source, style] = path
    return files


@pytest.fixture(scope="module")
def validation(written: dict[tuple[Path, str], Path]) -> Validation | None:
    """The validator, started before the browser so that the two run at once (None: not installed)."""
    return start_validation(list(written.values()))


@pytest.fixture(scope="module")
def browser(written: dict[tuple[Path, str], Path]) -> dict[Path, dict[str, object]]:
    return in_browser(list(written.values()))


@pytest.fixture(scope="module")
def errors(validation: Validation | None) -> list[dict[str, object]]:
    if validation is None:
        need_java()  # skips, saying what is missing
    assert validation is not None
    return validation.errors()


@pytest.mark.parametrize(("source", "style"), CASES, ids=IDS)
def test_axe_finds_no_wcag_21_aa_violation(
    validation: Validation | None,
    browser: dict[Path, dict[str, object]],
    written: dict[tuple[Path, str], Path],
    source: Path,
    style: str,
) -> None:
    found = browser[written[source, style]]
    assert found["violations"] == []
    assert found["scripts"] == 0


@pytest.mark.parametrize(("source", "style"), CASES, ids=IDS)
def test_the_page_is_valid_html(
    errors: list[dict[str, object]], written: dict[tuple[Path, str], Path], source: Path, style: str
) -> None:
    uri = written[source, style].as_uri()
    assert [error for error in errors if str(error.get("url", "")).endswith(uri.rpartition("/")[2])] == []


def squeezed(text: str) -> str:
    """``text`` without white space: a line break in the PDF is a space between words, but nothing
    between two Chinese characters or inside a web address broken over two lines."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("source", "style"), CASES, ids=IDS)
def test_the_text_in_reading_order_is_the_pdfs(
    browser: dict[Path, dict[str, object]], written: dict[tuple[Path, str], Path], source: Path, style: str
) -> None:
    shown = str(browser[written[source, style]]["text"])
    printed = pdf_body_text(pdf(source, style), style)
    html_text, pdf_text = squeezed(shown), squeezed(printed)
    assert html_text, "the page's main has no text"
    assert html_text == pdf_text, first_difference(html_text, pdf_text)


def first_difference(html_text: str, pdf_text: str) -> str:
    """Where the two texts part, with some text either side, for the failure's message."""
    at = next((i for i, (a, b) in enumerate(zip(html_text, pdf_text, strict=False)) if a != b), None)
    at = min(len(html_text), len(pdf_text)) if at is None else at
    start = max(0, at - 60)
    return f"at {at}:\n  html: ...{html_text[start : at + 60]}\n  pdf:  ...{pdf_text[start : at + 60]}"
