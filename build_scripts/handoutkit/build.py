"""Run the pipeline for one file: load -> validate -> transform -> render -> write."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache
from pathlib import Path

from msgspec import Struct

from .check import coverage
from .check.handout import Finding, HandoutCheck, check_handout, check_style
from .copies import fields
from .copies.fields import Copy
from .diagnostics import Position, Report
from .language.catalog import load_words
from .language.words import Words
from .load import yamlfile
from .load.tree import Mapping, Node, Sequence
from .model import Handout, Table
from .style.sheet import FontFamily, Stylesheet
from .transforms import quotes
from .transforms.apply import Options, apply_transforms
from .validate import bibliography
from .validate.handout import validate
from .validate.shapes import STYLE_KEY
from .writer import Stamp, write_temporary
from .writer import publish as publish_file


class Outcome(Struct, frozen=True):
    """What happened to one source file."""

    source: Path
    report: Report
    output: Path | None = None
    pages: int = 0
    check: HandoutCheck | None = None  # plain-language figures and findings, when it got that far
    handout: Handout | None = None  # the validated handout (from check_file), for listings such as the catalog
    stamp: Stamp | None = None  # what the written PDF holds
    temporary: Path | None = None  # built with publish=False: the finished PDF, not yet renamed to ``output``
    read: Read | None = None  # the handout as it was rendered (built), for its other editions


class Setup(Struct, frozen=True):
    """What every file of one run shares: the style, which characters its fonts can set, the date."""

    sheet: Stylesheet
    covers: Callable[[str], bool]
    fonts: str  # the font families, named for messages
    today: datetime.date
    style_findings: tuple[Finding, ...] = ()

    def covers_in(self, language: str) -> Callable[[str], bool]:
        """Which characters the style's fonts can set in a handout in ``language`` (the family of
        Chinese, Japanese and Korean characters follows the language)."""
        sheet = self.sheet.with_fonts_for(language)
        if sheet is self.sheet:
            return self.covers
        return _covers(sheet)


class Read(Struct, frozen=True):
    """A handout read and checked: its source tree, its model (transformed) and its words."""

    root: Node
    handout: Handout
    words: Words


def prepare(sheet: Stylesheet, report: Report, *, today: datetime.date | None = None) -> Setup | None:
    """Register the style's fonts, check they can set the style's own text, check its legibility.

    None, with the error at the style, when a font file cannot be used.
    """
    from .render import FontError, characters_per_line, check_families, font_chain  # ReportLab: only here

    try:
        font_chain(sheet.body_fonts), font_chain(sheet.heading_fonts)  # the first families load now
        check_families((*sheet.body_fonts, *sheet.heading_fonts))
    except FontError as exc:
        report.error(Position(sheet.source), str(exc))
        return None
    families = ", ".join(dict.fromkeys(family.name for family in (*sheet.body_fonts, *sheet.heading_fonts)))
    column = sheet.page.width - sheet.page.left - sheet.page.right
    line = characters_per_line(sheet.body_fonts, sheet.sizes.body, column)
    setup = Setup(
        sheet,
        _covers(sheet),
        families,
        today or datetime.date.today(),
        tuple(check_style(sheet, line)),
    )
    for text, where in sheet.printed_everywhere():  # a translation is checked with the handouts it prints on
        coverage.check_text(text, setup.covers, setup.fonts, report, at=where)
    return setup


@cache
def _covers_chains(body_fonts: tuple[FontFamily, ...], heading_fonts: tuple[FontFamily, ...]) -> Callable[[str], bool]:
    from .render import font_chain  # ReportLab: only here

    body, head = font_chain(body_fonts), font_chain(heading_fonts)
    return cache(lambda char: body.covers(char) and head.covers(char))


def _covers(sheet: Stylesheet) -> Callable[[str], bool]:
    """Whether both of the style's chains have a character (asked once per character)."""
    return _covers_chains(sheet.body_fonts, sheet.heading_fonts)


def split_style(root: Node) -> tuple[Node, Node | None]:
    """The handout's tree without its top-level ``style:`` key, and that key's value (None if absent).

    The style is a build choice, not content, so validation never sees it.
    """
    if not isinstance(root, Mapping) or root.key_node(STYLE_KEY) is None:
        return root, None
    rest = tuple(item for item in root.items if item[0].value != STYLE_KEY)
    return Mapping(rest, root.position), root.get(STYLE_KEY)


def read_handout(
    source: Path, setup: Setup, report: Report, copy: Copy | None = None, *, tree: Node | None = None
) -> Read | None:
    """Load, validate and transform one handout; None (with diagnostics) when it has errors.

    With a ``copy`` (building), every ``{field}`` must have a value and every value a field; without
    one (checking), fields are left blank. ``tree``: the handout already loaded (from text, say),
    which ``source`` names.
    """
    loaded = tree if tree is not None else yamlfile.load(source, report)
    if loaded is None:
        return None
    root, _ = split_style(loaded)
    handout = validate(root, report)
    try:
        _check_coverage(source, root, handout, setup, report, copy)
    except _font_error() as exc:  # a face made at first use (Chinese, say) that cannot be written
        report.error(Position(str(source)), str(exc))
        return None
    if handout is None or report.has_errors:
        return None
    words = load_words(handout.language, report)
    values = copy.values if copy is not None else None
    transformed = apply_transforms(handout, values, options=Options(quotes=setup.sheet.quotes))
    return Read(root, transformed, words) if words is not None else None


def _font_error() -> type[Exception]:
    from .render import FontError  # ReportLab: only here

    return FontError


