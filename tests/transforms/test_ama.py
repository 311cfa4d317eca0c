"""Tests for handoutkit.transforms.ama: References in, AMA-style entries out."""

from __future__ import annotations

import itertools

import pytest

from handoutkit.language.catalog import english
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
            "Smith AB. Living with cancer. Cancer.Net. ASCO. Published May 4, 2023. "
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
        "Page. Published March 2024. https://e.org",
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
        "T. *J*. 2020.",
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
        "T. *J*. 2021. Accessed February 10, 2025. https://j.org/t",
        id="article-no-doi-url",
    ),
    pytest.param(
        Reference(
            id="r",
            type="report",
            title="Cancer Statistics",
            authors=(org("ACS"),),
            number="42",
            publisher="American Cancer Society",
            issued=PartialDate(2024),
            url="https://acs.org/r",
            accessed=ACCESSED,
        ),
        (
            "ACS. *Cancer Statistics*. Report No. 42. American Cancer Society; 2024. "
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
        "*Survey*. NIH Publication No. 12-345. NIH.",
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
    pytest.param(person("Sartre", "Jean-Paul"), "Sartre J-P", id="hyphenated"),
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


# --- punctuation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        pytest.param(Reference(id="p", title="Is it safe?", container_title="Site Inc."),
                     "Is it safe? Site Inc.", id="webpage"),
        pytest.param(Reference(id="p", type="book", title="Why me?", publisher="Acme Ltd."),
                     "*Why me?* Acme Ltd.", id="book-italic-question"),
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
        ("other", "Just a title."), ("book", "*Just a title*."), ("report", "*Just a title*."),
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
