"""Tests for handoutkit.load.yamlfile: YAML text in, positioned tree out, or exact diagnostics with line:column."""

from __future__ import annotations

import time
from pathlib import Path
from typing import BinaryIO

import pytest

from handoutkit.diagnostics import Position, Report
from handoutkit.load import yamlfile
from handoutkit.load.tree import Mapping, Node, Scalar, Sequence

ADVICE = "check indentation, colons and quotes"
TAB_ADVICE = "line {line} is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"
NOT_ALLOWED = "is not allowed; remove it: handouts hold only text, numbers, lists and mappings"
QUOTE_BANG = "; text that starts with '!' must be put in quotes"


def parse(text: str) -> tuple[Node | None, list[str]]:
    """Compose ``text`` as the file h.yaml; return the tree and the diagnostics as a user sees them."""
    report = Report()
    root = yamlfile.parse(text, "h.yaml", report)
    return root, [str(d) for d in report.sorted()]


def errors(text: str) -> list[str]:
    """Diagnostics of text the loader must refuse."""
    root, found = parse(text)
    assert root is None, f"the loader accepted {text!r}"
    return found


def load_file(path: Path) -> tuple[Node | None, list[str]]:
    report = Report()
    root = yamlfile.load(path, report)
    return root, [str(d) for d in report.sorted()]


def scalar(node: Node | None, *keys: str) -> Scalar:
    """The scalar found by following ``keys`` through mappings."""
    for key in keys:
        assert isinstance(node, Mapping)
        node = node.get(key)
    assert isinstance(node, Scalar)
    return node


# --- refused input, each with its exact message and place -------------------------------------

