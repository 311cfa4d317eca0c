"""Property-based tests: any text, any broken handout, never a traceback, a hang or a lost word.

Hypothesis draws the examples from a fixed seed (``derandomize``), so CI sees the same ones every
run. For a longer search, ``HANDOUTKIT_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py`` runs that
many examples of each parser property and a tenth as many of each whole-build property;
``HANDOUTKIT_FUZZ_SEED=N`` draws other examples than CI's.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import re
import signal
import string
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import yaml
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st

from handoutkit.cli.main import main
from handoutkit.diagnostics import Report
from handoutkit.inline import parse_inline, plain_text
from handoutkit.load import yamlfile

from .helpers import ROOT, pdf_text

LONG_RUN = int(os.environ.get("HANDOUTKIT_FUZZ_EXAMPLES", "0"))
SEED = os.environ.get("HANDOUTKIT_FUZZ_SEED")  # another seed draws other examples
HANG = 10.0  # seconds: far beyond any example here, so only a hang (or a blow-up) reaches it
Test = TypeVar("Test", bound=Callable[..., None])


def fuzz(examples: int, *, builds: bool = False) -> Callable[[Test], Test]:
    """Settings for one property: a fixed seed, ``examples`` in CI, more in a long run."""
    if LONG_RUN:
        examples = max(examples, LONG_RUN // 10 if builds else LONG_RUN)
    chosen = settings(
        derandomize=SEED is None,
        database=None,
        max_examples=examples,
        deadline=None,  # time_limit() catches hangs; a deadline would only make slow machines flaky
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    def decorate(test: Test) -> Test:
        return chosen(seed(int(SEED))(test) if SEED is not None else test)

    return decorate


@contextlib.contextmanager
def time_limit(seconds: float = HANG) -> Iterator[None]:
    """Fail the example, instead of hanging the run, when the body takes longer than ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} seconds: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- strange characters, as pasted from web pages, word processors and other scripts --------------

STRANGE = [
    "\0", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\t", "\r", "\r\n", "\ufeff", "\u200b", "\u200d", "\u200e",
    "\u200f", "\u202e", "\u2028", "\u2029", "\ufffd", "\uffff", "\U0001f600", "\u0301", "e\u0301", "\u00a0",
    "\u201c", "\u201d", "\u2018", "\u2019", "\\", '"', "'",
]  # fmt: skip
# YAML escapes that write those characters (and unpaired surrogates) inside double quotes.
ESCAPES = [
    "\\ud800", "\\udfff", "\\uD83D", "\\0", "\\x01", "\\x7f", "\\t", "\\N", "\\_", "\\L", "\\P", "\\e",
    "\\ufeff", "\\u200f", "\\u200d", "\\u202e", "\\U0010FFFF", "\\U00110000", "\\x", "\\",
]  # fmt: skip
YAML_PIECES = [
    "\n", "  ", "    ", "- ", ": ", ":", "title", "reviewed", "sections", "blocks", "heading", "bullets", "steps",
    "note", "text", "references", "id", "2025-04-12", "&a ", "*a", "!!python/object/apply:os.system ", "!x ",
    "<<: ", "[", "]", "{", "}", ", ", "'", '"', "# ", "|", ">-", "%YAML 1.1\n", "---\n", "...\n", "? ", "@",
    "`", "**", "*", "[@a]", "~", "null", "yes", "0x1F", "1e400", ".inf",
]  # fmt: skip

strange_text = st.lists(
    st.one_of(
        st.sampled_from(YAML_PIECES),
        st.sampled_from(STRANGE),
        st.builds(lambda escape, text: f'"{text}{escape}{text}"', st.sampled_from(ESCAPES), st.text(max_size=3)),
        st.text(max_size=4),
    ),
    max_size=40,
).map("".join)


