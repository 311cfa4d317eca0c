"""Tests for handoutkit.transforms.ama: References in, AMA-style entries out."""

from __future__ import annotations

import itertools

import pytest

from handoutkit.diagnostics import Report
from handoutkit.language.catalog import english, load_words
from handoutkit.model import Emphasis, Inline, Link, Name, PartialDate, Reference, Strong, Text
from handoutkit.transforms.ama import format_reference

ENGLISH = english()  # the built-in catalog's words

ACCESSED = PartialDate(2025, 2, 10)
NCI = "National Cancer Institute"


def flat(inlines: tuple[Inline, ...]) -> str:
    """Plain text of an entry, with italics shown as *...* so they are asserted too."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Emphasis):
            out.append(f"*{flat(node.children)}*")
        elif isinstance(node, (Strong, Link)):
            out.append(flat(node.children))
        else:
            raise TypeError(f"unexpected node {node!r}")
    return "".join(out)


def links(inlines: tuple[Inline, ...]) -> list[tuple[str, str]]:
    return [(flat(node.children), node.url) for node in inlines if isinstance(node, Link)]


def person(family: str, given: str = "", **more: str) -> Name:
    return Name(family=family, given=given, **more)


def org(literal: str) -> Name:
    return Name(literal=literal)


# --- the seven references of the immunotherapy handout ----------------------------------------

HANDOUT = [
    (
        Reference(
            id="nci-immunotherapy",
            title="Immunotherapy to treat cancer",
            container_title=NCI,
            url="https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
            accessed=ACCESSED,
        ),
        (
            "Immunotherapy to treat cancer. National Cancer Institute. Accessed February 10, 2025. "
            "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy"
        ),
    ),
    (
        Reference(
            id="nci-biological-therapy",
            title="Biological therapy",
            container_title="NCI Dictionary of Cancer Terms",
            publisher=NCI,
            url="https://www.cancer.gov/publications/dictionaries/cancer-terms/def/biological-therapy",
            accessed=ACCESSED,
        ),
        (
            "Biological therapy. NCI Dictionary of Cancer Terms. National Cancer Institute. "
            "Accessed February 10, 2025. "
            "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/biological-therapy"
        ),
    ),
    (
        Reference(
            id="abeloff",
            type="chapter",
            title="Therapeutic antibodies and immunologic conjugates",
            container_title="Abeloff's Clinical Oncology",
            editors=(
                person("Niederhuber", "John E."),
                person("Armitage", "James O."),
                person("Kastan", "MB"),
                person("Doroshow", "James H"),
                person("Tepper", "Joel E."),
            ),
            edition="6",
            publisher="Elsevier",
            issued=PartialDate(2020),
            url="https://www.clinicalkey.com",
            accessed=ACCESSED,
        ),
        (
            "Niederhuber JE, Armitage JO, Kastan MB, Doroshow JH, Tepper JE, eds. "
            "Therapeutic antibodies and immunologic conjugates. In: *Abeloff's Clinical Oncology*. "
            "6th ed. Elsevier; 2020. Accessed February 10, 2025. https://www.clinicalkey.com"
        ),
    ),
    (
        Reference(
            id="nci-side-effects",
            title="Immunotherapy side effects",
            container_title=NCI,
            url="https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects",
            accessed=ACCESSED,
        ),
        (
            "Immunotherapy side effects. National Cancer Institute. Accessed February 10, 2025. "
            "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/side-effects"
        ),
    ),
    (
        Reference(
            id="nci-organ-inflammation",
            title="Organ-related inflammation and immunotherapy",
            container_title=NCI,
            url="https://www.cancer.gov/about-cancer/treatment/side-effects/organ-inflammation",
            accessed=ACCESSED,
        ),
        (
            "Organ-related inflammation and immunotherapy. National Cancer Institute. "
            "Accessed February 10, 2025. "
            "https://www.cancer.gov/about-cancer/treatment/side-effects/organ-inflammation"
        ),
    ),
    (
        Reference(
            id="basic-science",
            type="chapter",
            title="The immune system and immunotherapy",
            container_title="The Basic Science of Oncology",
            editors=(
                person("Harrington", "Lea A"),
                person("Tannock", "Ian F."),
                person("Hill", "Richard P."),
                person("Ohashi", "Pamela S."),
                person("Bristow", "Robert G."),
            ),
            edition="6th",
            publisher="McGraw Hill",
            issued=PartialDate(2021),
            url="https://accessmedicine.mhmedical.com",
            accessed=ACCESSED,
        ),
        (
            "Harrington LA, Tannock IF, Hill RP, Ohashi PS, Bristow RG, eds. "
            "The immune system and immunotherapy. In: *The Basic Science of Oncology*. "
            "6th ed. McGraw Hill; 2021. Accessed February 10, 2025. "
            "https://accessmedicine.mhmedical.com"
        ),
    ),
    (
        Reference(
            id="clinicaltrials",
            title="Search results for cancer and immunotherapy",
            container_title="ClinicalTrials.gov",
            url="https://www.clinicaltrials.gov/search?cond=Cancer&intr=immunotherapy",
            accessed=ACCESSED,
        ),
        (
            "Search results for cancer and immunotherapy. ClinicalTrials.gov. "
            "Accessed February 10, 2025. "
            "https://www.clinicaltrials.gov/search?cond=Cancer&intr=immunotherapy"
        ),
    ),
]


@pytest.mark.parametrize(("ref", "expected"), HANDOUT, ids=[r.id for r, _ in HANDOUT])
def test_handout_references(ref: Reference, expected: str) -> None:
    assert flat(format_reference(ref, ENGLISH)) == expected


@pytest.mark.parametrize(("ref", "_"), HANDOUT, ids=[r.id for r, _ in HANDOUT])
def test_handout_urls_are_links_to_themselves(ref: Reference, _: str) -> None:
    assert links(format_reference(ref, ENGLISH)) == [(ref.url, ref.url)]


# --- each reference type ------------------------------------------------------------------------

SMITH = (person("Smith", "Anna B."),)
SMITH_JONES = (person("Smith", "Anna B."), person("Jones", "Carl"))

TYPES = [
    pytest.param(
        Reference(
            id="w",
            title="Living with cancer",
            authors=SMITH,
            container_title="Cancer.Net",
            publisher="ASCO",
            issued=PartialDate(2023, 5, 4),
            accessed=ACCESSED,
            url="https://www.cancer.net/x",
        ),
        (
            "Smith AB. Living with cancer. Cancer.Net. ASCO. May 4, 2023. "
            "Accessed February 10, 2025. https://www.cancer.net/x"
        ),
        id="webpage-all-parts",
    ),
    pytest.param(
        Reference(id="w", title="Page", container_title="Site", publisher="site"),
        "Page. Site.",
        id="webpage-publisher-same-as-site",
    ),
    pytest.param(
        Reference(id="w", title="Page", issued=PartialDate(2024, 3), url="https://e.org"),
        "Page. March 2024. https://e.org",
        id="webpage-partial-date-no-accessed",
    ),
    pytest.param(
        Reference(
            id="b",
            type="post-weblog",
            title="A post",
            container_title="The Blog",
            url="https://b.org/p",
        ),
        "A post. The Blog. https://b.org/p",
        id="post-weblog",
    ),
    pytest.param(
        Reference(
            id="u",
            type="interview",
            title="Talk",
            container_title="Radio",
            url="https://r.org",
            accessed=ACCESSED,
        ),
        "Talk. Radio. Accessed February 10, 2025. https://r.org",
        id="unknown-type-as-webpage",
    ),
    pytest.param(
        Reference(
            id="c",
            type="chapter",
            title="Nausea",
            authors=SMITH_JONES,
            editors=(person("Lee", "Kim"),),
            container_title="Supportive Care",
            edition="2",
            publisher="Springer",
            issued=PartialDate(2019),
            page="45-60",
        ),
        ("Smith AB, Jones C. Nausea. In: Lee K, ed. *Supportive Care*. 2nd ed. Springer; 2019:45-60."),
        id="chapter-authors-one-editor-pages",
    ),
    pytest.param(
        Reference(
            id="c",
            type="chapter",
            title="Nausea",
            authors=SMITH,
            editors=(person("Lee", "Kim"), person("Park", "Jo")),
            container_title="Care",
        ),
        "Smith AB. Nausea. In: Lee K, Park J, eds. *Care*.",
        id="chapter-authors-several-editors",
    ),
    pytest.param(
        Reference(
            id="c",
            type="chapter",
            title="Nausea",
            container_title="Care",
            publisher="Springer",
        ),
        "Nausea. In: *Care*. Springer.",
        id="chapter-no-names",
    ),
    pytest.param(
        Reference(
            id="c",
            type="chapter",
            title="Nausea",
            editors=(person("Lee", "Kim"),),
            container_title="Care",
            issued=PartialDate(2019),
        ),
        "Lee K, ed. Nausea. In: *Care*. 2019.",
        id="chapter-one-editor-leads",
    ),
    pytest.param(
        Reference(
            id="bk",
            type="book",
            title="Cancer Care",
            authors=SMITH_JONES,
            edition="3",
            publisher="Wiley",
            issued=PartialDate(2018),
        ),
        "Smith AB, Jones C. *Cancer Care*. 3rd ed. Wiley; 2018.",
        id="book-authors",
    ),
    pytest.param(
        Reference(
            id="bk",
            type="book",
            title="Cancer Care",
            editors=SMITH_JONES,
            publisher="Wiley",
            issued=PartialDate(2018),
            url="https://w.org",
            accessed=ACCESSED,
        ),
        ("Smith AB, Jones C, eds. *Cancer Care*. Wiley; 2018. Accessed February 10, 2025. https://w.org"),
        id="book-editors-url",
    ),
    pytest.param(
        Reference(
            id="bk",
            type="book",
            title="Cancer Care",
            editors=SMITH,
            issued=PartialDate(literal="in press"),
        ),
        "Smith AB, ed. *Cancer Care*. in press.",
        id="book-one-editor-literal-year",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="Checkpoint inhibitors",
            authors=SMITH,
            container_title="JAMA Oncol",
            issued=PartialDate(2020, 6),
            volume="6",
            issue="4",
            page="519-527",
            doi="10.1001/jamaoncol.2019.5570",
            url="https://ignored.example",
            accessed=ACCESSED,
        ),
        ("Smith AB. Checkpoint inhibitors. *JAMA Oncol*. 2020;6(4):519-527. doi:10.1001/jamaoncol.2019.5570"),
        id="article-full-doi",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="T",
            container_title="J",
            issued=PartialDate(2020),
            volume="12",
            page="100-105",
        ),
        "T. *J*. 2020;12:100-105.",
        id="article-no-issue",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="T",
            container_title="J",
            issued=PartialDate(2020),
            volume="12",
            issue="3",
        ),
        "T. *J*. 2020;12(3).",
        id="article-no-pages",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="T",
            container_title="J",
            issued=PartialDate(2020),
        ),
        "T. *J*. Published online 2020.",
        id="article-year-only",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="T",
            container_title="J",
            volume="12",
            page="e5",
        ),
        "T. *J*. 12:e5.",
        id="article-no-year",
    ),
    pytest.param(
        Reference(
            id="a",
            type="article-journal",
            title="T",
            container_title="J",
            issued=PartialDate(2021),
            url="https://j.org/t",
            accessed=ACCESSED,
        ),
        "T. *J*. Published online 2021. Accessed February 10, 2025. https://j.org/t",
        id="article-no-doi-url",
    ),
    pytest.param(
        Reference(
            id="r",
            type="report",
            title="Cancer Statistics",
            authors=(org("ACS"),),
            number="42",
            collection_title="Cancer Facts",
            publisher="American Cancer Society",
            issued=PartialDate(2024),
            url="https://acs.org/r",
            accessed=ACCESSED,
        ),
        (
            "ACS. *Cancer Statistics*. American Cancer Society; 2024. Cancer Facts no. 42. "
            "Accessed February 10, 2025. https://acs.org/r"
        ),
        id="report-all-parts",
    ),
    pytest.param(
        Reference(
            id="r",
            type="report",
            title="Survey",
            number="NIH Publication No. 12-345",
            publisher="NIH",
        ),
        "*Survey*. NIH. NIH Publication No. 12-345.",
        id="report-number-already-labelled",
    ),
    pytest.param(
        Reference(id="r", type="report", title="Survey", publisher="NIH"),
        "*Survey*. NIH.",
        id="report-no-authors-no-number",
    ),
]


@pytest.mark.parametrize(("ref", "expected"), TYPES)
def test_reference_types(ref: Reference, expected: str) -> None:
    assert flat(format_reference(ref, ENGLISH)) == expected


# --- names --------------------------------------------------------------------------------------

NAMES = [
    pytest.param(person("Doe", "John E."), "Doe JE", id="initials-from-names"),
    pytest.param(person("Harrington", "Lea A"), "Harrington LA", id="initial-without-period"),
    pytest.param(person("Kastan", "MB"), "Kastan MB", id="already-initials"),
    pytest.param(person("Roe", "J.E."), "Roe JE", id="dotted-initials"),
    pytest.param(person("Sartre", "Jean-Paul"), "Sartre JP", id="hyphenated"),
    pytest.param(person("Gogh", "Vincent", particle="van"), "van Gogh V", id="particle"),
    pytest.param(person("King", "Martin Luther", suffix="Jr"), "King ML Jr", id="suffix"),
    pytest.param(person("King", "Martin Luther", suffix="Jr."), "King ML Jr", id="suffix-dot"),
    pytest.param(person("Élan", "Émile"), "Élan É", id="accented"),
    pytest.param(person("Cher"), "Cher", id="family-only"),
    pytest.param(org("World Health Organization"), "World Health Organization", id="literal"),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_names(name: Name, expected: str) -> None:
    ref = Reference(id="n", type="book", title="T", authors=(name,))
    assert flat(format_reference(ref, ENGLISH)) == f"{expected}. *T*."


def authors(count: int) -> tuple[Name, ...]:
    return tuple(person(f"Author{n}", "Ann") for n in range(1, count + 1))


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Author1 A"),
        (2, "Author1 A, Author2 A"),
        (6, "Author1 A, Author2 A, Author3 A, Author4 A, Author5 A, Author6 A"),
        (7, "Author1 A, Author2 A, Author3 A, et al"),
        (12, "Author1 A, Author2 A, Author3 A, et al"),
    ],
)
def test_author_lists(count: int, expected: str) -> None:
    ref = Reference(id="n", title="T", authors=authors(count))
    assert flat(format_reference(ref, ENGLISH)) == f"{expected}. T."


def test_many_editors_get_et_al_and_eds() -> None:
    ref = Reference(id="n", type="book", title="T", editors=authors(7))
    assert flat(format_reference(ref, ENGLISH)) == "Author1 A, Author2 A, Author3 A, et al, eds. *T*."


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Author1 A, et al. T."),
        (3, "Author1 A, Author2 A, Author3 A, et al. T."),
        (8, "Author1 A, Author2 A, Author3 A, et al. T."),
        (0, "T."),  # "others" alone: nobody to follow with "et al"
    ],
)
def test_a_last_name_others_is_an_incomplete_list_ending_et_al(count: int, expected: str) -> None:
    ref = Reference(id="n", title="T", authors=(*authors(count), org("others")))
    assert flat(format_reference(ref, ENGLISH)) == expected


def test_editors_and_others_are_eds() -> None:
    ref = Reference(id="n", type="book", title="T", editors=(person("Roe", "Rick"), org("others")))
    assert flat(format_reference(ref, ENGLISH)) == "Roe R, et al, eds. *T*."


def test_empty_names_are_skipped() -> None:
    ref = Reference(id="n", type="book", title="T", editors=(Name(), person("Lee", "Kim")))
    assert flat(format_reference(ref, ENGLISH)) == "Lee K, ed. *T*."


# --- editions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        ("1", "1st"), ("2", "2nd"), ("3", "3rd"), ("4", "4th"), ("6", "6th"), ("6th", "6th"),
        ("11", "11th"), ("12", "12th"), ("13", "13th"), ("21", "21st"), ("22", "22nd"),
        ("23", "23rd"), ("101", "101st"), ("111", "111th"), ("112", "112th"),
        ("2nd ed.", "2nd"), ("7th edition", "7th"), ("Revised", "Revised"),
        ("Revised edition", "Revised"),
    ],
)  # fmt: skip
def test_editions(edition: str, expected: str) -> None:
    ref = Reference(id="e", type="book", title="T", edition=edition)
    assert flat(format_reference(ref, ENGLISH)) == f"*T*. {expected} ed."


def test_an_edition_that_is_no_number_takes_the_languages_word_for_edition_not_for_editor() -> None:
    """ "Revised ed." in English; in Japanese 版 (edition), never 編 (editor), which the two share in English."""
    japanese = load_words("ja", Report())
    assert japanese is not None
    ref = Reference(id="e", type="book", title="T", edition="Revised", language="ja")
    assert flat(format_reference(ref, japanese)) == "*T*. Revised版."
    assert flat(format_reference(ref, ENGLISH)) == "*T*. Revised ed."


# --- theses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("genre", "degree"),
    [
        ("PhD thesis", "Dissertation"), ("phdthesis", "Dissertation"), ("Ph.D. dissertation", "Dissertation"),
        ("Doctoral thesis", "Dissertation"), ("dissertation", "Dissertation"),
        ("mathesis", "Master's thesis"), ("Master’s thesis", "Master's thesis"), ("MSc thesis", "Master's thesis"),
        ("Masters thesis", "Master's thesis"),
        ("bachelor's thesis", "Bachelor's thesis"),  # no AMA word: as given, capitalised
    ],
)  # fmt: skip
def test_a_theses_degree_is_amas_word_for_it(genre: str, degree: str) -> None:
    """AMA 3.13.4: "Dissertation." for a doctoral thesis, "Master's thesis." for a master's."""
    ref = Reference(id="t", type="thesis", title="Sleep", genre=genre, publisher="MIT", issued=PartialDate(2015))
    assert flat(format_reference(ref, ENGLISH)) == f"*Sleep*. {degree}. MIT; 2015."


