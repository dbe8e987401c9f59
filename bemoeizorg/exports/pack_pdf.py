"""Renders a meeting pack (`pack_pages.Pack`) to PDF bytes with reportlab.

The PDF prints exactly `Pack.pages`: the agenda first, then one page per case (long
content flows on), each as its title and a two-column table of label and text. Every page
carries the meeting's title and the confidential marking at the top, and the destroy date
and "Pagina X van Y" at the bottom.

The text is set in DejaVu Sans, shipped in `bemoeizorg/resources/fonts` and embedded (as
the subset used): a viewer or printer without Helvetica's metrics spaced "J.D." as
"J . D.", and the font prints Polish, Turkish and Czech letters as they are.

Nothing identifying and nothing of reportlab's defaults goes into the metadata (no
"(anonymous)", no producer), and the document is built with `invariant=1`: two renders of
the same pack are byte-identical. A password encrypts the finished PDF with AES-256
(PDF 2.0, /V 5 /R 6) through pypdf; reportlab itself only offers the deprecated revision 5.
The owner password is random and thrown away, and every permission is off (no copying,
no printing, no changes): the header says "Niet kopiëren", the file says so too.
"""

from __future__ import annotations

import functools
import io
import secrets
import unicodedata
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from bemoeizorg.domain.formats import date_text
from bemoeizorg.exports.pack_pages import CONFIDENTIAL
from bemoeizorg.store.access_log import code_line

if TYPE_CHECKING:
    from bemoeizorg.exports.pack_pages import Pack, PackPage

CREATOR = "Bemoeizorg Register"
_BLANK_INFO = ("/Title", "/Author", "/Subject", "/Keywords", "/Producer")

_MM = 72 / 25.4
_PAGE_WIDTH, _PAGE_HEIGHT = 210 * _MM, 297 * _MM  # A4
_SIDE = 18 * _MM
_TOP = 28 * _MM  # room for the header
_BOTTOM = 22 * _MM  # room for the footer
_LABEL_WIDTH = 52 * _MM
_HEADER_FONT_SIZE = 9.0
_MIN_HEADER_FONT_SIZE = 6.0
_CONFIDENTIAL_COLOUR = "#9b1c1c"
_LINE_COLOUR = "#b8c2cc"
_LABEL_COLOUR = "#3d4852"


# The embedded font (reportlab names; the files in bemoeizorg/resources/fonts).
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

# Letters without a decomposition, for those the font lacks.
_PLAIN_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "ı": "i", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "Ŀ": "L", "ŀ": "l"}
)


@functools.cache
def register_fonts() -> tuple[str, str]:
    """DejaVu Sans and its bold registered with reportlab (once per process); the names of
    the regular and the bold font. <b> in a paragraph takes the bold."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources.files("bemoeizorg") / "resources" / "fonts"
    for name, file_name in _FONT_FILES.items():
        # From bytes: the font is read from the package (a wheel, a zip, a bundle) as is.
        pdfmetrics.registerFont(TTFont(name, io.BytesIO((folder / file_name).read_bytes())))
    for bold, italic, name in ((0, 0, FONT), (1, 0, FONT_BOLD), (0, 1, FONT), (1, 1, FONT_BOLD)):
        addMapping(FONT, bold, italic, name)
    return FONT, FONT_BOLD


@functools.cache
def _covered() -> frozenset[int]:
    """The code points both fonts have a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FONT_FILES]
    return frozenset(maps[0] & maps[1])


def _printable_char(ch: str) -> bool:
    if ch in "\n\t":
        return True
    if ch < " " or "\x7f" <= ch <= "\x9f" or unicodedata.category(ch) in ("Cf", "Co", "Cs"):
        return False
    return ord(ch) in _covered()


def printable(text: str) -> str:
    """The text in characters the embedded font can print: a letter it lacks becomes its
    plain letter rather than a black box; anything else "?"; control characters a space."""
    text = text.replace("\r\n", "\n")
    if all(_printable_char(ch) for ch in text):
        return text
    out: list[str] = []
    for ch in text:
        if _printable_char(ch):
            out.append(ch)
            continue
        if ch in "\r\v\f\x85\u2028\u2029":
            out.append("\n")
            continue
        plain = ch.translate(_PLAIN_LETTERS)
        if plain == ch:
            decomposed = unicodedata.normalize("NFKD", ch)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        if plain and all(_printable_char(c) for c in plain):
            out.append(plain)
        elif unicodedata.category(ch).startswith(("C", "Z")):
            out.append(" ")
        else:
            out.append("?")
    return "".join(out)


