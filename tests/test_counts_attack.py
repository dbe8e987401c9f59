"""Issue 13: the published counts attacked as the analyst at the regional body would, by
tests/helpers/counts_attacker.py (written apart from the suppression code; it reads only
the XLSX files). Every withheld cell must keep its protection: never derivable exactly,
and a withheld small count (1..threshold-1) can still be 0 and the threshold or more.

The attacker is shown to find leaks first (the issue's two hand checks and others, in
hand-made files), then it attacks real exports: generated registers, the 300-report demo
for a year, a year after its four quarters, and two consecutive years. The true values
come from the register's own counts over every piece of time; every relation the
attacker assumes must hold for them, and every published number must equal them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bemoeizorg.demo import DEMO_PASSPHRASE, DEMO_USER, create_demo
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import export_counts
from bemoeizorg.store.register import Register
from tests.builders import YEAR, counts_register
from tests.helpers.counts_attacker import (
    Bounds,
    Rule,
    attack,
    cell_truth,
    leaks,
    summary,
    true_values,
    violated,
)

# --- the attacker can fail: hand-made files ------------------------------------------------

OLD_MARKS = (
    'Aantallen van 1 tot en met 4 staan er als "<5": zulke kleine aantallen kunnen naar een '
    "persoon wijzen. Een 0 blijft 0.",
    'Daarnaast zijn enkele grotere aantallen verborgen. Die staan er als "x" en zijn 5 of meer.',
)
ONE_MARK = ('Een punt (".") staat voor een weggelaten cijfer. Het kan elk aantal zijn, ook 0.',)
Table = tuple[str, Sequence[str], Sequence[Sequence[object]]]  # title, header, rows


def workbook(
    path: Path,
    period: tuple[str, str],
    marks: Sequence[str],
    tables: dict[str, Table],
    samenhang: Sequence[Sequence[str]] = (),
) -> Path:
    """A counts file as the export writes it: Toelichting (period, marks), one sheet per
    table (title row, header row, rows), and a Samenhang sheet when given."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Toelichting"
    sheet.append(["Bemoeizorg: meldingen"])
    sheet.append(
        [f"Periode: {period[0]} tot en met {period[1]} ({period[0]} tot en met {period[1]})."]
    )
    for text in marks:
        sheet.append([text])
    for name, (title, header, rows) in tables.items():
        ws = book.create_sheet(name)
        ws.append([title])
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    if samenhang:
        ws = book.create_sheet("Samenhang")
        for relation in samenhang:
            ws.append(list(relation))
    book.save(path)
    return path


YEAR_2025 = ("01-01-2025", "31-12-2025")
NOORD = ["Beesel", "Bergen (L.)", "Gennep", "Horst aan de Maas", "Peel en Maas", "Venray"]
MIDDEN = ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]


def test_six_small_counts_adding_up_to_a_published_six_are_each_one(tmp_path: Path) -> None:
    # The first hand check: Afgesloten jeugd, 'Toegeleid naar zorg', region 6.
    small = {"Beesel", "Bergen (L.)", "Gennep", "Echt-Susteren", "Leudal", "Maasgouw"}
    rows: list[list[object]] = []
    for area, names in (("Noord-Limburg", NOORD), ("Midden-Limburg", MIDDEN)):
        for name in names:
            rows.append([name, "<5", 0, "<5"] if name in small else [name, 0, 0, 0])
        rows.append([f"Totaal {area}", "<5", 0, "<5"])
    rows.append(["Noord- en Midden-Limburg", 6, 0, 6])
    title = "Afsluitingen naar uitkomst, jeugd"
    header = ["Gebied", "Toegeleid naar zorg", "Overgedragen", "Totaal"]
    path = workbook(
        tmp_path / "a.xlsx", YEAR_2025, OLD_MARKS, {"Afgesloten jeugd": (title, header, rows)}
    )

    result = attack([path])

    exact = {(c.line, c.column) for c in result.cells() if result.of(c) == Bounds(1, 1)}
    codes = {
        c.line
        for c in result.cells()
        if c.column == "Toegeleid naar zorg" and c.line.startswith("GM")
    }
    assert len(codes) == 6
    assert {(code, "Toegeleid naar zorg") for code in codes} <= exact
    assert len([x for x in leaks(result, Rule(5)) if x.kind == "exact"]) >= 6


def test_a_year_of_27_with_two_small_quarters_gives_both(tmp_path: Path) -> None:
    # The second: Kwartalen, Maasgouw 27 = <5 + 9 + 10 + <5, so both are 4.
    header = ["Gebied", "K1 2025", "K2 2025", "K3 2025", "K4 2025", "Totaal"]
    rows = [["Maasgouw", "<5", 9, 10, "<5", 27]]
    tables = {"Kwartalen": ("Meldingen per kwartaal", header, rows)}
    path = workbook(tmp_path / "k.xlsx", YEAR_2025, OLD_MARKS, tables)

    result = attack([path])

    assert {c.ref: result.of(c) for c in result.cells()} == {"B3": Bounds(4, 4), "E3": Bounds(4, 4)}
    assert [x.cell.ref for x in leaks(result, Rule(5))] == ["B3", "E3"]


