"""Lines of text that need shaping or run right to left (Arabic, Devanagari), laid out by us.

ReportLab cannot set these scripts (its right-to-left support needs ``rlbidi``, which pip cannot
install, and its shaped glyphs copy out as private-use codes), so a line is made here, over
ReportLab's canvas and fonts:

1. **Levels**: the Unicode bidirectional algorithm (python-bidi's ``algorithm``) gives each
   character of the paragraph its embedding level; a line's trailing spaces take the paragraph's
   level (rule L1).
2. **Shaping**: each run of one level (and one face) is shaped by HarfBuzz (``uharfbuzz``) in its
   direction, once for the paragraph; a line takes the glyphs of its characters (lines break at
   spaces, where no letters join).
3. **Order on the page**: the line's runs are reordered for display (rule L2); HarfBuzz already
   gives a right-to-left run's glyphs from left to right.
4. **Copied text**: every glyph is drawn with a code of its own whose ToUnicode entry is the text
   it stands for, a cluster's characters shared among its glyphs in logical order (a conjunct's
   glyph maps to several; a mark of no advance is drawn as an outline, its characters going with
   the letter it sits on). The codes are written in an order that pypdf's extraction turns back
   into the logical text: it reads a text object in stream order, collects a run of right-to-left
   characters backwards, and ends a run at each strong character of the other direction and at a
   change of font, so each run of one face and direction is a text object of its own (ending one
   commits its text), a
   right-to-left one written from left to right ending at a strong right-to-left character,
   and a neutral piece that fits neither stands alone. Each cluster whose glyphs are not its
   characters one to one carries ``/ActualText`` too, for screen readers and the viewers that
   read it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from msgspec import Struct
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

_FIRST_PRIVATE = 0xE000  # codes handed to glyphs, per face (the Private Use Area; a face's own are skipped)
_LAST_PRIVATE = 0xF8FF


class Glyph(Struct, frozen=True):
    """One glyph of a shaped run: its id in the face, the first character of its cluster (an index
    into the paragraph's text), and its advance and offsets in points."""

    gid: int
    cluster: int
    advance: float
    dx: float
    dy: float


class Span(Struct, frozen=True):
    """Characters ``start`` to ``end`` of a paragraph, in one face and size, raised by ``rise``
    (a citation's number); ``extra`` is the caller's (a fragment, for its colour and link)."""

    start: int
    end: int
    font: str  # the registered ReportLab font name
    size: float
    rise: float = 0.0
    extra: Any = None


class Run(Struct, frozen=True):
    """A span's characters at one embedding level."""

    start: int
    end: int
    level: int
    span: Span

    @property
    def font(self) -> str:
        return self.span.font

    @property
    def size(self) -> float:
        return self.span.size


class Placed(Struct, frozen=True):
    """A glyph placed on its line (``x`` from the line's left end) with the text it copies as."""

    glyph: Glyph
    run: Run
    x: float
    text: str  # "" for a glyph drawn as an outline (its cluster's text went to its other glyphs)
    cluster_text: str  # the whole cluster's characters (for /ActualText)
    rtl: bool


class Line(Struct, frozen=True):
    """A laid-out line: its glyphs in the order they are written, and its width."""

    pieces: tuple[tuple[Placed, ...], ...]  # each one text object, in stream order
    width: float
    start: int  # its characters in the paragraph's text
    end: int


def levels(text: str, *, rtl: bool) -> list[int]:
    """The resolved embedding level of each character of ``text`` in a paragraph of direction ``rtl``."""
    from bidi import algorithm  # python-bidi's reference implementation, which gives the levels

    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    resolved = iter(int(char["level"]) for char in storage["chars"])
    # Rule X9 took out the embedding controls and the boundary neutrals (a zero-width space, say):
    # each keeps the level of the character before it.
    found: list[int] = []
    for char in text:
        if unicodedata.bidirectional(char) in _REMOVED:
            found.append(found[-1] if found else storage["base_level"])
        else:
            found.append(next(resolved))
    return found


_REMOVED = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})


