"""Markup from text: every value is escaped here, and elements are built only from escaped parts.

Nothing from a handout, a style or a catalog is ever written as markup: ``text`` escapes ``<``,
``>``, ``&`` and both quotation marks, and ``attributes`` escapes each value (names are ours).
"""

from __future__ import annotations

from html import escape


def text(value: str) -> str:
    """``value`` as HTML text: '<', '>', '&', '"' and "'" as character references."""
    return escape(value, quote=True)


def attributes(pairs: dict[str, str | None]) -> str:
    """' name="value"' for each pair, values escaped; a None value leaves its attribute out."""
    return "".join(f' {name}="{escape(value, quote=True)}"' for name, value in pairs.items() if value is not None)


def element(tag: str, content: str = "", **attrs: str | None) -> str:
    """``<tag attrs>content</tag>``; ``content`` is markup already (made by these functions).

    An attribute written ``class_`` or ``aria_label`` is ``class`` or ``aria-label``.
    """
    return f"<{tag}{attributes(_names(attrs))}>{content}</{tag}>"


def void(tag: str, **attrs: str | None) -> str:
    """An element with no content and no end tag (``img``, ``input``, ``meta``)."""
    return f"<{tag}{attributes(_names(attrs))}>"


def _names(attrs: dict[str, str | None]) -> dict[str, str | None]:
    return {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
