"""A case and everything that happens to it. The one way to read or change a case: every
function here writes exactly one access-log entry with the case id, in the same
transaction as its work."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bemoeizorg.casework.intake import FieldProblems, case_event
from bemoeizorg.domain.identity import display_name
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import (
    PHASE_ORDER,
    Concern,
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import (
    Case,
    CaseAction,
    CaseEvent,
    Person,
    Report,
    ReportConcern,
    TeamMember,
    ZrmScore,
)


class PhaseSkipNeedsConfirmation(InvalidInput):
    def __init__(self) -> None:
        super().__init__(
            "Deze casus is nog niet in de fase binden. Weet u zeker dat u direct naar "
            "toeleiden gaat? Bevestig dat dan."
        )


@dataclass(frozen=True, slots=True)
class CaseHeader:
    id: int
    number: str
    name: str
    alias: str
    municipality: str
    owner: str
    specialism: Specialism
    phase: Phase
    phase_since: date
    opened_on: date
    closed_on: date | None
    outcome: Outcome | None
    person_id: int | None = None  # whom the case is about: their person card

    def days_in_phase(self, today: date) -> int:
        return (today - self.phase_since).days

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: int
    on_date: date
    kind: EventKind
    summary: str  # Dutch, for the screen
    note: str
    created_by: str
    report_id: int | None = None  # a melding's line: the melding to read back


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: int
    description: str
    responsible: str
    due_on: date | None
    done_on: date | None


@dataclass(frozen=True, slots=True)
class CaseDetail:
    header: CaseHeader
    timeline: list[TimelineEntry]
    actions: list[ActionItem]
    zrm: dict[date, dict[ZrmDomain, int]]  # scored_on -> domain -> 1..5
    concerns: list[Concern]


# --- reading ------------------------------------------------------------------------------


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise InvalidInput("Deze casus bestaat niet (meer).")
    return case


def _header(session: Session, case: Case) -> CaseHeader:
    person = session.get(Person, case.person_id)
    owner = session.get(TeamMember, case.owner_id) if case.owner_id else None
    assert person is not None
    return CaseHeader(
        id=case.id,
        number=case.number,
        name=display_name(person.given_names, person.prefix, person.family_name),
        alias=person.alias,
        municipality=BY_CODE[case.municipality_code].name,
        owner=owner.name if owner else "",
        specialism=Specialism(case.specialism),
        phase=Phase(case.phase),
        phase_since=case.phase_since,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        outcome=Outcome(case.outcome) if case.outcome else None,
        person_id=case.person_id,
    )


def _summary(event: CaseEvent, session: Session) -> str:
    kind = EventKind(event.kind)
    if kind is EventKind.MELDING and event.report_id:
        report = session.get(Report, event.report_id)
        concerns = session.scalars(
            select(ReportConcern.concern).where(ReportConcern.report_id == event.report_id)
        )
        labels = ", ".join(Concern(c).label.lower() for c in concerns)
        return f"Melding ontvangen ({labels})" if report else "Melding ontvangen"
    if kind is EventKind.CONTACT:
        how = ContactKind(event.contact_kind).label if event.contact_kind else "Contact"
        made = "contact gelegd" if event.contact_made else "geen contact"
        who = f" met {event.contact_with}" if event.contact_with else ""
        return f"{how}{who}: {made}"
    if kind is EventKind.FASE:
        return (
            f"Fase {Phase(event.phase_from).label.lower() if event.phase_from else '?'} → "
            f"{Phase(event.phase_to).label.lower() if event.phase_to else '?'}"
        )
    if kind is EventKind.DOORVERWIJZING:
        target = ReferralTarget(event.referral_target).label if event.referral_target else "?"
        state = {True: "geaccepteerd", False: "niet geaccepteerd", None: "nog onbekend"}
        return f"Doorverwezen naar {target} ({state[event.referral_accepted]})"
    if kind is EventKind.MAATREGEL:
        return f"Maatregel: {Measure(event.measure).label.lower() if event.measure else '?'}"
    if kind is EventKind.AFGESLOTEN:
        outcome = Outcome(event.outcome).label.lower() if event.outcome else "?"
        return f"Casus afgesloten: {outcome}"
    if kind is EventKind.HEROPEND:
        return "Casus heropend"
    if kind is EventKind.ZRM:
        return "ZRM gescoord"
    if kind is EventKind.EIGENAAR:
        return "Dossierhouder gewijzigd"
    if kind is EventKind.OVERLEG:
        return "Afspraken in het netwerkoverleg"
    return "Notitie"


def read_case(register: Register, case_id: int) -> CaseDetail:
    """Open a case for viewing (logged as a view)."""
    with register.session() as session:
        case = _case(session, case_id)
        events = session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id)
            .order_by(CaseEvent.on_date.desc(), CaseEvent.id.desc())
        )
        timeline = [
            TimelineEntry(
                e.id,
                e.on_date,
                EventKind(e.kind),
                _summary(e, session),
                e.note,
                e.created_by,
                e.report_id,
            )
            for e in events
        ]
        actions = [
            ActionItem(a.id, a.description, a.responsible, a.due_on, a.done_on)
            for a in session.scalars(
                select(CaseAction)
                .where(CaseAction.case_id == case_id)
                .order_by(CaseAction.due_on.is_(None), CaseAction.due_on, CaseAction.id)
            )
        ]
        zrm: dict[date, dict[ZrmDomain, int]] = {}
        for score in session.scalars(
            select(ZrmScore).where(ZrmScore.case_id == case_id).order_by(ZrmScore.scored_on)
        ):
            zrm.setdefault(score.scored_on, {})[ZrmDomain(score.domain)] = score.score
        concerns = sorted(
            {
                Concern(c)
                for c in session.scalars(
                    select(ReportConcern.concern)
                    .join(Report, Report.id == ReportConcern.report_id)
                    .where(Report.case_id == case_id)
                )
            }
        )
        header = _header(session, case)
        register.audit(session, Action.VIEW, case_id)
        return CaseDetail(header, timeline, actions, zrm, concerns)


# --- changing -----------------------------------------------------------------------------


def _check_date(on_date: date, case: Case, today: date | None = None) -> None:
    today = today or date.today()
    if on_date > today:
        raise FieldProblems({"on_date": "Deze datum ligt in de toekomst."})
    if on_date < case.opened_on:
        raise FieldProblems({"on_date": "Deze datum ligt vóór de opening van de casus."})


def _open_case(session: Session, case_id: int) -> Case:
    case = _case(session, case_id)
    if case.closed_on is not None:
        raise InvalidInput("Deze casus is afgesloten. Heropen hem eerst.")
    return case


@contextmanager
def _changing(
    register: Register, case_id: int, on_date: date | None = None
) -> Iterator[tuple[Session, Case]]:
    """The frame of every change to an open case: the case must be open and a date within
    its life, and the change is logged in the same transaction (not when the body fails)."""
    with register.session() as session:
        case = _open_case(session, case_id)
        if on_date is not None:
            _check_date(on_date, case)
        yield session, case
        register.audit(session, Action.CHANGE, case_id)


def _add_event(
    register: Register, case_id: int, kind: EventKind, on_date: date, **fields: object
) -> None:
    """A change that is only a line on the timeline."""
    with _changing(register, case_id, on_date) as (session, case):
        session.add(case_event(register, case, kind, on_date, **fields))


def log_contact(
    register: Register,
    case_id: int,
    on_date: date,
    kind: ContactKind,
    with_whom: str,
    contact_made: bool,
    note: str = "",
) -> int:
    with _changing(register, case_id, on_date) as (session, case):
        event = case_event(
            register,
            case,
            EventKind.CONTACT,
            on_date,
            contact_kind=kind.value,
            contact_with=with_whom.strip(),
            contact_made=contact_made,
            note=note,
        )
        session.add(event)
        if case.last_contact_on is None or on_date > case.last_contact_on:
            case.last_contact_on = on_date
        session.flush()
        return event.id


def change_phase(
    register: Register,
    case_id: int,
    to: Phase,
    on_date: date,
    reason: str,
    *,
    confirmed_skip: bool = False,
) -> None:
    """vinden -> binden -> toeleiden; skipping binden needs the worker's confirmation."""
    if not reason.strip():
        raise FieldProblems({"reason": "Geef in een paar woorden de reden van de fasewissel."})
    with _changing(register, case_id, on_date) as (session, case):
        current = Phase(case.phase)
        if to is current:
            raise InvalidInput(f"De casus is al in de fase {to.label.lower()}.")
        if on_date < case.phase_since:
            raise FieldProblems({"on_date": "Deze datum ligt vóór het begin van de huidige fase."})
        skipping = PHASE_ORDER.index(to) - PHASE_ORDER.index(current) > 1
        if skipping and not confirmed_skip:
            raise PhaseSkipNeedsConfirmation()
        session.add(
            case_event(
                register,
                case,
                EventKind.FASE,
                on_date,
                phase_from=current.value,
                phase_to=to.value,
                note=reason.strip(),
            )
        )
        case.phase = to.value
        case.phase_since = on_date