def test_a_theses_degree_is_in_the_handouts_language() -> None:
    spanish = load_words("es", Report())
    assert spanish is not None
    ref = Reference(id="t", type="thesis", title="Sueño", genre="phdthesis", publisher="UNAM", issued=PartialDate(2015))
    assert flat(format_reference(ref, spanish)) == "*Sueño*. Tesis doctoral. UNAM; 2015."


# --- punctuation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        pytest.param(Reference(id="p", title="Is it safe?", container_title="Site Inc."),
                     "Is it safe? Site Inc.", id="webpage"),
        pytest.param(Reference(id="p", type="book", title="Why me?", publisher="Acme Ltd."),
                     "*Why Me?* Acme Ltd.", id="book-italic-question"),
        pytest.param(Reference(id="p", type="article-journal", title="Wow!",
                               container_title="J.", authors=(org("Group et al."),)),
                     "Group et al. Wow! *J.*", id="article"),
        pytest.param(Reference(id="p", title="Trailing.  ", container_title="  Site  "),
                     "Trailing. Site.", id="whitespace-stripped"),
    ],
)  # fmt: skip
def test_no_doubled_punctuation(ref: Reference, expected: str) -> None:
    assert flat(format_reference(ref, ENGLISH)) == expected


# --- preformatted text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected", "expected_links"),
    [
        pytest.param(Reference(id="t", text="Anything, as typed", title="ignored"),
                     "Anything, as typed", [], id="text-only"),
        pytest.param(Reference(id="t", text="As typed.", url="https://x.org"),
                     "As typed. https://x.org", [("https://x.org", "https://x.org")],
                     id="text-plus-url"),
        pytest.param(Reference(id="t", text="See https://x.org", url="https://x.org"),
                     "See https://x.org", [("https://x.org", "https://x.org")],
                     id="text-ends-with-url"),
        pytest.param(Reference(id="t", text="See https://x.org.", url="https://x.org"),
                     "See https://x.org.", [("https://x.org", "https://x.org")],
                     id="text-ends-with-url-and-period"),
    ],
)  # fmt: skip
def test_preformatted_text(ref: Reference, expected: str, expected_links: list[tuple[str, str]]) -> None:
    result = format_reference(ref, ENGLISH)
    assert flat(result) == expected
    assert links(result) == expected_links


