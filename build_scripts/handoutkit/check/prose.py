"""Find a handout's prose in its source tree: blocks, sentences and words, each with its place.

Headings, note titles, write-in titles, QR captions and addresses, table headers, checklist titles,
terms (but not their definitions), references, link addresses and citation markers are not prose;
figure and table captions, table cells, checklist items and definitions are.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeGuard

from msgspec import Struct

from ..diagnostics import Position
from ..inline import parse_inline, plain_text
from ..load.tree import Mapping, Node, Scalar, Sequence

_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"\u201d\u2019)\]]*\s+(?=[¿¡\"\u201c(\[]?[^\W_a-zà-ÿ])"
    # Chinese and Japanese: a full-width stop, question or exclamation mark (and the closing quotes
    # or brackets after it) ends a sentence, with or without a space after it.
    r"|(?<=[\u3002\uff01\uff1f])[\u201d\u2019\u300d\u300f\uff09]*\s*"
    # Hindi's danda (and double danda), the Arabic question mark and Urdu's full stop.
    r"|(?<=[\u0964\u0965\u061f\u06d4])[\"\u201d\u2019)\]]*\s+"
)
_ABBREVIATIONS = ("e.g.", "i.e.", "Dr.", "Mr.", "Mrs.", "Ms.", "vs.", "etc.", "Sr.", "Sra.", "p. ej.")
# A word: letters and digits, joined by apostrophes, hyphens (U+2010 and U+2011 too) or a word joiner.
# Chinese and Japanese put no spaces between words: each Han character or kana counts on its own,
# so that their lengths are in characters (Hangul, written with spaces, counts by words).
_CHARACTER = "\u3005\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Vowel signs and other marks of Devanagari and Arabic, which Python's \w leaves out: inside a word.
_MARKS = "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u064b-\u065f\u0670\u06d6-\u06ed"
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+(?:['\u2019\-\u2010\u2011\u2060](?:[^\W_]|[{_MARKS}])+)*")
_LETTER = rf"(?:(?![{_CHARACTER}])[^\W_]|[{_MARKS}])"  # a letter or digit of a script written with spaces


@cache
def _character_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Whether a text has Han or kana, and its words with each of them one (compiled when first
    needed: they took 5 ms of every process)."""
    word = re.compile(rf"[{_CHARACTER}]|{_LETTER}+(?:['\u2019\-\u2010\u2011\u2060]{_LETTER}+)*")
    return re.compile(rf"[{_CHARACTER}]"), word


def is_character(char: str) -> bool:
    """A Han character or kana: one word on its own (Chinese and Japanese put no spaces between words)."""
    return _character_patterns()[0].fullmatch(char) is not None


def words_in(text: str) -> list[str]:
    """The words of ``text``; each Han character or kana is one."""
    if not text or max(text) < "\u3005":  # no Han character or kana can be in it
        return _WORD.findall(text)
    has_character, character_word = _character_patterns()
    return (character_word if has_character.search(text) else _WORD).findall(text)


_NOT_PROSE = re.compile(r"\[@[^\]]*\]|(?<=\])\([^)\s]*\)|\*")  # citations, link addresses, emphasis


class Sentence(Struct, frozen=True):
    """One sentence: its words and where it starts."""

    text: str
    words: tuple[str, ...]
    scalar: Scalar  # the text value it is in
    start: int = -1  # where its first word is in the value, when found

    @property
    def position(self) -> Position:
        """Where its first word is in the file (worked out only for a finding: most have none)."""
        if self.start < 0:
            return self.scalar.position
        first = self.words[0]
        return self.scalar.locate(first, self.scalar.value[: self.start].count(first))


class Block(Struct, frozen=True):
    """A paragraph, list item, note or the summary, as sentences."""

    kind: str
    sentences: tuple[Sentence, ...]
    position: Position

    @property
    def words(self) -> int:
        return sum(len(sentence.words) for sentence in self.sentences)


class Part(Struct, frozen=True):
    """The summary, or one section: its title, where it starts, and its prose blocks."""

    title: str
    position: Position
    blocks: tuple[Block, ...]