def municipality_totals(values: dict[str, object]) -> Table:
    rows: list[list[object]] = []
    codes = {"Beesel": "GM0889", "Bergen (L.)": "GM0893", "Gennep": "GM0907",
             "Horst aan de Maas": "GM1507", "Peel en Maas": "GM1894", "Venray": "GM0984",
             "Echt-Susteren": "GM1711", "Leudal": "GM1640", "Maasgouw": "GM1641",
             "Nederweert": "GM0946", "Roerdalen": "GM1669", "Roermond": "GM0957",
             "Weert": "GM0988"}  # fmt: skip
    for area, names in (("Noord-Limburg", NOORD), ("Midden-Limburg", MIDDEN)):
        rows += [[name, codes[name], values.get(name, 10)] for name in names]
        rows.append([area, None, values.get(area, ".")])
    rows.append(["Noord- en Midden-Limburg", None, values.get("region", ".")])
    return ("Meldingen per gemeente", ["Gebied", "Code", "Meldingen"], rows)


def test_one_mark_and_an_equality_the_export_does_not_list(tmp_path: Path) -> None:
    # Samenhang lists only the triage table's sums; the analyst knows on its own that the
    # reports of Noord-Limburg are the same number in both tables.
    triage = (
        "Meldingen en beoordeling",
        ["Gebied", "Code", "Opgepakt", "Niet opgepakt: advies", "Niet opgepakt: doorverwezen",
         "Nog niet beoordeeld", "Ontvangen"],
        [["Noord-Limburg", None, ".", ".", 20, 0, "."],
         ["Midden-Limburg", None, ".", ".", 20, 0, "."],
         ["Noord- en Midden-Limburg", None, 50, 40, 40, 0, 130]],
    )  # fmt: skip
    tables = {"Gemeenten": municipality_totals({}), "Meldingen": triage}
    samenhang = [["Meldingen!G5", "Meldingen!G3", "Meldingen!G4"]]
    path = workbook(tmp_path / "m.xlsx", YEAR_2025, ONE_MARK, tables, samenhang)

    result = attack([path])

    bounds = {c.where: result.of(c) for c in result.cells()}
    assert bounds["Meldingen!G3"] == Bounds(60, 60)  # six municipalities of 10
    assert bounds["Gemeenten!C9"] == Bounds(60, 60)
    assert bounds["Meldingen!C3"] == Bounds(0, 40)  # 60 - 20 between opgepakt and advies


def cases_table(title: str, jeugd: object, volwassenen: object, total: object) -> Table:
    return (
        title,
        ["Gebied", "Code", "Jeugd", "Volwassenen", "Totaal"],
        [["Noord- en Midden-Limburg", None, jeugd, volwassenen, total]],
    )


def test_a_year_hiding_what_its_quarters_show(tmp_path: Path) -> None:
    files = []
    for q, (first, last) in enumerate(
        [("01-01", "31-03"), ("01-04", "30-06"), ("01-07", "30-09"), ("01-10", "31-12")]
    ):
        table = cases_table("Geopende casussen", (1, 0, 2, 1)[q], 10, 10 + (1, 0, 2, 1)[q])
        files.append(
            workbook(
                tmp_path / f"k{q}.xlsx",
                (f"{first}-2025", f"{last}-2025"),
                ONE_MARK,
                {"Geopend": table},
            )
        )
    year = cases_table("Geopende casussen", ".", ".", 44)
    files.append(workbook(tmp_path / "j.xlsx", YEAR_2025, ONE_MARK, {"Geopend": year}))

    alone = attack(files[-1:])
    together = attack(files)

    assert {c.ref: alone.of(c) for c in alone.cells()} == {"C3": Bounds(0, 44), "D3": Bounds(0, 44)}
    assert {c.ref: together.of(c) for c in together.cells()} == {
        "C3": Bounds(4, 4),
        "D3": Bounds(40, 40),
    }
    # with only the first quarter: the year's youth is at least that quarter's 1
    some = attack([files[0], files[-1]])
    assert {c.ref: some.of(c) for c in some.cells()}["C3"] == Bounds(1, 44 - 10)


