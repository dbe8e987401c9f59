"""The values of one worksheet of an .xlsx, read straight from its XML (issue 16).

openpyxl's read-only mode spends most of an import's time on work the import never uses:
it parses a sheet without a <dimension> (its own write-only files) once more only to size
it, and makes an object per shared or inline string and per cell. Here the parts the
import needs are read with the standard library's C parser: the sheet's name and place
(workbook.xml and its relations), the shared strings, which cell styles are dates (the
style sheet through openpyxl's own Stylesheet, a small part), the 1900 or 1904 calendar,
and then the sheet row by row, each value as openpyxl's `iter_rows(values_only=True)`
gives it with `data_only=True` (the value a formula last had; dates as datetimes; numbers
int or float). What this does not know (strict OOXML, a workbook without the usual parts)
raises Unsupported, and the caller reads the file with openpyxl instead.

Only for a file that sheets.limits has checked: the sizes of its parts are bounded.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, fromstring, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
SHARED_STRINGS = "/sharedStrings"
STYLES = "/styles"
ROW, CELL, VALUE, INLINE = f"{MAIN}row", f"{MAIN}c", f"{MAIN}v", f"{MAIN}is"
TEXT, RUN, SI = f"{MAIN}t", f"{MAIN}r", f"{MAIN}si"


class Unsupported(Exception):
    """A workbook this reader does not know how to read: openpyxl reads it instead."""


def _string(node: Element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>s (not the
    phonetic <rPh>), as openpyxl's Text.content."""
    parts: list[str] = []
    for child in node:
        if child.tag == TEXT:
            parts.append(child.text or "")
        elif child.tag == RUN:
            for t in child.iter(TEXT):
                parts.append(t.text or "")
    return "".join(parts)


def _column(ref: str) -> int:
    """The 1-based column of a cell reference ("AB12" -> 28)."""
    column = 0
    for char in ref:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            column = column * 26 + ord(char) - 96
        else:
            break
    return column


class SheetReader:
    """One worksheet of an open .xlsx (by name, else the first)."""

    def __init__(self, archive: zipfile.ZipFile, sheet_name: str) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self._archive = archive
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            raise Unsupported("no xl/workbook.xml")
        book = fromstring(archive.read("xl/workbook.xml"))
        sheets = book.find(f"{MAIN}sheets")
        if sheets is None or len(sheets) == 0:
            raise Unsupported("no sheets")
        chosen = next((s for s in sheets if s.get("name") == sheet_name), sheets[0])
        rel_id = chosen.get(f"{REL}id")
        targets: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels")):
            if rel.tag != f"{PKG_REL}Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            path = posixpath.normpath(path)
            targets[rel.get("Id", "")] = path
            kinds[rel.get("Type", "").rsplit("/", 1)[-1]] = path
        self._sheet = targets.get(rel_id or "")
        if self._sheet is None or self._sheet not in names:
            raise Unsupported("sheet not found")
        properties = book.find(f"{MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        self._epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        strings = kinds.get(SHARED_STRINGS[1:])
        self._strings = self._shared_strings(strings) if strings in names else []
        styles = kinds.get(STYLES[1:])
        none: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())
        self._dates, self._durations = self._date_styles(styles) if styles in names else none

    def _shared_strings(self, path: str | None) -> list[str]:
        assert path is not None
        strings: list[str] = []
        with self._archive.open(path) as source:
            for _event, node in iterparse(source):
                if node.tag == SI:
                    strings.append(_string(node).replace("x005F_", ""))
                    node.clear()
        return strings

    def _date_styles(self, path: str | None) -> tuple[frozenset[int], frozenset[int]]:
        from openpyxl.styles.stylesheet import Stylesheet

        assert path is not None
        sheet = Stylesheet.from_tree(fromstring(self._archive.read(path)))
        return frozenset(sheet.date_formats), frozenset(sheet.timedelta_formats)

    def rows(self, max_row: int, max_col: int) -> Iterator[tuple[Any, ...]]:
        """Each row's values, columns 1..max_col, rows 1..max_row (missing rows and cells
        None), as openpyxl's iter_rows(max_row=, max_col=, values_only=True)."""
        empty = (None,) * max_col
        expected = 1
        assert self._sheet is not None
        with self._archive.open(self._sheet) as source:
            for _event, node in iterparse(source):
                if node.tag != ROW:
                    continue
                ref = node.get("r")
                index = int(ref) if ref else expected
                if index > max_row:
                    break
                while expected < index:
                    expected += 1
                    yield empty
                yield self._row(node, max_col)
                expected = index + 1
                node.clear()

    def _row(self, node: Element, max_col: int) -> tuple[Any, ...]:
        values: list[Any] = [None] * max_col
        column = 0
        for cell in node:
            if cell.tag != CELL:
                continue
            ref = cell.get("r")
            column = _column(ref) if ref else column + 1
            if column > max_col or column < 1:
                continue
            values[column - 1] = self._value(cell)
        return tuple(values)

    def _value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(INLINE)
            return _string(inline) if inline is not None else None
        value = cell.findtext(VALUE) or None
        if value is None:
            return None
        if kind == "n":
            number: int | float = (
                float(value) if "." in value or "E" in value or "e" in value else int(value)
            )
            if int(cell.get("s") or 0) in self._dates:  # style 0 too, as openpyxl
                style = int(cell.get("s") or 0)
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, self._epoch, timedelta=style in self._durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self._strings[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error such as #N/A)