REFUSED = [
    # YAML syntax errors: the place PyYAML marks; at the end of the file, where the open part began.
    pytest.param(
        "title: [a\n",
        [
            "h.yaml:1:8: error: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; "
            "text that starts with '[' must be put in quotes"
        ],
        id="unclosed-flow-list-points-at-its-bracket",
    ),
    pytest.param(
        'title: "abc\nreviewed: 2025-04-12\n',
        [
            "h.yaml:1:8: error: YAML syntax error: while scanning a quoted scalar found unexpected end of stream; "
            + ADVICE
        ],
        id="unclosed-quote-points-at-the-quote",
    ),
    pytest.param(
        "title: a\nc\n",
        [f"h.yaml:2:1: error: YAML syntax error: while scanning a simple key could not find expected ':'; {ADVICE}"],
        id="line-without-colon",
    ),
    pytest.param(
        "title: a: b\n",
        [f"h.yaml:1:9: error: YAML syntax error: mapping values are not allowed in this context; {ADVICE}"],
        id="second-colon",
    ),
    pytest.param(
        "title: x\n\treviewed: y\n",
        [
            "h.yaml:2:1: error: YAML syntax error: while scanning a plain scalar found a tab character that "
            f"violates indentation; {TAB_ADVICE.format(line=2)}"
        ],
        id="tab-indent",
    ),
    pytest.param(
        "sections:\n\t- heading: A\n",
        [
            "h.yaml:2:1: error: YAML syntax error: while scanning for the next token found character that cannot "
            f"start any token; {TAB_ADVICE.format(line=2)}"
        ],
        id="tab-before-a-list-dash-is-named",
    ),
    pytest.param(
        "sections:\n  - heading Drinking enough\n    blocks:\n      - x\n",
        [
            "h.yaml:3:11: error: YAML syntax error: mapping values are not allowed in this context; line 2 "
            "('- heading Drinking enough') has no ':' after its key; write it as 'key: value', or put text that "
            "contains ': ' in quotes"
        ],
        id="missing-colon-names-the-line-before",
    ),
    pytest.param(
        "blocks:\n  - bullets:\n      - a\n    - b\n",
        [
            "h.yaml:4:5: error: YAML syntax error: while parsing a block mapping did not find expected key; "
            "the '- ' item on line 4 is indented less than the other items of its list; line them up"
        ],
        id="outdented-list-item",
    ),
    pytest.param(
        'title: "Smile \\ud83d\\ude00"\n',
        [
            "h.yaml:1:17: error: YAML syntax error: while parsing a quoted scalar found invalid Unicode character "
            "escape code; an escape for half of a surrogate pair (\\ud800 to \\udfff), or past \\U0010FFFF, is "
            "no character; type the character itself, or write it with 8 digits, as in \\U0001F600"
        ],
        id="escaped-surrogate-pair-as-json-writes-it",
    ),
    # Found by tests/test_fuzz.py: places past the end of the text.
    pytest.param(
        "[",
        [
            "h.yaml:1:2: error: YAML syntax error: while parsing a flow node did not find expected node content; "
            + ADVICE
        ],
        id="end-of-a-file-without-a-last-newline-is-on-its-last-line",
    ),
    pytest.param(
        "\ufeff[",
        [
            "h.yaml:1:2: error: YAML syntax error: while parsing a flow node did not find expected node content; "
            + ADVICE
        ],
        id="byte-order-mark-before-the-end-of-a-file-counts-nothing",
    ),
    pytest.param(
        "title: a\rsummary: b\r\x1f",
        ["h.yaml:3:1: error: the file holds the control character U+001F, which YAML does not allow; delete it"],
        id="lines-ended-by-carriage-returns-count-as-lines",
    ),
    pytest.param(
        "title: T\nsections:\n  - heading: H\n    blocks:\n      - **Bold** first\n",
        [
            "h.yaml:5:10: error: YAML syntax error: while scanning an alias did not find expected alphabetic or "
            "numeric character; text that starts with '*' must be put in quotes"
        ],
        id="paragraph-starting-with-bold",
    ),
    pytest.param(
        "title: T\nsections:\n  - heading: H\n    blocks:\n      - [@nci] says so\n",
        [
            "h.yaml:5:10: error: YAML syntax error: while scanning for the next token found character that cannot "
            "start any token; text that starts with '[' must be put in quotes"
        ],
        id="paragraph-starting-with-citation",
    ),
    pytest.param(
        "title: T\nsummary: `code` here\n",
        [
            "h.yaml:2:10: error: YAML syntax error: while scanning for the next token found character that cannot "
            "start any token; text that starts with '`' must be put in quotes"
        ],
        id="value-starting-with-backtick",
    ),
    pytest.param(
        "title: T\nsummary: @clinic\n",
        [
            "h.yaml:2:10: error: YAML syntax error: while scanning for the next token found character that cannot "
            "start any token; text that starts with '@' must be put in quotes"
        ],
        id="value-starting-with-at",
    ),
    pytest.param(
        "a: *nope\n",
        [
            "h.yaml:1:4: error: YAML syntax error: found undefined alias; "
            "text that starts with '*' must be put in quotes"
        ],
        id="undefined-alias",
    ),
    # Duplicate keys: PyYAML keeps the last one silently; both places are named.
    pytest.param(
        "title: One\nreviewed: 2025-04-12\ntitle: Two\n",
        ["h.yaml:3:1: error: duplicate key 'title' (first given at line 1, column 1); keep only one of them"],
        id="duplicate-top-level-key",
    ),
    pytest.param(
        "sections:\n  - heading: A\n    blocks: [x]\n    heading: B\n",
        ["h.yaml:4:5: error: duplicate key 'heading' (first given at line 2, column 5); keep only one of them"],
        id="duplicate-nested-key",
    ),
    pytest.param(
        "a: 1\n'a': 2\n\"a\": 3\n",
        [
            "h.yaml:2:1: error: duplicate key 'a' (first given at line 1, column 1); keep only one of them",
            "h.yaml:3:1: error: duplicate key 'a' (first given at line 1, column 1); keep only one of them",
        ],
        id="duplicate-key-spelt-three-ways",
    ),
    pytest.param(
        "refs: {id: a, id: b}\n",
        ["h.yaml:1:15: error: duplicate key 'id' (first given at line 1, column 8); keep only one of them"],
        id="duplicate-key-in-flow-mapping",
    ),
    # Tags: the loader composes and never constructs, and refuses every tag it does not know.
    pytest.param(
        "title: !!python/object:os.system x\n",
        [f"h.yaml:1:8: error: the YAML tag '!!python/object:os.system' {NOT_ALLOWED}"],
        id="python-object-tag",
    ),
    pytest.param(
        "title: !!python/object/apply:os.system [echo hi]\n",
        [f"h.yaml:1:8: error: the YAML tag '!!python/object/apply:os.system' {NOT_ALLOWED}"],
        id="python-apply-tag-on-list",
    ),
    pytest.param(
        "title: !!python/object/new:os.system {args: [x]}\n",
        [f"h.yaml:1:8: error: the YAML tag '!!python/object/new:os.system' {NOT_ALLOWED}"],
        id="python-new-tag-on-mapping",
    ),
    pytest.param(
        "title: !!python/name:os.system ''\n",
        [f"h.yaml:1:8: error: the YAML tag '!!python/name:os.system' {NOT_ALLOWED}"],
        id="python-name-tag",
    ),
    pytest.param(
        "title: !!binary aGVsbG8=\n",
        [f"h.yaml:1:8: error: the YAML tag '!!binary' {NOT_ALLOWED}"],
        id="binary-tag",
    ),
    pytest.param("a: !!set {x}\n", [f"h.yaml:1:4: error: the YAML tag '!!set' {NOT_ALLOWED}"], id="set-tag"),
    pytest.param("a: !!omap [x: 1]\n", [f"h.yaml:1:4: error: the YAML tag '!!omap' {NOT_ALLOWED}"], id="omap-tag"),
    pytest.param(
        "a: !<tag:example.com,2025:thing> x\n",
        [f"h.yaml:1:4: error: the YAML tag 'tag:example.com,2025:thing' {NOT_ALLOWED}"],
        id="verbatim-tag",
    ),
    pytest.param(
        "summary: !Important call us today\n",
        [f"h.yaml:1:10: error: the YAML tag '!Important' {NOT_ALLOWED}{QUOTE_BANG}"],
        id="text-starting-with-bang",
    ),
    pytest.param(
        "- !!python/object:os.system a\n- !!python/tuple [b]\n",
        [
            f"h.yaml:1:3: error: the YAML tag '!!python/object:os.system' {NOT_ALLOWED}",
            f"h.yaml:2:3: error: the YAML tag '!!python/tuple' {NOT_ALLOWED}",
        ],
        id="every-bad-tag-is-reported",
    ),
    # Merge keys and keys that are not plain text.
    pytest.param(
        "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
        ["h.yaml:3:3: error: YAML merge keys ('<<') are not supported; write the keys out"],
        id="merge-key",
    ),
    pytest.param(
        "other: {<<: {x: 1}}\n",
        ["h.yaml:1:9: error: YAML merge keys ('<<') are not supported; write the keys out"],
        id="merge-key-inline",
    ),
    pytest.param(
        "[a, b]: c\n",
        ["h.yaml:1:1: error: a key must be plain text, not a list or mapping"],
        id="list-as-key",
    ),
    pytest.param(
        "? {a: 1}\n: b\n",
        ["h.yaml:1:3: error: a key must be plain text, not a list or mapping"],
        id="mapping-as-key",
    ),
    # Recursive aliases would make an endless tree.
    pytest.param(
        "a: &a [*a]\n",
        ["h.yaml:1:4: error: a YAML alias refers to itself; remove the recursive '*alias'"],
        id="recursive-list-alias",
    ),
    pytest.param(
        "a: &a {b: *a}\n",
        ["h.yaml:1:4: error: a YAML alias refers to itself; remove the recursive '*alias'"],
        id="recursive-mapping-alias",
    ),
    pytest.param(
        "a: &a\n  - x\n  - [y, *a]\n",
        ["h.yaml:1:4: error: a YAML alias refers to itself; remove the recursive '*alias'"],
        id="recursive-alias-two-levels-down",
    ),
    # Empty input.
    pytest.param(
        "",
        ["h.yaml:1:1: error: the file is empty; a handout needs at least 'title', 'reviewed' and 'sections'"],
        id="empty",
    ),
    pytest.param(
        "\n\n   \n",
        ["h.yaml:1:1: error: the file is empty; a handout needs at least 'title', 'reviewed' and 'sections'"],
        id="blank-lines",
    ),
    pytest.param(
        "# just a comment\n",
        ["h.yaml:1:1: error: the file is empty; a handout needs at least 'title', 'reviewed' and 'sections'"],
        id="only-a-comment",
    ),
    # A control character: YAML refuses it; say which one and where.
    pytest.param(
        "title: T\nsummary: one\x00two\n",
        ["h.yaml:2:13: error: the file holds the control character U+0000, which YAML does not allow; delete it"],
        id="nul-character",
    ),
    pytest.param(
        "title: Ünïcode\x07\n",
        ["h.yaml:1:15: error: the file holds the control character U+0007, which YAML does not allow; delete it"],
        id="bell-character-after-non-ascii",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REFUSED)
def test_refused_input_is_reported_exactly(text: str, expected: list[str]) -> None:
    assert errors(text) == expected


def test_control_character_is_placed_and_named() -> None:
    """Regression: a NUL byte gave a bare 'YAML error' with PyYAML's multi-line text and no line:column."""
    found = errors("a: b\n\nc: d\x1be\n")
    assert found == [
        "h.yaml:3:5: error: the file holds the control character U+001B, which YAML does not allow; delete it"
    ]


# --- nesting --------------------------------------------------------------------------------------


def flow_nest(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


def test_nesting_up_to_the_limit_loads() -> None:
    root, found = parse(flow_nest(yamlfile.MAX_DEPTH))
    assert found == []
    node = root
    for _ in range(yamlfile.MAX_DEPTH):
        assert isinstance(node, Mapping | Sequence)
        node = node.items[0][1] if isinstance(node, Mapping) else node.items[0]
    assert isinstance(node, Sequence) and node.items == ()


def test_nesting_too_deep_points_at_the_first_level_too_many() -> None:
    # The root mapping is level 0; the 41st '[' (column 4 + 40) is level 41.
    assert errors(flow_nest(yamlfile.MAX_DEPTH + 1)) == [
        "h.yaml:1:44: error: nesting is deeper than 40 levels; flatten it"
    ]


def test_block_nesting_too_deep() -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(41)) + " " * 41 + "v\n"
    assert errors(text) == ["h.yaml:42:42: error: nesting is deeper than 40 levels; flatten it"]


def test_thousands_of_levels_stop_at_libyamls_limit_with_a_message() -> None:
    found = errors(flow_nest(100_000))
    assert found == [
        "h.yaml:1:1003: error: YAML syntax error: while increasing flow level exceeded maximum nesting depth; "
        "text that starts with '[' must be put in quotes"
    ]


def test_pure_python_loader_reports_deep_nesting_instead_of_crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: without libyaml, PyYAML's own composer recursed into a RecursionError traceback."""
    monkeypatch.setattr(yamlfile, "_Loader", yamlfile.yaml.SafeLoader)
    assert errors(flow_nest(5_000)) == ["h.yaml:1:1: error: nesting is deeper than 40 levels; flatten it"]


@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_control_character_after_non_ascii_text(monkeypatch: pytest.MonkeyPatch, pure_python: bool) -> None:
    """Regression: libyaml counts the reader's position in UTF-8 bytes, which put 'é\\x07' on the next line."""
    if pure_python:
        monkeypatch.setattr(yamlfile, "_Loader", yamlfile.yaml.SafeLoader)
    assert errors("title: é — ok\nsummary: «x» \x07\n") == [
        "h.yaml:2:14: error: the file holds the control character U+0007, which YAML does not allow; delete it"
    ]


def test_pure_python_loader_gives_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "_Loader", yamlfile.yaml.SafeLoader)
    text = "title: é — ok\ntitle: again\nx: !!python/object:os.system y\n"
    assert errors(text) == [
        "h.yaml:2:1: error: duplicate key 'title' (first given at line 1, column 1); keep only one of them",
        f"h.yaml:3:4: error: the YAML tag '!!python/object:os.system' {NOT_ALLOWED}",
    ]


