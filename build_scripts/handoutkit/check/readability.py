"""Reading-level formulas: Flesch-Kincaid grade for English; Fernández-Huerta ease and Crawford's
grade for Spanish. Text in, figures out; counting of sentences and words is ``prose``'s job."""

from __future__ import annotations

from msgspec import Struct

from .syllables import syllables


class Counts(Struct, frozen=True):
    """What the formulas need, counted over some prose."""

    sentences: int
    words: int
    syllables: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.sentences + other.sentences, self.words + other.words, self.syllables + other.syllables)


class Level(Struct, frozen=True):
    """A reading level: the US school grade, and the formula that gave it (with its own score)."""

    grade: float
    formula: str
    score: float | None = None  # Fernández-Huerta's ease (0-100, higher is easier), for Spanish


FORMULAS = {"en": "Flesch-Kincaid grade", "es": "Crawford grade (Fernández-Huerta ease)"}


def count(sentences: list[list[str]], language: str) -> Counts:
    """Counts for sentences given as lists of words."""
    words = [word for sentence in sentences for word in sentence]
    if language not in FORMULAS:
        return Counts(len(sentences), len(words), 0)  # no formula would use the syllables
    return Counts(len(sentences), len(words), sum(syllables(word, language) for word in words))


def level(counts: Counts, language: str) -> Level | None:
    """The reading level of ``counts`` in ``language``; None when no formula is made for it."""
    if counts.words == 0 or counts.sentences == 0:
        return None
    words_per_sentence = counts.words / counts.sentences
    syllables_per_word = counts.syllables / counts.words
    if language == "en":
        return Level(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59, FORMULAS["en"])
    if language == "es":
        # Fernández-Huerta as legible.es and textstat give it; Crawford (1984) for the grade.
        ease = 206.84 - 60 * syllables_per_word - 1.02 * words_per_sentence
        per_100 = 100 / counts.words
        grade = -0.205 * counts.sentences * per_100 + 0.049 * counts.syllables * per_100 - 3.407
        return Level(grade, FORMULAS["es"], ease)
    return None