def _lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML counts them (CR, LF, CRLF, NEL, LS and PS each end one)."""
    return re.split("\r\n|[\r\n\x85\u2028\u2029]", text)


@fuzz(2000)
@given(strange_text)
def test_loader_never_raises_and_places_every_problem(text: str) -> None:
    report = Report()
    with time_limit():
        root = yamlfile.parse(text, "h.yaml", report)
    assert root is not None or report.has_errors, "nothing was loaded and no reason given"
    lines = _lines(text)
    for diagnostic in report.items:
        where = diagnostic.position
        assert where.path == "h.yaml", diagnostic
        assert 1 <= where.line <= len(lines), f"{diagnostic}: no such line in {text!r}"
        assert 1 <= where.column <= len(lines[where.line - 1]) + 1, f"{diagnostic}: no such column in {text!r}"
        assert "\n" not in str(diagnostic), diagnostic


@fuzz(2000)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_loader_takes_any_unicode(text: str) -> None:
    report = Report()
    with time_limit():
        root = yamlfile.parse(text, "h.yaml", report)
    assert root is not None or report.has_errors


# --- the inline parser ------------------------------------------------------------------------------

INLINE_PIECES = ["**", "*", "[", "]", "(", ")", "[@", "@", ";", "{", "}", "\\", "https://x.org", "javascript:", " "]


@fuzz(2000)
@given(st.lists(st.one_of(st.sampled_from(INLINE_PIECES), st.text(max_size=3)), max_size=60).map("".join))
def test_inline_parser_never_raises(source: str) -> None:
    with time_limit():
        inlines, problems = parse_inline(source)
    plain_text(inlines)
    for problem in problems:
        assert 0 <= problem.offset < len(source) and source.startswith(problem.needle, problem.offset), problem


word = st.text(alphabet=string.ascii_letters + "éñüçàøß", min_size=1, max_size=10)
WRAPPERS: list[Callable[[str], str]] = [
    lambda w: w,
    lambda w: f"**{w}**",
    lambda w: f"*{w}*",
    lambda w: f"[{w}](https://example.org/{w})",
    lambda w: f"***{w}***",
    lambda w: f"{w}[@ref]",
    lambda w: f"{w} {{field_name}}",
]


@fuzz(2000)
@given(st.lists(st.tuples(word, st.sampled_from(WRAPPERS)), min_size=1, max_size=20))
def test_inline_plain_text_keeps_every_word(words: list[tuple[str, Callable[[str], str]]]) -> None:
    source = " ".join(wrap(text) for text, wrap in words)
    inlines, problems = parse_inline(source)
    assert problems == []
    assert plain_text(inlines).split() == [text for text, _ in words]


@fuzz(2000)
@given(st.text(alphabet="<>&ab xyZ", max_size=80))
def test_inline_literal_text_round_trips(source: str) -> None:
    inlines, problems = parse_inline(source)
    assert problems == [] and plain_text(inlines) == source


# --- whole builds -----------------------------------------------------------------------------------

# Letters the default fonts have, the characters ReportLab markup must escape, and nothing that is markup.
printed_word = st.text(alphabet=string.ascii_letters + "ÀÉÑÖÜàáâãçèéêëíïñóôõöúüýÿœßøåæ<>&", min_size=1, max_size=12)
sentence = st.lists(printed_word, min_size=1, max_size=10).map(" ".join)


def _items(text: st.SearchStrategy[str], depth: int, longest: int) -> st.SearchStrategy[list[Any]]:
    """List items of ``text``, each maybe with a nested list, three levels deep at most."""
    item: st.SearchStrategy[Any] = text
    if depth < 3:
        nested = st.builds(
            lambda words, k, sub: {"text": words, k: sub},
            text,
            st.sampled_from(["bullets", "steps"]),
            st.deferred(lambda: _items(text, depth + 1, longest)),
        )
        item = st.one_of(text, nested)
    return st.lists(item, min_size=1, max_size=longest)


block = st.one_of(
    sentence,
    st.builds(lambda text: {"subheading": text}, sentence),
    st.builds(lambda kind, items: {kind: items}, st.sampled_from(["bullets", "steps"]), _items(sentence, 1, 4)),
    st.builds(
        lambda text, title, kind: {"note": text, **({"title": title} if title else {}), "kind": kind},
        sentence,
        st.none() | sentence,
        st.sampled_from(["info", "warning"]),
    ),
)
section = st.builds(
    lambda heading, blocks: {"heading": heading, "blocks": blocks}, sentence, st.lists(block, min_size=1, max_size=5)
)


@st.composite
def handouts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid handout with a title, maybe a subtitle and summary, and one to four sections."""
    doc: dict[str, Any] = {"title": draw(sentence), "reviewed": datetime.date(2025, 4, 12)}
    for key in ("subtitle", "summary"):
        if draw(st.booleans()):
            doc[key] = draw(sentence)
    doc["language"] = draw(st.sampled_from(["en", "es", "fr", "pt", "en-GB"]))
    doc["sections"] = draw(st.lists(section, min_size=1, max_size=4))
    return doc


def _strings(node: Any) -> Iterator[str]:
    """Every text of a handout that prints (not its language, note kinds or references)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("kind", "language", "references"):
                yield from _strings(value)


def _words(doc: dict[str, Any]) -> list[str]:
    return [word for text in _strings(doc) for word in text.split()]


def build(path: Path, out: Path, *options: str) -> tuple[int, str]:
    """``handoutkit build PATH --out OUT --jobs 1``, in this process; the exit status and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with time_limit():
        status = main(["build", str(path), "--out", str(out), "--jobs", "1", *options], out=stdout, err=stderr)
    return status, stderr.getvalue()


