"""Render a Handout with a Stylesheet into PDF bytes; the only package that imports ReportLab."""

from ..lazyregex import deferred_compiles

# Before any module here imports ReportLab: two of its modules compile, at import, patterns we
# never use (about 45 ms a process; see lazyregex): a URL pattern for hyphenation and one for cjkwrap.
with deferred_compiles({"reportlab.platypus.paragraph": ("(^(?:[a-z0-9",), "reportlab.lib.textsplit": ("([\u2e80-",)}):
    import reportlab.platypus.paragraph  # noqa: F401 - imported for its side effect on the cache of modules

from .document import RenderedPdf, RenderError, render_pdf
from .fonts import FontError, characters_per_line, check_families, font_chain

__all__ = [
    "FontError",
    "RenderError",
    "RenderedPdf",
    "characters_per_line",
    "check_families",
    "font_chain",
    "render_pdf",
]
