"""PDF/A-2u with PDF/UA-1: every example in every built-in style passes both checkers; the XMP,
the sRGB output intent, printable annotations and stream syntax each checked on their own; and
``pdf_a: false`` / ``--no-pdf-a`` leave them out."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import page
import pikepdf
import pytest
from PIL import ImageCms

from handoutkit.cli.main import main
from handoutkit.render.compact import _end_of_line

from ..helpers import ROOT, write

HANDOUTS = [*sorted((ROOT / "source").glob("*.yaml")), *sorted((ROOT / "tests" / "data").glob("*.yaml"))]
STYLES = ("default", "large-print", "example-clinic")  # the clinic's has a logo
FORMS = ROOT / "tests" / "data" / "home-care-log.yaml"  # figures (PNG with alpha, JPEG, SVG) and form fields


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example and test handout in every built-in style, as the built-in styles build them."""
    out = tmp_path_factory.mktemp("pdfa")
    found: dict[str, Path] = {}
    for style in STYLES:
        sources = [str(source) for source in HANDOUTS]
        assert main(["build", *sources, "--out", str(out / style), "--style", style]) == 0
        for source in HANDOUTS:
            found[f"{style}/{source.stem}"] = out / style / f"{source.stem}.pdf"
    return found


@pytest.mark.parametrize("profile", [page.ValidationProfile.PDF_A_2U, page.ValidationProfile.PDF_UA_1])
def test_every_example_passes_pdf_a_2u_and_pdf_ua_1(built: dict[str, Path], profile: page.ValidationProfile) -> None:
    assert len(built) == len(HANDOUTS) * len(STYLES) >= 24
    for name, pdf in built.items():
        report = page.validate_pdf(pdf, profile=profile)
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant and not failures, f"{name} ({profile.name}): {failures}"
        assert report.rules.total >= 100  # the checker really ran its rules


