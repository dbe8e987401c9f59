"""Renders an inzage (`inzage_pages.Inzage`) to PDF bytes with reportlab.

The PDF prints exactly `Inzage.pages`: the title page first, then the person's details,
the meldingen and one page per case (long content flows on). Each section is a heading and
a two-column table of label and text; a line without a label runs across the page; a
corrected or withdrawn timeline line is printed in grey (its text says so too). Every
page carries the title at the top and "Pagina X van Y" and the access log's control code at
the bottom: never the person's name.

As the meeting pack (`pack_pdf`): DejaVu Sans embedded, a letter it lacks printed as its
plain letter (`pack_pdf.printable`); the metadata carries no title, author or
subject, only the creator "Bemoeizorg Register"; built with `invariant=1`, so two renders
of the same inzage are byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bemoeizorg.exports.pack_pdf import FONT, FONT_BOLD, escape, printable, render_a4
from bemoeizorg.store.access_log import code_line

if TYPE_CHECKING:
    from bemoeizorg.exports.inzage_pages import Inzage, InzagePage, InzageSection

_MM = 72 / 25.4
_PAGE_WIDTH, _PAGE_HEIGHT = 210 * _MM, 297 * _MM  # A4
_SIDE = 18 * _MM
_TOP = 24 * _MM  # room for the header
_LABEL_WIDTH = 46 * _MM
_LINE_COLOUR = "#b8c2cc"
_LABEL_COLOUR = "#3d4852"
_HEADING_COLOUR = "#1f3a5f"
_SUPERSEDED_COLOUR = "#6b7280"  # a corrected or withdrawn line: still there, plainly not current


def render_inzage(inzage: Inzage, control_code: str = "") -> bytes:
    """The inzage as PDF bytes; a `control_code` (the access log's, see
    `publish.publish_coded`) is printed in every page's footer."""
    return render_a4(
        lambda width: [
            flowable
            for index, page in enumerate(inzage.pages)
            for flowable in _page_flowables(page, width, first=index == 0)
        ],
        lambda total_pages: _page_decoration(inzage, total_pages, control_code),
        top=_TOP,
    )


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "inzage-body",
        fontName=FONT,
        bulletFontName=FONT,  # the "•" too: not reportlab's Helvetica, unembedded
        fontSize=10,
        leading=13,
        splitLongWords=1,
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
    )
    return {
        "title": ParagraphStyle(
            "inzage-title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            spaceAfter=4 * _MM,
            keepWithNext=1,
        ),
        "heading": ParagraphStyle(
            "inzage-heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=5 * _MM,
            spaceAfter=1.5 * _MM,
            textColor=colors.HexColor(_HEADING_COLOUR),
            keepWithNext=1,
        ),
        "label": ParagraphStyle(
            "inzage-label",
            parent=body,
            fontName=FONT_BOLD,
            textColor=colors.HexColor(_LABEL_COLOUR),
        ),
        "text": body,
        "superseded": ParagraphStyle(
            "inzage-superseded", parent=body, textColor=colors.HexColor(_SUPERSEDED_COLOUR)
        ),
        "running": ParagraphStyle(
            "inzage-running", parent=body, leftIndent=4 * _MM, bulletIndent=0, spaceAfter=1.5 * _MM
        ),
    }


def _section_flowables(section: InzageSection, width: float, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    flowables: list[Any] = []
    if section.heading:
        flowables.append(Paragraph(escape(section.heading), styles["heading"]))
    if all(not line.label for line in section.lines):
        # Running text: one paragraph per line, each with a bullet.
        flowables += [
            Paragraph(escape(line.text), styles["running"], bulletText="•")
            for line in section.lines
        ]
        return flowables
    rows = [
        [
            Paragraph(escape(line.label), styles["label"]),
            Paragraph(escape(line.text), styles["superseded" if line.superseded else "text"]),
        ]
        for line in section.lines
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # not reportlab's Helvetica, unembedded
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 3 * _MM),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.4 * _MM),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.4 * _MM),
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.HexColor(_LINE_COLOUR)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor(_LINE_COLOUR)),
    ]
    for index, line in enumerate(section.lines):
        if not line.label:  # a line of its own across both columns
            rows[index] = [Paragraph(escape(line.text), styles["text"]), ""]
            commands.append(("SPAN", (0, index), (1, index)))
    table = Table(
        rows,
        colWidths=[_LABEL_WIDTH, width - _LABEL_WIDTH],
        splitByRow=1,
        splitInRow=1,  # a very long description may flow on to the next page
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(commands))
    flowables.append(table)
    return flowables


def _page_flowables(page: InzagePage, width: float, *, first: bool) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph

    styles = _styles()
    flowables: list[Any] = [] if first else [PageBreak()]
    flowables.append(Paragraph(escape(page.title), styles["title"]))
    for section in page.sections:
        flowables += _section_flowables(section, width, styles)
    return flowables


def _page_decoration(
    inzage: Inzage, total_pages: int | None, control_code: str
) -> Callable[[Any, Any], None]:
    from reportlab.lib import colors

    from bemoeizorg.domain.formats import date_text

    header = printable(inzage.pages[0].title if inzage.pages else "")
    made_on = date_text(inzage.made_on)

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        top = _PAGE_HEIGHT - 12 * _MM
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(_SIDE, top, header)
        canvas.setFont(FONT, 9)
        canvas.drawRightString(_PAGE_WIDTH - _SIDE, top, made_on)
        canvas.setStrokeColor(colors.HexColor(_LINE_COLOUR))
        canvas.setLineWidth(0.6)
        canvas.line(_SIDE, top - 2.5 * _MM, _PAGE_WIDTH - _SIDE, top - 2.5 * _MM)

        bottom = 12 * _MM
        canvas.setLineWidth(0.5)
        canvas.line(_SIDE, bottom + 4.5 * _MM, _PAGE_WIDTH - _SIDE, bottom + 4.5 * _MM)
        canvas.setFont(FONT, 8.5)
        canvas.drawString(_SIDE, bottom, "Vertrouwelijk: persoonsgegevens")
        number = canvas.getPageNumber()
        canvas.drawRightString(
            _PAGE_WIDTH - _SIDE, bottom, f"Pagina {number} van {total_pages or number}"
        )
        if control_code:
            canvas.setFont(FONT, 7)
            canvas.drawCentredString(_PAGE_WIDTH / 2, bottom - 4 * _MM, code_line(control_code))
        canvas.restoreState()

    return decorate
