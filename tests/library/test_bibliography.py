"""Library builds of handouts that share a bibliography file: read once, fingerprinted per cited entry."""

from __future__ import annotations

import json
from pathlib import Path

from ..helpers import pdf_text, write
from ..test_bibliography import ZOTERO, handout
from .test_library import build, counts, verbs


def library(tmp_path: Path) -> Path:
    """Three handouts in source/, each citing its own entry of one Zotero export in references/."""
    write(tmp_path, "references/refs.json", ZOTERO)
    lib = tmp_path / "source"
    write(lib, "a.yaml", handout("[@smithImmunotherapy2020]").replace("A small handout", "Alpha"))
    write(lib, "b.yaml", handout("[@cdcCancerScreening2023]").replace("A small handout", "Bravo"))
    write(lib, "c.yaml", handout("[@devitaCancer2019]").replace("A small handout", "Charlie"))
    return lib


def test_editing_one_shared_reference_rebuilds_only_the_handout_that_cites_it(tmp_path: Path) -> None:
    lib = library(tmp_path)
    status, lines, err = build(lib)
    assert status == 0, err
    assert counts(lines)[:3] == (3, 0, 0)
    text = pdf_text(tmp_path / "out" / "a.pdf")
    assert "Smith JA, Nguyen B. Immunotherapy for cancer" in text
    assert "JAMA. 2020;323(4):301-310" in text

    entries = json.loads(ZOTERO)
    entries[2]["title"] = "Cancer: Principles and Practice of Oncology, Revised"  # the book, cited by c only
    (tmp_path / "references" / "refs.json").write_text(json.dumps(entries, indent="\t"), encoding="utf-8")
    status, lines, err = build(lib)
    assert status == 0, err
    assert counts(lines)[:3] == (1, 2, 0)
    assert verbs(lines) == {"a.pdf": "skipped", "b.pdf": "skipped", "c.pdf": "built"}
    assert "Principles and Practice of Oncology, Revised" in pdf_text(tmp_path / "out" / "c.pdf")

    entries.append({"id": "unused", "type": "book", "title": "Nobody cites this"})  # moves nothing cited
    (tmp_path / "references" / "refs.json").write_text(json.dumps(entries, indent="\t"), encoding="utf-8")
    assert counts(build(lib)[1])[:3] == (0, 3, 0)


def test_a_broken_cited_entry_fails_its_handout_at_the_files_line(tmp_path: Path) -> None:
    lib = library(tmp_path)
    entries = json.loads(ZOTERO)
    entries[1]["URL"] = "ftp://example.org/article"  # cited by a only
    text = json.dumps(entries, indent="\t")
    (tmp_path / "references" / "refs.json").write_text(text, encoding="utf-8")
    status, lines, err = build(lib)
    assert status == 1
    assert counts(lines)[:3] == (2, 0, 1)
    line = text.splitlines().index('\t\t"URL": "ftp://example.org/article"') + 1
    assert f"{tmp_path}/references/refs.json:{line}:10: error: 'URL' of reference 'smithImmunotherapy2020'" in err


def test_a_handouts_own_entry_written_with_quoted_keys_replays_the_files_moved_line(tmp_path: Path) -> None:
    lib = library(tmp_path)
    own = 'references:\n  - {"id": "smithImmunotherapy2020", "type": "book", "title": "Our own"}\n'
    write(lib, "a.yaml", handout("[@smithImmunotherapy2020]", own=own).replace("A small handout", "Alpha"))
    assert build(lib)[0] == 0
    entries = json.loads(ZOTERO)
    moved = json.dumps([{"id": "first", "type": "book", "title": "Uncited"}, *entries], indent="\t")
    (tmp_path / "references" / "refs.json").write_text(moved, encoding="utf-8")
    status, lines, err = build(lib)
    assert status == 0, err
    assert verbs(lines) == {"a.pdf": "built", "b.pdf": "skipped", "c.pdf": "skipped"}
    line = moved.splitlines().index('\t\t"id": "smithImmunotherapy2020",') + 1
    refs = f"{tmp_path}/references/refs.json"
    assert f"is also in the bibliography file {refs} (at {refs}:{line}:" in err


def test_a_bibtex_entry_with_an_unreadable_month_fails_its_handout_in_a_library_build(tmp_path: Path) -> None:
    write(tmp_path, "references/refs.bib", "@book{b,\n  title = {T},\n  year = {2020},\n  month = {Juin},\n}\n")
    lib = tmp_path / "source"
    write(lib, "a.yaml", handout("[@b]", "refs.bib"))
    for _ in range(2):  # and again when nothing changed: a failed handout is not skipped
        status, _, err = build(lib)
        assert status == 1
        assert f"{tmp_path}/references/refs.bib:4:11: error: BibTeX entry 'b': 'month' 'Juin' is not a month" in err
