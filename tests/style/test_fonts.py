"""Fonts: every font embedded, real bold and italic faces, fallback, and no silent missing glyph."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader
from reportlab import rl_config

from handoutkit.cli.main import main
from handoutkit.language.catalog import supported_languages
from handoutkit.style.fontfiles import builtin_faces

from ..helpers import EXAMPLE, MINIMAL, ROOT, pdf_text, write
from ..language.test_languages import SPANISH, VIETNAMESE, runs_by_font

FONTS = "Atkinson Hyperlegible, Fira Sans, Noto Sans CJK, Noto Emoji, IBM Plex Sans Arabic, Hind"


def build(tmp_path: Path, source: Path, *args: str) -> int:
    return main(["build", str(source), "--out", str(tmp_path / "out"), *args])


def font_dicts(pdf: Path) -> list[dict[str, object]]:
    fonts = {}
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            fonts[ref.idnum] = ref.get_object()
    return list(fonts.values())


@pytest.mark.parametrize("source", [EXAMPLE, SPANISH, VIETNAMESE], ids=["en", "es", "vi"])
def test_every_font_is_embedded_truetype(tmp_path: Path, source: Path) -> None:
    assert build(tmp_path, source) == 0
    fonts = font_dicts(tmp_path / "out" / f"{source.stem}.pdf")
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()  # type: ignore[attr-defined]
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert "/ToUnicode" in font, font["/BaseFont"]  # so text copies out as typed


def test_bold_and_italic_runs_use_their_own_faces(tmp_path: Path) -> None:
    assert build(tmp_path, EXAMPLE) == 0
    runs = runs_by_font(tmp_path / "out" / "biological-therapy-for-cancer.pdf")
    assert "It turns the immune system up." in runs["AtkinsonHyperlegible-Bold"]
    assert "immunotherapy" in runs["AtkinsonHyperlegible-Italic"]
    assert "Biological therapy uses substances" in runs["AtkinsonHyperlegible-Regular"]
    assert "immunotherapy" not in runs["AtkinsonHyperlegible-Bold"]


def test_all_four_faces_are_different_font_files() -> None:
    for family in ("Atkinson Hyperlegible", "Fira Sans"):
        faces = builtin_faces(family)
        assert faces is not None
        assert len({path.read_bytes() for path in faces.values()}) == 4, family


def test_list_bullets_and_numbers_use_the_embedded_font(tmp_path: Path) -> None:
    assert build(tmp_path, EXAMPLE) == 0
    runs = runs_by_font(tmp_path / "out" / "biological-therapy-for-cancer.pdf")
    assert "•" in runs["AtkinsonHyperlegible-Regular"]
    assert "1." in runs["AtkinsonHyperlegible-Bold"]  # step numbers are bold
    assert not any(name.startswith(("Helvetica", "Symbol", "ZapfDingbats")) for name in runs)


@pytest.mark.parametrize("style", ["default", "example-clinic"])  # the clinic's has a logo image
def test_the_example_is_small_enough_to_attach_to_a_portal_message(tmp_path: Path, style: str) -> None:
    """Its hundreds of small objects (structure elements, links) go into compressed object streams,
    and every stream is compressed binary, without ReportLab's default ASCII85 on top."""
    setting = rl_config.useA85
    assert build(tmp_path, EXAMPLE, "--style", style) == 0
    pdf = tmp_path / "out" / "biological-therapy-for-cancer.pdf"
    assert pdf.stat().st_size < {"default": 63_000, "example-clinic": 67_000}[style]  # 3 KB of it PDF/A: XMP, sRGB
    with pikepdf.open(pdf) as document:
        assert document.check_pdf_syntax() == []
        streams = [obj for obj in document.objects if isinstance(obj, pikepdf.Stream)]
        assert sum(1 for obj in streams if obj.get("/Type") == "/ObjStm") >= 1
        assert document.trailer.get("/Type") == "/XRef"  # a cross-reference stream, not a table
        filters = {_filters(obj.get("/Filter")) for obj in streams if obj.get("/Type") != "/Metadata"}
        assert filters == {("/FlateDecode",)}  # the XMP metadata stays plain text, as readers expect
        images = [obj for obj in streams if obj.get("/Subtype") == "/Image"]
        assert len(images) == (0 if style == "default" else 2)  # the logo and its transparency
    assert rl_config.useA85 == setting  # ReportLab's own setting is put back after the build


def _filters(value: object) -> tuple[str, ...]:
    """A stream's /Filter as names: a name, an array of them, or none."""
    if value is None:
        return ()
    return tuple(str(name) for name in value) if isinstance(value, pikepdf.Array) else (str(value),)


@pytest.mark.parametrize(
    ("text", "where", "description", "fix"),
    [
        (
            "Tick ᚠ when done.",
            "6:14",
            "'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)",
            "replace it, or add a font family that has it",
        ),
        (
            "Smile 𓀀 please.",
            "6:15",
            "'𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001)",
            "replace it, or add a font family that has it",
        ),
        ("Private \ue000 use.", "6:17", "(U+E000)", "remove it: it is an invisible or control character"),
    ],
)
def test_a_character_no_font_has_is_an_error_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, where: str, description: str, fix: str
) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", text))
    assert build(tmp_path, source) == 1
    err = capsys.readouterr().err
    suffix = " to the style's fonts" if fix.startswith("replace") else ""
    message = f"the character {description} is in none of the fonts ({FONTS}); {fix}{suffix}"
    assert err == f"{source}:{where}: error: {message}\n"
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".handoutkit-lock"], "no PDF, only the folder's lock"