# --- links and structure ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doi",
    ["10.1000/xyz123", "doi:10.1000/xyz123", "https://doi.org/10.1000/xyz123"],
)
def test_doi_is_a_link_to_doi_org(doi: str) -> None:
    ref = Reference(id="d", type="article-journal", title="T", doi=doi)
    result = format_reference(ref, ENGLISH)
    assert flat(result) == "T. doi:10.1000/xyz123"
    assert links(result) == [("doi:10.1000/xyz123", "https://doi.org/10.1000/xyz123")]
    assert isinstance(result[-1], Link)


def test_doi_with_reserved_characters_is_escaped_in_target_only() -> None:
    ref = Reference(id="d", type="article-journal", doi="10.1002/(SICI)1097#x")
    assert links(format_reference(ref, ENGLISH)) == [
        ("doi:10.1002/(SICI)1097#x", "https://doi.org/10.1002/(SICI)1097%23x")
    ]


def test_italics_are_emphasis_nodes_around_text() -> None:
    ref = Reference(id="b", type="book", title="Cancer Care", publisher="Wiley")
    assert format_reference(ref, ENGLISH) == (
        Emphasis((Text("Cancer Care"),)),
        Text(". Wiley."),
    )


@pytest.mark.parametrize(("ref", "_"), [*HANDOUT, *[p.values for p in TYPES]])
def test_text_nodes_are_merged_and_never_empty(ref: Reference, _: str) -> None:
    result = format_reference(ref, ENGLISH)
    for before, after in itertools.pairwise(result):
        assert not (isinstance(before, Text) and isinstance(after, Text))
    assert all(node.text for node in result if isinstance(node, Text))


