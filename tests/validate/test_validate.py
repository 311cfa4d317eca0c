"""Tests for handoutkit.validate (with load.reads): positioned tree in, Handout or exact
diagnostics out, every problem of a file in one run."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from handoutkit.diagnostics import Position, Report
from handoutkit.load import yamlfile
from handoutkit.load.reads import suggest
from handoutkit.model import (
    Citation,
    Emphasis,
    Handout,
    ItemList,
    Link,
    ListItem,
    Name,
    Note,
    Paragraph,
    PartialDate,
    Reference,
    Section,
    Strong,
    Subheading,
    Text,
)
from handoutkit.validate import handout as validate
from handoutkit.validate.csl import TYPES

from ..helpers import KINDS_LISTED, KINDS_LISTED_END

# A valid handout; its first block is the paragraph on line 6, column 9.
MINIMAL = """\
title: A small handout
reviewed: 2025-04-12
sections:
  - heading: First section
    blocks:
      - A paragraph of text.
"""

# Blocks go after this head: the first block line is line 6, its '- ' at column 7.
HEAD = MINIMAL[: MINIMAL.index("      - A paragraph")]


def run(text: str) -> tuple[Handout | None, list[str]]:
    """Load and validate ``text`` as h.yaml; return the Handout and the diagnostics in file order."""
    report = Report()
    root = yamlfile.parse(textwrap.dedent(text), "h.yaml", report)
    handout = validate.validate(root, report) if root is not None else None
    return handout, [str(d) for d in report.sorted()]


def ok(text: str) -> Handout:
    handout, found = run(text)
    assert found == []
    assert handout is not None
    return handout


def errors(text: str) -> list[str]:
    handout, found = run(text)
    assert handout is None, "the handout was accepted"
    return found


def with_blocks(blocks: str, references: str = "") -> str:
    """MINIMAL's head with ``blocks`` (indented 6, starting on line 6) and an optional references list."""
    text = HEAD + textwrap.indent(textwrap.dedent(blocks), " " * 6)
    if references:
        text += "references:\n" + textwrap.indent(textwrap.dedent(references), "  ")
    return text


def with_reference(fields: str, *, cite: str = "[@a]") -> str:
    """A handout citing one reference ``a``; its ``id: a`` is on line 8 and ``fields`` start on line 9."""
    return with_blocks(f'- "Cited {cite}."\n', "- id: a\n" + textwrap.indent(textwrap.dedent(fields), "  "))


def the_reference(fields: str) -> Reference:
    handout = ok(with_reference(fields))
    (reference,) = handout.references
    return reference


# --- the whole handout ----------------------------------------------------------------------------


def test_minimal_handout_becomes_the_model() -> None:
    assert ok(MINIMAL) == Handout(
        title=(Text("A small handout"),),
        reviewed=datetime.date(2025, 4, 12),
        sections=(Section((Text("First section"),), (Paragraph((Text("A paragraph of text."),)),)),),
    )


def test_every_field_and_block_kind() -> None:
    handout = ok(
        """\
        title: Biological *therapy*
        subtitle: What to **expect**
        language: es-419
        reviewed: "2025-04-12"
        author:   Clinic   staff
        summary: A short lead [@a].
        sections:
          - heading: One
            blocks:
              - subheading: Sub
              - note: Call us.
              - note: Go now.
                title: Urgent
                kind: warning
              - bullets:
                  - plain
                  - text: parent
                    steps: [first, second]
              - steps: [only]
        references:
          - id: a
            text: "Exactly as printed."
            URL: https://example.org
        """
    )
    assert handout.title == (Text("Biological "), Emphasis((Text("therapy"),)))
    assert handout.subtitle == (Text("What to "), Strong((Text("expect"),)))
    assert (handout.language, handout.author) == ("es-419", "Clinic staff")
    assert handout.summary == (Text("A short lead "), Citation(("a",)), Text("."))
    assert handout.sections[0].blocks == (
        Subheading((Text("Sub"),)),
        Note((Paragraph((Text("Call us."),)),)),
        Note((Paragraph((Text("Go now."),)),), (Text("Urgent"),), "warning"),
        ItemList(
            (
                ListItem((Text("plain"),)),
                ListItem(
                    (Text("parent"),),
                    ItemList((ListItem((Text("first"),)), ListItem((Text("second"),))), ordered=True),
                ),
            )
        ),
        ItemList((ListItem((Text("only"),)),), ordered=True),
    )
    assert handout.references == (Reference(id="a", text="Exactly as printed.", url="https://example.org"),)


def test_numbers_and_yes_keep_their_spelling_as_text() -> None:
    handout = ok(with_blocks("- yes\n- 3.50\n- 2025-04-12\n"))
    assert [block.content for block in handout.sections[0].blocks if isinstance(block, Paragraph)] == [
        (Text("yes"),),
        (Text("3.50"),),
        (Text("2025-04-12"),),
    ]


# --- one problem at a time: snippet -> exact diagnostics -----------------------------------------

