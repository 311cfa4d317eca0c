"""Tests for handoutkit.transforms.apply: map_inlines and numbering references by first citation."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable

import pytest

from handoutkit.model import (
    Block,
    Citation,
    Emphasis,
    Handout,
    Inline,
    Inlines,
    ItemList,
    Link,
    ListItem,
    Note,
    Paragraph,
    Reference,
    Section,
    Strong,
    Subheading,
    Text,
)
from handoutkit.transforms.apply import apply_transforms, map_inlines, number_citations

REVIEWED = datetime.date(2025, 4, 12)


def cite(*ids: str) -> Citation:
    return Citation(ids)


def words(text: str, *more: Inline) -> Inlines:
    return (Text(text), *more)


def ref(ref_id: str) -> Reference:
    return Reference(id=ref_id, title=f"Title of {ref_id}", url=f"https://example.org/{ref_id}")


# Reading order: summary, then each section's heading and blocks; a note's title before its text;
# a list item before its nested list.
HANDOUT = Handout(
    title=words("A handout"),
    subtitle=words("For patients"),
    reviewed=REVIEWED,
    summary=words("Lead ", cite("summary"), Text(".")),
    sections=(
        Section(
            heading=words("First ", cite("heading")),
            blocks=(
                Paragraph(words("A paragraph ", cite("para", "summary"), Text("."))),
                ItemList(
                    (
                        ListItem(
                            words("Item ", cite("item")),
                            ItemList(
                                (
                                    ListItem(
                                        words("Nested ", cite("nested")),
                                        ItemList((ListItem(words("Deepest ", cite("deepest"))),), ordered=True),
                                    ),
                                ),
                            ),
                        ),
                        ListItem(words("Second item ", cite("summary"))),
                    ),
                ),
                Note(
                    (Paragraph(words("Note text ", cite("note"))),),
                    title=words("Note title ", cite("note-title")),
                    kind="warning",
                ),
                Subheading(words("Sub ", cite("subheading"))),
                Paragraph((Strong((Text("bold "), Emphasis((Text("and italic "), cite("emphasis"))))),)),
                Paragraph((Link((Text("a link"),), "https://example.org"), Text(" "), cite("after-link"))),
            ),
        ),
        Section(
            heading=words("Second"),
            blocks=(Paragraph(words("Again ", cite("last", "heading", "summary", "last"))),),
        ),
    ),
    references=tuple(
        ref(name)
        for name in (
            "never-cited",
            "last",
            "deepest",
            "after-link",
            "summary",
            "emphasis",
            "para",
            "subheading",
            "note",
            "heading",
            "also-never",
            "note-title",
            "nested",
            "item",
        )
    ),
)

FIRST_CITED = [
    "summary",
    "heading",
    "para",
    "item",
    "nested",
    "deepest",
    "note-title",
    "note",
    "subheading",
    "emphasis",
    "after-link",
    "last",
]


def section(n: int) -> Section:
    return NUMBERED.sections[n]


def block(n: int) -> Block:
    return section(0).blocks[n]


def items(n: int) -> tuple[ListItem, ...]:
    found = block(n)
    assert isinstance(found, ItemList)
    return found.items


def note() -> Note:
    found = block(2)
    assert isinstance(found, Note)
    return found


def content(found: Block) -> Inlines:
    assert not isinstance(found, ItemList)
    return found.content


def sublist(item: ListItem) -> tuple[ListItem, ...]:
    assert item.sublist is not None
    return item.sublist.items


def citation_in(inlines: Inlines | None) -> Citation:
    """The one citation in a run of inlines, however deep in bold, italic or link it sits."""
    assert inlines is not None
    found = [node for node in _flatten(inlines) if isinstance(node, Citation)]
    assert len(found) == 1, found
    return found[0]


def _flatten(inlines: Inlines) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        out.append(node)
        if isinstance(node, Strong | Emphasis | Link):
            out.extend(_flatten(node.children))
    return out


NUMBERED = number_citations(HANDOUT)


@pytest.mark.parametrize(
    ("where", "run", "numbers"),
    [
        ("summary", lambda: NUMBERED.summary, (1,)),
        ("first heading", lambda: section(0).heading, (2,)),
        ("paragraph citing a new and a known id", lambda: content(block(0)), (1, 3)),
        ("list item", lambda: items(1)[0].content, (4,)),
        ("nested list item", lambda: sublist(items(1)[0])[0].content, (5,)),
        ("third-level list item", lambda: sublist(sublist(items(1)[0])[0])[0].content, (6,)),
        ("second list item, repeated id", lambda: items(1)[1].content, (1,)),
        ("note title, before its text", lambda: note().title, (7,)),
        ("note text", lambda: content(note().blocks[0]), (8,)),
        ("subheading", lambda: content(block(3)), (9,)),
        ("inside bold and italic", lambda: content(block(4)), (10,)),
        ("after a link", lambda: content(block(5)), (11,)),
        ("several ids, repeats and known ones", lambda: content(section(1).blocks[0]), (1, 2, 12)),
    ],
)
def test_numbers_follow_the_first_citation_in_reading_order(
    where: str, run: Callable[[], Inlines | None], numbers: tuple[int, ...]
) -> None:
    assert citation_in(run()).numbers == numbers, where


def test_a_citation_keeps_its_ids_as_written() -> None:
    assert citation_in(content(section(1).blocks[0])).ids == ("last", "heading", "summary", "last")


def test_only_cited_references_are_kept_in_order_of_first_citation() -> None:
    assert [r.id for r in NUMBERED.references] == FIRST_CITED
    assert NUMBERED.references == tuple(ref(name) for name in FIRST_CITED)


def test_reference_n_is_entry_n_minus_one() -> None:
    for number, reference in enumerate(NUMBERED.references, start=1):
        assert FIRST_CITED.index(reference.id) + 1 == number


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        pytest.param([("b", "a", "b")], [(1, 2)], id="several-ids-sorted-unique"),
        pytest.param([("c",), ("a", "c"), ("c",)], [(1,), (1, 2), (1,)], id="repeat-keeps-number"),
        pytest.param([("z",), ("y",), ("x", "y", "z")], [(1,), (2,), (1, 2, 3)], id="known-ids-sorted"),
        pytest.param([("a", "a")], [(1,)], id="same-id-twice"),
    ],
)
def test_numbering_of_one_paragraph_after_another(runs: list[tuple[str, ...]], expected: list[tuple[int, ...]]) -> None:
    handout = Handout(
        title=words("T"),
        reviewed=REVIEWED,
        sections=(Section(words("S"), tuple(Paragraph(words("x ", cite(*ids))) for ids in runs)),),
        references=tuple(ref(name) for name in "abcxyz"),
    )
    numbered = number_citations(handout)
    assert [citation_in(content(p)).numbers for p in numbered.sections[0].blocks] == expected


def test_a_handout_without_citations_has_no_references() -> None:
    handout = Handout(words("T"), REVIEWED, (Section(words("S"), (Paragraph(words("x")),)),), references=(ref("a"),))
    numbered = number_citations(handout)
    assert numbered.references == ()
    assert numbered.sections == handout.sections


def test_apply_transforms_numbers_citations() -> None:
    assert apply_transforms(HANDOUT) == NUMBERED


# --- the input is never changed -------------------------------------------------------------------


def test_numbering_returns_a_new_handout_and_leaves_the_input_as_it_was() -> None:
    before = copy.deepcopy(HANDOUT)
    numbered = number_citations(HANDOUT)
    assert numbered is not HANDOUT
    assert before == HANDOUT
    assert citation_in(HANDOUT.summary).numbers == ()
    assert len(HANDOUT.references) == 14


def test_the_model_is_frozen() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        HANDOUT.references = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        citation_in(HANDOUT.summary).numbers = (1,)  # type: ignore[misc]


# --- map_inlines -------------------------------------------------------------------------------------


def shout(inlines: Inlines) -> Inlines:
    """Upper-case top-level text; leaves every other node as it is."""
    return tuple(Text(node.text.upper()) if isinstance(node, Text) else node for node in inlines)


def test_map_inlines_with_identity_gives_an_equal_handout() -> None:
    assert map_inlines(HANDOUT, lambda run: run) == HANDOUT


def test_map_inlines_visits_every_run_once_in_reading_order() -> None:
    seen: list[str] = []

    def record(run: Inlines) -> Inlines:
        seen.append("".join(node.text for node in run if isinstance(node, Text)).strip())
        return run

    map_inlines(HANDOUT, record)
    assert seen == [
        "A handout",
        "For patients",
        "Lead .",
        "First",
        "A paragraph .",
        "Item",
        "Nested",
        "Deepest",
        "Second item",
        "Note title",
        "Note text",
        "Sub",
        "",  # bold and italic: the run holds a Strong only
        "",  # a link, a space and a citation
        "Second",
        "Again",
    ]


def test_map_inlines_keeps_the_structure() -> None:
    mapped = map_inlines(HANDOUT, shout)
    assert mapped.title == (Text("A HANDOUT"),)
    assert (mapped.reviewed, mapped.references, mapped.language) == (REVIEWED, HANDOUT.references, "en")
    first = mapped.sections[0]
    assert [type(b) for b in first.blocks] == [type(b) for b in HANDOUT.sections[0].blocks]
    top = first.blocks[1]
    assert isinstance(top, ItemList) and not top.ordered
    nested = sublist(top.items[0])
    assert sublist(nested[0])[0].content[0] == Text("DEEPEST ")
    assert top.items[0].sublist is not None and nested[0].sublist is not None and nested[0].sublist.ordered
    assert top.items[1].sublist is None
    mapped_note = first.blocks[2]
    assert isinstance(mapped_note, Note)
    assert (mapped_note.kind, mapped_note.title, mapped_note.blocks) == (
        "warning",
        (Text("NOTE TITLE "), cite("note-title")),
        (Paragraph((Text("NOTE TEXT "), cite("note"))),),
    )


def test_map_inlines_keeps_missing_optional_runs_missing() -> None:
    bare = Handout(words("T"), REVIEWED, (Section(words("S"), (Note((Paragraph(words("n")),)),)),))
    mapped = map_inlines(bare, shout)
    assert (mapped.subtitle, mapped.summary) == (None, None)
    assert mapped.sections[0].blocks == (Note((Paragraph((Text("N"),)),), None, "info"),)


def test_a_citation_of_an_unknown_id_is_numbered_but_has_no_entry() -> None:
    """Validation reports unknown ids; numbering must still not fail on them."""
    handout = Handout(
        title=words("T"),
        reviewed=REVIEWED,
        sections=(Section(words("S"), (Paragraph(words("x ", cite("missing", "a"))),)),),
        references=(ref("a"),),
    )
    numbered = number_citations(handout)
    assert citation_in(content(numbered.sections[0].blocks[0])).numbers == (1, 2)
    assert numbered.references == (ref("a"),)
