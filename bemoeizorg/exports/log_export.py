"""The access log for the privacy officer: who did what to which case number, and when.

A CSV (semicolons and a BOM, as Dutch spreadsheet programs expect) with one row per entry
in the period: number, time, user, action, case number and the entry's detail (the
program's own short text: which back-up was restored, who was removed, which log entries
went by retention). No names of clients, no case text, no text a user typed; every cell
through exports/cells (a detail naming a back-up file from a shared folder is neutralised
like any other text). The export is itself logged (one EXPORT entry, no case) through
`publish.publish_coded`, and the file ends with the log's control code: the state
including that EXPORT entry, so the file can be checked later with `verify --head`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.exports.cells import csv_row
from bemoeizorg.exports.publish import publish_coded
from bemoeizorg.store.access_log import ReviewRow, code_line, review_rows
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register

HEADER = ("regel", "tijdstip", "gebruiker", "handeling", "casusnummer", "toelichting")


@dataclass(frozen=True, slots=True)
class LogExported:
    path: Path
    entries: int
    control_code: str


def day_bounds(first: date | None, last: date | None) -> tuple[str | None, str | None]:
    """Local calendar days first..last (inclusive) as UTC ISO bounds for the stored `at`."""
    if first is not None and last is not None and last < first:
        raise InvalidInput("De einddatum ligt vóór de begindatum.")
    since = until = None
    if first is not None:
        since = datetime.combine(first, time.min).astimezone(UTC).isoformat(timespec="microseconds")
    if last is not None:
        end = datetime.combine(last + timedelta(days=1), time.min).astimezone(UTC)
        until = (end - timedelta(microseconds=1)).isoformat(timespec="microseconds")
    return since, until


def csv_bytes(rows: list[ReviewRow], code: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_row(HEADER))
    for row in rows:
        writer.writerow(
            csv_row(
                [
                    row.number,
                    stored_moment_text(row.at, seconds=True),
                    row.user,
                    row.action,
                    row.case_number,
                    row.detail,
                ]
            )
        )
    writer.writerow(csv_row(["", code_line(code), "", "", "", ""]))
    return out.getvalue().encode("utf-8-sig")


def export_log(
    register: Register, path: Path, first: date | None = None, last: date | None = None
) -> LogExported:
    """Write the entries of the days first..last (either open) to a CSV at `path`."""
    if path.suffix.lower() != ".csv":
        raise InvalidInput("Kies een bestand dat eindigt op .csv.")
    since, until = day_bounds(first, last)
    with register.session() as session:
        rows = review_rows(session, since, until)
    code = publish_coded(register, path, lambda code: csv_bytes(rows, code))
    return LogExported(path, len(rows), code)