@cache
def _harfbuzz(font: str) -> tuple[Any, int]:
    """HarfBuzz's font for a registered TrueType font, and its units per em."""
    import uharfbuzz

    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]  # a TrueType font's
    hb_face = uharfbuzz.Face(uharfbuzz.Blob(face._ttf_data))
    return uharfbuzz.Font(hb_face), hb_face.upem


def shape(text: str, run: Run, language: str) -> list[Glyph]:
    """The glyphs of ``run`` of ``text``, left to right as they are seen."""
    import uharfbuzz

    font, upem = _harfbuzz(run.font)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text, run.start, run.end - run.start)  # with its context, for joining at the ends
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if run.level % 2 else "ltr"
    if language:
        buffer.language = language
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
    scale = run.size / upem
    return [
        Glyph(
            info.codepoint,
            info.cluster,
            position.x_advance * scale,
            position.x_offset * scale,
            position.y_offset * scale,
        )
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ]


class Paragraph:
    """A paragraph's text, runs and glyphs, shaped once, from which lines of any width are taken."""

    def __init__(self, text: str, spans: Sequence[Span], *, rtl: bool, language: str) -> None:
        """``spans`` cover ``text`` in order."""
        self.text, self.rtl, self.language = text, rtl, language
        self.levels = levels(text, rtl=rtl)
        if rtl:
            _isolate_left_to_right(text, self.levels)
        self.runs = tuple(_split_at_levels(spans, self.levels))
        self.glyphs = [shape(text, run, language) for run in self.runs]
        self._advances = [0.0] * len(text)
        for glyphs in self.glyphs:
            for glyph in glyphs:
                self._advances[glyph.cluster] += glyph.advance

    def width_of(self, start: int, end: int) -> float:
        """The advance of characters ``start`` to ``end`` (a cluster's advance counts at its first character)."""
        return sum(self._advances[start:end])

    def lines(self, width: float) -> list[tuple[int, int]]:
        """Where lines of at most ``width`` break: after spaces; a word longer than the line stands alone."""
        lines: list[tuple[int, int]] = []
        line_start, used = 0, 0.0
        for word_start, word_end in _words(self.text):
            ink = self.width_of(word_start, word_start + len(self.text[word_start:word_end].rstrip()))
            if word_start > line_start and used + ink > width + 1e-6:
                lines.append((line_start, word_start))
                line_start, used = word_start, 0.0
            used += self.width_of(word_start, word_end)
        if line_start < len(self.text):
            lines.append((line_start, len(self.text)))
        return lines

    def line(self, start: int, end: int) -> Line:
        """Characters ``start`` to ``end`` as a line, its glyphs placed and ordered for copying."""
        content_end = len(self.text[:end].rstrip()) if self.text[start:end].strip() else end
        line_levels = list(self.levels)
        for index in range(content_end, end):  # rule L1: trailing white space at the paragraph's level
            line_levels[index] = 1 if self.rtl else 0
        pieces: list[tuple[Run, list[Glyph]]] = []
        for run, glyphs in zip(self.runs, self.glyphs, strict=True):
            if run.end <= start or run.start >= content_end:
                continue
            kept = [glyph for glyph in glyphs if start <= glyph.cluster < content_end]
            if kept:
                pieces.append((run, kept))
        visual = _reordered(pieces)
        seen: list[tuple[Glyph, Run, float]] = []
        x = 0.0
        for run, glyphs in visual:
            for glyph in glyphs:
                seen.append((glyph, run, x))
                x += glyph.advance
        return Line(tuple(_stream_order(_logical(self.text, seen, content_end))), x, start, end)


# Web and e-mail addresses, and numbers with separators (a phone number, a date): in a right-to-left
# paragraph they read left to right as a whole, as if isolated (the algorithm alone would put an
# address's final slash, or the parts of 555-0100 after an Arabic word, in right-to-left order).
_LEFT_TO_RIGHT = re.compile(
    r"(?:https?://|www\.)\S*[^\s.,;:!?)\]\u060c\u061b]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\+?[0-9][0-9().\-/]*[0-9]"
)


