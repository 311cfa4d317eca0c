"""handoutkit new: a starter handout in each language that passes check with no findings, where it belongs."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest

from handoutkit.cli import starter
from handoutkit.cli.main import main
from handoutkit.language.catalog import BUILTIN_DIR
from handoutkit.model import Inlines, Text
from handoutkit.validate.editorschema import modeline, schema_file, schema_text

from ..helpers import run

# What `handoutkit check` prints for each starter: its figures, and nothing to fix.
CHECKED = {
    "ar": """\
source/blood-pressure.yaml (ar)
  no reading-level formula for 'ar' (there are formulas for English and Spanish)
  the 'ar' catalog's 22 fixed words await review by a qualified medical translator
  part       grade  words
  (summary)      -     17
  ما هذا؟        -     20
  ماذا تفعل      -     18
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "ur": """\
source/blood-pressure.yaml (ur)
  no reading-level formula for 'ur' (there are formulas for English and Spanish)
  the 'ur' catalog's 22 fixed words await review by a qualified medical translator
  part         grade  words
  (summary)        -     24
  یہ کیا ہے؟       -     28
  کیا کرنا ہے      -     26
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "hi": """\
source/blood-pressure.yaml (hi)
  no reading-level formula for 'hi' (there are formulas for English and Spanish)
  the 'hi' catalog's 22 fixed words await review by a qualified medical translator
  part         grade  words
  (summary)        -     23
  यह क्या है?      -     26
  क्या करें        -     26
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "en": """\
source/blood-pressure.yaml (en)
  reading grade 1.9 (Flesch-Kincaid grade; target 8 or lower); 75 words in 11 sentences
  part         grade  words
  (summary)      4.8     23
  What is it?    1.9     26
  What to do     0.1     26
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "es": """\
source/blood-pressure.yaml (es)
  reading grade 2.8 (Crawford grade (Fernández-Huerta ease); target 8 or lower), ease 90; 84 words in 11 sentences
  the 'es' catalog's 8 fixed words await review by a qualified medical translator
  part              grade  words
  (summary)           3.1     26
  ¿Qué es?            2.2     28
  ¿Qué debe hacer?    3.0     30
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "fr": """\
source/blood-pressure.yaml (fr)
  no reading-level formula for 'fr' (there are formulas for English and Spanish)
  the 'fr' catalog's 8 fixed words await review by a qualified medical translator
  part                 grade  words
  (summary)                -     24
  De quoi s'agit-il ?      -     28
  Que faire ?              -     26
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "pt": """\
source/blood-pressure.yaml (pt)
  no reading-level formula for 'pt' (there are formulas for English and Spanish)
  the 'pt' catalog's 8 fixed words await review by a qualified medical translator
  part          grade  words
  (summary)         -     27
  O que é?          -     28
  O que fazer?      -     31
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "vi": """\
source/blood-pressure.yaml (vi)
  no reading-level formula for 'vi' (there are formulas for English and Spanish)
  the 'vi' catalog's 8 fixed words await review by a qualified medical translator
  part             grade  words
  (summary)            -     31
  Đây là gì?           -     35
  Bạn cần làm gì?      -     32
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "zh-Hans": """\
source/blood-pressure.yaml (zh-Hans)
  no reading-level formula for 'zh-Hans' (there are formulas for English and Spanish)
  the 'zh-Hans' catalog's 22 fixed words await review by a qualified medical translator
  part        grade  characters
  (summary)       -          33
  这是什么？      -          47
  该怎么做        -          44
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "zh-Hant": """\
source/blood-pressure.yaml (zh-Hant)
  no reading-level formula for 'zh-Hant' (there are formulas for English and Spanish)
  the 'zh-Hant' catalog's 22 fixed words await review by a qualified medical translator
  part        grade  characters
  (summary)       -          33
  這是什麼？      -          47
  該怎麼做        -          44
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "ja": """\
source/blood-pressure.yaml (ja)
  no reading-level formula for 'ja' (there are formulas for English and Spanish)
  the 'ja' catalog's 22 fixed words await review by a qualified medical translator
  part              grade  characters
  (summary)             -          56
  これは何ですか？      -          66
  すること              -          50
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "ko": """\
source/blood-pressure.yaml (ko)
  no reading-level formula for 'ko' (there are formulas for English and Spanish)
  the 'ko' catalog's 22 fixed words await review by a qualified medical translator
  part                grade  words
  (summary)               -     18
  이것은 무엇인가요?      -     19
  해야 할 일              -     18
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "ru": """\
source/blood-pressure.yaml (ru)
  no reading-level formula for 'ru' (there are formulas for English and Spanish)
  the 'ru' catalog's 22 fixed words await review by a qualified medical translator
  part            grade  words
  (summary)           -     20
  Что это такое?      -     24
  Что делать          -     22
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "tl": """\
source/blood-pressure.yaml (tl)
  no reading-level formula for 'tl' (there are formulas for English and Spanish)
  the 'tl' catalog's 22 fixed words await review by a qualified medical translator
  part             grade  words
  (summary)            -     26
  Ano ito?             -     31
  Ano ang gagawin      -     34
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "ht": """\
source/blood-pressure.yaml (ht)
  no reading-level formula for 'ht' (there are formulas for English and Spanish)
  the 'ht' catalog's 22 fixed words await review by a qualified medical translator
  part           grade  words
  (summary)          -     26
  Kisa sa ye?        -     27
  Kisa pou w fè      -     30
  0 findings

