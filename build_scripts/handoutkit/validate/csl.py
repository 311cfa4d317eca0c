"""Validate CSL-JSON reference entries (as pandoc and Zotero write them in YAML) into References."""

from __future__ import annotations

import re

from ..diagnostics import Position, Report
from ..inline import check_url
from ..load import reads
from ..load.tree import Mapping, Node
from ..model import Reference
from .csl_language import language
from .csl_values import date, date_end, names, text_field

# A host name and what follows: an address written without 'https://'.
_SCHEMELESS = re.compile(
    r"(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:[/?#]\S*)?$", re.I
)

# fmt: off
TYPES = frozenset((
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic "
    "collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic "
    "hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet "
    "paper-conference patent performance periodical personal_communication post post-weblog "
    "regulation report review review-book software song speech standard thesis treaty webpage"
).split())
# Other tools' names for CSL types (Crossref's, Zotero's, RIS-like words), folded: no case, '-',
# '_' or spaces. Written as a type, each is an error naming the CSL type it is.
OTHER_TYPE_NAMES = {
    "journalarticle": "article-journal", "articlejournal": "article-journal", "bookchapter": "chapter",
    "booksection": "chapter", "proceedingsarticle": "paper-conference", "conferencepaper": "paper-conference",
    "website": "webpage", "blogpost": "post-weblog", "forumpost": "post", "dissertation": "thesis",
    "encyclopediaarticle": "entry-encyclopedia", "dictionaryentry": "entry-dictionary",
    "referenceentry": "entry", "videorecording": "motion_picture", "video": "motion_picture",
    "film": "motion_picture", "tvbroadcast": "broadcast", "radiobroadcast": "broadcast",
    "podcast": "song", "audiorecording": "song", "statute": "legislation", "case": "legal_case",
    "magazinearticle": "article-magazine", "newspaperarticle": "article-newspaper",
    "postedcontent": "article", "preprint": "article", "computerprogram": "software",
    "presentation": "speech", "editedbook": "book", "monograph": "book", "journal": "periodical",
    "legalcase": "legal_case", "motionpicture": "motion_picture", "musicalscore": "musical_score",
    "personalcommunication": "personal_communication", "email": "personal_communication",
    "letter": "personal_communication",
}
# The variables of CSL 1.0.2, plus the two Zotero adds, so Zotero's CSL YAML loads as it is.
TEXT_FIELDS = frozenset((
    "abstract annote archive archive_collection archive_location archive-place authority "
    "call-number chapter-number citation-key citation-label collection-number collection-title "
    "container-title container-title-short dimensions division DOI edition event event-title "
    "event-place genre ISBN ISSN issue jurisdiction keyword language license medium note number "
    "number-of-pages number-of-volumes original-publisher original-publisher-place original-title "
    "page page-first part-number part-title PMCID PMID printing-number publisher publisher-place "
    "references reviewed-genre reviewed-title scale section source status supplement-number title "
    "title-short URL version volume volume-title volume-title-short year-suffix "
    "journalAbbreviation shortTitle"
).split())
NAME_FIELDS = frozenset((
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director editor-translator executive-producer guest host "
    "illustrator interviewer narrator organizer original-author performer producer recipient "
    "reviewed-author script-writer series-creator translator"
).split())
DATE_FIELDS = frozenset("accessed available-date event-date issued original-date submitted".split())
# fmt: on
OTHER_FIELDS = frozenset(("id", "type", "text", "categories", "custom"))
FIELDS = TEXT_FIELDS | NAME_FIELDS | DATE_FIELDS | OTHER_FIELDS
_FOLDED = {key.casefold().replace("_", "-"): key for key in sorted(FIELDS)}
REQUIRED = ("id",)
WHOLE = "text"  # the whole entry as it prints, instead of its fields
NEEDS = ("type", "title")  # what an entry without 'text' must give
FORMATTED = ("title", "container-title", "publisher", "author", "editor", "issued")  # not beside 'text'
# The variables validation reads (and the Reference attribute of each text); the others are kept
# for the reference manager that wrote them, and their values are never read.
TEXTS = {
    "title": "title",
    "container_title": "container-title",
    "container_title_short": "container-title-short",
    "collection_title": "collection-title",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "edition": "edition",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "number": "number",
    "genre": "genre",
    "medium": "medium",
    "event_title": "event-title",
    "event_place": "event-place",
    "version": "version",
    "section": "section",
    "authority": "authority",
    "doi": "DOI",
}
# Another name of a variable, read when the variable itself is not given: Zotero's journal
# abbreviation, and CSL 1.0's 'event' (1.0.2 calls it 'event-title').
ALIASES = {"container-title-short": "journalAbbreviation", "event-title": "event"}
NAMES = ("author", "editor", "director")
DATES = ("issued", "accessed", "event-date")
READ = frozenset({*TEXTS.values(), *ALIASES.values(), *NAMES, *DATES, "URL", "id", "type", "language", WHOLE})


def references(node: Node, report: Report) -> dict[str, tuple[Reference, Position]]:
    """Validate the ``references`` list into id -> (entry, where its id is), in file order."""
    items = reads.sequence(node, "'references'", report)
    if items is None:
        return {}
    found: dict[str, tuple[Reference, Position]] = {}
    first_seen: dict[str, Position] = {}
    for item in items.items:
        entry = reads.mapping(item, "a reference", report)
        if entry is None:
            continue
        ref = _reference(entry, report)
        if ref is None:
            continue
        id_node = entry.get("id")
        where = id_node.position if id_node else entry.position
        if ref.id in first_seen:
            first = first_seen[ref.id]
            report.error(
                where,
                f"duplicate reference id '{ref.id}' (first at line {first.line}, column {first.column}); "
                "give each reference its own id",
            )
            continue
        first_seen[ref.id] = where
        found[ref.id] = (ref, where)
    return found


