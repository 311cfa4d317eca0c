"""Bibliography files (CSL-JSON, CSL YAML, BibTeX) named by ``bibliography:``, merged with a handout's references."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from handoutkit.diagnostics import Report
from handoutkit.language.catalog import english
from handoutkit.load import bibliography, jsonfile, yamlfile
from handoutkit.model import Handout, PartialDate, Reference, Text
from handoutkit.transforms.ama import format_reference
from handoutkit.validate.handout import validate

from .helpers import write
from .transforms.test_ama import flat

# A Zotero export (File > Export Library > CSL JSON): tab indentation, escaped slashes, ids as URIs
# or Better BibTeX citation keys, dates as date-parts with strings, a character beyond the BMP.
ZOTERO = r"""[
	{
		"id": "cdcCancerScreening2023",
		"type": "webpage",
		"title": "Screening tests for cancer",
		"container-title": "Centers for Disease Control and Prevention",
		"URL": "https:\/\/www.cdc.gov\/cancer\/screening\/index.html",
		"author": [
			{
				"literal": "Centers for Disease Control and Prevention"
			}
		],
		"accessed": {
			"date-parts": [
				[
					"2024",
					5,
					1
				]
			]
		},
		"issued": {
			"date-parts": [
				[
					"2023",
					6,
					30
				]
			]
		}
	},
	{
		"id": "smithImmunotherapy2020",
		"type": "article-journal",
		"title": "Immunotherapy for cancer \ud83e\uddec",
		"container-title": "JAMA",
		"volume": "323",
		"issue": "4",
		"page": "301-310",
		"DOI": "10.1001/jama.2020.0001",
		"author": [
			{
				"family": "Smith",
				"given": "Jane A."
			},
			{
				"family": "Nguyen",
				"given": "Bao"
			}
		],
		"issued": {
			"date-parts": [
				[
					"2020",
					1,
					28
				]
			]
		}
	},
	{
		"id": "devitaCancer2019",
		"type": "book",
		"title": "Cancer: Principles and Practice of Oncology",
		"publisher": "Wolters Kluwer",
		"edition": "11",
		"author": [
			{
				"family": "DeVita",
				"given": "Vincent T."
			}
		],
		"issued": {
			"date-parts": [
				[
					2019
				]
			]
		}
	}
]
"""


def handout(cites: str, bibliography_value: str = "refs.json", own: str = "") -> str:
    """A handout that cites ``cites`` (e.g. '[@a]') and names ``bibliography_value``."""
    return (
        textwrap.dedent(
            f"""\
            title: A small handout
            reviewed: 2025-04-12
            bibliography: {bibliography_value}
            sections:
              - heading: First section
                blocks:
                  - Some text {cites}.
            """
        )
        + own
    )


def check(path: Path) -> tuple[Handout | None, list[str]]:
    report = Report()
    root = yamlfile.load(path, report)
    assert root is not None
    result = validate(root, report)
    return result, [str(d) for d in report.sorted()]


def clean(tmp_path: Path, name: str, content: str, cites: str) -> tuple[Reference, ...]:
    """The references a handout citing ``cites`` takes from the file ``name`` holding ``content``,
    which it reads with no finding."""
    write(tmp_path, name, content)
    result, said = check(write(tmp_path, "h.yaml", handout(cites, name)))
    assert said == []
    assert result is not None
    return result.references


def test_a_zotero_csl_json_export_is_read_with_the_entries_cited(tmp_path: Path) -> None:
    write(tmp_path, "refs.json", ZOTERO)
    path = write(tmp_path, "h.yaml", handout("[@smithImmunotherapy2020; @cdcCancerScreening2023]"))
    result, said = check(path)
    assert said == []
    assert result is not None
    refs = {ref.id: ref for ref in result.references}
    assert set(refs) == {"smithImmunotherapy2020", "cdcCancerScreening2023"}  # the book is not cited
    assert refs["cdcCancerScreening2023"].url == "https://www.cdc.gov/cancer/screening/index.html"
    assert refs["smithImmunotherapy2020"].title == "Immunotherapy for cancer \U0001f9ec"  # a surrogate pair


def test_json_values_keep_their_places(tmp_path: Path) -> None:
    report = Report()
    root = jsonfile.parse('[\n\t{"id": "a",\t"page": 12, "ok": true}\n]', "x.json", report)
    assert report.items == []
    assert root is not None
    entry = root.items[0]  # type: ignore[union-attr]
    assert [(key.value, key.position.line, key.position.column) for key, _ in entry.items] == [
        ("id", 2, 3),
        ("page", 2, 14),  # a tab is one column
        ("ok", 2, 26),
    ]
    assert [(value.value, value.kind) for _, value in entry.items] == [("a", "str"), ("12", "int"), ("true", "bool")]


def test_broken_json_is_an_error_at_its_line_and_column(tmp_path: Path) -> None:
    write(tmp_path, "refs.json", '[\n  {"id": "a", "type": "book" "title": "T"}\n]\n')
    path = write(tmp_path, "h.yaml", handout("[@a]"))
    result, said = check(path)
    assert result is None
    assert said == [
        f"{tmp_path}/refs.json:2:30: error: JSON syntax error: "
        "expected ',' or '}' after a value of the mapping, found '\"'"
    ]


def test_a_broken_cited_entry_is_an_error_at_its_line_and_an_uncited_one_is_not_judged(tmp_path: Path) -> None:
    entries = json.loads(ZOTERO)
    entries[2]["type"] = "bok"  # the book, line 83 of the file once written with tabs
    write(tmp_path, "refs.json", json.dumps(entries, indent="\t"))
    uncited = write(tmp_path, "h.yaml", handout("[@smithImmunotherapy2020]"))
    assert check(uncited)[1] == []
    cited = write(tmp_path, "h2.yaml", handout("[@devitaCancer2019]"))
    result, said = check(cited)
    assert result is None
    line = json.dumps(entries, indent="\t").splitlines().index('\t\t"type": "bok",') + 1
    assert said == [
        f"{tmp_path}/refs.json:{line}:11: error: 'type' of reference 'devitaCancer2019' is 'bok'; did you mean 'book'?"
    ]


def test_a_handouts_own_reference_wins_with_a_warning_naming_the_other(tmp_path: Path) -> None:
    write(tmp_path, "refs.json", ZOTERO)
    own = "references:\n  - id: devitaCancer2019\n    type: book\n    title: Our own edition\n"
    path = write(tmp_path, "h.yaml", handout("[@devitaCancer2019]", own=own))
    result, said = check(path)
    assert said == [
        f"{path}:9:9: warning: reference 'devitaCancer2019' is also in the bibliography file {tmp_path}/refs.json "
        f"(at {tmp_path}/refs.json:62:9); this handout's own entry is used: remove it here to use the file's, "
        "or give it another id"
    ]
    assert result is not None
    assert [ref.title for ref in result.references] == ["Our own edition"]


def test_csl_yaml_as_pandoc_writes_it_and_a_plain_list(tmp_path: Path) -> None:
    write(tmp_path, "pandoc.yaml", "---\nreferences:\n- id: a\n  type: book\n  title: Book A\n  issued: 2001\n...\n")
    write(tmp_path, "list.yml", "- id: b\n  type: report\n  title: Report B\n")
    path = write(tmp_path, "h.yaml", handout("[@a; @b]", "[pandoc.yaml, list.yml]"))
    result, said = check(path)
    assert said == []
    assert result is not None
    assert sorted(ref.title for ref in result.references) == ["Book A", "Report B"]


BIBTEX = r"""@string{nci = {National Cancer Institute}}

