"""Tests for handoutkit.inline: one text value in, model inlines and located problems out."""

from __future__ import annotations

import time

import pytest

from handoutkit.inline import MAX_NESTING, Problem, check_url, page_locator, parse_inline, parse_located, plain_text
from handoutkit.model import Citation, Emphasis, Inlines, Link, Strong, Text

UNSAFE = "which is not allowed; use a full http, https, mailto or tel address"


def parsed(source: str) -> Inlines:
    """Inlines of text that must parse without problems."""
    inlines, problems = parse_inline(source)
    assert problems == []
    return inlines


def T(text: str) -> Text:  # noqa: N802 - reads like the model's constructor in the tables below
    return Text(text)


# --- markup ---------------------------------------------------------------------------------------

MARKUP = [
    pytest.param("**bold**", (Strong((T("bold"),)),), id="bold"),
    pytest.param("*italic*", (Emphasis((T("italic"),)),), id="italic"),
    pytest.param(
        "a **b** c *d* e",
        (T("a "), Strong((T("b"),)), T(" c "), Emphasis((T("d"),)), T(" e")),
        id="bold-and-italic-in-text",
    ),
    pytest.param(
        "**bold *and italic* here**",
        (Strong((T("bold "), Emphasis((T("and italic"),)), T(" here"))),),
        id="italic-inside-bold",
    ),
    pytest.param(
        "*it **b** x*",
        (Emphasis((T("it "), Strong((T("b"),)), T(" x"))),),
        id="bold-inside-italic",
    ),
    pytest.param("***both***", (Strong((Emphasis((T("both"),)),)),), id="bold-italic"),
    pytest.param("**a**b", (Strong((T("a"),)), T("b")), id="bold-before-word"),
    pytest.param("in*word*s", (T("in"), Emphasis((T("word"),)), T("s")), id="italic-inside-a-word"),
    pytest.param("[text](https://x)", (Link((T("text"),), "https://x"),), id="link"),
    pytest.param(
        "[**Call** us](tel:+15551234567)",
        (Link((Strong((T("Call"),)), T(" us")), "tel:+15551234567"),),
        id="bold-in-link-and-tel",
    ),
    pytest.param(
        "*[a](https://x.org)*",
        (Emphasis((Link((T("a"),), "https://x.org"),)),),
        id="link-inside-italic",
    ),
    pytest.param(
        "[mail](mailto:care@clinic.example)", (Link((T("mail"),), "mailto:care@clinic.example"),), id="mailto"
    ),
    pytest.param(
        "[wiki](https://en.wikipedia.org/wiki/BCG_(vaccine))",
        (Link((T("wiki"),), "https://en.wikipedia.org/wiki/BCG_(vaccine)"),),
        id="parentheses-in-url",
    ),
    pytest.param(
        "([see](https://x.org/a_(b)_c))",
        (T("("), Link((T("see"),), "https://x.org/a_(b)_c"), T(")")),
        id="parenthesised-link-with-parentheses",
    ),
    pytest.param(
        "[q](https://x.org/?a=1&b=<2>)",
        (Link((T("q"),), "https://x.org/?a=1&b=<2>"),),
        id="ampersand-and-angle-in-url",
    ),
    pytest.param("[X](HTTPS://X.ORG)", (Link((T("X"),), "HTTPS://X.ORG"),), id="upper-case-scheme"),
    pytest.param("[@a]", (Citation(("a",)),), id="citation"),
    pytest.param("[@a; @b]", (Citation(("a", "b")),), id="two-ids"),
    pytest.param("[@a;@b ;  @c]", (Citation(("a", "b", "c")),), id="ids-with-any-spacing"),
    pytest.param(
        "cells [@nci-immunotherapy].",
        (T("cells "), Citation(("nci-immunotherapy",)), T(".")),
        id="citation-in-sentence",
    ),
    pytest.param(
        "[@doi:10.1000/x_1.2]",
        (Citation(("doi:10.1000/x_1.2",)),),
        id="id-with-punctuation",
    ),
    pytest.param(
        "*see [@a]*",
        (Emphasis((T("see "), Citation(("a",)))),),
        id="citation-inside-italic",
    ),
]


@pytest.mark.parametrize(("source", "expected"), MARKUP)
def test_markup(source: str, expected: Inlines) -> None:
    assert parsed(source) == expected


