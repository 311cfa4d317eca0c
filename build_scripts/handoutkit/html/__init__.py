"""HTML: a transformed Handout, its Words and a Stylesheet in, the text of one HTML page out.

The accessible HTML edition, beside the PDF (``handoutkit build --html``): ``document`` writes the
page (``render_html``), ``blocks`` each block kind as semantic markup, ``inlines`` the text with
its links and citations (the foundation's ``printed`` says what they print, for both editions), ``css`` the style
sheet for screen and print, ``fonts`` the style's faces subset and embedded, ``pictures`` the
figures and logo as ``data:`` addresses, and ``markup`` escapes every value. No script, nothing
fetched; the same input gives the same bytes. It reads the model as the PDF renderer does but
never imports it, nor ReportLab.

May import: the foundation modules, language, style and transforms; never load, validate, copies,
check or render (the page is made from the model alone, without ReportLab).
"""

from .document import render_html
from .pictures import HtmlError

__all__ = ["HtmlError", "render_html"]
