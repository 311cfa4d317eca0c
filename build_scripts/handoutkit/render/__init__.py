"""Render a Handout with a Stylesheet into PDF bytes; the only package that imports ReportLab."""

from .document import RenderedPdf, RenderError, render_pdf

__all__ = ["RenderError", "RenderedPdf", "render_pdf"]
