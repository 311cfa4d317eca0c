"""handoutkit: patient-education handouts from plain YAML to accessible, consistent PDF.

The packages are the stages of the pipeline, in the order data flows (each may import only the
ones before it; ``tests/test_architecture.py`` holds the rules):

- ``load``: YAML files to positioned trees, and the typed reads of them;
- ``language``: the fixed words and dates of each language;
- ``style``: style sheets, fonts and images, resolved into a Stylesheet;
- ``validate``: a handout's tree to the frozen ``model.Handout``;
- ``copies``: the values of personal copies;
- ``transforms``: Handout to Handout (citation numbers, fields, quotes, AMA entries);
- ``check``: plain-language, legibility and font-coverage checks;
- ``render``: Handout and Stylesheet to PDF bytes;
- ``build``: one handout through every stage, written atomically;
- ``library``: many handouts into an output folder;
- ``api``: the Python API (``build_pdf``, ``build_html``, ``check_handout``), exported here;
- ``cli``: the ``handoutkit`` command.

The foundation modules, which every stage may import and which import no stage: ``model`` (the
document model), ``diagnostics`` (positions and reports), ``inline`` (the inline text format),
``printed`` (what links and citations print, in every edition),
``writer`` (atomic writes), ``installed`` (package versions) and ``lazyregex``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import BuiltHandout, CheckedHandout, HandoutError, build_html, build_pdf, check_handout

__version__ = "0.1.0"
__all__ = ["BuiltHandout", "CheckedHandout", "HandoutError", "build_html", "build_pdf", "check_handout"]


def __getattr__(name: str) -> Any:
    """The API's names, imported at first use: ``import handoutkit`` (and so the command) stays quick."""
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'handoutkit' has no attribute {name!r}")
