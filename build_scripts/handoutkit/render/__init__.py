"""Render: a transformed Handout and a Stylesheet in, the bytes of a tagged PDF out.

``document`` lays the handout out on pages (again, when the last page would be nearly empty);
``blocks`` turns each block kind into flowables, with ``stack``, ``flowables`` and ``texttree``
(inlines as ReportLab's tuple tree, never markup); ``figures``, ``tables`` and ``checklists``
draw pictures (SVG with svglib), tables and checklists with their form fields; ``fonts``
registers the style's fonts; ``furniture`` draws the running header and footer; ``printed`` (a foundation module)
says what a link prints on paper; ``tagging``, ``canvas`` and ``pdfua`` make the PDF tagged (PDF/UA-1). The only package
that imports ReportLab. A second writer (the HTML edition) belongs beside this package, reading
the same model.

May import: the foundation modules, language, style and transforms; never load, validate, copies
or check (the renderer knows nothing of YAML or of the source tree).
"""

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
