"""The publication log: every export of counts is recorded in the register, and a new
publication is protected together with the earlier ones (a year after its four quarters,
consecutive years). Checked by reading the written files back and combining them as an
analyst would, with the independent integer-program analyst of tests/analyst_check.py."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from pathlib import Path

import openpyxl
import pytest

from bemoeizorg.casework.publications import publications
from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import Publication, cell_reference, export_counts
from bemoeizorg.store.register import Register
from tests.analyst_check import Relation, read_xlsx, unprotected
from tests.builders import YEAR, counts_register


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("publicaties") / "team.bzregister"
    register, _specs = counts_register(path, seed=21, count=140)
    yield register
    register.lock()


def labelled(path: Path, tag: str) -> dict[tuple[str, str, str], Hashable]:
    """(sheet, area, column label) -> the analyst's cell key, for matching files."""
    book = openpyxl.load_workbook(path)
    found: dict[tuple[str, str, str], Hashable] = {}
    for sheet in book.worksheets[1:-1]:
        header = [c.value for c in sheet[2]]
        for row in sheet.iter_rows(min_row=3):
            for cell in row[2:]:
                found[(sheet.title, str(row[0].value), str(header[cell.column - 1]))] = (
                    tag,
                    f"{sheet.title}!{cell.coordinate}",
                )
    return found


def truth(publication: Publication, tag: str) -> dict[Hashable, int]:
    return {
        (tag, cell_reference(publication, (t.table.key, r, c))): cell.value
        for t in publication.tables
        for (r, c), cell in t.cells.items()
    }


def test_a_year_after_its_four_quarters_is_protected_with_them(
    team: Register, tmp_path: Path
) -> None:
    before = len(publications(team))
    files: dict[str, Path] = {}
    published: dict[str, Publication] = {}
    for q in range(1, 5):
        files[f"K{q}"] = tmp_path / f"k{q}.xlsx"
        published[f"K{q}"] = export_counts(team, Period.quarter(YEAR, q), files[f"K{q}"], 5)
    files["jaar"] = tmp_path / "jaar.xlsx"
    year = export_counts(team, Period.year(YEAR), files["jaar"], 5)
    published["jaar"] = year
    # The log holds each publication, its period and its cells as shown.
    log = publications(team)[before:]
    assert [(p.start, p.end) for p in log] == [
        (Period.quarter(YEAR, q).start, Period.quarter(YEAR, q).end) for q in range(1, 5)
    ] + [(Period.year(YEAR).start, Period.year(YEAR).end)]
    assert log[-1].withheld == year.withheld
    assert len(year.earlier) == 4 and "kwartaal 4" in " ".join(year.earlier)

    # The analyst: every file's numbers and relations, plus what holds between them.
    shown: dict[Hashable, int] = {}
    withheld: list[Hashable] = []
    relations: list[Relation] = []
    values: dict[Hashable, int] = {}
    cells: dict[str, dict[tuple[str, str, str], Hashable]] = {}
    for tag, path in files.items():
        s, w, r = read_xlsx(path, tag)
        shown |= s
        withheld += w
        relations += r
        values |= truth(published[tag], tag)
        cells[tag] = labelled(path, tag)
    quarters = [f"K{q}" for q in range(1, 5)]
    own = len(relations)
    for (sheet, area, column), key in cells["jaar"].items():
        if sheet.startswith("Open"):
            # Open cases at the end of the year are those at the end of its last quarter.
            if (sheet, area, column) in cells["K4"]:
                relations.append((key, [cells["K4"][(sheet, area, column)]]))
        elif sheet == "Kwartalen":
            q = column.split()[0]  # "K1 2025": the quarter file's reports per area
            if q in cells and ("Gemeenten", area, "Meldingen") in cells[q]:
                relations.append((key, [cells[q][("Gemeenten", area, "Meldingen")]]))
        elif all((sheet, area, column) in cells[q] for q in quarters):
            relations.append((key, [cells[q][(sheet, area, column)] for q in quarters]))
    assert any(len(parts) == 4 for _t, parts in relations)  # the year = its quarters
    # What combining could give away: the year's withheld cells, and the quarters' withheld
    # cells that a relation ties to the year (the rest is as safe as each file alone, which
    # test_counts_export checks); every withheld cell stays free in the model.
    tied = {c for _t, parts in relations[own:] for c in parts}
    targets = [c for c in withheld if c[0] == "jaar" or c in tied]  # type: ignore[index]
    assert len(targets) > 20
    assert unprotected(shown, withheld, relations, values, 5, targets) == []
