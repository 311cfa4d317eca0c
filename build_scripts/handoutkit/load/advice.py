"""Advice for YAML syntax errors, from the problem libyaml names and the lines it marks.

Hand-edited YAML fails in a few usual ways: text that starts with a YAML indicator, a tab, a
missing ':', an outdented '- ' item, an escape that is no character. Each gets advice that names it.
"""

from __future__ import annotations

import re

from ..diagnostics import quoted

# A value (after '- ' list dashes and an optional 'key: ') that starts with a YAML indicator.
_INDICATOR_START = re.compile(r"\s*(?:-\s+)*(?:[\w-]+:\s+)?([*&!|>%@`\[{])")
GENERAL = "check indentation, colons and quotes"


def syntax_advice(problem: str, lines: list[str], marked: list[int]) -> str:
    """What to do about ``problem``, found on the ``marked`` lines (numbered from 0) of ``lines``."""
    advice = next((hint for hint in (_quote_hint(lines[line]) for line in marked) if hint), "")
    if not advice and "invalid Unicode character escape" in problem:
        advice = (
            "an escape for half of a surrogate pair (\\ud800 to \\udfff), or past \\U0010FFFF, is no character; "
            "type the character itself, or write it with 8 digits, as in \\U0001F600"
        )
    if not advice and marked:
        advice = _layout_hint(problem, lines, marked[0])
    return advice or GENERAL


def _quote_hint(line: str) -> str:
    """Advice for text that starts with a character YAML reads as markup, such as **bold** or [@id]."""
    found = _INDICATOR_START.match(line)
    if found is None:
        return ""
    return f"text that starts with '{found.group(1)}' must be put in quotes"


def _layout_hint(problem: str, lines: list[str], at: int) -> str:
    """Advice for the usual slips of hand-edited YAML: a tab, a missing ':', an outdented '- ' item."""
    line = lines[at]
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return f"line {at + 1} is indented with a tab; YAML indents with spaces only, so replace the tab with spaces"
    before = next((n for n in range(at - 1, -1, -1) if lines[n].strip()), None)
    if "mapping values are not allowed" in problem and before is not None and ":" not in lines[before]:
        return (
            f"line {before + 1} ({quoted(lines[before])}) has no ':' after its key; write it as 'key: value', "
            "or put text that contains ': ' in quotes"
        )
    if "did not find expected key" in problem and line.lstrip().startswith("- "):
        return f"the '- ' item on line {at + 1} is indented less than the other items of its list; line them up"
    return ""
