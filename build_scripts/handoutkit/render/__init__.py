"""Render a Handout with a Stylesheet into PDF bytes; the only package that imports ReportLab."""

from .document import RenderedPdf, RenderError, render_pdf
from .fonts import font_chain

__all__ = ["RenderError", "RenderedPdf", "font_chain", "render_pdf"]
