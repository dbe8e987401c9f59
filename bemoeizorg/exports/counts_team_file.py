"""Team files: where workers keep their own registers, each hands the team lead its counts,
unsuppressed, in a small JSON file; the team lead adds them up and suppresses once, at the
end (suppressing each file first would hide too much and still leak through the sum).

A team file holds only counts: the period, the municipality codes, and per table the
number per municipality and column. It carries the register's random id (not a name) so
the same register is not added twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.suppression import CountTable
from bemoeizorg.exports.counts import Counts, Period, compute_counts, ordered_codes
from bemoeizorg.exports.publish import publish_file
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register

KIND = "bemoeizorg-teamcijfers"
VERSION = 1


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
    counts = compute_counts(register, period)
    data = json.dumps(team_file_data(counts, register.register_id), ensure_ascii=False, indent=1)
    publish_file(register, path, data.encode("utf-8"))
    return counts


def _refuse(path: Path, why: str) -> TeamFileRefused:
    return TeamFileRefused(f"{path.name}: {why}")


def read_team_file(path: Path) -> tuple[str, Counts]:
    """(register id, counts) from a team file; anything odd is refused in plain Dutch."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _refuse(path, "dit bestand bestaat niet.") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise _refuse(path, "dit is geen teambestand met cijfers (onleesbaar).") from None
    if not isinstance(data, dict) or data.get("soort") != KIND:
        raise _refuse(path, "dit is geen teambestand met cijfers van Bemoeizorg Register.")
    if data.get("versie") != VERSION:
        raise _refuse(path, "dit teambestand komt uit een andere versie van het programma.")
    try:
        period = Period(
            date.fromisoformat(data["periode"]["van"]), date.fromisoformat(data["periode"]["tot"])
        )
        codes = [str(c) for c in data["gemeenten"]]
        unknown = [c for c in codes if c not in BY_CODE]
        if unknown:
            raise _refuse(path, f"onbekende gemeente(n): {', '.join(unknown)}.")
        tables = []
        for t in data["tabellen"]:
            values: dict[tuple[str, str], int] = {}
            for code, column, count in t["waarden"]:
                if code not in codes:
                    raise _refuse(path, f"cijfers voor een gemeente buiten het bestand: {code}.")
                if not isinstance(count, int) or count < 0:
                    raise _refuse(path, "een aantal is geen geheel getal van 0 of meer.")
                values[(str(code), str(column))] = count
            tables.append(
                CountTable(
                    key=str(t["sleutel"]),
                    title=str(t["titel"]),
                    columns=tuple((str(k), str(label)) for k, label in t["kolommen"]),
                    municipalities=ordered_codes(codes),
                    values=values,
                    total_label=str(t["totaal"]),
                    note=str(t["toelichting"]),
                )
            )
        register_id = str(data["register"])
        missing = {"meldingen", "melders", "kwartalen"} - {t.key for t in tables}
        if missing:
            raise _refuse(path, "het bestand is onvolledig of beschadigd.")
    except TeamFileRefused:
        raise
    except (KeyError, TypeError, ValueError):
        raise _refuse(path, "het bestand is onvolledig of beschadigd.") from None
    return register_id, Counts(period, ordered_codes(codes), tuple(tables))


def merge(paths: Sequence[Path]) -> Counts:
    """Add the team files up. All must be about the same period, from different registers."""
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
    for template in first.tables:
        columns = list(template.columns)
        values: dict[tuple[str, str], int] = {}
        for _path, _id, counts in read:
            table = next((t for t in counts.tables if t.key == template.key), None)
            if table is None:
                continue
            for column in table.columns:
                if column not in columns:
                    columns.append(column)  # a quarter only one file has, say
            for key, n in table.values.items():
                values[key] = values.get(key, 0) + n
        merged.append(
            CountTable(
                key=template.key,
                title=template.title,
                columns=tuple(columns),
                municipalities=codes,
                values=values,
                total_label=template.total_label,
                note=template.note,
            )
        )
    return Counts(first.period, codes, tuple(merged))
