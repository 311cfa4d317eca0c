"""Languages: the Spanish edition, a Vietnamese handout, fixed words and dates from the catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.language import catalog as words_module
from handoutkit.language.catalog import load_words
from handoutkit.language.words import KEYS

from ..helpers import MINIMAL, ROOT, assert_in_order, normalise, pdf_text, write

SPANISH = ROOT / "source" / "terapia-biologica-contra-el-cancer.yaml"
VIETNAMESE = ROOT / "tests" / "data" / "vietnamese.yaml"


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("es")
    assert main(["build", str(SPANISH), "--out", str(out)]) == 0
    return out / f"{SPANISH.stem}.pdf"


@pytest.fixture(scope="module")
def vietnamese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vi")
    assert main(["build", str(VIETNAMESE), "--out", str(out)]) == 0
    return out / f"{VIETNAMESE.stem}.pdf"


def test_spanish_text_extracts_exactly_as_written(spanish: Path) -> None:
    text = pdf_text(spanish)
    assert_in_order(
        text,
        [
            "Terapia biológica contra el cáncer",
            "¿Qué es la terapia biológica?",
            "¿Por qué se usa?",
            "• ",  # list bullets survive as the bullet character, not dropped or garbled
            "Cuándo llamar a su equipo de atención médica",
            "Llame de inmediato, de día o de noche",
            "Referencias",
            "1. Immunotherapy to treat cancer. National Cancer Institute. Consultado el 10 de febrero de 2025.",
        ],
    )
    assert "señales" in text


def test_spanish_fixed_words_dates_and_language(spanish: Path) -> None:
    reader = PdfReader(spanish)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = normalise(page.extract_text())
        assert f"Página {number} de {total}" in text
        assert "Revisado: 12 de abril de 2025" in text
        assert "Educación para pacientes" in text  # the style's translation of its organisation
    assert reader.trailer["/Root"]["/Lang"] == "es"
    outline = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert outline[0] == "¿Qué es la terapia biológica?"
    assert outline[-1] == "Referencias"


def test_vietnamese_diacritics_extract_exactly(vietnamese: Path) -> None:
    text = pdf_text(vietnamese)
    assert_in_order(
        text,
        [
            "Liệu pháp sinh học điều trị ung thư",
            "hệ miễn dịch",
            "• Thuốc ức chế điểm kiểm soát miễn dịch",
            "Tài liệu tham khảo",
            "Truy cập ngày 10 tháng 2, 2025",
            "Ngày xem xét: 12 tháng 4, 2025",
            "Trang 1/1",
        ],
    )
    for letters in ("ệ", "ữ", "ở", "đ"):
        assert letters in text
    assert PdfReader(vietnamese).trailer["/Root"]["/Lang"] == "vi"


def runs_by_font(pdf: Path) -> dict[str, str]:
    """All text of a PDF grouped by the base font that set it (subset prefix removed)."""
    found: dict[str, str] = {}

    def visit(text: str, cm: object, tm: object, font: dict[str, object] | None, size: float) -> None:
        if font is not None and text.strip():
            name = str(font["/BaseFont"]).split("+")[-1]
            found[name] = found.get(name, "") + text

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_letters_the_first_font_lacks_come_from_the_fallback_inside_a_paragraph(vietnamese: Path) -> None:
    runs = runs_by_font(vietnamese)
    # Atkinson Hyperlegible has no ệ, ữ or ở; Fira Sans sets them, within the same words.
    assert {"ệ", "ữ", "ở"} <= set(runs["FiraSans-Regular"])
    assert "đ" in runs["AtkinsonHyperlegible-Regular"]  # it does have đ, so it keeps it
    assert not {"ệ", "ữ", "ở"} & set(runs["AtkinsonHyperlegible-Regular"])
    assert "ệ" in runs.get("FiraSans-Bold", "")  # a bold heading falls back to the bold face


def test_every_catalog_has_every_word_and_real_dates() -> None:
    for language, reviewed in [
        ("en", "Reviewed: April 12, 2025"),
        ("es", "Revisado: 12 de abril de 2025"),
        ("fr", "Révisé le 12 avril 2025"),
        ("pt", "Revisado em 12 de abril de 2025"),
        ("vi", "Ngày xem xét: 12 tháng 4, 2025"),
        ("zh-Hans", "审核日期：2025年4月12日"),
        ("zh-TW", "審核日期：2025年4月12日"),
        ("ja", "確認日：2025年4月12日"),
        ("ko", "검토일: 2025년 4월 12일"),
        ("ru", "Проверено: 12 апреля 2025\u202fг."),
        ("tl", "Sinuri: Abril 12, 2025"),
        ("ht", "Revize: 12 avril 2025"),  # CLDR has no Haitian Creole months: the catalog's
        ("pl", "Sprawdzono: 12 kwietnia 2025"),
    ]:
        report = Report()
        words = load_words(language, report)
        assert words is not None, report.items
        import datetime

        assert words.dated("reviewed", datetime.date(2025, 4, 12)) == reviewed


def test_a_project_catalog_adds_a_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english = (ROOT / "build_scripts" / "handoutkit" / "language" / "catalogs" / "en.yaml").read_text(encoding="utf-8")
    write(tmp_path, "catalogs/de.yaml", english.replace("References", "Quellen").replace("Page {page}", "Seite {page}"))
    source = write(tmp_path, "h.yaml", MINIMAL + "language: de\nreferences: []\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "styles").symlink_to(ROOT / "styles")
    assert main(["build", str(source), "--out", "out"]) == 0
    text = pdf_text(tmp_path / "out" / "h.pdf")
    assert "Reviewed: 12. April 2025" in text  # German date from CLDR; words from the new catalog
    assert "Seite 1 of 1" in text


def test_a_project_catalog_can_change_one_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "catalogs/en.yaml", "reviewed: 'Last checked {date}'\n")
    source = write(tmp_path, "h.yaml", MINIMAL)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "styles").symlink_to(ROOT / "styles")
    assert main(["build", str(source), "--out", "out"]) == 0
    assert "Last checked April 12, 2025" in pdf_text(tmp_path / "out" / "h.pdf")


@pytest.mark.parametrize(
    ("catalog", "message"),
    [
        ("referenses: Refs\n", "1:1: error: unknown key 'referenses' in a catalog; did you mean 'references'?"),
        ("reviewed: 'Checked {day}'\n", "1:20: error: 'reviewed' cannot use {day}; allowed: {date}"),
        ("unreviewed: some\n", "1:13: error: 'unreviewed' is 'all' or a list of the catalog's keys"),
        (
            "unreviewed: [reviewd]\n",
            "1:14: error: 'unreviewed' lists 'reviewd', which is not a key; did you mean 'reviewed'?",
        ),
        ("months: [a, b]\n", "1:9: error: 'months' names the twelve months, January first; it has 2"),
    ],
)
def test_catalog_mistakes_are_errors_with_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog: str, message: str
) -> None:
    write(tmp_path, "catalogs/en.yaml", catalog)
    monkeypatch.chdir(tmp_path)
    report = Report()
    assert load_words("en", report) is None
    assert [str(d) for d in report.sorted()] == [f"catalogs/en.yaml:{message}"]


def test_a_catalog_read_once_gives_its_mistakes_to_every_handout_and_is_read_again_when_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library build reads a catalog once; every handout still reports its mistakes, and a
    catalog edited between two builds in one process is read again."""
    catalog = write(tmp_path, "catalogs/en.yaml", "referenses: Refs\n")
    monkeypatch.chdir(tmp_path)
    read: list[Path] = []
    real_load = words_module.yamlfile.load
    monkeypatch.setattr(
        words_module.yamlfile, "load", lambda path, *a, **k: read.append(path) or real_load(path, *a, **k)
    )
    first, second = Report(), Report()
    assert load_words("en", first) is None and load_words("en", second) is None
    assert [str(d) for d in second.sorted()] == [str(d) for d in first.sorted()] != []
    assert Path("catalogs/en.yaml") in read and len(read) == len(set(read))  # each file read once
    catalog.write_text("reviewed: 'Last checked on {date}'\n", encoding="utf-8")
    fixed = Report()
    words = load_words("en", fixed)
    assert fixed.items == [] and words is not None
    assert words.template("reviewed") == "Last checked on {date}"