TOP_LEVEL = [
    pytest.param(
        "reviewed: 2025-04-12\nsections:\n  - heading: H\n    blocks: [x]\n",
        ["h.yaml:1:1: error: the handout has no 'title'; add 'title: ...'"],
        id="missing-title",
    ),
    pytest.param(
        "title: T\nsections:\n  - heading: H\n    blocks: [x]\n",
        ["h.yaml:1:1: error: the handout has no 'reviewed'; add 'reviewed: ...'"],
        id="missing-reviewed",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\n",
        ["h.yaml:1:1: error: the handout has no 'sections'; add 'sections: ...'"],
        id="missing-sections",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections: []\n",
        ["h.yaml:3:11: error: 'sections' is empty; give at least one item"],
        id="empty-sections",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n",
        ["h.yaml:3:10: error: 'sections' must be a list ('- ' items), found nothing (an empty value)"],
        id="sections-without-value",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections: Intro\n",
        ["h.yaml:3:11: error: 'sections' must be a list ('- ' items), found text"],
        id="sections-as-text",
    ),
    pytest.param(
        "- title: T\n",
        [
            "h.yaml:1:1: error: a handout must be a mapping (key: value lines), found a list; write 'title:', "
            "'reviewed:' and 'sections:' at the start of their lines, with no '- ' before them"
        ],
        id="handout-is-a-list",
    ),
    pytest.param(
        "Just some text\n",
        ["h.yaml:1:1: error: a handout must be a mapping (key: value lines), found text"],
        id="handout-is-text",
    ),
    pytest.param(
        MINIMAL.replace("title:", "titel:"),
        [
            "h.yaml:1:1: error: unknown key 'titel' in the handout; did you mean 'title'?",
        ],
        id="misspelt-title",
    ),
    pytest.param(
        MINIMAL + "Summary: Short.\n",
        ["h.yaml:7:1: error: unknown key 'Summary' in the handout; did you mean 'summary'?"],
        id="key-in-another-letter-case",
    ),
    pytest.param(
        MINIMAL + "\u201csummary\u201d: Short.\n",
        [
            "h.yaml:7:1: error: unknown key '\u201csummary\u201d' in the handout; did you mean 'summary'? "
            "(YAML keeps curly quotes as part of the key: write the key without them)"
        ],
        id="key-in-curly-quotes",
    ),
    pytest.param(
        MINIMAL + "colour: blue\n",
        [
            "h.yaml:7:1: error: unknown key 'colour' in the handout; "
            "allowed: author, bibliography, language, references, reviewed, sections, subtitle, summary, title, url"
        ],
        id="unknown-key-lists-allowed",
    ),
    pytest.param(
        MINIMAL.replace("title: A small handout", "title: [A, small, handout]"),
        ["h.yaml:1:8: error: 'title' must be text, found a list"],
        id="title-as-list",
    ),
    pytest.param(
        MINIMAL.replace("title: A small handout", "title:\n  main: A small handout"),
        ["h.yaml:2:3: error: 'title' must be text, found a mapping (key: value pairs)"],
        id="title-as-mapping",
    ),
    pytest.param(
        MINIMAL.replace("title: A small handout", "title:"),
        ["h.yaml:1:7: error: 'title' is empty; write its text or remove the key"],
        id="title-empty",
    ),
    pytest.param(
        MINIMAL.replace("title: A small handout", "title: '   '"),
        ["h.yaml:1:8: error: 'title' is empty; write its text or remove the key"],
        id="title-blank",
    ),
    pytest.param(
        MINIMAL + "author: [A, B]\n",
        ["h.yaml:7:9: error: 'author' must be text, found a list"],
        id="author-as-list",
    ),
    # reviewed: a real YYYY-MM-DD date.
    pytest.param(
        MINIMAL.replace("2025-04-12", "2025-13-45"),
        [
            "h.yaml:2:11: error: 'reviewed' '2025-13-45' is not a real date (month 01-12, day within the month); "
            "write it as YYYY-MM-DD, e.g. 2025-04-12"
        ],
        id="reviewed-impossible-date",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "'2025-02-29'"),
        [
            "h.yaml:2:11: error: 'reviewed' '2025-02-29' is not a real date (month 01-12, day within the month); "
            "write it as YYYY-MM-DD, e.g. 2025-04-12"
        ],
        id="reviewed-no-leap-day",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "April 2025"),
        ["h.yaml:2:11: error: 'reviewed' 'April 2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"],
        id="reviewed-in-words",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "2025-4-12"),
        ["h.yaml:2:11: error: 'reviewed' '2025-4-12' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"],
        id="reviewed-one-digit-month",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "2025-04-12T09:30:00"),
        ["h.yaml:2:11: error: 'reviewed' '2025-04-12T09:30:00' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"],
        id="reviewed-with-time",
    ),
    # Found by tests/test_fuzz.py: a quoted value with line breaks broke the one-line diagnostic.
    pytest.param(
        MINIMAL.replace("2025-04-12", "|\n  Reviewed by the nursing team\n  in April, with the new\n  forms.\n"),
        [
            "h.yaml:2:11: error: 'reviewed' 'Reviewed by the nursing team in April, with the new forms.' "
            "is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"
        ],
        id="reviewed-on-several-lines-is-quoted-on-one",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "'" + "Checked " * 20 + "'"),
        [
            "h.yaml:2:11: error: 'reviewed' 'Checked Checked Checked Checked Checked Checked Checked..."
            "' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"
        ],
        id="long-value-is-cut-short",
    ),
    pytest.param(
        MINIMAL + 'language: "en\\u200f"\n',
        ["h.yaml:7:11: error: 'language' 'en<U+200F>' is not a BCP 47 language tag; write e.g. en, en-US or es"],
        id="invisible-character-in-a-value-is-shown",
    ),
    pytest.param(
        MINIMAL.replace("2025-04-12", "2025"),
        ["h.yaml:2:11: error: 'reviewed' '2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12"],
        id="reviewed-year-only",
    ),
    # language: a well-formed BCP 47 tag.
    pytest.param(
        MINIMAL + "language: english\n",
        ["h.yaml:7:11: error: 'language' 'english' is not a BCP 47 language tag; write e.g. en, en-US or es"],
        id="language-word",
    ),
    pytest.param(
        MINIMAL + "language: en_US\n",
        ["h.yaml:7:11: error: 'language' 'en_US' is not a BCP 47 language tag; write e.g. en, en-US or es"],
        id="language-underscore",
    ),
    pytest.param(
        MINIMAL + "language: e\n",
        ["h.yaml:7:11: error: 'language' 'e' is not a BCP 47 language tag; write e.g. en, en-US or es"],
        id="language-too-short",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TOP_LEVEL)
