"""Network meetings in the register: planning, the agenda with its questions, what was
agreed last time, and recording what was agreed now.

Every function that reads or changes a case on an agenda writes one access-log entry per
case (VIEW or CHANGE), in the same transaction. The pack itself is `meeting_pack.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bemoeizorg.casework.case_list import CaseFilter, CaseRow, CaseSort, CaseStatus, query_cases
from bemoeizorg.casework.intake import FieldProblems, case_event, now_text
from bemoeizorg.casework.reference_data import contact_points
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import display_name
from bemoeizorg.domain.meetings import MeetingKind, SharedFields
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.domain.vocabulary import Concern, EventKind, Phase
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    AgendaItem,
    Case,
    CaseAction,
    Disclosure,
    Meeting,
    Person,
    Report,
    ReportConcern,
)

CANDIDATE_LIMIT = 2000  # open cases offered for one agenda; a municipality has far fewer


@dataclass(frozen=True, slots=True)
class MeetingData:
    """What the team lead fills in when planning a meeting."""

    municipality_code: str
    held_on: date
    kind: MeetingKind = MeetingKind.NETWERKOVERLEG
    chair: str = ""
    participants: tuple[str, ...] = ()
    starts_at: str = ""  # "HH:MM" or empty
    place: str = ""

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.municipality_code not in BY_CODE:
            found["municipality"] = "Kies de gemeente van het overleg."
        if self.starts_at and not _is_time(self.starts_at):
            found["starts_at"] = "Schrijf de tijd als uu:mm, bijvoorbeeld 14:30."
        if not any(p.strip() for p in self.participants):
            found["participants"] = "Kies ten minste één organisatie die aan tafel zit."
        return found


def _is_time(text: str) -> bool:
    parts = text.split(":")
    return (
        len(parts) == 2
        and all(p.isascii() and p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


def time_text(text: str) -> str:
    """ "9.30", "930", "9:30" -> "09:30"; anything else back as typed (then refused)."""
    text = text.strip().replace(".", ":")
    if text.isascii() and text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    if ":" in text:
        hours, _, minutes = text.partition(":")
        if (
            (hours + minutes).isascii()
            and hours.isdigit()
            and minutes.isdigit()
            and len(hours) <= 2
            and len(minutes) == 2
        ):
            return f"{int(hours):02d}:{minutes}"
    return text


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    id: int
    municipality_code: str
    municipality: str
    held_on: date
    kind: MeetingKind
    cases: int
    agreements_recorded_on: date | None
    packs_made: int
    starts_at: str = ""
    place: str = ""


@dataclass(frozen=True, slots=True)
class AgreedAction:
    """An action agreed at a meeting: what, which organisation, by when."""

    description: str
    organisation: str
    due_on: date | None = None
    done_on: date | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class PreviousAgreements:
    """What the previous meeting about this case agreed, for the evaluation now."""

    held_on: date
    holder: str
    actions: tuple[AgreedAction, ...]


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    id: int
    case_id: int
    position: int
    case_number: str
    name: str  # shown to the team lead in the program; never printed in a pack
    phase: Phase
    case_open: bool
    question: str
    asked_of: str
    shared: SharedFields
    holder_after: str
    agreed: tuple[AgreedAction, ...]  # agreed at this meeting (after it was held)
    previous: PreviousAgreements | None


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    id: int
    data: MeetingData
    municipality: str
    contact_point: ContactPointData | None
    agreements_recorded_on: date | None
    agenda: tuple[AgendaEntry, ...]
    packs_made: int = 0


@dataclass(frozen=True, slots=True)
class Agreement:
    """What the meeting agreed about one case on its agenda."""

    item_id: int
    actions: tuple[AgreedAction, ...] = ()
    holder: str = ""


@dataclass(frozen=True, slots=True)
class DisclosureEntry:
    """One line of the verstrekkingenlog."""

    meeting_id: int
    held_on: date
    municipality: str
    case_id: int
    case_number: str
    made_at: str
    made_by: str
    organisations: tuple[str, ...] = field(default_factory=tuple)
    pack_date: date | None = None  # the meeting date printed on the pack (None: before 0008)
    shared: tuple[str, ...] = ()
    password_protected: bool | None = None
    digest: str = ""

    @property
    def date_on_pack(self) -> date:
        """The date the pack itself says; rows from before schema 0008 only know the
        meeting's."""
        return self.pack_date or self.held_on