def test_spanish_punctuation_and_letters_survive_extraction(tmp_path: Path) -> None:
    text = "¿Qué hace? ¡Sí! El pingüino siente vergüenza; el niño tiene un año."
    source = write(tmp_path, "es.yaml", MINIMAL.replace("A paragraph of text.", f"'{text}'") + "language: es\n")
    assert main(["build", str(source), "--out", str(tmp_path / "out")]) == 0
    assert text in pdf_text(tmp_path / "out" / "es.pdf")


@pytest.mark.parametrize(
    ("tag", "catalog"),
    [
        ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh-Hans-HK", "zh-Hans"),
        ("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-MO", "zh-Hant"),
        ("ja-JP", "ja"), ("ko", "ko"), ("pt-BR", "pt"), ("ru-RU", "ru"),
    ],
)  # fmt: skip
def test_chinese_takes_the_catalog_of_its_script(tag: str, catalog: str) -> None:
    words = load_words(tag, Report())
    assert words is not None and words.catalog == catalog and words.language == tag


def test_the_new_catalogs_await_review_and_the_reviewed_ones_do_not() -> None:
    for language in ("zh-Hans", "zh-Hant", "ja", "ko", "ru", "tl", "ht", "pl"):
        words = load_words(language, Report())
        assert words is not None and len(words.unreviewed) == len(KEYS), language
    english = load_words("en", Report())
    assert english is not None and english.unreviewed == ()


def test_check_says_once_that_the_words_await_review(tmp_path: Path) -> None:
    import io

    source = write(tmp_path, "h.yaml", MINIMAL + "language: ko\n")
    out = io.StringIO()
    assert main(["check", str(source)], out=out, err=io.StringIO()) == 0
    assert (
        out.getvalue().count(
            f"the 'ko' catalog's {len(KEYS)} fixed words await review by a qualified medical translator"
        )
        == 1
    )
