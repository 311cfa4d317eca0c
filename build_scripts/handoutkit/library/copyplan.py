"""Which copies each handout of a library build gets: templates skipped, fields files fitted.

A handout that uses ``{fields}`` is a template. Built without values (no ``--set``, no
``--fields``), a template found in a folder is skipped with one line; one named on the command line
is built, and fails with an error at each field it lacks. With a fields file, each handout's copies
hold the values of its own fields only (``fields.fit``), and what fitting reports is said once per
handout, not per row.
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct

from ..build import split_style
from ..copies import fields
from ..copies.fields import Copy
from ..diagnostics import Diagnostic, Position, Report
from ..load import yamlfile

# Text that may hold a field: one written out, or a brace written as a YAML escape ("\x7b").
_MAY_HOLD_FIELD = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\\(?:x7b|u007b|U0000007b)", re.IGNORECASE)


class Planned(Struct, frozen=True):
    """One handout's part of a build: its copies, whether it is a template to skip, and what fitting
    its fields file to it reported (notes; errors fail every copy)."""

    source: Path
    copies: list[Copy]
    template: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def failed(self) -> bool:
        return any(diagnostic.severity == "error" for diagnostic in self.diagnostics)


def plan(source: Path, copies: tuple[Copy, ...], named: frozenset[Path]) -> Planned:
    """The copies of ``source`` to build; ``named``: the sources named one by one on the command line
    (resolved), whose templates are built (and fail) rather than skipped."""
    given = any(copy.values or copy.row is not None for copy in copies)
    if not given:
        if source.resolve() in named or not used_fields(source):
            return Planned(source, list(copies))
        return Planned(source, list(copies), template=True)
    used = used_fields(source) if copies[0].columns else None
    if used is None:  # --set alone, or a handout that cannot be read (its build reports why)
        return Planned(source, list(copies))
    report = Report()
    fitted = fields.fit(used, list(copies), str(source), report)
    return Planned(source, fitted, diagnostics=tuple(report.sorted()))


def used_fields(source: Path) -> list[tuple[str, Position]] | None:
    """The fields a handout uses, in file order; None when it cannot be read (its build says why).

    A handout whose text has no ``{name}`` uses none, and is not parsed here.
    """
    report = Report()
    text = yamlfile.read_text(source, report)
    if text is None:
        return None
    if not _MAY_HOLD_FIELD.search(text):
        return []
    root = yamlfile.parse(text, str(source), report)
    return fields.uses(split_style(root)[0]) if root is not None else None