# --- meetings -------------------------------------------------------------------------------


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InvalidInput("Dit overleg bestaat niet (meer).")
    return meeting


def _participants(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _clean(participants: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for p in participants:
        if p.strip() and p.strip() not in seen:
            seen.append(p.strip())
    return seen


def plan_meeting(register: Register, data: MeetingData) -> int:
    if problems := data.problems():
        raise FieldProblems(problems)
    with register.session() as session:
        meeting = Meeting(
            municipality_code=data.municipality_code,
            held_on=data.held_on,
            kind=data.kind.value,
            chair=data.chair.strip(),
            participants=json.dumps(_clean(data.participants), ensure_ascii=False),
            starts_at=data.starts_at.strip(),
            place=data.place.strip(),
            created_by=register.user,
            created_at=now_text(),
        )
        session.add(meeting)
        session.flush()
        register.audit(session, Action.CREATE)
        return meeting.id


def update_meeting(register: Register, meeting_id: int, data: MeetingData) -> None:
    if problems := data.problems():
        raise FieldProblems(problems)
    with register.session() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.municipality_code != data.municipality_code and _agenda_rows(
            session, meeting_id
        ):
            raise FieldProblems(
                {"municipality": "Er staan al casussen op de agenda: de gemeente blijft gelijk."}
            )
        meeting.municipality_code = data.municipality_code
        meeting.held_on = data.held_on
        meeting.kind = data.kind.value
        meeting.chair = data.chair.strip()
        meeting.participants = json.dumps(_clean(data.participants), ensure_ascii=False)
        meeting.starts_at = data.starts_at.strip()
        meeting.place = data.place.strip()
        register.audit(session, Action.CHANGE)


def packs_made(register: Register, meeting_id: int) -> int:
    """How many packs were made for a meeting: asked before its date is changed."""
    with register.session() as session:
        count = session.scalar(
            select(func.count(func.distinct(Disclosure.made_at))).where(
                Disclosure.meeting_id == meeting_id
            )
        )
    return int(count or 0)


def previous_meeting_data(
    register: Register, municipality_code: str, kind: MeetingKind | None = None
) -> MeetingData | None:
    """The latest meeting of the municipality (of this kind when there is one): its chair,
    participants, time and place carry over to the next one planned. No case data."""
    with register.session() as session:
        stmt = (
            select(Meeting)
            .where(Meeting.municipality_code == municipality_code)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        )
        meetings = list(session.scalars(stmt.limit(50)))
        same = [m for m in meetings if kind is None or m.kind == kind.value]
        if not meetings:
            return None
        meeting = (same or meetings)[0]
        return MeetingData(
            municipality_code=meeting.municipality_code,
            held_on=meeting.held_on,
            kind=MeetingKind(meeting.kind),
            chair=meeting.chair,
            participants=_participants(meeting.participants),
            starts_at=meeting.starts_at or "",
            place=meeting.place or "",
        )


def delete_meeting(register: Register, meeting_id: int) -> None:
    """Only a meeting no pack was made for: the disclosure log must stay complete."""
    with register.session() as session:
        _meeting(session, meeting_id)
        if session.scalar(select(func.count()).where(Disclosure.meeting_id == meeting_id)):
            raise InvalidInput(
                "Voor dit overleg is al een pakket gemaakt; het blijft bewaard voor het "
                "verstrekkingenlog."
            )
        case_ids = list(
            session.scalars(select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting_id))
        )
        session.execute(delete(AgendaItem).where(AgendaItem.meeting_id == meeting_id))
        session.execute(delete(Meeting).where(Meeting.id == meeting_id))
        for case_id in case_ids:
            register.audit(session, Action.CHANGE, case_id)
        register.audit(session, Action.DELETE)


def list_meetings(register: Register) -> list[MeetingSummary]:
    """Newest first. Holds no case data, so it is no case read."""
    with register.session() as session:
        counts = dict(
            session.execute(
                select(AgendaItem.meeting_id, func.count()).group_by(AgendaItem.meeting_id)
            ).all()
        )
        packs = dict(
            session.execute(
                select(
                    Disclosure.meeting_id, func.count(func.distinct(Disclosure.made_at))
                ).group_by(Disclosure.meeting_id)
            ).all()
        )
        meetings = session.scalars(select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id))
        return [
            MeetingSummary(
                id=m.id,
                municipality_code=m.municipality_code,
                municipality=BY_CODE[m.municipality_code].name,
                held_on=m.held_on,
                kind=MeetingKind(m.kind),
                cases=int(counts.get(m.id, 0)),
                agreements_recorded_on=m.agreements_recorded_on,
                packs_made=int(packs.get(m.id, 0)),
                starts_at=m.starts_at or "",
                place=m.place or "",
            )
            for m in meetings
        ]