def test_top_level_problems(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


@pytest.mark.parametrize(
    "tag",
    [
        "en",
        "en-US",
        "es-419",
        "es-MX",
        "fr-CA",
        "pt-BR",
        "vi",
        "zh-Hant-TW",
        "zh-CN",
        "ja",
        "ko-KR",
        "ru",
        "tl",
        "ht",
        "pl",
    ],
)
def test_well_formed_language_tags_with_a_catalog_are_accepted(tag: str) -> None:
    assert ok(MINIMAL + f"language: {tag}\n").language == tag


@pytest.mark.parametrize("tag", ["uk-UA", "sr-Latn", "de-CH-1996", "fil"])
def test_a_language_without_a_catalog_is_an_error_listing_the_supported_ones(tag: str) -> None:
    primary = tag.split("-")[0]
    assert errors(MINIMAL + f"language: {tag}\n") == [
        f"h.yaml:7:11: error: 'language' '{tag}' is not supported; supported: "
        "ar, en, es, fr, hi, ht, ja, ko, pl, pt, ru, tl, ur, vi, zh-Hans, zh-Hant "
        f"(a catalogs/{primary}.yaml of its fixed words adds it)"
    ]


SECTIONS_AND_BLOCKS = [
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n  - heading: H\n",
        ["h.yaml:4:5: error: a section has no 'blocks'; add 'blocks: ...'"],
        id="section-without-blocks",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n  - blocks: [x]\n",
        ["h.yaml:4:5: error: a section has no 'heading'; add 'heading: ...'"],
        id="section-without-heading",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n  - heading: H\n    blocks: []\n",
        ["h.yaml:5:13: error: 'blocks' is empty; give at least one item"],
        id="empty-blocks",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n  - heading: H\n    blocks: [x]\n    heding: I\n",
        ["h.yaml:6:5: error: unknown key 'heding' in a section; did you mean 'heading'?"],
        id="unknown-section-key",
    ),
    pytest.param(
        "title: T\nreviewed: 2025-04-12\nsections:\n  - Introduction\n",
        ["h.yaml:4:5: error: a section must be a mapping (key: value lines), found text"],
        id="section-as-text",
    ),
    pytest.param(
        with_blocks("- bullet: [a, b]\n"),
        [f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} (found: bullet); did you mean 'bullets'?"],
        id="misspelt-block-kind",
    ),
    pytest.param(
        with_blocks("- colour: red\n  size: 3\n"),
        [f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} (found: colour, size); give exactly one"],
        id="unknown-block-keys",
    ),
    pytest.param(
        with_blocks("- Important: call us at once\n"),
        [
            f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} "
            "(found: Important); give exactly one (a paragraph that contains ': ' must be put in quotes)"
        ],
        id="paragraph-with-colon-reads-as-a-key",
    ),
    pytest.param(
        with_blocks("- \u201cnote\u201d: Call us at once.\n"),
        [
            f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} "
            "(found: \u201cnote\u201d); did you mean 'note'? "
            "(YAML keeps curly quotes as part of the key: write the key without them)"
        ],
        id="block-kind-in-curly-quotes",
    ),
    pytest.param(
        with_blocks("- Note: call us at once\n"),
        [
            f"h.yaml:6:9: error: a block has none of {KINDS_LISTED} "
            "(found: Note); did you mean 'note'? (a paragraph that contains ': ' must be put in quotes)"
        ],
        id="capitalised-note-or-paragraph",
    ),
    pytest.param(
        with_blocks("- bullets: [a]\n  steps: [b]\n"),
        [
            "h.yaml:6:9: error: a block has more than one of 'bullets', 'steps', 'note', 'subheading', "
            f"{KINDS_LISTED_END} (found: bullets, steps); give exactly one"
        ],
        id="block-with-two-kinds",
    ),
    pytest.param(
        with_blocks("- bullets: [a]\n  title: Things\n"),
        ["h.yaml:7:9: error: unknown key 'title' in a 'bullets' block; allowed: bullets"],
        id="title-on-a-list",
    ),
    pytest.param(
        with_blocks("- [a, b]\n"),
        [
            "h.yaml:6:9: error: a block (text, or a mapping with bullets, steps, note, subheading, write_in, qr, "
            "figure, figures, table, checklist or terms) "
            "must be a mapping (key: value lines), found a list"
        ],
        id="block-as-list",
    ),
    pytest.param(
        with_blocks("- ''\n"),
        ["h.yaml:6:9: error: a paragraph is empty; write its text or remove the key"],
        id="empty-paragraph",
    ),
    pytest.param(
        with_blocks("- subheading:\n"),
        ["h.yaml:6:20: error: 'subheading' is empty; write its text or remove the key"],
        id="empty-subheading",
    ),
    # notes
    pytest.param(
        with_blocks("- note: Careful.\n  kind: danger\n"),
        ["h.yaml:7:15: error: 'kind' of a note is 'danger'; allowed: info, warning"],
        id="note-unknown-kind",
    ),
    pytest.param(
        with_blocks("- note: Careful.\n  kind: warn\n"),
        ["h.yaml:7:15: error: 'kind' of a note is 'warn'; did you mean 'warning'?"],
        id="note-kind-misspelt",
    ),
    pytest.param(
        with_blocks("- note: Careful.\n  titel: Heads up\n"),
        ["h.yaml:7:9: error: unknown key 'titel' in a note; did you mean 'title'?"],
        id="note-unknown-key",
    ),
    pytest.param(
        with_blocks("- note: {text: a}\n"),
        [
            "h.yaml:6:15: error: 'note' must be text or a list of blocks, found a mapping (key: value pairs); "
            "write each block of the note as a '- ' item under 'note:'"
        ],
        id="note-as-mapping",
    ),
    # lists
    pytest.param(
        with_blocks("- bullets: []\n"),
        ["h.yaml:6:18: error: 'bullets' is empty; give at least one item"],
        id="empty-list",
    ),
    pytest.param(
        with_blocks("- steps: Do this\n"),
        ["h.yaml:6:16: error: 'steps' must be a list ('- ' items), found text"],
        id="steps-as-text",
    ),
    pytest.param(
        with_blocks("- bullets:\n    - bullets: [a]\n"),
        [
            "h.yaml:7:13: error: a 'bullets' list stands as an item of its own; a nested list must belong to an "
            "item: write the item before it as 'text: ...' with 'bullets:' under it, lined up with 'text:'"
        ],
        id="nested-list-without-text",
    ),
    pytest.param(
        with_blocks("- bullets:\n    - steps: [a]\n      colour: red\n"),
        [
            "h.yaml:7:13: error: a 'steps' list stands as an item of its own; a nested list must belong to an "
            "item: write the item before it as 'text: ...' with 'steps:' under it, lined up with 'text:'",
            "h.yaml:8:13: error: unknown key 'colour' in a list item; allowed: bullets, steps, text",
        ],
        id="nested-list-without-text-and-an-unknown-key",
    ),
    pytest.param(
        with_blocks("- bullets:\n    - text: a\n      bullets: [b]\n      steps: [c]\n"),
        ["h.yaml:7:13: error: a list item has both 'bullets' and 'steps'; give one nested list"],
        id="item-with-two-nested-lists",
    ),
    pytest.param(
        with_blocks("- bullets:\n    - text: a\n      note: b\n"),
        ["h.yaml:8:13: error: unknown key 'note' in a list item; allowed: bullets, steps, text"],
        id="item-unknown-key",
    ),
    pytest.param(
        with_blocks("- bullets:\n    - [a, b]\n"),
        [
            "h.yaml:7:13: error: a list item (text, or text with bullets or steps) must be a mapping "
            "(key: value lines), found a list"
        ],
        id="item-as-list",
    ),
    pytest.param(
        with_blocks(
            """\
            - bullets:
                - text: level 1
                  bullets:
                    - text: level 2
                      steps:
                        - text: level 3
                          bullets:
                            - level 4
            """
        ),
        ["h.yaml:13:23: error: lists nest at most 3 levels deep; move this list up a level"],
        id="list-nested-four-deep",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECTIONS_AND_BLOCKS)
