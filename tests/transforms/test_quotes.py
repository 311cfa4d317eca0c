"""Typographic quotes: straight quotes and apostrophes print as the handout language's marks."""

from __future__ import annotations

import dataclasses
import datetime
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handoutkit.build import Setup, read_handout
from handoutkit.check import coverage
from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.inline import parse_inline
from handoutkit.load import yamlfile
from handoutkit.model import (
    Citation,
    Emphasis,
    Field,
    Handout,
    Inlines,
    ItemList,
    Link,
    ListItem,
    Paragraph,
    QrCode,
    Reference,
    Section,
    Strong,
    Subheading,
    Text,
    WriteIn,
)
from handoutkit.style.files import load_stylesheet
from handoutkit.style.sheet import QuoteForm
from handoutkit.transforms.apply import TRANSFORMS, Options, apply_transforms, typographic_quotes
from handoutkit.transforms.quotes import DOUBLE, ENGLISH, SINGLE, curl, marks

from ..helpers import write

NBSP = "\u00a0"
REVIEWED = datetime.date(2025, 4, 12)


def typeset(text: str, language: str = "en") -> str:
    """``text`` (inline markup, no markup in these cases) as the transform prints it in ``language``."""
    inlines, problems = parse_inline(text)
    assert problems == []
    curled = curl(inlines, marks(language))
    assert all(isinstance(node, Text) for node in curled)
    return "".join(node.text for node in curled if isinstance(node, Text))


# --- one run of text, per language ------------------------------------------------------------------

CASES = [
    # English (CLDR en): U+201C U+201D outside, U+2018 U+2019 inside, U+2019 for the apostrophe.
    ("en", '"Stop," she said.', "\u201cStop,\u201d she said."),
    ("en", "Don't stop at O'Brien's desk.", "Don\u2019t stop at O\u2019Brien\u2019s desk."),
    ("en", "He said \"call 'now'\" twice.", "He said \u201ccall \u2018now\u2019\u201d twice."),
    ("en", '"Quote at the start', "\u201cQuote at the start"),  # unclosed: it may go on in the next paragraph
    ("en", '("Call us")', "(\u201cCall us\u201d)"),
    ("en", 'Then\u2014"now"', "Then\u2014\u201cnow\u201d"),
    ("en", 'Is it "safe"? It is "fine".', "Is it \u201csafe\u201d? It is \u201cfine\u201d."),
    ("en", "\"It's 'fine',\" she said.", "\u201cIt\u2019s \u2018fine\u2019,\u201d she said."),
    ("en", 'She is 5\'6" tall; use a 12" ruler.', 'She is 5\'6" tall; use a 12" ruler.'),  # feet and inches
    ("en", '"Take 2" tablets', "\u201cTake 2\u201d tablets"),  # after a digit, but closing an open quote
    ("en", "in the '90s", "in the \u201990s"),
    ("en", "'cause it's late", "\u2019cause it\u2019s late"),  # a lone opening ' is an elision
    ("en", "the nurses' station", "the nurses\u2019 station"),
    ("en", 'a lone " mark', 'a lone " mark'),  # spaces on both sides and nothing open: as typed
    ("en", "a lone ' mark", "a lone ' mark"),
    ("en", "1990's", "1990\u2019s"),
    # French (CLDR fr): « » with a no-break space inside, “ ” inside them, U+2019 for the apostrophe.
    ("fr", 'Il a dit "non".', f"Il a dit \u00ab{NBSP}non{NBSP}\u00bb."),
    ("fr", "l'eau d'aujourd'hui", "l\u2019eau d\u2019aujourd\u2019hui"),
    ("fr", "\"Il a dit 'non'\"", f"\u00ab{NBSP}Il a dit \u201cnon\u201d{NBSP}\u00bb"),
    ("fr", 'Il a dit " non " puis', f"Il a dit \u00ab{NBSP}non{NBSP}\u00bb puis"),  # typed spaces: no-break
    ("fr", '"Pourquoi\u202f?"', f"\u00ab{NBSP}Pourquoi\u202f?{NBSP}\u00bb"),
    ("fr", '"d\u00e9j\u00e0\u202f"', f"\u00ab{NBSP}d\u00e9j\u00e0\u202f\u00bb"),  # a typed narrow space stays
    ("fr", 'le signe " seul', 'le signe " seul'),
    ("fr-CA", 'Il a dit "oui".', f"Il a dit \u00ab{NBSP}oui{NBSP}\u00bb."),
    # Spanish (CLDR es, es-419, es-MX): as English.
    ("es", 'Escriba "inmunoterapia" en la casilla.', "Escriba \u201cinmunoterapia\u201d en la casilla."),
    ("es", '\u00bf"Qu\u00e9" dijo?', "\u00bf\u201cQu\u00e9\u201d dijo?"),
    ("es-MX", "\"Dijo 'no'\".", "\u201cDijo \u2018no\u2019\u201d."),
    # Portuguese: Brazil (CLDR pt) as English; Portugal and the regions that follow it « » and “ ”.
    ("pt", "Ele disse \"sim\" e 'n\u00e3o'.", "Ele disse \u201csim\u201d e \u2018n\u00e3o\u2019."),
    ("pt-BR", 'copo d\'\u00e1gua "fresca"', "copo d\u2019\u00e1gua \u201cfresca\u201d"),
    ("pt-PT", "Ele disse \"sim\" e 'n\u00e3o'.", "Ele disse \u00absim\u00bb e \u201cn\u00e3o\u201d."),
    ("pt-AO", '"sim"', "\u00absim\u00bb"),
    # Vietnamese (CLDR vi): as English.
    ("vi", 'B\u00e1c s\u0129 n\u00f3i "kh\u00f4ng sao".', "B\u00e1c s\u0129 n\u00f3i \u201ckh\u00f4ng sao\u201d."),
    ("vi", "\"H\u1ecfi 'b\u00e1c s\u0129'\"", "\u201cH\u1ecfi \u2018b\u00e1c s\u0129\u2019\u201d"),
]


