"""Turn a model Reference into its AMA (11th ed.) entry as a tuple of inline nodes."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from ..language.scripts import has_right_to_left
from ..language.words import Words
from ..model import Emphasis, Inline, Inlines, Link, Name, PartialDate, Reference, Text
from ..style.sheet import RIGHT_TO_LEFT

# AMA lists up to six names in full; a longer list is cut to three plus "et al".
_MAX_NAMES = 6
_NAMES_BEFORE_ET_AL = 3
_OTHERS = "others"  # the name that stands for BibTeX's "and others"
_TERMINAL_PUNCTUATION = (".", "?", "!")

_EDITION_WORD = re.compile(r"(?:^|\s+)(?:ed|edn|edition)\.?$", re.IGNORECASE)
_EDITION_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th)?\.?", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212]\s*")  # en dash, em dash, minus ... between pages
_VOLUME_WORD = re.compile(r"vol(?:ume)?\b", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"\d+[a-z]?")
_PUBLIC_LAW = re.compile(r"\d{2,3}-\d+")  # a Congress's number and the law's: 111-148
_VERSION = re.compile(r"(?:v|ver\.?|version)?\s*(\d.*)", re.IGNORECASE)
# A thesis's degree as entries write it (spaces, stops, apostrophes and hyphens removed, folded).
_DOCTORAL = frozenset(
    "phdthesis phddissertation doctoralthesis doctoraldissertation dissertation doctoral phd dphilthesis".split()
)
_MASTERS = frozenset("mastersthesis masterthesis mathesis msthesis mscthesis masters mastersdissertation".split())
# Not capitalised inside a title (AMA 3.9): articles, coordinating conjunctions, and prepositions
# of three letters or fewer ("With" and "From" are capitalised).
# "Up", "off" and "out" are capitalised: in a title they are mostly a verb's ("Follow Up", "Sort Out").
_MINOR_WORDS = frozenset("a an the and but or nor for so yet as at by in of on per to via vs".split())
_COMPOUND = re.compile(r"([-/])")
_HYPHEN = re.compile(r"(-)")
_LETTER_PREFIXED = re.compile(r"\W*[a-z]-[A-Z]")
_OPENING = "\"'([{\u2018\u201c"
_CLOSING = ".,:;?!\"')]}\u2019\u201d"


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
        _text(w.date(ref.issued) if ref.issued is not None else ""),  # bare: AMA 11 dropped "Published" (3.15.1)
        *_locator(ref, w),
    ]


def _chapter(ref: Reference, w: Words) -> list[Inlines]:
    authors = _names(ref.authors, w)
    editors = _editors(ref.editors, w)
    # Without chapter authors the editors take the lead, so "In:" must not repeat them.
    lead, in_editors = (authors, editors) if authors else (editors, "")
    book = _emphasis(_title_case(ref.container_title, ref, w))
    into = w.text("in")
    source = [_text(f"{into} {in_editors}"), book] if in_editors else [(Text(f"{into} "), *book) if book else ()]
    return [
        _text(lead),
        _text(ref.title),
        *source,
        _text(_volume(ref.volume, w)),
        _text(_edition(ref.edition, w)),
        _text(_imprint(ref, with_pages=True)),
        *_locator(ref, w),
    ]


def _book_or_report(ref: Reference, w: Words) -> list[Inlines]:
    # AMA 3.12 and 3.13.2: title, volume, edition, "Publisher; Year" (with the pages, when given);
    # a report's or document's number after them, as its issuer writes it (3.13.2: "Agency; 2022.
    # PAHO/HSS/HR/22-0012.").
    numbered = ref.type not in ("book", "collection", "classic", "periodical")
    return [
        _text(_names(ref.authors, w) or _editors(ref.editors, w)),
        _emphasis(_title_case(ref.title, ref, w)),
        _text(_volume(ref.volume, w)),
        _text(_edition(ref.edition, w)),
        _text(_imprint(ref, with_pages=True)),
        _text(_series_number(ref, w) if numbered else ""),
        *_locator(ref, w),
    ]


def _article(ref: Reference, w: Words) -> list[Inlines]:
    # AMA 3.11: the journal by its abbreviation; an article with no volume, issue or pages yet is
    # "Published online" with its date (3.11.2, e.g. "Nat Med. Published online July 7, 2016.").
    citation = _journal_citation(ref)
    if not any(value.strip() for value in (ref.volume, ref.issue, ref.page, ref.number)):
        when = w.date(ref.issued) if ref.issued is not None else ""
        citation = _kept_whole(w.text("published_online", date=when), ref, w) if when else ""
    return [
        _text(_names(ref.authors, w)),
        _text(ref.title),
        _emphasis(ref.container_title_short or ref.container_title),
        _text(citation),
        *_locator(ref, w),
    ]


def _in_work(ref: Reference, w: Words) -> list[Inlines]:
    """An entry of an encyclopedia or dictionary, or a paper in published proceedings: a part of a
    larger work, printed as a chapter is (AMA 3.12), except that without its own authors the entry's
    title leads and the work's editors stay after "In:" ("Paracetamol. In: Brayfield A, ed. ...")."""
    if ref.authors:
        return _chapter(ref, w)
    work = _emphasis(_title_case(ref.container_title, ref, w))
    editors = _editors(ref.editors, w)
    into = w.text("in")
    source = [_text(f"{into} {editors}"), work] if editors else [(Text(f"{into} "), *work) if work else ()]
    return [
        _text(ref.title),
        *source,
        _text(_volume(ref.volume, w)),
        _text(_edition(ref.edition, w)),
        _text(_imprint(ref, with_pages=True)),
        *_locator(ref, w),
    ]


