"""JSON Schemas of handouts and style files, for editors: generated from validation's own definitions.

In: the shapes validation checks handouts with (``shapes``) and the style reader's table
(``style.files.SPEC``). Out: JSON Schema (draft 7) documents, shipped as ``schemas/handout.schema.json`` and
``schemas/style.schema.json`` beside this module and printed by ``handoutkit schema``, and the
``# yaml-language-server: $schema=...`` line that points an editor at them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

from ..style import files as style_files
from ..style import values as style_values
from ..style.fontfiles import FACES
from ..style.fonts import FONT_KEYS, FONT_REQUIRED
from . import shapes

Kind = Literal["handout", "style"]
FOLDER = Path(__file__).resolve().parent / "schemas"
DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML support reads best
JSON = dict[str, Any]
# A scalar read as text: any string with something other than white space, or a number or true/false, whose
# spelling is kept; an empty or blank value is refused.
_TEXT: JSON = {"type": ["string", "number", "boolean"], "pattern": "\\S"}
_YAML11_BOOLEANS = ("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF")
_NUMBER_TEXT = "^\\s*[0-9]+(\\.[0-9]+)?\\s*$"


def schema(kind: Kind) -> JSON:
    """The JSON Schema of a handout or a style file."""
    return _handout() if kind == "handout" else _style()


def _handout() -> JSON:
    top = _value(shapes.HANDOUT)
    top["properties"].update({name: _described(key) for name, key in shapes.BUILD_KEYS.items()})
    return {
        "$schema": DRAFT,
        "title": "handoutkit handout",
        "description": "A patient-education handout for handoutkit (see docs/format.md).",
        **top,
        "definitions": {name: _value(value) for name, value in shapes.DEFINITIONS.items()},
    }


def _described(key: shapes.Key) -> JSON:
    converted = _value(key.value)
    if "$ref" in converted:  # draft 7 ignores what stands beside a $ref
        converted = {"allOf": [converted]}
    return {"description": key.doc, **converted}


def _value(value: shapes.Value) -> JSON:
    if isinstance(value, (shapes.Text, shapes.Plain)):
        return dict(_TEXT)
    if isinstance(value, shapes.Cell):
        return {"type": ["string", "number", "boolean", "null"]}
    if isinstance(value, shapes.Date):
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if isinstance(value, shapes.LanguageTag):
        return {"type": "string", "pattern": f"^(?:{shapes.BCP47.pattern})$"}
    if isinstance(value, shapes.WebAddress):
        return {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+\\S*$"}
    if isinstance(value, shapes.Flag):  # YAML 1.1, as handoutkit reads it, also takes yes/no and on/off
        return {"anyOf": [{"type": "boolean"}, {"enum": list(_YAML11_BOOLEANS)}]}
    if isinstance(value, shapes.Count):
        whole = {"type": "integer", "minimum": value.low, "maximum": value.high}
        return {"anyOf": [whole, {"type": "string", "pattern": _digits(value.low, value.high)}]}
    if isinstance(value, shapes.Number):
        number = {"type": "number", "exclusiveMinimum": value.above, "maximum": value.most}
        return {"anyOf": [number, {"type": "string", "pattern": _NUMBER_TEXT}]}
    if isinstance(value, shapes.Choice):
        return {"enum": _words(value.words)}
    if isinstance(value, shapes.Anything):
        return {}
    if isinstance(value, shapes.Ref):
        return {"$ref": f"#/definitions/{value.name}"}
    if isinstance(value, shapes.ListOf):
        array: JSON = {"type": "array", "items": _value(value.item)}
        if value.min_items:
            array["minItems"] = value.min_items
        if value.max_items is not None:
            array["maxItems"] = value.max_items
        return array
    if isinstance(value, shapes.AnyOf):
        return {"anyOf": [_value(option) for option in value.options]}
    if isinstance(value, shapes.Keys):
        return _keys(value)
    if isinstance(value, shapes.Tagged):
        return {
            "type": "object",
            "anyOf": [{"required": [kind]} for kind in value.kinds],
            "allOf": [
                {"if": {"required": [kind]}, "then": {"$ref": f"#/definitions/{name}"}}
                for kind, name in value.kinds.items()
            ],
        }
    raise TypeError(f"no JSON Schema for {value!r}")


def _keys(shape: shapes.Keys) -> JSON:
    found = _object({name: _described(key) for name, key in shape.keys.items()}, shape.required)
    if shape.conflicts:
        found["not"] = {"anyOf": [{"required": list(pair)} for pair in shape.conflicts]}
    if shape.needs_one_of:
        found["anyOf"] = [{"required": list(keys)} for keys in shape.needs_one_of]
    if shape.depends:
        found["dependencies"] = {key: [needed] for key, needed in shape.depends}
    if shape.unless:
        found["allOf"] = [
            {
                "if": {"properties": {flag: {"const": True}}, "required": [flag]},
                "then": {"not": {"required": [key]}},
                "else": {"required": [key]},
            }
            for key, flag in shape.unless
        ]
    return found


def _digits(low: int, high: int) -> str:
    """A pattern for the whole numbers from ``low`` to ``high`` written as text ('6'), for short ranges."""
    if high - low > 100:
        return "^\\s*[0-9]+\\s*$"
    return "^\\s*0*(" + "|".join(str(number) for number in range(low, high + 1)) + ")\\s*$"


def _object(properties: JSON, required: Any = ()) -> JSON:
    found: JSON = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        found["required"] = list(required)
    return found


def _words(words: tuple[str, ...]) -> list[Any]:
    """The words of a choice as YAML may read them: 'true' and 'false' unquoted are booleans."""
    spelled: list[Any] = list(words)
    spelled += [word == "true" for word in words if word in ("true", "false")]
    return spelled


def _style() -> JSON:
    spec = style_files.SPEC
    sections = {name: _style_value(kind) for name, kind in spec.items()}
    sections["extends"] = {"description": "the style this one changes: a name from styles/ or a style file", **_TEXT}
    # Without 'extends' a style gives every section, and each section every key that has no default;
    # with it, a style gives only what it changes.
    whole: JSON = {
        "required": [name for name in spec if name not in style_files.OPTIONAL],
        "properties": {
            name: {"required": style_files.required_keys(kind) if kind != "fonts" else list(FONT_REQUIRED)}
            for name, kind in spec.items()
            if isinstance(kind, dict) or kind == "fonts"
        },
    }
    return {
        "$schema": DRAFT,
        "title": "handoutkit style",
        "description": "A handoutkit style sheet (see docs/styles.md).",
        **_object(sections),
        "if": {"not": {"required": ["extends"]}},
        "then": whole,
    }


def _style_value(kind: Any) -> JSON:
    if isinstance(kind, dict):
        return _object({name: _style_value(inner) for name, inner in kind.items()})
    if isinstance(kind, tuple):
        return {"enum": _words(kind)}
    if kind == "fonts":
        chain = {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}]}
        faces = _object({face: {"type": "string", "pattern": "\\S"} for face in FACES}, FACES)
        families = {"type": "object", "additionalProperties": faces}
        return _object({key: families if key == "families" else chain for key in FONT_KEYS})
    if kind == "translations":
        texts = _object({key: {"type": ["string", "number", "boolean", "null"]} for key in style_files.TRANSLATED})
        return {"type": "object", "additionalProperties": texts}
    if kind in style_values.EMPTY_ALLOWED:
        return {"type": ["string", "number", "boolean", "null"]}
    if kind in ("image", "path"):
        return {"type": "string", "pattern": "\\S"}
    if kind == "color":
        return {"type": "string", "pattern": f"^\\s*{style_values.COLOR.pattern}\\s*$"}
    if kind == "length":
        pattern = f"^\\s*{style_values.LENGTH.pattern}\\s*$"
        return {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": pattern}]}
    if kind in style_values.LIMITS:
        number = {"type": "number", "exclusiveMinimum": 0, "maximum": style_values.LIMITS[kind]}
        return {"anyOf": [number, {"type": "string", "pattern": _NUMBER_TEXT}]}
    raise TypeError(f"no JSON Schema for the style value kind {kind!r}")


def schema_text(kind: Kind) -> str:
    """The schema as the JSON text that is shipped and printed: stable key order, a final newline."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: Kind) -> Path:
    """Where the shipped schema of ``kind`` is."""
    return FOLDER / f"{kind}.schema.json"


def modeline(for_file: Path, kind: Kind = "handout") -> str:
    """The first line of a YAML file that VS Code's YAML extension reads: its schema, as a relative path.

    The schema is the project's own copy when it has one (``handout.schema.json`` or
    ``style.schema.json`` in the folder that holds ``source/`` and ``styles/``, written by
    ``handoutkit schema``), so that the line holds on every machine; else the installed package's.
    """
    folder = for_file.resolve().parent
    project = folder.parent if folder.name in ("source", "styles") else folder
    own = project / f"{kind}.schema.json"
    target = own if own.is_file() else schema_file(kind)
    try:
        where = Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive (Windows): only an absolute path can reach it
        where = target.as_uri()
    return f"# yaml-language-server: $schema={where}"