@pytest.mark.parametrize(("language", "typed", "printed"), CASES)
def test_quotes_print_as_the_language_marks(language: str, typed: str, printed: str) -> None:
    assert typeset(typed, language) == printed


@pytest.mark.parametrize(
    ("language", "like"),
    [("es-MX", "es"), ("en-GB", "en"), ("fr-CH", "fr"), ("pt-BR", "pt"), ("pt_PT", "pt-PT"), ("vi-VN", "vi")],
)
def test_a_region_without_marks_of_its_own_takes_its_language(language: str, like: str) -> None:
    assert marks(language) == marks(like)


@pytest.mark.parametrize("language", ["de", "zz", "x-private", ""])
def test_a_language_without_marks_takes_english(language: str) -> None:
    assert marks(language) == ENGLISH


def test_text_without_quotes_is_returned_as_it_is() -> None:
    inlines = (Text("No quotes here, "), Strong((Text("none"),)))
    assert curl(inlines, ENGLISH) is inlines


def test_odd_runs_of_quotes_never_fail() -> None:
    for typed in ['"', "'", '""""', "''''", "\"'\"'", ' " \' " ', "'\"x'\"", "9'\"", "\"'9", "'99'"]:
        printed = typeset(typed)
        assert len(printed) == len(typed)


# Each mark back as the straight quote it came from, by language.
STRAIGHTENED = {
    "en": str.maketrans({"\u201c": DOUBLE, "\u201d": DOUBLE, "\u2018": SINGLE, "\u2019": SINGLE}),
    "pt-PT": str.maketrans({"\u00ab": DOUBLE, "\u00bb": DOUBLE, "\u201c": SINGLE, "\u201d": SINGLE, "\u2019": SINGLE}),
}
STRAIGHTENED["fr"] = STRAIGHTENED["pt-PT"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(['"', "'", " ", "a", "B", "5", ".", "(", "?", "\u2014", "\u00bf", "\u202f", NBSP])),
    st.sampled_from(["en", "pt-PT", "fr"]),
)
def test_any_run_prints_every_character_it_holds(pieces: list[str], language: str) -> None:
    """Whatever the quotes, nothing is lost or added but the French spaces inside the marks."""
    typed = "".join(pieces)
    printed = curl((Text(typed),), marks(language))[0]
    assert isinstance(printed, Text)
    back = printed.text.translate(STRAIGHTENED[language])
    if language == "fr":  # a space inside the marks is a no-break one, added or in place of a typed one
        back, typed = back.replace(NBSP, "").replace(" ", ""), typed.replace(NBSP, "").replace(" ", "")
    assert back == typed