def _presentation(ref: Reference, w: Words) -> list[Inlines]:
    """A paper, poster or talk given at a meeting (AMA 3.13.9): "Poster presented at: Meeting;
    June 20, 2004; Paris, France."; once published in proceedings, a part of that book."""
    if ref.container_title.strip():
        return _in_work(ref, w)
    presented = w.text("presented_at")
    genre = ref.genre.strip()
    if genre:  # "Poster presented at:"
        presented = f"{genre[:1].upper()}{genre[1:]} {presented[:1].lower()}{presented[1:]}"
    when = w.date_range(ref.event_date, ref.event_date_end) if ref.event_date is not None else ""
    if not when and ref.issued is not None:
        when = w.date(ref.issued)
    meeting = "; ".join(part for part in (ref.event_title.strip(), when, ref.event_place.strip()) if part)
    return [
        _text(_names(ref.authors, w)),
        _text(ref.title),
        _text(f"{presented} {meeting}" if meeting else ""),
        *_locator(ref, w),
    ]


def _thesis(ref: Reference, w: Words) -> list[Inlines]:
    """A thesis (AMA 3.13.4): the title in italics, the degree ("Dissertation" for a doctoral one,
    "Master's thesis"), the university; the year."""
    return [
        _text(_names(ref.authors, w)),
        _emphasis(_title_case(ref.title, ref, w)),
        _text(_degree(ref.genre, w)),
        _text(_imprint(ref)),
        *_locator(ref, w),
    ]


def _degree(genre: str, w: Words) -> str:
    """A thesis's degree in the handout's words when the entry names a doctoral or master's one
    ("PhD thesis", biblatex's "phdthesis" and "mathesis"), else as the entry gives it."""
    key = re.sub(r"[\s.'\u2019-]+", "", genre).casefold()
    if key in _DOCTORAL:
        return w.text("dissertation")
    if key in _MASTERS:
        return w.text("masters_thesis")
    genre = genre.strip()
    return genre[:1].upper() + genre[1:]


def _audiovisual(ref: Reference, w: Words) -> list[Inlines]:
    """A video, broadcast or podcast (AMA 3.14.1): its maker, the title with its medium in brackets,
    where it is shown (the site, programme or network), the full date, then the access date and
    address, as a web page has them."""
    makers = ref.authors or ref.directors
    medium = (ref.medium or ref.genre).strip()
    title = ref.title.strip()
    publisher = ref.publisher.strip()
    if publisher.casefold() == ref.container_title.strip().casefold():
        publisher = ""
    return [
        _text(_names(makers, w)),
        _text(f"{title} [{medium}]" if title and medium else title),
        _text(ref.container_title),
        _text(publisher),
        _text(w.date(ref.issued) if ref.issued is not None else ""),
        *_locator(ref, w),
    ]


