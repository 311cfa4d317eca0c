"""The pipeline's dependency lines: stages import only earlier stages, the model stays pure, and YAML
and ReportLab stay in their packages. The rules are here; each package's docstring says them in words."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "build_scripts" / "handoutkit"
# The stages in the order data flows; ``build`` and ``api`` are modules, the rest are packages.
STAGES = (
    *("load", "language", "style", "validate", "copies", "transforms", "check", "render", "html", "build"),
    *("library", "api", "cli"),
)
MODULE_STAGES = {"build", "api"}
# Modules beside the stages that any stage may import; they import no stage.
FOUNDATION = ("model", "diagnostics", "inline", "printed", "colour", "writer", "installed", "lazyregex")
# What the package itself holds beside them: its version, ``python -m handoutkit`` and the markers.
OTHER = ("__init__", "__main__")
# Earlier stages a stage must not import all the same. The renderer knows nothing of YAML or of the
# source tree, and needs no finding of the checks; the HTML edition, a second writer of the same
# model, knows nothing of the PDF renderer either (so nothing of ReportLab).
MAY_NOT = {"render": ("load", "validate", "copies", "check"), "html": ("load", "validate", "copies", "check", "render")}


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in it, as absolute dotted names."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            # ``from . import x`` names a module; ``from .m import f`` names m (and f, which is no module).
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def unit_of(name: str) -> str | None:
    """The stage or foundation module a dotted name of ours belongs to, or None for a library's name."""
    parts = name.split(".")
    if parts[0] != "handoutkit":
        return None
    return parts[1] if len(parts) > 1 else "handoutkit"


def units_imported(path: Path) -> set[str]:
    known = set(STAGES) | set(FOUNDATION)
    return {unit for name in imports(path) if (unit := unit_of(name)) in known}


def unit_of_file(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").parts[0]


def libraries(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(path) if not name.startswith("handoutkit")}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_holds_only_stages_and_foundation_modules() -> None:
    """A newcomer finds a stage by its folder; only the foundation modules sit beside the stages."""
    beside = {path.stem for path in PACKAGE.glob("*.py")}
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert beside == set(FOUNDATION) | set(OTHER) | MODULE_STAGES
    assert folders == set(STAGES) - MODULE_STAGES


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_stage_imports_a_later_one(path: Path) -> None:
    unit = unit_of_file(path)
    if unit in OTHER:
        return
    imported = units_imported(path) - {unit}
    if unit in FOUNDATION:
        assert imported <= set(FOUNDATION), f"a foundation module imports a stage: {sorted(imported)}"
        return
    later = {other for other in imported if other in STAGES and STAGES.index(other) > STAGES.index(unit)}
    assert not later, f"{unit} imports the later {sorted(later)}"
    assert not imported & set(MAY_NOT.get(unit, ())), f"{unit} imports {sorted(imported & set(MAY_NOT[unit]))}"


def test_the_rules_see_imports_of_every_kind(tmp_path: Path) -> None:
    """The reader of imports resolves relative, absolute and in-function imports, so a rule cannot pass vacuously."""
    sample = PACKAGE / "validate" / "blocks.py"
    assert {"load", "diagnostics", "model", "inline"} <= units_imported(sample)
    assert "library" in units_imported(PACKAGE / "cli" / "main.py")  # imported inside a function there too
    assert "check" in units_imported(PACKAGE / "build.py")  # ``from .check import coverage``


def test_model_imports_no_format_library() -> None:
    """The model is plain records (msgspec Structs, never encoded): nothing of ours, no YAML, ReportLab or PDF."""
    used = {name.split(".")[0] for name in imports(PACKAGE / "model.py")}
    assert used <= {"__future__", "datetime", "msgspec", "typing"}


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("yaml", {"load/yamlfile.py"}),
        ("ruamel", set()),
        ("strictyaml", set()),
        ("pypdf", set()),
        ("bibtexparser", {"load/bibtex.py"}),
    ],
)
def test_only_its_module_imports_a_library(library: str, allowed: set[str]) -> None:
    users = {str(path.relative_to(PACKAGE)) for path in modules() if library in libraries(path)}
    assert users == allowed