# --- missing data -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("webpage", "Just a title."), ("post-weblog", "Just a title."),
        ("chapter", "Just a title."), ("article-journal", "Just a title."),
        ("other", "Just a title."), ("book", "*Just a Title*."), ("report", "*Just a Title*."),
    ],
)  # fmt: skip
def test_title_only_prints_the_title(kind: str, expected: str) -> None:
    ref = Reference(id="x", type=kind, title="Just a title")
    assert flat(format_reference(ref, ENGLISH)) == expected


@pytest.mark.parametrize("kind", ["webpage", "chapter", "book", "article-journal", "report", "other"])
def test_empty_reference_falls_back_to_its_id(kind: str) -> None:
    empty_dates = PartialDate()
    ref = Reference(id="x-1", type=kind, issued=empty_dates, accessed=empty_dates)
    assert flat(format_reference(ref, ENGLISH)) == "x-1."


# --- AMA 11 rules, each with its own small inputs ----------------------------------------------


def entry(**fields: object) -> str:
    return flat(format_reference(Reference(id="r", **fields), ENGLISH))  # type: ignore[arg-type]


def test_a_web_pages_date_is_bare() -> None:
    """AMA 11, 3.15.1: the date of a web page or blog post has no "Published" before it."""
    assert entry(type="webpage", title="Flu", container_title="CDC", issued=PartialDate(2020, 6, 30)) == (
        "Flu. CDC. June 30, 2020."
    )
    assert entry(type="post-weblog", title="Post", container_title="Blog", issued=PartialDate(2016, 2, 1)) == (
        "Post. Blog. February 1, 2016."
    )