def _check_coverage(
    source: Path, root: Node, handout: Handout | None, setup: Setup, report: Report, copy: Copy | None
) -> None:
    """Report each character of the handout, its field values and the style's words for its language
    that the fonts cannot set, and the fields without values (building)."""
    covers = setup.covers_in(handout.language if handout is not None else "en")
    coverage.check_tree(root, covers, setup.fonts, report)
    if copy is not None:
        used = fields.uses(root)
        fields.check_copy(used, copy, report)
        printed = {name for name, _ in used}  # a name column the handout does not print need not be printable
        for name, value in copy.values.items():
            if name in printed:
                where = copy.origins.get(name, Position(str(source)))
                coverage.check_text(value, covers, setup.fonts, report, at=where)
    if handout is not None:  # the entries of its bibliography files that it cites print on it too
        for entry in bibliography.used_entries(root, source, handout.references):
            coverage.check_tree(entry, covers, setup.fonts, report)
    if handout is not None:  # the style's translation into the handout's language prints on it too
        for text, where in setup.sheet.printed_translation(handout.language):
            coverage.check_text(text, covers, setup.fonts, report, at=where)
    if handout is not None and setup.sheet.quotes == "typographic":  # what straight quotes print as
        coverage.check_quotes(root, quotes.marks(handout.language), covers, setup.fonts, report)


def _tables_that_do_not_fit(read: Read, sheet: Stylesheet, report: Report) -> bool:
    """Report each table whose columns cannot hold its words on the page, at the table; True if any."""
    from .render.tables import table_problem  # measures the words with the style's fonts

    sections = read.root.get("sections") if isinstance(read.root, Mapping) else None
    found, sheet = False, sheet.in_language(read.handout.language)
    for index, section in enumerate(read.handout.sections):
        for number, block in enumerate(section.blocks):
            if not isinstance(block, Table) or (problem := table_problem(block, sheet)) is None:
                continue
            node = _block_node(sections, index, number)
            report.error(node.position if node is not None else read.root.position, problem)
            found = True
    return found


def _block_node(sections: Node | None, index: int, number: int) -> Node | None:
    """The source node of block ``number`` of section ``index`` (blocks map one to one, in order)."""
    section = sections.items[index] if isinstance(sections, Sequence) and index < len(sections.items) else None
    blocks = section.get("blocks") if isinstance(section, Mapping) else None
    return blocks.items[number] if isinstance(blocks, Sequence) and number < len(blocks.items) else None


def check_file(source: Path, setup: Setup, *, tree: Node | None = None) -> Outcome:
    """Validate one handout and measure its plain language, without rendering it."""
    report = Report()
    read = read_handout(source, setup, report, tree=tree)
    if read is None:
        return Outcome(source, report)
    check = check_handout(read.root, read.handout, setup.sheet, setup.today, report)
    check.catalog, check.unreviewed = read.words.catalog, len(read.words.unreviewed)
    return Outcome(source, report, check=check, handout=read.handout)


class Made(Struct, frozen=True):
    """One handout rendered in memory: what happened, and the PDF when it got that far."""

    outcome: Outcome  # its report, check and pages; no output, since nothing is written
    pdf: bytes | None = None
    read: Read | None = None  # the handout as rendered, for other editions of it (HTML)


def make_pdf(source: Path, setup: Setup, copy: Copy | None = None, *, tree: Node | None = None) -> Made:
    """Load, validate, transform, check and render one handout, writing nothing.

    Plain-language findings are warnings: they are reported, and the PDF is still made.
    """
    from .render import RenderError, render_pdf  # ReportLab loads only when something renders

    report = Report()
    copy = copy or Copy()
    read = read_handout(source, setup, report, copy, tree=tree)
    if read is None:
        return Made(Outcome(source, report))
    check = check_handout(read.root, read.handout, setup.sheet, setup.today, report)
    check.catalog, check.unreviewed = read.words.catalog, len(read.words.unreviewed)
    report.items.extend(finding.diagnostic for finding in check.findings)
    if _tables_that_do_not_fit(read, setup.sheet, report):
        return Made(Outcome(source, report))
    try:
        pdf = render_pdf(read.handout, read.words, setup.sheet)
    except RenderError as exc:
        report.error(Position(str(source)), str(exc))
        return Made(Outcome(source, report))
    return Made(Outcome(source, report, pages=pdf.pages, check=check), pdf.data, read)


def build_file(source: Path, out_dir: Path, setup: Setup, copy: Copy | None = None, *, publish: bool = True) -> Outcome:
    """Build one handout into ``out_dir/NAME.pdf``; on any error nothing is written.

    Plain-language findings are warnings: they are reported, and the PDF is still built. With
    ``publish=False`` the finished PDF stays in its temporary file (``Outcome.temporary``), for the
    caller to move into place.
    """
    copy = copy or Copy()
    made = make_pdf(source, setup, copy)
    report, check, pdf = made.outcome.report, made.outcome.check, made.pdf
    if pdf is None:
        return made.outcome
    target = out_dir / copy.output_name(source.stem)
    try:
        temporary = write_temporary(target, pdf)
        if publish:
            publish_file(temporary, target)
    except OSError as exc:
        report.error(Position(str(target)), f"cannot write the PDF ({exc.strerror or exc}); check the output folder")
        return Outcome(source, report)
    staged = None if publish else temporary
    pages = made.outcome.pages
    return Outcome(source, report, target, pages, check, stamp=Stamp.of(pdf), temporary=staged, read=made.read)