LITERAL = [
    pytest.param("<b>bold?</b>", id="html-tag"),
    pytest.param("a < b & c > d", id="angle-and-ampersand"),
    pytest.param("&amp; &#42; &lt;", id="entities"),
    pytest.param("*", id="lone-star"),
    pytest.param("2 * 3 = 6", id="multiplication"),
    pytest.param("2 * 3 * 4", id="two-spaced-stars"),
    pytest.param("5* or 6*", id="stars-after-numbers"),
    pytest.param("**", id="two-stars"),
    pytest.param("****", id="four-stars"),
    pytest.param("** no close", id="bold-without-close"),
    pytest.param("**bold", id="bold-opened-never-closed"),
    pytest.param("*a *", id="close-after-space"),
    pytest.param("* a*", id="open-before-space"),
    pytest.param("[", id="lone-bracket"),
    pytest.param("]", id="lone-close-bracket"),
    pytest.param("[text]", id="brackets-without-url"),
    pytest.param("[text] (https://x.org)", id="space-before-url"),
    pytest.param("[](https://x.org)", id="empty-label"),
    pytest.param("[x]()", id="empty-url"),
    pytest.param("[x](https://x.org", id="url-not-closed"),
    pytest.param("[x](https://x.org and more)", id="space-in-url"),
    pytest.param("x [@a", id="citation-not-closed"),
    pytest.param("email nurse@clinic.example", id="at-sign"),
    pytest.param("50% off; C:\\temp; a_b_c; `code`; #tag; ~tilde~", id="other-punctuation"),
    pytest.param("\\", id="lone-backslash"),
    pytest.param("end \\", id="trailing-backslash"),
    pytest.param("\\n \\d", id="backslash-before-ordinary-letters"),
    pytest.param("  spaced  ", id="spaces-kept"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("source", LITERAL)
def test_literal_text_prints_as_typed(source: str) -> None:
    assert parsed(source) == ((T(source),) if source else ())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(r"\*not italic\*", "*not italic*", id="escaped-stars"),
        pytest.param(r"\*\*not bold\*\*", "**not bold**", id="escaped-double-stars"),
        pytest.param(r"\[x](https://x.org)", "[x](https://x.org)", id="escaped-link"),
        pytest.param(r"\[@a]", "[@a]", id="escaped-citation-bracket"),
        pytest.param(r"[\@a]", "[@a]", id="escaped-at"),
        pytest.param("a\\\\b", "a\\b", id="escaped-backslash"),
        pytest.param(r"\]", "]", id="escaped-close-bracket"),
    ],
)
def test_escapes(source: str, expected: str) -> None:
    assert parsed(source) == (T(expected),)


def test_escaped_star_inside_bold() -> None:
    assert parsed(r"**5 \* 3**") == (Strong((T("5 * 3"),)),)


def test_unclosed_bold_before_a_closed_italic() -> None:
    assert parsed("**a *b* c") == (T("**a "), Emphasis((T("b"),)), T(" c"))


# --- problems -------------------------------------------------------------------------------------

PROBLEMS = [
    pytest.param(
        "Click [here](javascript:alert(1)) now",
        (T("Click "), T("[here](javascript:alert(1))"), T(" now")),
        [
            Problem(
                6,
                "[here](javascript:alert(1))",
                f"link address 'javascript:alert(1)' has the scheme 'javascript:', {UNSAFE}",
            )
        ],
        id="javascript",
    ),
    pytest.param(
        "[f](file:///etc/passwd)",
        (T("[f](file:///etc/passwd)"),),
        [Problem(0, "[f](file:///etc/passwd)", f"link address 'file:///etc/passwd' has the scheme 'file:', {UNSAFE}")],
        id="file",
    ),
    pytest.param(
        "[p](page.html)",
        (T("[p](page.html)"),),
        [Problem(0, "[p](page.html)", f"link address 'page.html' has no scheme, {UNSAFE}")],
        id="relative",
    ),
    pytest.param(
        "[h](https:/x.org)",
        (T("[h](https:/x.org)"),),
        [
            Problem(
                0, "[h](https:/x.org)", "link address 'https:/x.org' has no host name; write it as https://host/path"
            )
        ],
        id="no-host",
    ),
    pytest.param(
        "bad [@] here",
        (T("bad "), T("[@]"), T(" here")),
        [Problem(4, "[@]", "malformed citation '[@]'; write [@id], [@id1; @id2] or [@id, p. 12]")],
        id="empty-citation",
    ),
    pytest.param(
        "[@a, @b]",
        (T("[@a, @b]"),),
        [Problem(0, "[@a, @b]", "malformed citation '[@a, @b]'; write [@id], [@id1; @id2] or [@id, p. 12]")],
        id="comma-separated",
    ),
    pytest.param(
        "[@a;]",
        (T("[@a;]"),),
        [Problem(0, "[@a;]", "malformed citation '[@a;]'; write [@id], [@id1; @id2] or [@id, p. 12]")],
        id="trailing-semicolon",
    ),
    pytest.param(
        "[@a and more]",
        (T("[@a and more]"),),
        [Problem(0, "[@a and more]", "malformed citation '[@a and more]'; write [@id], [@id1; @id2] or [@id, p. 12]")],
        id="words-in-citation",
    ),
]


