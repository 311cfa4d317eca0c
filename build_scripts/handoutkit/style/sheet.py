"""The Stylesheet model: page, fonts, sizes in points, colours and page furniture, all resolved."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from msgspec import Struct

from ..diagnostics import Position
from ..language.words import catalog_tag
from .fontfiles import CJK, FACES, builtin_faces, cjk_family

CitationForm = Literal["superscript", "brackets"]
QuoteForm = Literal["typographic", "straight"]

# Placeholders a header or footer line may use, with what each prints.
PLACEHOLDERS = {
    "organization": "the organisation name from the style",
    "contact": "the contact line from the style",
    "department": "the clinic's department",
    "phone": "the clinic's phone number",
    "address": "the clinic's address",
    "web": "the clinic's web address",
    "title": "the handout's title",
    "page": "the page number",
    "pages": "the number of pages",
    "page_x_of_y": "'Page 2 of 3'",
    "reviewed": "'Reviewed: April 12, 2025'",
    "reviewed_date": "'April 12, 2025'",
}


class Page(Struct, frozen=True):
    """Paper size and margins, in points."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float


class FontFamily(Struct, frozen=True):
    """A font family by name, with the TrueType file of each of its four faces."""

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


class Sizes(Struct, frozen=True):
    """Font sizes in points; each is the body size times the style's relative factor."""

    body: float
    leading: float  # line height of body text
    title: float
    subtitle: float
    heading: float
    subheading: float
    summary: float
    references: float
    furniture: float  # header and footer


class Spacing(Struct, frozen=True):
    """Vertical space in points."""

    paragraph: float
    section: float
    list_item: float


class Colors(Struct, frozen=True):
    """Colours as '#RRGGBB'."""

    text: str
    heading: str
    link: str
    muted: str
    rule: str
    note_background: str
    note_border: str
    warning_background: str
    warning_border: str


class Furniture(Struct, frozen=True):
    """A header or footer: a left and a right line of template text."""

    left: str = ""
    right: str = ""


class Clinic(Struct, frozen=True):
    """The clinic a style brands handouts for, beyond its name and contact line."""

    department: str = ""
    phone: str = ""
    address: str = ""
    web: str = ""
    logo: str = ""  # a PNG or JPEG file inside the project, drawn at the left of the header


class CheckTargets(Struct, frozen=True):
    """What ``handoutkit check`` holds handouts and the style to."""

    grade: float = 8.0  # reading grade, at most
    sentence_words: float = 20.0  # words in one sentence, at most
    paragraph_words: float = 80.0  # words in one paragraph, at most
    review_months: float = 24.0  # months since the content was reviewed, at most
    min_body_size: float = 12.0  # points
    line_characters: float = 75.0  # characters in a line of body text, at most
    glossary: str = ""  # the glossary file, resolved from the style's folder


# Languages written without spaces between words: lines break between characters.
CHARACTER_BREAKING = frozenset({"zh-Hans", "zh-Hant", "ja"})
# Languages written right to left, and those whose script needs shaping (letters that join, or
# form conjuncts): their lines are laid out by ``render.shaping``.
RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "he"})
SHAPED = RIGHT_TO_LEFT | {"hi", "mr", "ne"}


@dataclass(frozen=True)
class Stylesheet:
    """Everything the renderer needs to know about how a handout looks."""

    name: str
    page: Page
    body_fonts: tuple[FontFamily, ...]  # the first family sets the text, the others fill its gaps
    heading_fonts: tuple[FontFamily, ...]
    sizes: Sizes
    spacing: Spacing
    colors: Colors
    header: Furniture
    footer: Furniture
    organization: str = ""
    contact: str = ""
    citations: CitationForm = "superscript"
    pdf_ua: bool = True  # tag the PDF for screen readers (PDF/UA-1)
    pdf_a: bool = True  # archivable PDF/A-2u: sRGB output intent, XMP identification (render/pdfa.py)
    print_links: bool = True  # a link's target (number, address) prints after its text, for paper
    quotes: QuoteForm = "typographic"  # straight quotes in content print as the language's quotation marks
    running_header: Furniture | None = None  # the header of pages 2 and later; None: ``header`` on every page
    checks: CheckTargets = CheckTargets()
    clinic: Clinic = Clinic()
    source: str = field(default="", compare=False)  # the style file, for messages about the style itself
    # The style's own text that prints (organisation, contact, header and footer lines) with where
    # it is written, so a character no font has is reported at its place; the third part is a
    # translation's language tag, "" for text that prints in every language.
    printed: tuple[tuple[str, Position, str], ...] = field(default=(), compare=False)
    # Organisation and contact line in other languages: (language tag, organization, contact).
    translations: tuple[tuple[str, str, str], ...] = ()
    # How lines break: at spaces (""), or between characters with the CJK no-break rules ("cjk",
    # Chinese and Japanese), or shaped by HarfBuzz ("shaped": Arabic, Devanagari); set by ``in_language``.
    line_breaking: str = ""
    right_to_left: bool = False  # the handout's language is written right to left (``in_language``)

    def in_language(self, language: str) -> Stylesheet:
        """This style with its organisation and contact line in ``language``, where it gives them.

        An exact tag wins ('es-MX'), then the tag's catalog ('zh-Hant' for 'zh-TW'), then the primary
        language ('es'); else the untranslated text.
        """
        sheet = self.with_fonts_for(language)
        if catalog_tag(language) in CHARACTER_BREAKING and not sheet.line_breaking:
            sheet = replace(sheet, line_breaking="cjk")
        primary = language.split("-")[0].lower()
        if primary in SHAPED and not sheet.line_breaking:
            sheet = replace(sheet, line_breaking="shaped", right_to_left=primary in RIGHT_TO_LEFT)
        tag = sheet.translation_for(language)
        if tag is None:
            return sheet
        org, contact = next((o, c) for t, o, c in sheet.translations if t == tag)
        return replace(sheet, organization=org or sheet.organization, contact=contact or sheet.contact)

    def with_fonts_for(self, language: str) -> Stylesheet:
        """This style with the family ``Noto Sans CJK`` of its chains set to ``language``'s Noto family
        (Chinese characters have other shapes in Simplified and Traditional Chinese, Japanese and Korean)."""
        family = cjk_family(catalog_tag(language))
        if family == cjk_family("zh-Hans"):
            return self
        faces = builtin_faces(family)
        if faces is None:
            return self
        chosen = FontFamily(CJK, *(str(faces[face]) for face in FACES))
        body, heading = (
            tuple(chosen if f.name == CJK else f for f in chain) for chain in (self.body_fonts, self.heading_fonts)
        )
        if body == self.body_fonts and heading == self.heading_fonts:
            return self
        return replace(self, body_fonts=body, heading_fonts=heading)

    def translation_for(self, language: str) -> str | None:
        """The tag of the translation that a handout in ``language`` prints, if there is one."""
        tags = {tag.lower(): tag for tag, _, _ in self.translations}
        return (
            tags.get(language.lower())
            or tags.get(catalog_tag(language).lower())  # zh-TW prints the zh-Hant translation
            or tags.get(language.split("-")[0].lower())
        )

    def printed_everywhere(self) -> list[tuple[str, Position]]:
        """The style's text that prints whatever the handout's language, with where it is written."""
        return [(text, where) for text, where, tag in self.printed if not tag]

    def printed_translation(self, language: str) -> list[tuple[str, Position]]:
        """The text of the style's translation that prints on a handout in ``language`` (if any)."""
        tag = self.translation_for(language)
        return [(text, where) for text, where, lang in self.printed if tag is not None and lang == tag]