def test_section_and_block_problems(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_lists_nest_three_levels() -> None:
    handout = ok(
        with_blocks(
            """\
            - bullets:
                - text: level 1
                  bullets:
                    - text: level 2
                      steps: [level 3]
            """
        )
    )
    (top,) = handout.sections[0].blocks
    assert isinstance(top, ItemList)
    level2 = top.items[0].sublist
    assert level2 is not None and level2.items[0].content == (Text("level 2"),)
    level3 = level2.items[0].sublist
    assert level3 == ItemList((ListItem((Text("level 3"),)),), ordered=True)


# --- inline text: links and citations, placed inside the value -----------------------------------

UNSAFE = "which is not allowed; use a full http, https, mailto or tel address"

INLINE = [
    pytest.param(
        with_blocks("- Click [here](javascript:alert(1)) now.\n"),
        [f"h.yaml:6:15: error: link address 'javascript:alert(1)' has the scheme 'javascript:', {UNSAFE}"],
        id="javascript-link",
    ),
    pytest.param(
        with_blocks("- Open [it](JavaScript:alert(1)).\n"),
        [f"h.yaml:6:14: error: link address 'JavaScript:alert(1)' has the scheme 'javascript:', {UNSAFE}"],
        id="javascript-link-any-case",
    ),
    pytest.param(
        with_blocks("- See [the file](file:///etc/passwd).\n"),
        [f"h.yaml:6:13: error: link address 'file:///etc/passwd' has the scheme 'file:', {UNSAFE}"],
        id="file-link",
    ),
    pytest.param(
        with_blocks("- See [the data](data:text/html,hi).\n"),
        [f"h.yaml:6:13: error: link address 'data:text/html,hi' has the scheme 'data:', {UNSAFE}"],
        id="data-link",
    ),
    pytest.param(
        with_blocks("- See [page two](page2.html).\n"),
        [f"h.yaml:6:13: error: link address 'page2.html' has no scheme, {UNSAFE}"],
        id="relative-link",
    ),
    pytest.param(
        with_blocks("- See [our site](//clinic.example).\n"),
        [f"h.yaml:6:13: error: link address '//clinic.example' has no scheme, {UNSAFE}"],
        id="scheme-relative-link",
    ),
    pytest.param(
        with_blocks("- See [our site](https:clinic.example).\n"),
        ["h.yaml:6:13: error: link address 'https:clinic.example' has no host name; write it as https://host/path"],
        id="https-without-host",
    ),
    pytest.param(
        with_blocks('- "Bad [@] citation."\n'),
        ["h.yaml:6:14: error: malformed citation '[@]'; write [@id], [@id1; @id2] or [@id, p. 12]"],
        id="empty-citation",
    ),
    pytest.param(
        with_blocks('- "Bad [@a, @b] citation."\n', "- id: a\n  text: A.\n- id: b\n  text: B.\n"),
        [
            "h.yaml:6:14: error: malformed citation '[@a, @b]'; write [@id], [@id1; @id2] or [@id, p. 12]",
            "h.yaml:8:9: warning: reference 'a' is never cited, so it is left out of the References list; "
            "cite it with [@a] or remove it",
            "h.yaml:10:9: warning: reference 'b' is never cited, so it is left out of the References list; "
            "cite it with [@b] or remove it",
        ],
        id="citation-with-comma",
    ),
    pytest.param(
        with_blocks('- "Ask [@ nurse] today."\n'),
        ["h.yaml:6:14: error: malformed citation '[@ nurse]'; write [@id], [@id1; @id2] or [@id, p. 12]"],
        id="citation-with-space",
    ),
    pytest.param(
        with_blocks('- "Cited [@nope]."\n'),
        ["h.yaml:6:17: error: citation of unknown reference 'nope'; add it to 'references' with 'id: nope'"],
        id="citation-without-references",
    ),
    pytest.param(
        with_blocks('- "Cited [@nci-immunotherpy]."\n', "- id: nci-immunotherapy\n  text: NCI.\n"),
        [
            "h.yaml:6:17: error: citation of unknown reference 'nci-immunotherpy'; did you mean 'nci-immunotherapy'?",
            "h.yaml:8:9: warning: reference 'nci-immunotherapy' is never cited, so it is left out of the "
            "References list; cite it with [@nci-immunotherapy] or remove it",
        ],
        id="citation-misspelt",
    ),
    pytest.param(
        with_blocks("- subheading: Links [x](ftp://files.example)\n"),
        [f"h.yaml:6:27: error: link address 'ftp://files.example' has the scheme 'ftp:', {UNSAFE}"],
        id="link-in-subheading",
    ),
    pytest.param(
        MINIMAL.replace("title: A small handout", "title: '*Care* [@x]'"),
        ["h.yaml:1:17: error: citation of unknown reference 'x'; add it to 'references' with 'id: x'"],
        id="citation-in-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), INLINE)
def test_inline_problems_are_placed_inside_the_text(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_unknown_citation_in_a_folded_paragraph_points_at_the_id() -> None:
    text = with_blocks(
        """\
        - >-
          Biological therapy helps
          your immune system [@nci; @nope]
          and more [@nope].
        """,
        "- id: nci\n  type: webpage\n  title: NCI\n",
    )
    assert errors(text) == [
        "h.yaml:8:35: error: citation of unknown reference 'nope'; allowed: nci",
        "h.yaml:9:19: error: citation of unknown reference 'nope'; allowed: nci",
    ]


def test_unknown_citation_in_a_literal_block_and_a_plain_multiline_scalar() -> None:
    text = with_blocks(
        """\
        - |
          Line one
            [@lit]
        - plain text that
          runs on [@plain]
        """
    )
    assert errors(text) == [
        "h.yaml:8:12: error: citation of unknown reference 'lit'; add it to 'references' with 'id: lit'",
        "h.yaml:10:18: error: citation of unknown reference 'plain'; add it to 'references' with 'id: plain'",
    ]


def test_citation_is_placed_at_its_own_at_sign() -> None:
    """Regression: positions came from the first '@id' anywhere in the text, so '[@b]' after an e-mail
    address 'a@b.org', or '[@nci]' after '[@nci2]', pointed at the wrong place."""
    text = with_blocks(
        '- "Mail a@b.org or see [@nci2] and [@nci] then [@b]."\n',
        "- id: nci\n  text: N.\n- id: nci2\n  text: N2.\n",
    )
    assert errors(text) == [
        "h.yaml:6:55: error: citation of unknown reference 'b'; allowed: nci, nci2",
    ]


def test_problem_spanning_a_folded_line_is_placed_at_its_start() -> None:
    """Regression: a malformed link or citation broken over two lines of a '>-' paragraph was placed
    at the start of the paragraph, as its text (with a line break) was not found in the file."""
    text = with_blocks(
        """\
        - >-
          Go [to the
          page](javascript:alert(1)) and see
          [@a,
          @b].
        """
    )
    assert errors(text) == [
        f"h.yaml:7:12: error: link address 'javascript:alert(1)' has the scheme 'javascript:', {UNSAFE}",
        "h.yaml:9:9: error: malformed citation '[@a, @b]'; write [@id], [@id1; @id2] or [@id, p. 12]",
    ]


def test_inline_problem_reported_once_after_an_unclosed_star() -> None:
    """Regression: text after an unclosed '*' was parsed twice, reporting its problems twice."""
    assert errors(with_blocks("- 2*3 [x](javascript:y) and **more [@]\n")) == [
        f"h.yaml:6:13: error: link address 'javascript:y' has the scheme 'javascript:', {UNSAFE}",
        "h.yaml:6:42: error: malformed citation '[@]'; write [@id], [@id1; @id2] or [@id, p. 12]",
    ]


# --- references -----------------------------------------------------------------------------------

REFERENCES = [
    pytest.param(
        with_reference("title: A\n"),
        ["h.yaml:8:5: error: reference 'a' has no 'type'; add e.g. 'type: webpage' or 'type: book'"],
        id="missing-type",
    ),
    pytest.param(
        with_reference("type: webpage\n"),
        ["h.yaml:8:5: error: reference 'a' has no 'title'; add 'title: ...' or give the whole entry as 'text: ...'"],
        id="missing-title",
    ),
    pytest.param(
        with_reference("type: web-page\ntitle: A\n"),
        ["h.yaml:9:11: error: 'type' of reference 'a' is 'web-page'; did you mean 'webpage'?"],
        id="unknown-type",
    ),
    pytest.param(
        with_reference("text: Exactly this.\ntitle: A\n"),
        [
            "h.yaml:10:5: error: reference 'a' has both 'text' and 'title'; 'text' prints exactly as written, "
            "so remove 'title' or remove 'text'"
        ],
        id="text-clashes-with-title",
    ),
    pytest.param(
        with_reference("text: Exactly this.\nissued: 2020\n"),
        [
            "h.yaml:10:5: error: reference 'a' has both 'text' and 'issued'; 'text' prints exactly as written, "
            "so remove 'issued' or remove 'text'"
        ],
        id="text-clashes-with-issued",
    ),
    pytest.param(
        with_reference("text: ''\n"),
        ["h.yaml:9:11: error: 'text' of reference 'a' is empty; write its text or remove the key"],
        id="empty-text",
    ),
    pytest.param(
        with_reference("type: webpage\ntitle: A\nURL: javascript:alert(1)\n"),
        [
            "h.yaml:11:10: error: 'URL' of reference 'a': link address 'javascript:alert(1)' has the scheme "
            f"'javascript:', {UNSAFE}"
        ],
        id="unsafe-url",
    ),
    pytest.param(
        with_reference("text: A.\nURL: javascript:alert(1)\n"),
        [
            "h.yaml:10:10: error: 'URL' of reference 'a': link address 'javascript:alert(1)' has the scheme "
            f"'javascript:', {UNSAFE}"
        ],
        id="unsafe-url-of-text-reference",
    ),
    pytest.param(
        with_reference("type: webpage\ntitle: [A, B]\n"),
        ["h.yaml:10:12: error: 'title' of reference 'a' must be text, found a list"],
        id="title-as-list",
    ),
    pytest.param(
        with_blocks('- "[@a]"\n', "- id: a\n  text: A.\n- id: a\n  text: Again.\n"),
        ["h.yaml:10:9: error: duplicate reference id 'a' (first at line 8, column 9); give each reference its own id"],
        id="duplicate-id",
    ),
    pytest.param(
        with_blocks('- "[@a]"\n', "- id: a\n  text: A.\n- text: B.\n"),
        ["h.yaml:10:5: error: a reference has no 'id'; add 'id: ...'"],
        id="missing-id",
    ),
    pytest.param(
        with_blocks('- "[@a]"\n', "- id: a\n  text: A.\n- id: [b]\n  text: B.\n"),
        ["h.yaml:10:9: error: 'id' must be text, found a list"],
        id="id-as-list",
    ),
    pytest.param(
        with_blocks('- "[@a]"\n', "- id: a\n  text: A.\n- Smith J. A book. 2020.\n"),
        ["h.yaml:10:5: error: a reference must be a mapping (key: value lines), found text"],
        id="reference-as-text",
    ),
    pytest.param(
        with_blocks('- "[@a]"\n') + "references:\n  id: a\n",
        ["h.yaml:8:3: error: 'references' must be a list ('- ' items), found a mapping (key: value pairs)"],
        id="references-as-mapping",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCES)
def test_reference_problems(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


# What CSL processors take is taken, with a warning: a key that is no CSL variable, an address without its scheme.
TAKEN = [
    pytest.param(
        with_reference("type: webpage\ntitle: A\nautor: [{family: Smith}]\n"),
        ["h.yaml:11:5: warning: unknown key 'autor' in reference 'a' is ignored; did you mean 'author'?"],
        id="unknown-field-did-you-mean",
    ),
    pytest.param(
        with_reference("type: webpage\ntitle: A\nURL: www.cancer.gov\n"),
        [
            "h.yaml:11:10: warning: 'URL' of reference 'a' has no scheme; it is linked as https://www.cancer.gov "
            "and printed as given: write the https:// to silence this"
        ],
        id="url-without-scheme",
    ),
]


@pytest.mark.parametrize(("text", "expected"), TAKEN)
def test_reference_input_taken_with_a_warning(text: str, expected: list[str]) -> None:
    handout, said = run(text)
    assert handout is not None
    assert said == expected


def test_reference_with_errors_still_counts_as_cited() -> None:
    """Regression: an entry without 'type' was dropped, so each citation of it added a second, wrong
    error 'citation of unknown reference'."""
    text = with_reference("title: A\n", cite="[@a] and again [@a]")
    assert errors(text) == [
        "h.yaml:8:5: error: reference 'a' has no 'type'; add e.g. 'type: webpage' or 'type: book'",
    ]


def test_reference_without_type_reports_its_other_problems_too() -> None:
    text = with_reference("title: A\nissued: 2020-13\n")
    assert errors(text) == [
        "h.yaml:8:5: error: reference 'a' has no 'type'; add e.g. 'type: webpage' or 'type: book'",
        f"h.yaml:10:13: error: 'issued' of reference 'a' '2020-13' is not a real date; {DATE_HINT}",
    ]


def test_never_cited_reference_is_a_warning_and_the_handout_is_built() -> None:
    handout, found = run(with_blocks('- "Cited [@used]."\n', "- id: used\n  text: U.\n- id: spare\n  text: S.\n"))
    assert found == [
        "h.yaml:10:9: warning: reference 'spare' is never cited, so it is left out of the References list; "
        "cite it with [@spare] or remove it"
    ]
    assert handout is not None
    assert [ref.id for ref in handout.references] == ["used", "spare"]  # numbering drops 'spare' later


def test_references_may_be_empty() -> None:
    assert ok(MINIMAL + "references: []\n").references == ()


# --- CSL dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param("2020", PartialDate(2020), id="year"),
        pytest.param("'2020'", PartialDate(2020), id="quoted-year"),
        pytest.param("2020-05", PartialDate(2020, 5), id="year-month"),
        pytest.param("2020-05-03", PartialDate(2020, 5, 3), id="full-date"),
        pytest.param("'2020-05-03'", PartialDate(2020, 5, 3), id="quoted-full-date"),
        pytest.param("2024-02-29", PartialDate(2024, 2, 29), id="leap-day"),
        pytest.param("{date-parts: [[2020]]}", PartialDate(2020), id="date-parts-year"),
        pytest.param("{date-parts: [[2020, 5]]}", PartialDate(2020, 5), id="date-parts-year-month"),
        pytest.param("{date-parts: [[2020, 5, 3]]}", PartialDate(2020, 5, 3), id="date-parts-full"),
        pytest.param("{date-parts: [['2020', '5']]}", PartialDate(2020, 5), id="date-parts-as-text"),
        pytest.param("{date-parts: [[2020, 5], [2021, 6]]}", PartialDate(2020, 5), id="date-parts-range-start"),
        pytest.param("[{year: 2020, month: 5}]", PartialDate(2020, 5), id="pandoc-list"),
        pytest.param("[{year: 2020, month: 5, day: 3}]", PartialDate(2020, 5, 3), id="pandoc-list-full"),
        pytest.param("{year: 2020}", PartialDate(2020), id="pandoc-mapping"),
        pytest.param("{literal: Spring 2020}", PartialDate(literal="Spring 2020"), id="literal"),
        pytest.param("{literal: '  Spring   2020 '}", PartialDate(literal="Spring 2020"), id="literal-spaces"),
        pytest.param("{raw: 2020-05-03}", PartialDate(2020, 5, 3), id="raw-parsed"),
        pytest.param("{raw: 'May 3, 2020'}", PartialDate(literal="May 3, 2020"), id="raw-as-literal"),
    ],
)
def test_csl_date_forms(issued: str, expected: PartialDate) -> None:
    reference = the_reference(f"type: book\ntitle: A\nissued: {issued}\naccessed: {issued}\n")
    assert (reference.issued, reference.accessed) == (expected, expected)


DATE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD"


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        pytest.param(
            "2020-13",
            f"11:13: error: 'issued' of reference 'a' '2020-13' is not a real date; {DATE_HINT}",
            id="2020-13",
        ),
        pytest.param(
            "2020-00",
            f"11:13: error: 'issued' of reference 'a' '2020-00' is not a real date; {DATE_HINT}",
            id="2020-00",
        ),
        pytest.param(
            "2021-02-29",
            f"11:13: error: 'issued' of reference 'a' '2021-02-29' is not a real date; {DATE_HINT}",
            id="2021-02-29",
        ),
        pytest.param(
            "20-05", f"11:13: error: 'issued' of reference 'a' '20-05' is not a date; {DATE_HINT}", id="20-05"
        ),
        pytest.param(
            "May 2020", f"11:13: error: 'issued' of reference 'a' 'May 2020' is not a date; {DATE_HINT}", id="May 2020"
        ),
        pytest.param(
            "2020-05-03T10:00:00",
            f"11:13: error: 'issued' of reference 'a' '2020-05-03T10:00:00' is not a date; {DATE_HINT}",
            id="2020-05-03T10:00:00",
        ),
        pytest.param(
            "''",
            "11:13: error: 'issued' of reference 'a' is empty; write its text or remove the key",
            id="quoted-empty",
        ),
        pytest.param(
            "", "11:12: error: 'issued' of reference 'a' is empty; write its text or remove the key", id="no-value"
        ),
        pytest.param(
            "{date-parts: [[2020, 13]]}",
            f"11:26: error: 'issued' of reference 'a' '2020-13' is not a real date; {DATE_HINT}",
            id="{date-parts: [[2020, 13]]}",
        ),
        pytest.param(
            "{date-parts: [[2020, 2, 30]]}",
            f"11:26: error: 'issued' of reference 'a' '2020-2-30' is not a real date; {DATE_HINT}",
            id="{date-parts: [[2020, 2, 30]]}",
        ),
        pytest.param(
            "{date-parts: [[2020, 5, 3, 4]]}",
            f"11:26: error: 'issued' of reference 'a' '2020-5-3-4' is not a real date; {DATE_HINT}",
            id="{date-parts: [[2020, 5, 3, 4]]}",
        ),
        pytest.param(
            "{date-parts: [[twenty]]}",
            f"11:26: error: 'issued' of reference 'a' 'twenty' is not a real date; {DATE_HINT}",
            id="{date-parts: [[twenty]]}",
        ),
        pytest.param(
            "{date-parts: 2020}",
            "11:26: error: 'date-parts' of 'issued' of reference 'a' must be a list inside a list, e.g. [[2020, 5, 3]]",
            id="date-parts-not-a-list",
        ),
        pytest.param(
            "{date-parts: [2020, 5]}",
            "11:26: error: 'date-parts' of 'issued' of reference 'a' must be a list inside a list, e.g. [[2020, 5, 3]]",
            id="date-parts-flat",
        ),
        pytest.param(
            "{date-parts: [[]]}",
            f"11:26: error: 'issued' of reference 'a' has no year; {DATE_HINT}, or date-parts: [[2020, 5]]",
            id="date-parts-empty",
        ),
        pytest.param(
            "{}",
            f"11:13: error: 'issued' of reference 'a' has no year; {DATE_HINT}, or date-parts: [[2020, 5]]",
            id="{}",
        ),
        pytest.param(
            "{season: 1}",
            f"11:13: error: 'issued' of reference 'a' has no year; {DATE_HINT}, or date-parts: [[2020, 5]]",
            id="{season: 1}",
        ),
        pytest.param(
            "{month: 5}",
            "11:13: error: 'issued' of reference 'a' has 'month' but no 'year'; give the year, then month, then day",
            id="month-without-year",
        ),
        pytest.param(
            "{year: 2020, day: 5}",
            "11:13: error: 'issued' of reference 'a' has 'day' but no 'month'; give the year, then month, then day",
            id="day-without-month",
        ),
        pytest.param(
            "{year: 2021, month: 2, day: 29}",
            f"11:13: error: 'issued' of reference 'a' '2021-2-29' is not a real date; {DATE_HINT}",
            id="{year: 2021, month: 2, day: 29}",
        ),
        pytest.param(
            "{literal: ''}",
            "11:23: error: 'literal' of 'issued' of reference 'a' is empty; write its text or remove the key",
            id="{literal: ''}",
        ),
        pytest.param(
            "{literal: [x]}",
            "11:23: error: 'literal' of 'issued' of reference 'a' must be text, found a list",
            id="{literal: [x]}",
        ),
        pytest.param(
            "[2020]",
            "11:13: error: 'issued' of reference 'a' must be a mapping (key: value lines), found a list",
            id="[2020]",
        ),
    ],
)
def test_invalid_csl_dates(issued: str, expected: str) -> None:
    """Regression for several: '{month: 5}' became the year 5, and an empty or mistyped date was
    reported as "'' is not a real date" (or twice)."""
    found = errors(with_reference(f"type: book\ntitle: A\nissued: {issued}\n"))
    assert found == [f"h.yaml:{expected}"]


def test_unknown_date_key_did_you_mean() -> None:
    found = errors(with_reference("type: book\ntitle: A\nissued: {dateparts: [[2020]], year: 2020}\n"))
    assert found == [
        "h.yaml:11:14: error: unknown key 'dateparts' in 'issued' of reference 'a'; did you mean 'date-parts'?"
    ]


# --- CSL names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        pytest.param("[{family: Niederhuber, given: John E.}]", Name("Niederhuber", "John E."), id="person"),
        pytest.param("[{family: Smith}]", Name("Smith"), id="family-only"),
        pytest.param(
            "[{literal: National Cancer Institute}]", Name(literal="National Cancer Institute"), id="organisation"
        ),
        pytest.param(
            "[{family: Beethoven, given: Ludwig, non-dropping-particle: van}]",
            Name("Beethoven", "Ludwig", particle="van"),
            id="non-dropping-particle",
        ),
        pytest.param(
            "[{family: Gogh, given: Vincent, dropping-particle: van}]",
            Name("Gogh", "Vincent", particle="van"),
            id="dropping-particle",
        ),
        pytest.param(
            "[{family: King, given: Martin Luther, suffix: Jr., comma-suffix: true}]",
            Name("King", "Martin Luther", suffix="Jr."),
            id="suffix",
        ),
        pytest.param(
            "[{family: 'Le  Guin', given: Ursula, parse-names: false, static-ordering: false}]",
            Name("Le Guin", "Ursula"),
            id="flags-and-spaces",
        ),
    ],
)
def test_csl_names(author: str, expected: Name) -> None:
    reference = the_reference(f"type: book\ntitle: A\nauthor: {author}\neditor: {author}\n")
    assert (reference.authors, reference.editors) == ((expected,), (expected,))


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        pytest.param(
            "[{given: John}]",
            [
                "11:14: error: a name in 'author' of reference 'a' needs 'family' (a person) or 'literal' "
                "(an organisation)"
            ],
            id="given-only",
        ),
        pytest.param(
            "[{family: ''}]",
            ["11:23: error: 'family' of reference 'a' is empty; write its text or remove the key"],
            id="empty-family-reported-once",
        ),
        pytest.param(
            "[{famly: Smith}]",
            [
                "11:14: error: a name in 'author' of reference 'a' needs 'family' (a person) or 'literal' "
                "(an organisation)",
                "11:15: error: unknown key 'famly' in a name in 'author' of reference 'a'; did you mean 'family'?",
            ],
            id="misspelt-family",
        ),
        pytest.param(
            "{family: Smith}",
            ["11:13: error: 'author' of reference 'a' must be a list ('- ' items), found a mapping (key: value pairs)"],
            id="one-name-not-in-a-list",
        ),
        pytest.param(
            "[Smith J]",
            ["11:14: error: a name in 'author' of reference 'a' must be a mapping (key: value lines), found text"],
            id="name-as-text",
        ),
        pytest.param(
            "[{family: Smith, given: [J]}]",
            ["11:37: error: 'given' of reference 'a' must be text, found a list"],
            id="given-as-list",
        ),
    ],
)
def test_invalid_csl_names(author: str, expected: list[str]) -> None:
    found = errors(with_reference(f"type: book\ntitle: A\nauthor: {author}\n"))
    assert found == [f"h.yaml:{line}" for line in expected]


