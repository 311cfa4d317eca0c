"""Bounds on hostile or broken input: each refused with a clear message, fast and in little memory."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.load import yamlfile

from .helpers import CLEAN, MINIMAL, ROOT, pdf_text, write


def errors(path: Path) -> list[str]:
    report = Report()
    root = yamlfile.load(path, report)
    if root is not None:
        from handoutkit.validate.handout import validate

        validate(root, report)
    return [str(d) for d in report.sorted()]


def test_a_file_over_2_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: &a x\nb: [" + b"*a," * 800_000 + b"*a]\n")  # 2.4 MB of aliases
    started = time.perf_counter()
    assert errors(path) == [
        f"{path}: error: the file is 2.4 MB, more than the 2 MB a handout may be; split it into several handouts"
    ]
    assert time.perf_counter() - started < 0.1


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand to 387 million values ('billion laughs')."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    assert errors(path) == [
        f"{path}:4:5: error: more than 50000 values once YAML aliases are expanded; write the content out plainly"
    ]
    assert time.perf_counter() - started < 0.5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB


def test_many_aliases_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "aliases.yaml", "a: &a x\nb: [" + ", ".join(["*a"] * 300_000) + "]\n")
    started = time.perf_counter()
    assert errors(path) == [f"{path}:1:4: error: more than 100 YAML aliases ('*name'); write the content out instead"]
    assert time.perf_counter() - started < 1.0


def test_nesting_too_deep_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.yaml", "a: " + "[" * 60 + "]" * 60 + "\n")
    assert errors(path) == [f"{path}:1:44: error: nesting is deeper than 40 levels; flatten it"]


def test_too_many_blocks_are_refused(tmp_path: Path) -> None:
    blocks = "".join(f"      - Paragraph {n}.\n" for n in range(2001))
    path = write(tmp_path, "many.yaml", MINIMAL.replace("      - A paragraph of text.\n", blocks))
    assert errors(path) == [f"{path}:4:3: error: 2001 blocks, more than 2000 in one handout; split it"]


def test_a_word_too_long_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "word.yaml", MINIMAL.replace("A paragraph of text.", "Look at " + "x" * 600))
    assert errors(path) == [
        f"{path}:6:17: error: a word of 600 characters (more than 500); break it up or check what was pasted"
    ]


def test_a_long_run_of_chinese_is_sentences_not_a_word(tmp_path: Path) -> None:
    """Chinese puts no spaces between words, so a paragraph of 600 characters is no 600-character word;
    a run of 600 Latin letters inside it still is one."""
    sentences = "生物疗法用来自生物体的物质治疗癌症。" * 34  # 612 characters, no space
    chinese = MINIMAL.replace("A paragraph of text.", sentences).replace("title:", "language: zh-Hans\ntitle:", 1)
    assert errors(write(tmp_path, "zh.yaml", chinese)) == []
    path = write(tmp_path, "mixed.yaml", chinese.replace("物质", "x" * 501, 1))
    assert errors(path) == [
        f"{path}:7:9: error: a word of 501 characters (more than 500); break it up or check what was pasted"
    ]


def test_a_word_or_address_wider_than_the_column_is_broken_across_lines(tmp_path: Path) -> None:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    url = "https://example.org/" + "very-long-path-segment/" * 12
    text = f"'{long_word} and [this page]({url}) and {url}.'"
    source = write(tmp_path, "wide.yaml", CLEAN.replace("A paragraph of text.", text))
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--today", "2026-01-01"]) == 0
    assert long_word[:40] in pdf_text(tmp_path / "out" / "wide.pdf").replace(" ", "")


@pytest.mark.parametrize("kind", ["note", "bullets", "paragraph", "title"])
def test_a_block_taller_than_a_page_splits(tmp_path: Path, kind: str) -> None:
    sentence = "This sentence is repeated to make one block far taller than a page. "
    huge = sentence * 120
    blocks = {
        "note": f"      - note: {huge}\n        title: A very long note\n        kind: warning\n",
        "bullets": "      - bullets:\n" + "".join(f"          - Item {n}. {sentence * 3}\n" for n in range(60)),
        "paragraph": f"      - {huge}\n",
        "title": "      - Short.\n",
    }[kind]
    text = CLEAN.replace("      - A paragraph of text.\n", blocks)
    if kind == "title":
        text = text.replace("title: A small handout", f"title: {sentence * 12}")
    source = write(tmp_path, "tall.yaml", text)
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--today", "2026-01-01"]) == 0
    assert "repeated" in pdf_text(tmp_path / "out" / "tall.pdf")


def test_a_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    assert errors(loop) == [
        f"{loop}: error: cannot read the file (Too many levels of symbolic links); check its permissions"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.yaml", MINIMAL)
    path.chmod(0)
    assert errors(path) == [f"{path}: error: cannot read the file (Permission denied); check its permissions"]


def test_a_source_that_is_a_folder_named_yaml_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "odd.yaml").mkdir()
    assert errors(tmp_path / "odd.yaml") == [
        f"{tmp_path}/odd.yaml: error: is a folder, not a file; give a .yaml file or a folder of them"
    ]


def test_file_links_and_remote_logos_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "h.yaml", MINIMAL.replace("A paragraph of text.", "'See [this](file:///etc/passwd).'"))
    assert errors(path) == [
        f"{path}:6:14: error: link address 'file:///etc/passwd' has the scheme 'file:', which is not allowed; "
        "use a full http, https, mailto or tel address"
    ]
    styles = tmp_path / "project" / "styles"
    style = write(styles, "s.yaml", "extends: default\nclinic:\n  logo: https://example.org/logo.png\n")
    status = main(["build", str(path), "--style", str(style), "--out", str(tmp_path / "out")])
    assert status == 1  # a logo is a local file inside the project; nothing is fetched


def test_ctrl_c_during_a_library_build_leaves_no_partial_pdf(tmp_path: Path) -> None:
    """Ctrl-C in a terminal interrupts the whole process group: the parent and its workers."""
    library = tmp_path / "library"
    for n in range(120):
        write(library, f"h{n:03d}.yaml", CLEAN.replace("A small handout", f"Handout {n}"))
    command = [sys.executable, "-m", "handoutkit", "build", str(library), "--out", str(tmp_path / "out"), "--jobs", "2"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    assert process.stdout is not None
    process.stdout.readline()  # the first PDF is built: the library build is under way
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err
    out = tmp_path / "out"
    built = list(out.glob("*.pdf"))
    assert len(built) < 120, "the build was interrupted before it finished"
    leftovers = [p.name for p in out.glob("*") if p.suffix != ".pdf" and not p.name.startswith(".handoutkit")]
    assert leftovers == []
    for pdf in built:
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), f"{pdf.name} is incomplete"
