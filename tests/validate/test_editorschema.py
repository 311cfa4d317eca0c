"""Editor schemas: JSON Schemas of handouts and styles, generated from validation's own shapes.

The examples pass them in check-jsonschema (as a clinic's CI or pre-commit would run it); a misspelt
or missing key, or a value of the wrong type, fails them where it fails validation; what only
validation can judge (a citation, a link's scheme) passes them.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from handoutkit.validate import editorschema, shapes
from handoutkit.validate.editorschema import schema, schema_file, schema_text

from ..helpers import EXAMPLE, ROOT, run, with_blocks, write

HANDOUTS = sorted((ROOT / "source").glob("*.yaml")) + sorted((ROOT / "tests" / "data").glob("*.yaml"))
STYLES = sorted((ROOT / "styles").glob("*.yaml"))
CORPUS = sorted((ROOT / "tests" / "corpus" / "bad").glob("*.yaml"))
CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")
# The messages of structural problems: what a schema can say.
STRUCTURAL = re.compile(
    r"unknown key|has no '|must be a mapping|must be a list|must be text|a block has none of|"
    r"stands as an item of its own|give a whole number|give true or false|is not a date|the file is empty"
)


class Yaml12(yaml.SafeLoader):
    """YAML as editors and check-jsonschema read it (YAML 1.2's core schema): a date stays text, and so
    do yes, no, on and off."""


_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
Yaml12.yaml_implicit_resolvers = {
    first: [
        (tag, _YAML12_BOOL if tag == "tag:yaml.org,2002:bool" else pattern)
        for tag, pattern in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def problems(kind: editorschema.Kind, text: str) -> list[str]:
    """What the schema of ``kind`` says of a YAML document, as 'path: message' lines."""
    validator = jsonschema.Draft7Validator(schema(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    found = list(validator.iter_errors(yaml.load(text, Loader=Yaml12)))
    lines = []
    while found:  # each error, then the errors of the alternatives it tried (anyOf), deepest last
        error = found.pop(0)
        lines.append(f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
        found.extend(error.context or ())
    return lines


def check_jsonschema(schemafile: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--schemafile", str(schemafile), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("kind", ["handout", "style"])
def test_the_shipped_schema_is_the_generated_one(kind: editorschema.Kind) -> None:
    shipped = schema_file(kind).read_text(encoding="utf-8")
    assert shipped == schema_text(kind), (
        f"regenerate it: handoutkit schema{' --style' if kind == 'style' else ''} > {schema_file(kind)}"
    )


@pytest.mark.parametrize("kind", ["handout", "style"])
def test_the_schemas_are_valid_draft_7(kind: editorschema.Kind) -> None:
    jsonschema.Draft7Validator.check_schema(schema(kind))
    assert schema(kind)["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_every_example_handout_and_style_passes_check_jsonschema() -> None:
    for schemafile, files in ((schema_file("handout"), HANDOUTS), (schema_file("style"), STYLES)):
        result = check_jsonschema(schemafile, *files)
        assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stdout


@pytest.mark.parametrize("path", HANDOUTS + STYLES, ids=lambda path: path.name)
def test_every_example_passes_its_schema(path: Path) -> None:
    kind: editorschema.Kind = "style" if path.parent.name == "styles" else "handout"
    assert problems(kind, path.read_text(encoding="utf-8")) == []


def test_every_example_points_its_editor_at_the_schema() -> None:
    for kind, files in (("handout", sorted((ROOT / "source").glob("*.yaml"))), ("style", STYLES)):
        for path in files:
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == editorschema.modeline(path, kind)  # type: ignore[arg-type]
            target = first.removeprefix("# yaml-language-server: $schema=")
            assert (path.parent / target).resolve() == schema_file(kind).resolve()  # type: ignore[arg-type]


# (what is wrong, the text in the example, what it becomes): each fails the schema and validation.
MISTAKES = [
    ("misspelt top-level key", "\nsubtitle:", "\nsubtitel:"),
    ("misspelt section key", "  - heading: What is", "  - headng: What is"),
    ("misspelt block kind", "- steps:", "- stepz:"),
    ("misspelt note key", "        kind: warning", "        knd: warning"),
    ("note kind not a choice", "        kind: warning", "        kind: urgent"),
    ("misspelt list-item key", "- subheading: Before", "- subheadng: Before"),
    ("misspelt reference key", "    container-title: National", "    container_title: National"),
    ("missing required key", "reviewed: 2025-04-12\n", ""),
    ("date of the wrong form", "reviewed: 2025-04-12", "reviewed: 04/12/2025"),
    ("sections not a list", "sections:\n", "sections: none\nother:\n"),
    ("language not a tag", "language: en", "language: English (US)"),
]


@pytest.mark.parametrize(("what", "old", "new"), MISTAKES, ids=[case[0] for case in MISTAKES])
def test_a_structural_mistake_in_the_example_fails_the_schema_and_validation(what: str, old: str, new: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    assert problems("handout", broken), what
    assert run(broken)[0] is None, what


@pytest.mark.parametrize(
    ("block", "keyword"),
    [
        ("- write_in: {lines: 4, titel: Notes}", "Additional properties"),
        ("- write_in: {lines: many}", "valid"),
        ("- write_in: {lines: 31}", "valid"),
        ("- write_in: {lines: 3, fillable: maybe}", "boolean"),
        ("- write_in: {title: Notes}", "required"),
        ("- qr: {url: https://example.org, captoin: Watch}", "Additional properties"),
        ("- qr: {url: ftp://example.org}", "match"),
        ("- note: Text\n  kind: warning\n  color: red", "Additional properties"),
        ("- note: []", "non-empty"),
        ("- bullets: [One, {text: Two, steps: [A], bulets: [B]}]", "Additional properties"),
        ("- bullets: []", "non-empty"),
        ("- note: [Text, {qr: {url: https://example.org}}]", "valid"),
        ("- {bullets: [A], steps: [B]}", "Additional properties"),
        ("- subheading: ''", "match"),
    ],
)
def test_each_block_kind_is_checked_by_the_schema(block: str, keyword: str, tmp_path: Path) -> None:
    text = "title: T\nreviewed: 2025-04-12\nsections:\n  - heading: H\n    blocks:\n" + "".join(
        f"      {line}\n" for line in block.splitlines()
    )
    found = problems("handout", text)
    assert found and keyword in " ".join(found), found
    assert run(text)[0] is None


def example(value: shapes.Value, depth: int = 0) -> Any:
    """A value of the kind ``value`` says, with every key a mapping may have: what validation must accept.

    ``depth`` counts the shapes referred to on the way, so that nested lists end (at two levels).
    """
    if isinstance(value, (shapes.Text, shapes.Plain, shapes.Anything)):
        return "Some text."
    simple = {shapes.Date: "2025-04-12", shapes.LanguageTag: "en", shapes.WebAddress: "https://example.org/a"}
    if type(value) in simple:
        return simple[type(value)]
    if isinstance(value, shapes.Flag):
        return False
    if isinstance(value, shapes.Number):
        return value.most
    if isinstance(value, shapes.Cell):
        return "A cell."
    if isinstance(value, shapes.Count):
        return value.high
    if isinstance(value, shapes.Choice):
        return value.words[-1]
    if isinstance(value, shapes.Ref):
        return example(shapes.DEFINITIONS[value.name], depth + 1)
    if isinstance(value, shapes.ListOf):
        return [example(value.item, depth)] * max(1, value.min_items)
    if isinstance(value, shapes.AnyOf):  # the mapping or list where there is one, until deep enough
        return example(value.options[-1] if depth < 4 else value.options[0], depth)
    if isinstance(value, shapes.Keys):  # every key, but one of each pair that conflicts
        keys = list(value.keys)
        for pair in value.conflicts:
            if all(key in keys for key in pair):
                crowded = sum(pair[0] in other for other in value.conflicts) > 1
                keys.remove(pair[0] if crowded else pair[1])
        found = {key: example(value.keys[key].value, depth) for key in keys}
        found |= {flag: False for _, flag in value.unless}
        if value is shapes.FIGURE:  # a picture that is there, inside the project (the folder tests run in)
            found["image"] = "styles/logos/example-clinic.png"
        return found
    if isinstance(value, shapes.Tagged):
        return example(shapes.DEFINITIONS[next(iter(value.kinds.values()))], depth + 1)
    raise TypeError(value)


def full_handout() -> dict[str, Any]:
    """A handout that uses every key of every shape: a reference with every CSL variable, too."""
    handout: dict[str, Any] = {key: example(shapes.HANDOUT.keys[key].value) for key in shapes.HANDOUT.keys}
    blocks = [example(shape) for shape in shapes.BLOCKS.values()]
    blocks[shapes.BLOCK_KINDS.index("note")]["note"] = [
        example(shapes.BLOCKS[kind]) for kind in shapes.NOTE_BLOCK_KINDS
    ]
    handout["sections"] = [{"heading": "A heading", "blocks": blocks}]
    reference = example(shapes.REFERENCE) | {"id": "ref", "type": "webpage", "URL": "https://example.org/r"}
    whole = {"id": "whole", "text": "An entry written out whole.", "note": "kept"}
    handout["references"] = [reference, whole]
    handout["bibliography"] = ["tests/data/references.json"]  # a file there is, beside h.yaml's folder
    handout["summary"] = "A summary [@ref] [@whole] [@nciBiologicalTherapy2022]."
    return handout


def _mappings(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if isinstance(node, dict) else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found += _mappings(child, (*path, key))
    return found


def _errors(document: dict[str, Any]) -> list[str]:
    return _said(document, "error")


def _said(document: dict[str, Any], severity: str) -> list[str]:
    found = run(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))[1]
    return [line for line in found if f": {severity}: " in line]


def test_validation_and_the_schema_accept_every_key_of_the_shapes() -> None:
    document = full_handout()
    text = yaml.safe_dump(document, sort_keys=False)
    assert problems("handout", text) == []
    assert _errors(document) == []
    kinds_used = {key for path in _mappings(document) for key in _at(document, path) if key in shapes.BLOCK_KINDS}
    assert kinds_used == set(shapes.BLOCK_KINDS)


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def test_validation_and_the_schema_refuse_an_unknown_key_in_every_mapping() -> None:
    """In each mapping of the full handout in turn: a key no shape has fails both."""
    document = full_handout()
    paths = [path for path in _mappings(document) if "custom" not in path and "categories" not in path]
    assert len(paths) >= 15
    for path in paths:
        broken = copy.deepcopy(document)
        _at(broken, path)["zzz"] = "x"
        assert problems("handout", yaml.safe_dump(broken, sort_keys=False)), path
        # A reference's unknown key is a warning of validation (CSL processors ignore it), still the schema's error.
        said = _said(broken, "warning" if path[:1] == ("references",) and len(path) == 2 else "error")
        assert any("unknown key 'zzz'" in line or "'zzz'" in line for line in said), path


def test_keys_that_exclude_each_other_fail_both() -> None:
    item = {"text": "An item", "bullets": ["a"], "steps": ["b"]}
    document = full_handout()
    document["sections"][0]["blocks"] = [{"bullets": [item]}]
    assert problems("handout", yaml.safe_dump(document, sort_keys=False))
    assert any("both 'bullets' and 'steps'" in line for line in _errors(document))


def test_the_corpus_structural_errors_fail_the_schema_and_the_others_pass() -> None:
    """What a schema can say, it says; a citation, a link's scheme or a pasted character stays with validation."""
    structural, other = [], []
    for path in CORPUS:
        messages = path.with_suffix(".expected").read_text(encoding="utf-8")
        if "YAML syntax error" in messages or "control character" in messages or "duplicate key" in messages:
            continue  # no YAML document to judge
        (structural if STRUCTURAL.search(messages) else other).append(path)
    assert len(structural) >= 6 and len(other) >= 3
    for path in structural:
        assert check_jsonschema(schema_file("handout"), path).returncode == 1, path.name
    result = check_jsonschema(schema_file("handout"), *other)
    assert result.returncode == 0, result.stdout


def test_check_jsonschema_names_the_misspelt_key_and_its_place(tmp_path: Path) -> None:
    broken = write(tmp_path, "h.yaml", EXAMPLE.read_text(encoding="utf-8").replace("\nsubtitle:", "\nsubtitel:", 1))
    result = check_jsonschema(schema_file("handout"), broken)
    assert result.returncode == 1
    assert "$: Additional properties are not allowed ('subtitel' was unexpected)" in result.stdout


STYLE_MISTAKES = [
    ("extends: default\ncolours: {heading: '#112233'}\n", "'colours' was unexpected"),
    ("extends: default\ntext: {sise: 12}\n", "'sise' was unexpected"),
    ("extends: default\ncolors: {heading: blue}\n", "does not match"),
    ("extends: default\npage: {size: legal}\n", "is not one of"),
    ("extends: default\npage: {margins: {top: wide}}\n", "is not valid"),
    ("extends: default\ntext: {size: 0}\n", "is not valid"),
    ("extends: default\nfonts: {body: [], heading: Fira Sans}\n", "is not valid"),
    ("extends: default\nfonts: {families: {Mine: {regular: a.ttf}}}\n", "is a required property"),
    ("extends: default\npdf_ua: maybe\n", "is not one of"),
    ("description: no extends and nothing else\n", "is a required property"),
]


@pytest.mark.parametrize(("text", "said"), STYLE_MISTAKES)
def test_a_style_mistake_fails_the_style_schema(text: str, said: str) -> None:
    found = problems("style", text)
    assert found and said in " ".join(found), found


@pytest.mark.parametrize(
    "text",
    [
        "extends: default\ntext: {size: 14}\n",  # a style that extends gives only what it changes
        "extends: default\npdf_ua: false\nprint_links: 'true'\n",  # YAML's true and the word both
        "extends: default\nheader: {left: '{title}', right: ''}\nclinic: {logo: logos/x.png}\n",
        "extends: default\npage: {margins: {top: 0.75in, bottom: 54}}\n",
        "extends: default\ntranslations: {es: {organization: Clínica, contact: null}}\n",
    ],
)
def test_a_partial_style_that_extends_passes(text: str) -> None:
    assert problems("style", text) == []


def test_the_schema_command_prints_the_shipped_schemas() -> None:
    for flags, kind in (([], "handout"), (["--style"], "style")):
        result = subprocess.run(
            [sys.executable, "-m", "handoutkit", "schema", *flags], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == schema_file(kind).read_text(encoding="utf-8")  # type: ignore[arg-type]
        assert json.loads(result.stdout)["title"] == f"handoutkit {kind}"


_REF_HEAD = "title: T\nreviewed: 2025-04-12\nsummary: S [@r].\nsections:\n  - heading: H\n    blocks: [Text.]\n"


def _ref(fields: str) -> str:
    """A handout citing one reference, r, with these fields (flow style) besides its id."""
    return _REF_HEAD + f"references: [{{id: r, {fields}}}]\n"


_BOOK = "type: book, title: T"
_PICTURE = "styles/logos/example-clinic.png"  # inside the project: the folder the tests run in
_DEEP = "[{text: a, bullets: [{text: b, steps: [{text: c, bullets: [d]}]}]}]"
AGREEMENT = [
    # (what, handout text, whether it is right): the schema and validation say the same of each.
    ("a reference without type", _ref("title: T"), False),
    ("a reference without title", _ref("type: book"), False),
    ("a reference given whole", _ref("text: As it prints."), True),
    ("'text' beside 'title'", _ref("text: X, title: T"), False),
    ("a name without family or literal", _ref(_BOOK + ", author: [{given: A}]"), False),
    ("a name as an organisation", _ref(_BOOK + ", author: [{literal: NCI}]"), True),
    ("a date with a month and no year", _ref(_BOOK + ", issued: {month: 5}"), False),
    ("a date with year and day, no month", _ref(_BOOK + ", issued: {year: 2020, day: 3}"), False),
    ("a date in parts", _ref(_BOOK + ", issued: {year: 2020, month: 5}"), True),
    (
        "variables handoutkit does not read, any value",
        _ref(_BOOK + ", abstract: null, note: [a, b], translator: [{famly: X}], submitted: {foo: 1}"),
        True,
    ),
    ("date-parts of a range", _ref(_BOOK + ", issued: {date-parts: [[2020], [2021], [2022]]}"), True),
    ("fillable: yes (YAML 1.1)", with_blocks("- write_in: {lines: 3, fillable: yes}\n"), True),
    ("lines: '8' in quotes", with_blocks("- write_in: {lines: '8'}\n"), True),
    ("lines: '31' in quotes", with_blocks("- write_in: {lines: '31'}\n"), False),
    ("lists three levels deep", with_blocks("- bullets: [{text: a, bullets: [{text: b, steps: [c]}]}]\n"), True),
    ("lists four levels deep", with_blocks(f"- bullets: {_DEEP}\n"), False),
    ("a note holding a write-in", with_blocks("- note: [Text, {write_in: {lines: 2}}]\n"), False),
    ("a figure without alt", with_blocks(f"- figure: {{image: {_PICTURE}}}\n"), False),
    ("a decorative figure", with_blocks(f"- figure: {{image: {_PICTURE}, decorative: true}}\n"), True),
    ("decorative, with alt", with_blocks(f"- figure: {{image: {_PICTURE}, decorative: true, alt: x}}\n"), False),
    ("not decorative, with alt", with_blocks(f"- figure: {{image: {_PICTURE}, decorative: false, alt: x}}\n"), True),
    ("not decorative, no alt", with_blocks(f"- figure: {{image: {_PICTURE}, decorative: false}}\n"), False),
    ("a figure wider than the column", with_blocks(f"- figure: {{image: {_PICTURE}, alt: x, width: 1.5}}\n"), False),
    ("a table without rows", with_blocks("- table: {columns: [A]}\n"), False),
    ("a log table", with_blocks("- table: {columns: [A, B], blank_rows: 3}\n"), True),
    ("a table with an empty cell", with_blocks("- table: {columns: [A, B], rows: [[x, '']]}\n"), True),
    ("a checklist without items", with_blocks("- checklist: {title: T}\n"), False),
    ("a term without definition", with_blocks("- terms: [{term: X}]\n"), False),
]  # fmt: skip


@pytest.mark.parametrize(("what", "text", "right"), AGREEMENT, ids=[case[0] for case in AGREEMENT])
def test_the_schema_and_validation_agree(what: str, text: str, right: bool) -> None:
    assert (problems("handout", text) == [], _errors_of(text) == []) == (right, right), what


def _errors_of(text: str) -> list[str]:
    return [line for line in run(text)[1] if ": error: " in line]


def test_a_style_translation_may_be_a_number_as_validation_reads_it() -> None:
    assert problems("style", "extends: default\ntranslations: {es: {organization: 123}}\n") == []