def current_contact_point(register: Register, code: str, on: date) -> ContactPointData | None:
    points = [cp for cp in contact_points(register, code) if cp.current_on(on)]
    return points[-1] if points else None


# --- the agenda -----------------------------------------------------------------------------


def _agenda_rows(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def _agreed_actions(session: Session, meeting_id: int, case_id: int) -> tuple[AgreedAction, ...]:
    rows = session.scalars(
        select(CaseAction)
        .where(CaseAction.meeting_id == meeting_id, CaseAction.case_id == case_id)
        .order_by(CaseAction.id)
    )
    return tuple(
        AgreedAction(a.description, a.organisation, a.due_on, a.done_on, a.id) for a in rows
    )


def previous_agreements(
    session: Session, case_id: int, before: date, meeting_id: int
) -> PreviousAgreements | None:
    """The latest earlier meeting that discussed this case and recorded its agreements."""
    row = session.execute(
        select(Meeting, AgendaItem)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(
            AgendaItem.case_id == case_id,
            Meeting.id != meeting_id,
            Meeting.held_on <= before,
            Meeting.agreements_recorded_on.is_not(None),
        )
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    meeting, item = row
    return PreviousAgreements(
        meeting.held_on, item.holder_after, _agreed_actions(session, meeting.id, case_id)
    )


def meeting_detail(register: Register, meeting_id: int) -> MeetingDetail:
    """The meeting with its agenda; one VIEW entry per case on it."""
    with register.session() as session:
        meeting = _meeting(session, meeting_id)
        agenda: list[AgendaEntry] = []
        for item in _agenda_rows(session, meeting_id):
            case = session.get(Case, item.case_id)
            person = session.get(Person, case.person_id) if case else None
            if case is None or person is None:
                continue
            agenda.append(
                AgendaEntry(
                    id=item.id,
                    case_id=case.id,
                    position=item.position,
                    case_number=case.number,
                    name=display_name(person.given_names, person.prefix, person.family_name)
                    or person.alias,
                    phase=Phase(case.phase),
                    case_open=case.closed_on is None,
                    question=item.question,
                    asked_of=item.asked_of,
                    shared=SharedFields.from_json(json.loads(item.shared or "{}")),
                    holder_after=item.holder_after,
                    agreed=_agreed_actions(session, meeting_id, case.id),
                    previous=previous_agreements(session, case.id, meeting.held_on, meeting_id),
                )
            )
            register.audit(session, Action.VIEW, case.id)
        data = MeetingData(
            municipality_code=meeting.municipality_code,
            held_on=meeting.held_on,
            kind=MeetingKind(meeting.kind),
            chair=meeting.chair,
            participants=_participants(meeting.participants),
            starts_at=meeting.starts_at or "",
            place=meeting.place or "",
        )
        recorded = meeting.agreements_recorded_on
        made = session.scalar(
            select(func.count(func.distinct(Disclosure.made_at))).where(
                Disclosure.meeting_id == meeting_id
            )
        )
    return MeetingDetail(
        id=meeting_id,
        data=data,
        municipality=BY_CODE[data.municipality_code].name,
        contact_point=current_contact_point(register, data.municipality_code, data.held_on),
        agreements_recorded_on=recorded,
        agenda=tuple(agenda),
        packs_made=int(made or 0),
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """An open case that can go on an agenda, with the concerns of its reports."""

    row: CaseRow
    concerns: tuple[Concern, ...]


def _concerns_by_case(session: Session, case_ids: list[int]) -> dict[int, set[Concern]]:
    found: dict[int, set[Concern]] = {}
    known = {c.value: c for c in Concern}
    if not case_ids:
        return found
    rows = session.execute(
        select(Report.case_id, ReportConcern.concern)
        .join(ReportConcern, ReportConcern.report_id == Report.id)
        .where(Report.case_id.in_(case_ids))
        .distinct()
    )
    for case_id, value in rows:
        if case_id is not None and value in known:
            found.setdefault(case_id, set()).add(known[value])
    return found


def agenda_candidates(
    register: Register, municipality_code: str, exclude: frozenset[int]
) -> list[Candidate]:
    """The open cases of a municipality not on this agenda, with their concerns; one VIEW
    entry (a list of cases, as Casussen logs it) when any show."""
    flt = CaseFilter(
        municipality_code=municipality_code,
        status=CaseStatus.OPEN,
        sort=CaseSort.NUMBER,
        descending=False,
    )
    with register.session() as session:
        rows = [r for r in query_cases(session, flt, CANDIDATE_LIMIT).rows if r.id not in exclude]
        concerns = _concerns_by_case(session, [r.id for r in rows])
        if rows:
            register.audit(session, Action.VIEW, None)
    return [Candidate(r, tuple(sorted(concerns.get(r.id, ())))) for r in rows]


def case_concerns(register: Register, case_id: int) -> tuple[Concern, ...]:
    """The concerns of one case (of all its reports); one VIEW entry."""
    with register.session() as session:
        found = _concerns_by_case(session, [case_id]).get(case_id, set())
        register.audit(session, Action.VIEW, case_id)
    return tuple(sorted(found))


def add_to_agenda(
    register: Register,
    meeting_id: int,
    case_id: int,
    question: str = "",
    asked_of: str = "",
    shared: SharedFields | None = None,
) -> int:
    """Put a case on the agenda (one CHANGE entry for the case); by default the minimum."""
    with register.session() as session:
        meeting = _meeting(session, meeting_id)
        case = session.get(Case, case_id)
        if case is None:
            raise InvalidInput("Deze casus bestaat niet (meer).")
        if case.municipality_code != meeting.municipality_code:
            raise InvalidInput("Deze casus hoort bij een andere gemeente dan dit overleg.")
        if session.scalar(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == case_id
            )
        ):
            raise InvalidInput(f"Casus {case.number} staat al op de agenda.")
        last = session.scalar(
            select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)
        )
        item = AgendaItem(
            meeting_id=meeting_id,
            case_id=case_id,
            position=int(last or 0) + 1,
            question=question.strip(),
            asked_of=asked_of.strip(),
            shared=json.dumps((shared or SharedFields()).to_json()),
        )
        session.add(item)
        session.flush()
        register.audit(session, Action.CHANGE, case_id)
        return item.id


def update_agenda_item(
    register: Register, item_id: int, question: str, asked_of: str, shared: SharedFields
) -> None:
    with register.session() as session:
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise InvalidInput("Deze casus staat niet (meer) op de agenda.")
        item.question = question.strip()
        item.asked_of = asked_of.strip()
        item.shared = json.dumps(shared.to_json())
        register.audit(session, Action.CHANGE, item.case_id)


def remove_from_agenda(register: Register, item_id: int) -> None:
    with register.session() as session:
        item = session.get(AgendaItem, item_id)
        if item is None:
            return
        case_id = item.case_id
        session.delete(item)
        register.audit(session, Action.CHANGE, case_id)


def open_case_count(register: Register, municipality_code: str) -> int:
    """How many open cases a municipality has: a count, no case read (so nothing logged)."""
    with register.session() as session:
        count = session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.municipality_code == municipality_code, Case.closed_on.is_(None))
        )
    return int(count or 0)