1 checked, 0 failed, 0 warnings
""",
    "pl": """\
source/blood-pressure.yaml (pl)
  no reading-level formula for 'pl' (there are formulas for English and Spanish)
  the 'pl' catalog's 22 fixed words await review by a qualified medical translator
  part         grade  words
  (summary)        -     21
  Co to jest?      -     24
  Co robić         -     21
  0 findings

1 checked, 0 failed, 0 warnings
""",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clinic's folder with a source/ folder, as the current folder."""
    (tmp_path / "source").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_language_with_a_word_catalog_has_a_starter() -> None:
    catalogs = {path.stem for path in BUILTIN_DIR.glob("*.yaml")}
    assert {"en", "es", "fr", "pt", "vi"} <= catalogs
    assert set(starter.STARTERS) == catalogs == set(CHECKED)


@pytest.mark.parametrize("language", sorted(CHECKED))
def test_the_starter_passes_check_with_no_findings(
    language: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "blood-pressure", "--language", language]) == 0
    assert capsys.readouterr().out == (
        "wrote source/blood-pressure.yaml; edit it, then run handoutkit check source/blood-pressure.yaml\n"
    )
    assert main(["check", "source/blood-pressure.yaml"]) == 0
    checked = capsys.readouterr()
    assert checked.err == ""
    assert checked.out == CHECKED[language]
    assert main(["check", "--strict", "source/blood-pressure.yaml"]) == 0  # not even a warning


@pytest.mark.parametrize("language", sorted(CHECKED))
def test_the_starter_teaches_the_format_and_is_dated_today(language: str, project: Path) -> None:
    assert main(["new", "blood-pressure", "--language", language]) == 0
    path = project / "source" / "blood-pressure.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == modeline(path)
    target = lines[0].removeprefix("# yaml-language-server: $schema=")
    assert (path.parent / target).resolve() == schema_file("handout").resolve() and not Path(target).is_absolute()
    handout, diagnostics = run(text)
    assert diagnostics == []
    assert handout is not None
    assert _plain(handout.title) == "Blood pressure"
    assert handout.language == language
    assert handout.reviewed == datetime.date.today()
    kinds = [type(block).__name__ for section in handout.sections for block in section.blocks]
    assert kinds == ["Paragraph", "ItemList", "ItemList", "Note", "Checklist"]
    assert [reference.id for reference in handout.references] == ["source-1"]
    assert "[@source-1]" in text
    review = [line for line in lines if "awaits review by a qualified translator" in line]
    assert len(review) == (0 if language in ("en", "es") else 1)
    assert all(line.startswith("#") for line in review)