# --- Zotero CSL YAML and a full chapter entry -------------------------------------------------------

ZOTERO_ENTRY = """\
type: chapter
title: Therapeutic antibodies and immunologic conjugates
container-title: Abeloff's Clinical Oncology
editor:
  - family: Niederhuber
    given: John E.
  - family: Armitage
    given: James O.
author:
  - literal: Abeloff's Editors
edition: '6'
publisher: Elsevier
publisher-place: Philadelphia, PA
issued:
  - year: 2020
accessed:
  date-parts:
    - [2025, 2, 10]
URL: https://www.clinicalkey.com
DOI: 10.1016/example
abstract: >-
  A long abstract that the handout never prints: it may hold *any* text, [brackets] or @signs.
ISBN: 978-0-323-56815-3
language: en-US
note: 'Zotero notes: kept but not printed'
citation-key: niederhuber2020
number-of-pages: 2000
keyword: oncology; antibodies
source: ClinicalKey
journalAbbreviation: Abeloff
shortTitle: Antibodies
container-title-short: Clin Oncol
categories: [oncology]
custom: {zotero-key: ABC123}
"""


def test_zotero_csl_yaml_entry_loads_as_it_is() -> None:
    assert the_reference(ZOTERO_ENTRY) == Reference(
        id="a",
        type="chapter",
        title="Therapeutic antibodies and immunologic conjugates",
        authors=(Name(literal="Abeloff's Editors"),),
        editors=(Name("Niederhuber", "John E."), Name("Armitage", "James O.")),
        container_title="Abeloff's Clinical Oncology",
        container_title_short="Clin Oncol",  # container-title-short is read before Zotero's journalAbbreviation
        publisher="Elsevier",
        publisher_place="Philadelphia, PA",
        edition="6",
        issued=PartialDate(2020),
        accessed=PartialDate(2025, 2, 10),
        url="https://www.clinicalkey.com",
        doi="10.1016/example",
        language="en-US",  # tags the entry's language in the PDF (a BibEntry's /Lang)
    )