def add_referral(
    register: Register,
    case_id: int,
    on_date: date,
    target: ReferralTarget,
    accepted: bool | None,
    note: str = "",
) -> None:
    _add_event(
        register,
        case_id,
        EventKind.DOORVERWIJZING,
        on_date,
        referral_target=target.value,
        referral_accepted=accepted,
        note=note,
    )


def add_note(register: Register, case_id: int, on_date: date, note: str) -> None:
    if not note.strip():
        raise FieldProblems({"note": "Een notitie kan niet leeg zijn."})
    _add_event(register, case_id, EventKind.NOTITIE, on_date, note=note)


def add_measure(
    register: Register, case_id: int, on_date: date, measure: Measure, note: str = ""
) -> None:
    """Drang or dwang (crisis measure, care authorisation ...) noted on the case."""
    _add_event(register, case_id, EventKind.MAATREGEL, on_date, measure=measure.value, note=note)


def score_zrm(
    register: Register, case_id: int, on_date: date, scores: Mapping[ZrmDomain, int]
) -> None:
    bad = {d.label: s for d, s in scores.items() if not 1 <= s <= 5}
    if bad:
        raise FieldProblems({"zrm": "Een ZRM-score is 1 tot en met 5."})
    if not scores:
        raise FieldProblems({"zrm": "Scoor minstens één leefgebied."})
    with _changing(register, case_id, on_date) as (session, case):
        session.execute(
            delete(ZrmScore).where(ZrmScore.case_id == case_id, ZrmScore.scored_on == on_date)
        )
        session.add_all(
            ZrmScore(case_id=case_id, scored_on=on_date, domain=d.value, score=s)
            for d, s in scores.items()
        )
        session.add(case_event(register, case, EventKind.ZRM, on_date))


