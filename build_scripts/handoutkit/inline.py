"""Parse inline text: **bold**, *italic*, [text](url), [@id; @id2] and backslash escapes.

Everything else is literal: '<', '&', a lone '*' or '[' print as typed. The parser never fails;
it returns model inlines and a list of problems (offset, the offending text, the message).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .model import Citation, Emphasis, Inline, Inlines, Link, Strong, Text

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_ESCAPABLE = "\\*[]@"
_CITE_ID = re.compile(r"@([\w][\w:.#$%&+?<>~/-]*)")
_URL = re.compile(r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*")


@dataclass(frozen=True)
class Problem:
    """Something wrong in inline text: where it starts, what it says there, and the message."""

    offset: int
    needle: str
    message: str


def parse_inline(source: str) -> tuple[Inlines, list[Problem]]:
    """Parse one text value into inlines; problems are returned, never raised."""
    parser = _Parser(source)
    result = parser.run(0, None, in_link=False)
    assert result is not None  # without a closer the parser always reaches the end
    return tuple(result[0]), parser.problems


def check_url(url: str) -> str | None:
    """Why ``url`` may not be linked, or None when it is a safe, absolute address."""
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme not in ALLOWED_SCHEMES:
        found = f"the scheme '{scheme}:'" if scheme else "no scheme"
        return f"link address '{url}' has {found}, which is not allowed; use a full http, https, mailto or tel address"
    if scheme in ("http", "https") and not urlsplit(url).netloc:
        return f"link address '{url}' has no host name; write it as https://host/path"
    return None


class _Parser:
    def __init__(self, source: str) -> None:
        self.s = source
        self.problems: list[Problem] = []

    def run(self, i: int, closer: str | None, *, in_link: bool) -> tuple[list[Inline], int] | None:
        """Parse from ``i`` up to ``closer`` (None: the end); None when the closer never comes."""
        s = self.s
        out: list[Inline] = []
        buf: list[str] = []
        while i < len(s):
            if closer and s.startswith(closer, i) and i > 0 and not s[i - 1].isspace():
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

    def markup(self, i: int, *, in_link: bool) -> tuple[Inline, int] | None:
        s = self.s
        if s.startswith("**", i):
            return self.span(i, "**", Strong, in_link=in_link)
        if s[i] == "*":
            return self.span(i, "*", Emphasis, in_link=in_link)
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
        result = self.run(start, mark, in_link=in_link)
        if result is None or not result[0]:
            return None
        return kind(tuple(result[0])), result[1]

    def citation(self, i: int) -> tuple[Inline, int] | None:
        end = self.s.find("]", i)
        if end < 0:
            return None
        parts = [part.strip() for part in self.s[i + 1 : end].split(";")]
        ids = [_CITE_ID.fullmatch(part) for part in parts]
        if not all(ids):
            needle = self.s[i : end + 1]
            self.problems.append(Problem(i, needle, f"malformed citation '{needle}'; write [@id] or [@id1; @id2]"))
            return Text(needle), end + 1
        return Citation(tuple(m.group(1) for m in ids if m)), end + 1

    def link(self, i: int) -> tuple[Inline, int] | None:
        label = self.run(i + 1, "]", in_link=True)
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


def _flush(buf: list[str], out: list[Inline]) -> None:
    if buf:
        out.append(Text("".join(buf)))
        buf.clear()


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, without markup (citations print as nothing)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Strong | Emphasis | Link):
            parts.append(plain_text(node.children))
    return "".join(parts)