def test_a_hyphenated_given_name_gives_closed_up_initials() -> None:
    """AMA 3.7: Jasper Fuk-Woo Chan is Chan JFW, not Chan JF-W."""
    assert entry(
        type="book", title="B", authors=(person("Chan", "Jasper Fuk-Woo"), person("Yip", "Cyril Chik-Yan"))
    ) == ("Chan JFW, Yip CCY. *B*.")


def test_a_journal_is_named_by_its_abbreviation() -> None:
    """AMA 3.11.2: the journal's abbreviation (container-title-short, or Zotero's journalAbbreviation)."""
    article = {"type": "article-journal", "title": "T", "volume": "35", "issue": "5", "page": "205-207"}
    assert entry(
        **article, container_title="Nurse Educator", container_title_short="Nurse Educ", issued=PartialDate(2010)
    ) == ("T. *Nurse Educ*. 2010;35(5):205-207.")
    assert entry(**article, container_title="Nurse Educator", issued=PartialDate(2010)) == (
        "T. *Nurse Educator*. 2010;35(5):205-207."
    )


def test_an_online_only_article_is_published_online_with_its_date() -> None:
    """AMA 3.11: an article with no volume, issue or pages yet: "Nat Med. Published online July 7, 2016."."""
    assert entry(
        type="article-journal",
        title="T",
        container_title="Nat Med",
        issued=PartialDate(2016, 7, 7),
        doi="10.1038/nm4142",
    ) == ("T. *Nat Med*. Published online July 7, 2016. doi:10.1038/nm4142")


def test_an_articles_e_locator_stands_where_its_pages_would() -> None:
    assert entry(
        type="article-journal",
        title="T",
        container_title="JAMA Netw Open",
        volume="2",
        issue="7",
        number="e196972",
        issued=PartialDate(2019),
    ) == ("T. *JAMA Netw Open*. 2019;2(7):e196972.")


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212", " \u2013 "])
def test_page_ranges_print_with_a_hyphen(dash: str) -> None:
    assert entry(
        type="article-journal",
        title="T",
        container_title="J",
        volume="1",
        page=f"2703{dash}2710",
        issued=PartialDate(2001),
    ) == ("T. *J*. 2001;1:2703-2710.")
    assert entry(
        type="chapter", title="C", container_title="B", publisher="P", page=f"99{dash}105", issued=PartialDate(2013)
    ) == ("C. In: *B*. P; 2013:99-105.")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Studying a study & testing a test: reading evidence-based health research",
         "Studying a Study & Testing a Test: Reading Evidence-Based Health Research"),
        ("Consensus document on the epidemiology of severe acute respiratory syndrome (SARS)",
         "Consensus Document on the Epidemiology of Severe Acute Respiratory Syndrome (SARS)"),
        ("Strengthening trans-Tasman economic relations", "Strengthening Trans-Tasman Economic Relations"),
        # a preposition of four letters is capitalised
        ("the care of patients with COVID-19", "The Care of Patients With COVID-19"),
        ("living with mRNA vaccines in the US", "Living With mRNA Vaccines in the US"),
        ("a guide to up-to-date care", "A Guide to Up-to-Date Care"),
        # an apostrophe is part of its word
        ("a parent's guide to children’s asthma", "A Parent's Guide to Children’s Asthma"),
        # each part of a slashed word, minor words staying minor
        ("risk/benefit decisions and/or choices", "Risk/Benefit Decisions and/or Choices"),
        # a letter joined to a name stays as written
        ("e-Health for older adults", "e-Health for Older Adults"),
        # a verb's particle is capitalised
        ("how to follow up after surgery", "How to Follow Up After Surgery"),
        ("(quoted) 'words' in brackets", "(Quoted) 'Words' in Brackets"),
        # a unit, an abbreviation or an address with a slash stays as written
        ("keeping glucose under 180 mg/dL", "Keeping Glucose Under 180 mg/dL"),
        ("care w/o insurance at cancer.gov/types", "Care w/o Insurance at cancer.gov/types"),
        # after an em dash a new phrase starts
        ("cancer\u2014an overview", "Cancer\u2014An Overview"),
    ],
)  # fmt: skip
def test_book_and_report_titles_are_in_title_case(title: str, expected: str) -> None:
    """AMA 3.9 and 3.12.2: major words capitalised; articles, coordinating conjunctions and
    prepositions of three letters or fewer not, unless first or after a colon; capitals kept."""
    assert entry(type="book", title=title) == f"*{expected}*."
    assert entry(type="report", title=title) == f"*{expected}*."
    assert entry(type="chapter", title="c", container_title=title) == f"c. In: *{expected}*."


def test_titles_in_another_language_keep_their_case() -> None:
    assert entry(type="book", title="Guía de la salud", language="es") == "*Guía de la salud*."
    assert entry(type="book", title="Guide to health", language="en-GB") == "*Guide to Health*."


def test_article_and_chapter_titles_keep_their_case() -> None:
    assert entry(type="article-journal", title="global cancer statistics", container_title="CA Cancer J Clin") == (
        "global cancer statistics. *CA Cancer J Clin*."
    )


