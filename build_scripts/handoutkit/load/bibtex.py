"""Read a BibTeX file into CSL entries: positioned trees shaped as CSL-JSON, placed in the .bib file.

bibtexparser (2.x) splits the file into entries and fields, with each one's line; the columns
are found here, in the entry's own lines, so that a problem with a field points at it. Each
field's value, as written, is read here as BibTeX reads it (``read_value``: braces, quotes, '#'
and @string macros), which also tells a value from the next field when a comma is missing. Each
entry becomes the positioned tree of the CSL-JSON entry it stands for (its keys and values at the
fields they come from), which validation reads as it reads CSL-JSON: types and fields mapped as
pandoc and Better BibTeX map them, names split by BibTeX's rules ("Last, First and ..."; a name in
braces, ``{World Health Organization}``, is an organisation), LaTeX (``{\\"u}``, ``\\&``) read as text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, ImplicitComment, ParsingFailedBlock, String
from msgspec import Struct, structs

from ..diagnostics import Position, Report
from .tree import Mapping, Node, Scalar, Sequence

# bibtexparser logs what it cannot parse; each such block is reported here, at its line, instead.
_LOG = logging.getLogger("bibtexparser")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False

# BibTeX and biblatex entry types, and the CSL type each is (pandoc's and Better BibTeX's mapping).
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "collection": "book",
    "proceedings": "book",
    "manual": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "inreference": "entry-encyclopedia",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "periodical": "periodical",
    "dataset": "dataset",
    "software": "software",
    "video": "motion_picture",
    "movie": "motion_picture",
    "audio": "song",
    "standard": "standard",
}
MISC = "misc"  # a web page when it has an address, else a document
THESES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
# Fields copied as text, and the CSL variable each fills. 'number' depends on the type (below).
TEXT_FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "journal": "container-title",
    "journaltitle": "container-title",
    "shortjournal": "container-title-short",
    "booktitle": "container-title",
    "series": "collection-title",
    "volume": "volume",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "chapter": "chapter-number",
    "note": "note",
    "abstract": "abstract",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "language": "language",
    "keywords": "keyword",
    "type": "genre",
    "issue": "issue",
    "eventtitle": "event-title",
    "venue": "event-place",
}
# biblatex's dates, and the CSL variable each fills (a meeting's days print as a range).
DATE_FIELDS = {"date": "issued", "urldate": "accessed", "eventdate": "event-date"}
# Publishers by another name, used when there is no 'publisher'.
PUBLISHERS = ("institution", "school", "organization")
VERBATIM = {"doi": "DOI", "url": "URL"}  # addresses: no LaTeX ('%' and '_' are theirs)
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
            ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
            ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_LATEX = re.compile(r"[\\{}$~%&#^_`']|--")
_LEFT_OUT = re.compile(r"\s*,\s*(?:%[^\n]*\n\s*)*([A-Za-z][\w:-]*)\s*=")  # comment lines between
_FIELD_START = re.compile(r"([A-Za-z][\w:-]*)\s*=")
_MONTH = re.compile(r"\s*([a-z]+|\d+)\.?")
_DAY_AFTER = re.compile(r"[\s~\xa0.,]*([0-3]?[0-9])\s*", re.ASCII)
_SEASON = re.compile(r"(?i)\s*(?:spring|summer|autumn|fall|winter)\b")
_LOOSE_AND = re.compile(r"^\s*and\s+|\s+and\s*$")  # 'Smith, J and', 'and and': an 'and' with no name
_TOKEN = re.compile(r"[^\s#{}\"]+")
_NO_KEY_COMMA = re.compile(r"Expected comma after entry key, but found (\S+)")
_ENTRY_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()=]+)\s*(?:,|\s|$)")  # its key: ',' may be missing
_SPACES = re.compile(r"[ \t\r\n]+")  # ASCII white space: a '~' is a no-break space, and stays one
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
# A '%' or '&' not escaped: LaTeX's comment and column marks, but in a field they are what they say
# ("50% in a year", "Diabetes & Metabolism"), as BibTeX itself copies them.
_BARE = re.compile(r"(?<!\\)[%&]")


class BibEntry(Struct, frozen=True):
    """One entry of a .bib file: its key, its CSL tree (None when it cannot be read) and where it starts."""

    key: str
    node: Mapping | None
    position: Position
    problem: str = ""  # why it cannot be read (or not all of it), said when a handout cites it
    problem_at: Position | None = None  # where that problem is (else ``position``)
    raw: str = ""  # the entry as written, for its fingerprint


def parse(text: str, path: str, report: Report) -> list[BibEntry]:
    """The entries of a .bib file's ``text``; what stops a whole block being read is an entry's problem
    when its key can be told, else an error of the file."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    library = parse_string(text, parse_stack=[])  # values as written: read below, with their '#' and macros
    strings: dict[str, str] = {}
    found: list[BibEntry] = []
    previous: object = None
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
            block = block.ignore_error_block  # a duplicate key is judged with the others, by what cites it
        if isinstance(block, String):
            strings[block.key.lower()] = read_value(str(block.value), strings)[0]
        elif isinstance(block, Entry):
            glued = {}
            for field in block.fields:
                field.value, after = read_value(str(field.value), strings)
                if after is not None:
                    glued[field.key.lower()] = after
            found.append(_Converter(path, lines, block, glued).convert())
        elif isinstance(block, ParsingFailedBlock):
            found.extend(_failed(block, path, lines, report))
        elif isinstance(block, ImplicitComment) and isinstance(previous, Entry) and found:
            found[-1] = _cut_short(found[-1], block, path, lines)
        previous = block
    return found


