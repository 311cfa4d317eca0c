"""The page's style sheet, from the Stylesheet: its fonts, sizes, colours and spacing, for the screen
and (``@media print``) for paper of the style's size and margins.

Sizes are in ``rem`` relative to the style's body size, which is itself relative to the reader's
chosen text size (13 pt is 108% of a browser's 16 px), so text grows with the reader's setting and
zoom; the column is as many ems wide as the PDF's, so a line holds about as many characters. Sides
are logical (``inline-start``), so a right-to-left page mirrors by itself. Colours are the style's.
"""

from __future__ import annotations

from ..style.sheet import Stylesheet
from .fonts import family_list

_BROWSER_TEXT = 12.0  # points: the 16 px a browser's text is unless its reader chose otherwise


def _number(value: float) -> str:
    """A CSS number: at most four decimals, no trailing zeros (the same text on every run)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


def style_sheet(sheet: Stylesheet) -> str:
    """The CSS of a page set in ``sheet``."""
    sizes, colors, page, space = sheet.sizes, sheet.colors, sheet.page, sheet.spacing
    body = sizes.body

    def rem(points: float) -> str:
        return f"{_number(points / body)}rem"

    column = (page.width - page.left - page.right) / body
    lead = _number(sizes.leading / body)
    values = {
        "@ROOT": f"{_number(body / _BROWSER_TEXT * 100)}%",
        "@BODY_FONTS": family_list(sheet.body_fonts),
        "@HEADING_FONTS": family_list(sheet.heading_fonts),
        "@LEAD": lead,
        "@COLUMN": f"{_number(column)}rem",
        "@TITLE": rem(sizes.title),
        "@SUBTITLE": rem(sizes.subtitle),
        "@HEADING": rem(sizes.heading),
        "@SUBHEAD": rem(sizes.subheading),
        "@SUMMARY": rem(sizes.summary),
        "@REFERENCES": rem(sizes.references),
        "@FURNITURE": rem(sizes.furniture),
        "@PARAGRAPH": rem(space.paragraph),
        "@SECTION": rem(space.section),
        "@ITEM": rem(space.list_item),
        "@TEXT": colors.text,
        "@HEAD_COLOR": colors.heading,
        "@LINK": colors.link,
        "@MUTED": colors.muted,
        "@RULE": colors.rule,
        "@NOTE_BG": colors.note_background,
        "@NOTE_BORDER": colors.note_border,
        "@WARN_BG": colors.warning_background,
        "@WARN_BORDER": colors.warning_border,
        "@PAGE_SIZE": f"{_number(page.width)}pt {_number(page.height)}pt",
        "@PAGE_MARGINS": " ".join(f"{_number(side)}pt" for side in (page.top, page.right, page.bottom, page.left)),
        "@PRINT_SIZE": f"{_number(body)}pt",
    }
    css = _TEMPLATE
    for name in sorted(values, key=len, reverse=True):  # @HEADING before @HEAD_COLOR's prefix
        css = css.replace(name, values[name])
    return css


_TEMPLATE = """\
:root { color-scheme: light; }
html { font-size: @ROOT; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #ffffff; color: @TEXT; font-family: @BODY_FONTS; line-height: @LEAD; }
.page { max-width: @COLUMN; margin: 0 auto; padding: 1.25rem 1.25rem 2rem; }
h1, h2, h3 { font-family: @HEADING_FONTS; color: @HEAD_COLOR; font-weight: 700; line-height: 1.2; }
h1 { font-size: @TITLE; margin: 0 0 0.25em; }
h2 { font-size: @HEADING; margin: @SECTION 0 0.4rem; }
h3 { font-size: @SUBHEAD; margin: 0.6rem 0 0.3rem; }
p { margin: 0 0 @PARAGRAPH; }
a { color: @LINK; text-decoration: underline; }
a:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid @LINK; outline-offset: 2px; }
strong, b, th { font-weight: 700; }
em { font-style: italic; }
bdi { unicode-bidi: isolate; }
.phone { white-space: nowrap; }
sup.cite { font-size: 0.7em; line-height: 0; vertical-align: 0.55em; }
sup.cite a { text-decoration: none; }
sup.cite a:hover, sup.cite a:focus-visible { text-decoration: underline; }
.title-block { border-bottom: 1.2pt solid @RULE; margin-bottom: 1rem; padding-bottom: 0.2rem; }
.subtitle { font-size: @SUBTITLE; color: @MUTED; margin: 0 0 0.8rem; }
.summary { font-size: @SUMMARY; }
ul, ol { margin: 0 0 @PARAGRAPH; padding-inline-start: 1.6rem; }
ul ul, ul ol, ol ul, ol ol { margin: @ITEM 0 0; }
li { margin: 0 0 @ITEM; }
li::marker { color: @HEAD_COLOR; }
ol > li::marker { font-weight: 700; }
ul.depth-1 { list-style-type: "\\2013  "; }
ol.depth-1 { list-style-type: lower-alpha; }
ol.depth-2 { list-style-type: lower-roman; }
.block-title { font-weight: 700; margin: 0 0 0.25rem; }
.set-off { margin: calc(@PARAGRAPH * 0.5) 0 calc(@PARAGRAPH * 1.5); }
aside.note { background: @NOTE_BG; border-inline-start: 4px solid @NOTE_BORDER; padding: 0.64rem 0.8rem; }
aside.note.warning { background: @WARN_BG; border-inline-start-color: @WARN_BORDER; }
aside.note > :last-child, aside.note li:last-child { margin-bottom: 0; }
aside.note p + p, aside.note ul + p, aside.note ol + p { margin-top: @PARAGRAPH; }
figure { margin: calc(@PARAGRAPH * 0.5) 0 calc(@PARAGRAPH * 1.5); }
figure img { display: block; max-width: 100%; height: auto; }
figure.sized img { width: 100%; }
figcaption { margin-top: 0.4rem; }
.figure-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(10em, 1fr)); gap: 1.2rem;
  align-items: start; margin: calc(@PARAGRAPH * 0.5) 0 calc(@PARAGRAPH * 1.5); }