def _dataset(ref: Reference, w: Words) -> list[Inlines]:
    """A data set or software: authors, title, version, the repository or publisher, the date, then
    the access date and address or DOI, as an online resource (AMA 3.15)."""
    version = ref.version.strip()
    numbered = _VERSION.fullmatch(version)
    if numbered:  # 2.1, v2.1, Version 2.1: "Version 2.1"; a name (Release Candidate) as given
        version = w.text("version", number=numbered.group(1))
    where = ref.publisher.strip() or ref.container_title.strip()
    return [
        _text(_names(ref.authors, w)),
        _text(ref.title),
        _text(version),
        _text(where),
        _text(w.date(ref.issued) if ref.issued is not None else ""),
        *_locator(ref, w),
    ]


def _legal(ref: Reference, w: Words) -> list[Inlines]:
    """A law, bill or court case, as AMA prints legal references (3.16, in the Bluebook's form):
    "Patient Protection and Affordable Care Act, Pub L No. 111-148, 124 Stat 119 (2010)." or
    "Name, 42 USC §1395 (2018)."; a case's name in italics (3.16.2), its court in the parentheses
    with the year: "*Rhoades v State*, 848 NW2d 22 (Iowa 2013)." A public law's bare number
    ("111-148") is given its "Pub L No."."""
    code = " ".join(
        part
        for part in (
            ref.volume.strip(),
            ref.container_title.strip(),
            _pages(ref.page) or (f"§{ref.section.strip().lstrip('§ ')}" if ref.section.strip() else ""),
        )
        if part
    )
    number = ref.number.strip()
    if ref.type == "legislation" and _PUBLIC_LAW.fullmatch(number):
        number = f"Pub L No. {number}"
    case = ref.type == "legal_case"
    court = ref.authority.strip() if case else ""
    year = " ".join(part for part in (court, _year(ref.issued)) if part)
    rest = ", ".join(part for part in (number, code) if part)
    if year and (rest or ref.title.strip()):
        rest = f"{rest} ({year})" if rest else f"({year})"
    title = ref.title.strip()
    name: Inlines = (Emphasis((Text(title),)),) if case and title else ((Text(title),) if title else ())
    if not name:
        return [_text(rest), *_locator(ref, w)]
    joined = (Text(", " if rest and not rest.startswith("(") else " "), Text(rest)) if rest else ()
    return [(*name, *joined), *_locator(ref, w)]


# The form each CSL type is printed in. Every CSL type has one; a type none of AMA's forms fits
# better is printed as an online resource (the web page's form: title, site, date, address).
_FORMATTERS: dict[str, Callable[[Reference, Words], list[Inlines]]] = {
    "webpage": _webpage,
    "post-weblog": _webpage,  # AMA 3.13.1, example 5: "Quartz blog. February 1, 2016."
    "post": _webpage,
    "article": _webpage,
    "article-magazine": _webpage,  # AMA 3.13.1: news and magazine articles online
    "article-newspaper": _webpage,
    "interview": _webpage,
    "personal_communication": _webpage,
    "figure": _webpage,
    "graphic": _webpage,
    "map": _webpage,
    "musical_score": _webpage,
    "song": _audiovisual,
    "motion_picture": _audiovisual,
    "broadcast": _audiovisual,
    "chapter": _chapter,
    "entry": _in_work,
    "entry-encyclopedia": _in_work,
    "entry-dictionary": _in_work,
    "paper-conference": _presentation,
    "speech": _presentation,
    "event": _presentation,
    "performance": _presentation,
    "thesis": _thesis,
    "book": _book_or_report,
    "collection": _book_or_report,
    "classic": _book_or_report,
    "periodical": _book_or_report,
    "report": _book_or_report,
    "document": _book_or_report,  # AMA 3.13.2: a government or agency document is a report
    "pamphlet": _book_or_report,
    "manuscript": _book_or_report,
    "standard": _book_or_report,
    "patent": _book_or_report,
    "hearing": _book_or_report,
    "article-journal": _article,
    "review": _article,
    "review-book": _article,
    "dataset": _dataset,
    "software": _dataset,
    "legislation": _legal,
    "bill": _legal,
    "regulation": _legal,
    "treaty": _legal,
    "legal_case": _legal,
}