def _cut_short(entry: BibEntry, block: ImplicitComment, path: str, lines: list[str]) -> BibEntry:
    """``entry`` with a problem when the text after it holds its last fields (``, year = 2020, }``):
    a '}' too many closed it before them, and BibTeX reads them as a comment."""
    comment = block.comment or ""
    field = _LEFT_OUT.match(comment)
    if field is None or entry.problem or entry.node is None:
        return entry
    line = (block.start_line or 0) + 1 + comment.count("\n", 0, field.start(1))
    problem = f"BibTeX entry '{entry.key}': a '}}' too many ends it before its field '{field.group(1)}'"
    return structs.replace(
        entry, problem=problem, problem_at=Position(path, line, _column(lines, line, field.group(1)))
    )


def _failed(block: ParsingFailedBlock, path: str, lines: list[str], report: Report) -> list[BibEntry]:
    raw = block.raw or ""
    line = (block.start_line or 0) + 1
    start = _ENTRY_START.search(raw)
    if start is not None and start.group(1).lower() in ("string", "comment", "preamble"):
        start = None  # no entry: an error of the file
    column = _column(lines, line, "@")
    where = Position(path, line, column)
    problem = _problem(block.error)
    if start is None:
        form = "" if "'@type{key,'" in problem else "; an entry starts '@type{key,' and ends with '}'"
        report.error(where, f"BibTeX syntax error: {problem}{form}")
        return []
    message = f"BibTeX entry '{start.group(2)}' cannot be read: {problem}"
    return [BibEntry(start.group(2), None, where, message, raw=raw)]


def _problem(error: Exception) -> str:
    """bibtexparser's reason, in one line and in our words, without its advice to programmers."""
    reason = getattr(error, "abort_reason", None)
    text = " ".join((reason if isinstance(reason, str) else str(error)).split()).split(" Note: ")[0]
    if (found := _NO_KEY_COMMA.match(text)) is not None:
        return f"there is no comma after its key (found '{found.group(1)}'); an entry starts '@type{{key,'"
    if text.startswith("Unexpected block start"):
        return "a value is still open at the next '@' (check its braces and quotes, and the commas between fields)"
    if text.startswith("Unexpectedly reached end of file"):
        return "a value is still open at the end of the file (check its braces and quotes)"
    if not text:
        return "it cannot be read (check its braces, quotes and commas)"
    return text.rstrip(".") + " (check its braces, quotes and commas)"


def _column(lines: list[str], line: int, needle: str) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    at = text.find(needle)
    return at + 1 if at >= 0 else 1


