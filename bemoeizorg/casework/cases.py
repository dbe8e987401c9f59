"""A case and everything that happens to it. The one way to read or change a case: every
function here writes exactly one access-log entry with the case id, in the same
transaction as its work.

Timeline lines are never changed or removed here: a correction or a withdrawal
(casework/corrections.py) marks a line superseded and the timeline shows it as such; what
counts (the phase, open or closed, ZRM over time) reads the current lines only."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bemoeizorg.casework import drafts
from bemoeizorg.casework.intake import FieldProblems, case_event, now_text
from bemoeizorg.casework.read_entries import log_sight
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.identity import display_name
from bemoeizorg.domain.municipalities import BY_CODE
from bemoeizorg.domain.people import Role, Specialism
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
from bemoeizorg.store.concurrency import CaseChangedMeanwhile
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
class CaseState:
    """What a change of a case's state starts from, as the window showed it: its phase (and
    since when), whether it is closed, and its owner. A phase change, closing, owner change
    or reopening made from a window that showed another state is refused
    (`CaseChangedMeanwhile`): a colleague changed it meanwhile. Lines added to the timeline
    (contacts, notes, scores, actions) leave it as it is, so they never stop one another."""

    phase: Phase
    phase_since: date
    closed_on: date | None
    owner_id: int | None


def case_state(case: Case) -> CaseState:
    return CaseState(Phase(case.phase), case.phase_since, case.closed_on, case.owner_id)


def _expect_state(case: Case, shown: CaseState | None) -> None:
    """None: the caller showed no state (the command line, a test): nothing to compare."""
    if shown is not None and case_state(case) != shown:
        raise CaseChangedMeanwhile()


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
    state: CaseState | None = None  # as read: what a state change in the window starts from

    def days_in_phase(self, today: date) -> int:
        return (today - self.phase_since).days

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ZrmSameDayNeedsConfirmation(InvalidInput):
    """A second ZRM score on a day that has one: the worker says whether it replaces the
    first (which stays in the register, marked as replaced)."""

    def __init__(self, on_date: date) -> None:
        when = "vandaag" if on_date == date.today() else f"op {date_text(on_date)}"
        super().__init__(
            f"Er is {when} al een ZRM-score vastgelegd voor deze casus. Vervangen? De eerste "
            "score blijft bewaard, gemarkeerd als vervangen."
        )


@dataclass(frozen=True, slots=True)
class EventValues:
    """What was recorded on a line, typed: what a correction dialog starts from."""

    contact_kind: ContactKind | None = None
    contact_with: str = ""
    contact_made: bool | None = None
    phase_from: Phase | None = None
    phase_to: Phase | None = None
    referral_target: ReferralTarget | None = None
    referral_accepted: bool | None = None
    measure: Measure | None = None
    outcome: Outcome | None = None
    zrm: Mapping[ZrmDomain, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: int
    on_date: date
    kind: EventKind
    summary: str  # Dutch, for the screen
    note: str
    created_by: str
    report_id: int | None = None  # a melding's line: the melding to read back
    values: EventValues = field(default_factory=EventValues)
    corrects_id: int | None = None  # a correction: the line it took the place of
    superseded_at: str | None = None  # ISO moment (UTC) it was corrected or withdrawn
    superseded_by: str = ""
    supersede_reason: str = ""
    replaced_by_id: int | None = None  # the correction that took its place (None: withdrawn)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def is_withdrawn(self) -> bool:
        return self.superseded_at is not None and self.replaced_by_id is None


@dataclass(frozen=True, slots=True)
class ActionItem:
    id: int
    description: str
    responsible: str
    due_on: date | None
    done_on: date | None
    created_by: str = ""


@dataclass(frozen=True, slots=True)
class CaseDetail:
    header: CaseHeader
    timeline: list[TimelineEntry]
    actions: list[ActionItem]
    zrm: dict[date, dict[ZrmDomain, int]]  # scored_on -> domain -> 1..5 (current lines)
    concerns: list[Concern]
    may_correct: bool = False  # the user may correct and withdraw lines (owner, teamleider)


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
        state=case_state(case),
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


def _values(event: CaseEvent, zrm: Mapping[ZrmDomain, int]) -> EventValues:
    return EventValues(
        contact_kind=ContactKind(event.contact_kind) if event.contact_kind else None,
        contact_with=event.contact_with,
        contact_made=event.contact_made,
        phase_from=Phase(event.phase_from) if event.phase_from else None,
        phase_to=Phase(event.phase_to) if event.phase_to else None,
        referral_target=(ReferralTarget(event.referral_target) if event.referral_target else None),
        referral_accepted=event.referral_accepted,
        measure=Measure(event.measure) if event.measure else None,
        outcome=Outcome(event.outcome) if event.outcome else None,
        zrm=zrm,
    )


def is_owner(session: Session, register: Register, case: Case) -> bool:
    """Whether the acting user is this case's owner (dossierhouder)."""
    if case.owner_id is None:
        return False
    owner = session.get(TeamMember, case.owner_id)
    return owner is not None and owner.name.casefold() == register.user.casefold()


