"""Chinese and Japanese lines: a break between characters, never before a closing mark nor after an
opening one, and Latin words whole."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paraparser import ParaFrag

from handoutkit.render.fonts import font_chain
from handoutkit.render.linebreak import NO_END, NO_START, cjk_lines, may_break_before, unbreakable
from handoutkit.style.fontfiles import FACES, builtin_faces
from handoutkit.style.sheet import FontFamily

TEXT = (
    "生物疗法利用来自生物体的物质来治疗癌症。它们可以由身体自己制造，也可以在实验室里制造（例如单克隆抗体）。"
    "常用药物包括 pembrolizumab（Keytruda®）和 nivolumab，剂量为 200 mg，每 3 周一次。"
    "“免疫检查点抑制剂”会松开免疫系统的“刹车”。请看 https://www.cancer.gov/about-cancer/treatment 了解更多。"
)
LATIN = ("pembrolizumab", "Keytruda®", "nivolumab", "200", "mg")


@cache
def face() -> str:
    faces = builtin_faces("Noto Sans SC")
    assert faces is not None
    return font_chain((FontFamily("Noto Sans SC", *(str(faces[name]) for name in FACES)),)).primary.regular


def frag(text: str) -> Any:
    made = ParaFrag()
    made.text, made.fontName, made.fontSize, made.rise = text, face(), 12.0, 0
    made.textColor, made.us_lines, made.link = None, [], None
    return made


def lines_of(text: str, width: float) -> list[str]:
    return ["".join(word.text for word in line.words) for line in cjk_lines([frag(text)], [width], False).lines]


@pytest.mark.parametrize(
    ("before", "after", "breaks"),
    [
        ("疗", "法", True),  # between two Han characters
        ("症", "。", False),  # a full stop never starts a line
        ("制", "，", False),
        ("（", "例", False),  # an opening bracket never ends one
        ("“", "免", False),
        ("剂", "”", False),
        ("括", " ", False),  # a space ends the line it is on
        (" ", "p", True),
        ("p", "e", False),  # inside a Latin word
        ("b", "（", True),  # from a Latin word to a Chinese mark that may start a line
        ("b", "，", False),
        ("v", "/", False),
        ("/", "a", True),  # after a slash in a web address
        ("/", "/", False),
        ("り", "ょ", False),  # small kana
        ("ー", "ク", True),
        ("ラ", "ー", False),  # the long-vowel mark
        ("3", "\u00a0", False),
        ("", "疗", False),  # an empty run of ReportLab's
        ("0", "日", False),  # a number with its counter: 10日
        ("3", "周", False),
        ("\uff13", "周", False),  # a full-width digit too
        ("年", "2", False),  # a date's parts: 2025年2月10日
        ("月", "1", False),
        ("日", "期", True),  # between two ideographs
        ("周", "3", True),  # a counter before a number that is no date's
    ],
)
def test_where_a_line_may_break(before: str, after: str, breaks: bool) -> None:
    assert may_break_before(before, after) is breaks


@pytest.mark.parametrize("width", range(60, 420, 7))
def test_lines_keep_the_rules_at_every_width(width: int) -> None:
    lines = lines_of(TEXT, width)
    assert "".join(lines) == TEXT  # every character, in order, once
    for number, line in enumerate(lines):
        assert line, f"an empty line at {width} pt"
        if number:
            assert line[0] not in NO_START, f"{line!r} starts with a closing mark at {width} pt"
            assert not line[0].isspace()
        if number < len(lines) - 1:
            assert line.rstrip()[-1] not in NO_END, f"{line!r} ends with an opening mark at {width} pt"
    joined = "\n".join(lines)
    for word in LATIN:
        if stringWidth(f"（{word}）", face(), 12) <= width:  # longer than the line: it breaks where it must
            assert word in joined, f"'{word}' was broken at {width} pt"


def test_a_full_line_ends_at_the_last_place_the_rules_allow() -> None:
    """A line with room for 治疗癌症 but not its full stop ends before 症: 症。 goes down together."""
    text = "生物疗法利用物质来治疗癌症。它们"
    room = stringWidth("生物疗法利用物质来治疗癌症", face(), 12) + 1  # the stop does not fit
    lines = lines_of(text, room)
    assert lines[0] == "生物疗法利用物质来治疗癌"
    assert lines[1].startswith("症。")


def test_a_line_is_no_wider_than_its_room() -> None:
    for width in (150, 230, 300):  # wider than any stretch that cannot break
        for line in lines_of(TEXT, width):
            assert stringWidth(line.rstrip(), face(), 12) <= width + 1e-6


def test_the_stretches_that_cannot_break_are_characters_and_latin_words() -> None:
    stretches = [text for _, text in unbreakable([frag("常用药物包括 pembrolizumab（Keytruda®）和药。")])]
    assert stretches[:6] == list("常用药物包括")
    assert "pembrolizumab" in stretches  # a line may end before the opening bracket
    assert "（Keytruda®）" in stretches  # which stays with the word after it, as the closing one before it
    assert stretches[-2:] == ["和", "药。"]


def raised(text: str) -> Any:
    made = frag(text)
    made.rise, made.fontSize = 4.0, 8.0
    return made


def test_a_citation_number_never_starts_a_line() -> None:
    """The line is full at 症; the raised 1 that follows goes down with 症 rather than start a line."""
    room = stringWidth("生物疗法利用物质来治疗癌症", face(), 12) + 1
    frags = [frag("生物疗法利用物质来治疗癌症"), raised("1"), frag("它们")]
    lines = ["".join(word.text for word in line.words) for line in cjk_lines(frags, [room], False).lines]
    assert lines == ["生物疗法利用物质来治疗癌", "症1它们"]
    assert [text for _, text in unbreakable(frags)][-3:] == ["症1", "它", "们"]