def test_every_csl_type_is_accepted() -> None:
    for ref_type in sorted(TYPES):
        assert the_reference(f"type: {ref_type}\ntitle: A\n").type == ref_type


# --- all problems of one file in one run ----------------------------------------------------------


def test_all_problems_of_a_file_are_reported_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            titel: Biological therapy
            reviewed: 2025-13-45
            sections:
              - heading: What it is
                blocks:
                  - "See [our page](javascript:alert(1)) and [@nope]."
                  - note: Call us.
                    kind: urgent
            """
        ),
        encoding="utf-8",
    )
    report = Report()
    root = yamlfile.load(path, report)
    assert root is not None
    assert validate.validate(root, report) is None
    assert [str(d) for d in report.sorted()] == [
        f"{path}:1:1: error: unknown key 'titel' in the handout; did you mean 'title'?",
        f"{path}:2:11: error: 'reviewed' '2025-13-45' is not a real date (month 01-12, day within the month); "
        "write it as YYYY-MM-DD, e.g. 2025-04-12",
        f"{path}:6:14: error: link address 'javascript:alert(1)' has the scheme 'javascript:', {UNSAFE}",
        f"{path}:6:51: error: citation of unknown reference 'nope'; add it to 'references' with 'id: nope'",
        f"{path}:8:15: error: 'kind' of a note is 'urgent'; allowed: info, warning",
    ]


def test_four_different_errors_give_four_diagnostics() -> None:
    text = """\
    title: [Not, text]
    reviewed: April 2025
    sections:
      - heading: H
        blocks:
          - bullets: []
    language: english
    """
    assert errors(text) == [
        "h.yaml:1:8: error: 'title' must be text, found a list",
        "h.yaml:2:11: error: 'reviewed' 'April 2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-04-12",
        "h.yaml:6:18: error: 'bullets' is empty; give at least one item",
        "h.yaml:7:11: error: 'language' 'english' is not a BCP 47 language tag; write e.g. en, en-US or es",
    ]


def test_errors_in_every_section_and_reference_are_all_reported() -> None:
    text = """\
    title: T
    reviewed: 2025-04-12
    sections:
      - heading: First
        blocks:
          - "[@x] [@y]"
          - bullets: []
      - heading: Second
        blocks: []
    references:
      - id: x
        type: bogus
        title: X
      - id: y
        type: book
    """
    assert errors(text) == [
        "h.yaml:7:18: error: 'bullets' is empty; give at least one item",
        "h.yaml:9:13: error: 'blocks' is empty; give at least one item",
        "h.yaml:12:11: error: 'type' of reference 'x' is 'bogus'; allowed: " + ", ".join(sorted(TYPES)),
        "h.yaml:14:5: error: reference 'y' has no 'title'; add 'title: ...' or give the whole entry as 'text: ...'",
    ]


# --- direct checks of the schema helpers ----------------------------------------------------------


def test_suggest_offers_the_closest_word_or_the_list() -> None:
    assert suggest("titel", ("title", "subtitle")) == "did you mean 'title'?"
    assert suggest("zzz", ("b", "a")) == "allowed: a, b"


def test_an_error_already_in_the_report_does_not_fail_a_good_handout() -> None:
    """A report that already holds another file's error does not make a good handout fail."""
    report = Report()
    report.error(Position("other.yaml", 1, 1), "elsewhere")
    root = yamlfile.parse(MINIMAL, "h.yaml", report)
    assert root is not None
    assert validate.validate(root, report) is not None