# --- what the loader accepts ----------------------------------------------------------------------


def test_tree_keeps_order_positions_and_kinds() -> None:
    text = (
        "title: Plain\n"
        "quoted: '2025-04-12'\n"
        "reviewed: 2025-04-12\n"
        "count: 12\n"
        "ratio: 1.5\n"
        "flag: yes\n"
        "nothing:\n"
        "list:\n"
        "  - one\n"
        "  - {k: v}\n"
    )
    root, found = parse(text)
    assert found == []
    assert isinstance(root, Mapping)
    assert root.keys() == ["title", "quoted", "reviewed", "count", "ratio", "flag", "nothing", "list"]
    kinds = {key.value: (node.value, node.kind) for key, node in root.items if isinstance(node, Scalar)}
    assert kinds == {
        "title": ("Plain", "str"),
        "quoted": ("2025-04-12", "str"),
        "reviewed": ("2025-04-12", "timestamp"),
        "count": ("12", "int"),
        "ratio": ("1.5", "float"),
        "flag": ("yes", "bool"),
        "nothing": ("", "null"),
    }
    assert root.key_node("count") == Scalar("count", "str", Position("h.yaml", 4, 1), "count")
    assert scalar(root, "quoted").position == Position("h.yaml", 2, 9)
    assert scalar(root, "quoted").source == "'2025-04-12'"
    items = root["list"]
    assert isinstance(items, Sequence)
    assert items.position == Position("h.yaml", 9, 3)
    assert [item.position for item in items.items] == [Position("h.yaml", 9, 5), Position("h.yaml", 10, 5)]