def may_correct(session: Session, register: Register, case: Case, role: Role) -> bool:
    """The case owner or a teamleider may correct and withdraw the case's lines. `role` is
    read before the transaction (Register.role reads in a session of its own)."""
    return role is Role.TEAMLEIDER or is_owner(session, register, case)


def current_zrm_scores(session: Session, case_id: int) -> list[ZrmScore]:
    """The case's ZRM scores of lines not corrected or withdrawn (older scores without a
    line count as current), by date."""
    return list(
        session.scalars(
            select(ZrmScore)
            .outerjoin(CaseEvent, CaseEvent.id == ZrmScore.event_id)
            .where(
                ZrmScore.case_id == case_id,
                or_(ZrmScore.event_id.is_(None), CaseEvent.superseded_at.is_(None)),
            )
            .order_by(ZrmScore.scored_on, ZrmScore.id)
        )
    )


def read_case(register: Register, case_id: int) -> CaseDetail:
    """Open a case for viewing (logged as a view). The timeline holds every line, the
    corrected and withdrawn ones too (marked); ZRM over time only the current scores."""
    role = register.role()
    with register.session() as session:
        case = _case(session, case_id)
        events = list(
            session.scalars(
                select(CaseEvent)
                .where(CaseEvent.case_id == case_id)
                .order_by(CaseEvent.on_date.desc(), CaseEvent.id.desc())
            )
        )
        replaced_by = {e.corrects_id: e.id for e in events if e.corrects_id is not None}
        scores_of: dict[int, dict[ZrmDomain, int]] = {}
        untied: dict[date, dict[ZrmDomain, int]] = {}  # saved before scores named a line
        for score in session.scalars(select(ZrmScore).where(ZrmScore.case_id == case_id)):
            scored = untied.setdefault(score.scored_on, {})
            if score.event_id is not None:
                scored = scores_of.setdefault(score.event_id, {})
            scored[ZrmDomain(score.domain)] = score.score
        for e in events:  # an older ZRM line: the scores of its day (one set a day then)
            if e.kind == EventKind.ZRM.value and e.id not in scores_of and e.on_date in untied:
                scores_of[e.id] = untied[e.on_date]
        timeline = [
            TimelineEntry(
                e.id,
                e.on_date,
                EventKind(e.kind),
                _summary(e, session),
                e.note,
                e.created_by,
                e.report_id,
                values=_values(e, scores_of.get(e.id, {})),
                corrects_id=e.corrects_id,
                superseded_at=e.superseded_at,
                superseded_by=e.superseded_by,
                supersede_reason=e.supersede_reason,
                replaced_by_id=replaced_by.get(e.id),
            )
            for e in events
        ]
        actions = [
            ActionItem(a.id, a.description, a.responsible, a.due_on, a.done_on, a.created_by)
            for a in session.scalars(
                select(CaseAction)
                .where(CaseAction.case_id == case_id)
                .order_by(CaseAction.due_on.is_(None), CaseAction.due_on, CaseAction.id)
            )
        ]
        zrm: dict[date, dict[ZrmDomain, int]] = {}
        for score in current_zrm_scores(session, case_id):
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
        allowed = may_correct(session, register, case, role)
        log_sight(register, session, case_id)
        return CaseDetail(header, timeline, actions, zrm, concerns, allowed)


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
    register: Register,
    case_id: int,
    on_date: date | None = None,
    *,
    shown: CaseState | None = None,
) -> Iterator[tuple[Session, Case]]:
    """The frame of every change to an open case: the case must be open, still in the
    state the window showed (`shown`, for a change of its state) and a date within its
    life, and the change is logged in the same transaction (not when the body fails)."""
    with register.session() as session:
        case = _open_case(session, case_id)
        _expect_state(case, shown)
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
    *,
    draft_id: int | None = None,
) -> int:
    """A contact on the timeline; `draft_id` is the form's draft, thrown away in the same
    transaction (issue 16: one fsynced commit per save, not one more for the draft)."""
    with _changing(register, case_id, on_date) as (session, case):
        if draft_id is not None:
            drafts.discard_in(session, register.user, draft_id)
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
    shown: CaseState | None = None,
) -> None:
    """vinden -> binden -> toeleiden; skipping binden needs the worker's confirmation."""
    if not reason.strip():
        raise FieldProblems({"reason": "Geef in een paar woorden de reden van de fasewissel."})
    with _changing(register, case_id, on_date, shown=shown) as (session, case):
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
    register: Register,
    case_id: int,
    on_date: date,
    scores: Mapping[ZrmDomain, int],
    *,
    replace_same_day: bool = False,
) -> int:
    """A ZRM line with its scores (tied to the line). A day that has a current ZRM line
    already asks first (ZrmSameDayNeedsConfirmation); replaced, the first line stays in the
    register, marked as replaced by the new one, and its scores leave the graph."""
    bad = {d.label: s for d, s in scores.items() if not 1 <= s <= 5}
    if bad:
        raise FieldProblems({"zrm": "Een ZRM-score is 1 tot en met 5."})
    if not scores:
        raise FieldProblems({"zrm": "Scoor minstens één leefgebied."})
    with _changing(register, case_id, on_date) as (session, case):
        first = session.scalar(
            select(CaseEvent)
            .where(
                CaseEvent.case_id == case_id,
                CaseEvent.kind == EventKind.ZRM.value,
                CaseEvent.on_date == on_date,
                CaseEvent.superseded_at.is_(None),
            )
            .order_by(CaseEvent.id.desc())
            .limit(1)
        )
        if first is not None and not replace_same_day:
            raise ZrmSameDayNeedsConfirmation(on_date)
        event = case_event(
            register,
            case,
            EventKind.ZRM,
            on_date,
            corrects_id=first.id if first is not None else None,
        )
        session.add(event)
        session.flush()
        if first is not None:
            tie_zrm_scores(session, first)
            supersede(register, first, SAME_DAY_REASON)
        session.add_all(
            ZrmScore(case_id=case_id, scored_on=on_date, domain=d.value, score=s, event_id=event.id)
            for d, s in scores.items()
        )
        return event.id


