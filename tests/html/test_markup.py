"""The HTML edition's markup: a page that is one file with no script, every value escaped wherever it
prints, ids that the citations and labels point at, lang and dir, tables with scoped headers, notes as
asides, pictures as data: addresses with their alternative text, forms that work without script, the
style's colours and fonts, and the same bytes on every run."""

from __future__ import annotations

import base64
import datetime
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from handoutkit.diagnostics import Report
from handoutkit.html import HtmlError, render_html
from handoutkit.language.catalog import load_words
from handoutkit.model import (
    Checklist,
    Citation,
    Emphasis,
    Figure,
    Handout,
    ItemList,
    Link,
    ListItem,
    Note,
    Paragraph,
    QrCode,
    Reference,
    Section,
    Strong,
    Subheading,
    Table,
    Term,
    Terms,
    Text,
    WriteIn,
)
from handoutkit.transforms.apply import Options, apply_transforms

from .pages import HERE, html, setup

FORMS = HERE / "data" / "forms.yaml"
NASTY = "<script>alert('x')</script> & \"quoted\""


class Page(HTMLParser):
    """Every element with its attributes, and the text of the page, as a parser reads them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.elements if "id" in attrs}


def t(text: str) -> tuple[Text, ...]:
    return (Text(text),)


def page_of(handout: Handout, style: str = "default") -> str:
    words = load_words(handout.language, Report())
    assert words is not None
    straight = apply_transforms(handout, options=Options(quotes="straight"))  # the quotes stay as typed
    return render_html(straight, words, setup(style).sheet)


def nasty_handout(tmp_path: Path) -> Handout:
    """A handout with the same hostile text in every kind of value that prints."""
    picture = tmp_path / "p.png"
    Image.new("RGB", (20, 10), "white").save(picture)
    blocks = (
        Paragraph((Text(NASTY), Citation(("r",)), Strong(t(NASTY)), Emphasis(t(NASTY)))),
        Paragraph((Link(t(NASTY), 'https://example.org/?a=1&b="2"<x>'),)),
        Subheading(t(NASTY)),
        ItemList((ListItem(t(NASTY), ItemList((ListItem(t(NASTY)),), ordered=True)),)),
        Note((Paragraph(t(NASTY)),), title=t(NASTY), kind="warning"),
        WriteIn(t(NASTY), 2),
        WriteIn(None, 2),
        QrCode("https://example.org/q?x=<y>&z='1'", caption=t(NASTY)),
        Figure(str(picture), "png", alt=NASTY, caption=t(NASTY)),
        Table((t(NASTY), t("B")), rows=((t(NASTY), t(NASTY)),), caption=t(NASTY), blank_rows=1),
        Checklist((t(NASTY),), title=t(NASTY)),
        Terms((Term(t(NASTY), t(NASTY)),)),
    )
    return Handout(
        title=t(NASTY),
        subtitle=t(NASTY),
        summary=t(NASTY),
        reviewed=datetime.date(2025, 4, 12),
        sections=(Section(t(NASTY), blocks),),
        references=(
            Reference("r", title=NASTY, container_title=NASTY, url="https://example.org/r?a&b", language="fr"),
        ),
        url="https://example.org/online?a=1&b=2",
    )


def test_every_value_is_escaped_and_the_page_has_no_script(tmp_path: Path) -> None:
    markup = page_of(nasty_handout(tmp_path))
    assert "<script" not in markup.lower()
    assert "alert('x')" not in markup and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
    assert '"quoted"' not in markup and "&quot;quoted&quot;" in markup
    assert " & " not in markup
    parsed = Page(markup)
    assert not parsed.all("script")
    text = "".join(parsed.texts)
    assert text.count(NASTY) >= 20  # title, headings, paragraphs, list items, note, cells, captions, terms ...
    assert parsed.all("img")[0]["alt"] == NASTY  # an attribute's value comes back whole
    assert {attrs["href"] for attrs in parsed.all("a")} >= {'https://example.org/?a=1&b="2"<x>', "#ref-1"}
    assert not [name for name, attrs in parsed.elements for key in attrs if key.startswith("on")]


def test_the_page_is_one_file_with_the_document_basics() -> None:
    markup = html(FORMS, "default")
    assert markup.startswith('<!doctype html>\n<html lang="en" dir="ltr">')
    parsed = Page(markup)
    assert parsed.all("meta")[0] == {"charset": "utf-8"}
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in parsed.all("meta")
    assert len(parsed.all("main")) == 1 and len(parsed.all("h1")) == 1
    assert len(parsed.all("h2")) == 4  # three sections and the references
    assert parsed.all("link") == []  # nothing to fetch: no style sheet, font or picture from elsewhere
    assert all(attrs["src"].startswith("data:image/") for attrs in parsed.all("img"))
    assert "@media print" in markup and "@page { size: 612pt 792pt;" in markup
    assert "<title>Your &lt;b&gt;daily&lt;/b&gt; log &amp; “checklist”</title>" in markup


def test_the_same_handout_gives_the_same_bytes() -> None:
    from handoutkit.html import fonts, pictures

    first = html(FORMS, "example-clinic")
    fonts._subset.cache_clear()
    pictures._picture.cache_clear()
    again = render_html(*_inputs())
    assert again == first


def _inputs() -> tuple[Handout, object, object]:
    from .pages import read

    got = read(FORMS, "example-clinic")
    return got.handout, got.words, setup("example-clinic").sheet  # type: ignore[return-value]


def test_citations_link_to_numbered_references_with_ids_and_lang() -> None:
    parsed = Page(html(FORMS, "default"))
    entries = [attrs for attrs in parsed.all("li") if attrs.get("id", "").startswith("ref-")]
    assert [entry["id"] for entry in entries] == ["ref-1", "ref-2"]
    assert entries[1]["lang"] == "fr" and "lang" not in entries[0]
    targets = {attrs["href"] for attrs in parsed.all("a") if attrs["href"].startswith("#")}
    assert targets == {"#ref-1", "#ref-2"}
    assert {"href": "#ref-1", "aria-label": "Reference 1"} in parsed.all("a")
    assert 'fight cancer cells.<sup class="cite"><a href="#ref-1"' in html(
        Path("source/biological-therapy-for-cancer.yaml").resolve(), "default"
    )


def test_links_print_their_targets_as_the_pdf_does() -> None:
    markup = html(FORMS, "default")
    assert '<a href="tel:+15550100100">the nurse line (<bdi class="phone">+1\u00a0555-010-0100</bdi>)</a>' in markup
    assert '<a href="mailto:care@example.org?subject=Log">us (<bdi>care@example.org</bdi>)</a>' in markup


def test_tables_have_scoped_headers_a_caption_and_labelled_blank_cells() -> None:
    parsed = Page(html(FORMS, "default"))
    heads = parsed.all("th")
    assert [attrs["scope"] for attrs in heads[:4]] == ["col"] * 4
    assert {"scope": "row"} in heads
    assert len(parsed.all("caption")) == 1
    cells = [attrs for attrs in parsed.all("textarea") if attrs["id"].startswith("table-")]
    assert len(cells) == 3 * 4  # the fillable log's blank rows; the printed table's have no fields
    assert cells[0]["aria-label"] == "Date, row 2" and cells[0]["id"] == "table-section-2-1-row-2-col-1"


def test_notes_are_asides_named_by_their_titles() -> None:
    parsed = Page(html(FORMS, "default"))
    asides = parsed.all("aside")
    assert [aside["class"] for aside in asides] == ["note set-off", "note warning set-off"]
    ids = parsed.ids()
    assert all(aside["aria-labelledby"] in ids for aside in asides)
    markup = html(FORMS, "default")
    assert '<p class="block-title" id="section-1-5-title">Note</p>' in markup  # the catalog's word, as printed


def test_forms_work_without_script_and_every_field_has_a_name() -> None:
    parsed = Page(html(FORMS, "default"))
    boxes = parsed.all("input")
    assert [box["type"] for box in boxes] == ["checkbox"] * 3  # the printed checklist draws boxes
    labels = {attrs["for"] for attrs in parsed.all("label")}
    assert {box["id"] for box in boxes} <= labels
    areas = [attrs for attrs in parsed.all("textarea") if attrs["id"].startswith("write-in-")]
    assert len(areas) == 2  # the printed write-in is ruled lines alone
    assert areas[0]["id"] in labels  # titled: its title is its label
    assert areas[1]["aria-labelledby"] == "section-2"  # untitled: its section's heading names it
    assert len(parsed.ids()) == len([attrs for _, attrs in parsed.elements if "id" in attrs])  # ids unique
    groups = [attrs for attrs in parsed.elements if attrs[1].get("role") == "group"]
    assert groups and groups[0][1]["aria-labelledby"] in parsed.ids()


def test_pictures_are_data_addresses_with_their_alternative_text() -> None:
    parsed = Page(html(FORMS, "default"))
    images = parsed.all("img")
    kinds = [image["src"].split(";")[0] for image in images]
    alone, row = ["data:image/png", "data:image/jpeg", "data:image/svg+xml"], ["data:image/png", "data:image/svg+xml"]
    assert kinds == [*alone, *row, "data:image/jpeg"]
    assert images[0]["alt"] == 'A round pill beside a square cup & a "spoon"'
    assert images[2]["alt"] == ""  # decorative
    assert len(parsed.all("figcaption")) == 4
    logo = Page(html(FORMS, "example-clinic")).all("img")[0]
    assert logo["class"] == "logo" and logo["alt"] == "Riverside Cancer Center"


def test_a_photo_loses_its_metadata_and_is_turned_upright(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter round
    exif[0x010F] = "A phone maker"
    Image.new("RGB", (40, 20), "red").save(photo, exif=exif.tobytes())
    handout = Handout(t("T"), datetime.date(2025, 4, 12), (Section(t("S"), (Figure(str(photo), "jpeg", alt="A"),)),))
    src = Page(page_of(handout)).all("img")[0]["src"]
    shown = Image.open(io.BytesIO(base64.b64decode(src.partition(",")[2])))
    assert shown.size == (20, 40)
    assert not shown.getexif()


def test_a_picture_that_cannot_be_read_is_an_error_that_names_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    handout = Handout(t("T"), datetime.date(2025, 4, 12), (Section(t("S"), (Figure(str(broken), "png", alt="A"),)),))
    with pytest.raises(HtmlError, match=r"broken\.png cannot be read"):
        page_of(handout)


def test_a_changed_picture_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    Image.new("RGB", (30, 10), "white").save(path)
    handout = Handout(t("T"), datetime.date(2025, 4, 12), (Section(t("S"), (Figure(str(path), "png", alt="A"),)),))
    assert Page(page_of(handout)).all("img")[0]["width"] == "30"
    Image.new("RGB", (40, 10), "white").save(path)
    assert Page(page_of(handout)).all("img")[0]["width"] == "40"


def test_right_to_left_languages_and_passages_in_other_languages() -> None:
    arabic = html(Path("source/al-ilaj-al-biyuluji-al-athar-al-janibiya.yaml").resolve(), "default")
    assert arabic.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert "border-inline-start" in arabic  # the note's bar on the side lines start
    chinese = html(Path("source/sheng-wu-liao-fa-fu-zuo-yong.yaml").resolve(), "default")
    assert '<html lang="zh-Hans" dir="ltr">' in chinese or '<html lang="zh' in chinese
    assert "患者教育" in chinese  # the style's organisation in the handout's language


def test_the_styles_colours_sizes_and_fonts_are_in_the_css() -> None:
    markup = html(FORMS, "large-print")
    assert "font-size: 133.3333%" in markup  # 16 pt is a third more than a browser's 12 pt (16 px)
    clinic = html(FORMS, "example-clinic")
    assert "color: #1f5e6e" in clinic
    faces = re.findall(r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+); font-style: (\w+)', markup)
    assert ("Atkinson Hyperlegible", "400", "normal") in faces and ("Atkinson Hyperlegible", "700", "normal") in faces
    assert ("Atkinson Hyperlegible", "700", "italic") in faces  # "Print a *new* log", in a bold caption
    assert 'font-family: "Atkinson Hyperlegible", "Fira Sans"' in markup
    assert len(markup) < 200_000  # fonts subset to the characters used


def test_fonts_are_subset_to_the_characters_each_family_sets() -> None:
    from fontTools.ttLib import TTFont

    markup = html(Path("source/sheng-wu-liao-fa-fu-zuo-yong.yaml").resolve(), "default")
    faces = dict(re.findall(r'font-family: "([^"]+)"; font-weight: 400; font-style: normal; font-display: swap; '
                            r'src: url\("data:font/woff;base64,([^"]+)"\)', markup))  # fmt: skip
    chinese = TTFont(io.BytesIO(base64.b64decode(faces["Noto Sans CJK"])))
    latin = TTFont(io.BytesIO(base64.b64decode(faces["Atkinson Hyperlegible"])))
    assert ord("癌") in chinese.getBestCmap() and ord("癌") not in latin.getBestCmap()
    assert ord("a") in latin.getBestCmap() and ord("a") not in chinese.getBestCmap()
    assert len(chinese.getBestCmap()) < 600
