"""Words to explain: medical terms with plain alternatives, and abbreviations spelled out first.

The glossary is a small YAML file a clinic edits (``styles/glossary.yaml`` by default), one
section per language::

    en:
      terms:                       # term: plain words to use or to explain it with
        malignant: cancerous
      known_abbreviations: [US]    # abbreviations every reader knows
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from pathlib import Path

from msgspec import Struct

from ..diagnostics import Position, Report
from ..load import reads, yamlfile
from ..load.tree import Mapping, Scalar, Sequence
from .prose import Block, is_character

# A term counts as explained where it is used if an explanation follows it: "(...)", a dash, a
# colon (also after a label such as "Cytokine therapy:"), an appositive after a comma, or "is";
# or if "called" introduces it, or it stands in parentheses after the plain words.
_EXPLAINED_AFTER = re.compile(
    r"^(?:\s*(?:\(|\u2014|\u2013|-\s|:|,\s)|\s+(?:is|are|means|es|son|significa)\b|(?:\s+[^\s:]+){1,2}:"
    # Chinese and Japanese: full-width parentheses or colon, a dash, or 是/指/就是/とは after the term
    r"|\s*(?:\uff08|\uff1a|\u2014\u2014|\u662f|\u6307|\u5c31\u662f|\u3068\u306f))",
    re.IGNORECASE,
)
_EXPLAINED_BEFORE = re.compile(
    r"(?:called|known as|llamad[oa]s?|conocid[oa]s? como|\([^)]*)\s*$", re.IGNORECASE
)  # "called X", or X inside the parentheses that explain plain words
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b")


class Glossary(Struct, frozen=True):
    """Terms with their plain alternatives, and abbreviations that need no spelling out."""

    terms: tuple[tuple[str, str], ...] = ()
    known_abbreviations: frozenset[str] = frozenset()


def load_glossary(path: Path, language: str, report: Report) -> Glossary:
    """The glossary's section for ``language`` (a primary subtag); empty when it has none."""
    root = yamlfile.load(
        path, report, needs="a glossary needs one section per language, such as 'en:' with its 'terms:'"
    )
    languages = reads.mapping(root, "a glossary", report) if root is not None else None
    section = languages.get(language) if isinstance(languages, Mapping) else None
    table = reads.mapping(section, f"the '{language}' glossary", report) if section is not None else None
    if not isinstance(table, Mapping):
        return Glossary()
    what = f"the '{language}' glossary"
    reads.check_keys(table, what=what, allowed=("terms", "known_abbreviations"), report=report)
    terms = table.get("terms")
    pairs = []
    if terms is not None and (mapping := reads.mapping(terms, "'terms'", report)) is not None:
        for key, value in mapping.items:
            plain = reads.text(value, f"the plain words for '{key.value}'", report)
            if plain is not None:
                pairs.append((key.value.strip(), plain.value.strip()))
    known = table.get("known_abbreviations")
    names = known.items if isinstance(known, Sequence) else ()
    return Glossary(tuple(pairs), frozenset(item.value for item in names if isinstance(item, Scalar)))


class Finding(Struct, frozen=True):
    """Something a reader may stumble on, where it is, and how to fix it."""

    position: Position
    message: str


def unexplained_terms(blocks: list[Block], glossary: Glossary, explained: tuple[str, ...] = ()) -> list[Finding]:
    """Each glossary term at its first use, when that use does not explain it.

    A term the handout explains in a list of words to know (``explained``: its terms) counts as
    explained everywhere.
    """
    findings = []
    sentences = [s for block in blocks for s in block.sentences]
    # One search of all the text finds a term's first use: sentences are joined by NUL, which YAML
    # text (and so no term) can hold, so a match lies inside one sentence and is that sentence's first.
    everything = "\0".join(sentence.text for sentence in sentences)
    starts = list(accumulate((len(sentence.text) + 1 for sentence in sentences[:-1]), initial=0))
    folded = fold(everything)
    # When every character folds to one, a match at some index has the term's fold at that index
    # of the folded text, so the search may start where the fold is first found.
    aligned = len(folded) == len(everything)
    for (_, plain), (pattern, needle) in zip(glossary.terms, _patterns(glossary.terms), strict=True):
        if any(pattern.search(term) for term in explained):
            continue
        first = folded.find(needle)
        if first < 0:  # a plain substring search rules out nearly every term at once
            continue
        found = pattern.search(everything, first if aligned else 0)
        if found is None:
            continue
        index = bisect_right(starts, found.start()) - 1
        sentence, offset = sentences[index], starts[index]
        before, after = sentence.text[: found.start() - offset], sentence.text[found.end() - offset :]
        if not (_EXPLAINED_AFTER.match(after) or _EXPLAINED_BEFORE.search(before)):
            findings.append(
                Finding(
                    sentence.position,
                    f"'{found.group()}' is a medical word; say '{plain}' instead, or explain it where "
                    f"it is first used, e.g. '{found.group()} ({plain})'",
                )
            )
    return findings