class _Converter:
    """One parsed entry as the positioned tree of its CSL entry."""

    def __init__(self, path: str, lines: list[str], entry: Entry, glued: dict[str, str]) -> None:
        self.glued = glued  # a field's name -> the field written after its value with no comma between
        self.path = path
        self.lines = lines
        self.entry = entry
        self.line = (entry.start_line or 0) + 1
        self.start = Position(path, self.line, _column(lines, self.line, "@"))
        self.items: list[tuple[Scalar, Node]] = []
        self.problem = ""
        self.problem_at: Position | None = None

    def convert(self) -> BibEntry:
        entry = self.entry
        kind = entry.entry_type.lower()
        fields = {field.key.lower(): field for field in entry.fields}
        key_position = self._key_position(entry.key)
        self._add("id", entry.key, key_position)
        csl_type = TYPES.get(kind) or ("webpage" if _address(fields) else "document")
        self._add("type", csl_type, self.start)
        for name, field in fields.items():
            self._field(kind, name, field, fields)
        if kind in THESES and "type" not in fields:
            self._add("genre", THESES[kind], self.start)
        if "url" not in fields and (address := _address(fields)):
            self._add("URL", address, self._value_position(fields["howpublished"]))
        if "issued" not in {key.value for key, _ in self.items}:
            self._date(fields)
        node = Mapping(tuple(self.items), self.start)
        raw = entry.raw or ""
        problem = f"BibTeX entry '{entry.key}': {self.problem}" if self.problem else ""
        return BibEntry(entry.key, node, self.start, problem, self.problem_at, raw)

    def _field(self, kind: str, name: str, field: Field, fields: dict[str, Field]) -> None:
        value = _text(field)
        if value is None or not value.strip():
            return
        where = self._value_position(field)
        if (glued := self.glued.get(name)) is not None:  # title = {T}  year = {2020}: one value to BibTeX
            self._problem(f"there is no comma after the value of '{name}', before '{glued}'", where)
            return
        if name in NAME_FIELDS:
            self._names(NAME_FIELDS[name], value, field, where)
        elif name in VERBATIM:
            self._add(VERBATIM[name], _unwrap_url(value).strip(), where, field)
        elif name == "pages":
            self._add("page", _latex(value.replace("--", "-")), where, field)
        elif name == "number":
            variable = {"article-journal": "issue", "report": "number", "patent": "number"}.get(
                TYPES.get(kind, ""), "collection-number" if "series" in fields else "number"
            )
            self._add(variable, _latex(value), where, field)
        elif name in DATE_FIELDS:  # a range (2024-01/2024-03) as written: validation reads it
            self._add(DATE_FIELDS[name], value.strip(), where, field)
        elif name == "eid":  # an article's e-locator (e2024017), printed where its pages would be
            if TYPES.get(kind) == "article-journal" or "number" not in fields:  # a report's own number wins
                self._add("number", _latex(value), where, field)
        elif name == "howpublished":  # an address is the URL (above); other text, how it was published
            if not _address(fields) and not any(other in fields for other in ("publisher", *PUBLISHERS)):
                self._add("publisher", _latex(value), where, field)
        elif name in PUBLISHERS:  # the publisher when there is no 'publisher' (the first of them)
            if "publisher" not in fields and not any(other in fields for other in PUBLISHERS[: PUBLISHERS.index(name)]):
                self._add("publisher", _latex(value), where, field)
        elif name in TEXT_FIELDS:
            variable = TEXT_FIELDS[name]
            if variable == "container-title" and any(key.value == variable for key, _ in self.items):
                return  # journal and journaltitle, or booktitle beside them: the first one
            self._add(variable, _latex(value), where, field)

    def _problem(self, message: str, where: Position) -> None:
        """The entry's first problem, and where it is: later ones are found once that one is fixed."""
        if not self.problem:
            self.problem, self.problem_at = message, where

    def _date(self, fields: dict[str, Field]) -> None:
        year_field = fields.get("year")
        year = _text(year_field) if year_field is not None else None
        if year_field is None or year is None or not year.strip():
            return
        where = self._value_position(year_field)
        parts = [year.strip()]
        month_field = fields.get("month")
        written = (_text(month_field) or "").strip() if month_field is not None else ""
        if written and month_field is not None:
            month, day = _month_and_day(written)
            if month is None:
                if not _SEASON.match(written):  # 'Spring': the year is what AMA prints
                    self._problem(
                        f"'month' '{written}' is not a month; write e.g. jun or 6", self._value_position(month_field)
                    )
            else:
                parts.append(f"{month:02d}")
                day_field = fields.get("day")
                day_text = (_text(day_field) or "").strip() if day_field is not None else ""
                if day_text.isascii() and day_text.isdigit():
                    day = int(day_text)
                if day is not None:
                    parts.append(f"{day:02d}")
        if parts[0].isascii() and parts[0].isdigit() and len(parts[0]) == 4:
            self._add("issued", "-".join(parts), where, year_field)
        else:  # 'in press', 'n.d.', '2020a': printed as written
            key = Scalar("issued", "str", self._key_of(year_field))
            literal = Scalar("literal", "str", where)
            value = Mapping(((literal, Scalar(_latex(year), "str", where)),), where)
            self.items.append((key, value))

    def _names(self, variable: str, value: str, field: Field, where: Position) -> None:
        people: list[Node] = []
        split = split_multiple_persons_names(_LOOSE_AND.sub("", value))
        written_names = [name for name in (_LOOSE_AND.sub("", written) for written in split) if name.strip()]
        for index, written in enumerate(written_names):
            if written.strip() == "others":  # 'and others': a name "others", as pandoc writes it ("et al")
                if index == len(written_names) - 1 and index > 0:  # only last, after a name, says so
                    people.append(Mapping(((Scalar("literal", "str", where), Scalar("others", "str", where)),), where))
                continue
            try:
                parts = parse_single_name_into_parts(written, strict=True)
            except InvalidNameError as exc:
                self._problem(f"the name '{written.strip()}' in '{variable}': {exc.reason}", where)
                continue
            people.append(self._person(parts.first, parts.von, parts.last, parts.jr, where))
        if people:
            key = Scalar(variable, "str", self._key_of(field))
            self.items.append((key, Sequence(tuple(people), where)))

    def _person(self, first: list[str], von: list[str], last: list[str], jr: list[str], where: Position) -> Mapping:
        def scalar(text: str) -> Scalar:
            return Scalar(text, "str", where)

        whole = " ".join(last)
        if not first and not von and not jr and len(last) == 1 and _braced(whole):
            return Mapping(((scalar("literal"), scalar(_latex(whole))),), where)  # {World Health Organization}
        parts = (("family", last), ("given", first), ("non-dropping-particle", von), ("suffix", jr))
        items = tuple((scalar(name), scalar(_latex(" ".join(words)))) for name, words in parts if words)
        return Mapping(items, where)

    def _add(self, variable: str, value: str, where: Position, field: Field | None = None) -> None:
        key_at = self._key_of(field) if field is not None else where
        self.items.append((Scalar(variable, "str", key_at), Scalar(value, "str", where)))

    def _key_position(self, key: str) -> Position:
        text = self.lines[self.line - 1] if self.line <= len(self.lines) else ""
        at = text.find(key, max(text.find("@"), 0))
        return Position(self.path, self.line, at + 1) if at >= 0 else self.start

    def _key_of(self, field: Field) -> Position:
        """Where a field's name is written."""
        line, name = _field_line(field) + 1, _field_key(field)
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        found = re.search(rf"(?<![\w-]){re.escape(name)}\s*=", text, re.IGNORECASE)
        return Position(self.path, line, found.start() + 1 if found else 1)

    def _value_position(self, field: Field) -> Position:
        """Where a field's value starts (after its '=')."""
        line, name = _field_line(field) + 1, _field_key(field)
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        found = re.search(rf"(?<![\w-]){re.escape(name)}\s*=\s*", text, re.IGNORECASE)
        if found is None:
            return self._key_of(field)
        return Position(self.path, line, found.end() + 1)


