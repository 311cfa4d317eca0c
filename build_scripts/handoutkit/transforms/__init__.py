"""Transforms: a Handout in, a Handout out, between validation and rendering.

``apply`` holds the transforms (numbering citations by first use, filling fields, printing
straight quotes as the language's marks with ``quotes``) and the order they run in; ``ama``
formats a reference into its AMA entry as model inlines. Nothing here reads a file or draws.

May import: the foundation modules, load, language, style, validate and copies.
"""