def test_check_reports_missing_glyphs_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL.replace("title: A small handout", "title: Check ᚠ"))
    assert main(["check", str(source)]) == 1
    assert f"{source}:1:14: error: the character 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)" in capsys.readouterr().err


def test_a_character_in_the_style_is_checked_at_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    style = write(tmp_path, "s.yaml", "extends: default\ncontact: 'Call ᚠ 555-0100'\n")
    source = write(tmp_path, "h.yaml", MINIMAL)
    assert build(tmp_path, source, "--style", str(style)) == 1
    assert f"{style}:2:10: error: the character 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("char", "name"),
    [("\u200b", "ZERO WIDTH SPACE"), ("\u200e", "LEFT-TO-RIGHT MARK"), ("\u200f", "RIGHT-TO-LEFT MARK")],
)
def test_an_invisible_character_is_a_warning_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str, name: str
) -> None:
    """Pasted text brings invisible characters: the fonts have them, but they split words in copied
    and read-aloud text; a soft hyphen, which marks where a long word may break, is left alone."""
    text = f"A para{char}graph of immuno\u00adtherapy."
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", text))
    assert build(tmp_path, source) == 0
    err = capsys.readouterr().err
    expected = (
        f"{source}:6:15: warning: the invisible character (U+{ord(char):04X} {name}) prints nothing, but stays "
        "in the text that is copied, searched and read aloud; delete it (it often comes with pasted text)\n"
    )
    assert expected in err
    assert "U+00AD" not in err
    assert "immunotherapy" in pdf_text(tmp_path / "out" / "h.pdf")


def test_a_translation_is_checked_on_the_handouts_it_prints_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A character missing from the French contact line stops French handouts, and only them."""
    style = write(tmp_path, "s.yaml", "extends: default\ntranslations:\n  fr:\n    contact: 'Appelez ᚠ 555-0100'\n")
    english = write(tmp_path, "en.yaml", MINIMAL)
    french = write(tmp_path, "fr.yaml", "language: fr-CA\n" + MINIMAL)
    assert build(tmp_path, english, "--style", str(style)) == 0
    assert build(tmp_path, french, "--style", str(style)) == 1
    err = capsys.readouterr().err
    assert f"{style}:4:14: error: the character 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)" in err
    assert not (tmp_path / "out" / "fr.pdf").exists()


def test_decomposed_accents_are_composed_and_printed(tmp_path: Path) -> None:
    """An 'e' followed by a combining circumflex and dot below is the Vietnamese letter ệ."""
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", "he\u0323\u0302 thống"))
    assert build(tmp_path, source) == 0
    assert "hệ thống" in pdf_text(tmp_path / "out" / "h.pdf")


def copy_family(folder: Path, family: str) -> dict[str, str]:
    faces = builtin_faces(family)
    assert faces is not None
    folder.mkdir(parents=True, exist_ok=True)
    for path in faces.values():
        shutil.copy(path, folder / path.name)
    return {face: f"fonts/{path.name}" for face, path in faces.items()}


def test_a_style_can_use_its_own_font_files(tmp_path: Path) -> None:
    faces = copy_family(tmp_path / "fonts", "Fira Sans")
    family = "\n".join(f"      {face}: {path}" for face, path in faces.items())
    style = write(
        tmp_path,
        "clinic.yaml",
        "extends: default\nfonts:\n  body: [Clinic Sans]\n  heading: Clinic Sans\n"
        f"  families:\n    Clinic Sans:\n{family}\n",
    )
    assert build(tmp_path, EXAMPLE, "--style", str(style)) == 0
    runs = runs_by_font(tmp_path / "out" / "biological-therapy-for-cancer.pdf")
    assert {"FiraSans-Regular", "FiraSans-Bold", "FiraSans-Italic"} <= set(runs)
    assert not any(name.startswith("Atkinson") for name in runs)


def fake_font(path: Path, tags: list[bytes]) -> None:
    """A font file's table directory only: enough to say what kind of font it is."""
    entries = b"".join(tag + b"\0" * 12 for tag in tags)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\x01\x00\x00" + struct.pack(">HHHH", len(tags), 0, 0, 0) + entries)


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        (
            [b"cmap", b"fvar", b"glyf"],
            "is a variable font, which would draw every weight the same; give static faces "
            "(for example NotoSans-Bold.ttf)",
        ),
        ([b"CFF ", b"cmap"], "has PostScript (CFF) outlines; give a TrueType (.ttf) face"),
    ],
)
def test_font_files_a_pdf_cannot_use_well_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tags: list[bytes], problem: str
) -> None:
    faces = copy_family(tmp_path / "fonts", "Fira Sans")
    fake_font(tmp_path / "fonts" / "Var.ttf", tags)
    faces["bold"] = "fonts/Var.ttf"
    family = "\n".join(f"      {face}: {path}" for face, path in faces.items())
    style = write(tmp_path, "v.yaml", f"extends: default\nfonts:\n  families:\n    Var Sans:\n{family}\n")
    assert build(tmp_path, EXAMPLE, "--style", str(style)) == 1
    path = tmp_path / "fonts" / "Var.ttf"
    assert f"{style}:6:13: error: 'bold' of font family 'Var Sans': '{path}' {problem}" in capsys.readouterr().err


