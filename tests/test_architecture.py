"""The pipeline's dependency lines: the model stays pure, YAML and ReportLab stay in their modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "build_scripts" / "handoutkit"


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports (relative imports as '.name')."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or "").split(".")[0])
    return names


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_model_imports_no_format_library() -> None:
    """The model is plain records (msgspec Structs, never encoded): no YAML, ReportLab or PDF library."""
    assert imported_modules(PACKAGE / "model.py") <= {"__future__", "datetime", "msgspec", "typing"}


@pytest.mark.parametrize(("library", "allowed"), [("yaml", {"loader.py"}), ("pypdf", set())])
def test_only_its_module_imports_a_library(library: str, allowed: set[str]) -> None:
    users = {p.name for p in modules() if library in imported_modules(p)}
    assert users == allowed


def test_only_the_render_package_imports_reportlab() -> None:
    users = {str(p.relative_to(PACKAGE)) for p in modules() if "reportlab" in imported_modules(p)}
    assert users and all(user.startswith("render/") for user in users), users


def test_render_reads_no_source_tree() -> None:
    """The renderer works from the model alone; it never sees YAML nodes or the loader."""
    for path in (PACKAGE / "render").glob("*.py"):
        assert not {"..tree", "..loader", "..validate"} & imported_modules(path), path.name
