"""Which characters belong to the scripts written without spaces between words.

Used where text is broken into lines (``render.linebreak``) and where a run of text without a space
is judged (``validate.blocks``): in Chinese and Japanese a long run is a sentence, not a word.
"""

from __future__ import annotations


def is_wide(char: str) -> bool:
    """A character of the scripts written without spaces (Han, kana, Hangul, full-width forms and
    CJK punctuation): a line may break before or after it."""
    point = ord(char)
    return (
        0x2E80 <= point <= 0xA4CF  # CJK radicals, symbols and punctuation, kana, bopomofo, Han, Yi
        or 0xAC00 <= point <= 0xD7AF  # Hangul syllables
        or 0xF900 <= point <= 0xFAFF  # CJK compatibility ideographs
        or 0xFE30 <= point <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= point <= 0xFFEF  # half-width and full-width forms
        or 0x20000 <= point <= 0x3FFFF  # Han extensions B and later
    )


def longest_word(run: str) -> int:
    """The length of the longest stretch of ``run`` that is not such characters (a run without spaces:
    between Han characters, kana or Hangul a line may break, so they end a word)."""
    longest = length = 0
    for char in run:
        length = 0 if is_wide(char) else length + 1
        longest = max(longest, length)
    return longest


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has characters of a script that ReportLab cannot set: Hebrew and Arabic
    (right to left; Arabic letters join) or Devanagari (conjuncts). ``render.shaping`` sets them."""
    return any(
        "\u0590" <= char <= "\u08ff" or "\u0900" <= char <= "\u097f" or "\ufb1d" <= char <= "\ufeff" for char in text
    )


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` has Hebrew or Arabic characters."""
    return any("\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufeff" for char in text)