@pytest.mark.parametrize(("source", "expected", "problems"), PROBLEMS)
def test_problems_leave_the_text_as_typed(source: str, expected: Inlines, problems: list[Problem]) -> None:
    assert parse_inline(source) == (expected, problems)


def test_problem_after_an_unclosed_star_is_reported_once() -> None:
    """Regression: the text after an unclosed '*' was parsed once inside the failed span and again as
    plain text, so its problems were reported twice (or more, one per unclosed star)."""
    source = "*a [x](javascript:y) [@] [b*](https://ok.org)"
    inlines, problems = parse_inline(source)
    assert problems == [
        Problem(3, "[x](javascript:y)", f"link address 'javascript:y' has the scheme 'javascript:', {UNSAFE}"),
        Problem(21, "[@]", "malformed citation '[@]'; write [@id], [@id1; @id2] or [@id, p. 12]"),
    ]
    assert inlines == (
        T("*a "),
        T("[x](javascript:y)"),
        T(" "),
        T("[@]"),
        T(" "),
        Link((T("b*"),), "https://ok.org"),
    )


def test_unclosed_double_stars_stay_literal() -> None:
    """Regression: in 'a **b and c **d' the second star of each '**' opened and closed italics,
    printing 'a *' + italic 'b and c *' + 'd' instead of the text as typed."""
    assert parsed("a **b and c **d") == (T("a **b and c **d"),)
    assert parsed("2*3 **4 *5") == (T("2*3 **4 *5"),)


def test_citations_are_located_at_their_at_signs() -> None:
    result = parse_located("a@b.org [@b] [@nci2;  @nci] *[@x]*")
    assert result.cited == (("b", 9), ("nci2", 14), ("nci", 22), ("x", 30))
    assert result.problems == ()


@pytest.mark.parametrize(
    ("written", "printed"),
    [("p. 12", "p12"), ("p 12", "p12"), ("12", "p12"), ("pp. 12-14", "pp12-14"), ("pages 12–14", "pp12-14"),
     ("pp. 3, 7", "pp3,7"), ("p. e12", "pe12"), ("", ""), ("chap. 3", None), ("fig 2", None), ("p.", None)],
)  # fmt: skip
def test_page_locators_as_ama_prints_them(written: str, printed: str | None) -> None:
    assert page_locator(written) == printed


def test_a_citation_keeps_a_locator_for_each_id() -> None:
    (citation,) = parsed("[@a, p. 12; @b]")
    assert citation == Citation(("a", "b"), locators=("p12", ""))
    assert parsed("[@a; @b]") == (Citation(("a", "b")),)  # no locators: none recorded
    assert parse_located("x [@a, p. 3]").cited == (("a", 3),)


def test_citations_inside_a_failed_span_are_located_once() -> None:
    assert parse_located("*open [@a] never closed").cited == (("a", 7),)


# --- plain_text -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("**Bold** and *it*", "Bold and it", id="markup-removed"),
        pytest.param("[site](https://x.org) here", "site here", id="link-text-kept"),
        pytest.param("cells [@a; @b].", "cells .", id="citations-print-nothing"),
        pytest.param("a < b & c", "a < b & c", id="literal-characters"),
        pytest.param(r"\*x\*", "*x*", id="escapes-resolved"),
        pytest.param("**[*deep*](https://x.org)**", "deep", id="nested"),
    ],
)
def test_plain_text(source: str, expected: str) -> None:
    assert plain_text(parse_inline(source)[0]) == expected