def _isolate_left_to_right(text: str, found: list[int]) -> None:
    for match in _LEFT_TO_RIGHT.finditer(text):
        for index in range(match.start(), match.end()):
            found[index] = max(found[index], 2)


def _split_at_levels(spans: Iterable[Span], found: list[int]) -> Iterable[Run]:
    for span in spans:
        begin = span.start
        for index in range(span.start + 1, span.end + 1):
            if index == span.end or found[index] != found[begin]:
                yield Run(begin, index, found[begin], span)
                begin = index


_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")  # no-break, figure and narrow no-break spaces


def _breaks_after(char: str) -> bool:
    return char.isspace() and char not in _NO_BREAK_SPACES


def _words(text: str) -> list[tuple[int, int]]:
    """Each word with the spaces after it (a line may break after a space, not after a no-break one)."""
    words: list[tuple[int, int]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (_breaks_after(text[index - 1]) and not _breaks_after(text[index])):
            words.append((start, index))
            start = index
    return words


def _reordered(pieces: list[tuple[Run, list[Glyph]]]) -> list[tuple[Run, list[Glyph]]]:
    """Rule L2: from the highest level down to the lowest odd one, reverse each stretch of runs at
    that level or higher (a right-to-left run's own glyphs are already in display order)."""
    if not pieces:
        return pieces
    order = list(pieces)
    highest = max(run.level for run, _ in order)
    lowest_odd = min((run.level for run, _ in order if run.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index][0].level >= level:
                end = index
                while end < len(order) and order[end][0].level >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


def _logical(text: str, seen: list[tuple[Glyph, Run, float]], end_of_line: int) -> list[Placed]:
    """The line's glyphs in logical order, each with the part of its cluster's characters it copies as.

    Clusters go in the order of their characters. Inside one, the glyphs go in an order that
    pypdf reads without a gap: left to right with its zero-width marks first (Devanagari), and for a
    right-to-left cluster (written backwards, see ``_stream_order``) right to left with its marks
    last. The cluster's characters are shared in that order, one to each glyph and the rest to the
    last; a glyph beyond its cluster's characters gets none and is drawn as an outline.
    """
    clusters: dict[int, list[tuple[Glyph, Run, float]]] = {}
    for item in seen:
        clusters.setdefault(item[0].cluster, []).append(item)
    starts = sorted(clusters)
    groups: list[tuple[int, int, list[tuple[Glyph, Run, float]]]] = []  # (start, end, glyphs)
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else end_of_line  # a ligature may take the last
        members = clusters[start]
        if groups and all(glyph.advance == 0 for glyph, _, _ in members):
            # marks that HarfBuzz keeps as a cluster of their own go with the letter they sit on
            first, _, before = groups[-1]
            groups[-1] = (first, end, before + members)
        else:
            groups.append((start, end, list(members)))
    placed: list[Placed] = []
    for start, end, members in groups:
        chars = text[start:end]
        rtl = bool(members[0][1].level % 2)
        if rtl:
            members.sort(key=lambda item: (item[0].advance == 0, -item[2]))
        else:
            members.sort(key=lambda item: (item[0].advance != 0, item[2]))
        # A mark (a glyph of no advance) on a letter copies as nothing of its own: the letter's
        # glyph copies as both, and the mark is drawn as an outline (written as text, its origin
        # inside the letter reads as a gap, and pypdf and pdfminer put a space there).
        spacing = [item for item in members if item[0].advance != 0] or members[:1]
        for index, (glyph, run, x) in enumerate(spacing):
            share = chars[index : index + 1] if index < len(spacing) - 1 else chars[index:]
            placed.append(Placed(glyph, run, x, share, chars, rtl))
        placed.extend(
            Placed(glyph, run, x, "", chars, rtl) for glyph, run, x in members if (glyph, run, x) not in spacing
        )
    return placed


# pypdf's classes (its _utils): right-to-left ranges, and neutral ones that join the run they are in.
_RTL = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))
_NEUTRAL = (
    ("\x00", "\x2f"), ("\x3a", "\x40"), ("\u0660", "\u066d"), ("\u06f0", "\u06f9"),
    ("\u2000", "\u206f"), ("\u20a0", "\u21ff"),
)  # fmt: skip


