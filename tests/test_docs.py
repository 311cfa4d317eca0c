"""The documentation keeps up with the code: the README stays a quick start whose commands are the ones
CI runs, every command-line option and every key a handout, a style or a word catalog may hold is
documented in a page at the top of docs/, and every relative link in the docs leads somewhere."""

from __future__ import annotations

import argparse
import io
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from handoutkit.cli.main import _parser, main
from handoutkit.language.words import KEYS as CATALOG_KEYS
from handoutkit.validate.editorschema import schema

from .helpers import ROOT

DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_LINES = 200


def documented_keys() -> dict[str, frozenset[str]]:
    """Every key name the docs must show, by the kind of file it is a key of.

    The one place that says where the keys come from: the JSON Schemas that editors read, generated
    from validation's own definitions, give every key of a handout (top-level keys, sections, block
    kinds and their keys, list items, references with their names and dates, ``style:``) and of a
    style file (every section and key, ``extends``, fonts, translations); a word catalog's keys are
    the language package's.
    """
    return {
        "handout": _schema_names(schema("handout")),
        "style": _schema_names(schema("style")),
        "word catalog": frozenset(CATALOG_KEYS),
    }


def _schema_names(node: Any) -> frozenset[str]:
    """The property names of a JSON Schema, at any depth (``properties`` nest, in definitions too)."""
    names: set[str] = set()
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            names |= set(properties)
        for child in node.values():
            names |= _schema_names(child)
    elif isinstance(node, list):
        for child in node:
            names |= _schema_names(child)
    return frozenset(names)


# Markdown, as much of it as these tests read.
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_KEY_PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?", re.M)  # [name]: target
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


@cache
def _parts(path: Path) -> tuple[str, tuple[str, ...]]:
    """A Markdown file as its prose (fenced code blocks blanked, lines kept) and its code blocks."""
    prose: list[str] = []
    blocks: list[str] = []
    block: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            if block is None:
                block = []
            else:
                blocks.append("\n".join(block))
                block = None
            prose.append("")
        elif block is not None:
            block.append(line)
            prose.append("")
        else:
            prose.append(line)
    return "\n".join(prose), tuple(blocks)


def _code_spans(text: str) -> list[str]:
    return [match.group(2).strip() for match in _CODE_SPAN.finditer(text)]


@cache
def _code_in_docs(pages: tuple[str, ...] | None = None) -> str:
    """Every code span and code block of these pages (default: those at the top of docs/), one per line."""
    pieces: list[str] = []
    for page in _pages() if pages is None else [DOCS / name for name in pages]:
        prose, blocks = _parts(page)
        pieces.extend(_code_spans(prose))
        pieces.extend(blocks)
    return "\n".join(pieces)


# The pages where each kind of key is described (a key named on another page does not count).
KEY_PAGES = {
    "handout": ("format.md", "copies.md"),
    "style": ("styles.md", "languages.md", "checks.md"),
    "word catalog": ("languages.md",),
}
OPTION_PAGES = ("commands.md",)


@cache
def _key_names_in_docs(pages: tuple[str, ...] | None = None) -> frozenset[str]:
    """The names that code spans of these pages (default: docs/*.md) show as keys: `write_in`, `style:`, or
    each part of `page.margins.top`."""
    names: set[str] = set()
    for page in _pages() if pages is None else [DOCS / name for name in pages]:
        for span in _code_spans(_parts(page)[0]):
            span = span.removesuffix(":")
            if _KEY_PATH.fullmatch(span):
                names.update(span.split("."))
    return frozenset(names)


def _in_code(word: str, pages: tuple[str, ...] | None = None) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", _code_in_docs(pages)) is not None


# a. and b. The README