def test_the_forms_handout_has_what_pdf_a_is_strict_about(built: dict[str, Path]) -> None:
    """So that the test above covers them: a logo, a picture with transparency, form fields."""
    with pikepdf.open(built["example-clinic/home-care-log"]) as pdf:
        widgets = [a for p in pdf.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        masked = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/SMask" in o]
        assert {str(w.get("/FT")) for w in widgets} == {"/Btn", "/Tx"}
        assert masked, "the PNG's transparency is a soft mask"
        assert all("/AP" in widget for widget in widgets)


def _xmp(pdf: pikepdf.Pdf) -> dict[str, str]:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        return {key: str(value) for key, value in meta.items()}


def test_the_xmp_names_both_standards_and_repeats_the_information_dictionary(built: dict[str, Path]) -> None:
    with pikepdf.open(built["default/biological-therapy-for-cancer"]) as pdf:
        xmp, info = _xmp(pdf), pdf.docinfo
        raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "/Filter" not in pdf.Root.Metadata  # XMP stays readable, as PDF/A asks
    assert xmp["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert xmp["{http://www.aiim.org/pdfa/ns/id/}conformance"] == "U"
    assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in raw  # the extension schema PDF/A asks for
    assert str(info["/Title"]) == "Biological Therapy for Cancer" in xmp["{http://purl.org/dc/elements/1.1/}title"]
    assert xmp["{http://ns.adobe.com/xap/1.0/}CreatorTool"] == str(info["/Creator"]) == "handoutkit"
    assert xmp["{http://ns.adobe.com/pdf/1.3/}Producer"] == str(info["/Producer"])
    assert str(info["/Subject"]) in xmp["{http://purl.org/dc/elements/1.1/}description"]
    assert str(info["/CreationDate"]) == "D:20000101000000+00'00'"
    assert xmp["{http://ns.adobe.com/xap/1.0/}CreateDate"] == "2000-01-01T00:00:00+00:00"
    assert xmp["{http://ns.adobe.com/xap/1.0/}ModifyDate"] == "2000-01-01T00:00:00+00:00"


def test_the_output_intent_is_srgb(built: dict[str, Path]) -> None:
    with pikepdf.open(built["default/biological-therapy-for-cancer"]) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        profile = intent.DestOutputProfile
        assert profile.N == 3
        data = profile.read_bytes()
    assert data[36:40] == b"acsp" and data[12:20] == b"mntrRGB " and data[20:24] == b"XYZ "
    assert data[8:10] == bytes((4, 0x20))  # ICC version 4.2, as PDF/A-2 asks
    assert int.from_bytes(data[0:4], "big") == len(data)
    read = ImageCms.ImageCmsProfile(io.BytesIO(data))
    assert "sRGB" in ImageCms.getProfileDescription(read)
    # It really converts as sRGB does: sRGB's own red comes out as the same red.
    srgb = ImageCms.createProfile("sRGB")
    transform = ImageCms.buildTransform(read, srgb, "RGB", "RGB")
    from PIL import Image

    red = ImageCms.applyTransform(Image.new("RGB", (1, 1), (200, 30, 40)), transform)
    assert red is not None and red.getpixel((0, 0)) == (200, 30, 40)


def test_every_annotation_prints(built: dict[str, Path]) -> None:
    """PDF/A: each annotation's print flag set, and none hidden (links, URI links, form widgets)."""
    kinds: set[str] = set()
    for name in ("default/biological-therapy-for-cancer", "default/home-care-log", "default/qr-code"):
        with pikepdf.open(built[name]) as pdf:
            for number, page_ in enumerate(pdf.pages, 1):
                for annotation in page_.get("/Annots", []):
                    flags = int(annotation.get("/F", 0))
                    kinds.add(f"{annotation.Subtype}{annotation.get('/A', {}).get('/S', '')}")
                    assert flags & 4 and not flags & (1 | 2 | 32), f"{name} page {number}: /F {flags}"
    assert {"/Link", "/Link/URI", "/Widget"} <= kinds


def _streams(data: bytes) -> list[tuple[int, bytes]]:
    """Each stream's /Length and what follows its data, read from the file's bytes."""
    found = []
    for match in re.finditer(rb"\d+ 0 obj\n(<<.*?>>)\nstream\n", data, re.S):
        length = int(re.search(rb"/Length (\d+)", match.group(1)).group(1))  # type: ignore[union-attr]
        found.append((length, data[match.end() + length : match.end() + length + 12]))
    return found


def test_each_stream_ends_with_an_end_of_line_before_endstream(built: dict[str, Path]) -> None:
    streams = _streams(built["default/biological-therapy-for-cancer"].read_bytes())
    assert len(streams) > 10
    assert {tail for _, tail in streams} == {b"\r\nendstream\n"}


def test_stream_data_that_ends_with_a_carriage_return_keeps_its_length() -> None:
    """A bare LF after a CR would read as one CR LF end-of-line, a byte short of /Length."""
    body = b"<< /Length 4 >>\nstream\nab\n\rendstream\n"
    mended = _end_of_line(body)
    assert mended == b"<< /Length 4 >>\nstream\nab\n\r\r\nendstream\n"
    data = mended[mended.index(b"stream\n") + 7 : mended.index(b"endstream")]
    assert data.removesuffix(b"\r\n") == b"ab\n\r"
    assert _end_of_line(b"<< /Length 3 >>\nstream\nabc\nendstream\n").endswith(b"abc\nendstream\n")  # has one


def test_a_rebuild_is_byte_identical(built: dict[str, Path], tmp_path: Path) -> None:
    source = ROOT / "tests" / "data" / "home-care-log.yaml"
    assert main(["build", str(source), "--out", str(tmp_path), "--style", "example-clinic"]) == 0
    again = (tmp_path / "home-care-log.pdf").read_bytes()
    first = built["example-clinic/home-care-log"].read_bytes()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(first).hexdigest()


def test_pdf_a_without_pdf_ua_passes_pdf_a_2u(tmp_path: Path) -> None:
    assert main(["build", str(FORMS), "--out", str(tmp_path), "--no-pdf-ua"]) == 0
    built = tmp_path / "home-care-log.pdf"
    report = page.validate_pdf(built, profile=page.ValidationProfile.PDF_A_2U)
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    with pikepdf.open(built) as pdf:
        xmp = _xmp(pdf)
        raw = pdf.Root.Metadata.read_bytes()
        assert "/StructTreeRoot" not in pdf.Root
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o):
            assert not re.search(rb"<[0-9A-F]+>\s*<0000>", font.ToUnicode.read_bytes())  # nothing maps to U+0000
    assert xmp["{http://www.aiim.org/pdfa/ns/id/}part"] == "2"
    assert "{http://www.aiim.org/pdfua/ns/id/}part" not in xmp and b"pdfaExtension" not in raw


@pytest.mark.parametrize("how", ["option", "style"])
def test_pdf_a_can_be_turned_off(tmp_path: Path, how: str) -> None:
    if how == "option":
        arguments = ["--no-pdf-a"]
    else:
        write(tmp_path / "styles", "plain.yaml", "extends: default\npdf_a: false\n")
        arguments = ["--style", str(tmp_path / "styles" / "plain.yaml")]
    assert main(["build", str(FORMS), "--out", str(tmp_path / "out"), *arguments]) == 0
    with pikepdf.open(tmp_path / "out" / "home-care-log.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root
        xmp = _xmp(pdf)
    assert "{http://www.aiim.org/pdfa/ns/id/}part" not in xmp
    assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"  # still tagged


def test_turning_pdf_a_off_rebuilds_an_unchanged_handout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(FORMS), "--out", str(out)]) == 0
    with pikepdf.open(out / "home-care-log.pdf") as pdf:
        assert "/OutputIntents" in pdf.Root
    assert main(["build", str(FORMS), "--out", str(out), "--no-pdf-a"]) == 0
    with pikepdf.open(out / "home-care-log.pdf") as pdf:
        assert "/OutputIntents" not in pdf.Root
