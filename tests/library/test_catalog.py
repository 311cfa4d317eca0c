"""The catalog page: every handout with its figures, preview and PDF link, escaped, and as a browser reads it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.cli.main import main

from ..helpers import CLEAN, write

TODAY = "2026-01-01"
CHROMIUM = Path("/usr/bin/chromium")
TITLES = {"a": "Pain <and> fever & you", "b": "Cuidados en casa", "c": "Zinc basics"}


class Table(HTMLParser):
    """The page's table rows as cell texts, with the links and images in each row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, list[str]]] = []
        self.cell: list[str] | None = None
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "tr":
            self.rows.append({"cells": [], "links": [], "images": [], "alts": [], "langs": []})
        elif tag in ("td", "th"):
            self.cell = []
            if found.get("lang"):
                self.rows[-1]["langs"].append(found["lang"] or "")
        elif tag == "a":
            self.rows[-1]["links"].append(found.get("href") or "")
        elif tag == "img":
            self.rows[-1]["images"].append(found.get("src") or "")
            self.rows[-1]["alts"].append(found.get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1]["cells"].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three handouts, two of them built (without previews); c was added after the build."""
    folder = tmp_path / "library"
    write(folder, "a.yaml", CLEAN.replace("title: A small handout", f'title: "{TITLES["a"]}"'))
    spanish = CLEAN.replace("title: A small handout", f"title: {TITLES['b']}\nlanguage: es")
    write(folder, "b.yaml", spanish.replace("reviewed: 2025-04-12", "reviewed: 2025-06-30"))
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "--today", TODAY]) == 0
    write(folder, "c.yaml", CLEAN.replace("title: A small handout", f"title: {TITLES['c']}"))
    return folder


def catalog(folder: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["catalog", str(folder), "--out", str(folder.parent / "out"), "--today", TODAY], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def grades(folder: Path) -> dict[str, float]:
    """Each handout's reading grade as ``handoutkit check`` measures it."""
    out = io.StringIO()
    main(["check", str(folder), "--format", "json", "--today", TODAY], out=out, err=io.StringIO())
    return {Path(h["path"]).stem: h["grade"] for h in json.loads(out.getvalue())["handouts"]}


def test_the_catalog_lists_every_handout_with_its_figures_preview_and_link(library: Path) -> None:
    status, out, err = catalog(library)
    assert (status, err) == (0, "")
    page = library.parent / "out" / "index.html"
    assert out == f"wrote {page} (3 handouts, 1 not built)\n"
    table = Table()
    table.feed(page.read_text(encoding="utf-8"))
    assert table.lang == "en"
    header, *rows = table.rows
    assert header["cells"] == ["Preview", "Title", "Language", "Reviewed", "Reading grade", "Pages"]
    grade = grades(library)
    assert [row["cells"][1:] for row in rows] == [  # sorted by title
        [TITLES["b"], "es", "2025-06-30", f"{grade['b']:.1f}", "1"],
        [TITLES["a"], "en", "2025-04-12", f"{grade['a']:.1f}", "1"],
        [f"{TITLES['c']} (not built)", "en", "2025-04-12", f"{grade['c']:.1f}", "not built"],
    ]
    assert [row["langs"] for row in rows] == [["es"], ["en"], ["en"]], "each title in its own language"
    assert [row["links"] for row in rows] == [["b.pdf"], ["a.pdf"], []]
    assert [row["images"] for row in rows] == [["b.png"], ["a.png"], []]
    assert rows[1]["alts"] == [f"Page 1 of {TITLES['a']}"]
    for name in ("a", "b"):
        with Image.open(library.parent / "out" / f"{name}.png") as image:
            assert image.width == 300, "missing previews are drawn"
    assert not (library.parent / "out" / "c.png").exists()


def test_every_value_is_escaped(library: Path) -> None:
    assert catalog(library)[0] == 0
    html = (library.parent / "out" / "index.html").read_text(encoding="utf-8")
    assert "Pain &lt;and&gt; fever &amp; you" in html
    assert 'alt="Page 1 of Pain &lt;and&gt; fever &amp; you"' in html
    assert "<and>" not in html and "& you" not in html


def test_a_preview_older_than_its_pdf_is_drawn_again(library: Path) -> None:
    assert catalog(library)[0] == 0
    preview = library.parent / "out" / "a.png"
    os.utime(preview, ns=(0, 0))
    assert catalog(library)[0] == 0
    assert preview.stat().st_mtime_ns > 0


def test_a_handout_with_errors_is_listed_and_fails_the_run(library: Path) -> None:
    write(library, "d.yaml", CLEAN.replace("title:", "titel:"))
    status, out, err = catalog(library)
    assert status == 1
    assert f"{library}/d.yaml:1:1: error: unknown key 'titel'" in err
    table = Table()
    table.feed((library.parent / "out" / "index.html").read_text(encoding="utf-8"))
    assert ["d (has errors; run handoutkit check)", "", "-", "-", "has errors; run handoutkit check"] in [
        row["cells"][1:] for row in table.rows
    ]
    assert out.endswith("(4 handouts, 2 not built)\n")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (CI installs it: apt-get install chromium)")
def test_chromium_reads_every_title_from_the_catalog(library: Path, tmp_path: Path) -> None:
    assert catalog(library)[0] == 0
    page = library.parent / "out" / "index.html"
    profile = tmp_path / "chromium-profile"
    command = [
        str(CHROMIUM),
        *("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"),
        *("--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"),
        "--dump-dom",
        page.as_uri(),
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "<h1>Handout catalog</h1>" in dom
    for title in TITLES.values():
        shown = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert shown in dom, f"{title!r} is not in the page as Chromium reads it"
    assert 'href="a.pdf"' in dom and 'src="b.png"' in dom