SAME_DAY_REASON = "Opnieuw gescoord op dezelfde dag"


def tie_zrm_scores(session: Session, event: CaseEvent) -> None:
    """Scores saved before scores named their line (event_id None) belong to the ZRM line
    of their day: tie them to it, so that superseding the line takes them along."""
    for score in session.scalars(
        select(ZrmScore).where(
            ZrmScore.case_id == event.case_id,
            ZrmScore.scored_on == event.on_date,
            ZrmScore.event_id.is_(None),
        )
    ):
        score.event_id = event.id


def supersede(register: Register, event: CaseEvent, reason: str) -> None:
    """Mark a line corrected or withdrawn: who, when, why. Its content stays as it was."""
    event.superseded_at = now_text()
    event.superseded_by = register.user
    event.supersede_reason = reason.strip()


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


def _action(session: Session, action_id: int) -> CaseAction:
    action = session.get(CaseAction, action_id)
    if action is None:
        raise InvalidInput("Deze actie bestaat niet (meer).")
    return action


def change_owner(
    register: Register,
    case_id: int,
    owner_id: int,
    on_date: date,
    *,
    shown: CaseState | None = None,
) -> None:
    with _changing(register, case_id, on_date, shown=shown) as (session, case):
        owner = session.get(TeamMember, owner_id)
        if owner is None:
            raise FieldProblems({"owner": "Kies een dossierhouder uit het team."})
        case.owner_id = owner_id
        session.add(case_event(register, case, EventKind.EIGENAAR, on_date, note=owner.name))


def close_case(
    register: Register,
    case_id: int,
    outcome: Outcome,
    on_date: date,
    note: str = "",
    *,
    shown: CaseState | None = None,
) -> None:
    with _changing(register, case_id, on_date, shown=shown) as (session, case):
        case.closed_on = on_date
        case.outcome = outcome.value
        session.add(
            case_event(
                register, case, EventKind.AFGESLOTEN, on_date, outcome=outcome.value, note=note
            )
        )


def reopen_case(
    register: Register,
    case_id: int,
    on_date: date,
    reason: str,
    *,
    shown: CaseState | None = None,
) -> None:
    """A closed case comes back in the phase it had; another open case blocks this."""
    if not reason.strip():
        raise FieldProblems({"reason": "Geef de reden van heropenen."})
    with register.session() as session:
        case = _case(session, case_id)
        _expect_state(case, shown)
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