def test_impossible_unquoted_date_is_kept_as_written() -> None:
    """PyYAML raises while *constructing* 2025-13-45; the loader only composes, so validation can place it."""
    root, found = parse("reviewed: 2025-13-45\n")
    assert found == []
    assert scalar(root, "reviewed") == Scalar("2025-13-45", "timestamp", Position("h.yaml", 1, 11), "2025-13-45")


def test_explicit_standard_tags_are_plain_values() -> None:
    root, found = parse("a: !!str 2025\nb: !!int '7'\n")
    assert found == []
    assert (scalar(root, "a").value, scalar(root, "a").kind) == ("2025", "str")
    assert (scalar(root, "b").value, scalar(root, "b").kind) == ("7", "int")


def test_non_recursive_aliases_are_expanded() -> None:
    root, found = parse("a: &x Call us\nb: *x\nc: &l [1, 2]\nd: *l\n")
    assert found == []
    assert scalar(root, "b").value == "Call us"
    assert isinstance(root, Mapping)
    d = root["d"]
    assert isinstance(d, Sequence)
    assert [item.value for item in d.items if isinstance(item, Scalar)] == ["1", "2"]


def test_scalar_source_spans_a_folded_paragraph_and_locates_inside_it() -> None:
    text = "p: >-\n  First line\n  and [@id] here\n"
    root, found = parse(text)
    assert found == []
    p = scalar(root, "p")
    assert p.value == "First line and [@id] here"
    assert p.source == ">-\n  First line\n  and [@id] here\n"
    assert p.locate("@id") == Position("h.yaml", 3, 8)
    assert p.locate("First") == Position("h.yaml", 2, 3)
    assert p.locate("absent") == p.position == Position("h.yaml", 1, 4)


