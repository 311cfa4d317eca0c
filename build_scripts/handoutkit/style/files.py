"""Read style sheets: find a style by name or path, resolve ``extends:``, validate into a Stylesheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping, Node, Scalar
from .fonts import read_fonts
from .geometry import check_geometry
from .sheet import CheckTargets, Clinic, Colors, Furniture, Page, Sizes, Spacing, Stylesheet
from .values import read_empty, read_value

# The built-in styles: the project's styles/ folder in a source checkout (and an editable install),
# else the copy an installed package carries (pyproject.toml maps styles/ to style/builtin).
_CHECKOUT = Path(__file__).resolve().parents[3] / "styles"
BUILTIN_DIR = _CHECKOUT if (_CHECKOUT / "default.yaml").is_file() else Path(__file__).resolve().parent / "builtin"
# Styles in one ``extends:`` chain, at most: a clinic style on a print style on the default is three.
MAX_CHAIN = 20
PAPER = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}

# The shape of a style sheet: a mapping of sections, each leaf naming how its value is read.
SPEC: dict[str, Any] = {
    "description": "text",
    "organization": "text",
    "contact": "text",
    "citations": ("superscript", "brackets"),
    "pdf_ua": ("true", "false"),
    "pdf_a": ("true", "false"),  # PDF/A-2u: for health records (render/pdfa.py)
    "print_links": ("true", "false"),  # print each link's target after its text, for paper
    "quotes": ("typographic", "straight"),  # straight quotes typed in content print as the language's
    "translations": "translations",  # language tag -> {organization, contact}
    "page": {"size": tuple(PAPER), "margins": dict.fromkeys(("top", "bottom", "left", "right"), "length")},
    "fonts": "fonts",  # its own reader: family chains and font files (style/fonts.py)
    "text": {"size": "points", "leading": "factor", "color": "color"},
    "sizes": dict.fromkeys(
        ("title", "subtitle", "heading", "subheading", "summary", "references", "furniture"), "factor"
    ),
    "spacing": dict.fromkeys(("paragraph", "section", "list_item"), "factor"),
    "colors": dict.fromkeys(
        ("heading", "link", "muted", "rule", "note_background", "note_border", "warning_background", "warning_border"),
        "color",
    ),
    "clinic": {"department": "text", "phone": "text", "address": "text", "web": "text", "logo": "image"},
    "checks": {
        **dict.fromkeys(
            ("grade", "sentence_words", "paragraph_words", "review_months", "min_body_size", "line_characters"),
            "count",
        ),
        "glossary": "path",
    },
    "header": {"left": "template", "right": "template"},
    "running_header": {"left": "template", "right": "template"},  # pages 2 and later
    "footer": {"left": "template", "right": "template"},
}
OPTIONAL = {
    *("description", "organization", "contact", "header", "footer", "citations", "translations", "pdf_ua", "pdf_a"),
    *("checks", "clinic", "running_header", "print_links", "quotes"),
}
TRANSLATED = ("organization", "contact")
OPTIONAL_KINDS = ("template", "text", "image")  # values a section may leave out (once styles are merged)


def required_keys(section: dict[str, Any]) -> list[str]:
    """The keys a section of the merged style must give: every one whose value has no sensible default."""
    return [key for key, kind in section.items() if kind not in OPTIONAL_KINDS]


def find_style(spec: str, search: tuple[Path, ...] = ()) -> Path | None:
    """A style given as a file path, or as NAME found as NAME.yaml in the search folders.

    A relative path is taken from the first search folder (the folder of the file that says
    ``extends:``), or from the working folder when there is none.
    """
    as_path = (search[0] / spec) if search else Path(spec)
    if as_path.suffix in (".yaml", ".yml") or "/" in spec or as_path.is_file():
        return as_path if as_path.is_file() else None
    for folder in _folders(search):
        candidate = folder / f"{spec}.yaml"
        if candidate.is_file():
            return candidate
    return None


def load_stylesheet(spec: str, report: Report) -> Stylesheet | None:
    """Find, merge and validate a style; report every problem and return None on any error."""
    path = find_style(spec)
    if path is None:
        report.error(Position(spec), f"no style '{spec}'; give a style file or a name from {_names()}")
        return None
    merged = _resolve(path, report, chain=())
    if merged is None:
        return None
    values = _read(merged, SPEC, "the style", report)
    if report.has_errors or values is None:
        return None
    check_geometry(merged, values, PAPER[values["page"]["size"]], report)
    if report.has_errors:
        return None
    return _build(path, values, _printed(merged))


def _folders(search: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """Where a style NAME is looked for, first to last."""
    return (*search, Path("styles"), BUILTIN_DIR)


def _names(search: tuple[Path, ...] = (), but: str = "") -> str:
    """The style names one may give, except ``but`` (a style cannot extend itself)."""
    names = {p.stem for folder in _folders(search) if folder.is_dir() for p in folder.glob("*.yaml")} - {but}
    return ", ".join(sorted(names)) or "the styles/ folder"


def _resolve(path: Path, report: Report, chain: tuple[Path, ...]) -> Mapping | None:
    """Load ``path`` and merge it over the style it extends, refusing cycles."""
    key = path.resolve()
    node = yamlfile.load(path, report, needs="a style needs at least 'extends: default' and the settings it changes")
    if node is None:
        return None
    style = reads.mapping(node, "a style", report)
    if style is None:
        return None
    parent_node = style.get("extends")
    own = Mapping(tuple(item for item in style.items if item[0].value != "extends"), style.position)
    if parent_node is None:
        return own
    parent_name = reads.text(parent_node, "'extends'", report)
    if parent_name is None:
        return None
    parent_path = find_style(parent_name.value, (path.parent,))
    if parent_path is None:
        names = _names((path.parent,), but=path.stem)
        report.error(parent_name.position, f"'extends: {parent_name.value}' names no style; use one of {names}")
        return None
    loop = (*chain, key)
    if parent_path.resolve() in loop:
        _report_cycle(loop, parent_path.resolve(), parent_name, report)
        return None
    if len(loop) >= MAX_CHAIN:
        message = (
            f"'extends: {parent_name.value}' makes a chain of more than {MAX_CHAIN} styles, "
            f"counting from {chain[0].name}; extend a style nearer the default"
        )
        report.error(parent_name.position, message)
        return None
    parent = _resolve(parent_path, report, loop)
    return _merge(_without_stale_translations(parent, own), own) if parent is not None else None


def _report_cycle(chain: tuple[Path, ...], again: Path, where: Scalar, report: Report) -> None:
    """Report the ``extends:`` that closes a loop, at its value, naming the styles in the loop."""
    cycle = " -> ".join(p.stem for p in (*chain[chain.index(again) :], again))
    message = f"'extends: {where.value}' makes a cycle ({cycle}); a style may not extend itself, even through others"
    report.error(where.position, message)


def _without_stale_translations(parent: Mapping, child: Mapping) -> Mapping:
    """The parent without its translations of the texts the child sets anew.

    A clinic style that sets its own organisation must not print the parent's Spanish name of a
    different organisation; the child translates its own texts if it wants them translated.
    """
    replaced = {key for key in TRANSLATED if key in child}
    translations = parent.get("translations")
    if not replaced or not isinstance(translations, Mapping):
        return parent
    kept = []
    for tag, texts in translations.items:
        if isinstance(texts, Mapping):
            texts = Mapping(tuple(item for item in texts.items if item[0].value not in replaced), texts.position)
        kept.append((tag, texts))
    items = tuple(
        (key, Mapping(tuple(kept), translations.position) if key.value == "translations" else value)
        for key, value in parent.items
    )
    return Mapping(items, parent.position)


def _merge(base: Mapping, over: Mapping) -> Mapping:
    """``over`` wins key by key; nested mappings merge, so a child sets only what differs."""
    items = dict((key.value, (key, value)) for key, value in base.items)
    for key, value in over.items:
        old = items.get(key.value)
        if old is not None and isinstance(old[1], Mapping) and isinstance(value, Mapping):
            value = _merge(old[1], value)
        items[key.value] = (key, value)
    return Mapping(tuple(items.values()), over.position)


def _read(node: Node, spec: Any, what: str, report: Report) -> Any:
    """Read ``node`` following ``spec``: a dict of fields, a tuple of choices or a value kind."""
    if isinstance(spec, dict):
        table = reads.mapping(node, what, report)
        if table is None:
            return None
        top = what == "the style"
        required = () if top else required_keys(spec)
        reads.check_keys(table, what=what, allowed=spec, required=required, report=report)
        if top:
            _check_sections(table, report)
        return {
            k: _read(v, spec[k], f"'{k}'" if what == "the style" else f"{what[:-1]}.{k}'", report)
            for k, v in ((key.value, value) for key, value in table.items)
            if k in spec
        }
    if isinstance(spec, tuple):
        return reads.choice(node, what, spec, report)
    if spec == "fonts":
        return read_fonts(node, report)
    if spec == "translations":
        return _translations(node, report)
    if isinstance(node, Scalar) and (node.kind == "null" or not node.value.strip()):
        return read_empty(node, spec, what, report)
    scalar = reads.text(node, what, report)
    return read_value(scalar, spec, what, report) if scalar is not None else None


def _translations(node: Node, report: Report) -> tuple[tuple[str, str, str], ...]:
    """The organisation and contact line per language: ``{es: {organization: ..., contact: ...}}``."""
    table = reads.mapping(node, "'translations'", report)
    found: list[tuple[str, str, str]] = []
    for tag, value in table.items if table else ():
        what = f"'translations.{tag.value}'"
        texts = reads.mapping(value, what, report)
        if texts is None:
            continue
        reads.check_keys(texts, what=what, allowed=TRANSLATED, report=report)
        org, contact = (_plain_text(texts.get(key)) for key in TRANSLATED)
        found.append((tag.value, org, contact))
    return tuple(found)


def _plain_text(node: Node | None) -> str:
    return node.value.strip() if isinstance(node, Scalar) and node.kind != "null" else ""


def _check_sections(style: Mapping, report: Report) -> None:
    """A style that extends nothing must give every section; say so once, with the easy way out."""
    missing = [name for name in SPEC if name not in OPTIONAL and style.get(name) is None]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        report.error(
            style.position,
            f"the style has no {names}; start it with 'extends: default' to take them from the default style, "
            "or write them out",
        )


def _printed(style: Mapping) -> tuple[tuple[str, Position, str], ...]:
    """The style's text that prints on every page, with where each piece is written and, for a
    translation, its language tag ("" for text that prints in every language)."""
    found: list[tuple[str, Position, str]] = []
    keys = ("organization", "contact", "header", "running_header", "footer")
    nodes: list[tuple[Node | None, str]] = [(style.get(key), "") for key in keys]
    clinic = style.get("clinic")
    if isinstance(clinic, Mapping):
        nodes += [(value, "") for key, value in clinic.items if key.value != "logo"]
    translated = style.get("translations")
    nodes += [(value, str(tag.value)) for tag, value in translated.items] if isinstance(translated, Mapping) else []
    for node, language in nodes:
        lines = [value for _, value in node.items] if isinstance(node, Mapping) else [node]
        found.extend((line.value, line.position, language) for line in lines if isinstance(line, Scalar))
    return tuple(found)


def _build(path: Path, v: dict[str, Any], printed: tuple[tuple[str, Position, str], ...]) -> Stylesheet:
    body = v["text"]["size"]
    rel = v["sizes"]
    paper = PAPER[v["page"]["size"]]
    margins = v["page"]["margins"]
    return Stylesheet(
        name=path.stem,
        page=Page(paper[0], paper[1], margins["top"], margins["bottom"], margins["left"], margins["right"]),
        body_fonts=v["fonts"][0],
        heading_fonts=v["fonts"][1],
        sizes=Sizes(body=body, leading=body * v["text"]["leading"], **{k: body * f for k, f in rel.items()}),
        spacing=Spacing(**{k: body * f for k, f in v["spacing"].items()}),
        colors=Colors(text=v["text"]["color"], **v["colors"]),
        header=Furniture(**v.get("header", {})),
        footer=Furniture(**v.get("footer", {})),
        running_header=Furniture(**v["running_header"]) if "running_header" in v else None,
        organization=v.get("organization", ""),
        contact=v.get("contact", ""),
        citations=v.get("citations", "superscript"),
        pdf_ua=v.get("pdf_ua", "true") == "true",
        pdf_a=v.get("pdf_a", "true") == "true",
        print_links=v.get("print_links", "true") == "true",
        quotes="straight" if v.get("quotes") == "straight" else "typographic",
        printed=printed,
        translations=v.get("translations", ()),
        checks=CheckTargets(**v["checks"]) if "checks" in v else CheckTargets(),
        clinic=Clinic(**v.get("clinic", {})),
        source=str(path),
    )