# --- check_url ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.cancer.gov/about-cancer",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG",
        "mailto:care@clinic.example",
        "tel:+1-555-123-4567",
        "https://example.org/search?cond=Cancer&intr=immunotherapy",
    ],
)
def test_safe_urls(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("javascript:alert(1)", f"link address 'javascript:alert(1)' has the scheme 'javascript:', {UNSAFE}"),
        ("JaVaScRiPt:alert(1)", f"link address 'JaVaScRiPt:alert(1)' has the scheme 'javascript:', {UNSAFE}"),
        ("vbscript:msgbox", f"link address 'vbscript:msgbox' has the scheme 'vbscript:', {UNSAFE}"),
        ("data:text/html,<b>", f"link address 'data:text/html,<b>' has the scheme 'data:', {UNSAFE}"),
        ("file:///etc/passwd", f"link address 'file:///etc/passwd' has the scheme 'file:', {UNSAFE}"),
        ("ftp://files.example", f"link address 'ftp://files.example' has the scheme 'ftp:', {UNSAFE}"),
        ("page.html", f"link address 'page.html' has no scheme, {UNSAFE}"),
        ("/about", f"link address '/about' has no scheme, {UNSAFE}"),
        ("//cdn.example/x", f"link address '//cdn.example/x' has no scheme, {UNSAFE}"),
        ("www.cancer.gov", f"link address 'www.cancer.gov' has no scheme, {UNSAFE}"),
        ("&#106;avascript:alert(1)", f"link address '&#106;avascript:alert(1)' has no scheme, {UNSAFE}"),
        ("https:", "link address 'https:' has no host name; write it as https://host/path"),
        ("https:///path", "link address 'https:///path' has no host name; write it as https://host/path"),
        ("https://[x]/", "link address 'https://[x]/' has brackets in its host name; write [ as %5B and ] as %5D"),
        ("http://a]b/", "link address 'http://a]b/' has brackets in its host name; write [ as %5B and ] as %5D"),
    ],
)
def test_unsafe_urls(url: str, expected: str) -> None:
    assert check_url(url) == expected


def test_brackets_in_a_link_host_are_a_problem_not_a_crash() -> None:
    """Regression (found by tests/test_fuzz.py): urlsplit raised ValueError for 'https://[x]/', and the build
    stopped with "the build stopped unexpectedly"."""
    inlines, problems = parse_inline("See [the page](https://[x]/) today.")
    assert plain_text(inlines) == "See [the page](https://[x]/) today."
    assert [p.message for p in problems] == [
        "link address 'https://[x]/' has brackets in its host name; write [ as %5B and ] as %5D"
    ]


# --- robustness -----------------------------------------------------------------------------------


def test_many_unclosed_stars_do_not_exhaust_the_stack() -> None:
    """Regression: each unclosed '*' opened a nested parse, so ~330 of them raised RecursionError."""
    source = "*a " * 2000
    assert parsed(source) == (T(source),)


def test_unclosed_stars_parse_in_linear_time_not_exponential() -> None:
    """Regression: every unclosed '*' retried everything after it; 22 of them took over 10 seconds."""
    source = "*a " * 22 + "b*"
    started = time.perf_counter()
    inlines = parsed(source)
    assert time.perf_counter() - started < 1.0
    assert inlines == (T("*a " * 21), Emphasis((T("a b"),)))


def test_long_paragraph_with_stray_markup_is_fast() -> None:
    source = ("A line with 2 * 3 and a [bracket and a **lonely star " * 200).strip()
    started = time.perf_counter()
    assert parsed(source) == (T(source),)
    assert time.perf_counter() - started < 1.0


def depth_of(inlines: Inlines) -> int:
    """How many Emphasis spans are nested at the start of ``inlines``."""
    depth = 0
    while spans := [node for node in inlines if isinstance(node, Emphasis)]:
        depth, inlines = depth + 1, spans[0].children
    return depth


def test_nesting_up_to_the_limit_parses() -> None:
    source = "*w " * MAX_NESTING + "x" + "*" * MAX_NESTING
    inlines = parsed(source)
    assert depth_of(inlines) == MAX_NESTING
    assert plain_text(inlines) == "w " * MAX_NESTING + "x"


def test_nesting_beyond_the_limit_prints_literally() -> None:
    source = "*w " * (MAX_NESTING + 1) + "x" + "*" * (MAX_NESTING + 1)
    inlines = parsed(source)
    assert depth_of(inlines) == MAX_NESTING
    assert plain_text(inlines) == "w " * (MAX_NESTING - 1) + "w *w x*"
