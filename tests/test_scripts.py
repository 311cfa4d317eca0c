"""Handouts in the scripts patients read: Chinese (both scripts), Japanese, Korean, Russian, Tagalog,
Haitian Creole and Polish, built with the default command and style, read back as a patient's
software reads them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import page
import pikepdf
import pypdf
import pytest
from pdfminer.high_level import extract_text

from handoutkit.cli.main import main

from .helpers import write

HANDOUTS = {
    "zh-Hans": (
        "癌症的生物疗法",
        [
            "生物疗法用来自生物体的物质治疗癌症。它们可以由身体自己制造，也可以在实验室里制造（例如单克隆抗体）。",
            "常用药物包括 pembrolizumab（Keytruda®）和 nivolumab，剂量为 200 mg，每 3 周一次。如果体温超过 38℃，请马上打电话给您的医疗团队！",
            "“免疫检查点抑制剂”会松开免疫系统的“刹车”，让免疫细胞攻击癌细胞。副作用随时都可能开始，甚至在治疗结束以后。",
        ],
    ),
    "zh-Hant": (
        "癌症的生物療法",
        [
            "生物療法用來自生物體的物質治療癌症。它們可以由身體自己製造，也可以在實驗室裡製造（例如單株抗體）。",
            "如果您發燒超過 38℃，或出現新的皮疹，請立即打電話給您的醫療團隊。常用藥物包括 pembrolizumab（Keytruda®）。",
        ],
    ),
    "ja": (
        "がんの生物学的療法",
        [
            "生物学的療法は、生き物からつくられた物質でがんを治療します。体の免疫のしくみを助けるものが多くあります。",
            "熱が 38℃ 以上のときや、新しい発疹が出たときは、すぐに医療チームに電話してください。吉田さんと𠮷野さんへ 😀。",
        ],
    ),
    "ko": (
        "암의 생물학적 치료",
        [
            "생물학적 치료는 살아 있는 것에서 얻은 물질로 암을 치료합니다. 많은 치료가 면역 체계를 돕습니다.",
            "열이 38℃ 이상이거나 새로운 발진이 생기면 바로 의료진에게 전화하세요. 흔히 쓰는 약으로는 pembrolizumab(Keytruda®)이 있습니다.",
        ],
    ),
    "ru": (
        "Биологическая терапия рака",
        [
            "Биологическая терапия лечит рак веществами, полученными из живых организмов.",
            "Если температура выше 38 °C или появилась новая сыпь, сразу позвоните своей медицинской команде.",
        ],
    ),
    "tl": (
        "Biological therapy para sa kanser",
        [
            "Ginagamot ng biological therapy ang kanser gamit ang mga sangkap mula sa mga buhay na bagay.",
            "Kung ang iyong lagnat ay higit sa 38 °C o may bagong pantal, tumawag agad sa iyong care team.",
        ],
    ),
    "ht": (
        "Terapi byolojik pou kansè",
        [
            "Terapi byolojik trete kansè ak bagay ki soti nan sa ki vivan.",
            "Si ou gen lafyèv, rele ekip swen ou touswit.",
        ],
    ),
    "pl": (
        "Terapia biologiczna nowotworów",
        [
            "Terapia biologiczna leczy nowotwory substancjami pochodzącymi z żywych organizmów.",
            "Zadzwoń od razu, gdy masz gorączkę.",
        ],
    ),
}
WRITTEN_WITHOUT_SPACES = ("zh-Hans", "zh-Hant", "ja")


def handout(language: str) -> str:
    title, paragraphs = HANDOUTS[language]
    blocks = "".join(f"      - {text}\n" for text in paragraphs)
    return f"title: {title}\nlanguage: {language}\nreviewed: 2025-04-12\nsections:\n  - heading: {title}\n    blocks:\n{blocks}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("scripts") / "source"
    for language in HANDOUTS:
        write(source, f"{language}.yaml", handout(language))
    out = source.parent / "out"
    assert main(["build", str(source), "--out", str(out), "--jobs", "2"]) == 0
    return out


def normal(text: str, language: str) -> str:
    """White space normalised: collapsed, and for Chinese and Japanese dropped (a line break inside a
    paragraph is not in the source)."""
    text = unicodedata.normalize("NFC", text)
    if language in WRITTEN_WITHOUT_SPACES:
        return re.sub(r"\s+", "", text)
    return " ".join(text.split())


@pytest.mark.parametrize("language", sorted(HANDOUTS))
def test_the_copied_text_is_the_source_text(built: Path, language: str) -> None:
    pdf = built / f"{language}.pdf"
    by_pypdf = normal("\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages), language)
    by_pdfminer = normal(extract_text(pdf), language)
    title, paragraphs = HANDOUTS[language]
    for text in (title, *paragraphs):
        assert normal(text, language) in by_pypdf, f"pypdf: {text}"
        assert normal(text, language) in by_pdfminer, f"pdfminer: {text}"


@pytest.mark.parametrize("language", sorted(HANDOUTS))
def test_every_script_passes_pdf_ua_with_its_language(built: Path, language: str) -> None:
    pdf = built / f"{language}.pdf"
    result = page.validate_pdf(str(pdf), profile=page.ValidationProfile.PDF_UA_1)
    assert result.is_compliant, result
    with pikepdf.open(pdf) as opened:
        assert str(opened.Root.Lang) == language


def test_each_language_sets_han_characters_in_its_own_noto_family(built: Path) -> None:
    fonts = {}
    for language in ("zh-Hans", "zh-Hant", "ja", "ko"):
        with pikepdf.open(built / f"{language}.pdf") as opened:
            names = {str(font.BaseFont) for p in opened.pages for font in p.Resources.Font.values()}
        fonts[language] = {name.split("+")[-1] for name in names if "Noto" in name}
    assert fonts == {  # the text, and the bold title and heading
        "zh-Hans": {"NotoSansSC-Regular", "NotoSansSC-Bold"},
        "zh-Hant": {"NotoSansTC-Regular", "NotoSansTC-Bold"},
        "ja": {"NotoSansJP-Regular", "NotoSansJP-Bold", "NotoEmoji-Regular"},
        "ko": {"NotoSansKR-Regular", "NotoSansKR-Bold"},
    }


def test_no_chinese_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(built: Path) -> None:
    text = pypdf.PdfReader(built / "zh-Hans.pdf").pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 6  # the paragraphs did break into lines
    assert not [line for line in lines if line[0] in "，。、；：！？）」』】》”"]
    assert not [line for line in lines if line[-1] in "（「『【《“"]


def test_characters_above_u_ffff_copy_out(built: Path) -> None:
    """𠮷 (CJK Extension B) and 😀 map to UTF-16 surrogate pairs in the ToUnicode CMap."""
    pdf = built / "ja.pdf"
    for text in (pypdf.PdfReader(pdf).pages[0].extract_text(), extract_text(pdf)):
        assert "𠮷野さん" in text and "😀" in text


def test_latin_letters_stay_in_atkinson_hyperlegible_and_cyrillic_goes_to_fira_sans(built: Path) -> None:
    with pikepdf.open(built / "ru.pdf") as opened:
        names = {str(font.BaseFont).split("+")[-1] for p in opened.pages for font in p.Resources.Font.values()}
    assert {"FiraSans-Regular", "AtkinsonHyperlegible-Regular"} <= names
    assert not [name for name in names if "Noto" in name]


@pytest.mark.parametrize(
    ("language", "organization", "page_words"),
    [
        ("zh-Hans", "患者教育", "第 1 页，共 1 页"),
        ("zh-Hant", "病人衛教", "第 1 頁，共 1 頁"),
        ("ko", "환자 교육", "1쪽 중 1쪽"),
    ],
)
def test_the_default_style_prints_its_header_and_footer_in_the_language(
    built: Path, language: str, organization: str, page_words: str
) -> None:
    text = normal(pypdf.PdfReader(built / f"{language}.pdf").pages[0].extract_text(), "zh-Hans")
    assert normal(organization, "zh-Hans") in text and normal(page_words, "zh-Hans") in text


def test_a_chinese_paragraph_split_across_pages_copies_out_without_added_spaces(tmp_path: Path) -> None:
    """ReportLab ends each line of a split paragraph's parts with a space; Chinese lines get none."""
    text = HANDOUTS["zh-Hans"][1][0] * 4  # no space in it, a line break anywhere
    blocks = "".join(f"      - {text}\n" for _ in range(12))
    write(
        tmp_path,
        "long.yaml",
        f"title: 长\nlanguage: zh-Hans\nreviewed: 2025-04-12\nsections:\n  - heading: 长\n    blocks:\n{blocks}",
    )
    assert main(["build", str(tmp_path / "long.yaml"), "--out", str(tmp_path / "out")]) == 0
    pdf = tmp_path / "out" / "long.pdf"
    pages = [p.extract_text() for p in pypdf.PdfReader(pdf).pages]
    assert len(pages) > 1
    for copied in (*pages, extract_text(pdf)):
        lines = [line for line in copied.splitlines() if len(line) > 12 and set(line.strip()) <= set(text)]
        assert lines and all(line in text for line in lines), [line for line in lines if line not in text]


def test_a_printed_link_target_in_chinese_is_in_full_width_brackets(tmp_path: Path) -> None:
    text = "有问题请打电话给[护士热线](tel:+1-555-010-0100)。"
    write(
        tmp_path,
        "call.yaml",
        f"title: 电话\nlanguage: zh-Hans\nreviewed: 2025-04-12\nsections:\n  - heading: 电话\n    blocks:\n      - '{text}'\n",
    )
    assert main(["build", str(tmp_path / "call.yaml"), "--out", str(tmp_path / "out")]) == 0
    copied = normal(pypdf.PdfReader(tmp_path / "out" / "call.pdf").pages[0].extract_text(), "ko")
    assert "有问题请打电话给护士热线（+1 555-010-0100）。" in copied
