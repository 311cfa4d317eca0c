"""Parse inline text: **bold**, *italic*, [text](url), [@id; @id2] and backslash escapes.

Everything else is literal: '<', '&', a lone '*' or '[' print as typed. The parser never fails;
it returns model inlines and a list of problems (offset, the offending text, the message).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from msgspec import Struct

from .model import Citation, Emphasis, Field, Inline, Inlines, Link, Strong, Text

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_ESCAPABLE = "\\*[]@{}"
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # as RFC 3986 spells a scheme
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CITE_ID = re.compile(r"@([\w][\w:.#$%&+?<>~/-]*)")  # a cited id; the library fingerprint reads them off the text too
_URL = re.compile(r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*")
# Deeper nesting of ** and * than any text needs prints literally, so no input can exhaust the stack.
MAX_NESTING = 16


class Problem(Struct, frozen=True):
    """Something wrong in inline text: where it starts, what it says there, and the message."""

    offset: int
    needle: str
    message: str


class Parsed(Struct, frozen=True):
    """Inlines parsed from one text, its problems, and each cited id with the offset of its '@'."""

    inlines: Inlines
    problems: tuple[Problem, ...]
    cited: tuple[tuple[str, int], ...]


def parse_inline(source: str) -> tuple[Inlines, list[Problem]]:
    """Parse one text value into inlines; problems are returned, never raised."""
    parsed = parse_located(source)
    return parsed.inlines, list(parsed.problems)


@lru_cache(maxsize=4096)
def parse_located(source: str) -> Parsed:
    """Parse one text value, keeping where each citation's ids are so that errors can point at them.

    Cached: validation, the field and prose checks all read the same values (results are frozen).
    """
    parser = _Parser(source)
    result = parser.run(0, None, in_link=False)
    assert result is not None  # without a closer the parser always reaches the end
    return Parsed(tuple(result[0]), tuple(parser.problems), tuple(parser.cited))


def url_scheme(url: str) -> str:
    """The scheme of an address in lower case ('https'), or '' when it has none."""
    found = _SCHEME.match(url)
    return found.group(1).lower() if found else ""


def check_url(url: str) -> str | None:
    """Why ``url`` may not be linked, or None when it is a safe, absolute address."""
    scheme = url_scheme(url)
    if scheme not in ALLOWED_SCHEMES:
        found = f"the scheme '{scheme}:'" if scheme else "no scheme"
        return f"link address '{url}' has {found}, which is not allowed; use a full http, https, mailto or tel address"
    if scheme not in ("http", "https"):
        return None
    try:
        host = urlsplit(url).netloc
    except ValueError:  # brackets around something that is no IPv6 address: https://[x]/
        return f"link address '{url}' has brackets in its host name; write [ as %5B and ] as %5D"
    return None if host else f"link address '{url}' has no host name; write it as https://host/path"


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.problems: list[Problem] = []
        self.cited: list[tuple[str, int]] = []
        # Attempts that found no closer: the same attempt always fails again, so it is not repeated.
        # Without this, text with many unclosed '*' takes exponential time.
        self.failed: set[tuple[int, str, bool]] = set()
        self.depth = 0
        self.closers: dict[str, int] = {}  # closer -> the last place it could close
        self.closable = _closable(source)

    def run(self, i: int, closer: str | None, *, in_link: bool) -> tuple[list[Inline], int] | None:
        """Parse from ``i`` up to ``closer`` (None: the end); None when the closer never comes."""
        s = self.s
        out: list[Inline] = []
        buf: list[str] = []
        while i < len(s):
            if closer and s.startswith(closer, i) and self.closable[i]:
                _flush(buf, out)
                return out, i + len(closer)
            if s[i] == "\\" and i + 1 < len(s) and s[i + 1] in _ESCAPABLE:
                buf.append(s[i + 1])
                i += 2
                continue
            found = self.markup(i, in_link=in_link)
            if found is not None:
                _flush(buf, out)
                out.append(found[0])
                i = found[1]
                continue
            buf.append(s[i])
            i += 1
        if closer is not None:
            return None
        _flush(buf, out)
        return out, i

    def attempt(self, start: int, closer: str, *, in_link: bool) -> tuple[list[Inline], int] | None:
        """``run`` for an opened span or link label; a failed attempt leaves no problems behind."""
        key = (start, closer, in_link)
        if key in self.failed or self.depth >= MAX_NESTING or not self.closes_after(closer, start):
            return None
        kept = len(self.problems), len(self.cited)
        self.depth += 1
        result = self.run(start, closer, in_link=in_link)
        self.depth -= 1
        if result is None:
            self.failed.add(key)
            del self.problems[kept[0] :], self.cited[kept[1] :]
        return result

    def closes_after(self, closer: str, start: int) -> bool:
        """Whether ``closer`` could close anything at or after ``start``."""
        if closer not in self.closers:
            s = self.s
            self.closers[closer] = max(
                (j for j in range(len(s)) if s.startswith(closer, j) and self.closable[j]), default=-1
            )
        return self.closers[closer] >= start

    def markup(self, i: int, *, in_link: bool) -> tuple[Inline, int] | None:
        s = self.s
        if s.startswith("**", i):
            return self.span(i, "**", Strong, in_link=in_link)
        if s[i] == "*":
            return self.span(i, "*", Emphasis, in_link=in_link)
        if s[i] == "{" and (field := _FIELD.match(s, i)):
            return Field(field.group(1)), field.end()
        if s.startswith("[@", i) and not in_link:
            return self.citation(i)
        if s[i] == "[" and not in_link:
            return self.link(i)
        return None

    def span(
        self, i: int, mark: str, kind: type[Strong] | type[Emphasis], *, in_link: bool
    ) -> tuple[Inline, int] | None:
        start = i + len(mark)
        if start >= len(self.s) or self.s[start].isspace():
            return None
        result = self.attempt(start, mark, in_link=in_link)
        if result is None or not result[0]:
            return None
        return kind(tuple(result[0])), result[1]

    def citation(self, i: int) -> tuple[Inline, int] | None:
        end = self.s.find("]", i)
        if end < 0:
            return None
        raw_parts = self.s[i + 1 : end].split(";")
        split = [part.partition(",") for part in raw_parts]  # '@id, p. 12': the id, and its locator after the comma
        ids = [CITE_ID.fullmatch(head.strip()) if "@" not in rest else None for head, _, rest in split]
        needle = self.s[i : end + 1]
        if not all(ids):
            self.problems.append(
                Problem(i, needle, f"malformed citation '{needle}'; write [@id], [@id1; @id2] or [@id, p. 12]")
            )
            return Text(needle), end + 1
        locators = [page_locator(rest) for _, _, rest in split]
        if None in locators:
            self.problems.append(
                Problem(i, needle, f"the citation '{needle}' cites something other than pages; write [@id, p. 12] "
                        "or [@id, pp. 12-14], or put the rest in the sentence")
            )  # fmt: skip
            return Text(needle), end + 1
        offset = i + 1
        for part, found in zip(raw_parts, ids, strict=True):
            if found is not None:
                self.cited.append((found.group(1), offset + part.index("@")))
            offset += len(part) + 1
        located = tuple(locator or "" for locator in locators)
        return Citation(tuple(m.group(1) for m in ids if m), locators=located if any(located) else ()), end + 1

    def link(self, i: int) -> tuple[Inline, int] | None:
        label = self.attempt(i + 1, "]", in_link=True)
        if label is None or not label[0] or not self.s.startswith("(", label[1]):
            return None
        url_start = label[1] + 1
        url = _URL.match(self.s, url_start)
        end = url.end() if url else url_start
        if not self.s.startswith(")", end) or end == url_start:
            return None
        address = self.s[url_start:end]
        problem = check_url(address)
        if problem is not None:
            self.problems.append(Problem(i, self.s[i : end + 1], problem))
            return Text(self.s[i : end + 1]), end + 1
        return Link(tuple(label[0]), address), end + 1


def _closable(s: str) -> list[bool]:
    """For each index, whether a closer may start there: the run of '*' before it follows a non-space.

    The whole run counts, so the second star of an unclosed '**' after a space closes nothing.
    """
    closable = [False] * (len(s) + 1)
    for i in range(1, len(s) + 1):
        closable[i] = closable[i - 1] if s[i - 1] == "*" else not s[i - 1].isspace()
    return closable


def _flush(buf: list[str], out: list[Inline]) -> None:
    if buf:
        out.append(Text("".join(buf)))
        buf.clear()


_PAGES = re.compile(
    r"(?:(?:pp?\.?|pages?)\s*(?=[0-9A-Za-z])|(?=[0-9]))([0-9A-Za-z]+(?:\s*[-\u2013,]\s*[0-9A-Za-z]+)*)", re.IGNORECASE
)  # 'p. 12', 'pp. 12-14', 'pages 3, 5', or bare pages as pandoc reads them: '12', '12-14'


def page_locator(text: str) -> str | None:
    """A citation's locator as AMA prints it after the number: 'p. 12' -> 'p12', 'pp. 12-14' (or
    an en dash) -> 'pp12-14'; None for anything that is not pages ('' when there is none)."""
    text = text.strip()
    if not text:
        return ""
    found = _PAGES.fullmatch(text)
    if found is None:
        return None
    pages = re.sub(r"\s*([-\u2013,])\s*", lambda m: "-" if m.group(1) != "," else ",", found.group(1))
    return ("pp" if "-" in pages or "," in pages else "p") + pages


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, without markup (citations print as nothing)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Strong | Emphasis | Link):
            parts.append(plain_text(node.children))
    return "".join(parts)


def link_urls(inlines: Inlines) -> list[str]:
    """The address of every link in ``inlines``, as written."""
    urls: list[str] = []
    for node in inlines:
        if isinstance(node, Link):
            urls.append(node.url)
        elif isinstance(node, Strong | Emphasis):
            urls.extend(link_urls(node.children))
    return urls
