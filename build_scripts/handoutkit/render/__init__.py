"""Render a Handout with a Stylesheet into PDF bytes; the only package that imports ReportLab."""

from .document import RenderedPdf, RenderError, render_pdf
from .fonts import characters_per_line, font_chain

__all__ = ["RenderError", "RenderedPdf", "characters_per_line", "font_chain", "render_pdf"]