def prose(root: Node) -> list[Part]:
    """The prose of a validated handout tree, part by part in reading order."""
    if not isinstance(root, Mapping):
        return []
    parts: list[Part] = []
    summary = root.get("summary")
    if isinstance(summary, Scalar):
        parts.append(Part("(summary)", summary.position, (block(summary, "summary"),)))
    sections = root.get("sections")
    for section in sections.items if isinstance(sections, Sequence) else ():
        if isinstance(section, Mapping) and isinstance(heading := section.get("heading"), Scalar):
            blocks = tuple(_blocks(section.get("blocks")))
            parts.append(Part(plain_text(parse_inline(heading.value)[0]), heading.position, blocks))
    return parts


def _blocks(node: Node | None, paragraph: str = "paragraph") -> list[Block]:
    found: list[Block] = []
    for item in node.items if isinstance(node, Sequence) else ():
        if isinstance(item, Scalar):
            found.append(block(item, paragraph))
        elif isinstance(item, Mapping):
            note = item.get("note")
            if isinstance(note, Scalar):
                found.append(block(note, "note"))
            elif isinstance(note, Sequence):  # a note's blocks: its paragraphs and lists are prose
                found.extend(_blocks(note, "note"))
            for key in ("bullets", "steps"):
                found.extend(_items(item.get(key)))
            found.extend(_visual(item))
    return found


def _visual(item: Mapping) -> list[Block]:
    """The prose of figures, tables, checklists and terms: captions, cells, items and definitions."""
    found: list[Block] = []
    for figure in figures_of(item):
        if isinstance(caption := figure.get("caption"), Scalar):
            found.append(block(caption, "caption"))
    table = item.get("table")
    if isinstance(table, Mapping):
        if isinstance(caption := table.get("caption"), Scalar):
            found.append(block(caption, "caption"))
        for row in _listed(table.get("rows")):
            found.extend(block(cell, "table cell") for cell in _listed(row) if _has_text(cell))
    checklist = item.get("checklist")
    if isinstance(checklist, Mapping):
        found.extend(block(entry, "checklist item") for entry in _listed(checklist.get("items")) if _has_text(entry))
    for term in _listed(item.get("terms")):
        if isinstance(term, Mapping) and isinstance(definition := term.get("definition"), Scalar):
            found.append(block(definition, "definition"))
    return found


def figures_of(block: Mapping) -> list[Mapping]:
    """The figure mappings of a block: its ``figure``, or each of its ``figures``."""
    found = [block.get("figure"), *_listed(block.get("figures"))]
    return [figure for figure in found if isinstance(figure, Mapping)]


def _listed(node: Node | None) -> tuple[Node, ...]:
    return node.items if isinstance(node, Sequence) else ()


def _has_text(node: Node) -> TypeGuard[Scalar]:
    return isinstance(node, Scalar) and node.kind != "null" and bool(node.value.strip())


def _items(node: Node | None) -> list[Block]:
    found: list[Block] = []
    for item in node.items if isinstance(node, Sequence) else ():
        if isinstance(item, Scalar):
            found.append(block(item, "list item"))
        elif isinstance(item, Mapping):
            text = item.get("text")
            if isinstance(text, Scalar):
                found.append(block(text, "list item"))
            for key in ("bullets", "steps"):
                found.extend(_items(item.get(key)))
    return found


def block(scalar: Scalar, kind: str) -> Block:
    """A text value as sentences, each placed at its first word in the source file."""
    text = " ".join(plain_text(parse_inline(scalar.value)[0]).split())
    masked = _NOT_PROSE.sub(lambda m: " " * len(m.group()), scalar.value)
    sentences: list[Sentence] = []
    cursor = 0
    for piece in split_sentences(text):
        words = tuple(words_in(piece))
        if not words:
            continue
        start = masked.find(words[0], cursor)
        if start >= 0:
            cursor = start + len(words[0])
        sentences.append(Sentence(piece, words, scalar, start))
    return Block(kind, tuple(sentences), scalar.position)


def split_sentences(text: str) -> list[str]:
    """Sentences of one block of text; a block always ends a sentence, punctuated or not."""
    pieces = _SENTENCE_END.split(text.strip())
    merged: list[str] = []
    for piece in pieces:
        if merged and merged[-1].endswith(_ABBREVIATIONS):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return [piece for piece in merged if piece]
