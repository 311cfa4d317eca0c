"""The library catalog: handouts and their built PDFs in, one static, accessible HTML page out."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from msgspec import Struct
from msgspec.structs import replace

from ..build import check_file
from ..copies.fields import Copy
from ..diagnostics import Position, Report
from ..inline import plain_text
from ..writer import write_atomic
from . import outfolder, preview
from .outputs import clashes
from .stylechoice import Styles

PAGE = "index.html"
_COLUMNS = ("Preview", "Title", "Language", "Reviewed", "Reading grade", "Pages")
_CSS = """\
body { font: 1rem/1.45 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 2rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .5rem .75rem; border-bottom: 1px solid #b8b8b8; }
thead th { border-bottom: 2px solid #1a1a1a; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
img { width: 120px; height: auto; border: 1px solid #8a8a8a; }
a { color: #1f4e79; }
.missing { color: #595959; font-style: italic; }
@media print {
  body { margin: 0; font-size: 10pt; }
  tr { break-inside: avoid; }
  a { color: inherit; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .85em; }
}"""


class Row(Struct, frozen=True):
    """One handout as the catalog lists it; no ``pdf`` means it is not built (or has errors)."""

    title: str
    source: str
    language: str = ""
    reviewed: str = ""  # YYYY-MM-DD
    grade: float | None = None  # None: no formula for the language, or not measured
    pages: int = 0
    pdf: str | None = None  # the PDF's file name, beside the page
    thumbnail: str | None = None  # the preview's file name, beside the page
    status: str = "not built"


def write_catalog(sources: list[Path], styles: Styles, out_dir: Path, out: TextIO, err: TextIO) -> int:
    """Write ``out_dir/index.html`` listing every handout; return the exit status (1 if any has errors).

    The output folder is locked meanwhile, so the catalog never lists a build's half-replaced files.
    Two handouts whose PDFs would be one file are an error, and no catalog is written: one row
    would link to the other's PDF.
    """
    clashing = clashes([(source, Copy()) for source in sources], out_dir, "The catalog was not written")
    for diagnostic in clashing:
        print(diagnostic, file=err)
    if clashing:
        return 1
    try:
        with outfolder.claimed(out_dir, err):
            return _write_catalog(sources, styles, out_dir, out, err)
    except outfolder.FolderError as exc:
        print(exc, file=err)
        return 1


def _write_catalog(sources: list[Path], styles: Styles, out_dir: Path, out: TextIO, err: TextIO) -> int:
    report = Report()
    rows = sorted((_row(source, styles, out_dir, report) for source in sources), key=_order)
    for style in styles.used.values():
        report.extend(style.report)
    for diagnostic in report.sorted():
        if diagnostic.severity == "error":
            print(diagnostic, file=err)
    target = out_dir / PAGE
    try:
        write_atomic(target, page(rows).encode("utf-8"))
    except OSError as exc:
        print(f"{target}: error: cannot write the catalog ({exc.strerror or exc}); check the output folder", file=err)
        return 1
    missing = sum(1 for row in rows if row.pdf is None)
    print(f"wrote {target} ({len(rows)} handout{'s' if len(rows) != 1 else ''}, {missing} not built)", file=out)
    return 1 if report.has_errors else 0


def _order(row: Row) -> tuple[str, str]:
    return row.title.casefold(), row.source


def _row(source: Path, styles: Styles, out_dir: Path, report: Report) -> Row:
    """The catalog row of one handout: its figures from ``check``, its PDF and preview when built."""
    found = styles.for_source(source, report)
    setup = found[1].setup if found is not None else None
    outcome = check_file(source, setup) if setup is not None else None
    if outcome is not None:
        report.extend(outcome.report)
    if outcome is None or outcome.handout is None:
        return Row(source.stem, str(source), status="has errors; run handoutkit check")
    handout, check = outcome.handout, outcome.check
    level = check.whole.level if check is not None else None
    row = Row(
        plain_text(handout.title),
        str(source),
        handout.language,
        handout.reviewed.isoformat(),
        level.grade if level is not None else None,
    )
    pdf = out_dir / f"{source.stem}.pdf"
    if not pdf.is_file():
        return row
    try:
        pages = preview.page_count(pdf)
        thumbnail = _thumbnail(pdf)
    except preview.errors() as exc:
        report.error(Position(str(pdf)), f"cannot read the PDF ({exc}); build it again")
        return row
    return replace(row, pages=pages, pdf=pdf.name, thumbnail=thumbnail.name, status="")


def _thumbnail(pdf: Path) -> Path:
    """The preview of ``pdf``, drawn when it is missing or older than the PDF."""
    target = preview.thumbnail_path(pdf)
    if not target.is_file() or target.stat().st_mtime_ns < pdf.stat().st_mtime_ns:
        preview.write_thumbnail(pdf)
    return target


def page(rows: list[Row]) -> str:
    """The catalog page: a heading and one table row per handout, every value escaped."""
    built = sum(1 for row in rows if row.pdf is not None)
    head = "".join(f'<th scope="col">{name}</th>' for name in _COLUMNS)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Handout catalog</title>",
            f"<style>\n{_CSS}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            "<h1>Handout catalog</h1>",
            f"<p>{len(rows)} handout{'s' if len(rows) != 1 else ''}, {built} built. "
            "Select a title to open its PDF.</p>",
            "<table>",
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *(_table_row(row) for row in rows),
            "</tbody>",
            "</table>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _table_row(row: Row) -> str:
    title, lang = escape(row.title), escape(row.language)
    if row.pdf is not None and row.thumbnail is not None:
        image = f'<img src="{escape(quote(row.thumbnail))}" alt="{escape("Page 1 of " + row.title)}">'
        name = f'<a href="{escape(quote(row.pdf))}" type="application/pdf">{title}</a>'
        pages = f'<td class="number">{row.pages}</td>'
    else:
        image, name = "", f'{title} <span class="missing">({escape(row.status)})</span>'
        pages = f'<td class="missing">{escape(row.status)}</td>'
    grade = f"{row.grade:.1f}" if row.grade is not None else "-"
    reviewed = escape(row.reviewed)
    lang_attribute = f' lang="{lang}"' if lang else ""
    cells = [
        f"<td>{image}</td>",
        f'<th scope="row"{lang_attribute}>{name}</th>',
        f"<td>{lang}</td>",
        f'<td><time datetime="{reviewed}">{reviewed}</time></td>' if reviewed else "<td>-</td>",
        f'<td class="number">{escape(grade)}</td>',
        pages,
    ]
    return f"<tr>{''.join(cells)}</tr>"
