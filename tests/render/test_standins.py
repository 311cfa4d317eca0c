"""Typographic characters the fonts lack (U+2010, U+2011, U+202F, U+2009, U+2007, U+2060) print
with stand-in glyphs of the right width, never break a line, and copy out as typed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import page
import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from handoutkit.check.prose import prose
from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.load.yamlfile import load
from handoutkit.render import standins
from handoutkit.render.fonts import MeasuredFont, font_chain
from handoutkit.style.fontfiles import builtin_faces
from handoutkit.style.sheet import FontFamily

from ..helpers import MINIMAL, write

HYPHEN, NB_HYPHEN, NNBSP, THIN, FIGURE, JOINER = "\u2010", "\u2011", "\u202f", "\u2009", "\u2007", "\u2060"

# Per language: phrases holding the characters, each without an ordinary space, so that no line
# can break inside one and each must copy out exactly as typed.
PHRASES: dict[str, dict[str, Any]] = {
    "fr": {
        "title": f"Le{NB_HYPHEN}vaccin",
        "heading": f"Pourquoi{NNBSP}?",
        "paragraph": [
            f"01{NNBSP}23{NNBSP}45",
            f"10{THIN}mg",
            f"2{FIGURE}5",
            f"co{JOINER}opérer",
            f"mot{HYPHEN}composé",
        ],
        "bold": f"100{NNBSP}%",
        "item": f"rendez{NB_HYPHEN}vous{NNBSP};",
        "reference": f"Anti{NB_HYPHEN}grippe{NNBSP}:{THIN}10{NNBSP}%",
        "header": f"Clinique{NNBSP}:",
        "footer": f"e{NB_HYPHEN}mail{THIN}ici",
    },
    "es": {
        "title": f"La{NB_HYPHEN}vacuna",
        "heading": f"¿Por{NNBSP}qué?",
        "paragraph": [
            f"1{THIN}000{THIN}mg",
            f"3{FIGURE}7",
            f"anti{NB_HYPHEN}gripal",
            f"sub{JOINER}índice",
            f"ex{HYPHEN}alumno",
        ],
        "bold": f"50{NNBSP}%",
        "item": f"franco{NB_HYPHEN}español{NNBSP}:",
        "reference": f"Guía{NB_HYPHEN}rápida{THIN}de{NNBSP}pacientes",
        "header": f"Clínica{NNBSP}:",
        "footer": f"correo{NB_HYPHEN}e{THIN}aquí",
    },
    "en": {
        "title": f"Flu{NB_HYPHEN}shot",
        "heading": f"Why{NNBSP}now?",
        "paragraph": [f"5{THIN}mg", f"1{FIGURE}2", f"e{NB_HYPHEN}mail", f"co{JOINER}operate", f"well{HYPHEN}known"],
        "bold": f"20{NNBSP}%",
        "item": f"follow{NB_HYPHEN}up{NNBSP}visit",
        "reference": f"Self{NB_HYPHEN}care",
        "header": f"Clinic{NNBSP}line",
        "footer": f"x{NB_HYPHEN}ray{THIN}desk",
    },
}


def handout(language: str) -> str:
    words = PHRASES[language]
    return f"""\
title: "{words["title"]}"
reviewed: 2025-04-12
language: {language}
sections:
  - heading: "{words["heading"]}"
    blocks:
      - "{" ".join(words["paragraph"])} **{words["bold"]}** *{words["bold"]}* [@ref]."
      - bullets: ["{words["item"]}"]
references:
  - id: ref
    type: webpage
    title: "{words["reference"]}"
    container-title: National Cancer Institute
    URL: https://www.cancer.gov/
    accessed: 2025-02-10
"""


def expected(language: str) -> list[str]:
    words = PHRASES[language]
    singles = [words[key] for key in ("title", "heading", "bold", "item", "reference", "header", "footer")]
    return [*singles, *words["paragraph"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("standins")
    pdfs = {}
    for language, words in PHRASES.items():
        style = write(
            folder,
            f"{language}-style.yaml",
            f'extends: default\nheader:\n  left: "{words["header"]}"\n  right: "{words["header"]}"\n'
            f'footer:\n  left: "{words["footer"]}"\n  right: "{{page}}"\n',
        )
        source = write(folder, f"{language}.yaml", handout(language))
        assert main(["build", str(source), "--style", str(style), "--out", str(folder / "out")]) == 0
        pdfs[language] = folder / "out" / f"{language}.pdf"
    return pdfs


def pypdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def pdfium_chars(pdf: Path) -> list[tuple[str, float]]:
    """Each character PDFium reads on the first page, with the width of its box (its advance)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text = document[0].get_textpage()
        chars = []
        for index in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(index, loose=True)
            chars.append((chr(pdfium_c.FPDFText_GetUnicode(text.raw, index)), right - left))
        return chars
    finally:
        document.close()


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_copied_text_holds_the_characters_as_typed(built: dict[str, Path], language: str) -> None:
    """In the title, a heading, a paragraph (bold and italic too), a list item, a reference and the
    header and footer; read by pypdf and by PDFium, which both take text from the ToUnicode CMap."""
    by_pypdf = pypdf_text(built[language])
    by_pdfium = "".join(char for char, _ in pdfium_chars(built[language]))
    for phrase in expected(language):
        assert phrase in by_pypdf, f"pypdf lost {phrase!r}: {by_pypdf!r}"
        assert phrase in by_pdfium, f"PDFium lost {phrase!r}: {by_pdfium!r}"
    bold = PHRASES[language]["bold"]
    assert by_pypdf.count(bold) == 2  # in the bold face and in the italic one


