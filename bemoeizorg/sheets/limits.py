"""The limits a workbook must keep before the import parses it.

An .xlsx file is a zip of XML parts. A small file can unpack to gigabytes (a "zip bomb"),
and a small XML part can make the spreadsheet library build millions of objects (a row of
a million empty cells, a row claimed to reach column XFD). So before anything is parsed:

1. from the zip's own directory, without unpacking anything: the file is at most
   64 MB; the directory at most 1 MB and 2,000 parts; the parts together unpack to at
   most 128 MB, and no part bigger than 1 MB unpacks to more than 100 times its packed
   size (real sheets: 10 to 20 times; a bomb: about 1,000);
2. one streaming pass over the parts, stopping at the first limit crossed, with little
   memory: no DOCTYPE or ENTITY declarations (Excel and LibreOffice write none), and per
   worksheet at most MAX_ROWS rows with cells (100,000 reports, plus room for a header
   and notes above them), 1,048,576 rows in all (Excel's own maximum), 3,000,000 cells
   and 1,000 cells in one row. Every worksheet is held to this, not only the one the
   import reads: the spreadsheet library looks through each sheet when it opens the file.

The reasons: a full workbook of 100,000 reports with all 27 columns filled, as openpyxl
writes it, is 4.4 MB packed and 67 MB unpacked (about 1,150,000 cells, at most 27 in a
row); the limits leave room for that and for Excel's and LibreOffice's way of writing,
and keep the time the import may take and the memory it may use bounded. Each refusal is
one Dutch sentence naming the limit.
"""

from __future__ import annotations

import re
import struct
import zipfile
from typing import IO

from bemoeizorg.sheets.template import MAX_ROWS
from bemoeizorg.store.errors import InvalidInput

MB = 1024 * 1024
MAX_FILE_BYTES = 64 * MB
MAX_DIRECTORY_BYTES = 1 * MB
MAX_PARTS = 2_000
MAX_UNPACKED_BYTES = 128 * MB
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_CELLS = 3_000_000
MAX_ROW_CELLS = 1_000
HEADER_ROOM = 20  # rows above the reports: a header, notes (the header is sought in 15)
MAX_COLUMNS = 100  # columns read per row; the template has 27

_CHUNK = 1 * MB
# A start tag of a row or a cell, with or without a namespace prefix.
_TAG = re.compile(rb"<(?:[^\s/>!?<:]+:)?(row|c)[\s/>]")
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
        for part in parts:
            _scan(archive, part, name)


def _too_big(name: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"De werkmap '{name}' {what} en wordt niet ingelezen. Splits haar op in kleinere "
        "werkmappen."
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


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, name: str) -> None:
    """Count the rows and cells of one part in a single streaming pass; stop at the first
    limit crossed. Over-counting (a tag in a comment, say) only makes the check stricter."""
    rows = rows_with_cells = cells = widest = 0
    current = 0  # cells in the row being read
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk
            # Everything before the last '<' holds whole tags; keep the rest for the next
            # round (unless it is long: a tag name is short).
            cut = data.rfind(b"<") if chunk else len(data)
            if cut < 0 or len(data) - cut > 64 * 1024:
                cut = len(data)
            body, carry = data[:cut], data[cut:]
            if _DECLARATION.search(body):
                raise InvalidInput(
                    f"De werkmap '{name}' wordt niet ingelezen: ze bevat XML-declaraties "
                    "(DOCTYPE of ENTITY) die Excel en LibreOffice niet schrijven."
                )
            # 'row' and 'c' in document order, split at each row: b"ccc", b"cc", ...
            tags = b"".join(_TAG.findall(body))
            cells += tags.count(b"c")
            first, *started = tags.split(b"row")
            if first:  # more cells of the row the last round ended in
                rows_with_cells += current == 0
                current += len(first)
            if started:
                rows += len(started)
                rows_with_cells += len(started) - started.count(b"")
                widest = max(widest, current, *map(len, started))
                current = len(started[-1])
            widest = max(widest, current)
            if rows_with_cells > MAX_ROWS + HEADER_ROOM:
                raise InvalidInput(
                    f"De werkmap '{name}' wordt niet ingelezen: een werkblad heeft meer dan "
                    f"{_number(MAX_ROWS)} rijen, en er gaan hoogstens {_number(MAX_ROWS)} "
                    "meldingen tegelijk in (ook rijen met alleen opmaak tellen mee). Splits de "
                    "werkmap op."
                )
            if rows > MAX_SHEET_ROWS:
                raise _sheet_too_big(
                    name, f"meer dan {_number(MAX_SHEET_ROWS)} rijen, het maximum van Excel"
                )
            if cells > MAX_SHEET_CELLS:
                raise _sheet_too_big(name, f"meer dan {_number(MAX_SHEET_CELLS)} cellen")
            if widest > MAX_ROW_CELLS:
                raise _sheet_too_big(name, f"een rij met meer dan {_number(MAX_ROW_CELLS)} cellen")
            if not chunk:
                break


def _sheet_too_big(name: str, what: str) -> InvalidInput:
    return InvalidInput(
        f"De werkmap '{name}' wordt niet ingelezen: een werkblad heeft {what}. "
        "Splits de werkmap op of sla alleen het werkblad met meldingen op."
    )
