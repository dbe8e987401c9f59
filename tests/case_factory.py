"""Cases for tests, made the way the program makes them: a report recorded, then taken on."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.intake import record_report, take_on
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry

ROERMOND = "GM0957"


def days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def team_member(register: Register, name: str = "Bram Peeters") -> int:
    stored = reference_data.save_team_member(register, TeamMemberData(name, Specialism.VOLWASSENEN))
    assert stored.id is not None
    return stored.id


def new_case(
    register: Register,
    *,
    family_name: str = "Jansen",
    prefix: str = "",
    given_names: str = "Piet",
    alias: str = "",
    opened_days_ago: int = 90,
    concerns: tuple[Concern, ...] = (Concern.SCHULDEN, Concern.VERVUILING),
    owner_id: int | None = None,
) -> int:
    """A case in phase vinden, opened (and its report received) `opened_days_ago` days ago."""
    opened = days_ago(opened_days_ago)
    recorded = record_report(
        register,
        ReportInput(
            received_on=opened,
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.WONINGCORPORATIE, organisation="Wonen Limburg"),
            person=PersonInput(
                family_name=family_name,
                prefix=prefix,
                given_names=given_names,
                alias=alias,
                municipality_code=ROERMOND,
            ),
            concerns=concerns,
            description="Buren maken zich zorgen.",
        ),
    )
    return take_on(register, recorded.report_id, owner_id, Specialism.VOLWASSENEN, opened)


def log_entries(register: Register, case_id: int | None = None) -> list[tuple[str, int | None]]:
    """(action, case id) of every access-log entry, oldest first."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.action, r.case_id) for r in rows if case_id is None or r.case_id == case_id]


def entries_since(register: Register, before: int) -> list[tuple[str, int | None]]:
    return log_entries(register)[before:]


CHANGE = Action.CHANGE.value
VIEW = Action.VIEW.value