# --- across inline boundaries ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inlines", "expected"),
    [
        pytest.param(
            (Text('"'), Strong((Text("Stop"),)), Text('"')),
            (Text("\u201c"), Strong((Text("Stop"),)), Text("\u201d")),
            id="bold-word-in-quotes",
        ),
        pytest.param(
            (Text("Say "), Emphasis((Text('"word"'),)), Text(" now.")),
            (Text("Say "), Emphasis((Text("\u201cword\u201d"),)), Text(" now.")),
            id="quotes-in-italics",
        ),
        pytest.param(
            (Text('Read "'), Link((Text("our page"),), "https://example.org/it's"), Text('".')),
            (Text("Read \u201c"), Link((Text("our page"),), "https://example.org/it's"), Text("\u201d.")),
            id="link-address-untouched",
        ),
        pytest.param(
            (Field("patient_name"), Text("'s chart says \""), Field("plan"), Text('".')),
            (Field("patient_name"), Text("\u2019s chart says \u201c"), Field("plan"), Text("\u201d.")),
            id="fields-are-words",
        ),
        pytest.param(
            (Text('"Cells grow'), Citation(("a",)), Text('," it says.')),
            (Text("\u201cCells grow"), Citation(("a",)), Text(",\u201d it says.")),
            id="citation-inside",
        ),
        pytest.param(
            (Text('He said "'), Emphasis((Text("'no'"),)), Text('"')),
            (Text("He said \u201c"), Emphasis((Text("\u2018no\u2019"),)), Text("\u201d")),
            id="nested-across-italics",
        ),
    ],
)
def test_context_crosses_inline_boundaries(inlines: Inlines, expected: Inlines) -> None:
    assert curl(inlines, ENGLISH) == expected


def test_french_spaces_go_inside_marks_across_boundaries() -> None:
    inlines = (Text('"'), Strong((Text("Stop"),)), Text('", dit-il.'))
    assert curl(inlines, marks("fr")) == (
        Text(f"\u00ab{NBSP}"),
        Strong((Text("Stop"),)),
        Text(f"{NBSP}\u00bb, dit-il."),
    )


# --- the transform ---------------------------------------------------------------------------------


def words(text: str) -> Inlines:
    return (Text(text),)


def handout(language: str = "en") -> Handout:
    blocks = (
        Paragraph((Text("Don't wait, "), Field("patient_name"), Text('. Call "now".'))),
        Subheading(words('"When" to call')),
        ItemList((ListItem(words("it's a 'fever'"), ItemList((ListItem(words('"Deep"')),))),)),
        WriteIn(words('"Notes"'), 2),
        QrCode("https://example.org/it's", words('Our "page"')),
    )
    return Handout(
        title=words('The "right" care'),
        reviewed=REVIEWED,
        sections=(Section(words("What's next"), blocks),),
        subtitle=words("For 'you'"),
        summary=words('Read "this".'),
        language=language,
        references=(
            Reference(id="a", title='Abeloff\'s "Oncology"', text="O'Hara's \"text\"", url="https://x.org/a'b"),
        ),
    )


def test_the_transform_curls_every_run_of_the_handout() -> None:
    curled = typographic_quotes(handout())
    assert curled.title == words("The \u201cright\u201d care")
    assert curled.subtitle == words("For \u2018you\u2019")
    assert curled.summary == words("Read \u201cthis\u201d.")
    section = curled.sections[0]
    assert section.heading == words("What\u2019s next")
    paragraph, subheading, items, write_in, qr = section.blocks
    assert paragraph == Paragraph((Text("Don\u2019t wait, "), Field("patient_name"), Text(". Call \u201cnow\u201d.")))
    assert subheading == Subheading(words("\u201cWhen\u201d to call"))
    assert isinstance(items, ItemList) and items.items[0].content == words("it\u2019s a \u2018fever\u2019")
    sublist = items.items[0].sublist
    assert sublist is not None and sublist.items[0].content == words("\u201cDeep\u201d")
    assert write_in == WriteIn(words("\u201cNotes\u201d"), 2)
    assert qr == QrCode("https://example.org/it's", words("Our \u201cpage\u201d"))