def test_a_books_volume_comes_before_its_edition() -> None:
    """AMA 3.12.1: "Vol 32." after the title (a chapter's: after its book), before the edition."""
    assert entry(
        type="book", title="Coronaviruses", volume="1282", edition="2", publisher="Springer", issued=PartialDate(2015)
    ) == ("*Coronaviruses*. Vol 1282. 2nd ed. Springer; 2015.")
    assert entry(
        type="chapter",
        title="C",
        container_title="Annual review",
        volume="32",
        publisher="AR",
        issued=PartialDate(2011),
        page="367-379",
    ) == ("C. In: *Annual Review*. Vol 32. AR; 2011:367-379.")
    assert entry(type="book", title="B", volume="Volume 2") == "*B*. Volume 2."


def test_a_books_pages_follow_its_year() -> None:
    assert entry(type="book", title="ELISA", publisher="StatPearls", issued=PartialDate(2022), page="1-11") == (
        "*ELISA*. StatPearls; 2022:1-11."
    )


def test_a_reports_number_follows_publisher_and_year_as_written() -> None:
    """AMA 3.13.2: "World Health Organization; 2022. PAHO/HSS/HR/22-0012."; a bare number after its
    series: "National Center for Health Statistics; 2022. National Health Statistics Reports no. 170."."""
    assert entry(
        type="report", title="Consensus", publisher="WHO", issued=PartialDate(2003), number="WHO/CDS/CSR/GAR/2003.11"
    ) == ("*Consensus*. WHO; 2003. WHO/CDS/CSR/GAR/2003.11.")
    assert entry(
        type="report",
        title="Births",
        publisher="NCHS",
        issued=PartialDate(2022),
        number="170",
        collection_title="National Health Statistics Reports",
    ) == ("*Births*. NCHS; 2022. National Health Statistics Reports no. 170.")
    assert entry(type="book", title="B", publisher="P", number="12") == "*B*. P."  # a book's number is no report's


@pytest.mark.parametrize(
    ("series", "number", "printed"),
    [
        ("NCHS Data Brief", "No. 492", "NCHS Data Brief No. 492"),  # a number that names itself, after its series
        ("NCHS Data Brief", "NCHS Data Brief No. 492", "NCHS Data Brief No. 492"),  # holding it: once
        ("NCHS Data Brief", "", "NCHS Data Brief"),  # a series with no number
        ("", "No. 492", "No. 492"),
        ("NCHS Data Brief", "492", "NCHS Data Brief no. 492"),
    ],
)
def test_a_reports_series_prints_with_its_number_however_the_number_is_written(
    series: str, number: str, printed: str
) -> None:
    """AMA 3.13.2: the series and number after the publisher and year."""
    ref = dict(type="report", title="Births", publisher="NCHS", issued=PartialDate(2024))
    assert entry(**ref, collection_title=series, number=number) == f"*Births*. NCHS; 2024. {printed}."


def test_an_address_without_its_scheme_prints_as_given_and_links_with_https() -> None:
    ref = Reference(
        id="r",
        type="chapter",
        title="C",
        url="https://accessmedicine.mhmedical.com/a",
        url_shown="accessmedicine.mhmedical.com/a",
    )
    assert links(format_reference(ref, ENGLISH)) == [
        ("accessmedicine.mhmedical.com/a", "https://accessmedicine.mhmedical.com/a")
    ]


# --- types beyond the five: each in the form the AMA Manual gives it -----------------------------