def test_columns_count_characters_not_bytes() -> None:
    root, found = parse("t: «é» 😀 x\nu: ok\n")
    assert found == []
    t = scalar(root, "t")
    assert t.source == "«é» 😀 x"
    assert t.locate("x") == Position("h.yaml", 1, 10)


def test_a_document_start_marker_alone_is_not_a_handout_but_loads() -> None:
    root, found = parse("---\n")
    assert found == []
    assert isinstance(root, Scalar) and root.kind == "null"


# --- files: reading, encodings --------------------------------------------------------------------


def test_load_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text("title: Hello\n", encoding="utf-8")
    root, found = load_file(path)
    assert found == []
    assert scalar(root, "title") == Scalar("Hello", "str", Position(str(path), 1, 8), "Hello")


def test_utf8_byte_order_mark_is_accepted_and_shifts_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Caf\xc3\xa9\n")
    root, found = load_file(path)
    assert found == []
    assert scalar(root, "title").value == "Café"
    assert isinstance(root, Mapping) and root.key_node("title") is not None
    assert root.key_node("title").position == Position(str(path), 1, 1)  # type: ignore[union-attr]


def test_errors_after_a_byte_order_mark_keep_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: A\ntitle: B\n")
    assert load_file(path) == (
        None,
        [f"{path}:2:1: error: duplicate key 'title' (first given at line 1, column 1); keep only one of them"],
    )


