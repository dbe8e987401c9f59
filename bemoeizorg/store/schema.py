"""SQLAlchemy models of the register. Changes go through an alembic migration."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bemoeizorg.domain.intake import fold


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key-value facts about the register itself (id, name, created)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A person who can unlock the register; their key slot carries the same name."""

    __tablename__ = "user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))


class RegisterSetting(Base):
    """Team-wide settings kept inside the register (declared in bemoeizorg.settings)."""

    __tablename__ = "register_setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CoveredMunicipality(Base):
    __tablename__ = "covered_municipality"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)


class ContactPoint(Base):
    """A municipality's aanspreekpunt for bemoeizorg, valid over a period."""

    __tablename__ = "contact_point"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)


class TeamMember(Base):
    """Someone who can be case owner (dossierhouder)."""

    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    specialism: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AccessLogEntry(Base):
    """One NEN 7513 entry: who, when, what, which case (id only), from where.

    Each entry's MAC covers its content and the previous MAC, keyed from the data key.
    `detail` (migration 0006) is a short text the program writes itself, never user input.
    """

    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40), index=True)
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    program: Mapped[str] = mapped_column(String(40))
    machine: Mapped[str] = mapped_column(String(100))
    mac: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(200), default="", server_default="")


class AccessLogHead(Base):
    """Where the chain starts and ends, so a removed last entry shows too.

    `mac` (migration 0006) authenticates the other fields with the log key; NULL only in a
    register from before 0006 until its first unlock seals it (access_log.AccessLog.ready).
    """

    __tablename__ = "access_log_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_id: Mapped[int] = mapped_column(Integer)
    first_prev_mac: Mapped[str] = mapped_column(String(64))
    last_id: Mapped[int] = mapped_column(Integer)
    last_mac: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


# --- the work: persons, reports, cases (migration 0002) --------------------------------


class Person(Base):
    """Whom reports are about. Identifying data: never leaves the register."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(40), default="")  # tussenvoegsel
    given_names: Mapped[str] = mapped_column(String(200), default="")
    alias: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    birth_year_estimate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bsn: Mapped[str] = mapped_column(String(9), default="", index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    # Lower-case, accent-free "given prefix family alias": what search and matching read.
    search_text: Mapped[str] = mapped_column(String(700), default="", index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    # Set when merged into another person (migration 0008): the row stays, hidden from lists
    # and matching, so that the merge can be undone and its record kept.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), nullable=True, index=True
    )
    # What Casussen sorts by name on (migration 0010): name_key(family, given), kept by
    # every write of a person (the events below; bulk writes set it themselves), so the
    # sort walks an index instead of sorting every case (issue 16: 111 ms at 100,000).
    name_key: Mapped[str] = mapped_column(String(420), default="", server_default="", index=True)


class Case(Base):
    __tablename__ = "case_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    # The number's order (migration 0010): number_key(number), kept by every write of a
    # case (the events below; bulk writes set it themselves). As text "2026-10000" sorts
    # before "2026-9999"; this key does not.
    number_key: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0", index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("team_member.id"), nullable=True)
    specialism: Mapped[str] = mapped_column(String(20))
    phase: Mapped[str] = mapped_column(String(20), index=True)
    phase_since: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_contact_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Raised by every ORM change of the row, which only succeeds from the version it read
    # (migration 0011): of two workers saving the same case at once on a team register
    # the second is refused (store/concurrency.CaseChangedMeanwhile), never lost.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __mapper_args__ = {"version_id_col": version}


class Report(Base):
    """A melding. Its reporter is kept in its own table (Reporter), apart."""

    __tablename__ = "report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_file.id"), nullable=True, index=True
    )
    reporter_kind: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(20))
    triage: Mapped[str] = mapped_column(String(30), index=True)
    triage_note: Mapped[str] = mapped_column(Text, default="")  # advice given / referred to
    triaged_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    triaged_by: Mapped[str] = mapped_column(String(200), default="")  # migration 0008
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))


class ReportConcern(Base):
    __tablename__ = "report_concern"
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    concern: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Reporter(Base):
    """Who reported. Only the intake and case screens read this; export code never does."""

    __tablename__ = "reporter"
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)


class CaseEvent(Base):
    """One line on a case's timeline; which columns matter depends on `kind`."""

    __tablename__ = "case_event"
    # The annual counts find closings, reopenings and phase changes by kind and date.
    __table_args__ = (Index("ix_case_event_kind_case", "kind", "case_id", "on_date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date] = mapped_column(Date)
    contact_kind: Mapped[str | None] = mapped_column(String(30), nullable=True)
    contact_with: Mapped[str] = mapped_column(String(200), default="")
    contact_made: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    phase_from: Mapped[str | None] = mapped_column(String(20), nullable=True)
    phase_to: Mapped[str | None] = mapped_column(String(20), nullable=True)
    referral_target: Mapped[str | None] = mapped_column(String(40), nullable=True)
    referral_accepted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    measure: Mapped[str | None] = mapped_column(String(40), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))
    # Corrections with a trail (migration 0008). A correction is a new row whose
    # `corrects_id` names the original; the original stays, marked superseded with who, when
    # and why. A withdrawal marks the original only. Counts and phases read current rows.
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_event.id"), nullable=True, index=True
    )
    superseded_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    superseded_by: Mapped[str] = mapped_column(String(200), default="")
    supersede_reason: Mapped[str] = mapped_column(Text, default="")


class ZrmScore(Base):
    __tablename__ = "zrm_score"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    scored_on: Mapped[date] = mapped_column(Date)
    domain: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(Integer)
    # The ZRM event these scores belong to (migration 0008; None for older rows): a
    # corrected or withdrawn ZRM event takes its scores out of the graph, not the register.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_event.id"), nullable=True, index=True
    )


