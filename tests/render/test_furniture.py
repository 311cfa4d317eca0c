"""The running header: pages after the first say which handout they belong to."""

from __future__ import annotations

from pathlib import Path

from handoutkit.cli.main import main

from ..helpers import EXAMPLE, write
from ..pagelines import page_lines


def header_lines(pdf: Path) -> list[str]:
    """The header line of each page (Letter paper, the default style's margins)."""
    return [" ".join(line.text for line in page) for page in page_lines(pdf, bottom=792 - 61.2 + 5, top=792)]


def test_pages_after_the_first_show_the_handout_title(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path)]) == 0
    headers = header_lines(tmp_path / "biological-therapy-for-cancer.pdf")
    assert len(headers) >= 2
    assert headers[0].startswith("Patient Education") and "Questions? Call your care team." in headers[0]
    assert all(h.startswith("Biological Therapy for Cancer") and h.endswith("Patient Education") for h in headers[1:])


def second_page_header(tmp_path: Path, title: str, language: str = "en") -> str:
    """The header of page 2 of a handout titled ``title`` whose text fills more than a page."""
    filler = "".join(f"      - Paragraph {n} of text that fills the page.\n" for n in range(60))
    text = (
        f"title: '{title}'\nlanguage: {language}\nreviewed: 2025-04-12\n"
        f"sections:\n  - heading: One\n    blocks:\n{filler}"
    )
    assert main(["build", str(write(tmp_path, "long.yaml", text)), "--out", str(tmp_path / "out")]) == 0
    return header_lines(tmp_path / "out" / "long.pdf")[1]


def test_a_long_title_is_shortened_at_a_word_to_fit_beside_the_right_text(tmp_path: Path) -> None:
    title = "Living well during and after treatment: a guide for patients, families and carers at our clinic"
    later = second_page_header(tmp_path, title)
    shown, ellipsis, right = later.partition("\u2026")
    assert ellipsis and right.strip() == "Patient Education", later
    assert title.startswith(shown) and title[len(shown)] == " ", "cut between words"
    assert len(shown) < len(title)


def test_a_chinese_title_is_cut_between_characters_where_a_line_may_break(tmp_path: Path) -> None:
    """Not at its one space (which would leave 癌症的生物疗法), nor after an opening bracket."""
    title = "癌症的生物疗法 在治疗期间和治疗结束以后的日常生活（副作用）、饮食、运动以及什么时候应该打电话给医疗团队"
    later = second_page_header(tmp_path, title, "zh-Hans")
    shown, ellipsis, right = later.partition("\u2026")
    assert ellipsis and right.strip() == "患者教育", later
    assert title.startswith(shown) and len(shown) > 20, later
    assert shown[-1] not in "（、，" and title[len(shown)] not in "）、，", later


def test_a_style_without_a_running_header_repeats_its_header(tmp_path: Path) -> None:
    style = write(
        tmp_path, "plain.yaml", "extends: default\nrunning_header: {left: '{organization}', right: '{contact}'}\n"
    )
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path / "out"), "--style", str(style)]) == 0
    headers = header_lines(tmp_path / "out" / "biological-therapy-for-cancer.pdf")
    assert len(set(headers)) == 1


def test_a_title_whose_first_word_is_too_wide_is_cut_inside_it(tmp_path: Path) -> None:
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    later = second_page_header(tmp_path, f"{word} and more")
    shown, ellipsis, right = later.partition("\u2026")
    assert ellipsis and right.strip() == "Patient Education" and word.startswith(shown)
    assert 10 < len(shown) < len(word), "as much of the word as fits beside the right-hand text"


def test_the_example_clinic_keeps_its_phone_number_on_every_page(tmp_path: Path) -> None:
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--style", "example-clinic"]) == 0
    pdf = tmp_path / "biological-therapy-for-cancer.pdf"
    headers = [" ".join(line.text for line in page) for page in page_lines(pdf, bottom=792 - 61.2 + 5, top=792)]
    assert len(headers) >= 2 and all("(555) 010-0100" in header for header in headers), headers
    assert all(header.startswith("Biological Therapy for Cancer") for header in headers[1:])