def test_a_byte_order_mark_inside_the_text_is_an_error_at_its_place(tmp_path: Path) -> None:
    """Text pasted from another file can carry its invisible U+FEFF; only the file's first character may be one."""
    path = tmp_path / "h.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Pain\nsummary: Take it on time,\xef\xbb\xbf every day.\n")
    root, found = load_file(path)
    assert root is not None
    assert found == [
        f"{path}:2:26: error: the text holds a byte order mark (U+FEFF), an invisible character usually pasted "
        "from another file; delete it"
    ]


def test_only_a_byte_order_mark_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf")
    assert load_file(path) == (
        None,
        [f"{path}:1:1: error: the file is empty; a handout needs at least 'title', 'reviewed' and 'sections'"],
    )


NOT_UTF8 = "the file is not UTF-8 text (byte 0x{byte} cannot be decoded); save it as UTF-8 in your editor"


@pytest.mark.parametrize(
    ("data", "place", "byte"),
    [
        pytest.param(b"title: \xff\n", "1:8", "FF", id="first-line"),
        pytest.param(b"title: x\nsummary: caf\xe9\n", "2:13", "E9", id="latin-1-e-acute"),
        pytest.param(b"title: caf\xc3\xa9 \xff\n", "1:13", "FF", id="column-counts-characters"),
        pytest.param(b"title: \xe2\x80\x94\xe2\x80\n", "1:9", "E2", id="truncated-sequence"),
        pytest.param(b"a: \xc3", "1:4", "C3", id="cut-at-end-of-file"),
        pytest.param(b"\xef\xbb\xbftitle: \xff\n", "1:8", "FF", id="after-a-byte-order-mark"),
        pytest.param(b"\xff\xfet\x00i\x00", "1:1", "FF", id="utf-16"),
    ],
)
def test_bad_bytes_are_placed_by_line_and_character(tmp_path: Path, data: bytes, place: str, byte: str) -> None:
    """Regression: columns counted bytes (an 'é' counted twice), and a byte order mark shifted the
    reported byte, naming 0x65 ('e') instead of the bad 0xFF."""
    path = tmp_path / "h.yaml"
    path.write_bytes(data)
    assert load_file(path) == (None, [f"{path}:{place}: error: " + NOT_UTF8.format(byte=byte)])


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert load_file(path) == (None, [f"{path}: error: no such file; check the name and the folder"])


