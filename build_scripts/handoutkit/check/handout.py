"""Plain-language and legibility checks of a handout and its style: figures and findings."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from msgspec import Struct, field

from ..diagnostics import Diagnostic, Position, Report
from ..inline import plain_text
from ..language.words import catalog_tag, primary
from ..load.tree import Mapping, Node, Scalar, Sequence
from ..model import Checklist, Figure, FigureRow, Handout, ItemList, Note, Table, Terms
from ..style.sheet import CHARACTER_BREAKING, CheckTargets, Stylesheet
from . import glossary as words_to_explain
from .legibility import contrast, style_problems
from .prose import Block, figures_of, prose
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
    "alt text",
    "picture contrast",
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
    visual_aids: int = 0  # figures, tables and checklists: PEMAT-P's "uses visual aids" is met by one
    catalog: str = ""  # the word catalog the handout prints its fixed words from
    unreviewed: int = 0  # of its words, how many await review by a qualified medical translator

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
    _lengths(result, blocks, targets, handout.language)
    _words(result, handout, blocks, sheet, language, report)
    _pictures(result, handout, root)
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


# Chinese and Japanese are counted in characters (each Han character or kana, and each Latin word,
# is one), against the style's word targets times this: a rule of thumb, not a validated figure.
CHARACTERS_PER_WORD = 1.75


def counted_in_characters(language: str) -> bool:
    """Whether lengths in ``language`` are counted in characters, not words (Chinese, Japanese)."""
    return catalog_tag(language) in CHARACTER_BREAKING


def _lengths(result: HandoutCheck, blocks: list[Block], targets: CheckTargets, language: str) -> None:
    unit, scale = ("characters", CHARACTERS_PER_WORD) if counted_in_characters(language) else ("words", 1.0)
    paragraph, sentence_most = targets.paragraph_words * scale, targets.sentence_words * scale
    for block in blocks:
        if block.words > paragraph:
            result.add(
                "long paragraph",
                block.position,
                f"{block.kind} of {block.words} {unit} (more than {paragraph:g}); split it",
            )
        for sentence in block.sentences:
            if len(sentence.words) > sentence_most:
                result.add(
                    "long sentence",
                    sentence.position,
                    f"sentence of {len(sentence.words)} {unit} (more than {sentence_most:g}): "
                    f"'{_start(sentence.text, unit)}'; split it",
                )


def _start(text: str, unit: str = "words", words: int = 8) -> str:
    if unit == "characters":
        return text[:16] + ("..." if len(text) > 16 else "")
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _terms_explained(handout: Handout) -> tuple[str, ...]:
    """The terms of the handout's lists of words to know."""
    return tuple(
        plain_text(term.term)
        for section in handout.sections
        for block in section.blocks
        if isinstance(block, Terms)
        for term in block.terms
    )


def _words(
    result: HandoutCheck, handout: Handout, blocks: list[Block], sheet: Stylesheet, language: str, report: Report
) -> None:
    if not sheet.checks.glossary:
        return
    glossary = _glossary(sheet.checks.glossary, catalog_tag(handout.language), report)
    for found in words_to_explain.unexplained_terms(blocks, glossary, _terms_explained(handout)):
        result.add("word to explain", found.position, found.message)
    for found in words_to_explain.abbreviations_before_spelled_out(blocks, glossary):
        result.add("abbreviation", found.position, found.message)


_glossary_cache: dict[tuple[str, str], words_to_explain.Glossary] = {}


def _glossary(path: str, language: str, report: Report) -> words_to_explain.Glossary:
    key = (path, language)
    if key not in _glossary_cache:
        _glossary_cache[key] = words_to_explain.load_glossary(Path(path), language, report)
    return _glossary_cache[key]


OUTLINE_CONTRAST = 3.0  # WCAG 1.4.11: the parts of a graphic needed to understand it, against their background
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
MAX_ALT = 150  # characters of alternative text: a sentence or two; more belongs in the caption or the text


def _pictures(result: HandoutCheck, handout: Handout, root: Node) -> None:
    """Visual aids (PEMAT-P), and alternative text short enough to be listened to."""
    blocks = [block for section in handout.sections for block in section.blocks]
    result.visual_aids = sum(isinstance(block, (Figure, FigureRow, Table, Checklist)) for block in blocks)
    pictures = [block for block in blocks if isinstance(block, Figure)]
    pictures += [figure for block in blocks if isinstance(block, FigureRow) for figure in block.figures]
    for picture in pictures:
        if picture.kind == "svg" and not picture.decorative and (weak := _faint_outlines(Path(picture.image))):
            result.add(
                "picture contrast",
                Position(result.path),
                f"the lines of {Path(picture.image).name} in {', '.join(weak)} have less than {OUTLINE_CONTRAST:g}:1 "
                "contrast on white (WCAG 1.4.11); draw the lines that carry its meaning darker",
            )
    for alt in _alts(root):
        if len(alt.value.strip()) > MAX_ALT:
            result.add(
                "alt text",
                alt.position,
                f"alt text of {len(alt.value.strip())} characters (more than {MAX_ALT}): say what the picture "
                "shows in a sentence, and put the rest into its caption or the text",
            )


def _faint_outlines(path: Path) -> list[str]:
    """The colours an SVG strokes its lines in that are too faint on white paper, in first-use order.

    Strokes are what a drawing's shapes are seen by (fills may be light tints inside them); a
    raster picture has no lines to tell apart, and is not judged.
    """
    try:
        root = ElementTree.fromstring(path.read_bytes())  # the validator refused entities and DOCTYPEs
    except (OSError, ElementTree.ParseError):
        return []
    found: list[str] = []
    for element in root.iter():
        style = dict(
            part.split(":", 1) for part in (element.get("style") or "").replace(" ", "").split(";") if ":" in part
        )
        stroke = element.get("stroke") or style.get("stroke") or ""
        if _HEX.fullmatch(stroke) and contrast(stroke.lower(), "#ffffff") < OUTLINE_CONTRAST and stroke not in found:
            found.append(stroke)
    return found


def _alts(root: Node) -> list[Scalar]:
    """The alternative texts of the handout's figures, in the source tree (for their places)."""
    found: list[Scalar] = []
    sections = root.get("sections") if isinstance(root, Mapping) else None
    for section in sections.items if isinstance(sections, Sequence) else ():
        blocks = section.get("blocks") if isinstance(section, Mapping) else None
        for block in blocks.items if isinstance(blocks, Sequence) else ():
            for figure in figures_of(block) if isinstance(block, Mapping) else ():
                if isinstance(alt := figure.get("alt"), Scalar):
                    found.append(alt)
    return found


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
