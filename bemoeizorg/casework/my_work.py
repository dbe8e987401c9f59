"""Mijn werk as one read: the user's open cases with what needs attention, the actions of
those cases due this week (and those already past due), and for a team lead the meldingen
waiting for triage.

The user is matched to a team member by name (case_list.owner_for_user). A user who is no
team member has no cases and no actions here; a team lead still gets the triage queue.
One read is one transaction and one VIEW entry (case_id None), written when anything shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.case_list import AttentionRow, attention_rows, owner_for_user
from bemoeizorg.casework.triage_queue import ReportRow, waiting_rows
from bemoeizorg.domain.identity import display_name
from bemoeizorg.domain.people import Role
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseAction, Person

WEEK_DAYS = 7
MY_WORK_READ = "mijn werk ingezien"


@dataclass(frozen=True, slots=True)
class DueAction:
    """An open action of one of the user's cases, due within the week or already past."""

    action_id: int
    case_id: int
    case_number: str
    name: str  # whom the case is about
    description: str
    responsible: str
    organisation: str
    due_on: date
    days_left: int  # 0 today, negative when past due

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class WeekPlan:
    owner: str | None  # the team member's name; None when the user is not in the team
    cases: list[AttentionRow]
    actions: list[DueAction]  # past due first, then by due date
    waiting: list[ReportRow] | None  # the triage queue; None for anyone but a team lead

    @property
    def is_lead(self) -> bool:
        return self.waiting is not None


def due_actions(
    session: Session, owner_id: int, today: date, days: int = WEEK_DAYS
) -> list[DueAction]:
    """Open actions of the owner's open cases due up to `days` days from today, past due
    ones included (they are still to do); inside a caller's transaction, logging nothing."""
    until = today + timedelta(days=days)
    query = (
        select(
            CaseAction.id,
            Case.id,
            Case.number,
            Person.given_names,
            Person.prefix,
            Person.family_name,
            Person.alias,
            CaseAction.description,
            CaseAction.responsible,
            CaseAction.organisation,
            CaseAction.due_on,
        )
        .join(Case, Case.id == CaseAction.case_id)
        .join(Person, Person.id == Case.person_id)
        .where(
            Case.owner_id == owner_id,
            Case.closed_on.is_(None),
            CaseAction.done_on.is_(None),
            CaseAction.due_on.is_not(None),
            CaseAction.due_on <= until,
        )
        .order_by(CaseAction.due_on, Case.number, CaseAction.id)
    )
    found: list[DueAction] = []
    for aid, cid, number, given, prefix, family, alias, what, who, org, due in session.execute(
        query
    ):
        found.append(
            DueAction(
                action_id=aid,
                case_id=cid,
                case_number=number,
                name=display_name(given, prefix, family) or alias,
                description=what,
                responsible=who or "",
                organisation=org or "",
                due_on=due,
                days_left=(due - today).days,
            )
        )
    return found


def week_plan(
    register: Register,
    user: str,
    today: date,
    no_contact_days: int,
    long_in_vinden_days: int,
    days: int = WEEK_DAYS,
) -> WeekPlan:
    """What Mijn werk shows for `user` on `today` (see the module's docstring)."""
    lead = register.role() is Role.TEAMLEIDER
    with register.session() as session:
        member = owner_for_user(session, user)
        owner = member.name if member else None
        cases: list[AttentionRow] = []
        actions: list[DueAction] = []
        if member is not None:
            cases = attention_rows(session, member.id, today, no_contact_days, long_in_vinden_days)
            actions = due_actions(session, member.id, today, days)
        waiting = waiting_rows(session, today) if lead else None
        if cases or actions or waiting:
            register.audit(session, Action.VIEW, None, detail=MY_WORK_READ)
    return WeekPlan(owner, cases, actions, waiting)
