"""What links and citations print, in the PDF and in its HTML edition alike: plain strings and model
inlines in and out, so that both writers print the same text.

A link prints its target on paper (a phone number, an e-mail or web address), unless its text
already is that address; citations attach to the word before them and print their numbers in
ranges. ``render/texttree`` sets these for ReportLab, ``html/inlines`` writes them as HTML.

A printed handout cannot be clicked, so ``[the nurse line](tel:+15550100100)`` prints "the nurse
line (+1 555-010-0100)". A ``tel:`` number prints in international format when it is a possible
number (``phonenumbers``, imported only for a handout that has one), else as written; its spaces
do not break (U+00A0), so a number never starts on one line and ends on the next.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from .inline import url_scheme
from .model import Citation, Inline, Inlines, Text

Kind = Literal["web", "mail", "phone"]

_NBSP = "\u00a0"
_WEB_SCHEMES = ("https://", "http://")
_DOI_HOSTS = ("doi.org/", "dx.doi.org/")
_MIN_LOCAL_DIGITS = 7  # a text with fewer digits than this is no phone number of its own


def kind(url: str) -> Kind:
    """What ``url`` (a link address that passed ``inline.check_url``) leads to."""
    scheme = url_scheme(url)
    return "phone" if scheme == "tel" else "mail" if scheme == "mailto" else "web"


def printed_target(url: str) -> str:
    """What prints for ``url``: the web address without its scheme, the e-mail address(es) without
    'mailto:' and what follows '?', or the phone number, readable."""
    match kind(url):
        case "phone":
            return phone_number(url[len("tel:") :])
        case "mail":
            return url[len("mailto:") :].partition("?")[0]
        case "web":
            bare = _without_scheme(url)
            host, slash, path = bare.partition("/")
            return host if slash and not path else bare  # "example.org/" prints as "example.org"


def is_own_address(text: str, url: str) -> bool:
    """Whether a link's ``text`` already shows its address, so printing it again would repeat it.

    Web addresses compare without scheme, 'www.', a trailing slash or case (a DOI name, 'doi:10.1/x',
    is its https://doi.org/ address); e-mail addresses without 'mailto:' and case; phone numbers
    by their digits (a number written as dialled at home, '(555) 010-0100' or '020 7946 0958', is
    the number).
    """
    text = text.strip()
    match kind(url):
        case "phone":
            return _same_number(text, url[len("tel:") :])
        case "mail":
            bare = text.removeprefix("mailto:").casefold()
            return bare == printed_target(url).casefold()
        case "web":
            doi = _doi_name(url)
            if doi and text.casefold().startswith("doi:"):
                return text[4:].strip().casefold() == doi.casefold()
            return _web_key(text) == _web_key(url)


def _web_key(address: str) -> str:
    bare = _without_scheme(address.strip()).rstrip("/").casefold()
    return bare.removeprefix("www.")


# (String methods, not regular expressions: a build that prints no link compiles no pattern.)
def _without_scheme(address: str) -> str:
    scheme = next((scheme for scheme in _WEB_SCHEMES if address[:8].lower().startswith(scheme)), "")
    return address[len(scheme) :]


def _doi_name(url: str) -> str:
    """The DOI name of a https://doi.org/ address, or ''."""
    bare = _without_scheme(url)
    host = next((host for host in _DOI_HOSTS if bare[:11].lower().startswith(host)), "")
    return bare[len(host) :] if host and bare != url else ""


def _digits(text: str) -> str:
    return "".join(char for char in text if char in "0123456789")


def _split_phone(written: str) -> tuple[str, str]:
    """The number and its extension of a tel: address ('+1-555-010-0100;ext=12' -> number, '12')."""
    number, *params = written.split(";")
    ext = next((param[4:] for param in params if param.lower().startswith("ext=")), "")
    return number, ext


def _same_number(text: str, written: str) -> bool:
    number, ext = _split_phone(written)
    digits, wanted, ext = _digits(text), _digits(number), _digits(ext)
    if ext:  # the text must show the extension too, after the number
        if not digits.endswith(ext):
            return False
        digits = digits[: -len(ext)]
    if not digits:
        return False
    if digits == wanted:
        return True
    national = digits.lstrip("0")  # a trunk prefix: 020 7946 0958 is +44 20 7946 0958
    return len(national) >= _MIN_LOCAL_DIGITS and number.startswith("+") and wanted.endswith(national)


def phone_number(written: str) -> str:
    """A tel: number as people read it: '+15550100100' -> '+1 555-010-0100', spaces that do not break.

    A global number ('+...') that ``phonenumbers`` finds possible prints in international format
    (with its extension as that country writes it); anything else prints as written, RFC 3966's
    visual separators ('-', '.', '(', ')') included, and its extension as 'ext. 12'.
    """
    number, ext = _split_phone(written)
    formatted = _international(number, ext) if number.startswith("+") else None
    if formatted is None:
        formatted = f"{number} ext. {ext}" if ext else number
    return formatted.replace(" ", _NBSP)


def _international(number: str, ext: str) -> str | None:
    import phonenumbers  # ~30 ms, paid only by a handout with a tel: link

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    if ext:
        parsed.extension = ext
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def place_citations(inlines: Inlines, *, move_punctuation: bool) -> list[Inline]:
    """Attach each citation to the word before it; for superscripts, set it after a . or ,

    Authors write ``cells [@a].`` as in pandoc; AMA prints "cells.¹" (superscripts go
    outside periods and commas) or "cells [1]." with a space that never breaks. Citations
    with only space between them become one, so that ¹ and ² never print as "12".
    """
    placed: list[Inline] = []
    for node in inlines:
        if isinstance(node, Citation):
            _attach(placed, node)
        elif move_punctuation and placed and isinstance(placed[-1], Citation) and isinstance(node, Text):
            cited = placed.pop()
            lead = len(node.text) - len(node.text.lstrip(".,"))
            placed += [Text(node.text[:lead]), cited, Text(node.text[lead:])]
        else:
            placed.append(node)
    return [node for node in placed if not (isinstance(node, Text) and not node.text)]


def _attach(placed: list[Inline], cited: Citation) -> None:
    """Append ``cited`` to ``placed``: no space before it, merged into a citation just before."""
    if len(placed) > 1 and isinstance(placed[-2], Citation) and _is_space(placed[-1]):
        placed.pop()
    before = placed[-1] if placed else None
    if isinstance(before, Citation):
        placed.pop()
        numbers = tuple(sorted({*before.numbers, *cited.numbers}))
        locators = (before.locators or ("",) * len(before.ids)) + (cited.locators or ("",) * len(cited.ids))
        pages = tuple(sorted({*before.pages, *cited.pages}))
        cited = Citation(before.ids + cited.ids, numbers, locators if any(locators) else (), pages)
    if placed and isinstance(placed[-1], Text):
        placed[-1] = Text(placed[-1].text.rstrip())
    placed.append(cited)


def _is_space(node: Inline) -> bool:
    return isinstance(node, Text) and not node.text.strip()


def collapse(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted numbers as (first, last) runs: [1, 3, 4, 5] -> [(1, 1), (3, 5)].

    A run of two stays two separate numbers, [1, 2] -> [(1, 1), (2, 2)], as AMA style writes it.
    """
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return [split for first, last in runs for split in _split_pair(first, last)]


def _split_pair(first: int, last: int) -> list[tuple[int, int]]:
    return [(first, first), (last, last)] if last == first + 1 else [(first, last)]


def citation_runs(numbers: Sequence[int], pages: Sequence[tuple[int, str]] = ()) -> list[tuple[int, int, str]]:
    """A citation's numbers as printed: (first, last, pages) runs, ranges collapsed as ``collapse``
    does, but a number cited with pages stands alone, its pages after it ('1(p12),3-5'). A number
    cited twice with different pages prints once for each."""
    located: dict[int, list[str]] = {}
    for number, page in pages:
        located.setdefault(number, []).append(page)
    runs: list[tuple[int, int, str]] = []
    plain = [number for number in sorted(set(numbers)) if number not in located]
    for first, last in collapse(plain):
        runs.append((first, last, ""))
    for number, found in located.items():
        runs += [(number, number, page) for page in found]
    return sorted(runs)