def copy_class(text: str) -> str:
    """How pypdf's extraction treats a glyph that copies as ``text``: ``R`` (a right-to-left
    character), ``L`` (any other single character) or ``N`` (neutral: punctuation, a space, or a
    glyph of several characters)."""
    if len(text) != 1:
        return "N"
    if any(low <= text <= high for low, high in _NEUTRAL):
        return "N"
    return "R" if any(low <= text <= high for low, high in _RTL) else "L"


def _stream_order(placed: list[Placed]) -> list[tuple[Placed, ...]]:
    """The line's glyphs as text objects in the order pypdf reads back as the logical text.

    Walking the glyphs in logical order: a right-to-left stretch (its characters and the neutral
    ones between them) is one text object written backwards, ending (as written) at a strong
    right-to-left character; a left-to-right stretch is one, starting at a strong character; a
    neutral piece that neither takes stands alone (alone, it copies the same in either direction).
    """
    objects: list[tuple[Placed, ...]] = []
    for same_face in _by_face([piece for piece in placed if piece.text]):
        objects.extend(_text_objects(same_face))
    outlines = tuple(piece for piece in placed if not piece.text)
    if outlines:
        objects.append(outlines)
    return objects


def _by_face(logical: list[Placed]) -> list[list[Placed]]:
    """Stretches of one face and size: pypdf ends its run at a change of font (Tf), as at ET."""
    stretches: list[list[Placed]] = []
    for piece in logical:
        face = (piece.run.span.font, piece.run.span.size)
        if stretches and (stretches[-1][-1].run.span.font, stretches[-1][-1].run.span.size) == face:
            stretches[-1].append(piece)
        else:
            stretches.append([piece])
    return stretches


def _text_objects(logical: list[Placed]) -> list[tuple[Placed, ...]]:
    objects: list[tuple[Placed, ...]] = []
    index = 0
    while index < len(logical):
        kind = copy_class(logical[index].text)
        if kind == "N":
            objects.append((logical[index],))
            index += 1
            continue
        end = index + 1
        last_strong = index
        while end < len(logical) and copy_class(logical[end].text) in (kind, "N"):
            if copy_class(logical[end].text) == kind:
                last_strong = end
            end += 1
        if kind == "R":  # it must end at its last strong character; the neutral ones after stand alone
            objects.append(tuple(reversed(logical[index : last_strong + 1])))
            index = last_strong + 1
        else:
            objects.append(tuple(logical[index:end]))
            index = end
    return objects


class GlyphCodes:
    """The code each (glyph, text) pair is drawn with in a face, and the text each code copies as.

    Codes are taken from the Private Use Area that the face does not use; the ToUnicode CMaps are
    then written with each code's text (``pdfua.ToUnicodeCleaner``), so the private codes never
    reach the PDF's copied text.
    """

    def __init__(self) -> None:
        self._codes: dict[tuple[str, int, str], int] = {}
        self.texts: dict[tuple[str, int], str] = {}  # (face name, code) -> text
        self._next: dict[str, int] = {}

    def code(self, font: str, gid: int, text: str) -> str:
        key = (font, gid, text)
        found = self._codes.get(key)
        if found is not None:
            return chr(found)
        ttf = pdfmetrics.getFont(font)
        assert isinstance(ttf, TTFont)
        face = ttf.face
        code = self._next.get(font, _FIRST_PRIVATE)
        while code in face.charToGlyph:
            code += 1
        if code > _LAST_PRIVATE:
            raise ValueError(f"more than {_LAST_PRIVATE - _FIRST_PRIVATE + 1} shaped glyphs in the font '{font}'")
        self._next[font] = code + 1
        face.charToGlyph[code] = gid
        face.charWidths[code] = face._pdfScale(face.hmetrics[gid][0])  # type: ignore[attr-defined]  # as embedded
        self._codes[key] = code
        self.texts[(_face_name(ttf), code)] = text
        return chr(code)


