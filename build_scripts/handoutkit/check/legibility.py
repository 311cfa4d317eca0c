"""Legibility of a style: body text size, colour contrast (WCAG 2.x) and line length."""

from __future__ import annotations

from ..style.sheet import Stylesheet

# WCAG 2.x: 4.5:1 for text, 3:1 for large text (18 pt, or 14 pt bold).
NORMAL_CONTRAST, LARGE_CONTRAST = 4.5, 3.0


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def color_pairs(sheet: Stylesheet) -> list[tuple[str, str, str, float]]:
    """Every text colour on the background it is printed on: (what, text, background, needed)."""
    c, s = sheet.colors, sheet.sizes
    page = "#ffffff"
    heading_needed = LARGE_CONTRAST if s.heading >= 14 else NORMAL_CONTRAST  # headings are bold
    furniture_needed = LARGE_CONTRAST if s.furniture >= 18 else NORMAL_CONTRAST
    return [
        ("body text", c.text, page, LARGE_CONTRAST if s.body >= 18 else NORMAL_CONTRAST),
        ("headings", c.heading, page, heading_needed),
        ("links and citation numbers", c.link, page, NORMAL_CONTRAST),
        ("subtitle, header and footer", c.muted, page, furniture_needed),
        ("text in notes", c.text, c.note_background, NORMAL_CONTRAST),
        ("text in warning notes", c.text, c.warning_background, NORMAL_CONTRAST),
    ]


def style_problems(sheet: Stylesheet, characters_per_line: float) -> list[str]:
    """What makes the style hard to read, with the measured figures."""
    checks = sheet.checks
    problems = []
    if sheet.sizes.body < checks.min_body_size:
        problems.append(
            f"body text is {sheet.sizes.body:g} pt, below {checks.min_body_size:g} pt; set text.size to at least that"
        )
    for what, foreground, background, needed in color_pairs(sheet):
        ratio = contrast(foreground, background)
        if ratio < needed:
            problems.append(
                f"{what} ({foreground} on {background}) has contrast {ratio:.2f}:1, below {needed:g}:1; "
                "darken the text colour or lighten its background"
            )
    if characters_per_line > checks.line_characters:
        problems.append(
            f"lines hold about {characters_per_line:.0f} characters at the body size, more than "
            f"{checks.line_characters:g}; widen the side margins or enlarge the text"
        )
    return problems