def test_links_and_emphasis_reach_the_model() -> None:
    handout = ok(with_blocks("- '**Call** [us](tel:+15551234567) or [mail](mailto:care@clinic.example).'\n"))
    assert handout.sections[0].blocks == (
        Paragraph(
            (
                Strong((Text("Call"),)),
                Text(" "),
                Link((Text("us"),), "tel:+15551234567"),
                Text(" or "),
                Link((Text("mail"),), "mailto:care@clinic.example"),
                Text("."),
            )
        ),
    )


# --- what reference managers write, read as CSL processors read it ---------------------------


def test_unknown_keys_of_a_reference_are_warnings_and_the_entry_is_used() -> None:
    """Zotero's 'key', an export's 'city' and 'standard_citation' are ignored by CSL processors."""
    handout, said = run(with_reference("type: book\ntitle: A\nkey: 6FFRVTYJ\ncity: Paris\nstandard_citation: x\n"))
    assert handout is not None and handout.references[0].title == "A"
    assert said == [
        "h.yaml:11:5: warning: unknown key 'key' in reference 'a' is ignored; "
        "it is not a CSL variable; remove it to silence this",
        "h.yaml:12:5: warning: unknown key 'city' in reference 'a' is ignored; "
        "it is not a CSL variable; remove it to silence this",
        "h.yaml:13:5: warning: unknown key 'standard_citation' in reference 'a' is ignored; "
        "it is not a CSL variable; remove it to silence this",
    ]