def plan_first_meeting(register: Register, data: MeetingData) -> int:
    """A first meeting that discusses every open case of the municipality."""
    meeting_id = plan_meeting(register, data)
    _add_open_cases(register, meeting_id, data.municipality_code)
    return meeting_id


@dataclass(frozen=True, slots=True)
class FirstMeeting:
    """The day's first meeting of a municipality: planned now, or the one already planned."""

    meeting_id: int
    reused: bool
    participants: tuple[str, ...]
    added_items: tuple[int, ...]  # agenda items put on it now (open cases not yet on it)


def first_meeting_of_the_day(
    register: Register, data: MeetingData, *, same_participants: bool = False
) -> FirstMeeting:
    """The first meeting (every open case) of `data.held_on`. A meeting of that kind planned
    that day already is used again, with open cases not yet on its agenda added: a second
    pack on one day belongs to the same meeting, not to a twin of it. With
    `same_participants` (they were named), other participants than that meeting's are
    refused before anything changes: the verstrekkingenlog names the meeting's."""
    with register.session() as session:
        existing = session.scalar(
            select(Meeting)
            .where(
                Meeting.municipality_code == data.municipality_code,
                Meeting.held_on == data.held_on,
                Meeting.kind == MeetingKind.EERSTE_BESPREKING.value,
            )
            .order_by(Meeting.id)
            .limit(1)
        )
        found = (existing.id, _participants(existing.participants)) if existing else None
    if found is None:
        meeting_id = plan_meeting(register, data)
        added = _add_open_cases(register, meeting_id, data.municipality_code)
        return FirstMeeting(meeting_id, False, tuple(_clean(data.participants)), added)
    meeting_id, participants = found
    if same_participants and set(participants) != set(_clean(data.participants)):
        place = BY_CODE[data.municipality_code].name
        raise InvalidInput(
            f"Op {date_text(data.held_on)} is er al een eerste bespreking van {place}, met "
            f"{', '.join(participants)} aan tafel; een tweede pakket hoort bij dat overleg. "
            "Noem dezelfde organisaties, laat --organisations weg, of pas de deelnemers aan "
            "in het programma (Netwerkoverleg)."
        )
    added = _add_open_cases(register, meeting_id, data.municipality_code)
    return FirstMeeting(meeting_id, True, participants, added)