def _field_line(field: Field) -> int:
    line = getattr(field, "start_line", 0)
    return line if isinstance(line, int) else 0


def _field_key(field: Field) -> str:
    key = getattr(field, "key", "")
    return key if isinstance(key, str) else ""


def _text(field: Field) -> str | None:
    value = getattr(field, "value", None)
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _address(fields: dict[str, Field]) -> str:
    """A web address the entry gives, in 'url' or as '\\url{...}' (or bare) in 'howpublished'."""
    url = fields.get("url")
    if url is not None and (_text(url) or "").strip():
        return (_text(url) or "").strip()
    how = fields.get("howpublished")
    text = (_text(how) or "").strip() if how is not None else ""
    unwrapped = _unwrap_url(text).strip()
    return unwrapped if re.match(r"(?i)https?://\S+$", unwrapped) else ""


def _month_and_day(written: str) -> tuple[int | None, int | None]:
    """A BibTeX month (``jun``, ``June``, ``6``) and a day written after it (``jun # "~15"``); a
    range (``Jan-Feb``, ``1--2``) by its first month."""
    found = _MONTH.match(written.lower())
    if found is None:
        return None, None
    token = found.group(1)
    month = MONTHS.get(token) or (int(token) if token.isascii() and token.isdigit() and 1 <= int(token) <= 12 else None)
    day = _DAY_AFTER.fullmatch(written[found.end() :]) if month is not None else None
    return month, int(day.group(1)) if day else None