def test_open_cases_carried_over_bound_a_small_count(tmp_path: Path) -> None:
    phases = ["Gebied", "Code", "Vinden", "Binden", "Toeleiden", "Totaal"]
    outcomes = ["Gebied", "Code", "Toegeleid naar zorg", "Overgedragen", "Totaal"]
    region = "Noord- en Midden-Limburg"
    before = {
        "Open": ("Open casussen aan het eind, naar fase", phases, [[region, None, 3, 0, 0, 3]])
    }
    after = {
        "Open": (
            "Open casussen aan het eind, naar fase",
            phases,
            [[region, None, ".", ".", 0, "."]],
        ),
        "Geopend": cases_table("Geopende casussen", 0, 0, 0),
        "Afgesloten": ("Afsluitingen naar uitkomst", outcomes, [[region, None, 0, 0, 0]]),
    }
    files = [
        workbook(tmp_path / "2024.xlsx", ("01-01-2024", "31-12-2024"), ONE_MARK, before),
        workbook(tmp_path / "2025.xlsx", YEAR_2025, ONE_MARK, after),
    ]

    result = attack(files)

    # 3 open, none opened or closed: at least 3 open now (reopenings only add).
    total = next(c for c in result.cells() if c.ref == "F3")
    assert result.of(total) == Bounds(3, None)
    truth = {(1, "Open!C3"): 3, (1, "Open!D3"): 0, (1, "Open!F3"): 3}
    found = {(x.cell.ref, x.kind) for x in leaks(result, Rule(5), truth)}
    assert found == {("F3", "small bounded below")}


def test_a_protected_table_is_not_called_a_leak(tmp_path: Path) -> None:
    rows = [
        ["Noord-Limburg", None, ".", ".", 20],
        ["Midden-Limburg", None, ".", ".", 20],
        ["Noord- en Midden-Limburg", None, 10, 30, 40],
    ]
    title, header, _ = cases_table("Geopende casussen", 0, 0, 0)
    path = workbook(tmp_path / "g.xlsx", YEAR_2025, ONE_MARK, {"Geopend": (title, header, rows)})

    result = attack([path])

    assert {c.where: result.of(c) for c in result.cells()} == {
        "Geopend!C3": Bounds(0, 10),
        "Geopend!D3": Bounds(10, 20),
        "Geopend!C4": Bounds(0, 10),
        "Geopend!D4": Bounds(10, 20),
    }
    truth = {
        (0, "Geopend!C3"): 3,
        (0, "Geopend!D3"): 17,
        (0, "Geopend!C4"): 7,
        (0, "Geopend!D4"): 13,
    }
    assert leaks(result, Rule(5), truth) == []
    # a stricter rule: a small count must be able to reach 12, and 10 is the most here
    assert [x.kind for x in leaks(result, Rule(12), truth)] == ["small bounded above"] * 2


# --- real exports ----------------------------------------------------------------------------


def publish(
    register: Register, periods: Sequence[Period], folder: Path, threshold: int
) -> list[Path]:
    """Export each period in turn, as a team would one after another."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, period in enumerate(periods):
        path = folder / f"cijfers-{i}.xlsx"
        export_counts(register, period, path, threshold)
        paths.append(path)
    return paths


def assert_protected(register: Register, paths: Sequence[Path], threshold: int) -> None:
    """The analyst attacks the files together; every relation it assumes holds for the
    register's true counts, every shown number is the true count, and no withheld cell
    loses its protection."""
    result = attack(paths)
    values = true_values(result.model, lambda a, b: compute_counts(register, Period(a, b)))
    assert violated(result.model, values) == []
    truth = cell_truth(result.model, values)
    found = leaks(result, Rule(threshold), truth)
    report = "\n".join([summary(result, Rule(threshold), truth), *map(str, found[:25])])
    assert not found, report


@settings(
    max_examples=4,
    deadline=None,
    phases=[
        Phase.explicit,
        Phase.reuse,
        Phase.generate,
    ],  # a failure shows its leaks; no long shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(8, 60),
    threshold=st.sampled_from([5, 10]),
    quarter=st.sampled_from([None, 1, 2, 3, 4]),
)
def test_generated_registers(seed: int, count: int, threshold: int, quarter: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        register, _specs = counts_register(Path(folder) / "r.bzregister", seed, count)
        try:
            period = Period.year(YEAR) if quarter is None else Period.quarter(YEAR, quarter)
            paths = publish(register, [period], Path(folder) / "uit", threshold)
            assert_protected(register, paths, threshold)
        finally:
            register.lock(log=False)


DEMO_TODAY = date(2026, 1, 31)  # 2024 and 2025 whole years of the demo's three


@pytest.fixture(scope="module")
def demo300(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.bzregister"
    create_demo(path, reports=300, today=DEMO_TODAY).lock()
    return path


@pytest.fixture
def demo(demo300: Path, open_copy: Callable[..., Register]) -> Iterator[Register]:
    yield open_copy(demo300, DEMO_USER, DEMO_PASSPHRASE)


def test_demo_year(demo: Register, tmp_path: Path) -> None:
    paths = publish(demo, [Period.year(2025)], tmp_path / "uit", 5)
    assert_protected(demo, paths, 5)


def test_demo_year_after_its_four_quarters(demo: Register, tmp_path: Path) -> None:
    periods = [*(Period.quarter(2025, q) for q in range(1, 5)), Period.year(2025)]
    paths = publish(demo, periods, tmp_path / "uit", 5)
    assert_protected(demo, paths, 5)


def test_demo_two_consecutive_years(demo: Register, tmp_path: Path) -> None:
    paths = publish(demo, [Period.year(2024), Period.year(2025)], tmp_path / "uit", 5)
    assert_protected(demo, paths, 5)