def test_references_are_left_to_ama() -> None:
    assert typographic_quotes(handout()).references == handout().references


def test_the_straight_style_keeps_the_handout_as_it_is() -> None:
    original = handout()
    assert typographic_quotes(original, Options(quotes="straight")) is original


def test_the_transform_follows_the_handout_language() -> None:
    assert typographic_quotes(handout("fr")).title == words(f"The \u00ab{NBSP}right{NBSP}\u00bb care")


def test_quotes_run_before_fields_are_filled_so_a_value_prints_as_typed() -> None:
    assert typographic_quotes in TRANSFORMS
    filled = apply_transforms(handout(), {"patient_name": 'O\'Brien "Bo"'})
    paragraph = filled.sections[0].blocks[0]
    assert paragraph == Paragraph((Text("Don\u2019t wait, "), Text('O\'Brien "Bo"'), Text(". Call \u201cnow\u201d.")))


def test_apply_transforms_takes_the_style_choice() -> None:
    assert apply_transforms(handout(), options=Options(quotes="straight")).title == words('The "right" care')


# --- fonts: a mark no font has is an error at the quote it replaces ---------------------------------

COVERAGE_SOURCE = """\
title: A handout
references:
  - {id: a, type: webpage, title: "Abeloff's \\"Oncology\\"", URL: "https://example.org/a"}
sections:
  - heading: First
    blocks:
      - qr: {url: "https://example.org/it's"}
      - Call us "now", it's fine [@a].
"""


def test_a_mark_no_font_has_is_reported_at_its_quote(tmp_path: Path) -> None:
    report = Report()
    root = yamlfile.load(write(tmp_path, "h.yaml", COVERAGE_SOURCE), report)
    assert root is not None
    coverage.check_quotes(root, ENGLISH, lambda char: char not in "\u201c\u2019", "Plain Sans", report)
    messages = [str(item) for item in report.items]
    path = tmp_path / "h.yaml"
    assert messages == [
        f"{path}:8:17: error: the straight quote \" prints as '\u201c' (U+201C LEFT DOUBLE QUOTATION MARK), "
        "which is in none of the fonts (Plain Sans); add a font family that has it to the style's fonts, or set "
        "'quotes: straight' in the style",
        f"{path}:8:26: error: the straight quote ' prints as '\u2019' (U+2019 RIGHT SINGLE QUOTATION MARK), "
        "which is in none of the fonts (Plain Sans); add a font family that has it to the style's fonts, or set "
        "'quotes: straight' in the style",
    ]


def test_marks_the_fonts_have_are_not_reported(tmp_path: Path) -> None:
    report = Report()
    root = yamlfile.load(write(tmp_path, "h.yaml", COVERAGE_SOURCE), report)
    assert root is not None
    coverage.check_quotes(root, marks("fr"), lambda char: True, "Plain Sans", report)
    assert report.items == []


@pytest.mark.parametrize(("quotes", "reported"), [("typographic", True), ("straight", False)])
def test_reading_a_handout_checks_the_marks_unless_quotes_stay_straight(
    tmp_path: Path, quotes: QuoteForm, reported: bool
) -> None:
    report = Report()
    sheet = load_stylesheet("default", report)
    assert sheet is not None
    setup = Setup(dataclasses.replace(sheet, quotes=quotes), lambda char: char != "\u00bb", "Plain Sans", REVIEWED)
    source = write(tmp_path, "h.yaml", "language: fr\nreviewed: 2025-04-12\n" + COVERAGE_SOURCE)
    read = read_handout(source, setup, report)
    assert (read is None) == reported
    assert any("U+00BB" in str(item) for item in report.items) == reported


# --- end to end: the text copied out of the PDF -----------------------------------------------------