def read_value(written: str, strings: dict[str, str]) -> tuple[str, str | None]:
    """A field's value as BibTeX reads it: its parts in braces or quotes (those outer marks
    removed), numbers, and @string macros (by name, any case; a name not defined, such as a month's
    ``jun``, as written), joined where '#' joins them. Beside it, the name of a field written after
    the value with no comma between them (``{T}  year = {2020}``, which bibtexparser hands over as
    one value), else None."""
    parts: list[str] = []
    at, end = 0, len(written)
    while True:
        at = _skip_space(written, at)
        if at >= end:
            return "".join(parts), None
        if written[at] in '{"':
            close = _closing(written, at)
            if close < 0:  # not closed: bibtexparser would not have ended the value here
                return "".join(parts) + written[at:], None
            parts.append(written[at + 1 : close])
            at = close + 1
        else:
            token = _TOKEN.match(written, at)
            word = token.group() if token is not None else written[at]  # a stray '}' as itself
            parts.append(strings.get(word.lower(), word))
            at += len(word)
        at = _skip_space(written, at)
        if at < end and written[at] == "#":
            at += 1
            continue
        if at < end:
            field = _FIELD_START.match(written, at)
            if field is not None:
                return "".join(parts), field.group(1)
            return "".join(parts) + " " + written[at:].strip(), None
        return "".join(parts), None


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _closing(text: str, start: int) -> int:
    """The index of what closes the group opening at ``start`` (a brace, or a quote outside
    braces), or -1."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if text[start] == '"' and index > start and char == '"' and depth == 0:
            return index
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and text[start] == "{":
                return index
            if depth < 0:
                return -1
    return -1


def _unwrap_url(text: str) -> str:
    found = _URL_COMMAND.search(text)
    return found.group(1) if found else text


def _braced(text: str) -> bool:
    """Whether ``text`` is one group in braces, ``{...}``, from its first character to its last."""
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True


_decoder: Callable[[str], str] | None = None


def _latex(text: str) -> str:
    """BibTeX's LaTeX as the text it prints: ``{\\"u}`` is ü, ``\\&`` is &, braces only protect case."""
    text = _SPACES.sub(" ", text).strip(" ")
    if not _LATEX.search(text):
        return text
    text = _BARE.sub(lambda found: "\\" + found.group(0), text)
    global _decoder
    if _decoder is None:
        from pylatexenc.latex2text import LatexNodes2Text  # imported at the first LaTeX met: ~60 ms

        _decoder = LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text
    return _SPACES.sub(" ", _decoder(text)).strip(" ")
