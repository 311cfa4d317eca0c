"""Validate a positioned tree into a Handout, collecting every problem with its place."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Position, Report, quoted
from ..language.catalog import supported_languages
from ..language.dates import has_dates
from ..language.words import catalog_tag
from ..load import reads
from ..load.tree import Mapping, Node, Sequence
from ..model import Handout, Reference, Section
from . import bibliography, csl, shapes
from .blocks import Context, block_count, optional_inlines, read_block, web_address
from .csl_values import single_spaced

MAX_BLOCKS = 2000  # blocks in one handout: far beyond any handout, well before a slow build


def validate(root: Node, report: Report) -> Handout | None:
    """Build the Handout from ``root``; return None when any error was reported."""
    errors_before = _error_count(report)
    if isinstance(root, Sequence):
        report.error(
            root.position,
            "a handout must be a mapping (key: value lines), found a list; write 'title:', 'reviewed:' and "
            "'sections:' at the start of their lines, with no '- ' before them",
        )
        return None
    top = reads.mapping(root, "a handout", report)
    if top is None:
        return None
    ctx = Context(report)
    shapes.check(top, shapes.HANDOUT, report)
    title = optional_inlines(top, "title", ctx)
    reviewed = reads.date(top["reviewed"], "'reviewed'", report) if "reviewed" in top else None
    subtitle = optional_inlines(top, "subtitle", ctx)
    language = _language(top, report)
    author = _plain(top, "author", report)
    summary = optional_inlines(top, "summary", ctx)
    url = web_address(top["url"], "'url' of the handout", report) if "url" in top else ""
    sections = _sections(top.get("sections"), ctx)
    references_node = top.get("references")
    references = csl.references(references_node, report) if references_node is not None else {}
    merged = None
    if (bibliography_node := top.get(bibliography.KEY)) is not None:  # the cited entries of its files
        cited = [citation.ref_id for citation in ctx.citations]
        merged = bibliography.merge(bibliography_node, Path(top.position.path), references, cited, report)
        references = merged.references
    own_ok = references_node is None or isinstance(references_node, Sequence)  # else every citation is "unknown"
    if own_ok and (merged is None or not merged.unusable):
        _check_citations(references, ctx, merged)
    if title is None or reviewed is None or _error_count(report) > errors_before:
        return None
    return Handout(
        title=title,
        reviewed=reviewed,
        sections=sections,
        subtitle=subtitle,
        language=language,
        author=author,
        summary=summary,
        url=url or "",
        references=tuple(ref for ref, _ in references.values()),
    )


def _error_count(report: Report) -> int:
    return sum(1 for item in report.items if item.severity == "error")


def _plain(top: Mapping, key: str, report: Report) -> str:
    node = top.get(key)
    scalar = reads.text(node, f"'{key}'", report) if node is not None else None
    return single_spaced(scalar.value) if scalar else ""


def _language(top: Mapping, report: Report) -> str:
    node = top.get("language")
    if node is None:
        return "en"
    scalar = reads.text(node, "'language'", report)
    if scalar is None:
        return "en"
    tag = scalar.value.strip()
    if not shapes.BCP47.fullmatch(tag):
        report.error(
            scalar.position, f"'language' {quoted(tag)} is not a BCP 47 language tag; write e.g. en, en-US or es"
        )
    elif catalog_tag(tag) not in (supported := supported_languages()):
        report.error(
            scalar.position,
            f"'language' '{tag}' is not supported; supported: {', '.join(supported)} "
            f"(a catalogs/{catalog_tag(tag)}.yaml of its fixed words adds it)",
        )
    elif not has_dates(tag):
        report.error(scalar.position, f"'language' '{tag}' has no date formats in CLDR; use a language CLDR knows")
    return tag


def _sections(node: Node | None, ctx: Context) -> tuple[Section, ...]:
    if node is None:
        return ()
    items = reads.sequence(node, "'sections'", ctx.report, allow_empty=False)
    total = sum(block_count(item) for item in items.items) if items else 0
    if items is not None and total > MAX_BLOCKS:
        ctx.report.error(items.position, f"{total} blocks, more than {MAX_BLOCKS} in one handout; split it")
        return ()
    sections = []
    for item in items.items if items else ():
        section = reads.mapping(item, "a section", ctx.report)
        if section is None:
            continue
        shapes.check(section, shapes.SECTION, ctx.report)
        heading = optional_inlines(section, "heading", ctx)
        blocks_node = section.get("blocks")
        blocks = reads.sequence(blocks_node, "'blocks'", ctx.report, allow_empty=False) if blocks_node else None
        parsed = [read_block(block, ctx) for block in blocks.items] if blocks else []
        sections.append(Section(heading or (), tuple(b for b in parsed if b is not None)))
    return tuple(sections)


def _check_citations(
    references: dict[str, tuple[Reference, Position]], ctx: Context, merged: bibliography.Merged | None = None
) -> None:
    """Every citation names a reference (an error), and every reference is cited (a warning)."""
    for citation in ctx.citations:
        ref_id = citation.ref_id
        if ref_id not in references and (merged is None or ref_id not in merged.known):  # else said at the file
            hint = _unknown_hint(ref_id, references, merged)
            ctx.report.error(citation.position, f"citation of unknown reference '{ref_id}'; {hint}")
    cited = {citation.ref_id for citation in ctx.citations}
    for ref_id, (_, where) in references.items():
        if ref_id not in cited:
            ctx.report.warning(
                where,
                f"reference '{ref_id}' is never cited, so it is left out of the References list; "
                f"cite it with [@{ref_id}] or remove it",
            )


def _unknown_hint(
    ref_id: str, references: dict[str, tuple[Reference, Position]], merged: bibliography.Merged | None
) -> str:
    """What to do about a citation of an id no reference has: the likely misspelling, or where to add it.

    With bibliography files, only a close id is suggested: a library's export holds hundreds.
    """
    if merged is None:
        return reads.suggest(ref_id, references) if references else f"add it to 'references' with 'id: {ref_id}'"
    close = reads.closest(ref_id, {*references, *merged.known})
    if close is not None:
        return f"did you mean '{close}'?"
    files = ", ".join(merged.files) or "the bibliography files"
    return f"no entry of 'references' or of {files} has that id; add it to one of them, or check the id"