TYPE_FORMS = [
    pytest.param(
        Reference(
            id="r",
            type="paper-conference",
            genre="Poster",
            title="Is there an increased rate of events?",
            authors=(person("Greenspan", "A"), person("Eerdekens", "M")),
            event_title="24th Congress of the CINP",
            event_place="Paris, France",
            issued=PartialDate(2004, 6, 20),
        ),
        "Greenspan A, Eerdekens M. Is there an increased rate of events? Poster presented at: 24th Congress of the "
        "CINP; June 20, 2004; Paris, France.",
        id="presentation-3.13.9",
    ),
    pytest.param(
        Reference(
            id="r",
            type="paper-conference",
            title="User financing of handpumps",
            authors=(person("Carter", "Richard C."),),
            editors=(person("Smits", "S"),),
            container_title="IRC symposium: pumps, pipes and promises",
            publisher="IRC",
            issued=PartialDate(2010),
            page="1-10",
        ),
        "Carter RC. User financing of handpumps. In: Smits S, ed. *IRC Symposium: Pumps, Pipes and Promises*. "
        "IRC; 2010:1-10.",
        id="proceedings-paper",
    ),
    pytest.param(
        Reference(
            id="r",
            type="speech",
            title="Ethics in practice",
            authors=(person("Katzman", "S"),),
            genre="Slides",
            event_title="2015 CPTA Annual Conference",
            event_date=PartialDate(2015, 9, 27),
            event_place="Pasadena, CA",
        ),
        "Katzman S. Ethics in practice. Slides presented at: 2015 CPTA Annual Conference; September 27, 2015; "
        "Pasadena, CA.",
        id="speech",
    ),
    pytest.param(
        Reference(
            id="r",
            type="thesis",
            title="Bullying behaviors and injuries among adolescents",
            authors=(person("Maiti", "Nandini"),),
            genre="Dissertation",
            publisher="Palo Alto University",
            issued=PartialDate(2010),
        ),
        "Maiti N. *Bullying Behaviors and Injuries Among Adolescents*. Dissertation. Palo Alto University; 2010.",
        id="thesis-3.13.4",
    ),
    pytest.param(
        Reference(
            id="r",
            type="entry-encyclopedia",
            title="Vitamin D",
            authors=(person("Gallagher", "J. C."),),
            editors=(person("Caballero", "Benjamin"),),
            container_title="Encyclopedia of human nutrition",
            edition="3",
            publisher="Academic Press",
            issued=PartialDate(2013),
            page="99-105",
        ),
        "Gallagher JC. Vitamin D. In: Caballero B, ed. *Encyclopedia of Human Nutrition*. 3rd ed. Academic Press; "
        "2013:99-105.",
        id="encyclopedia-entry",
    ),
    pytest.param(
        Reference(
            id="r",
            type="entry-encyclopedia",
            title="Paracetamol",
            editors=(person("Brayfield", "A"),),
            container_title="Martindale: the complete drug reference",
            publisher="Pharmaceutical Press",
            accessed=PartialDate(2015, 2, 20),
            url="https://www.medicinescomplete.com/x",
        ),
        "Paracetamol. In: Brayfield A, ed. *Martindale: The Complete Drug Reference*. Pharmaceutical Press. "
        "Accessed February 20, 2015. https://www.medicinescomplete.com/x",
        id="encyclopedia-entry-without-author",
    ),
    pytest.param(
        Reference(
            id="r",
            type="entry-dictionary",
            title="Bradycardia",
            container_title="Stedman's medical dictionary",
            edition="28",
            publisher="Lippincott Williams & Wilkins",
            issued=PartialDate(2006),
        ),
        "Bradycardia. In: *Stedman's Medical Dictionary*. 28th ed. Lippincott Williams & Wilkins; 2006.",
        id="dictionary-entry",
    ),
    pytest.param(
        Reference(
            id="r",
            type="post-weblog",
            title="Three emergencies",
            authors=(person("Narula", "S K"),),
            container_title="Quartz blog",
            issued=PartialDate(2016, 2, 1),
            accessed=PartialDate(2016, 8, 16),
            url="http://qz.com/607331",
        ),
        "Narula SK. Three emergencies. Quartz blog. February 1, 2016. Accessed August 16, 2016. http://qz.com/607331",
        id="blog-post-3.13.1",
    ),
    pytest.param(
        Reference(
            id="r",
            type="motion_picture",
            title="How to use an inhaler",
            authors=(org("Asthma + Lung UK"),),
            medium="Video",
            container_title="YouTube",
            issued=PartialDate(2021, 3, 4),
            accessed=ACCESSED,
            url="https://www.youtube.com/watch?v=abc",
        ),
        "Asthma + Lung UK. How to use an inhaler [Video]. YouTube. March 4, 2021. Accessed February 10, 2025. "
        "https://www.youtube.com/watch?v=abc",
        id="video-3.14.1",
    ),
    pytest.param(
        Reference(
            id="r",
            type="broadcast",
            title="Hormone replacement therapy",
            medium="Morning Edition audio",
            container_title="National Public Radio",
            issued=PartialDate(2002, 8, 5),
        ),
        "Hormone replacement therapy [Morning Edition audio]. National Public Radio. August 5, 2002.",
        id="broadcast",
    ),
    pytest.param(
        Reference(
            id="r",
            type="motion_picture",
            title="Wit",
            directors=(person("Nichols", "Mike"),),
            publisher="HBO",
            issued=PartialDate(2001),
        ),
        "Nichols M. Wit. HBO. 2001.",
        id="film-by-its-director",
    ),
    pytest.param(
        Reference(
            id="r",
            type="legislation",
            title="Patient Protection and Affordable Care Act",
            number="Pub L No. 111-148",
            volume="124",
            container_title="Stat",
            page="119",
            issued=PartialDate(2010),
        ),
        "Patient Protection and Affordable Care Act, Pub L No. 111-148, 124 Stat 119 (2010).",
        id="statute-3.16",
    ),
    pytest.param(
        Reference(
            id="r",
            type="legislation",
            title="Social Security Act",
            volume="42",
            container_title="USC",
            section="1395",
            issued=PartialDate(2018),
        ),
        "Social Security Act, 42 USC §1395 (2018).",
        id="code-section",
    ),
    pytest.param(
        Reference(
            id="r",
            type="bill",
            title="Medical Error Reduction Act of 2000",
            number="S 2038, 106th Cong, 2nd Sess",
            issued=PartialDate(2000),
        ),
        "Medical Error Reduction Act of 2000, S 2038, 106th Cong, 2nd Sess (2000).",
        id="bill",
    ),
    pytest.param(
        Reference(
            id="r",
            type="legal_case",
            title="Cruzan v Director, Missouri Department of Health",
            volume="497",
            container_title="US",
            page="261",
            authority="",
            issued=PartialDate(1990),
        ),
        "*Cruzan v Director, Missouri Department of Health*, 497 US 261 (1990).",
        id="case",
    ),
    pytest.param(
        Reference(
            id="r",
            type="dataset",
            title="NHANES 2017-2018 data",
            authors=(org("CDC"),),
            version="2.1",
            publisher="National Center for Health Statistics",
            issued=PartialDate(2020, 5, 2),
            doi="10.5281/zenodo.1",
        ),
        "CDC. NHANES 2017-2018 data. Version 2.1. National Center for Health Statistics. May 2, 2020. "
        "doi:10.5281/zenodo.1",
        id="dataset",
    ),
    pytest.param(
        Reference(
            id="r",
            type="document",
            title="The 2018 annual homeless assessment report (AHAR) to Congress",
            authors=(person("Henry", "M"),),
            publisher="US Dept of Housing and Urban Development",
            issued=PartialDate(2018),
            accessed=PartialDate(2019, 1, 11),
            url="https://www.hudexchange.info/resources/documents/2018-AHAR-Part-1.pdf",
        ),
        "Henry M. *The 2018 Annual Homeless Assessment Report (AHAR) to Congress*. US Dept of Housing and Urban "
        "Development; 2018. Accessed January 11, 2019. https://www.hudexchange.info/resources/documents/"
        "2018-AHAR-Part-1.pdf",
        id="government-document-3.13.2",
    ),
]