def _add_open_cases(register: Register, meeting_id: int, municipality_code: str) -> tuple[int, ...]:
    """Every open case of the municipality not yet on the agenda, after those that are
    (one CHANGE entry per case); the new items' ids."""
    added: list[AgendaItem] = []
    with register.session() as session:
        on_agenda = set(
            session.scalars(select(AgendaItem.case_id).where(AgendaItem.meeting_id == meeting_id))
        )
        last = session.scalar(
            select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)
        )
        case_ids = [
            case_id
            for case_id in session.scalars(
                select(Case.id)
                .where(Case.municipality_code == municipality_code, Case.closed_on.is_(None))
                .order_by(Case.number)
            )
            if case_id not in on_agenda
        ]
        for position, case_id in enumerate(case_ids, start=int(last or 0) + 1):
            item = AgendaItem(
                meeting_id=meeting_id,
                case_id=case_id,
                position=position,
                question="",
                asked_of="",
                shared=json.dumps(SharedFields().to_json()),
            )
            session.add(item)
            added.append(item)
            register.audit(session, Action.CHANGE, case_id)
        session.flush()
        return tuple(item.id for item in added)


# --- after the meeting ----------------------------------------------------------------------


def record_agreements(
    register: Register, meeting_id: int, agreements: Sequence[Agreement], on: date | None = None
) -> None:
    """What was agreed, per case: new actions (with the organisation and due date) and who
    holds the case now. Recording again replaces the open actions agreed earlier at this
    meeting; actions already done stay."""
    problems: dict[str, str] = {}
    for agreement in agreements:
        for action in agreement.actions:
            if action.description.strip() and not action.organisation.strip():
                problems[f"organisation:{agreement.item_id}"] = (
                    "Zeg bij elke afspraak welke organisatie hem uitvoert."
                )
    if problems:
        raise FieldProblems(problems)
    with register.session() as session:
        meeting = _meeting(session, meeting_id)
        recorded_on = on or date.today()
        if recorded_on < meeting.held_on:
            raise InvalidInput(
                "Afspraken vastleggen kan pas vanaf de dag van het overleg "
                f"({date_text(meeting.held_on)})."
            )
        for agreement in agreements:
            item = session.get(AgendaItem, agreement.item_id)
            if item is None or item.meeting_id != meeting_id:
                continue
            session.execute(
                delete(CaseAction).where(
                    CaseAction.meeting_id == meeting_id,
                    CaseAction.case_id == item.case_id,
                    CaseAction.done_on.is_(None),
                )
            )
            texts: list[str] = []
            for action in agreement.actions:
                if not action.description.strip():
                    continue
                session.add(
                    CaseAction(
                        case_id=item.case_id,
                        description=action.description.strip(),
                        responsible=action.organisation.strip(),
                        organisation=action.organisation.strip(),
                        due_on=action.due_on,
                        created_by=register.user,
                        meeting_id=meeting_id,
                    )
                )
                texts.append(f"{action.description.strip()} ({action.organisation.strip()})")
            item.holder_after = agreement.holder.strip()
            note = "; ".join(texts)
            if item.holder_after:
                note = f"Casushouder: {item.holder_after}. {note}".strip()
            case = session.get(Case, item.case_id)
            if case is not None:
                event = case_event(register, case, EventKind.OVERLEG, meeting.held_on, note=note)
                session.add(event)
            register.audit(session, Action.CHANGE, item.case_id)
        meeting.agreements_recorded_on = recorded_on


# --- the disclosure log ----------------------------------------------------------------------


def disclosures(register: Register, case_id: int | None = None) -> list[DisclosureEntry]:
    """Newest first; for one case, or all (the Logboek). Case numbers only, no names."""
    with register.session() as session:
        stmt = (
            select(Disclosure, Meeting, Case.number)
            .join(Meeting, Meeting.id == Disclosure.meeting_id)
            .join(Case, Case.id == Disclosure.case_id)
            .order_by(Disclosure.made_at.desc(), Disclosure.id.desc())
        )
        if case_id is not None:
            stmt = stmt.where(Disclosure.case_id == case_id)
        return [
            DisclosureEntry(
                meeting_id=m.id,
                held_on=m.held_on,
                municipality=BY_CODE[m.municipality_code].name,
                case_id=d.case_id,
                case_number=number,
                made_at=d.made_at,
                made_by=d.made_by,
                organisations=_participants(d.organisations),
                pack_date=d.pack_date,
                shared=_participants(d.shared or "[]"),
                password_protected=d.password_protected,
                digest=d.pack_digest,
            )
            for d, m, number in session.execute(stmt).all()
        ]
