"""The team's reference data inside the register: covered municipalities, contact points,
team members. Every change is one transaction with its access-log entry."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData, TeamMemberData
from bemoeizorg.domain.validation import contact_point_problems
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import ContactPoint, CoveredMunicipality, TeamMember


def covered_municipalities(register: Register) -> list[str]:
    with register.session() as session:
        return sorted(session.scalars(select(CoveredMunicipality.code)))


def set_covered_municipalities(register: Register, codes: Iterable[str]) -> None:
    wanted = sorted(set(codes))
    unknown = [c for c in wanted if c not in BY_CODE]
    if unknown:
        raise InvalidInput("Onbekende gemeente gekozen.")
    with register.session() as session:
        current = sorted(session.scalars(select(CoveredMunicipality.code)))
        if current == wanted:
            return
        session.execute(delete(CoveredMunicipality))
        session.add_all(CoveredMunicipality(code=c) for c in wanted)
        register.audit(session, Action.SETTINGS)


def _cp_value(row: ContactPoint) -> ContactPointData:
    return ContactPointData(
        municipality_code=row.municipality_code,
        name=row.name,
        organisation=row.organisation,
        phone=row.phone,
        email=row.email,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        id=row.id,
    )


def contact_points(
    register: Register, municipality_code: str | None = None
) -> list[ContactPointData]:
    with register.session() as session:
        stmt = select(ContactPoint)
        if municipality_code:
            stmt = stmt.where(ContactPoint.municipality_code == municipality_code)
        stmt = stmt.order_by(ContactPoint.municipality_code, ContactPoint.valid_from)
        return [_cp_value(r) for r in session.scalars(stmt)]


def save_contact_point(register: Register, cp: ContactPointData) -> ContactPointData:
    if cp.municipality_code not in BY_CODE:
        raise InvalidInput("Kies een gemeente.")
    problems = contact_point_problems(cp)
    if problems:
        raise InvalidInput(" ".join(problems.values()))
    with register.session() as session:
        row = session.get(ContactPoint, cp.id) if cp.id is not None else None
        if row is None:
            row = ContactPoint()
            session.add(row)
        row.municipality_code = cp.municipality_code
        row.name = cp.name.strip()
        row.organisation = cp.organisation.strip()
        row.phone = cp.phone.strip()
        row.email = cp.email.strip()
        row.valid_from = cp.valid_from
        row.valid_to = cp.valid_to
        register.audit(session, Action.SETTINGS)
        session.flush()
        return _cp_value(row)


def delete_contact_point(register: Register, contact_point_id: int) -> None:
    with register.session() as session:
        row = session.get(ContactPoint, contact_point_id)
        if row is not None:
            session.delete(row)
            register.audit(session, Action.SETTINGS)


def _tm_value(row: TeamMember) -> TeamMemberData:
    return TeamMemberData(row.name, Specialism(row.specialism), row.active, row.id)


def team_members(register: Register, *, active_only: bool = False) -> list[TeamMemberData]:
    with register.session() as session:
        stmt = select(TeamMember).order_by(TeamMember.name)
        if active_only:
            stmt = stmt.where(TeamMember.active.is_(True))
        return [_tm_value(r) for r in session.scalars(stmt)]


def save_team_member(register: Register, member: TeamMemberData) -> TeamMemberData:
    name = " ".join(member.name.split())
    if not name:
        raise InvalidInput("Vul de naam van het teamlid in.")
    with register.session() as session:
        clash = session.scalar(select(TeamMember).where(TeamMember.name == name))
        if clash is not None and clash.id != member.id:
            raise InvalidInput(f"Er is al een teamlid met de naam '{name}'.")
        row = session.get(TeamMember, member.id) if member.id is not None else None
        if row is None:
            row = TeamMember()
            session.add(row)
        row.name = name
        row.specialism = member.specialism.value
        row.active = member.active
        register.audit(session, Action.SETTINGS)
        session.flush()
        return _tm_value(row)


def start_team(
    register: Register,
    creator: str,
    specialism: Specialism,
    municipality_codes: Iterable[str],
) -> None:
    """A new register's team: its creator a member, the municipalities it covers.

    Without this the creator could not be dossierhouder (an import naming them fails) and
    the register covers no municipality. One transaction, one SETTINGS entry; a member of
    the same name already there keeps its row (and gets the chosen specialism).
    """
    name = " ".join(creator.split())
    if not name:
        raise InvalidInput("Vul de naam van het teamlid in.")
    wanted = sorted(set(municipality_codes))
    if not wanted:
        raise InvalidInput("Kies ten minste één gemeente die het team bedient.")
    if any(c not in BY_CODE for c in wanted):
        raise InvalidInput("Onbekende gemeente gekozen.")
    with register.session() as session:
        row = session.scalar(select(TeamMember).where(TeamMember.name == name))
        if row is None:
            row = TeamMember(name=name, active=True)
            session.add(row)
        row.specialism = specialism.value
        session.execute(delete(CoveredMunicipality))
        session.add_all(CoveredMunicipality(code=c) for c in wanted)
        register.audit(session, Action.SETTINGS)