def _reference(entry: Mapping, report: Report) -> Reference | None:
    id_node = entry.get("id")
    if id_node is None:
        report.error(entry.position, "a reference has no 'id'; add 'id: ...'")
        return None
    ref_id = reads.text(id_node, "'id'", report)
    if ref_id is None:
        return None
    label = f"reference '{ref_id.value}'"
    _unknown_keys(entry, label, report)
    text_node = entry.get(WHOLE)
    if text_node is not None:
        clash = [key for key in FORMATTED if entry.get(key) is not None]
        if clash:
            report.error(
                entry.key_node(clash[0]).position,  # type: ignore[union-attr]
                f"{label} has both 'text' and '{clash[0]}'; 'text' prints exactly as written, "
                f"so remove '{clash[0]}' or remove 'text'",
            )
        text = reads.text(text_node, f"'text' of {label}", report)
        url, shown = _address(entry, label, report)
        return Reference(id=ref_id.value, text=text.value.strip() if text else "", url=url, url_shown=shown)
    # An entry with errors still counts as known, so that its citations raise no second error.
    type_node = entry.get("type")
    if type_node is None:
        report.error(entry.position, f"{label} has no 'type'; add e.g. 'type: webpage' or 'type: book'")
    ref_type = _type(type_node, label, report) if type_node else None
    if entry.get("title") is None:
        report.error(entry.position, f"{label} has no 'title'; add 'title: ...' or give the whole entry as 'text: ...'")
    texts = {attribute: _text(entry, key, label, report) for attribute, key in TEXTS.items()}
    url, shown = _address(entry, label, report)
    return Reference(
        id=ref_id.value,
        type=ref_type or "document",
        authors=names(entry, "author", label, report),
        editors=names(entry, "editor", label, report),
        directors=names(entry, "director", label, report),
        issued=date(entry, "issued", label, report),
        accessed=date(entry, "accessed", label, report),
        event_date=date(entry, "event-date", label, report),
        event_date_end=date_end(entry, "event-date", label, report),
        url=url,
        url_shown=shown,
        language=language(entry, label, report),
        **texts,
    )


def _type(node: Node, label: str, report: Report) -> str | None:
    """The entry's CSL type; another tool's name for one (Crossref's 'journal-article', Zotero's
    'bookSection') is an error that names CSL's."""
    what = f"'type' of {label}"
    scalar = reads.text(node, what, report)
    if scalar is None:
        return None
    meant = OTHER_TYPE_NAMES.get(re.sub(r"[\s_-]+", "", scalar.value).casefold())
    if scalar.value not in TYPES and meant is not None:
        report.error(
            scalar.position, f"{what} is '{scalar.value}', another tool's name for a CSL type; write '{meant}'"
        )
        return None
    return reads.choice(node, what, TYPES, report)


def _text(entry: Mapping, key: str, label: str, report: Report) -> str:
    """A text variable, or its other name's value when only that is given."""
    if entry.get(key) is None and key in ALIASES:
        return text_field(entry, ALIASES[key], label, report)
    return text_field(entry, key, label, report)


def _unknown_keys(entry: Mapping, label: str, report: Report) -> None:
    """A key that is no CSL variable is a warning: CSL processors ignore it, and reference managers
    write their own ('key', 'city', 'standard_citation'); a close one says what it may be. A CSL
    variable written in another case or with '_' for '-' ('url', 'container_title') is an error:
    it was meant, and ignoring it would lose what it holds (an address, on paper)."""
    for key, _ in entry.items:
        if key.value in FIELDS:
            continue
        meant = _FOLDED.get(_fold(key.value))
        if meant is not None:
            report.error(key.position, f"unknown key '{key.value}' in {label}; did you mean '{meant}'?")
            continue
        close = reads.closest(key.value, FIELDS)
        if close is not None and abs(len(close) - len(key.value)) > 2:
            close = None  # 'key' is Zotero's own, not a short 'keyword'
        hint = (
            f"did you mean '{close}'?" if close is not None else "it is not a CSL variable; remove it to silence this"
        )
        report.warning(key.position, f"unknown key '{key.value}' in {label} is ignored; {hint}")


def _fold(key: str) -> str:
    return key.casefold().replace("_", "-")


def _address(entry: Mapping, label: str, report: Report) -> tuple[str, str]:
    """The entry's URL as linked, and as printed when that differs: an address written without its
    scheme, as Zotero's Access Medicine translator stores it, is linked as https:// with a warning."""
    url = text_field(entry, "URL", label, report)
    node = entry.get("URL")
    if not url or node is None or (problem := check_url(url)) is None:
        return url, ""
    if _SCHEMELESS.match(url) and check_url("https://" + url) is None:
        report.warning(
            node.position,
            f"'URL' of {label} has no scheme; it is linked as https://{url} and printed as given: "
            "write the https:// to silence this",
        )
        return "https://" + url, url
    report.error(node.position, f"'URL' of {label}: {problem}")
    return "", ""
