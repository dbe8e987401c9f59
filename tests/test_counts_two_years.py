"""Two consecutive years of one register, published one after the other, are protected
together: an analyst holding both files (read back from the written XLSX) and the
open-cases identity between them (open at the end of 2024 + opened in 2025 = open at the
end of 2025 + closed in 2025, stated only where it holds: a reopened case breaks it) can
work out no withheld cell of either year exactly, nor bound a small one to a single side.
Checked with the independent analyst of tests/analyst_check.py."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from pathlib import Path

import openpyxl
import pytest

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.publications import publications
from bemoeizorg.domain.people import Specialism
from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import Publication, cell_reference, export_counts
from bemoeizorg.store.register import Register
from tests.analyst_check import Relation, bounds, read_xlsx, unprotected
from tests.builders import COVERED, LEAD, YEAR, build, make_specs, new_register

FIRST, SECOND = YEAR - 1, YEAR
# (open sheet, closed sheet, the opened column): the whole, youth and adults apart
SPLITS = (
    ("Open", "Afgesloten", "Totaal"),
    ("Open_jeugd", "Afgesloten_jeugd", "Jeugd"),
    ("Open_volwassenen", "Afgesloten_volwassenen", "Volwassenen"),
)


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Register, dict[int, Path], dict[int, Publication]]]:
    """One register (reports from October 2024 to February 2026), its 2024 published,
    then its 2025, through the real export. Of the cases reopened in 2025 (each breaks
    the identity for its areas) one youth case is kept: the identity then holds for the
    adults and fails for the youth and the whole region."""
    folder = tmp_path_factory.mktemp("twee-jaren")
    specs = make_specs(31, 110)
    kept = False
    for spec in specs:
        if spec.reopened is not None and spec.reopened.year == SECOND:
            if kept or spec.specialism is not Specialism.JEUGD:
                spec.reopened = None
            kept = True
    assert kept
    register = new_register(folder / "team.bzregister", "Team", LEAD)
    reference_data.set_covered_municipalities(register, COVERED)
    build(register, specs)
    files = {y: folder / f"cijfers-{y}.xlsx" for y in (FIRST, SECOND)}
    done = {y: export_counts(register, Period.year(y), files[y], 5) for y in (FIRST, SECOND)}
    yield register, files, done
    register.lock()


def labelled(path: Path, tag: str) -> dict[tuple[str, str, str], Hashable]:
    """(sheet, area, column label) -> the analyst's cell key, to match the two files."""
    book = openpyxl.load_workbook(path)
    found: dict[tuple[str, str, str], Hashable] = {}
    for sheet in book.worksheets[1:-1]:
        header = [c.value for c in sheet[2]]
        for row in sheet.iter_rows(min_row=3):
            for cell in row[2:]:
                key = (sheet.title, str(row[0].value), str(header[cell.column - 1]))
                found[key] = (tag, f"{sheet.title}!{cell.coordinate}")
    return found


def truth(publication: Publication, tag: str) -> dict[Hashable, int]:
    return {
        (tag, cell_reference(publication, (t.table.key, r, c))): cell.value
        for t in publication.tables
        for (r, c), cell in t.cells.items()
    }


def carried_over(
    before: dict[tuple[str, str, str], Hashable],
    after: dict[tuple[str, str, str], Hashable],
    values: dict[Hashable, int],
) -> tuple[list[Relation], int]:
    """The open-cases identity per area and split, where the true numbers satisfy it, as
    two relations over a latent 'carried' count; and how many areas it fails for."""
    relations: list[Relation] = []
    broken = 0
    for open_sheet, closed_sheet, opened_column in SPLITS:
        for sheet, area, column in list(after):
            if sheet != open_sheet or column != "Totaal":
                continue
            keys = (
                before.get((open_sheet, area, "Totaal")),
                after.get(("Geopend", area, opened_column)),
                after[(open_sheet, area, "Totaal")],
                after.get((closed_sheet, area, "Totaal")),
            )
            if any(k is None for k in keys):
                continue
            open_before, opened, open_after, closed = keys
            if values[open_before] + values[opened] != values[open_after] + values[closed]:
                broken += 1  # a case reopened in 2025: nobody can use the identity here
                continue
            carried = ("overgedragen", open_sheet, area)
            relations.append((carried, [open_before, opened]))
            relations.append((carried, [open_after, closed]))
    return relations, broken


def test_two_consecutive_years_are_protected_together(published) -> None:
    register, files, done = published
    # The log holds both, and the second year names the first as protected with it.
    log = publications(register)
    assert [(p.start, p.end) for p in log] == [
        (Period.year(y).start, Period.year(y).end) for y in (FIRST, SECOND)
    ]
    assert done[SECOND].earlier == (str(FIRST),)
    assert log[-1].withheld == done[SECOND].withheld

    shown: dict[Hashable, int] = {}
    withheld: list[Hashable] = []
    relations: list[Relation] = []
    values: dict[Hashable, int] = {}
    cells = {}
    for year, path in files.items():
        tag = str(year)
        s, w, r = read_xlsx(path, tag)
        assert not set(s) & set(w)
        shown |= s
        withheld += w
        relations += r
        values |= truth(done[year], tag)
        cells[year] = labelled(path, tag)
    assert set(shown) | set(withheld) == set(values)  # every cell read back, as published
    assert all(shown[k] == values[k] for k in shown)

    identity, broken = carried_over(cells[FIRST], cells[SECOND], values)
    # The adults and one subregion carry over; the reopened youth case breaks the rest.
    assert len(identity) >= 2 * 2 and broken >= 2, (identity, broken)
    tied = {c for _t, parts in identity for c in parts}
    assert tied & set(withheld), "the identity should touch a withheld number"

    assert unprotected(shown, withheld, relations + identity, values, 5) == []
    assert any(0 < values[c] < 5 for c in withheld), "the two years withhold small counts"


def test_the_check_finds_what_an_analyst_would() -> None:
    """The check above reports a withheld number that sums give away, as `bounds` does."""
    shown = {"totaal": 13, "b": 6, "klein": 4}
    withheld = ["a", "c", "d"]
    relations: list[Relation] = [("totaal", ["a", "b"]), ("klein", ["c", "d"])]
    values = {"totaal": 13, "a": 7, "b": 6, "klein": 4, "c": 1, "d": 3}
    # a = 13 - 6 exactly; c and d add up to 4, so neither can reach 5.
    assert sorted(unprotected(shown, withheld, relations, values, 5), key=str) == [
        ("a", "exact"),
        ("c", "high"),
        ("d", "high"),
    ]
    assert bounds(shown, withheld, relations) == {"a": (7, 7), "c": (0, 4), "d": (0, 4)}
    # With the small total withheld as well, c and d are protected; a is not.
    del shown["klein"]
    assert unprotected(shown, [*withheld, "klein"], relations, values, 5) == [("a", "exact")]
