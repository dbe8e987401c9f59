"""Team files: where workers keep their own registers, each hands the team lead its counts,
unsuppressed, in a small JSON file; the team lead adds them up and suppresses once, at the
end (suppressing each file first would hide too much and still leak through the sum).

A team file holds only counts: the period, the municipality codes, and per table the
number per municipality and column. It carries the register's random id (not a name) so
the same register is not added twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.suppression import CountTable
from bemoeizorg.exports.counts import (
    Counts,
    Period,
    compute_counts,
    empty_table,
    ordered_codes,
    table_keys,
)
from bemoeizorg.exports.publish import publish_coded
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register

KIND = "bemoeizorg-teamcijfers"
VERSION = 1
# What a team file may hold. The largest the program can write (every municipality, every
# count filled in, a period of a whole century) is under 400 kB; a count is one team's
# reports in a period, far below ten million; periods start in 2000, as the counts do.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_COUNT = 10_000_000
MAX_TEXT = "10.000.000"
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
KNOWN_KEYS = table_keys()
TABLE_FIELDS = {"sleutel", "titel", "kolommen", "totaal", "toelichting", "waarden"}
REGISTER_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


class TeamFileRefused(InvalidInput):
    pass


def team_file_data(counts: Counts, register_id: str) -> dict[str, Any]:
    return {
        "soort": KIND,
        "versie": VERSION,
        "register": register_id,
        "periode": {"van": counts.period.start.isoformat(), "tot": counts.period.end.isoformat()},
        "gemeenten": list(counts.municipalities),
        "tabellen": [
            {
                "sleutel": t.key,
                "titel": t.title,
                "kolommen": [list(c) for c in t.columns],
                "totaal": t.total_label,
                "toelichting": t.note,
                "waarden": [[code, col, n] for (code, col), n in sorted(t.values.items()) if n],
            }
            for t in counts.tables
        ],
    }


def write_team_file(register: Register, period: Period, path: Path) -> Counts:
    """Counts only, unsuppressed, for the team lead; published as an export (no case ids):
    removed again when the log cannot be written."""
    if not FIRST_DAY <= period.start <= period.end <= LAST_DAY:
        raise InvalidInput(
            f"Een teambestand gaat over een periode tussen {date_text(FIRST_DAY)} en "
            f"{date_text(LAST_DAY)}. Kies een andere periode."
        )
    counts = compute_counts(register, period)

    def build(code: str) -> bytes:
        # "controlecode": the log's state including this file's own EXPORT entry; readers
        # ignore top-level keys they do not know, so older versions still read the file.
        data = team_file_data(counts, register.register_id) | {"controlecode": code}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    publish_coded(register, path, build)
    return counts


def _refuse(path: Path, why: str) -> TeamFileRefused:
    return TeamFileRefused(f"{path.name}: {why}")


def _changed(path: Path, what: str) -> TeamFileRefused:
    return _refuse(
        path,
        f"{what} Het bestand is gewijzigd of komt uit een andere versie van het programma; "
        "vraag om een nieuw teambestand.",
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_json(path: Path) -> Any:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _refuse(path, "dit bestand bestaat niet.") from None
    except OSError:
        raise _refuse(path, "dit bestand kan niet worden gelezen.") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(
            path,
            f"dit bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB; een teambestand "
            "met cijfers is veel kleiner.",
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(path, "dit is geen teambestand met cijfers (onleesbaar).") from None


def _period(path: Path, data: dict[str, Any]) -> Period:
    periode = data.get("periode")
    damaged = _refuse(path, "de periode in het bestand is onvolledig of beschadigd.")
    if not isinstance(periode, dict):
        raise damaged
    start, end = periode.get("van"), periode.get("tot")
    if not isinstance(start, str) or not isinstance(end, str):
        raise damaged
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise damaged from None
    if not FIRST_DAY <= first <= last <= LAST_DAY:
        raise _refuse(
            path,
            f"de periode moet tussen {date_text(FIRST_DAY)} en {date_text(LAST_DAY)} liggen, "
            "met de einddatum niet vóór de begindatum.",
        )
    return Period(first, last)


def _codes(path: Path, data: dict[str, Any]) -> tuple[str, ...]:
    codes = data.get("gemeenten")
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise _refuse(path, "de lijst met gemeenten is leeg of beschadigd.")
    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        shown = ", ".join(c[:12] for c in unknown[:5])
        raise _refuse(path, f"onbekende gemeente(n): {shown}.")
    if len(set(codes)) != len(codes):
        raise _refuse(path, "een gemeente staat er twee keer in.")
    return ordered_codes(codes)


def _table(path: Path, raw: Any, period: Period, codes: tuple[str, ...]) -> CountTable:
    """One table, checked against the table of that name this program makes: the same
    title, columns (keys and labels, in order), total and note; counts only for those."""
    if not isinstance(raw, dict) or set(raw) != TABLE_FIELDS:
        raise _refuse(path, "een tabel in het bestand is onvolledig of beschadigd.")
    key = raw["sleutel"]
    if key not in KNOWN_KEYS:
        raise _changed(path, "Het bevat een tabel die dit programma niet kent.")
    expected = empty_table(key, period, codes)
    name = f"de tabel '{expected.title}'"
    if raw["titel"] != expected.title:
        raise _changed(path, f"{name[0].upper()}{name[1:]} heeft er een andere titel.")
    if raw["kolommen"] != [list(c) for c in expected.columns]:
        raise _changed(
            path,
            f"De kolommen van {name} wijken af van die van dit programma (een kolom is "
            "toegevoegd, weggelaten, verplaatst of anders genoemd).",
        )
    if raw["totaal"] != expected.total_label:
        raise _changed(path, f"De totaalkolom van {name} heeft er een andere naam.")
    if raw["toelichting"] != expected.note:
        raise _changed(path, f"De toelichting bij {name} wijkt af van die van dit programma.")
    columns = {c for c, _label in expected.columns}
    rows = raw["waarden"]
    if not isinstance(rows, list) or len(rows) > len(codes) * len(columns):
        raise _refuse(path, f"de aantallen van {name} zijn beschadigd.")
    values: dict[tuple[str, str], int] = {}
    for row in rows:
        if not isinstance(row, list) or len(row) != 3:
            raise _refuse(path, f"de aantallen van {name} zijn beschadigd.")
        code, column, count = row
        if not isinstance(code, str) or code not in codes:
            raise _refuse(path, f"cijfers voor een gemeente buiten het bestand in {name}.")
        if not isinstance(column, str) or column not in columns:
            raise _changed(path, f"Bij {name} staan aantallen in een kolom die er niet is.")
        if not _is_int(count) or not 0 <= count <= MAX_COUNT:
            raise _refuse(
                path, f"een aantal in {name} is geen geheel getal van 0 tot en met {MAX_TEXT}."
            )
        if (code, column) in values:
            raise _refuse(path, f"een aantal in {name} staat er twee keer in.")
        values[(code, column)] = count
    return replace(expected, values=values)


def read_team_file(path: Path) -> tuple[str, Counts]:
    """(register id, counts) from a team file, checked against the tables and columns this
    program makes before anything is added up; anything else is refused in plain Dutch.

    Only the counts are taken from the file: titles, labels and notes are the program's
    own, so nothing a file says can reach a published sheet except numbers.
    """
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("soort") != KIND:
        raise _refuse(path, "dit is geen teambestand met cijfers van Bemoeizorg Register.")
    version = data.get("versie")
    if not _is_int(version) or version != VERSION:
        raise _refuse(path, "dit teambestand komt uit een andere versie van het programma.")
    register_id = data.get("register")
    if not isinstance(register_id, str) or not REGISTER_ID.fullmatch(register_id):
        raise _refuse(path, "het kenmerk van het register in het bestand is beschadigd.")
    period = _period(path, data)
    codes = _codes(path, data)
    raw_tables = data.get("tabellen")
    if not isinstance(raw_tables, list) or len(raw_tables) > len(KNOWN_KEYS):
        raise _refuse(path, "de tabellen in het bestand zijn onvolledig of beschadigd.")
    tables: dict[str, CountTable] = {}
    for raw in raw_tables:
        table = _table(path, raw, period, codes)
        if table.key in tables:
            raise _refuse(path, f"de tabel '{table.title}' staat er twee keer in.")
        tables[table.key] = table
    for key in KNOWN_KEYS:
        if key not in tables:
            title = empty_table(key, period, codes).title
            raise _refuse(path, f"de tabel '{title}' ontbreekt; het bestand is onvolledig.")
    return register_id, Counts(period, codes, tuple(tables[k] for k in KNOWN_KEYS))


def merge(paths: Sequence[Path]) -> Counts:
    """Add the team files up. All must be about the same period, from different registers;
    every file is read and checked before anything is added."""
    if not paths:
        raise InvalidInput("Kies ten minste één teambestand.")
    read = [(path, *read_team_file(path)) for path in paths]
    first_path, _first_id, first = read[0]
    seen: dict[str, Path] = {}
    for path, register_id, counts in read:
        if counts.period != first.period:
            raise _refuse(
                path,
                f"gaat over {counts.period.label}, {first_path.name} over {first.period.label}. "
                "Voeg alleen bestanden over dezelfde periode samen.",
            )
        if register_id in seen:
            raise _refuse(path, f"komt uit hetzelfde register als {seen[register_id].name}.")
        seen[register_id] = path
    codes = ordered_codes(c for _p, _i, counts in read for c in counts.municipalities)
    merged: list[CountTable] = []
    for key in KNOWN_KEYS:
        values: dict[tuple[str, str], int] = {}
        for _path, _id, counts in read:
            for cell, n in counts.table(key).values.items():
                values[cell] = values.get(cell, 0) + n
        merged.append(replace(empty_table(key, first.period, codes), values=values))
    return Counts(first.period, codes, tuple(merged))