.figure-row figure { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: calc(@PARAGRAPH * 0.5) 0 calc(@PARAGRAPH * 1.5); }
caption { font-weight: 700; text-align: start; margin-bottom: 0.35rem; }
th, td { border: 0.5pt solid @RULE; padding: 0.3rem 0.45rem 0.4rem; text-align: start; vertical-align: top; }
thead th { background: @NOTE_BG; color: @HEAD_COLOR; border-bottom: 1pt solid @HEAD_COLOR; }
tbody th { font-weight: 400; }
tr.blank td { height: calc(@LEAD * 2rem); padding: 0; }
tr.blank textarea { display: block; box-sizing: border-box; width: 100%; height: 100%; min-height: calc(@LEAD * 2rem);
  border: 0; padding: 0.2rem 0.45rem; background: transparent; resize: none; font: inherit; color: inherit; }
.checklist { list-style: none; padding-inline-start: 0; }
.checklist li { display: flex; align-items: flex-start; gap: 0.7em; margin-bottom: calc(@ITEM + 0.5em); }
.checklist input { flex: none; width: 1.1em; height: 1.1em; margin: 0.2em 0 0; accent-color: @HEAD_COLOR; }
.checklist .box { flex: none; box-sizing: border-box; width: 0.9em; height: 0.9em; margin-top: 0.3em;
  border: 0.12em solid @HEAD_COLOR; border-radius: 0.11em; }
.write-in textarea, .write-in .ruled { display: block; box-sizing: border-box; width: 100%;
  height: calc(var(--lines) * @LEAD * 2rem); margin: 0; padding: 0 0.3rem; border: 0; border-radius: 0;
  background: repeating-linear-gradient(to bottom, transparent 0, transparent calc(@LEAD * 2rem - 1px),
  @RULE calc(@LEAD * 2rem - 1px), @RULE calc(@LEAD * 2rem));
  font: inherit; color: inherit; line-height: calc(@LEAD * 2rem); resize: vertical; }
.write-in textarea { box-sizing: content-box; width: calc(100% - 0.6rem - 2px);
  border: 1px solid @MUTED; border-radius: 2px; }
dl.terms { margin: calc(@PARAGRAPH * 0.5) 0 @PARAGRAPH; }
dl.terms dt { font-weight: 700; margin: 0 0 0.15em; }
dl.terms dd { margin: 0 0 @PARAGRAPH; margin-inline-start: 1em; }
.qr .address { font-size: @REFERENCES; overflow-wrap: anywhere; }
ol.references { font-size: @REFERENCES; padding-inline-start: 2em; overflow-wrap: anywhere; }
ol.references li::marker { color: @TEXT; font-weight: 400; }
.furniture { max-width: @COLUMN; margin: 0 auto; padding: 0.6rem 1.25rem; font-size: @FURNITURE; color: @MUTED;
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.3rem 2em; }
header.furniture { border-bottom: 0.5pt solid @RULE; }
footer.furniture { border-top: 0.5pt solid @RULE; }
.furniture p { margin: 0; }
.furniture .logo { height: 2.4em; width: auto; }
.furniture .start { display: flex; align-items: center; gap: 1em; }
@media print {
  @page { size: @PAGE_SIZE; margin: @PAGE_MARGINS; }
  html { font-size: @PRINT_SIZE; }
  .page, .furniture { max-width: none; padding-left: 0; padding-right: 0; }
  a { color: @LINK; }
  h1, h2, h3, caption, .block-title { break-after: avoid; page-break-after: avoid; }
  aside.note, figure, .figure-row, .write-in, .qr, tr, li, dl.terms > div {
    break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  textarea, input, .write-in .ruled, aside.note, thead th {
    print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