def add_action(
    register: Register, case_id: int, description: str, responsible: str, due_on: date | None
) -> int:
    if not description.strip():
        raise FieldProblems({"description": "Beschrijf wat er moet gebeuren."})
    with _changing(register, case_id) as (session, _):
        action = CaseAction(
            case_id=case_id,
            description=description.strip(),
            responsible=responsible.strip(),
            due_on=due_on,
            created_by=register.user,
        )
        session.add(action)
        session.flush()
        return action.id


def complete_action(register: Register, action_id: int, done_on: date | None = None) -> None:
    with register.session() as session:
        action = session.get(CaseAction, action_id)
        if action is None:
            raise InvalidInput("Deze actie bestaat niet (meer).")
        _open_case(session, action.case_id)
        action.done_on = done_on or date.today()
        register.audit(session, Action.CHANGE, action.case_id)


def change_owner(register: Register, case_id: int, owner_id: int, on_date: date) -> None:
    with _changing(register, case_id, on_date) as (session, case):
        owner = session.get(TeamMember, owner_id)
        if owner is None:
            raise FieldProblems({"owner": "Kies een dossierhouder uit het team."})
        case.owner_id = owner_id
        session.add(case_event(register, case, EventKind.EIGENAAR, on_date, note=owner.name))


def close_case(
    register: Register, case_id: int, outcome: Outcome, on_date: date, note: str = ""
) -> None:
    with _changing(register, case_id, on_date) as (session, case):
        case.closed_on = on_date
        case.outcome = outcome.value
        session.add(
            case_event(
                register, case, EventKind.AFGESLOTEN, on_date, outcome=outcome.value, note=note
            )
        )


def reopen_case(register: Register, case_id: int, on_date: date, reason: str) -> None:
    """A closed case comes back in the phase it had; another open case blocks this."""
    if not reason.strip():
        raise FieldProblems({"reason": "Geef de reden van heropenen."})
    with register.session() as session:
        case = _case(session, case_id)
        if case.closed_on is None:
            raise InvalidInput("Deze casus is niet afgesloten.")
        if on_date < case.closed_on:
            raise FieldProblems({"on_date": "Deze datum ligt vóór de afsluiting."})
        if on_date > date.today():
            raise FieldProblems({"on_date": "Deze datum ligt in de toekomst."})
        other = session.scalar(
            select(Case.id).where(
                Case.person_id == case.person_id, Case.closed_on.is_(None), Case.id != case_id
            )
        )
        if other is not None:
            raise InvalidInput("Deze persoon heeft al een andere open casus.")
        case.closed_on = None
        case.outcome = None
        session.add(case_event(register, case, EventKind.HEROPEND, on_date, note=reason.strip()))
        register.audit(session, Action.CHANGE, case_id)
