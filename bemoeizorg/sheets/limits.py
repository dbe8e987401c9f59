"""The limits a workbook must keep before the import parses it.

An .xlsx file is a zip of XML parts. A small file can unpack to gigabytes (a "zip bomb"),
and a small XML part can make the spreadsheet library build millions of objects (a row of
a million cells, a style sheet of millions of styles, a row claimed to reach column XFD).
So before the spreadsheet library reads anything:

1. from the zip's own directory, without unpacking anything: the file is at most
   64 MB; the directory at most 1 MB and 2,000 parts; the parts together unpack to at
   most 128 MB, and no part bigger than 1 MB unpacks to more than 100 times its packed
   size (real sheets: 10 to 20 times; a bomb: about 1,000);
2. only worksheets and the shared texts (which the library reads as a stream, row by
   row and text by text) may be bigger than 4 MB unpacked: every other part (styles,
   the workbook, relations...) is read whole into memory. A part counts as a worksheet
   or shared texts when [Content_Types].xml says so and no relation names it as anything
   else;
3. one streaming pass over every part, stopping at the first limit crossed, with little
   memory: no DOCTYPE or ENTITY declarations (Excel and LibreOffice write none); per
   worksheet at most MAX_ROWS rows with cells (100,000 reports, plus room for a header
   and notes above them), 1,048,576 rows in all (Excel's own maximum), 3,000,000 cells;
   in one row at most 1,000 cells and 10,000 tags, as in one shared text; at most
   3,000,000 shared texts; outside the rows and texts at most 1,000,000 tags. Every
   worksheet is held to this, not only the one the import reads: the library looks
   through each sheet when it opens the file.

The reasons: a full workbook of 100,000 reports with all 27 columns filled, as openpyxl
writes it, is 4.4 MB packed and 67 MB unpacked (about 1,150,000 cells, at most 27 in a
row); the limits leave room for that and for Excel's and LibreOffice's way of writing,
and keep the time the import may take and the memory it may use bounded. Each refusal is
one Dutch sentence naming the limit.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from typing import IO
from xml.etree import ElementTree

from bemoeizorg.sheets.template import MAX_ROWS
from bemoeizorg.store.errors import InvalidInput

MB = 1024 * 1024
MAX_FILE_BYTES = 64 * MB
MAX_DIRECTORY_BYTES = 1 * MB
MAX_PARTS = 2_000
MAX_UNPACKED_BYTES = 128 * MB
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
MAX_WHOLE_PART_BYTES = 4 * MB  # a part the library reads whole
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_CELLS = 3_000_000
MAX_ROW_CELLS = 1_000
MAX_UNIT_TAGS = 10_000  # in one row or one shared text
MAX_TEXTS = 3_000_000
MAX_OUTSIDE_TAGS = 1_000_000
HEADER_ROOM = 20  # rows above the reports: a header, notes (the header is sought in 15)
MAX_COLUMNS = 100  # columns read per row; the template has 27

_SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
STREAMED_TYPES = {_SPREADSHEET + "worksheet+xml", _SPREADSHEET + "sharedStrings+xml"}
STREAMED_RELATIONS = ("/worksheet", "/sharedStrings")
CONTENT_TYPES = "[Content_Types].xml"
# Parts the library reads whole by their fixed name, whatever their declared type.
READ_WHOLE = {
    CONTENT_TYPES,
    "_rels/.rels",
    "xl/styles.xml",
    "xl/theme/theme1.xml",
    "docProps/core.xml",
    "docProps/app.xml",
    "docProps/custom.xml",
}

_CHUNK = 1 * MB
_NAME = rb"(?:[^\s/>!?<:]+:)?"  # an optional namespace prefix
# Where a row or a shared text starts or ends, and the end of the sheet's data.
_UNIT = re.compile(rb"<(/?)" + _NAME + rb"(row|si|sheetData)[\s/>]")
_CELL = re.compile(rb"<" + _NAME + rb"c[\s/>]")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_EOCD = b"PK\x05\x06"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def check_workbook(file: IO[bytes], name: str) -> None:
    """Check the limits (see the module); raise InvalidInput naming the one crossed.
    `file` is left at an unknown place."""
    size = file.seek(0, 2)
    if size > MAX_FILE_BYTES:
        raise _too_big(name, f"is groter dan {MAX_FILE_BYTES // MB} MB")
    _check_directory(file, size, name)
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _too_big(name, f"bestaat uit meer dan {_number(MAX_PARTS)} onderdelen")
        if sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
            raise _too_big(name, f"wordt uitgepakt groter dan {MAX_UNPACKED_BYTES // MB} MB")
        for part in parts:
            if part.file_size > RATIO_FROM_BYTES and (
                part.file_size > MAX_RATIO * max(part.compress_size, 1)
            ):
                raise InvalidInput(
                    f"De werkmap '{name}' wordt niet ingelezen: een onderdeel wordt bij het "
                    f"uitpakken meer dan {MAX_RATIO} keer zo groot, en dat doet een gewone "
                    "werkmap niet. Sla de werkmap opnieuw op in Excel of LibreOffice."
                )
        # The parts that say what the others are: small, read whole, checked first.
        guides = [p for p in parts if p.filename == CONTENT_TYPES or p.filename.endswith(".rels")]
        for part in guides:
            _check_whole(archive, part, name)
        streamed = _streamed_parts(archive, guides, name)
        for part in parts:
            if part in guides:
                continue
            if part.filename in streamed:
                _Scan(name).run(archive, part)
            else:
                _check_whole(archive, part, name)


def _too_big(name: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"De werkmap '{name}' {what} en wordt niet ingelezen. Splits haar op in kleinere "
        "werkmappen."
    )


def _sheet_too_big(name: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"De werkmap '{name}' wordt niet ingelezen: een werkblad heeft {what}. "
        "Splits de werkmap op of sla alleen het werkblad met meldingen op."
    )


def _declarations(name: str) -> InvalidInput:
    return InvalidInput(
        f"De werkmap '{name}' wordt niet ingelezen: ze bevat XML-declaraties (DOCTYPE of "
        "ENTITY) die Excel en LibreOffice niet schrijven."
    )


def _check_directory(file: IO[bytes], size: int, name: str) -> None:
    """The zip's end record, read by hand so that an oversized directory is refused before
    the zip module reads it all. A file without one is left to the zip module to refuse."""
    tail = min(size, 22 + 0xFFFF)
    file.seek(size - tail)
    data = file.read(tail)
    at = data.rfind(_EOCD)
    if at < 0 or len(data) - at < 22:
        return
    entries, directory = struct.unpack_from("<HL", data, at + 10)
    if (entries != 0xFFFF and entries > MAX_PARTS) or (
        directory != 0xFFFFFFFF and directory > MAX_DIRECTORY_BYTES
    ):
        raise _too_big(name, f"bestaat uit meer dan {_number(MAX_PARTS)} onderdelen")


def _check_whole(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """A part the library reads whole: small, and without declarations."""
    if part.file_size > MAX_WHOLE_PART_BYTES:
        raise InvalidInput(
            f"De werkmap '{name}' wordt niet ingelezen: het onderdeel '{part.filename[-60:]}' "
            f"is uitgepakt groter dan {MAX_WHOLE_PART_BYTES // MB} MB, en alleen werkbladen "
            "en teksten mogen zo groot zijn."
        )
    with archive.open(part) as stream:
        if _DECLARATION.search(stream.read(MAX_WHOLE_PART_BYTES + 1)):
            raise _declarations(name)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _streamed_parts(archive: zipfile.ZipFile, guides: list[zipfile.ZipInfo], name: str) -> set[str]:
    """The parts declared a worksheet or the shared texts and named as nothing else: the
    library reads these as a stream; every other part it reads whole."""

    def tree(part: zipfile.ZipInfo) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(archive.read(part))
        except ElementTree.ParseError:
            raise InvalidInput(
                f"'{name}' is geen Excel-werkmap (.xlsx): het onderdeel "
                f"'{part.filename[-60:]}' is beschadigd."
            ) from None

    declared: dict[str, set[str]] = {}
    for part in guides:
        if part.filename == CONTENT_TYPES:
            for element in tree(part):
                if _local(element.tag) == "Override":
                    target = element.get("PartName", "").lstrip("/")
                    declared.setdefault(target, set()).add(element.get("ContentType", ""))
    streamed = {
        target
        for target, types in declared.items()
        if types <= STREAMED_TYPES and target not in READ_WHOLE and not target.endswith(".rels")
    }
    for part in guides:
        if not part.filename.endswith(".rels"):
            continue
        parent = posixpath.split(posixpath.dirname(part.filename))[0]
        for element in tree(part):
            if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
                continue
            target = element.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(parent, target))
            if not element.get("Type", "").endswith(STREAMED_RELATIONS):
                streamed.discard(target)
    return streamed


class _Scan:
    """One streaming pass over a worksheet or the shared texts, 1 MB at a time, counting
    rows, cells, texts and tags; it stops at the first limit crossed. Counting a tag
    that is none (one in a comment, say) only makes the check stricter."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.rows_with_cells = self.cells = self.texts = 0
        self.outside = 0  # tags outside rows and texts
        self.inside = False  # in a row or a text
        self.unit_cells = self.unit_tags = 0

    def run(self, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
        carry = b""
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                data = carry + chunk
                # Everything before the last '<' holds whole tags; keep the rest for the
                # next round (unless it is long: a tag name is short).
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0 or len(data) - cut > 64 * 1024:
                    cut = len(data)
                body, carry = data[:cut], data[cut:]
                if _DECLARATION.search(body):
                    raise _declarations(self.name)
                self._count(body)
                if not chunk:
                    return

    def _count(self, body: bytes) -> None:
        # [before, slash, unit, piece, slash, unit, piece, ...]
        pieces = _UNIT.split(body)
        self._piece(pieces[0])
        for at in range(1, len(pieces), 3):
            slash, unit, piece = pieces[at : at + 3]
            self.inside = not slash and unit != b"sheetData"
            if self.inside:
                self.unit_cells = self.unit_tags = 0
                if unit == b"row":
                    self.rows += 1
                else:
                    self.texts += 1
            self._piece(piece)
        if self.rows > MAX_SHEET_ROWS:
            raise _sheet_too_big(
                self.name, f"meer dan {_number(MAX_SHEET_ROWS)} rijen, het maximum van Excel"
            )
        if self.rows_with_cells > MAX_ROWS + HEADER_ROOM:
            raise InvalidInput(
                f"De werkmap '{self.name}' wordt niet ingelezen: een werkblad heeft meer dan "
                f"{_number(MAX_ROWS)} rijen, en er gaan hoogstens {_number(MAX_ROWS)} "
                "meldingen tegelijk in (ook rijen met alleen opmaak tellen mee). Splits de "
                "werkmap op."
            )
        if self.cells > MAX_SHEET_CELLS:
            raise _sheet_too_big(self.name, f"meer dan {_number(MAX_SHEET_CELLS)} cellen")
        if self.texts > MAX_TEXTS:
            raise _too_big(self.name, f"heeft meer dan {_number(MAX_TEXTS)} teksten")
        if self.outside > MAX_OUTSIDE_TAGS:
            raise _sheet_too_big(
                self.name, f"buiten de rijen meer dan {_number(MAX_OUTSIDE_TAGS)} onderdelen"
            )

    def _piece(self, piece: bytes) -> None:
        tags = piece.count(b"<")
        if not self.inside:
            self.outside += tags
            return
        cells = len(_CELL.findall(piece)) if tags else 0
        if cells:
            self.rows_with_cells += self.unit_cells == 0
            self.unit_cells += cells
            self.cells += cells
        self.unit_tags += tags
        if self.unit_cells > MAX_ROW_CELLS:
            raise _sheet_too_big(self.name, f"een rij met meer dan {_number(MAX_ROW_CELLS)} cellen")
        if self.unit_tags > MAX_UNIT_TAGS:
            raise _sheet_too_big(
                self.name,
                f"een rij of tekst van meer dan {_number(MAX_UNIT_TAGS)} onderdelen",
            )