def _readme_commands() -> list[str]:
    """The commands of the README's first ```sh block, without their comments."""
    block = re.search(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert block is not None, "README.md has no ```sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_is_a_quick_start() -> None:
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines <= README_LINES, f"README.md has {lines} lines; keep it a quick start, and move the rest to docs/"


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    tests = [command for command in _readme_commands() if "pytest" in command]
    assert tests, "the README's first ```sh block has no pytest command"
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert tests[0] == ci[-1], f"README runs {tests[0]!r}, .ci/run runs {ci[-1]!r}"


def test_the_readme_says_how_to_build() -> None:
    build = "pip install -e . && handoutkit build"
    assert build in _readme_commands(), f"the README's first ```sh block does not run {build!r}"


# c. The command line


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    found = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    assert found, "handoutkit's parser has no subcommands"
    return dict(found[0].choices)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Each option's long forms (``--name-column``; ``--pdf-ua`` and ``--no-pdf-ua``), else its short ones."""
    options: list[str] = []
    for action in parser._actions:
        long = [option for option in action.option_strings if option.startswith("--")]
        options.extend(long or action.option_strings)
    return options


def test_every_subcommand_is_documented() -> None:
    missing = [name for name in _subcommands() if not _in_code(f"handoutkit {name}", OPTION_PAGES)]
    assert not missing, f"no `handoutkit NAME` in the code of docs/commands.md for: {', '.join(missing)}"


def test_every_option_of_every_subcommand_is_documented() -> None:
    missing = [
        f"{name} {option}"
        for name, parser in _subcommands().items()
        for option in _options(parser)
        if not _in_code(option, OPTION_PAGES)
    ]
    assert not missing, f"options in no code span or code block of docs/commands.md: {', '.join(missing)}"


# d. Keys


@pytest.mark.parametrize("kind", sorted(documented_keys()))
def test_every_key_is_documented(kind: str) -> None:
    missing = sorted(documented_keys()[kind] - _key_names_in_docs(KEY_PAGES[kind]))
    assert not missing, f"{kind} keys in no `code span` of {', '.join(KEY_PAGES[kind])}: {', '.join(missing)}"


def test_the_key_sources_reach_every_level() -> None:
    """The schemas are read at every depth: top-level keys, block kinds and their keys, references' names."""
    samples = {
        "handout": {
            "title",
            "style",
            "heading",
            "write_in",
            "lines",
            "text",
            "container-title",
            "family",
            "date-parts",
        },
        "style": {"extends", "page", "margins", "top", "families", "bold_italic", "glossary", "organization"},
        "word catalog": {"references", "page_x_of_y", "qr_code"},
    }
    keys = documented_keys()
    for kind, sample in samples.items():
        assert sample <= keys[kind], f"{kind}: not found in its source: {', '.join(sorted(sample - keys[kind]))}"


# e. Links


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text in lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("*", "").lower()
    kept = "".join(c for c in text if c.isalnum() or c in " -_" or unicodedata.category(c).startswith("M"))
    return kept.replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    """The anchors of a Markdown file's headings, repeated ones numbered as GitHub numbers them."""
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    for line in _parts(path)[0].splitlines():
        heading = _HEADING.match(line)
        if heading is None:
            continue
        slug = _slug(heading.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(anchors)


def _broken_links(page: Path) -> list[str]:
    prose = _CODE_SPAN.sub("", _parts(page)[0])
    broken: list[str] = []
    for target in [*_LINK.findall(prose), *_LINK_DEFINITION.findall(prose)]:
        if _SCHEME.match(target):
            continue  # https:, mailto: ...: not a file of ours
        path_part, _, anchor = target.partition("#")
        path = (page.parent / path_part).resolve() if path_part else page
        if not path.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{target} (no heading with that anchor)")
    return broken


@pytest.mark.parametrize("page", [README, *_pages()], ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    broken = _broken_links(page)
    assert not broken, f"{page.relative_to(ROOT)}: broken links: {'; '.join(broken)}"


def test_anchors_are_made_as_github_makes_them() -> None:
    assert _slug("A style's own fonts") == "a-styles-own-fonts"
    assert (
        _slug("The command line, library builds and the catalog") == "the-command-line-library-builds-and-the-catalog"
    )
    assert _slug("`write_in` and **QR** codes") == "write_in-and-qr-codes"
    assert _slug("Ça · marche") == "ça--marche"


def test_the_readmes_first_handout_passes_check_with_no_findings(tmp_path: Path) -> None:
    example = re.search(r"^```yaml\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert example is not None, "README.md has no ```yaml example"
    source = tmp_path / "source" / "visit.yaml"
    source.parent.mkdir()
    source.write_text(example.group(1), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", str(source), "--today", "2026-12-02"], out=out, err=err)
    assert (status, err.getvalue()) == (0, "")
    assert "  0 findings" in out.getvalue() and out.getvalue().endswith("1 checked, 0 failed, 0 warnings\n")


def test_the_csl_variables_said_not_to_print_are_exactly_those_never_read() -> None:
    """format.md's list of CSL variables accepted and not printed: each one unread by validation
    (``publisher-place`` is read, and AMA 11 prints no place), and every unread one listed."""
    from handoutkit.validate import csl

    text = (DOCS / "format.md").read_text(encoding="utf-8")
    start = text.index("**Every other CSL 1.0.2 variable is accepted and not printed**")
    listed = set(re.findall(r"`([^`]+)`", text[start : text.index("Any other key", start)]))
    unread = (csl.FIELDS - csl.READ - csl.OTHER_FIELDS) | {"publisher-place", "categories", "custom"}
    assert listed == unread
