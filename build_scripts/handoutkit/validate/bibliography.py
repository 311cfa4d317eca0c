"""A handout's ``bibliography:`` files: the entries it cites, validated and merged with its own references.

Only the entries the handout cites are validated and used: a shared export holds hundreds, and the
ones no handout cites are never judged (a problem in one is reported, at its line, by the first
handout that cites it). What makes a whole file unusable (its syntax, its shape, an entry without
an id) is an error of every handout that names it. A handout's own ``references:`` win over a
file's entry with the same id, with a warning at its own entry; an id that two entries of the
files give differently is an error when it is cited (the same entry given twice, as overlapping
exports do, is used once).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Position, Report, quoted
from ..load import bibliography
from ..load.bibliography import SUFFIXES, Bibliography, Item
from ..load.tree import Mapping, Node, Sequence
from ..model import Reference
from . import csl

KEY = bibliography.KEY


class Merged(Struct, frozen=True):
    """The handout's references with the cited entries of its files, and what the files hold."""

    references: dict[str, tuple[Reference, Position]]
    known: frozenset[str]  # every id the files hold, for 'did you mean'
    files: tuple[str, ...]  # the files read, as diagnostics name them
    unusable: bool = False  # a file could not be read: citations are not checked against it


def merge(
    node: Node,
    handout: Path,
    own: dict[str, tuple[Reference, Position]],
    cited: Iterable[str],
    report: Report,
) -> Merged:
    """``own`` with the entries of the ``bibliography:`` files (``node``) that ``cited`` names."""
    files, unusable = _files(node, handout, report)
    references = dict(own)
    chosen: list[Item] = []
    for ref_id in dict.fromkeys(cited):
        found = [(item, bib) for bib in files for item in bib.get(ref_id)]
        if not found:
            continue
        first, first_file = found[0]
        if ref_id in own:
            _, where = own[ref_id]
            report.warning(
                where,
                f"reference '{ref_id}' is also in the bibliography file {first_file.path} (at {first.position}); "
                "this handout's own entry is used: remove it here to use the file's, or give it another id",
            )
            continue
        clash = next((item for item, _ in found[1:] if item.digest != first.digest), None)
        if clash is not None:
            report.error(
                clash.position,
                f"duplicate reference id '{ref_id}' (also at {first.position}, with other fields); "
                "keep one entry with this id, or give each its own id",
            )
            continue
        if first.node is None or first.problem:  # unreadable, or a field BibTeX's rules cannot read
            report.error(first.problem_at or first.position, f"{first.problem}; fix the entry, it is cited")
            continue
        chosen.append(first)
    if chosen:
        entries = Sequence(tuple(item.node for item in chosen if item.node is not None), chosen[0].position)
        references.update(csl.references(entries, report))
    known = frozenset(ref_id for bib in files for ref_id in bib.index)
    return Merged(references, known, tuple(bib.path for bib in files), unusable)


def _files(node: Node, handout: Path, report: Report) -> tuple[list[Bibliography], bool]:
    """The bibliography files ``node`` names, read; True beside them when one could not be used."""
    found: list[Bibliography] = []
    unusable = False
    for name in bibliography.names(node, report):
        written = name.value.strip()
        suffix = Path(written).suffix.lower()
        if suffix not in SUFFIXES:
            kinds = ", ".join(f"{ending} ({kind})" for ending, kind in SUFFIXES.items() if ending != ".yml")
            report.error(name.position, f"'{KEY}' {quoted(written)} is no bibliography file; give a {kinds} file")
            unusable = True
            continue
        path = bibliography.locate(written, handout)
        if path is None:
            report.error(name.position, _missing(written, handout))
            unusable = True
            continue
        bib = bibliography.read(path)
        report.items.extend(bib.diagnostics)
        unusable = unusable or any(d.severity == "error" for d in bib.diagnostics)
        found.append(bib)
    return found, unusable


def _missing(written: str, handout: Path) -> str:
    places = bibliography.candidates(written, handout)
    if Path(written).is_absolute():
        return f"'{KEY}' {quoted(written)}: no such file; check the name"
    beside = places[0]
    folder = bibliography.project_folder(handout)
    elsewhere = f"nor in {folder}" if folder is not None else f"and there is no {bibliography.FOLDER}/ folder above it"
    return (
        f"'{KEY}' {quoted(written)}: no such file beside the handout ({beside}) {elsewhere}; "
        "check the name, or put the file there"
    )


def used_entries(root: Node, source: Path, references: Iterable[Reference]) -> list[Mapping]:
    """The entries of the handout's bibliography files that it uses (for the font checks, which read
    the characters of a tree); the files are read already, so this costs no second read."""
    top = root if isinstance(root, Mapping) else None
    node = top.get(KEY) if top is not None else None
    if node is None or top is None:
        return []
    own_node = top.get("references")
    own = {
        str(entry["id"].value)
        for entry in (own_node.items if isinstance(own_node, Sequence) else ())
        if isinstance(entry, Mapping) and "id" in entry and hasattr(entry["id"], "value")
    }
    files = []
    for name in bibliography.names(node, Report()):
        path = bibliography.locate(name.value.strip(), source)
        if path is not None:
            files.append(bibliography.read(path))
    used = []
    for ref in references:
        if ref.id in own:
            continue
        item = next((item for bib in files for item in bib.get(ref.id)), None)
        if item is not None and item.node is not None:
            used.append(item.node)
    return used