def test_only_the_render_package_imports_reportlab() -> None:
    users = {str(path.relative_to(PACKAGE)) for path in modules() if "reportlab" in libraries(path)}
    assert users and all(user.startswith("render/") for user in users), users


def test_the_html_writer_imports_neither_the_renderer_nor_reportlab() -> None:
    """The HTML edition reads the model alone: not the PDF renderer's modules, not ReportLab, not YAML."""
    for path in (PACKAGE / "html").glob("*.py"):
        assert not set(MAY_NOT["html"]) & units_imported(path), path.name
        assert not {"reportlab", "yaml"} & libraries(path), path.name


def test_render_reads_no_source_tree() -> None:
    """The renderer works from the model alone; it never sees YAML nodes, the loader or validation."""
    for path in (PACKAGE / "render").glob("*.py"):
        assert not set(MAY_NOT["render"]) & units_imported(path), path.name


@pytest.mark.parametrize("stage", [stage for stage in STAGES if stage not in MODULE_STAGES])
def test_each_package_says_what_goes_in_and_out_and_what_it_may_import(stage: str) -> None:
    """The docstring's 'May import:' line agrees with the rules above."""
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert re.search(r"\bin\b.*\bout\b", doc, re.S | re.I), "say what goes in and what comes out"
    said = re.search(r"^May import: (.+?)(?:\n\n|\Z)", doc, re.M | re.S)
    assert said, "end with a 'May import:' paragraph"
    text = said.group(1)
    assert "foundation" in text or "everything" in text
    may = set(STAGES[: STAGES.index(stage)]) - set(MAY_NOT.get(stage, ()))
    actually = set().union(*(units_imported(path) for path in (PACKAGE / stage).glob("*.py"))) & set(STAGES)
    assert actually - {stage} <= may
    if "everything" in text:
        return
    allowed_part = text.split("never")[0]  # 'never load, validate or copies' names what it may not import
    named = {word for word in re.findall(r"[a-z]+", allowed_part) if word in STAGES}
    assert named == may, f"list exactly the earlier stages it may import: {sorted(may)}"


def test_tests_mirror_the_layout() -> None:
    """A stage's tests sit in the folder of the same name under tests/."""
    folders = {path.name for path in (ROOT / "tests").iterdir() if (path / "__init__.py").exists()}
    assert folders == set(STAGES) - MODULE_STAGES
    for folder in folders:
        assert list((ROOT / "tests" / folder).glob("test_*.py")), folder


def test_the_distribution_lists_every_package_folder() -> None:
    """pyproject.toml names each package and folder of data, and maps styles/ into the package."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {
        ".".join(path.relative_to(PACKAGE.parent).parts)
        for path in [PACKAGE, *PACKAGE.rglob("*")]
        if path.is_dir() and path.name != "__pycache__"
    }
    styles = {
        ".".join(("handoutkit", "style", "builtin", *path.relative_to(ROOT / "styles").parts)).rstrip(".")
        for path in [ROOT / "styles", *(ROOT / "styles").rglob("*")]
        if path.is_dir()
    }
    assert set(setuptools["packages"]) == folders | styles
    assert setuptools["package-dir"]["handoutkit.style.builtin"] == "styles"


_LOADED = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("stage", STAGES)
def test_importing_a_stage_loads_no_later_stage_and_no_forbidden_library(stage: str) -> None:
    """The rules hold for what an import loads in the end, through every module on the way, too."""
    result = subprocess.run(
        [sys.executable, "-c", _LOADED, f"handoutkit.{stage}"], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(result.stdout)
    units = {unit for name in loaded if (unit := unit_of(name)) in STAGES}
    allowed = set(STAGES[: STAGES.index(stage) + 1]) - set(MAY_NOT.get(stage, ()))
    assert units <= allowed, f"importing {stage} loads {sorted(units - allowed)}"
    libraries = {name.split(".")[0] for name in loaded}
    if stage == "render":
        assert "yaml" not in libraries, "the renderer loads PyYAML"
    if STAGES.index(stage) < STAGES.index("render") or stage == "html":
        assert "reportlab" not in libraries, f"{stage} loads ReportLab"
    if stage == "html":
        assert "yaml" not in libraries, "the HTML writer loads PyYAML"