def test_directory_instead_of_file(tmp_path: Path) -> None:
    assert load_file(tmp_path) == (
        None,
        [f"{tmp_path}: error: is a folder, not a file; give a .yaml file or a folder of them"],
    )


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text("title: x\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> BinaryIO:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert load_file(path) == (
        None,
        [f"{path}: error: cannot read the file (Permission denied); check its permissions"],
    )


def test_python_object_tag_runs_no_code(tmp_path: Path) -> None:
    """A refused tag is never constructed: the file that os.system would create does not appear."""
    marker = tmp_path / "ran"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    root, found = parse(text)
    assert root is None
    assert found == [f"h.yaml:1:8: error: the YAML tag '!!python/object/apply:os.system' {NOT_ALLOWED}"]
    assert not marker.exists()


def test_loader_is_fast_on_a_large_file() -> None:
    text = "items:\n" + "".join(f"  - k{i}: value {i}\n" for i in range(20_000))
    started = time.perf_counter()
    root, found = parse(text)
    assert found == [] and isinstance(root, Mapping)
    assert time.perf_counter() - started < 5


_PLANNED = frozenset({"style", "language"})
_HANDOUT = "style: large-print\ntitle: T\nlanguage: es\nsections:\n  - heading: H\n    body:\n      - {paragraph}\n"


def _write_handout(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "h.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_peek_reads_the_asked_values_as_load_does(tmp_path: Path) -> None:
    path = _write_handout(tmp_path, "\ufeff" + _HANDOUT.replace("{paragraph}", "Text."))
    root = yamlfile.load(path, Report())
    assert isinstance(root, Mapping)
    values = yamlfile.peek(path, _PLANNED)
    assert values == {"style": root.get("style"), "language": root.get("language")}
    assert values["language"] == Scalar("es", "str", Position(str(path), 3, 11), "es")
    assert yamlfile.peek(path, frozenset({"subtitle"})) == {}


@pytest.mark.parametrize(
    "paragraph",
    ["!!python/object:os.system x", "{a: 1, a: 2}", "Text\u200b with a zero-width space"],
)
def test_peek_leaves_problems_outside_the_asked_values_to_load(tmp_path: Path, paragraph: str) -> None:
    """Only the asked values are converted: what is wrong elsewhere is reported when the handout is built."""
    path = _write_handout(tmp_path, _HANDOUT.replace("{paragraph}", paragraph))
    assert yamlfile.peek(path, _PLANNED) == {
        "style": Scalar("large-print", "str", Position(str(path), 1, 8), "large-print"),
        "language": Scalar("es", "str", Position(str(path), 3, 11), "es"),
    }


@pytest.mark.parametrize(
    "text",
    [
        _HANDOUT.replace("title: T", "title: [T"),  # syntax: nothing can be composed
        _HANDOUT.replace("style: large-print", "style: !!binary aGVsbG8="),  # an asked value is refused
        _HANDOUT.replace("language: es", "language: &a [*a]"),  # an alias naming itself, in an asked value
        _HANDOUT.replace("title: T", "title: T\ufeff"),  # a stray byte order mark anywhere is an error
        "",
    ],
)
def test_peek_gives_up_where_load_reports_an_error_on_the_way(tmp_path: Path, text: str) -> None:
    path = _write_handout(tmp_path, text)
    report = Report()
    yamlfile.load(path, report)
    assert report.has_errors
    assert yamlfile.peek(path, _PLANNED) is None


def test_peek_of_a_file_that_is_not_a_mapping_finds_nothing(tmp_path: Path) -> None:
    assert yamlfile.peek(_write_handout(tmp_path, "- a list\n"), _PLANNED) == {}
    assert yamlfile.peek(tmp_path / "missing.yaml", _PLANNED) is None