@cache
def _patterns(terms: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    """Each term as a whole-word, any-case pattern, compiled once per process, and folded."""
    return [(re.compile(_whole(term), re.IGNORECASE), fold(term)) for term, _ in terms]


def _whole(term: str) -> str:
    """A pattern for ``term`` as a whole word; a Chinese or Japanese term has no word boundaries (its
    script puts no spaces between words), so it matches wherever it is written."""
    pattern = _apostrophes(re.escape(term))
    before = "" if term and is_character(term[0]) else r"\b"
    after = "" if term and is_character(term[-1]) else r"\b"
    return f"{before}{pattern}{after}"


def _apostrophes(pattern: str) -> str:
    """A term's apostrophe, typed either way, matches either: the quotes transform prints a typed
    apostrophe as U+2019, and a glossary may be written with either."""
    return _EITHER_APOSTROPHE.sub("['\u2019]", pattern)


_EITHER_APOSTROPHE = re.compile("['\u2019]")


# Letters that an any-case pattern matches but that case folding keeps apart: dotted capital I and
# dotless small i (U+0130, U+0131) both match "i" (Python's re), while casefold() keeps them apart.
_TO_I = str.maketrans({"\u0130": "i", "\u0131": "i"})
_APOSTROPHE = str.maketrans({"\u2019": "'"})  # one character for one, so folded text stays aligned


def fold(text: str) -> str:
    """``text`` case-folded so that whenever an any-case pattern of a term matches some text,
    the term's fold is a substring of the text's fold (the test checks every cased character)."""
    if "\u0130" in text or "\u0131" in text:  # rare: a test for them is far cheaper than a translation
        text = text.translate(_TO_I)
    if "\u2019" in text:
        text = text.translate(_APOSTROPHE)
    return text.casefold()


def abbreviations_before_spelled_out(blocks: list[Block], glossary: Glossary) -> list[Finding]:
    """Abbreviations whose first use comes before they are spelled out (or that never are)."""
    sentences = [s for block in blocks for s in block.sentences]
    findings = []
    seen: set[str] = set()
    for index, sentence in enumerate(sentences):
        for found in _ABBREVIATION.finditer(sentence.text):
            short = found.group()
            if short in seen or short in glossary.known_abbreviations:
                continue
            seen.add(short)
            if _spelled_out_here(sentence.text, found):
                continue
            later = any(_spelled_out_in(s.text, short) for s in sentences[index + 1 :])
            where = "before it is spelled out" if later else "and is never spelled out"
            findings.append(
                Finding(
                    sentence.position,
                    f"the abbreviation '{short}' is used {where}; write it out the first time, "
                    f"e.g. 'full words ({short})'",
                )
            )
    return findings


def _spelled_out_here(sentence: str, found: re.Match[str]) -> bool:
    """'Words (ABBR)', 'words (other words, ABBR)' or 'ABBR (words)' at this use."""
    before, after = sentence[: found.start()], sentence[found.end() :]
    inside_parentheses = before.count("(") > before.count(")") and re.search(r"\w\s*\(", before)
    return bool(inside_parentheses) or bool(re.match(r"^\s*\(\s*[^\W\d_]", after))


def _spelled_out_in(sentence: str, short: str) -> bool:
    return bool(re.search(rf"\w\s*\(\s*{short}\s*\)|\b{short}\s*\(\s*[^\W\d_]", sentence))