def escape(text: str) -> str:
    """Plain text for reportlab's Paragraph markup: printable, & < > escaped, line breaks
    kept."""
    text = printable(text)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("\n", "<br/>")


def render_pack(pack: Pack, password: str | None = None, control_code: str = "") -> bytes:
    """The pack as PDF bytes; with a password, encrypted with AES-256. A `control_code`
    (the access log's, see `publish.publish_coded`) is printed in every page's footer."""
    plain = render_a4(
        lambda width: [
            flowable
            for index, page in enumerate(pack.pages)
            for flowable in _page_flowables(page, width, first=index == 0)
        ],
        lambda total_pages: _page_decoration(pack, total_pages, control_code),
        top=_TOP,
    )
    if password:
        return encrypt(plain, password)
    return plain


def encrypt(plain: bytes, password: str) -> bytes:
    """AES-256 (/V 5 /R 6) with pypdf; the metadata stays as blank as the plain PDF's."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    # pypdf puts its own name in as Producer: replace the whole information dictionary
    # with the plain PDF's blank fields (and no dates).
    writer.metadata = {key: "" for key in _BLANK_INFO} | {"/Creator": CREATOR}
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),  # nobody holds it: nobody lifts the rights
        permissions_flag=no_permissions(),
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def no_permissions() -> Any:
    """Every permission bit off (print, modify, copy, annotate, forms, accessibility
    extraction, assemble, high-quality print); the bits the standard reserves stay set."""
    from pypdf.constants import UserAccessPermissions as P

    granted = (
        P.PRINT
        | P.MODIFY
        | P.EXTRACT
        | P.ADD_OR_MODIFY
        | P.FILL_FORM_FIELDS
        | P.EXTRACT_TEXT_AND_GRAPHICS
        | P.ASSEMBLE_DOC
        | P.PRINT_TO_REPRESENTATION
    )
    return P.all() & ~granted & ~(P.R1 | P.R2)


def render_a4(
    story: Callable[[float], list[Any]],
    decoration: Callable[[int | None], Callable[[Any, Any], None]],
    *,
    top: float,
) -> bytes:
    """A4 PDF bytes of `story(frame width)`, each page drawn over by
    `decoration(total pages)`: blank metadata but the creator, `invariant=1` (two renders
    are byte-identical). The meeting pack and the inzage both print this way.

    Two passes: the first counts the pages for "Pagina X van Y". The header and footer are
    drawn outside the flow, so the second pass lays out exactly the same pages."""
    register_fonts()  # before `decoration` measures its header in the font
    _, pages = _build_a4(story, decoration(None), top)
    data, again = _build_a4(story, decoration(pages), top)
    assert again == pages
    return data


def _build_a4(
    story: Callable[[float], list[Any]], on_page: Callable[[Any, Any], None], top: float
) -> tuple[bytes, int]:
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(_PAGE_WIDTH, _PAGE_HEIGHT),
        leftMargin=_SIDE,
        rightMargin=_SIDE,
        topMargin=top,
        bottomMargin=_BOTTOM,
        title="",
        author="",
        subject="",
        keywords="",
        creator=CREATOR,
        producer="",
        invariant=1,
        initialFontName=FONT,  # else reportlab lists Helvetica, unembedded, on every page
    )
    # No frame padding: the text lines up with the header and footer.
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="page",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(story(doc.width))
    return buffer.getvalue(), int(doc.page)


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle(
        "pack-body",
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
            "pack-title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            spaceAfter=4 * _MM,
            keepWithNext=1,
        ),
        "label": ParagraphStyle(
            "pack-label",
            parent=body,
            fontName=FONT_BOLD,
            textColor=colors.HexColor(_LABEL_COLOUR),
        ),
        "text": body,
    }


def _page_flowables(page: PackPage, width: float, *, first: bool) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import PageBreak, Paragraph, Table, TableStyle

    styles = _styles()
    flowables: list[Any] = [] if first else [PageBreak()]
    flowables.append(Paragraph(escape(page.title), styles["title"]))
    if not page.lines:
        return flowables

    def text_cell(line_text: str) -> Any:
        paragraph = Paragraph(escape(line_text), styles["text"])
        if not page.write_lines:
            return paragraph
        return [paragraph, _ruled_lines(page.write_lines, width - _LABEL_WIDTH)]

    rows = [
        [Paragraph(escape(line.label), styles["label"]), text_cell(line.text)]
        for line in page.lines
    ]
    table = Table(
        rows,
        colWidths=[_LABEL_WIDTH, width - _LABEL_WIDTH],
        splitByRow=1,
        splitInRow=1,  # a very long text may flow on to the next page
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # not reportlab's Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 3 * _MM),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.6 * _MM),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6 * _MM),
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.HexColor(_LINE_COLOUR)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor(_LINE_COLOUR)),
            ]
        )
    )
    flowables.append(table)
    return flowables


_WRITE_LINE_GAP = 8 * _MM
_WRITE_LINE_LIFT = 2.5 * _MM


def _ruled_lines(count: int, width: float) -> Any:
    """`count` ruled lines to write on by hand."""
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class Ruled(Flowable):  # type: ignore[misc]
        def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
            return width, count * _WRITE_LINE_GAP + _WRITE_LINE_LIFT

        def draw(self) -> None:
            canvas = self.canv
            canvas.setStrokeColor(colors.HexColor(_LINE_COLOUR))
            canvas.setLineWidth(0.5)
            # Lifted off the row's own border below, so the last line is not doubled.
            for index in range(count):
                y = _WRITE_LINE_LIFT + index * _WRITE_LINE_GAP
                canvas.line(0, y, width, y)

    return Ruled()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size (at most `size`) at which `text` fits in `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > _MIN_HEADER_FONT_SIZE and stringWidth(text, font, size) > width:
        size -= 0.25
    return size


def _page_decoration(
    pack: Pack, total_pages: int | None, control_code: str = ""
) -> Callable[[Any, Any], None]:
    from reportlab.lib import colors

    width = _PAGE_WIDTH - 2 * _SIDE
    title = " ".join(printable(pack.title).split())
    title_size = _fit(title, FONT_BOLD, _HEADER_FONT_SIZE, width)
    marking_size = _fit(CONFIDENTIAL, FONT_BOLD, _HEADER_FONT_SIZE, width)
    destroy = f"Vernietigen na {date_text(pack.destroy_after)}"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        top = _PAGE_HEIGHT - 12 * _MM
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, title_size)
        canvas.drawString(_SIDE, top, title)
        canvas.setFillColor(colors.HexColor(_CONFIDENTIAL_COLOUR))
        canvas.setFont(FONT_BOLD, marking_size)
        canvas.drawString(_SIDE, top - 5 * _MM, CONFIDENTIAL)
        canvas.setStrokeColor(colors.HexColor(_CONFIDENTIAL_COLOUR))
        canvas.setLineWidth(0.8)
        rule = top - 7.5 * _MM
        canvas.line(_SIDE, rule, _PAGE_WIDTH - _SIDE, rule)

        bottom = 12 * _MM
        canvas.setStrokeColor(colors.HexColor(_LINE_COLOUR))
        canvas.setLineWidth(0.5)
        canvas.line(_SIDE, bottom + 4.5 * _MM, _PAGE_WIDTH - _SIDE, bottom + 4.5 * _MM)
        canvas.setFillColor(colors.HexColor(_CONFIDENTIAL_COLOUR))
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.drawString(_SIDE, bottom, destroy)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 8.5)
        number = canvas.getPageNumber()
        page_text = f"Pagina {number} van {total_pages or number}"
        canvas.drawRightString(_PAGE_WIDTH - _SIDE, bottom, page_text)
        if control_code:
            canvas.setFont(FONT, 7)
            canvas.drawCentredString(_PAGE_WIDTH / 2, bottom - 4 * _MM, code_line(control_code))
        canvas.restoreState()

    return decorate
