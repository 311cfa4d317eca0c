"""Turn a model Reference into its AMA (11th ed.) entry as a tuple of inline nodes."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from ..language.words import Words
from ..model import Emphasis, Inline, Inlines, Link, Name, PartialDate, Reference, Text

# AMA lists up to six names in full; a longer list is cut to three plus "et al".
_MAX_NAMES = 6
_NAMES_BEFORE_ET_AL = 3
_TERMINAL_PUNCTUATION = (".", "?", "!")

_EDITION_WORD = re.compile(r"(?:^|\s+)(?:ed|edn|edition)\.?$", re.IGNORECASE)
_EDITION_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th)?\.?", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def format_reference(ref: Reference, words: Words) -> Inlines:
    """Return the entry for ``ref`` without its number, italics and links included.

    ``words`` gives the fixed words and date forms of the handout's language.
    """
    if ref.text.strip():
        return _merge(_preformatted(ref))
    formatter = _FORMATTERS.get(ref.type, _webpage)
    parts = [part for part in formatter(ref, words) if _plain(part)]
    if not parts:
        # Better a visible id in the proof than a silently empty numbered entry.
        parts = [(Text(ref.id),)]
    entry: list[Inline] = []
    for part in parts:
        entry.extend((Text(" "), *_close(part)))
    return _merge(tuple(entry[1:]))


def _webpage(ref: Reference, w: Words) -> list[Inlines]:
    publisher = ref.publisher.strip()
    if publisher.casefold() == ref.container_title.strip().casefold():
        publisher = ""
    return [
        _text(_names(ref.authors, w)),
        _text(ref.title),
        _text(ref.container_title),
        _text(publisher),
        _dated("published", ref.issued, w),
        *_locator(ref, w),
    ]


def _chapter(ref: Reference, w: Words) -> list[Inlines]:
    authors = _names(ref.authors, w)
    editors = _editors(ref.editors, w)
    # Without chapter authors the editors take the lead, so "In:" must not repeat them.
    lead, in_editors = (authors, editors) if authors else (editors, "")
    book = _emphasis(ref.container_title)
    into = w.text("in")
    source = [_text(f"{into} {in_editors}"), book] if in_editors else [(Text(f"{into} "), *book) if book else ()]
    return [
        _text(lead),
        _text(ref.title),
        *source,
        _text(_edition(ref.edition, w)),
        _text(_imprint(ref, with_pages=True)),
        *_locator(ref, w),
    ]


def _book_or_report(ref: Reference, w: Words) -> list[Inlines]:
    # AMA gives books and reports one shape; only a report's number means "Report No.".
    number = _report_number(ref.number, w) if ref.type == "report" else ""
    return [
        _text(_names(ref.authors, w) or _editors(ref.editors, w)),
        _emphasis(ref.title),
        _text(number),
        _text(_edition(ref.edition, w)),
        _text(_imprint(ref)),
        *_locator(ref, w),
    ]


def _article(ref: Reference, w: Words) -> list[Inlines]:
    return [
        _text(_names(ref.authors, w)),
        _text(ref.title),
        _emphasis(ref.container_title),
        _text(_journal_citation(ref)),
        *_locator(ref, w),
    ]


_FORMATTERS: dict[str, Callable[[Reference, Words], list[Inlines]]] = {
    "webpage": _webpage,
    "post-weblog": _webpage,
    "chapter": _chapter,
    "book": _book_or_report,
    "article-journal": _article,
    "report": _book_or_report,
}


def _names(names: tuple[Name, ...], w: Words) -> str:
    printed = [text for text in map(_name, names) if text]
    if len(printed) > _MAX_NAMES:
        printed = [*printed[:_NAMES_BEFORE_ET_AL], w.text("et_al")]
    return ", ".join(printed)


def _editors(names: tuple[Name, ...], w: Words) -> str:
    listed = _names(names, w)
    if not listed:
        return ""
    plural = sum(1 for name in names if _name(name)) > 1
    return f"{listed}, {w.text('editors' if plural else 'editor')}"


def _name(name: Name) -> str:
    if name.literal.strip():
        return name.literal.strip()
    # AMA drops the period from "Jr." just as it does from initials.
    suffix = name.suffix.strip().rstrip(".")
    words = (name.particle, name.family, _initials(name.given), suffix)
    return " ".join(word.strip() for word in words if word.strip())


def _initials(given: str) -> str:
    initials = []
    for word in re.split(r"[\s.]+", given):
        # Short all-capital words ("JE", "A") are initials already.
        if word.isalpha() and word.isupper() and len(word) <= 3:
            initials.append(word)
            continue
        letters = (next((c for c in piece if c.isalpha()), "") for piece in word.split("-"))
        initials.append("-".join(letter.upper() for letter in letters if letter))
    return "".join(initials)


def _edition(raw: str, w: Words) -> str:
    edition = _EDITION_WORD.sub("", raw.strip()).strip()
    if not edition:
        return ""
    number = _EDITION_NUMBER.fullmatch(edition)
    if number:
        return w.edition(int(number.group(1)))
    return f"{edition} {w.text('editor')}"


def _year(date: PartialDate | None) -> str:
    if date is None or (date.year is None and not date.literal.strip()):
        return ""
    return date.literal.strip() or str(date.year)


def _imprint(ref: Reference, *, with_pages: bool = False) -> str:
    year = _year(ref.issued)
    page = ref.page.strip() if with_pages else ""
    when = f"{year}:{page}" if year and page else year or page
    return "; ".join(part for part in (ref.publisher.strip(), when) if part)


def _journal_citation(ref: Reference) -> str:
    year, volume = _year(ref.issued), ref.volume.strip()
    issue, page = ref.issue.strip(), ref.page.strip()
    located = volume + (f"({issue})" if issue else "")
    citation = f"{year};{located}" if year and located else year or located
    return f"{citation}:{page}" if citation and page else citation or page


def _report_number(number: str, w: Words) -> str:
    number = number.strip()
    # Numbers like "NIH Publication No. 12-345" already say what they are.
    if not number or re.search(r"\bno\b", number, re.IGNORECASE):
        return number
    return w.text("report_number", number=number)


def _locator(ref: Reference, w: Words) -> list[Inlines]:
    doi = _DOI_PREFIX.sub("", ref.doi.strip())
    if doi:
        # A DOI never goes stale, so AMA wants neither the URL nor an access date with it.
        target = "https://doi.org/" + quote(doi, safe="/:;()[]")
        return [(Link((Text(f"doi:{doi}"),), target),)]
    url = ref.url.strip()
    return [_dated("accessed", ref.accessed, w), (_link(url),) if url else ()]


def _dated(key: str, date: PartialDate | None, w: Words) -> Inlines:
    printed = w.date(date) if date is not None else ""
    return (Text(w.text(key, date=printed)),) if printed else ()


def _preformatted(ref: Reference) -> Inlines:
    text, url = ref.text.strip(), ref.url.strip()
    if not url:
        return (Text(text),)
    before, found, after = text.rstrip(".").rpartition(url)
    if found and not after:
        # The text already ends with the address: link it there instead of repeating it.
        return (Text(before), _link(url), Text(text[len(before) + len(url) :]))
    return (Text(f"{text} "), _link(url))


def _text(value: str) -> Inlines:
    return (Text(value.strip()),) if value.strip() else ()


def _emphasis(value: str) -> Inlines:
    return (Emphasis((Text(value.strip()),)),) if value.strip() else ()


def _link(url: str) -> Link:
    return Link((Text(url),), url)


def _close(part: Inlines) -> Inlines:
    # A period after an address would be read as part of it, so links end the entry bare.
    if isinstance(part[-1], Link) or _plain(part).endswith(_TERMINAL_PUNCTUATION):
        return part
    return (*part, Text("."))


def _plain(inlines: Inlines) -> str:
    return "".join(
        node.text if isinstance(node, Text) else _plain(node.children)
        for node in inlines
        if isinstance(node, (Text, Emphasis, Link))
    )


def _merge(inlines: Inlines) -> Inlines:
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + node.text)
                continue
        merged.append(node)
    return tuple(merged)