def _face_name(ttf: TTFont) -> str:
    name = ttf.face.name
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


CODES = GlyphCodes()


def draw_line(canvas: Canvas, line: Line, x: float, y: float) -> None:
    """Draw ``line`` with its left end at ``x`` on the baseline ``y`` (in a text object of its own)."""
    text = canvas.beginText()
    text._code.clear()  # type: ignore[attr-defined]  # not begun at the page's origin: pypdf reads that as a new line
    write_line(text, line, x, y, first=True)
    canvas.drawText(text)
    for placed in outlines(line):
        draw_outline(canvas, placed, x, y)


def write_line(
    text: PDFTextObject,
    line: Line,
    x: float,
    y: float,
    *,
    first: bool,
    before: Callable[[Placed], None] | None = None,
) -> None:
    """Write ``line``'s text objects into ``text``'s code (``first``: its code is empty so far), one
    after another ("ET BT" between them: ending one commits its text to pypdf's reading).
    ``before`` is told of each glyph before its code is written (a link starting, say)."""
    code: list[str] = text._code  # type: ignore[attr-defined]
    for piece in line.pieces:
        if not piece[0].text:
            continue  # outlines: drawn by ``draw_outline``
        if not first:
            code.extend(("ET", "BT"))
        first = False
        font = None
        color = None
        for placed in piece:
            span = placed.run.span
            if (span.font, span.size) != font:
                text.setFont(span.font, span.size)
                font = (span.font, span.size)
            fill = getattr(span.extra, "textColor", None)
            if fill is not None and fill != color:
                text.setFillColor(fill)
                color = fill
            text.setTextOrigin(x + placed.x + placed.glyph.dx, y + span.rise + placed.glyph.dy)
            if before is not None:
                before(placed)
            shaped = placed.text != placed.cluster_text or len(placed.text) > 1
            if shaped:
                code.append(f"/Span <</ActualText <{_utf16(placed.text)}>>> BDC")
            text.textOut(CODES.code(span.font, placed.glyph.gid, placed.text))
            if shaped:
                code.append("EMC")


def outlines(line: Line) -> list[Placed]:
    """The line's glyphs drawn as outlines (see ``_logical``)."""
    return [placed for piece in line.pieces if not piece[0].text for placed in piece]


def _utf16(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def draw_outline(canvas: Canvas, placed: Placed, x: float, y: float) -> None:
    """A glyph with no text of its own (its cluster's characters went to its other glyphs), as a path."""
    from fontTools.pens.basePen import BasePen
    from fontTools.ttLib import TTFont as FontFile

    face = pdfmetrics.getFont(placed.run.font).face  # type: ignore[attr-defined]  # a TrueType font's
    font = _font_file(face.filename, FontFile)
    glyphs = font.getGlyphSet()
    scale = placed.run.size / font["head"].unitsPerEm
    left, base = x + placed.x + placed.glyph.dx, y + placed.run.span.rise + placed.glyph.dy
    path = canvas.beginPath()

    def at(point: tuple[float, float]) -> tuple[float, float]:
        return left + point[0] * scale, base + point[1] * scale

    class _Pen(BasePen):  # type: ignore[misc]
        def _moveTo(self, point: tuple[float, float]) -> None:  # noqa: N802 - fontTools' names
            path.moveTo(*at(point))

        def _lineTo(self, point: tuple[float, float]) -> None:  # noqa: N802
            path.lineTo(*at(point))

        def _curveToOne(self, one: Any, two: Any, three: Any) -> None:  # noqa: N802
            path.curveTo(*at(one), *at(two), *at(three))

        def _closePath(self) -> None:  # noqa: N802
            path.close()

    glyphs[font.getGlyphName(placed.glyph.gid)].draw(_Pen(glyphs))  # quadratics come as cubics
    canvas.drawPath(path, stroke=0, fill=1)


@cache
def _font_file(path: str, opener: Any) -> Any:
    return opener(path, lazy=True)
