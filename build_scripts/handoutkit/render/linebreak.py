# ruff: noqa: RUF001, RUF002 - the marks of Chinese and Japanese text are the point of this module
"""Lines of Chinese and Japanese text: a break between any two characters, with the no-break rules.

Chinese and Japanese put no spaces between words, so a line may end after any character, except
where the rules of *kinsoku shori* (JIS X 4051; the Chinese rules of 标点符号用法 GB/T 15834 are
the same for these marks) forbid it:

- no closing mark starts a line (，。、；：！？）」』】》〉 ” ’ …, small kana, the long-vowel mark);
- no opening mark ends one (（「『【《〈 “ ‘);
- a run of Latin letters and digits (a drug name, a dose) stays whole, and breaks only at a space,
  as in English, or after a slash (a web address);
- nothing breaks before a space (the space ends the line), nor at a no-break space or word joiner;
- a citation's raised number stays with the character before it;
- a number stays with the counter or unit after it, and a date with its parts (JIS X 4051's
  numerals with their units): 10日, 3周, 2025年2月10日 break nowhere inside.

When a line is full, it ends at the last place these rules allow, so a closing mark goes down with
the character before it rather than hang in the margin. A run longer than the line breaks where it
must. The lines are ReportLab's (``makeCJKParaLine``), so a paragraph draws, splits and tags as any
other.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine  # type: ignore[attr-defined]

from ..language.scripts import is_wide

# Marks that never start a line (closing punctuation, small kana, iteration and prolonged-sound marks).
NO_START = frozenset(
    "!%),.:;?]}¢°·'\"′″℃‰›»’”、。〉》」』】〕〗〙〛〞〟〻ゝゞ゠・ーヽヾ"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々"
    "！％），．：；？］｝｡｣､･ｧｨｩｪｫｬｭｮｯｰﾞﾟ￠…‥‼⁇⁈⁉"
)
# Marks that never end a line (opening punctuation, currency before an amount).
NO_END = frozenset("$([{£¥«‹‘“〈《「『【〔〖〘〝（［｛｢￡￥＄")
# A date's year and month marks, which the next number follows (2025年2月10日; Korean 년 and 월).
DATE_PARTS = frozenset("年月년월")
# No break on either side of these.
GLUE = frozenset("\u00a0\u2060\u202f\ufeff")
_FUZZ = 1e-6


def may_break_before(before: str, after: str, *, counted: bool = True) -> bool:
    """Whether a line may end between ``before`` and ``after``; ``counted``: a number before a wide
    character counts it (not a citation's raised number, after which the text goes on)."""
    if not before or not after:  # an empty run (a mark of ReportLab's) stays with its neighbours
        return False
    if after in NO_START or before in NO_END or before in GLUE or after in GLUE:
        return False
    if after.isspace():
        return False  # the space stays at the end of the line
    if before.isspace():
        return True
    if before == "/" and after != "/":  # a web address may break after a slash (not inside "//")
        return True
    if unicodedata.category(after).startswith("M"):  # a combining mark stays with its letter
        return False
    if counted and before.isdigit() and is_wide(after):  # 10日, 3周: the number with its counter
        return False
    if before in DATE_PARTS and after.isdigit():  # 2025年2月: the date's parts together
        return False
    return is_wide(before) or is_wide(after)


def _may_break(before: Any, after: Any) -> bool:
    """``may_break_before`` for two characters of a paragraph's runs: a raised run (a citation's
    superscript number) never starts a line, but stays with the word it follows."""
    raised = bool(before.frag.rise)
    return may_break_before(before, after, counted=not raised) and not (after.frag.rise and not raised)


def cjk_lines(frags: list[Any], widths: list[float], calc_bounds: bool) -> Any:
    """The lines of a paragraph made of ``frags``, at most ``widths[i]`` wide (the last for the rest)."""
    chars: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        chars.extend(cjkU(char, frag, "utf8") for char in text) if text else chars.append(cjkU("", frag, "utf8"))
    lines: list[Any] = []
    start = 0
    count = len(chars)
    while start < count:
        width = widths[min(len(lines), len(widths) - 1)]
        used = 0.0
        end = start
        last_break = -1  # the last place in this line where it may end (an index into chars)
        forced = False
        while end < count:
            char = chars[end]
            if end > start and _may_break(chars[end - 1], char):
                last_break = end
            if hasattr(char.frag, "lineBreak"):  # an explicit line break
                end += 1
                forced = True
                break
            if used + char.width > width + _FUZZ and end > start and not char.isspace():
                break
            used += char.width
            end += 1
        if end < count and not forced:
            if last_break > start:
                end = last_break
            else:  # nothing may break in this line: it breaks where it is full, but not before a closing
                while end - 1 > start and (chars[end] in NO_START or chars[end - 1] in NO_END):
                    end -= 1  # mark nor after an opening one
        line = chars[start:end]
        drawn = sum(char.width for char in line)
        trailing = sum(char.width for char in _trailing_spaces(line))
        drawn -= trailing
        lines.append(makeCJKParaLine(line, width, drawn, width - drawn, forced, calc_bounds))
        start = end
    return ParaLines(kind=1, lines=lines)


def lines_as_fragments(paragraph: Any, start: int, stop: int) -> list[Any]:
    """The fragments of lines ``start`` to ``stop`` of a paragraph broken by ``cjk_lines``, joined as
    they are: a part of a split paragraph breaks into lines again from these."""
    return [word for line in paragraph.lines[start:stop] for word in line.words]


def _trailing_spaces(line: list[Any]) -> list[Any]:
    spaces = []
    for char in reversed(line):
        if not char.isspace():
            break
        spaces.append(char)
    return spaces


def unbreakable(frags: list[Any]) -> list[tuple[float, str]]:
    """The stretches of a paragraph that no line may break inside, with their widths (spaces aside)."""
    chars = [cjkU(char, frag, "utf8") for frag in frags for char in getattr(frag, "text", "") or ""]
    stretches: list[tuple[float, str]] = []
    start = 0
    for end in range(1, len(chars) + 1):
        if end == len(chars) or _may_break(chars[end - 1], chars[end]):
            piece = chars[start:end]
            text = "".join(piece).strip()
            if text:
                stretches.append((sum(char.width for char in piece if not char.isspace()), text))
            start = end
    return stretches