@fuzz(120, builds=True)
@given(handouts())
def test_valid_handouts_build_with_every_word(doc: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "h.yaml")
        source.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        status, errors = build(source, Path(folder, "out"))  # tagged PDF/UA, as the default style says
        assert status == 0, errors
        text = pdf_text(Path(folder, "out", "h.pdf"))
    missing = [w for w in _words(doc) if w not in text]
    assert not missing, f"words missing from the PDF: {missing}"


# Richer handouts: markup, citations and references, long words and addresses, huge notes and lists,
# write-in space and QR codes: everything validation accepts must build.
letters = st.text(alphabet=string.ascii_letters + "éñü<>&", min_size=1, max_size=8)
long_word = st.text(alphabet=string.ascii_letters, min_size=40, max_size=400)
bare_url = st.builds(
    lambda tail: f"https://example.org/{tail}", st.text(alphabet=string.ascii_lowercase + "/-_", max_size=300)
)
REF_IDS = ["nci-a", "book-b", "article-c"]


def _phrase() -> st.SearchStrategy[str]:
    """Inline text: words, bold, italic, links, citations, words and addresses too long for a line."""
    piece = st.one_of(
        letters,
        letters,
        letters.map(lambda w: f"**{w}**"),
        letters.map(lambda w: f"*{w}*"),
        st.builds(
            lambda w, u: f"[{w}]({u})",
            letters,
            st.sampled_from(["https://example.org/a?b=1&c=<2>", "mailto:care@example.org", "tel:+15550100"]),
        ),
        long_word,
        bare_url,
        st.lists(st.sampled_from(REF_IDS), min_size=1, max_size=3).map(lambda ids: f"[@{'; @'.join(ids)}]."),
    )
    return st.lists(piece, min_size=1, max_size=40).map(" ".join)


rich_text = _phrase()
REFERENCES = [
    {"id": "nci-a", "type": "webpage", "title": "A page", "container-title": "National Cancer Institute",
     "URL": "https://www.cancer.gov/a", "accessed": datetime.date(2025, 2, 10)},
    {"id": "book-b", "type": "book", "title": "A book", "author": [{"family": "Lee", "given": "Ana"}],
     "publisher": "Elsevier", "issued": 2020, "edition": 6},
    {"id": "article-c", "type": "article-journal", "title": "An article", "container-title": "J Oncol",
     "author": [{"literal": "Oncology Group"}], "issued": "2021-05", "volume": 3, "issue": 2, "page": "10-20",
     "DOI": "10.1000/xyz"},
]  # fmt: skip


rich_block = st.one_of(
    rich_text,
    st.builds(lambda text: {"subheading": text}, rich_text),
    st.builds(lambda kind, items: {kind: items}, st.sampled_from(["bullets", "steps"]), _items(rich_text, 1, 30)),
    st.builds(
        lambda parts, kind: {"note": " ".join(parts), "kind": kind},
        st.lists(rich_text, min_size=1, max_size=25),
        st.sampled_from(["info", "warning"]),
    ),
    st.builds(
        lambda title, lines, fillable: {
            "write_in": {**({"title": title} if title else {}), "lines": lines, "fillable": fillable}
        },
        st.none() | rich_text,
        st.integers(1, 30),
        st.booleans(),
    ),
    st.builds(lambda url, caption: {"qr": {"url": url, "caption": caption}}, bare_url, rich_text),
)


