"""The Python API (``from handoutkit import build_pdf, check_handout``): the command's PDF, from a
path or from text, with fields; every problem as one HandoutError with positions; styles kept
between calls; calls from several threads."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pypdf
import pytest

import handoutkit
from handoutkit import BuiltHandout, HandoutError, build, build_pdf, check_handout
from handoutkit.build import Setup
from handoutkit.cli.main import main
from handoutkit.library import stylechoice

from .helpers import EXAMPLE, ROOT

FORMS = ROOT / "tests" / "data" / "home-care-log.yaml"  # an SVG figure, a PNG, form fields

VISIT = """\
title: Your visit, {patient_name}
reviewed: 2026-11-01
summary: What to bring to your visit, and what to do on the day.
sections:
  - heading: What to bring
    blocks:
      - bullets: [Your medicine list, Your insurance card]
  - heading: On the day
    blocks:
      - steps: [Come 15 minutes early., Check in at the front desk.]
"""


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_api_builds_the_commands_pdf(tmp_path: Path) -> None:
    built = build_pdf(EXAMPLE)
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path)]) == 0
    assert built.pdf == (tmp_path / f"{EXAMPLE.stem}.pdf").read_bytes()
    assert built.pages == len(pypdf.PdfReader(io.BytesIO(built.pdf)).pages) == 5
    assert built.warnings == ()


def test_a_handout_from_text_with_field_values() -> None:
    built = build_pdf(ROOT / "source" / "visit.yaml", text=VISIT, fields={"patient_name": "Ana <López> & Co"})
    assert isinstance(built, BuiltHandout) and built.pdf.startswith(b"%PDF-")
    assert "Your visit, Ana <López> & Co" in _text(built.pdf)  # a value is text, never markup
    assert not (ROOT / "source" / "visit.yaml").exists()  # nothing was read from or written to disk


def test_every_problem_is_one_error_with_positions() -> None:
    text = VISIT.replace("summary:", "sumary:")
    with pytest.raises(HandoutError) as raised:
        build_pdf("visit.yaml", text=text, fields={"patient_name": "Ana", "extra": "x"})
    assert [str(d) for d in raised.value.diagnostics] == [
        "fields['extra']: error: unknown field 'extra'; allowed: patient_name",
        "visit.yaml:3:1: error: unknown key 'sumary' in the handout; did you mean 'summary'?",
    ]
    assert raised.value.diagnostics[1].position.line == 3
    assert str(raised.value).splitlines()[1].startswith("visit.yaml:3:1: error:")


def test_a_field_without_a_value_is_an_error_at_its_use() -> None:
    with pytest.raises(HandoutError) as raised:
        build_pdf("visit.yaml", text=VISIT)
    (only,) = raised.value.diagnostics
    assert (only.position.line, only.position.column, only.severity) == (1, 20, "error")
    assert "{patient_name} has no value" in only.message


def test_a_style_that_does_not_exist_is_an_error() -> None:
    with pytest.raises(HandoutError, match="no style 'nosuch'"):
        build_pdf(EXAMPLE, style="nosuch")


def test_a_style_changes_the_pdf() -> None:
    plain = build_pdf(EXAMPLE)
    large = build_pdf(EXAMPLE, style="large-print")
    assert large.pages > plain.pages


def test_strict_raises_on_warnings_and_otherwise_returns_them() -> None:
    one_section = "title: A\nreviewed: 2026-11-01\nsummary: B.\nsections:\n  - heading: C\n    blocks: [Call us.]\n"
    built = build_pdf("short.yaml", text=one_section)
    assert built.warnings and all(d.severity == "warning" for d in built.warnings)
    with pytest.raises(HandoutError) as raised:
        build_pdf("short.yaml", text=one_section, strict=True)
    assert raised.value.diagnostics == built.warnings


def test_check_gives_the_commands_figures(capsys: pytest.CaptureFixture[str]) -> None:
    checked = check_handout(EXAMPLE)
    assert main(["check", str(EXAMPLE), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (handout,) = report["handouts"]
    assert checked.title == "Biological Therapy for Cancer" and checked.language == "en"
    assert checked.grade is not None and round(checked.grade, 2) == handout["grade"]
    assert checked.words == handout["words"]


def test_check_needs_no_field_values_and_raises_on_errors() -> None:
    assert check_handout("visit.yaml", text=VISIT).title == "Your visit, "
    with pytest.raises(HandoutError, match=r"visit\.yaml:1:8: error"):
        check_handout("visit.yaml", text=VISIT.replace("title: Your visit, {patient_name}", "title: [a, b]"))


def test_styles_are_prepared_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    build_pdf(EXAMPLE, style="example-clinic")
    calls: list[object] = []
    original = build.prepare

    def counted(*args: Any, **kwargs: Any) -> Setup | None:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(stylechoice, "prepare", counted)
    for name in ("Ana", "Ben", "Chen"):
        build_pdf("visit.yaml", text=VISIT, style="example-clinic", fields={"patient_name": name})
    assert calls == []  # the fonts were registered and the style checked at the first call only


def test_calls_from_several_threads_give_the_same_bytes() -> None:
    """ReportLab's state is process-wide; the API's calls take turns (without that, builds of SVG
    figures fail with AttributeError, for one)."""
    sources = [EXAMPLE, ROOT / "source" / "terapia-biologica-contra-el-cancer.yaml", FORMS]
    expected = {source: build_pdf(source).pdf for source in sources}
    results: list[tuple[Path, bytes]] = []
    failures: list[BaseException] = []

    def work(source: Path) -> None:
        try:
            for _ in range(2):
                results.append((source, build_pdf(source).pdf))
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(source,)) for source in sources * 2]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(5e-4)  # threads switch often, so that unguarded shared state would show
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    assert len(results) == 12 and all(pdf == expected[source] for source, pdf in results)


def test_importing_the_package_loads_neither_the_api_nor_reportlab() -> None:
    """The command imports the package first; the API's names load at first use."""
    code = "import sys, handoutkit; print(sorted(m for m in sys.modules if m.startswith(('handoutkit', 'reportlab'))))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert loaded.stdout.strip() == "['handoutkit']"
    assert set(handoutkit.__all__) == {name for name in handoutkit.__all__ if getattr(handoutkit, name) is not None}
    with pytest.raises(AttributeError):
        _ = handoutkit.no_such_name