def test_a_missing_or_non_font_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    faces = copy_family(tmp_path / "fonts", "Fira Sans")
    (tmp_path / "fonts" / "notes.ttf").write_text("These are my notes, not a font file.", encoding="utf-8")
    faces["italic"], faces["bold"] = "fonts/notes.ttf", "fonts/missing.ttf"
    family = "\n".join(f"      {face}: {path}" for face, path in faces.items())
    style = write(tmp_path, "v.yaml", f"extends: default\nfonts:\n  families:\n    Bad Sans:\n{family}\n")
    assert build(tmp_path, EXAMPLE, "--style", str(style)) == 1
    err = capsys.readouterr().err
    assert f"{style}:6:13: error: 'bold' of font family 'Bad Sans': cannot read '{tmp_path}/fonts/missing.ttf'" in err
    assert (
        f"{style}:7:15: error: 'italic' of font family 'Bad Sans': '{tmp_path}/fonts/notes.ttf': "
        "the file is not a TrueType or OpenType font" in err
    )


def test_the_manual_names_the_fonts_and_every_language() -> None:

    manual = (ROOT / "docs" / "languages.md").read_text(encoding="utf-8")
    assert "Atkinson Hyperlegible" in manual and "Fira Sans" in manual
    assert ", ".join(supported_languages()) in manual


def test_bold_italic_text_uses_the_bold_italic_face(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", "'Plain ***both at once*** plain'"))
    assert build(tmp_path, source) == 0
    runs = runs_by_font(tmp_path / "out" / "h.pdf")
    assert runs["AtkinsonHyperlegible-BoldItalic"] == "both at once"


def test_a_face_remembers_widths_exactly_and_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    from handoutkit.render import fonts

    faces = builtin_faces("Atkinson Hyperlegible")
    assert faces is not None
    path = str(faces["regular"])
    measured, plain = fonts.MeasuredFont("measured-test", path), TTFont("plain-test", path)
    words = ["Biological", "therapy", "té", "<&>", ""]
    for size in (12.0, 13.5):
        for word in words:
            assert measured.stringWidth(word, size) == plain.stringWidth(word, size)
    assert measured._widths[("therapy", 13.5)] == plain.stringWidth("therapy", 13.5)  # remembered
    assert measured.stringWidth("té".encode(), 12.0) == plain.stringWidth("té", 12.0)  # bytes: decoded, not kept
    assert len(measured._widths) == 2 * len(words)

    monkeypatch.setattr(fonts, "_WIDTHS_KEPT", 3)
    for word in ("one", "two", "three", "four"):
        measured.stringWidth(word, 9.0)
    assert len(measured._widths) <= 3  # emptied when full: a long batch's memory stays flat
    assert measured.stringWidth("four", 9.0) == plain.stringWidth("four", 9.0)


def test_registered_faces_remember_widths(tmp_path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics

    from handoutkit.render import fonts

    assert build(tmp_path, EXAMPLE) == 0
    registered = [pdfmetrics.getFont(name) for name in pdfmetrics.getRegisteredFontNames()]
    regular = [font for font in registered if font.fontName.endswith("-Regular")]
    assert regular and all(isinstance(font, fonts.MeasuredFont) for font in regular)
    assert any(font._widths for font in regular)  # the build measured its words through the memo


def test_characters_found_fine_are_remembered_and_problems_reported_every_time() -> None:
    from handoutkit.check import coverage
    from handoutkit.diagnostics import Position, Report

    asked: list[str] = []

    def covers(char: str) -> bool:
        asked.append(char)
        return char != "\u2610"

    def check(text: str) -> list[str]:
        report = Report()
        coverage.check_text(text, covers, "Test Sans", report, at=Position("h.yaml", 3, 1))
        return [d.message.split(";")[0] for d in report.items]

    assert check("ab c") == []
    assert sorted(asked) == ["a", "b", "c"]  # white space is never asked about
    assert coverage._FINE[covers] >= {"a", "b", "c"}
    asked.clear()
    missing = "the character '\u2610' (U+2610 BALLOT BOX) is in none of the fonts (Test Sans)"
    invisible = (
        "the invisible character (U+200B ZERO WIDTH SPACE) prints nothing, "
        "but stays in the text that is copied, searched and read aloud"
    )
    assert check("ba \u2610") == [missing]
    assert asked == ["\u2610"]  # a and b were known to be fine
    assert check("c\u2610\u200b") == [missing, invisible]  # a handout with them fails each time
    assert check("\u200b") == [invisible]
