"""What happened inside many cases at once: contacts, notes, measures, referrals, ZRM
scores and actions, written in bulk inside the caller's transaction.

The demo register (and through it the benchmarks) brings years of case life: tens of
thousands of rows, for which the ORM's unit of work is slow. These rows go in as one
executemany per table, so every row has every column: `PlannedEvent`'s defaults are the
one copy of the columns' defaults. No access-log entries of their own: creating the case
was logged (`bulk_intake.write_plan`, which writes these histories with its cases).
Phase changes and closing are part of `PlannedCase`, since they change the case itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from bemoeizorg.casework.intake import now_text
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.store.engine import insert_rows
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseAction, CaseEvent, ZrmScore

HISTORY_KINDS = frozenset(
    {
        EventKind.CONTACT,
        EventKind.NOTITIE,
        EventKind.MAATREGEL,
        EventKind.DOORVERWIJZING,
        EventKind.ZRM,
    }
)


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One timeline line; which fields matter depends on `kind`, as in `cases.py`."""

    kind: EventKind
    on_date: date
    note: str = ""
    contact_kind: ContactKind | None = None
    contact_with: str = ""
    contact_made: bool | None = None
    referral_target: ReferralTarget | None = None
    referral_accepted: bool | None = None
    measure: Measure | None = None
    scores: tuple[tuple[ZrmDomain, int], ...] = ()  # a ZRM scoring's life domains, 1..5


@dataclass(frozen=True, slots=True)
class PlannedAction:
    description: str
    responsible: str = ""
    due_on: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class CaseHistory:
    events: tuple[PlannedEvent, ...] = ()
    actions: tuple[PlannedAction, ...] = ()

    @property
    def last_contact(self) -> date | None:
        """As `cases.log_contact` keeps it: the latest contact, made or not."""
        contacts = (e.on_date for e in self.events if e.kind is EventKind.CONTACT)
        return max(contacts, default=None)


def history_problem(history: CaseHistory, opened_on: date, closed_on: date | None) -> str:
    """A programming error in a planned history, or '' when there is none."""
    for event in history.events:
        if event.kind not in HISTORY_KINDS:
            return f"a history cannot hold a {event.kind.value} event: plan it on the case"
        if (event.kind is EventKind.ZRM) != bool(event.scores):
            return "ZRM scores belong to a ZRM event, and a ZRM event has scores"
        if any(not 1 <= score <= 5 for _domain, score in event.scores):
            return "a ZRM score is 1 to 5"
        if event.on_date < opened_on or (closed_on is not None and event.on_date > closed_on):
            return "a history event lies outside its case"
    return ""


def write_histories(
    session: Session, register: Register, histories: Iterable[tuple[int, CaseHistory]]
) -> None:
    """Insert the histories of cases already in the session, by case id, in that order.

    Plain executemany on the connection (`engine.insert_rows`: no ORM objects, no
    SQLAlchemy parameters per row): the ORM's bulk insert cost more than the SQL. Event
    ids are given here (the next free ones; the caller's transaction holds the write
    lock), so each ZRM score names its event."""
    stamp = now_text()
    next_id = int(session.scalar(select(func.max(CaseEvent.id))) or 0) + 1
    events: list[dict[str, object]] = []
    scores: list[dict[str, object]] = []
    actions: list[dict[str, object]] = []
    contacts: list[dict[str, object]] = []
    for case_id, history in histories:
        for event in history.events:
            events.append(_event_row(next_id, case_id, event, register.user, stamp))
            scores += [
                {
                    "case_id": case_id,
                    "scored_on": event.on_date,
                    "domain": d.value,
                    "score": s,
                    "event_id": next_id,
                }
                for d, s in event.scores
            ]
            next_id += 1
        actions += [
            {
                "case_id": case_id,
                "description": a.description,
                "responsible": a.responsible,
                "due_on": a.due_on,
                "done_on": a.done_on,
                "created_by": register.user,
            }
            for a in history.actions
        ]
        if (last := history.last_contact) is not None:
            contacts.append({"b_id": case_id, "last_contact_on": last})
    connection = session.connection()
    for table, rows in ((CaseEvent, events), (ZrmScore, scores), (CaseAction, actions)):
        insert_rows(connection, table, rows)
    if contacts:
        connection.execute(
            update(Case)
            .where(Case.id == bindparam("b_id"))
            .values(last_contact_on=bindparam("last_contact_on")),
            contacts,
        )


def _event_row(
    event_id: int, case_id: int, event: PlannedEvent, user: str, stamp: str
) -> dict[str, object]:
    def value(member: ContactKind | ReferralTarget | Measure | None) -> str | None:
        return member.value if member is not None else None

    return {
        "id": event_id,
        "case_id": case_id,
        "kind": event.kind.value,
        "on_date": event.on_date,
        "contact_kind": value(event.contact_kind),
        "contact_with": event.contact_with,
        "contact_made": event.contact_made,
        "phase_from": None,
        "phase_to": None,
        "referral_target": value(event.referral_target),
        "referral_accepted": event.referral_accepted,
        "measure": value(event.measure),
        "outcome": None,
        "report_id": None,
        "note": event.note,
        "created_by": user,
        "created_at": stamp,
    }
