"""What a link prints on paper: its target (a phone number, an e-mail or web address), unless its
text already is that address. Plain strings in and out; the renderer sets them (``render/texttree``).

A printed handout cannot be clicked, so ``[the nurse line](tel:+15550100100)`` prints "the nurse
line (+1 555-010-0100)". A ``tel:`` number prints in international format when it is a possible
number (``phonenumbers``, imported only for a handout that has one), else as written; its spaces
do not break (U+00A0), so a number never starts on one line and ends on the next.
"""

from __future__ import annotations

from typing import Literal

from ..inline import url_scheme

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
