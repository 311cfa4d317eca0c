"""Arabic (right to left, letters joined, English words and numbers inside) and Hindi (conjuncts)
built with the default command and style, read back as a patient's software reads them."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import pypdf
import pytest
from pdfminer.high_level import extract_text

from handoutkit.cli.main import main

from .helpers import write

HANDOUTS = {
    "ar": (
        "العلاج البيولوجي للسرطان",
        "الآثار الجانبية",
        [
            "تناول دواء pembrolizumab مرتين يوميا لمدة 21 يوما.",
            "إذا كانت حرارتك أعلى من 38 درجة، اتصل بفريق الرعاية (الطبيب أو الممرضة) فورا.",
            "قد تبدأ الآثار الجانبية في أي وقت، حتى بعد انتهاء العلاج بأشهر. أخبر فريقك عن كل عرض جديد.",
        ],
    ),
    "hi": (
        "कैंसर के लिए जैविक चिकित्सा",
        "दुष्प्रभाव",
        [
            "दवा pembrolizumab हर 3 सप्ताह में दी जाती है।",
            "यदि आपको बुखार है या नया चकत्ता है, तो तुरंत अपनी देखभाल टीम को फ़ोन करें।",
            "क्षेत्र, श्री, कर्क और किडनी जैसे शब्द जुड़े अक्षरों से बनते हैं।",
        ],
    ),
}


def handout(language: str) -> str:
    title, heading, paragraphs = HANDOUTS[language]
    blocks = "".join(f"      - {text}\n" for text in paragraphs)
    bullets = "      - bullets:\n" + "".join(f"          - {text}\n" for text in paragraphs[:2])
    note = f"      - note: {paragraphs[1]}\n        kind: warning\n"
    return (
        f"title: {title}\nlanguage: {language}\nreviewed: 2025-04-12\n"
        f"sections:\n  - heading: {heading}\n    blocks:\n{blocks}{bullets}{note}"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("shaped") / "source"
    for language in HANDOUTS:
        write(source, f"{language}.yaml", handout(language))
    out = source.parent / "out"
    assert main(["build", str(source), "--out", str(out)]) == 0
    return out


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("language", sorted(HANDOUTS))
def test_pypdf_copies_out_each_paragraph_in_logical_order(built: Path, language: str) -> None:
    copied = lines_of(pypdf.PdfReader(built / f"{language}.pdf").pages[0].extract_text())
    title, heading, paragraphs = HANDOUTS[language]
    assert copied[:2] == [title, heading]
    text = " ".join(copied)  # a paragraph that wraps is its lines, a line break for the space between
    for paragraph in paragraphs:
        assert paragraph in text, paragraph
    assert text.count(paragraphs[1]) == 3  # as a paragraph, a list item and a note


def test_pdfminer_copies_out_the_hindi_paragraphs(built: Path) -> None:
    copied = lines_of(extract_text(built / "hi.pdf"))
    assert set(HANDOUTS["hi"][2]) <= set(copied)


@pytest.mark.parametrize("language", sorted(HANDOUTS))
def test_shaped_handouts_pass_pdf_ua_with_their_language(built: Path, language: str) -> None:
    pdf = built / f"{language}.pdf"
    result = page.validate_pdf(str(pdf), profile=page.ValidationProfile.PDF_UA_1)
    assert result.is_compliant, [(f.rule_id, f.message) for f in result.failures]
    with pikepdf.open(pdf) as opened:
        assert str(opened.Root.Lang) == language


def chars_at(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each character pdfminer finds on page 1: itself, its left and right ends, its baseline."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    found: list[tuple[str, float, float, float]] = []

    def walk(item: object) -> None:
        if isinstance(item, LTChar):
            found.append((item.get_text(), item.x0, item.x1, item.y0))
            return
        for child in getattr(item, "_objs", []) or []:
            walk(child)

    for layout in extract_pages(pdf, page_numbers=[0]):
        walk(layout)
    return found


LEFT, RIGHT = 93.6, 612 - 93.6  # Letter, the default style's margins of 1.3 in


def test_arabic_is_set_flush_right_with_its_bullets_and_note_bar_on_the_right(built: Path) -> None:
    chars = chars_at(built / "ar.pdf")
    body = [c for c in chars if 80 < c[3] < 700 and c[0].strip()]
    assert abs(max(c[2] for c in body) - RIGHT) < 1.0
    bullets = [x0 for text, x0, _, _ in body if text == "\u2022"]
    assert len(bullets) == 2 and all(x0 > RIGHT - 20 for x0 in bullets)
    assert _bar_columns(built / "ar.pdf") == pytest.approx((RIGHT - 4, RIGHT), abs=1.5)
    hindi = [c for c in chars_at(built / "hi.pdf") if 80 < c[3] < 700 and c[0].strip()]
    assert abs(min(c[1] for c in hindi) - LEFT) < 1.0  # Hindi runs left to right


def _bar_columns(pdf: Path) -> tuple[float, float]:
    """Where, left to right in points, page 1 shows the warning note's bar colour."""
    import pypdfium2

    from handoutkit.diagnostics import Report
    from handoutkit.style.files import load_stylesheet

    sheet = load_stylesheet("default", Report())
    assert sheet is not None
    colour = tuple(int(sheet.colors.warning_border.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil().convert("RGB")
    columns = [
        x for x in range(image.width) if any(image.getpixel((x, y)) == colour for y in range(0, image.height, 4))
    ]
    return columns[0] / 2, (columns[-1] + 1) / 2


def test_the_header_is_mirrored_in_a_right_to_left_handout(built: Path) -> None:
    header = [c for c in chars_at(built / "ar.pdf") if c[3] > 740 and c[0].strip()]
    rightmost = max(header, key=lambda c: c[2])
    leftmost = min(header, key=lambda c: c[1])
    assert abs(rightmost[2] - RIGHT) < 1.0 and rightmost[0] in "تثقيف المرضى"  # the organisation
    assert abs(leftmost[1] - LEFT) < 1.0 and leftmost[0] in "هل لديك أسئلة؟ اتصل بفريق الرعاية الخاص بك."


def test_a_conjunct_s_glyph_copies_as_all_its_characters(built: Path) -> None:
    """क्ष is one glyph; its ToUnicode entry gives back the three characters (no private-use code)."""
    with pikepdf.open(built / "hi.pdf") as opened:
        cmaps = [
            font.ToUnicode.read_bytes().decode()
            for font in opened.pages[0].Resources.Font.values()
            if "/ToUnicode" in font
        ]
    every = "\n".join(cmaps)
    assert "<0915094D0937>" in every  # क ् ष
    assert "<E0" not in every and "<F8" not in every


def test_an_arabic_table_starts_on_the_right_and_a_checklist_s_boxes_stand_on_the_right(tmp_path: Path) -> None:
    text = (
        "title: جدول\nlanguage: ar\nreviewed: 2025-04-12\nsections:\n  - heading: الآثار\n    blocks:\n"
        "      - table:\n          columns: [الأثر, ماذا تفعل]\n          rows:\n            - [الحمى, اتصل فورا]\n"
        "      - checklist:\n          items: [قائمة أدويتك, أسئلتك]\n          fillable: true\n"
    )
    source = write(tmp_path, "ar.yaml", text)
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    pdf = tmp_path / "out" / "ar.pdf"
    copied = lines_of(pypdf.PdfReader(pdf).pages[0].extract_text())
    assert "الأثر" in copied[2] and "قائمة أدويتك" in copied
    chars = chars_at(pdf)

    def right_end(word: str) -> float:
        return max(x1 for char, _, x1, _ in chars if char in word and char.strip())

    first_column = [c for c in chars if c[0] in "الأثر" and c[0].strip()]
    second_column = [c for c in chars if c[0] in "ماذا" and c[0].strip()]
    assert first_column and second_column
    assert right_end("الأثر") > 400 > min(c[1] for c in chars if c[0] == "ذ")  # first column on the right
    with pikepdf.open(pdf) as opened:
        boxes = [annot.Rect for annot in opened.pages[0].Annots if annot.get("/FT") == "/Btn"]
    assert len(boxes) == 2 and all(float(rect[0]) > RIGHT - 20 for rect in boxes)
    assert page.validate_pdf(str(pdf), profile=page.ValidationProfile.PDF_UA_1).is_compliant


def test_a_long_arabic_paragraph_splits_across_pages_and_copies_out_whole(tmp_path: Path) -> None:
    sentence = HANDOUTS["ar"][2][0] + " "
    paragraph = (sentence * 30).strip()
    blocks = "".join(f"      - {paragraph}\n" for _ in range(4))
    text = f"title: نص طويل\nlanguage: ar\nreviewed: 2025-04-12\nsections:\n  - heading: نص\n    blocks:\n{blocks}"
    assert main(["build", str(write(tmp_path, "long.yaml", text)), "--out", str(tmp_path / "out")]) == 0
    reader = pypdf.PdfReader(tmp_path / "out" / "long.pdf")
    assert len(reader.pages) >= 2
    body = [
        line
        for page_ in reader.pages
        for line in lines_of(page_.extract_text())
        if line not in ("نص طويل", "نص") and "تثقيف" not in line and "صفحة" not in line
    ]
    assert " ".join(body) == " ".join([paragraph] * 4)


def test_invisible_characters_keep_their_place_in_the_levels() -> None:
    """The bidirectional algorithm drops a zero-width space and the embedding controls (rule X9);
    each still has a level, so the text and its levels stay the same length."""
    from handoutkit.render.shaping import levels

    text = "\u200bتناول\u200b دواء pembrolizumab\u202b مرتين"
    assert len(levels(text, rtl=True)) == len(text)