class CaseAction(Base):
    """Something to do for a case, with who does it and by when."""

    __tablename__ = "case_action"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200))
    # Agreed at a network meeting: which meeting, and the partner organisation that does it.
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id"), nullable=True, index=True
    )
    organisation: Mapped[str] = mapped_column(String(200), default="")


class Meeting(Base):
    """A local network meeting of one municipality."""

    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    chair: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of organisations
    starts_at: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" (migration 0008)
    place: Mapped[str] = mapped_column(String(200), default="")
    agreements_recorded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))


class AgendaItem(Base):
    """A case on a meeting's agenda: the question to the network and what may be shared."""

    __tablename__ = "meeting_case"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text, default="")
    asked_of: Mapped[str] = mapped_column(Text, default="")  # what is asked of whom
    shared: Mapped[str] = mapped_column(Text, default="{}")  # JSON of SharedFields
    holder_after: Mapped[str] = mapped_column(String(200), default="")  # agreed case holder


class Disclosure(Base):
    """Verstrekkingenlog: one row per case per pack made, for whom, when and by whom."""

    __tablename__ = "disclosure"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    made_at: Mapped[str] = mapped_column(String(40))
    made_by: Mapped[str] = mapped_column(String(200))
    organisations: Mapped[str] = mapped_column(Text)  # JSON list, as printed on the pack
    pack_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the unprotected pack
    # What the pack said and held (migration 0008): the meeting date printed on it (a meeting
    # moved later keeps this), the fields shared for this case (JSON list), and whether the
    # PDF had a password. None for rows made before.
    pack_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    shared: Mapped[str] = mapped_column(Text, default="")
    password_protected: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class DeletionRecord(Base):
    """That something was removed under the retention rules: what kind, how many, when,
    and by whom confirmed; never what it was about."""

    __tablename__ = "deletion_record"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deleted_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text)
    confirmed_by: Mapped[str] = mapped_column(String(200))


class PersonHistory(Base):
    """An earlier value of one field of a person's data, kept when the persoonskaart is
    edited or persons are merged. Identifying: it never leaves the register."""

    __tablename__ = "person_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    changed_at: Mapped[str] = mapped_column(String(40))
    changed_by: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text, default="")


class PersonMerge(Base):
    """Two persons made one by a teamleider: which was kept, which merged, what moved (JSON
    of row ids, so that the merge can be undone), and an undo when it happened. The record
    stays after an undo."""

    __tablename__ = "person_merge"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    merged_at: Mapped[str] = mapped_column(String(40))
    merged_by: Mapped[str] = mapped_column(String(200))
    moved: Mapped[str] = mapped_column(Text, default="{}")
    undone_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    undone_by: Mapped[str] = mapped_column(String(200), default="")


class PersonContact(Base):
    """A contact person in the network around a person (a GP, a landlord, a relative)."""

    __tablename__ = "person_contact"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    relation: Mapped[str] = mapped_column(String(200), default="")  # huisarts, buurvrouw ...
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[str] = mapped_column(String(40))


class Draft(Base):
    """A half-typed form, kept inside the register so a crash or a lock loses nothing."""

    __tablename__ = "draft"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    user_name: Mapped[str] = mapped_column(String(200), index=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(40))


class PublicationRecord(Base):
    """A publication of counts that left the team (casework/publications.py): the period,
    the threshold, the shape, and every cell as shown, so that a later publication is
    protected together with it. Aggregates only: no case, person or reporter."""

    __tablename__ = "publication_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_at: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[date] = mapped_column(Date, index=True)
    period_end: Mapped[date] = mapped_column(Date, index=True)
    threshold: Mapped[int] = mapped_column(Integer)
    per_municipality: Mapped[bool] = mapped_column(Boolean, default=False)
    # JSON: [[table, row, column, text as shown, withheld because small (0/1)], ...]
    cells: Mapped[str] = mapped_column(Text)


__all__ = [
    "AccessLogEntry",
    "AccessLogHead",
    "AgendaItem",
    "Base",
    "Case",
    "CaseAction",
    "CaseEvent",
    "ContactPoint",
    "CoveredMunicipality",
    "DeletionRecord",
    "Disclosure",
    "Draft",
    "Meeting",
    "Meta",
    "Person",
    "PersonContact",
    "PersonHistory",
    "PersonMerge",
    "PublicationRecord",
    "RegisterSetting",
    "Report",
    "ReportConcern",
    "Reporter",
    "TeamMember",
    "User",
    "ZrmScore",
]


# --- sort keys kept by every write (migration 0010) ----------------------------------------

NUMBER_KEY_YEAR = 10_000_000  # a year's numbers fit below this: "2026-0012" is 2026*this+12


def name_key(family_name: str, given_names: str) -> str:
    """The order of Casussen by name: family name, then given names, accents and case
    ignored. The tab sorts below any letter, so "Bakker" comes before "Bakker-Smit"."""
    return f"{fold(family_name)}\t{fold(given_names)}"


def number_key(number: str) -> int:
    """The order of case numbers ("2026-0012", "2026-10000"): year, then the number."""
    year, _, seq = number.partition("-")
    try:
        return int(year) * NUMBER_KEY_YEAR + int(seq)
    except ValueError:  # not the program's own form: first of all (then by id)
        return 0


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _keep_name_key(_mapper: Any, _connection: Any, person: Person) -> None:
    person.name_key = name_key(person.family_name, person.given_names or "")


@event.listens_for(Case, "before_insert")
@event.listens_for(Case, "before_update")
def _keep_number_key(_mapper: Any, _connection: Any, case: Case) -> None:
    case.number_key = number_key(case.number)