def test_an_empty_given_name_makes_the_name_an_organisations() -> None:
    ref = the_reference("type: report\ntitle: A\nauthor: [{family: UN DESA, given: ''}]\n")
    assert ref.authors == (Name(literal="UN DESA"),)


def test_an_address_without_a_scheme_is_linked_with_https_and_kept_as_written() -> None:
    handout, said = run(
        with_reference("type: chapter\ntitle: A\nURL: accessmedicine.mhmedical.com/content.aspx?aid=1\n")
    )
    assert handout is not None and len(said) == 1 and ": warning: 'URL' of reference 'a' has no scheme" in said[0]
    ref = handout.references[0]
    assert (ref.url, ref.url_shown) == (
        "https://accessmedicine.mhmedical.com/content.aspx?aid=1",
        "accessmedicine.mhmedical.com/content.aspx?aid=1",
    )


def test_what_is_no_address_even_with_https_is_still_an_error() -> None:
    assert errors(with_reference("type: webpage\ntitle: A\nURL: not an address\n"))[0].startswith(
        "h.yaml:11:10: error: 'URL' of reference 'a': link address 'not an address' has no scheme"
    )


def test_journal_abbreviations_and_other_names_of_variables_are_read() -> None:
    ref = the_reference(
        "type: article-journal\ntitle: A\ncontainer-title: Nurse Educator\njournalAbbreviation: Nurse Educ\n"
    )
    assert ref.container_title_short == "Nurse Educ"
    ref = the_reference("type: article-journal\ntitle: A\ncontainer-title-short: JAMA\njournalAbbreviation: J\n")
    assert ref.container_title_short == "JAMA"  # the CSL variable before Zotero's
    ref = the_reference("type: paper-conference\ntitle: A\nevent: ASCO Annual Meeting\n")
    assert ref.event_title == "ASCO Annual Meeting"  # CSL 1.0's name of event-title
    ref = the_reference("type: motion_picture\ntitle: A\ndirector: [{family: Nichols, given: Mike}]\nmedium: Video\n")
    assert (ref.directors, ref.medium) == ((Name("Nichols", "Mike"),), "Video")


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("{date-parts: [[2020, 21]]}", PartialDate(2020)),  # CSL's month 21-24: spring to winter
        ("'2020-24'", PartialDate(2020)),  # EDTF's season
        ("{date-parts: [[2020]], season: 2}", PartialDate(2020)),
        ("{date-parts: [[1990]], circa: true}", PartialDate(1990)),
        ("{raw: Spring 2020}", PartialDate(2020)),
        ("{raw: circa 1990}", PartialDate(1990)),
        ("{raw: ca. 1990}", PartialDate(1990)),
        ("{raw: '2005?'}", PartialDate(2005)),
        ("{raw: in press}", PartialDate(literal="in press")),
    ],
)
def test_seasons_and_circa_dates_are_read(issued: str, expected: PartialDate) -> None:
    assert the_reference(f"type: book\ntitle: A\nissued: {issued}\n").issued == expected