def test_the_stand_ins_have_the_right_widths(built: dict[str, Path]) -> None:
    """At 13 pt in Atkinson Hyperlegible (its space is 0.28 em): a thin space and a narrow no-break
    space a fifth of an em, a figure space as wide as a digit, a word joiner no width."""
    widths: dict[str, set[float]] = {}
    for char, width in pdfium_chars(built["fr"]):
        widths.setdefault(char, set()).add(round(width, 2))
    size = 13
    space, digit = 0.28 * size, 0.648 * size  # Atkinson's space and 0: in the body text
    assert round(space, 2) in widths[" "]
    assert round(0.2 * size, 2) in widths[NNBSP] and 0.2 * size < space  # narrower than a space
    assert widths[THIN] >= {round(0.2 * size, 2)}
    assert widths[FIGURE] == {round(digit, 2)} and round(digit, 2) in widths["0"]
    assert widths[JOINER] == {0}
    assert round(0.368 * size, 2) in widths[NB_HYPHEN]  # the face's hyphen, in the body text


def test_the_pdf_gives_each_stand_in_its_code_width_and_glyph(built: dict[str, Path]) -> None:
    """The PDF/UA-1 checker compares each code's /Widths with its glyph in the embedded font
    program: the spaces are glyphs of their own, not the space glyph with another width."""
    for pdf in built.values():
        report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
        assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    with pikepdf.open(built["fr"]) as document:
        mapped: dict[str, float] = {}
        for font in document.pages[0].Resources.Font.values():
            if not str(font.BaseFont).endswith("AtkinsonHyperlegible-Regular"):
                continue
            cmap = font.ToUnicode.read_bytes().decode()
            for code, point in re.findall(r"^<([0-9A-F]{2})> <([0-9A-F]{4})>$", cmap, re.MULTILINE):
                mapped[chr(int(point, 16))] = float(font.Widths[int(code, 16) - int(font.FirstChar)])
    assert mapped[NNBSP] == mapped[THIN] == 200
    assert mapped[FIGURE] == mapped["0"] == 648
    assert mapped[JOINER] == 0
    assert mapped[NB_HYPHEN] == mapped[HYPHEN] == 368  # the face's own hyphen
    assert not any("\U000f0000" <= char <= "\U000fffff" for char in mapped)  # no private code copies out


def test_no_line_breaks_at_a_narrow_no_break_space_or_a_non_breaking_hyphen(tmp_path: Path) -> None:
    """A long paragraph of pairs joined by them: every line breaks at an ordinary space. The same
    paragraph with ordinary spaces breaks inside some pairs, so the pairs hold only by the stand-ins;
    with ASCII hyphens it breaks at none (ReportLab breaks at hyphens only when told to)."""
    pairs = [f"{n * 7}{NNBSP}millilitres" if n % 2 else f"rendez{NB_HYPHEN}vous" for n in range(1, 60)]
    paragraph = " ".join(f"{pair} {'de la' if n % 3 else 'a'}" for n, pair in enumerate(pairs))

    def lines(text: str, name: str) -> list[str]:
        body = MINIMAL.replace("A paragraph of text.", f'"{text}"').replace("reviewed", "language: fr\nreviewed")
        source = write(tmp_path, f"{name}.yaml", body)
        assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
        return pypdf_text(tmp_path / "out" / f"{name}.pdf").splitlines()

    joined = lines(paragraph, "joined")
    assert len(joined) > 10
    for line in joined:
        assert not line.startswith(("millilitres", "vous")), f"a line breaks inside a pair: {line!r}"
    tokens = re.split("[ \n]+", "\n".join(joined))  # split at ordinary spaces only
    assert sum(token in pairs for token in tokens) == len(pairs), "every pair is intact, as typed"
    plain = lines(paragraph.replace(NNBSP, " ").replace(NB_HYPHEN, "-"), "plain")
    assert any(line.startswith("millilitres") for line in plain), "the test paragraph never breaks at a pair"
    assert not any(line.startswith("vous") for line in plain)


