"""handoutkit schema: the editor schemas of handouts and of style files, printed as JSON."""

from __future__ import annotations

import json

import pytest

from handoutkit.cli.main import main


@pytest.mark.parametrize(("argv", "key"), [(["schema"], "title"), (["schema", "--style"], "fonts")])
def test_schema_prints_the_json_schema(argv: list[str], key: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    schema = json.loads(captured.out)
    assert "$schema" in schema
    assert key in schema["properties"]
    assert captured.out.endswith("}\n")


def test_schema_takes_no_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "source"]) == 2
    assert "unrecognized arguments: source" in capsys.readouterr().err
