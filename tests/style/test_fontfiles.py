"""Built-in families made from variable fonts: static faces made once, named right, the same bytes."""

from __future__ import annotations

import hashlib
import os
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


def test_an_unwritable_cache_folder_is_an_error_at_each_handout_before_any_face_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not 'the build stopped unexpectedly' after seconds of instancing, once per handout."""
    from handoutkit.cli.main import main
    from handoutkit.style import fontfiles

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(blocked / "cache"))
    made_faces: list[str] = []
    monkeypatch.setattr(fontfiles, "_made", lambda family, *_: made_faces.append(family))
    source = tmp_path / "source"
    source.mkdir()
    for name in ("one", "two"):
        (source / f"{name}.yaml").write_text(
            "title: 癌症\nlanguage: zh-Hans\nreviewed: 2025-04-12\n"
            "sections:\n  - heading: 副作用\n    blocks:\n      - 请打电话。\n",
            encoding="utf-8",
        )
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    face = blocked / "cache" / "fonts" / fontfiles.instance_path("Noto Sans SC", "Regular").name
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert errors == [
        f"{source / name}.yaml: error: cannot make the font face '{face}' (Not a directory); make its folder "
        "writable, or set HANDOUTKIT_CACHE_DIR to a folder that is"
        for name in ("one", "two")
    ]
    assert made_faces == []


def test_a_build_waits_for_a_face_another_process_is_making_and_does_not_make_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import threading

    from handoutkit.style import fontfiles

    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(tmp_path))
    made_faces: list[Path] = []
    monkeypatch.setattr(fontfiles, "_make_instance", lambda *args: made_faces.append(args[-1]))
    monkeypatch.setattr(fontfiles, "_start_sibling", lambda *_: None)  # this process alone
    path = fontfiles.instance_path("Noto Emoji", "Regular")
    path.parent.mkdir(parents=True)
    with (path.parent / f".{path.name}.lock").open("a") as lock:  # another build is making it
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = threading.Thread(target=instance, args=(path,))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # it waits
        path.write_bytes(b"made by the other build")
        fcntl.flock(lock, fcntl.LOCK_UN)
    waiting.join(10)
    assert not waiting.is_alive() and made_faces == []
    instance(fontfiles.instance_path("Noto Emoji", "Bold"))  # with nobody else at work, it makes its own
    assert made_faces == [fontfiles.instance_path("Noto Emoji", "Bold")]


def test_with_the_cache_off_faces_go_to_a_temporary_folder_only_this_user_can_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import tempfile

    from handoutkit.style import fontfiles

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    own = tmp_path / f"handoutkit-{os.getuid()}"
    assert fontfiles._folder_for.__wrapped__("", None, None) == own / "fonts"
    assert own.stat().st_mode & 0o777 == 0o700
    own.chmod(0o777)  # left writable for everyone (or made by someone else): not used
    elsewhere = fontfiles._folder_for.__wrapped__("", None, None)
    assert elsewhere.parent != own and elsewhere.parent.parent == tmp_path
    assert elsewhere.parent.stat().st_mode & 0o777 == 0o700


def test_a_second_process_makes_the_family_s_other_face_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bold is needed right after regular: another core makes it while this process makes regular."""
    from handoutkit.style import fontfiles

    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(tmp_path / "serial"))
    serial = {weight: fontfiles.instance_path("Noto Emoji", weight) for weight in ("Regular", "Bold")}
    for path in serial.values():
        instance(path, sibling=False)
    monkeypatch.setenv("HANDOUTKIT_CACHE_DIR", str(tmp_path / "together"))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made_here: list[str] = []
    make = fontfiles._make_instance
    monkeypatch.setattr(fontfiles, "_make_instance", lambda *args: (made_here.append(args[1]), make(*args)))
    instance(fontfiles.instance_path("Noto Emoji", "Regular"))
    together = {weight: fontfiles.instance_path("Noto Emoji", weight) for weight in ("Regular", "Bold")}
    assert made_here == ["Regular"] and together["Bold"].is_file()
    assert all(together[weight].read_bytes() == serial[weight].read_bytes() for weight in together)