@pytest.mark.parametrize(
    ("text", "where", "description"),
    [
        (f"Un{NNBSP}point{NNBSP}; e{NB_HYPHEN}mail \u0fff ici.", "6:27", "(U+0FFF)"),
        (f"Le{NB_HYPHEN}mot{THIN}ᚠ ici.", "6:16", "'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)"),
    ],
)
def test_a_character_still_missing_is_an_error_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, description: str
) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", text))
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{source}:{where}: error: the character {description} is in none of the fonts"), err
    assert err.count("error:") == 1  # the stand-in characters beside it are fine


def test_a_word_joiner_is_not_warned_of(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", f"co{JOINER}operate"))
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    assert "U+2060" not in capsys.readouterr().err


def test_the_prose_checks_count_joined_words_once(tmp_path: Path) -> None:
    text = f"Use e{NB_HYPHEN}mail and well{HYPHEN}known co{JOINER}operate 10{NNBSP}% 5{THIN}mg."
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", text))
    root = load(source, Report())
    assert root is not None
    blocks = [block for part in prose(root) for block in part.blocks]
    paragraph = next(block for block in blocks if block.kind == "paragraph")
    words = [word for sentence in paragraph.sentences for word in sentence.words]
    assert words == ["Use", f"e{NB_HYPHEN}mail", "and", f"well{HYPHEN}known", f"co{JOINER}operate", "10", "5", "mg"]


def family(name: str, files: dict[str, Path]) -> FontFamily:
    return FontFamily(name, *(str(files[face]) for face in ("regular", "bold", "italic", "bold_italic")))


def test_a_stand_in_never_changes_which_family_a_chain_takes() -> None:
    """The faces are shared by every chain of the process: a stand-in installed in Atkinson
    Hyperlegible must not hide Fira Sans's own figure space, or a real hyphen of a later family."""
    atkinson_files, fira_files = builtin_faces("Atkinson Hyperlegible"), builtin_faces("Fira Sans")
    assert atkinson_files and fira_files
    atkinson, fira = family("Atkinson Hyperlegible", atkinson_files), family("Fira Sans", fira_files)
    chain = font_chain((atkinson, fira))
    face = pdfmetrics.getFont(chain.primary.regular)
    assert isinstance(face, MeasuredFont)
    assert ord(NB_HYPHEN) in face.face.charToGlyph and ord(NB_HYPHEN) not in face.own
    assert chain.covers(NB_HYPHEN) and chain.covers(NNBSP) and chain.covers(JOINER)
    # A space goes with the text before it, as a code ReportLab takes for a letter.
    code = standins.TO_CODES[FIGURE]
    assert chain.runs(f"2{FIGURE}5") == [(chain.primary, f"2{code}5")]
    fira_first = font_chain((fira, atkinson))
    assert fira_first.runs(f"2{FIGURE}5") == [(fira_first.primary, f"2{code}5")]
    assert standins.typed(f"2{code}5") == f"2{FIGURE}5"
    # The common path: text the first family has is one run, unchanged.
    assert chain.runs("Plain text, 10 mg.") == [(chain.primary, "Plain text, 10 mg.")]


def test_a_later_family_with_a_real_hyphen_sets_it() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    names = {"regular": "DejaVuSans", "bold": "DejaVuSans-Bold", "italic": "DejaVuSans-Oblique"}
    files = {face: dejavu / f"{name}.ttf" for face, name in names.items()}
    files["bold_italic"] = dejavu / "DejaVuSans-BoldOblique.ttf"
    if not all(path.exists() for path in files.values()):
        pytest.skip("DejaVu Sans is not installed")
    atkinson_files = builtin_faces("Atkinson Hyperlegible")
    assert atkinson_files
    chain = font_chain((family("Atkinson Hyperlegible", atkinson_files), family("DejaVu Sans", files)))
    runs = chain.runs(f"e{NB_HYPHEN}mail")
    assert [run for _, run in runs] == ["e", NB_HYPHEN, "mail"]
    assert runs[1][0] is not chain.primary and runs[0][0] is chain.primary
    alone = font_chain((family("Atkinson Hyperlegible", atkinson_files),))
    assert alone.runs(f"e{NB_HYPHEN}mail") == [(alone.primary, f"e{NB_HYPHEN}mail")]  # its stand-in


def test_text_widths_are_measured_as_drawn() -> None:
    """The header's right text is placed by its measured width: the stand-in codes measure as drawn."""
    atkinson_files = builtin_faces("Atkinson Hyperlegible")
    assert atkinson_files
    chain = font_chain((family("Atkinson Hyperlegible", atkinson_files),))
    ((faces, run),) = chain.runs(f"a{NNBSP}b{FIGURE}0{JOINER}")
    measured = pdfmetrics.stringWidth(run, faces.regular, 10)
    assert measured == pytest.approx(pdfmetrics.stringWidth("ab00", faces.regular, 10) + 2)  # 0.2 em: 2 pt
