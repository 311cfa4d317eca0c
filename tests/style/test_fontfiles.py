"""Built-in families made from variable fonts: static faces made once, named right, the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from handoutkit.diagnostics import Report
from handoutkit.style.files import load_stylesheet
from handoutkit.style.fontfiles import ALIASES, builtin_faces, builtin_package, inspect_font, instance


def made(family: str, face: str = "regular") -> Path:
    faces = builtin_faces(family)
    assert faces is not None
    instance(faces[face])
    return faces[face]


def test_a_variable_family_names_faces_in_the_cache_folder_and_has_no_italics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(tmp_path))
    faces = builtin_faces("Noto Emoji")
    assert faces is not None
    assert faces["regular"].parent == tmp_path / "fonts"
    assert faces["regular"].name.startswith("NotoEmoji-Regular-manimgx_fonts-")
    assert faces["italic"] == faces["bold"] == faces["bold_italic"]  # emphasis prints bold
    assert not faces["regular"].exists()  # made only when a handout needs it
    assert builtin_package(faces["bold"]) == "manimgx_fonts"  # fingerprinted by the package's version


def test_a_made_face_is_static_truetype_of_its_weight_and_named_for_it(tmp_path: Path) -> None:
    for face, weight in (("regular", 400), ("bold", 700)):
        path = made("Noto Emoji", face)
        info = inspect_font(path)
        assert info.truetype and not info.variable and not info.missing
        font = TTFont(path)
        assert font["OS/2"].usWeightClass == weight
        names = font["name"]
        assert names.getDebugName(1) == "Noto Emoji"
        assert names.getDebugName(2) == ("Regular" if weight == 400 else "Bold")
        assert names.getDebugName(6) == f"NotoEmoji-{'Regular' if weight == 400 else 'Bold'}"


def test_every_machine_makes_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digests = []
    for folder in ("one", "two"):
        monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(tmp_path / folder))
        digests.append(hashlib.sha256(made("Noto Emoji").read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_the_chinese_face_draws_a_ballot_box_and_x_with_its_square_and_cross() -> None:
    cmap = TTFont(made("Noto Sans SC")).getBestCmap()
    for alias, char in ALIASES.items():
        assert cmap[alias] == cmap[char]


def test_the_default_style_picks_the_noto_family_of_the_language() -> None:
    sheet = load_stylesheet("default", Report())
    assert sheet is not None
    for language, file_name in (
        ("zh-Hans", "NotoSansSC"), ("zh-CN", "NotoSansSC"), ("en", "NotoSansSC"), ("zh-Hant", "NotoSansTC"),
        ("zh-TW", "NotoSansTC"), ("ja", "NotoSansJP"), ("ko-KR", "NotoSansKR"),
    ):  # fmt: skip
        chosen = sheet.in_language(language)
        cjk = [family for family in chosen.body_fonts if family.name == "Noto Sans CJK"]
        assert len(cjk) == 1 and Path(cjk[0].regular).name.startswith(f"{file_name}-Regular"), language
        assert chosen.body_fonts[:2] == sheet.body_fonts[:2]  # Latin text stays in Atkinson Hyperlegible
        assert chosen.line_breaking == ("cjk" if language[:2] in ("zh", "ja") else "")