def _names(names: tuple[Name, ...], w: Words) -> str:
    # A last name "others" is BibTeX's "and others" (as pandoc and citeproc read it): the list is
    # incomplete, and ends "et al" however short it is.
    others = bool(names) and names[-1].literal.strip() == _OTHERS
    printed = [text for text in map(_name, names) if text and text != _OTHERS]
    if len(printed) > _MAX_NAMES:
        printed = printed[:_NAMES_BEFORE_ET_AL]
        others = True
    return ", ".join([*printed, w.text("et_al")] if others and printed else printed)


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
        # A hyphenated given name gives an initial for each part, closed up: Fuk-Woo is FW (AMA 3.7).
        letters = (next((c for c in piece if c.isalpha()), "") for piece in word.split("-"))
        initials.append("".join(letter.upper() for letter in letters if letter))
    return "".join(initials)


def _edition(raw: str, w: Words) -> str:
    edition = _EDITION_WORD.sub("", raw.strip()).strip()
    if not edition:
        return ""
    number = _EDITION_NUMBER.fullmatch(edition)
    if number:
        return w.edition(int(number.group(1)))
    return w.text("edition_named", edition=edition)  # "Revised ed.", "Rev ed."


def _year(date: PartialDate | None) -> str:
    if date is None or (date.year is None and not date.literal.strip()):
        return ""
    return date.literal.strip() or str(date.year)


def _pages(page: str) -> str:
    """A page range as AMA prints it: with a hyphen (3.12: "Academic Press; 2013:99-105")."""
    return _DASHES.sub("-", page.strip())


def _imprint(ref: Reference, *, with_pages: bool = False) -> str:
    year = _year(ref.issued or ref.event_date)  # proceedings without their own date: the meeting's year
    page = _pages(ref.page) if with_pages else ""
    when = f"{year}:{page}" if year and page else year or page
    return "; ".join(part for part in (ref.publisher.strip(), when) if part)


def _journal_citation(ref: Reference) -> str:
    year, volume = _year(ref.issued), ref.volume.strip()
    issue = ref.issue.strip()
    page = _pages(ref.page) or ref.number.strip()  # an e-locator (e2024017) stands where pages would
    located = volume + (f"({issue})" if issue else "")
    citation = f"{year};{located}" if year and located else year or located
    return f"{citation}:{page}" if citation and page else citation or page


def _volume(volume: str, w: Words) -> str:
    """A book's volume, "Vol 32" (AMA 3.12.1); a volume that names itself ("Volume 2") as given."""
    volume = volume.strip()
    if not volume or _VOLUME_WORD.match(volume):
        return volume
    return w.text("volume", number=volume)


def _series_number(ref: Reference, w: Words) -> str:
    """A report's series and number (AMA 3.13.2: "National Health Statistics Reports no. 170"): a
    bare number after its series in the handout's words, a number that names itself ("No. 492",
    "NCHS Data Brief No. 492") as its issuer writes it, after the series unless it holds it."""
    number, series = ref.number.strip(), ref.collection_title.strip()
    if not number or not series:
        return number or series
    if _BARE_NUMBER.fullmatch(number):
        return w.text("series_number", series=series, number=number)
    if number.casefold().startswith(series.casefold()):
        return number
    return f"{series} {number}"


def _title_case(title: str, ref: Reference, w: Words) -> str:
    """A book's or report's title in title case (AMA 3.9, 3.12.2), for a work in English: each word
    that is all lower case is capitalised, each part of a hyphenated or slashed one too, except the
    minor words inside the title (the first word, and the first after a colon, are capitalised
    whatever they are; so is the first part of a hyphenated compound, "Up-to-Date"). Parts with
    capitals keep them ("COVID-19", "mRNA", "trans-Tasman" to "Trans-Tasman"), and a letter joined
    to a name ("e-Health") stays as written."""
    language = (ref.language or w.language).lower()
    if not (language.startswith("en") or language == "eng" or language == "english"):
        return title
    out = []
    first = True
    for word in title.split(" "):
        # After an em dash a new phrase starts: "Cancer\u2014An Overview".
        phrases = [_cased_word(phrase, first or index > 0) for index, phrase in enumerate(word.split("\u2014"))]
        out.append("\u2014".join(phrases))
        if word:
            first = word.endswith((":", "?", "!", "\u2014")) or word == "-"
    return " ".join(out)