def test_a_regional_tag_is_written_as_given(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "presion", "--language", "es-MX"]) == 0
    assert "language: es-MX  #" in (project / "source" / "presion.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "source/presion.yaml"]) == 0
    assert capsys.readouterr().out.endswith("  0 findings\n\n1 checked, 0 failed, 0 warnings\n")


def test_without_a_source_folder_it_is_written_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "wound-care.yaml"]) == 0  # .yaml given: not doubled
    assert capsys.readouterr().out == "wrote wound-care.yaml; edit it, then run handoutkit check wound-care.yaml\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["wound-care.yaml"]
    assert main(["check", "wound-care.yaml"]) == 0


def test_a_name_is_made_into_a_title_that_prints_as_typed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "COPD_action-plan  {v2} *new*: #1"]) == 0
    text = (project / "source" / "COPD_action-plan  {v2} *new*: #1.yaml").read_text(encoding="utf-8")
    assert 'title: "COPD action plan \\\\{v2\\\\} \\\\*new\\\\*: #1"\n' in text
    handout, diagnostics = run(text)
    assert diagnostics == []
    assert handout is not None
    assert _plain(handout.title) == "COPD action plan {v2} *new*: #1"
    assert starter.title_of("null") == "Null"
    assert 'title: "Null"\n' in starter.starter(Path("null.yaml"), "en", datetime.date(2025, 4, 12))


def test_it_never_replaces_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = project / "source" / "blood-pressure.yaml"
    existing.write_text("my own work\n", encoding="utf-8")
    assert main(["new", "blood-pressure"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "handoutkit: error: source/blood-pressure.yaml already exists; choose another name, or edit that file\n"
    )
    assert existing.read_text(encoding="utf-8") == "my own work\n"


def test_it_refuses_a_name_whose_pdf_another_handout_builds(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "source" / "asthma.yml").write_text("x\n", encoding="utf-8")
    assert main(["new", "asthma"]) == 1
    assert capsys.readouterr().err == (
        "handoutkit: error: source/asthma.yml already exists, and both would build asthma.pdf; choose another name\n"
    )
    assert not (project / "source" / "asthma.yaml").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("source/x", "'source/x' is not a plain file name: give a name without folders, such as blood-pressure"),
        ("../x", "'../x' is not a plain file name: give a name without folders, such as blood-pressure"),
        ("a\\b", "'a\\b' is not a plain file name: give a name without folders, such as blood-pressure"),
        ("", "the name is empty: give the handout a name, such as blood-pressure"),
        (".yaml", "the name is empty: give the handout a name, such as blood-pressure"),
        (".x", "'.x' starts with '.': such a hidden file is never built; leave the dot out"),
        ("a\tb", '"a\\tb" holds a control character; give a name of letters, digits and dashes'),
        ("--", "'--' has no letter or digit to make a title of; give a name such as blood-pressure"),
    ],
)
def test_a_name_that_is_not_a_plain_file_name_is_wrong_usage(
    name: str, message: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "--", name] if name.startswith("-") else ["new", name]) == 2
    err = capsys.readouterr().err
    assert err.endswith(f"handoutkit new: error: argument NAME: {message}\n"), err
    assert not list(project.rglob("*.y*ml"))


@pytest.mark.parametrize("language", ["de", "english", "es_MX", ""])
def test_an_unknown_language_is_wrong_usage_naming_the_supported_ones(
    language: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "x", "--language", language]) == 2
    assert capsys.readouterr().err.endswith(
        f"handoutkit new: error: argument --language: no starter in '{language}'; the languages are "
        "ar, en, es, fr, hi, ht, ja, ko, pl, pt, ru, tl, ur, vi, zh-Hans, zh-Hant "
        "(a region may follow, as in es-MX or pt-BR)\n"
    )
    assert not list(project.rglob("*.y*ml"))


def _plain(inlines: Inlines) -> str:
    """Inlines that must be plain text, as that text."""
    assert all(isinstance(inline, Text) for inline in inlines), inlines
    return "".join(inline.text for inline in inlines if isinstance(inline, Text))


def test_a_starter_points_at_the_projects_own_schema_when_it_has_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy kept in the project (``handoutkit schema > handout.schema.json``) holds on every machine."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source").mkdir()
    (tmp_path / "handout.schema.json").write_text(schema_text("handout"), encoding="utf-8")
    assert main(["new", "visit"], out=io.StringIO(), err=io.StringIO()) == 0
    first = (tmp_path / "source" / "visit.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../handout.schema.json"
