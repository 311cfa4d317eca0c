"""Clinic profile: name, department, contact details and logo in the header and footer."""

from __future__ import annotations

from pathlib import Path

import page
import pikepdf
import pytest
from PIL import Image

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.style.files import load_stylesheet

from ..helpers import EXAMPLE, ROOT, normalise, pdf_text, write
from ..language.test_languages import SPANISH
from ..pdfstructure import walk_content


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clinic")
    for source in (EXAMPLE, SPANISH):
        assert main(["build", str(source), "--out", str(out), "--style", "example-clinic"]) == 0
    return out


def test_header_and_footer_show_the_clinic(branded: Path) -> None:
    pdf = branded / "biological-therapy-for-cancer.pdf"
    for number, pdf_page in enumerate(pikepdf.open(pdf).pages, 1):
        del number
        assert "/XObject" in pdf_page.Resources  # the logo image, on every page
    walk = walk_content(pikepdf.open(pdf))
    furniture = " ".join(walk.artifacts)
    assert "Riverside Cancer Center · Infusion Clinic" in furniture
    assert "(555) 010-0100 · riverside.example.org" in furniture
    assert "100 River Road, Springfield" in furniture
    text = pdf_text(pdf)
    assert "Riverside Cancer Center" in text


def test_the_logo_is_an_artifact_and_the_pdf_stays_accessible(branded: Path) -> None:
    for pdf in branded.glob("*.pdf"):
        report = page.validate_pdf(pdf, profile="ua1")
        assert report.is_compliant, [f.rule_id for f in report.failures]
        document = pikepdf.open(pdf)
        stack: list[str] = []
        images_in_artifacts = 0
        for operands, op in pikepdf.parse_content_stream(document.pages[0]):
            if str(op) in ("BDC", "BMC"):
                stack.append(str(operands[0]))
            elif str(op) == "EMC":
                stack.pop()
            elif str(op) == "Do":
                assert "/Artifact" in stack
                images_in_artifacts += 1
        assert images_in_artifacts == 1


def test_a_clinic_style_keeps_its_own_name_in_every_language(branded: Path) -> None:
    furniture = " ".join(walk_content(pikepdf.open(branded / "terapia-biologica-contra-el-cancer.pdf")).artifacts)
    assert "Riverside Cancer Center · Infusion Clinic" in furniture  # not the default style's Spanish name
    assert "Educación para pacientes" not in furniture


def logo_errors(tmp_path: Path, logo: str) -> list[str]:
    styles = tmp_path / "project" / "styles"
    write(styles, "clinic.yaml", f"extends: default\nclinic:\n  logo: {logo}\n")
    report = Report()
    assert load_stylesheet(str(styles / "clinic.yaml"), report) is None
    return [normalise(str(d)) for d in report.sorted()]


def test_a_missing_logo_is_an_error_at_its_place(tmp_path: Path) -> None:
    styles = tmp_path / "project" / "styles"
    assert logo_errors(tmp_path, "logos/none.png") == [
        f"{styles}/clinic.yaml:3:9: error: 'clinic.logo' 'logos/none.png' is not there "
        f"(looked for {styles}/logos/none.png); check the path"
    ]


def test_an_unreadable_or_unsupported_logo_is_an_error(tmp_path: Path) -> None:
    styles = tmp_path / "project" / "styles"
    write(styles, "logos/broken.png", "this is not an image")
    Image.new("RGB", (8, 8), "teal").save(styles / "logos" / "logo.gif")
    broken = logo_errors(tmp_path, "logos/broken.png")
    assert len(broken) == 1 and "cannot be read as an image" in broken[0] and "save it as PNG or JPEG" in broken[0]
    assert logo_errors(tmp_path, "logos/logo.gif") == [
        f"{styles}/clinic.yaml:3:9: error: 'clinic.logo' 'logos/logo.gif' is a GIF image; save it as PNG or JPEG"
    ]


def test_a_logo_may_not_escape_the_project_folder(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "teal").save(tmp_path / "outside.png")
    project = tmp_path / "project"
    assert logo_errors(tmp_path, "../../outside.png") == [
        f"{project}/styles/clinic.yaml:3:9: error: 'clinic.logo' '../../outside.png' is outside the project "
        f"folder {project}; keep it inside"
    ]


def test_a_logo_in_the_project_but_outside_styles_is_fine(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "images").mkdir(parents=True)
    Image.new("RGB", (40, 20), "teal").save(project / "images" / "logo.jpg")
    write(project / "styles", "clinic.yaml", "extends: default\nclinic:\n  logo: ../images/logo.jpg\n")
    sheet = load_stylesheet(str(project / "styles" / "clinic.yaml"), Report())
    assert sheet is not None and sheet.clinic.logo == str(project / "images" / "logo.jpg")


def test_the_example_clinic_style_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "clinic:" in readme and "example-clinic" in readme