def _cased_word(word: str, first: bool) -> str:
    """One word of a title in title case: each part of a hyphenated one, and of a slashed one made
    of words ("risk/benefit", "and/or"; not "mg/dL", "w/o" or an address)."""
    if _LETTER_PREFIXED.match(word):
        return word  # e-Health, m-Health: a name, as written
    pieces = _COMPOUND.split(word) if _slashed_words(word) else _HYPHEN.split(word)  # parts and marks
    hyphenated = "-" in pieces
    for index in range(0, len(pieces), 2):
        pieces[index] = _capitalised(pieces[index], index == 0 and (first or hyphenated))
    return "".join(pieces)


def _slashed_words(word: str) -> bool:
    """Whether ``word`` is words joined by '/', each of three letters or more or a minor word."""
    parts = word.strip(_OPENING + _CLOSING).split("/")
    return len(parts) > 1 and all(
        part.isalpha() and part.islower() and (len(part) >= 3 or part in _MINOR_WORDS) for part in parts
    )


def _capitalised(part: str, at_start: bool) -> str:
    """One lower-case part of a title's word with its first letter capitalised, unless it is a minor
    word inside the title; quotes and brackets around it, and an apostrophe in it, kept."""
    lead = part[: len(part) - len(part.lstrip(_OPENING))]
    bare = part[len(lead) :].rstrip(_CLOSING)
    if not bare.islower() or not bare.replace("'", "").replace("\u2019", "").isalpha():
        return part
    if bare in _MINOR_WORDS and not at_start:
        return part
    rest = part[len(lead) :]
    return lead + rest[0].upper() + rest[1:]


def _locator(ref: Reference, w: Words) -> list[Inlines]:
    doi = _DOI_PREFIX.sub("", ref.doi.strip())
    if doi:
        # A DOI never goes stale, so AMA wants neither the URL nor an access date with it.
        target = "https://doi.org/" + quote(doi, safe="/:;()[]")
        return [(Link((Text(f"doi:{doi}"),), target),)]
    url = ref.url.strip()
    if not url:
        return []  # an access date says when an address was read: without one it says nothing (AMA 3.15)
    return [_dated("accessed", ref.accessed, w, ref), (_link(url, ref.url_shown),)]


def _dated(key: str, date: PartialDate | None, w: Words, ref: Reference | None = None) -> Inlines:
    printed = w.date(date) if date is not None else ""
    return (Text(_kept_whole(w.text(key, date=printed), ref, w)),) if printed else ()


def _kept_whole(phrase: str, ref: Reference | None, w: Words) -> str:
    """A right-to-left phrase of the handout's words ("تاريخ الاطلاع: 10 فبراير 2025") inside an
    entry in a left-to-right language, with no-break spaces: broken across lines, its two halves
    read in the wrong order."""
    entry_language = (ref.language if ref is not None else "") or w.language
    if not has_right_to_left(phrase) or entry_language.split("-")[0].lower() in RIGHT_TO_LEFT:
        return phrase
    return phrase.replace(" ", "\u00a0")


def _preformatted(ref: Reference) -> Inlines:
    text, url = ref.text.strip(), ref.url.strip()
    if not url:
        return (Text(text),)
    shown = ref.url_shown.strip() or url
    before, found, after = text.rstrip(".").rpartition(shown)
    if found and not after:
        # The text already ends with the address: link it there instead of repeating it.
        return (Text(before), _link(url, shown), Text(text[len(before) + len(shown) :]))
    return (Text(f"{text} "), _link(url, shown))


def _text(value: str) -> Inlines:
    return (Text(value.strip()),) if value.strip() else ()


def _emphasis(value: str) -> Inlines:
    return (Emphasis((Text(value.strip()),)),) if value.strip() else ()


def _link(url: str, shown: str = "") -> Link:
    """A link that prints its address (or the address as the entry gives it, without its scheme)."""
    return Link((Text(shown.strip() or url),), url)


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
