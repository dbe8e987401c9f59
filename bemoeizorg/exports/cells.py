"""One rule for every cell the program writes to a spreadsheet (XLSX) or CSV file: a text
stays text, a number stays a number.

A spreadsheet program reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and
some also after a leading tab or carriage return; a formula can fetch a web address with
the sheet's numbers in it (`=HYPERLINK("http://…"&B3)`) or start a program. Texts in our
files can come from outside the program (a team file, a label), so every writer puts its
cells through here:

- XLSX: such a text is written as a string cell (`data_type` "s") with the quote prefix
  set, as Excel does for a text typed as 'text: no formula cell exists in the file;
- CSV: such a text gets a single quote in front (`'=…`), the usual defence, since CSV has
  no cell types;
- in both, characters XML cannot hold (control characters other than tab, CR, LF) are
  dropped, so a stray one cannot make the file unwritable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_MARK = "'"
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Value = str | int | float | None


def starts_like_formula(text: str) -> bool:
    """True for a text a spreadsheet program could take for a formula."""
    return text.startswith(FORMULA_STARTS)


def clean_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


def csv_value(value: Value) -> Value:
    """A CSV field: a text that could be read as a formula gets a quote in front; numbers
    and empty fields are left alone."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return CSV_TEXT_MARK + text if starts_like_formula(text) else text


def csv_row(values: Iterable[Value]) -> list[Value]:
    return [csv_value(v) for v in values]


def xlsx_append(sheet: Any, values: Sequence[Value]) -> list[Any]:
    """Append one row to an openpyxl worksheet with every text as a text cell; return the
    row's cells (for fonts and alignment)."""
    sheet.append([clean_text(v) if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    cells = [sheet.cell(row, column) for column in range(1, len(values) + 1)]
    for cell in cells:
        as_text(cell)
    return cells


def as_text(cell: Any) -> Any:
    """Make an openpyxl cell that holds a text a plain text cell, even when the text starts
    like a formula (openpyxl itself would make it a formula cell)."""
    if isinstance(cell.value, str) and (cell.data_type != "s" or starts_like_formula(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
