"""The publication log: which counts this register has published, kept in the register.

Each export of counts records its period, threshold and shape and every cell as shown
("." or the number) with, for a withheld one, whether it was small itself. A new
publication is protected together with the earlier ones whose periods overlap, nest or
follow on (exports/counts_history.py): an analyst holds them all. Aggregates only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.domain.formats import date_text
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import PublicationRecord


@dataclass(frozen=True, slots=True)
class LoggedCell:
    table: str
    row: str
    column: str
    text: str  # as shown: the number, or "."
    primary: bool  # withheld because it was small itself


@dataclass(frozen=True, slots=True)
class LoggedPublication:
    id: int
    published_at: str
    start: date
    end: date
    threshold: int
    per_municipality: bool
    merged: bool  # team files of several registers added up: not this register's counts
    cells: tuple[LoggedCell, ...]

    @property
    def label(self) -> str:
        return f"{date_text(self.start)} tot en met {date_text(self.end)}"

    @property
    def withheld(self) -> int:
        return sum(1 for c in self.cells if c.text == ".")


def record_publication(
    session: Session,
    *,
    start: date,
    end: date,
    threshold: int,
    per_municipality: bool,
    merged: bool,
    cells: Iterable[LoggedCell],
) -> None:
    """Add the publication (in the export's own transaction: both or neither)."""
    payload = {
        "samengevoegd": merged,
        "cellen": [[c.table, c.row, c.column, c.text, int(c.primary)] for c in cells],
    }
    session.add(
        PublicationRecord(
            published_at=datetime.now(UTC).isoformat(timespec="seconds"),
            period_start=start,
            period_end=end,
            threshold=threshold,
            per_municipality=per_municipality,
            cells=json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        )
    )


def _loaded(row: PublicationRecord) -> LoggedPublication:
    data = json.loads(row.cells)
    cells = tuple(LoggedCell(t, r, c, str(text), bool(p)) for t, r, c, text, p in data["cellen"])
    return LoggedPublication(
        row.id,
        row.published_at,
        row.period_start,
        row.period_end,
        row.threshold,
        row.per_municipality,
        bool(data.get("samengevoegd", False)),
        cells,
    )


def publications(register: Register) -> list[LoggedPublication]:
    """Every recorded publication, oldest first."""
    with register.session() as session:
        rows = session.scalars(select(PublicationRecord).order_by(PublicationRecord.id))
        return [_loaded(row) for row in rows]


def last_publication_id(register: Register) -> int:
    with register.session() as session:
        found = session.scalars(
            select(PublicationRecord.id).order_by(PublicationRecord.id.desc()).limit(1)
        ).first()
        return int(found or 0)


def related_publications(register: Register, start: date, end: date) -> list[LoggedPublication]:
    """This register's own publications whose period overlaps or nests with start..end, or
    ends the day before it starts or starts the day after it ends (open cases carry over)."""
    before, after = start - timedelta(days=1), end + timedelta(days=1)
    with register.session() as session:
        rows = session.scalars(
            select(PublicationRecord)
            .where(PublicationRecord.period_start <= after, PublicationRecord.period_end >= before)
            .order_by(PublicationRecord.id)
        )
        found = [_loaded(row) for row in rows]
    return [p for p in found if not p.merged]