# A paragraph per language, as typed and as it prints; the reference keeps its straight quotes.
PRINTED = {
    "en": (
        'Don\'t wait: call "**now**" if it\'s *"bad"*.',
        "Don\u2019t wait: call \u201cnow\u201d if it\u2019s \u201cbad\u201d.",
    ),
    "fr": (
        'N\'attendez pas : appelez "**maintenant**".',
        "N\u2019attendez pas : appelez \u00ab maintenant \u00bb.",
    ),
    "es": (
        'No espere: llame "**ahora**" si est\u00e1 *"mal"*.',
        "No espere: llame \u201cahora\u201d si est\u00e1 \u201cmal\u201d.",
    ),
    "pt": (
        "N\u00e3o espere: ligue \"**agora**\" para o 'SAMU'.",
        "N\u00e3o espere: ligue \u201cagora\u201d para o \u2018SAMU\u2019.",
    ),
    "vi": (
        '\u0110\u1eebng ch\u1edd: h\u00e3y g\u1ecdi "**ngay**".',
        "\u0110\u1eebng ch\u1edd: h\u00e3y g\u1ecdi \u201cngay\u201d.",
    ),
}


def handout_source(language: str, paragraph: str) -> str:
    return textwrap.dedent(
        f"""\
        title: 'The "right" care'
        language: {language}
        reviewed: 2025-04-12
        sections:
          - heading: "What's next"
            blocks:
              - '{paragraph.replace("'", "''")}  [@a]'
        references:
          - id: a
            type: webpage
            title: Abeloff's "Oncology"
            container-title: O'Hara's Press
            URL: https://example.org/a
            accessed: 2025-02-10
        """
    )


def copied_text(pdf: Path) -> str:
    """The PDF's text as copied, runs of white space one space (a no-break space read as a space)."""
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text)


def build(tmp_path: Path, source: str, *options: str) -> str:
    path = write(tmp_path, "h.yaml", source)
    assert main(["build", str(path), "--out", str(tmp_path / "out"), *options]) == 0
    return copied_text(tmp_path / "out" / "h.pdf")


@pytest.mark.parametrize("language", sorted(PRINTED))
def test_the_built_pdf_holds_the_language_marks(tmp_path: Path, language: str) -> None:
    typed, printed = PRINTED[language]
    text = build(tmp_path, handout_source(language, typed))
    title = "The \u00ab right \u00bb care" if language == "fr" else "The \u201cright\u201d care"
    assert title in text
    assert "What\u2019s next" in text
    assert printed in text, text
    assert 'Abeloff\'s "Oncology"' in text and "O'Hara's Press" in text  # references print as typed


def test_the_straight_style_keeps_straight_quotes_in_the_pdf(tmp_path: Path) -> None:
    style = write(tmp_path, "styles/straight.yaml", "extends: default\nquotes: straight\n")
    text = build(tmp_path, handout_source("en", PRINTED["en"][0]), "--style", str(style))
    assert 'The "right" care' in text and "What's next" in text
    assert 'Don\'t wait: call "now" if it\'s "bad".' in text
    assert not set("\u201c\u201d\u2018\u2019") & set(text)


def test_a_field_value_prints_exactly_as_typed(tmp_path: Path) -> None:
    source = handout_source("en", "Dear {patient_name}, don't wait.")
    text = build(tmp_path, source, "--set", 'patient_name=Mr. O\'Brien "Bo"')
    assert 'Dear Mr. O\'Brien "Bo", don\u2019t wait.' in text


def test_french_marks_never_end_or_start_a_line_alone(tmp_path: Path) -> None:
    paragraph = " ".join(f'mot{i} "citation{i}" et' for i in range(60))
    path = write(tmp_path, "h.yaml", handout_source("fr", paragraph))
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 0
    pages = PdfReader(tmp_path / "out" / "h.pdf").pages
    lines = [line.strip() for page in pages for line in page.extract_text().split("\n")]
    assert len([line for line in lines if "\u00ab" in line]) > 10  # the paragraph runs over many lines
    stranded = [line for line in lines if line.endswith("\u00ab") or line.startswith("\u00bb")]
    assert stranded == []
