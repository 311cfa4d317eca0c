"""The layout: placed first and drawn once, taken back to a page's start, tried and put aside."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from handoutkit.build import Read, prepare, read_handout
from handoutkit.diagnostics import Report
from handoutkit.render import document
from handoutkit.render.canvas import HandoutCanvas
from handoutkit.render.document import LAST_PAGE_LINES, _Layout, render_pdf
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import Stylesheet

from .test_pagebreaks import handout as swept_handout

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "source").glob("*.yaml"))
DATA = [ROOT / "tests" / "data" / name for name in ("qr-code.yaml", "write-in.yaml")]


def sheet_of(style: str) -> Stylesheet:
    found = load_stylesheet(style, Report())
    assert found is not None
    return found


def read(path: Path, sheet: Stylesheet) -> Read:
    report = Report()
    setup = prepare(sheet, report)
    assert setup is not None
    found = read_handout(path, setup, report)
    assert found is not None, report.items
    return found


def drawn(layout: _Layout) -> bytes:
    try:
        layout.doc.canvas.save()
        return layout.buffer.getvalue()
    finally:
        layout.release()


def sources(tmp_path: Path) -> list[Path]:
    swept = []
    for kind, filler in (("qr", 3), ("note-list", 7), ("write-in-tall", 11), ("bullets", 5)):
        path = tmp_path / f"{kind}-{filler}.yaml"
        path.write_text(swept_handout(kind, filler), encoding="utf-8")
        swept.append(path)
    return [*EXAMPLES, *DATA, *swept]


@pytest.mark.parametrize("style", ["default", "large-print"])
def test_a_layout_taken_back_to_a_page_start_draws_what_a_fresh_layout_draws(tmp_path: Path, style: str) -> None:
    """Carrying lines over lays a handout out again from the start of its page before last; the
    PDF is byte for byte the one that laying out from the first page gives (the flowables' own
    marks, such as ReportLab's ``_postponed``, are put back too)."""
    tried = 0
    for path in sources(tmp_path):
        handout = read(path, sheet_of(style))
        sheet = sheet_of(style).in_language(handout.handout.language)
        pages = _Layout(handout.handout, handout.words, sheet).pages
        for page in range(1, pages + 1):
            for points in (sheet.sizes.leading * 2, sheet.sizes.leading * 5):
                carried = _Layout(handout.handout, handout.words, sheet)
                carried.doc.carry(page, points)
                fresh = _Layout(handout.handout, handout.words, sheet, shortened=(page, points))
                assert carried.pages == fresh.pages, f"{path.name}, page {page}, {points} points"
                assert drawn(carried) == drawn(fresh), f"{path.name}, page {page}, {points} points"
                tried += 1
    assert tried > 40


def test_a_tried_layout_stops_at_the_page_it_may_not_have() -> None:
    sheet = sheet_of("default").in_language("en")
    handout = read(ROOT / "source" / "biological-therapy-for-cancer.yaml", sheet)
    whole = _Layout(handout.handout, handout.words, sheet)
    assert not whole.doc.gave_up and whole.pages == 5
    short = _Layout(handout.handout, handout.words, sheet, max_pages=3)
    assert short.doc.gave_up and short.pages == 3
    assert drawn(whole).startswith(b"%PDF")
    short.release()


def spanish_with_a_short_last_page(tmp_path: Path) -> Path:
    """The Spanish example, which ends on a full last page, with one more short paragraph."""
    source = (ROOT / "source" / "terapia-biologica-contra-el-cancer.yaml").read_text(encoding="utf-8")
    sheet = sheet_of("default")
    for extra in range(1, 40):
        added = "".join(f"      - Texto de prueba número {n}.\n" for n in range(extra))
        text = source.replace("\nreferences:", f"\n{added}references:", 1)
        path = tmp_path / "source" / "corta.yaml"
        if not path.parent.exists():
            shutil.copytree(ROOT / "source" / "images", path.parent / "images")
        path.write_text(text, encoding="utf-8")
        sheet_es = sheet.in_language("es")
        handout = read(path, sheet_es)
        layout = _Layout(handout.handout, handout.words, sheet_es)
        pages, lines = layout.doc.canvas.laid_out
        layout.release()
        if pages > 1 and lines < LAST_PAGE_LINES:
            return path
    raise AssertionError("no short last page")  # pragma: no cover


def test_the_layouts_put_aside_leave_nothing_for_the_garbage_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handout with a short last page is laid out two or three times; what was put aside is freed
    at once (a cycle through a kept traceback held every page of it, and cost a library build a
    fifth of its time in collections)."""
    path = spanish_with_a_short_last_page(tmp_path)
    sheet = sheet_of("default").in_language("es")
    handout = read(path, sheet)
    layouts = []
    original = document._Layout

    def counted(*args: object, **kwargs: object) -> _Layout:
        made = original(*args, **kwargs)  # type: ignore[arg-type]
        layouts.append(made)
        return made

    monkeypatch.setattr(document, "_Layout", counted)
    gc.collect()
    gc.disable()
    try:
        render_pdf(handout.handout, handout.words, sheet)
        assert len(layouts) >= 2
        layouts.clear()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = [thing for thing in gc.garbage if isinstance(thing, HandoutCanvas | document._HandoutTemplate)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