@article{smith2020,
  author = {Smith, Jane A. and M{\"u}ller, J{\"o}rg and {World Health Organization}},
  title = {Immunotherapy for {COVID}-19 \& cancer},
  journal = {JAMA},
  year = 2020,
  month = jun,
  volume = {323},
  number = {4},
  pages = {301--310},
  doi = {10.1001/jama.2020.0001},
}

@techreport{nciReport,
  title = {Cancer Statistics},
  institution = nci,
  number = {19-7},
  year = {2019},
}

@incollection{chapter,
  author = {van der Berg, Anna and Doe, Jr., John},
  editor = {Roe, Richard},
  title = {Pain},
  booktitle = {Palliative Care},
  publisher = {Springer},
  pages = {1--20},
  year = {2018},
}

@online{cdc,
  author = {{Centers for Disease Control and Prevention}},
  title = {Screening},
  url = {https://www.cdc.gov/cancer/screening_tests/index.html},
  urldate = {2024-05-01},
}

@phdthesis{thesis, author = {Lee, Kim}, title = {Sleep}, school = {MIT}, year = {2015}}

@book{broken,
  title = {Unclosed,
  year = {2001},
}
"""


def test_bibtex_entries_become_csl_references(tmp_path: Path) -> None:
    write(tmp_path, "refs.bib", BIBTEX)
    path = write(tmp_path, "h.yaml", handout("[@smith2020; @nciReport; @chapter; @cdc; @thesis]", "refs.bib"))
    result, said = check(path)
    assert said == []
    assert result is not None
    refs = {ref.id: ref for ref in result.references}
    article = refs["smith2020"]
    assert (article.type, article.title, article.container_title) == (
        "article-journal",
        "Immunotherapy for COVID-19 & cancer",
        "JAMA",
    )
    assert [(n.family, n.given, n.literal) for n in article.authors] == [
        ("Smith", "Jane A.", ""),
        ("Müller", "Jörg", ""),
        ("", "", "World Health Organization"),
    ]
    assert (article.volume, article.issue, article.page, article.doi) == (
        "323",
        "4",
        "301-310",
        "10.1001/jama.2020.0001",
    )
    assert (article.issued.year, article.issued.month) == (2020, 6)  # type: ignore[union-attr]
    report = refs["nciReport"]
    assert (report.type, report.publisher, report.number) == ("report", "National Cancer Institute", "19-7")
    chapter = refs["chapter"]
    assert (chapter.type, chapter.container_title, chapter.page) == ("chapter", "Palliative Care", "1-20")
    assert [(n.family, n.particle, n.suffix) for n in chapter.authors] == [("Berg", "van der", ""), ("Doe", "", "Jr.")]
    assert [n.family for n in chapter.editors] == ["Roe"]
    web = refs["cdc"]
    assert (web.type, web.url, web.accessed.day) == (  # type: ignore[union-attr]
        "webpage",
        "https://www.cdc.gov/cancer/screening_tests/index.html",
        1,
    )
    assert (refs["thesis"].type, refs["thesis"].publisher) == ("thesis", "MIT")


def test_a_broken_bibtex_entry_is_an_error_at_its_line_when_cited(tmp_path: Path) -> None:
    write(tmp_path, "refs.bib", BIBTEX)
    path = write(tmp_path, "h.yaml", handout("[@broken]", "refs.bib"))
    result, said = check(path)
    assert result is None
    line = BIBTEX.splitlines().index("@book{broken,") + 1
    assert said == [
        f"{tmp_path}/refs.bib:{line}:1: error: BibTeX entry 'broken' cannot be read: a value is still open at "
        "the end of the file (check its braces and quotes); fix the entry, it is cited"
    ]
    assert check(write(tmp_path, "h2.yaml", handout("[@cdc]", "refs.bib")))[1] == []  # not cited: not judged


def test_a_bibtex_field_problem_is_at_the_field(tmp_path: Path) -> None:
    write(tmp_path, "refs.bib", "@misc{x,\n  title = {T},\n  url = {ftp://example.org/x},\n}\n")
    path = write(tmp_path, "h.yaml", handout("[@x]", "refs.bib"))
    said = check(path)[1]
    assert len(said) == 1
    assert said[0].startswith(f"{tmp_path}/refs.bib:3:9: error: 'URL' of reference 'x': ")


def test_a_file_not_beside_the_handout_is_found_in_the_projects_references_folder(tmp_path: Path) -> None:
    write(tmp_path, "references/refs.json", ZOTERO)
    path = write(tmp_path, "source/cancer/h.yaml", handout("[@devitaCancer2019]"))
    result, said = check(path)
    assert said == []
    assert result is not None
    assert [ref.id for ref in result.references] == ["devitaCancer2019"]
    write(tmp_path, "source/cancer/refs.json", "[]")  # beside the handout: that one first
    assert check(path)[1][0].endswith("citation of unknown reference 'devitaCancer2019'; no entry of 'references' "
                                      f"or of {tmp_path}/source/cancer/refs.json has that id; add it to one of them, "
                                      "or check the id")  # fmt: skip


def test_a_missing_file_says_where_it_was_looked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "h.yaml", handout("[@a]", "nothere.json"))
    result, said = check(path)
    assert result is None
    assert said == [
        f"{path}:3:15: error: 'bibliography' 'nothere.json': no such file beside the handout "
        f"({tmp_path}/nothere.json) and there is no references/ folder above it; check the name, or put the file there"
    ]


def test_a_differing_duplicate_id_across_files_is_an_error_when_cited(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "- id: x\n  type: book\n  title: One\n")
    write(tmp_path, "b.yaml", "- id: x\n  type: book\n  title: Two\n- id: y\n  type: book\n  title: Y\n")
    write(tmp_path, "c.yaml", "- id: x\n  type: book\n  title: One\n")
    path = write(tmp_path, "h.yaml", handout("[@x]", "[a.yaml, b.yaml]"))
    assert check(path)[1] == [
        f"{tmp_path}/b.yaml:1:7: error: duplicate reference id 'x' (also at {tmp_path}/a.yaml:1:7, with other "
        "fields); keep one entry with this id, or give each its own id"
    ]
    assert check(write(tmp_path, "h2.yaml", handout("[@y]", "[a.yaml, b.yaml]")))[1] == []  # not cited
    assert check(write(tmp_path, "h3.yaml", handout("[@x]", "[a.yaml, c.yaml]")))[1] == []  # the same entry twice


def test_a_file_is_read_once_while_unchanged_and_again_when_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.yaml", "- id: x\n  type: book\n  title: One\n")
    first = bibliography.read(path)
    assert bibliography.read(path) is first
    path.write_text("- id: x\n  type: book\n  title: Two\n", encoding="utf-8")  # same size, maybe the same time
    second = bibliography.read(path)
    assert second is not first
    assert second.get("x")[0].digest != first.get("x")[0].digest


def test_a_bibtex_name_or_month_its_rules_cannot_read_is_an_error_at_the_field_when_cited(tmp_path: Path) -> None:
    bib = (
        "@book{names,\n  author = {Roe, Rick, Jr, Extra},\n  title = {T},\n  year = {2020},\n}\n"
        "@book{month,\n  title = {T},\n  year = {2020},\n  month = {Juin},\n}\n"
    )
    write(tmp_path, "refs.bib", bib)
    said = check(write(tmp_path, "h.yaml", handout("[@names; @month]", "refs.bib")))[1]
    assert said == [
        f"{tmp_path}/refs.bib:2:12: error: BibTeX entry 'names': the name 'Roe, Rick, Jr, Extra' in 'author': "
        "Too many commas; fix the entry, it is cited",
        f"{tmp_path}/refs.bib:9:11: error: BibTeX entry 'month': 'month' 'Juin' is not a month; write e.g. jun "
        "or 6; fix the entry, it is cited",
    ]


def test_a_bare_percent_sign_or_ampersand_in_bibtex_is_the_character(tmp_path: Path) -> None:
    bib = "@article{a,\n  title = {Remission in 50% in a year},\n  journal = {Diabetes & Metabolism},\n}\n"
    ref = clean(tmp_path, "refs.bib", bib, "[@a]")[0]
    assert (ref.title, ref.container_title) == ("Remission in 50% in a year", "Diabetes & Metabolism")


def test_bibtex_and_others_prints_et_al(tmp_path: Path) -> None:
    references = clean(
        tmp_path,
        "refs.bib",
        "@article{a,\n  author = {Smith, Jane and Doe, John and others},\n  title = {T},\n}\n",
        "[@a]",
    )
    assert [(n.family, n.literal) for n in references[0].authors] == [
        ("Smith", ""),
        ("Doe", ""),
        ("", "others"),
    ]
    assert format_reference(references[0], english())[0] == Text("Smith J, Doe J, et al. T.")


def test_a_references_language_is_read_as_a_language_tag_or_left_out_with_a_warning(tmp_path: Path) -> None:
    written = ["en_us", "eng", "English", "Français", "zh-hant-tw", "English; French", "und", "prs-AF", "tgl", "mww"]
    entries = [{"id": f"r{n}", "type": "book", "title": "T", "language": value} for n, value in enumerate(written)]
    text = json.dumps(entries, indent=1)
    write(tmp_path, "refs.json", text)
    result, said = check(write(tmp_path, "h.yaml", handout("[" + "; ".join(f"@r{n}" for n in range(10)) + "]")))
    assert result is not None
    assert [ref.language for ref in result.references] == [
        *("en-US", "en", "en", "fr", "zh-Hant-TW", "", ""),
        *("fa-AF", "tl", "mww"),  # CLDR's alias, its region given once; Tagalog as the catalog has it; any tag
    ]
    lines = text.splitlines()
    at = [lines.index(f'  "language": "{value}"') + 1 for value in ("English; French", "und")]
    assert said == [
        f"{tmp_path}/refs.json:{line}:15: warning: 'language' '{value}' of reference '{ref_id}' is no language "
        "that handoutkit can tell, so it is left out; write one language tag such as en or es (for a work in "
        "two languages, the one its title is in)"
        for line, value, ref_id in zip(at, ("English; French", "und"), ("r5", "r6"), strict=True)
    ]


def test_biblatex_eid_a_date_range_and_howpublished_text_are_read(tmp_path: Path) -> None:
    bib = (
        "@article{a,\n  title = {T},\n  journaltitle = {JAMA Netw Open},\n  date = {2024-01/2024-03},\n"
        "  volume = {7},\n  eid = {e2024017},\n}\n"
        "@misc{b,\n  title = {Caring for yourself},\n  howpublished = {Pamphlet of the National Cancer Institute},\n"
        "  year = {2019},\n}\n"
    )
    references = clean(tmp_path, "refs.bib", bib, "[@a; @b]")
    assert [flat(format_reference(ref, english())) for ref in references] == [
        "T. *JAMA Netw Open*. 2024;7:e2024017.",
        "*Caring for Yourself*. Pamphlet of the National Cancer Institute; 2019.",
    ]
    article, pamphlet = references
    assert (article.number, article.issued) == ("e2024017", PartialDate(2024, 1))
    assert (pamphlet.publisher, pamphlet.type) == ("Pamphlet of the National Cancer Institute", "document")


def test_a_trailing_comma_in_json_is_an_error_at_the_comma(tmp_path: Path) -> None:
    write(tmp_path, "refs.json", '[\n  {"id": "a", "type": "book", "title": "T",},\n  {"id": "b"}\n]\n')
    said = check(write(tmp_path, "h.yaml", handout("[@a]")))[1]
    assert said == [
        f"{tmp_path}/refs.json:2:43: error: JSON syntax error: a comma before '}}': JSON allows none after the "
        "last item; remove it"
    ]
    write(tmp_path, "refs.json", '[\n  {"id": "a", "type": "book", "title": "T"},\n]\n')
    assert check(write(tmp_path, "h.yaml", handout("[@a]")))[1] == [
        f"{tmp_path}/refs.json:2:44: error: JSON syntax error: a comma before ']': JSON allows none after the "
        "last item; remove it"
    ]


def test_json_values_of_the_wrong_kind_are_named_as_json_writes_them(tmp_path: Path) -> None:
    write(tmp_path, "refs.json", '[{"id": "a", "type": "book", "title": "T", "author": {"family": "X"}}]')
    said = check(write(tmp_path, "h.yaml", handout("[@a]")))[1]
    assert said == [
        f"{tmp_path}/refs.json:1:54: error: 'author' of reference 'a' must be a list ([ ... ]), "
        "found a mapping ({...})"
    ]


def test_another_tools_name_for_a_type_is_an_error_naming_the_csl_type(tmp_path: Path) -> None:
    entries = [
        {"id": "a", "type": "journal-article", "title": "T"},  # Crossref
        {"id": "b", "type": "bookSection", "title": "T"},  # Zotero
        {"id": "c", "type": "legal_case", "title": "T"},  # CSL's own
    ]
    write(tmp_path, "refs.json", json.dumps(entries, indent=1))
    said = check(write(tmp_path, "h.yaml", handout("[@a; @b; @c]")))[1]
    assert [line.split(": error: ")[1] for line in said] == [
        "'type' of reference 'a' is 'journal-article', another tool's name for a CSL type; write 'article-journal'",
        "'type' of reference 'b' is 'bookSection', another tool's name for a CSL type; write 'chapter'",
    ]


@pytest.mark.parametrize(
    ("bib", "said"),
    [
        (
            "@book{a,\n  title = {T}\n  year = {2020},\n}\n",
            "2:11: error: BibTeX entry 'a': there is no comma after the value of 'title', before 'year'",
        ),
        (
            '@book{a,\n  title = "T"\n  year = {2020},\n}\n',
            "2:11: error: BibTeX entry 'a': there is no comma after the value of 'title', before 'year'",
        ),
        (
            "@book{a,\n  title = {T}},\n  year = 2020,\n}\n",
            "3:3: error: BibTeX entry 'a': a '}' too many ends it before its field 'year'",
        ),
        (
            "@book{a\n  title = {T},\n}\n",
            "1:1: error: BibTeX entry 'a' cannot be read: there is no comma after its key (found '='); an entry "
            "starts '@type{key,'",
        ),
        (
            "@book{a,\n  title = {T,\n  year = {2020},\n}\n@book{b, title = {U}}\n",
            "1:1: error: BibTeX entry 'a' cannot be read: a value is still open at the next '@' (check its braces "
            "and quotes, and the commas between fields)",
        ),
        (
            '@book{a,\n  title = "T,\n  year = {2020},\n}\n',
            "1:1: error: BibTeX entry 'a' cannot be read: a value is still open at the end of the file (check its "
            "braces and quotes)",
        ),
    ],
)
def test_a_broken_bibtex_entry_says_what_is_wrong_where(tmp_path: Path, bib: str, said: str) -> None:
    write(tmp_path, "refs.bib", bib)
    assert check(write(tmp_path, "h.yaml", handout("[@a]", "refs.bib")))[1] == [
        f"{tmp_path}/refs.bib:{said}; fix the entry, it is cited"
    ]


def test_a_bibtex_value_holding_braces_and_an_equals_sign_is_one_value(tmp_path: Path) -> None:
    references = clean(tmp_path, "refs.bib", "@book{a,\n  title = {The {A} b = c},\n  year = {2020},\n}\n", "[@a]")
    assert references[0].title == "The A b = c"


@pytest.mark.parametrize(
    "event_date",
    [
        {"date-parts": [[2004, 6, 20], [2004, 6, 24]]},  # CSL-JSON's range
        "2004-06-20/2004-06-24",  # EDTF, as pandoc writes it
        {"raw": "2004-06-20/2004-06-24"},
    ],
)
def test_a_meetings_date_range_is_read_in_each_form(tmp_path: Path, event_date: object) -> None:
    entries = [{"id": "a", "type": "paper-conference", "title": "T", "event-title": "M", "event-date": event_date}]
    ref = clean(tmp_path, "refs.json", json.dumps(entries), "[@a]")[0]
    assert (ref.event_date, ref.event_date_end) == (PartialDate(2004, 6, 20), PartialDate(2004, 6, 24))
    assert flat(format_reference(ref, english())) == "T. Presented at: M; June 20-24, 2004."


def test_biblatex_eventdate_is_the_meetings_days(tmp_path: Path) -> None:
    bib = "@inproceedings{a,\n  title = {T},\n  eventtitle = {M},\n  eventdate = {2004-06-20/2004-06-24},\n}\n"
    references = clean(tmp_path, "refs.bib", bib, "[@a]")
    assert flat(format_reference(references[0], english())) == "T. Presented at: M; June 20-24, 2004."


def test_a_digit_that_is_no_ascii_digit_in_a_month_or_day_is_an_error_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, "refs.bib", "@book{a, title={T}, year={2020}}\n@book{z, title={U}, year={2020}, month={\u00b2}}\n")
    assert check(write(tmp_path, "h.yaml", handout("[@a]", "refs.bib")))[1] == []  # z is not cited
    said = check(write(tmp_path, "h2.yaml", handout("[@z]", "refs.bib")))[1]
    assert said == [
        f"{tmp_path}/refs.bib:2:40: error: BibTeX entry 'z': 'month' '\u00b2' is not a month; write e.g. jun or 6; "
        "fix the entry, it is cited"
    ]


def test_an_entrys_first_problem_is_said_at_its_own_place(tmp_path: Path) -> None:
    bib = "@book{a,\n  author = {Roe, Rick, Jr, Extra},\n  title = {T},\n  year = {2020},\n  month = {Juin},\n}\n"
    write(tmp_path, "refs.bib", bib)
    said = check(write(tmp_path, "h.yaml", handout("[@a]", "refs.bib")))[1]
    assert said == [
        f"{tmp_path}/refs.bib:2:12: error: BibTeX entry 'a': the name 'Roe, Rick, Jr, Extra' in 'author': "
        "Too many commas; fix the entry, it is cited"
    ]


@pytest.mark.parametrize(
    ("month", "issued"),
    [
        ("jun", PartialDate(2020, 6)),
        ("{June}", PartialDate(2020, 6)),
        ('jan # "~15"', PartialDate(2020, 1, 15)),  # a day after the month
        ("{Jan-Feb}", PartialDate(2020, 1)),  # a range by its first month
        ("{1--2}", PartialDate(2020, 1)),
        ("{Spring}", PartialDate(2020)),  # a season: the year
    ],
)
def test_bibtex_months_as_exports_write_them(tmp_path: Path, month: str, issued: PartialDate) -> None:
    references = clean(
        tmp_path, "refs.bib", f"@book{{a,\n  title = {{T}},\n  year = {{2020}},\n  month = {month},\n}}\n", "[@a]"
    )
    assert references[0].issued == issued


def test_bibtex_values_joined_with_hash_and_macros_are_read_as_bibtex_joins_them(tmp_path: Path) -> None:
    bib = (
        '@string{pre = "Journal of "}\n@STRING{nci = {National Cancer Institute}}\n'
        '@article{a, title = "Care" # " at home", journal = PRE # {Medicine}, publisher = nci, volume = 12}\n'
    )
    ref = clean(tmp_path, "refs.bib", bib, "[@a]")[0]
    assert (ref.title, ref.container_title, ref.publisher, ref.volume) == (
        "Care at home",
        "Journal of Medicine",
        "National Cancer Institute",
        "12",
    )


def test_a_value_that_holds_braces_then_an_equals_sign_is_no_missing_comma(tmp_path: Path) -> None:
    bib = '@book{a, title = {{Ki-67} index = 20 as cut-off}}\n@book{b, title = "{BMI} z = 2"}\n'
    references = clean(tmp_path, "refs.bib", bib, "[@a; @b]")
    assert [ref.title for ref in references] == ["Ki-67 index = 20 as cut-off", "BMI z = 2"]


@pytest.mark.parametrize(
    ("bib", "said"),
    [
        ("@book{a,\n year = 2020\n title = {T},\n}\n", "2:9: error: BibTeX entry 'a': there is no comma after the "
         "value of 'year', before 'title'"),
        ("@book{a,\n title = {T}},\n % reviewed\n publisher = {P},\n}\n", "4:2: error: BibTeX entry 'a': a '}' too "
         "many ends it before its field 'publisher'"),
    ],
)  # fmt: skip
def test_a_missing_comma_after_a_bare_value_and_a_brace_too_many_before_a_comment(
    tmp_path: Path, bib: str, said: str
) -> None:
    write(tmp_path, "refs.bib", bib)
    assert check(write(tmp_path, "h.yaml", handout("[@a]", "refs.bib")))[1] == [
        f"{tmp_path}/refs.bib:{said}; fix the entry, it is cited"
    ]


def test_a_reports_own_number_wins_over_biblatex_eid(tmp_path: Path) -> None:
    bib = "@techreport{a,\n title={T},\n institution={I},\n eid={x1},\n number={12},\n year=2020,\n}\n"
    references = clean(tmp_path, "refs.bib", bib, "[@a]")
    assert references[0].number == "12"


@pytest.mark.parametrize(
    ("authors", "printed"),
    [
        ("Smith, J and and Doe, J", "Smith J, Doe J"),  # an 'and' too many
        ("Smith, J and", "Smith J"),  # an 'and' with no name after it
        ("others and Smith, J and others", "Smith J, et al"),  # 'others' means et al only last
    ],
)
def test_bibtex_name_lists_as_people_mistype_them(tmp_path: Path, authors: str, printed: str) -> None:
    references = clean(tmp_path, "refs.bib", f"@article{{a, author = {{{authors}}}, title = {{T}}}}\n", "[@a]")
    assert flat(format_reference(references[0], english())) == f"{printed}. T."


def test_bibtexparser_loads_only_for_a_handout_that_names_a_bib_file(tmp_path: Path) -> None:
    """A build pays bibtexparser's and pylatexenc's import (~30 ms) only when it reads BibTeX."""
    import subprocess
    import sys

    write(tmp_path, "refs.json", ZOTERO)
    write(tmp_path, "refs.bib", BIBTEX)
    loaded = []
    for name, bib in (("json.yaml", "refs.json"), ("bib.yaml", "refs.bib")):
        source = write(tmp_path, name, handout("[@smithImmunotherapy2020]" if bib == "refs.json" else "[@cdc]", bib))
        program = (
            "import sys, pathlib; from handoutkit.diagnostics import Report; "
            "from handoutkit.load import yamlfile; from handoutkit.validate.handout import validate; "
            f"report = Report(); validate(yamlfile.load(pathlib.Path({str(source)!r}), report), report); "
            "print('bibtexparser' in sys.modules)"
        )
        run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
        loaded.append(run.stdout.split()[-1])
    assert loaded == ["False", "True"]


def test_a_references_two_letter_language_tag_is_read_without_loading_babel() -> None:
    import subprocess
    import sys

    program = (
        "import sys; from handoutkit.validate.csl_language import language_tag; "
        "print(language_tag('en'), language_tag('es-MX'), 'babel' in sys.modules, language_tag('iw'), "
        "'babel' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["en", "es-MX", "False", "he", "True"]
