"""Plain-language and legibility checks of a handout and its style: figures and findings."""

from __future__ import annotations

import datetime
from pathlib import Path

from msgspec import Struct, field

from ..diagnostics import Diagnostic, Position, Report
from ..language.words import primary
from ..load.tree import Mapping, Node
from ..model import Handout, ItemList, Note
from ..style.sheet import CheckTargets, Stylesheet
from . import glossary as words_to_explain
from .legibility import style_problems
from .prose import Block, prose
from .readability import Counts, Level, count, level

# Findings in the order a reviewer should see them: worst first.
KINDS = (
    "reading level",
    "section reading level",
    "long sentence",
    "long paragraph",
    "word to explain",
    "abbreviation",
    "structure",
    "review date",
    "style",
)


class Finding(Struct, frozen=True):
    """One check's finding: its kind (for ordering and JSON) and the diagnostic to show."""

    kind: str
    diagnostic: Diagnostic


class Figures(Struct, frozen=True):
    """Reading figures of the whole handout or of one part of it."""

    title: str
    position: Position
    counts: Counts
    level: Level | None


class HandoutCheck(Struct):
    """Everything ``check`` found about one handout."""

    path: str
    language: str
    whole: Figures
    parts: list[Figures]
    findings: list[Finding] = field(default_factory=list)

    def add(self, kind: str, position: Position, message: str) -> None:
        self.findings.append(Finding(kind, Diagnostic(position, "warning", message)))

    def worst_first(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (KINDS.index(f.kind), f.diagnostic.position))


def check_handout(
    root: Node, handout: Handout, sheet: Stylesheet, today: datetime.date, report: Report
) -> HandoutCheck:
    """Measure a validated handout against the style's targets."""
    targets, language = sheet.checks, primary(handout.language)
    parts = prose(root)
    figures = [_figures(part.title, part.position, part.blocks, language) for part in parts]
    path = str(root.position.path)
    whole_counts = sum((f.counts for f in figures), Counts(0, 0, 0))
    whole = Figures("", Position(path), whole_counts, level(whole_counts, language))
    result = HandoutCheck(path, handout.language, whole, figures)
    _reading_levels(result, targets)
    blocks = [block for part in parts for block in part.blocks]
    _lengths(result, blocks, targets)
    _words(result, blocks, sheet, language, report)
    _structure(result, handout)
    _review(result, handout, root, targets, today)
    return result


def _figures(title: str, position: Position, blocks: tuple[Block, ...], language: str) -> Figures:
    counts = count([list(s.words) for block in blocks for s in block.sentences], language)
    return Figures(title, position, counts, level(counts, language))


def _reading_levels(result: HandoutCheck, targets: CheckTargets) -> None:
    whole = result.whole.level
    if whole is None:
        return  # no formula made for this language: the report says so, it is not the author's fault
    if whole.grade > targets.grade:
        result.add(
            "reading level",
            result.whole.position,
            f"reading grade {whole.grade:.1f} ({whole.formula}) is above the target of {targets.grade:g}; "
            "use shorter sentences and shorter, everyday words",
        )
    for part in result.parts:
        if part.level is not None and part.level.grade > targets.grade:
            result.add(
                "section reading level",
                part.position,
                f"'{part.title}' reads at grade {part.level.grade:.1f}, above the target of {targets.grade:g}",
            )


def _lengths(result: HandoutCheck, blocks: list[Block], targets: CheckTargets) -> None:
    for block in blocks:
        if block.words > targets.paragraph_words:
            result.add(
                "long paragraph",
                block.position,
                f"{block.kind} of {block.words} words (more than {targets.paragraph_words:g}); split it",
            )
        for sentence in block.sentences:
            if len(sentence.words) > targets.sentence_words:
                result.add(
                    "long sentence",
                    sentence.position,
                    f"sentence of {len(sentence.words)} words (more than {targets.sentence_words:g}): "
                    f"'{_start(sentence.text)}'; split it",
                )


def _start(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _words(result: HandoutCheck, blocks: list[Block], sheet: Stylesheet, language: str, report: Report) -> None:
    if not sheet.checks.glossary:
        return
    glossary = _glossary(sheet.checks.glossary, language, report)
    for found in words_to_explain.unexplained_terms(blocks, glossary):
        result.add("word to explain", found.position, found.message)
    for found in words_to_explain.abbreviations_before_spelled_out(blocks, glossary):
        result.add("abbreviation", found.position, found.message)


_glossary_cache: dict[tuple[str, str], words_to_explain.Glossary] = {}


def _glossary(path: str, language: str, report: Report) -> words_to_explain.Glossary:
    key = (path, language)
    if key not in _glossary_cache:
        _glossary_cache[key] = words_to_explain.load_glossary(Path(path), language, report)
    return _glossary_cache[key]


def _structure(result: HandoutCheck, handout: Handout) -> None:
    """PEMAT-P's machine-checkable items: purpose up front, headings, a clear action."""
    where = Position(result.path)
    if handout.summary is None:
        result.add("structure", where, "no 'summary': start with a short lead that says what the handout is for")
    if len(handout.sections) < 2:
        result.add("structure", where, "only one section: break the content into sections with headings")
    blocks = [block for section in handout.sections for block in section.blocks]
    blocks += [inner for block in blocks if isinstance(block, Note) for inner in block.blocks]  # steps in a note
    has_action = any(
        (isinstance(b, Note) and b.kind == "warning") or (isinstance(b, ItemList) and b.ordered) for b in blocks
    )
    if not has_action:
        result.add(
            "structure",
            where,
            "no clear action for the patient: add a 'when to call' note (kind: warning) or numbered steps",
        )


def _review(result: HandoutCheck, handout: Handout, root: Node, targets: CheckTargets, today: datetime.date) -> None:
    months = (today.year - handout.reviewed.year) * 12 + today.month - handout.reviewed.month
    if today.day < handout.reviewed.day:
        months -= 1
    if months > targets.review_months:
        node = root.get("reviewed") if isinstance(root, Mapping) else None
        result.add(
            "review date",
            node.position if node is not None else Position(result.path),
            f"content was reviewed {months} months ago ({handout.reviewed.isoformat()}), more than "
            f"{targets.review_months:g}; review it and update 'reviewed'",
        )


def check_style(sheet: Stylesheet, characters_per_line: float) -> list[Finding]:
    """The style's own legibility problems, reported at the style file."""
    where = Position(sheet.source)
    problems = style_problems(sheet, characters_per_line)
    return [Finding("style", Diagnostic(where, "warning", problem)) for problem in problems]
