"""Show check results: a short table per handout, worst findings first, or JSON for pipelines."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from ..diagnostics import Diagnostic
from ..style.sheet import CheckTargets
from .handout import Figures, Finding, HandoutCheck, counted_in_characters

NO_VISUAL_AIDS = "a figure, table or checklist helps where it makes things clearer"


def text_report(checks: Sequence[HandoutCheck], style: Sequence[Finding], targets: CheckTargets) -> str:
    lines: list[str] = []
    if style:
        lines.append("Style:")
        lines.extend(f"  {finding.diagnostic}" for finding in style)
        lines.append("")
    for check in checks:
        lines.extend(_handout_text(check, targets))
        lines.append("")
    return "\n".join(lines)


def _handout_text(check: HandoutCheck, targets: CheckTargets) -> list[str]:
    whole, counts = check.whole, check.whole.counts
    lines = [f"{check.path} ({check.language})"]
    if whole.level is None:
        lines.append(f"  no reading-level formula for '{check.language}' (there are formulas for English and Spanish)")
    else:
        lines.append(
            f"  reading grade {whole.level.grade:.1f} ({whole.level.formula}; target {targets.grade:g} or lower)"
            + (f", ease {whole.level.score:.0f}" if whole.level.score is not None else "")
            + f"; {counts.words} words in {counts.sentences} sentences"
        )
    if check.unreviewed:
        lines.append(
            f"  the '{check.catalog}' catalog's {check.unreviewed} fixed words await review by a qualified "
            "medical translator"
        )
    unit = "characters" if counted_in_characters(check.language) else "words"
    width = max([_width(part.title) for part in check.parts] + [4])
    lines.append(f"  {'part':<{width}}  grade  {unit}")
    for part in check.parts:
        grade = f"{part.level.grade:5.1f}" if part.level is not None else "    -"
        flag = "  above target" if part.level is not None and part.level.grade > targets.grade else ""
        title = part.title + " " * (width - _width(part.title))
        lines.append(f"  {title}  {grade}  {part.counts.words:{len(unit)}d}{flag}")
    if not check.visual_aids:
        lines.append(
            "  no visual aids (PEMAT-P: not met): a figure, table or checklist helps where it makes things clearer"
        )
    findings = check.worst_first()
    lines.append(
        f"  {len(findings)} finding{'s' if len(findings) != 1 else ''}" + (", worst first:" if findings else "")
    )
    lines.extend(f"  {finding.diagnostic}" for finding in findings)
    return lines


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for a wide character (Han, kana, Hangul)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def json_report(checks: Sequence[HandoutCheck], style: Sequence[Finding], errors: Sequence[Diagnostic]) -> str:
    document = {
        "style": [_finding(finding) for finding in style],
        "handouts": [_handout_json(check) for check in checks],
        "errors": [_diagnostic(d) for d in errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _handout_json(check: HandoutCheck) -> dict[str, Any]:
    return {
        "path": check.path,
        "language": check.language,
        **_figures(check.whole),
        "parts": [{"title": part.title, "line": part.position.line, **_figures(part)} for part in check.parts],
        "visual_aids": check.visual_aids,
        "unit": "characters" if counted_in_characters(check.language) else "words",
        "unreviewed_words": check.unreviewed,
        "findings": [_finding(finding) for finding in check.worst_first()],
    }


def _figures(figures: Figures) -> dict[str, Any]:
    level = figures.level
    return {
        "grade": round(level.grade, 2) if level else None,
        "formula": level.formula if level else None,
        "ease": round(level.score, 2) if level and level.score is not None else None,
        "words": figures.counts.words,
        "sentences": figures.counts.sentences,
        "syllables": figures.counts.syllables,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {"kind": finding.kind, **_diagnostic(finding.diagnostic)}


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    where = d.position
    return {
        "path": where.path,
        "line": where.line,
        "column": where.column,
        "severity": d.severity,
        "message": d.message,
    }