@pytest.mark.parametrize(("ref", "expected"), TYPE_FORMS)
def test_each_type_in_the_form_the_manual_gives_it(ref: Reference, expected: str) -> None:
    assert flat(format_reference(ref, ENGLISH)) == expected


def test_every_csl_type_has_a_form_of_its_own_choosing() -> None:
    """No CSL type reaches the web page's form by falling through: each is chosen in the table."""
    from handoutkit.transforms.ama import _FORMATTERS
    from handoutkit.validate.csl import TYPES

    assert set(_FORMATTERS) == TYPES


def test_a_presentations_kind_given_in_lower_case_starts_its_sentence_capitalised() -> None:
    assert entry(type="paper-conference", title="X", genre="poster", event_title="M") == "X. Poster presented at: M."


def test_an_access_date_prints_only_with_the_address_it_dates() -> None:
    """AMA 3.15: "Accessed" says when the URL was read; without a URL it is left out."""
    assert entry(type="book", title="B", publisher="P", accessed=ACCESSED) == "*B*. P."
    assert entry(title="W", accessed=ACCESSED, url="https://a.org/") == (
        "W. Accessed February 10, 2025. https://a.org/"
    )


@pytest.mark.parametrize(
    ("version", "printed"),
    [("2.1", "Version 2.1"), ("v2.1", "Version 2.1"), ("Version 3", "Version 3"), ("ver. 4.0.1", "Version 4.0.1"),
     ("2.1 beta", "Version 2.1 beta"), ("3.0 (2021)", "Version 3.0 (2021)"),
     ("Release candidate", "Release candidate")],
)  # fmt: skip
def test_a_versions_number_prints_after_the_word_version_however_it_is_written(version: str, printed: str) -> None:
    assert entry(type="dataset", title="D", version=version) == f"D. {printed}."


def test_a_public_laws_bare_number_gets_its_pub_l_no() -> None:
    """AMA 3.16: "Pub L No. 111-148"; an export that stores only "111-148" prints the same."""
    law = dict(type="legislation", title="Patient Protection and Affordable Care Act", volume="124")
    assert entry(**law, number="111-148", container_title="Stat", page="119", issued=PartialDate(2010)) == (
        "Patient Protection and Affordable Care Act, Pub L No. 111-148, 124 Stat 119 (2010)."
    )


def test_a_cases_name_is_in_italics_and_its_court_with_the_year() -> None:
    """AMA 3.16.2: "Rhoades v State, 848 NW2d 22 (Iowa 2013).", the name (with its v) in italics."""
    assert entry(
        type="legal_case", title="Rhoades v State", volume="848", container_title="NW2d", page="22",
        authority="Iowa", issued=PartialDate(2013),
    ) == "*Rhoades v State*, 848 NW2d 22 (Iowa 2013)."  # fmt: skip
    assert entry(type="legal_case", title="Rhoades v State", issued=PartialDate(2013)) == "*Rhoades v State* (2013)."


@pytest.mark.parametrize(
    ("last", "days"),
    [
        (PartialDate(2004, 6, 24), "June 20-24, 2004"),
        (PartialDate(2004, 7, 2), "June 20-July 2, 2004"),
        (PartialDate(2005, 1, 2), "June 20, 2004-January 2, 2005"),
        (None, "June 20, 2004"),
        (PartialDate(2004, 6, 20), "June 20, 2004"),  # one day given twice
    ],
)
def test_a_meetings_days_print_as_a_range(last: PartialDate | None, days: str) -> None:
    """AMA 3.13.9: "Poster presented at: 24th Congress of the CINP; June 20-24, 2004; Paris, France."."""
    assert entry(
        type="paper-conference", title="T", genre="Poster", event_title="24th Congress of the CINP",
        event_date=PartialDate(2004, 6, 20), event_date_end=last, event_place="Paris, France",
    ) == f"T. Poster presented at: 24th Congress of the CINP; {days}; Paris, France."  # fmt: skip


def test_a_meetings_days_in_another_language_are_as_cldr_writes_a_range() -> None:
    spanish = load_words("es", Report())
    assert spanish is not None
    ref = Reference(
        id="r", type="speech", title="T", event_title="Congreso", event_date=PartialDate(2004, 6, 20),
        event_date_end=PartialDate(2004, 6, 24),
    )  # fmt: skip
    assert flat(format_reference(ref, spanish)) == "T. Presentado en: Congreso; 20–24 de junio de 2004."


def test_a_paper_in_proceedings_without_a_date_takes_the_meetings_year() -> None:
    assert entry(
        type="paper-conference", title="P", container_title="Proceedings of M", publisher="IEEE", page="1-2",
        event_date=PartialDate(2019, 11, 18),
    ) == "P. In: *Proceedings of M*. IEEE; 2019:1-2."  # fmt: skip


def test_a_right_to_left_phrase_in_a_left_to_right_entry_is_kept_on_one_line() -> None:
    """An Arabic handout's "Accessed" in an English entry: its halves broken across two lines read
    in the wrong order, so its spaces are no-break spaces; in an Arabic entry they stay spaces."""
    arabic = load_words("ar", Report())
    assert arabic is not None
    ref = Reference(id="r", title="T", url="https://a.org/", accessed=ACCESSED, language="en")
    accessed = flat(format_reference(ref, arabic)).split(". ")[1]
    assert " " not in accessed and "\u00a0" in accessed
    own = Reference(id="r", title="T", url="https://a.org/", accessed=ACCESSED)
    assert " " in flat(format_reference(own, arabic)).split(". ")[1]


def test_the_shaped_line_breaker_never_breaks_at_a_no_break_space() -> None:
    from handoutkit.render.shaping import _words

    assert _words("ab\u00a0cd ef") == [(0, 6), (6, 8)]