@st.composite
def rich_handouts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid handout using every kind of block and inline markup, citing all three references."""
    doc: dict[str, Any] = {"title": draw(rich_text), "reviewed": datetime.date(2025, 4, 12), "summary": draw(rich_text)}
    doc["language"] = draw(st.sampled_from(["en", "es", "vi", "pt-BR"]))
    if draw(st.booleans()):
        doc["url"] = draw(bare_url)
    doc["sections"] = draw(
        st.lists(
            st.builds(
                lambda h, b: {"heading": h, "blocks": b}, rich_text, st.lists(rich_block, min_size=1, max_size=6)
            ),
            min_size=1,
            max_size=4,
        )
    )
    doc["references"] = REFERENCES
    return doc


def _unmarked(text: str) -> str:
    """Inline text as printed, without citations and markup: '**a** [b](url) [@x].' -> 'a b .'"""
    text = re.sub(r"\[@[^]]*\]", "", text)
    text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("*", "")


def _letters(text: str) -> str:
    """The text without white space, digits and citation punctuation, as line breaks and numbers fall."""
    return re.sub(r"[\s\d,\-\u00ad]", "", text)


@fuzz(40, builds=True)
@given(rich_handouts(), st.booleans())
def test_rich_valid_handouts_build(doc: dict[str, Any], pdf_ua: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "h.yaml")
        source.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        # No header or footer: a long word broken over a page break is then whole in the extracted text.
        style = Path(folder, "bare.yaml")
        style.write_text(
            'extends: default\nheader: {left: "", right: ""}\nfooter: {left: "", right: ""}\n'
            'running_header: {left: "", right: ""}\nquotes: straight\n'
        )
        ua = "--pdf-ua" if pdf_ua else "--no-pdf-ua"
        status, errors = build(source, Path(folder, "out"), ua, "--style", str(style))
        assert status == 0, errors
        text = _letters(pdf_text(Path(folder, "out", "h.pdf")))
    shown = [_letters(word) for line in _strings(doc) for word in _unmarked(line).split()]
    missing = [word for word in shown if word not in text]
    assert not missing, f"words missing from the PDF: {missing}"


# --- mutations of good handouts ---------------------------------------------------------------------

GOOD = sorted([*ROOT.glob("source/*.yaml"), *ROOT.glob("tests/data/*.yaml")])
WRONG_VALUES = [
    "", " 12", " 3.5", " true", " null", ' ""', " []", " {}", " [a, b]", " {a: 1}", " 2025-13-45", " |", " >-",
    " &x", " *x", " !!binary aGk=", " [@nobody]", " '**'", ' "[a](javascript:alert(1))"', " '[a](file:///etc/passwd)'",
    ' "\\ud800"', ' "a\\udfff b"', ' "\\0"', ' "\\u200f\\u200d"', ' "\\ufeff"', " ~", " - a", " 99999999999999999999",
]  # fmt: skip
# Inline markup and ReportLab markup, typed into the middle of text.
MARKUP = [
    "**", "*", "[", "]", "(", ")", "\\", "[@", "[@nci-immunotherapy]", "[@nobody]", "[@a;]", "{patient_name}", "{",
    "<b>", "</para>", "<br/>", "&amp;", "&#0;", "&nbsp;", '<font name="x">', '"', "%s", "[x](https://a.org/\"<>&)",
    "[x](mailto:a@b)", "[x](tel:+1)", "[x](javascript:alert(1))", "[x](file:///etc/passwd)", "[**x**](https://a.org)",
    "***", "* ", " *", "[x]()", "[](https://a.org)",
]  # fmt: skip
_KEY_LINE = re.compile(r"^(\s*(?:- )*[\w-]+:)(?:\s.*)?$")


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A good handout with one to four mutations: cut, duplicated, swapped, re-indented lines,
    wrong types, strange characters and bytes that are not UTF-8."""
    path = draw(st.sampled_from(GOOD))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(
            st.sampled_from(["cut", "duplicate", "swap", "indent", "outdent", "value", "insert", "bytes", "markup"])
        )
        if action == "cut":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "outdent":
            lines[i] = lines[i].removeprefix("  ")
        elif action == "value":
            found = _KEY_LINE.match(lines[i])
            if found:
                lines[i] = found.group(1) + draw(st.sampled_from(WRONG_VALUES))
        else:
            at = draw(st.integers(0, len(lines[i])))
            piece = draw(st.one_of(st.sampled_from(STRANGE), st.text(max_size=3)))
            if action == "markup":
                piece = draw(st.sampled_from(MARKUP))
            elif action == "bytes":
                # Bytes that are not UTF-8 (a Latin-1 byte, an encoded surrogate), written by surrogateescape.
                piece = draw(st.sampled_from(["\udcff", "\udce9", "\udced\udca0\udc80", "\udcc3"]))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        if not lines:
            lines = [""]
    return path.name, "\n".join(lines).encode("utf-8", "surrogateescape")


def _diagnostic_line(path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(str(path))}(:\d+:\d+)?: (error|warning): .+")


def _check_outcome(source: Path, out: Path, status: int, errors: str) -> None:
    event(f"exit status {status}")  # --hypothesis-show-statistics: how many mutations still build
    assert status in (0, 1), errors
    assert "stopped unexpectedly" not in errors, errors
    line = _diagnostic_line(source)
    for printed in errors.splitlines():
        assert line.fullmatch(printed), f"not a diagnostic: {printed!r}\n{errors}"
    pdf = out / source.with_suffix(".pdf").name
    if status == 0:
        assert pdf.is_file(), errors
    else:
        assert " error: " in errors and not pdf.exists(), errors


def _build_mutated(case: tuple[str, bytes], option: str) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder, name), Path(folder, "out")
        source.write_bytes(data)
        status, errors = build(source, out, option)
        _check_outcome(source, out, status, errors)


@fuzz(400, builds=True)
@given(mutated())
def test_mutated_handouts_give_a_pdf_or_placed_errors(case: tuple[str, bytes]) -> None:
    _build_mutated(case, "--no-pdf-ua")


@fuzz(150, builds=True)
@given(mutated())
def test_mutated_handouts_build_tagged(case: tuple[str, bytes]) -> None:
    _build_mutated(case, "--pdf-ua")
