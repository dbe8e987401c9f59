"""Corrections with a trail: a line on a case's timeline is corrected or withdrawn, never
changed or removed.

A correction is a new line of the same kind whose `corrects_id` names the original; the
original stays as it was, marked superseded (when, by whom, the short reason). A withdrawal
only marks the original. Either is one CHANGE in the access log, with the case id and no
values. What the case's state is made of follows the current lines again: a phase change
corrected or withdrawn moves the phase, a closing withdrawn reopens the case (a reopening
withdrawn closes it again), a contact corrected moves the last contact date, and a ZRM line
takes its scores out of the graph with it.

Who may: the case owner (dossierhouder) and a teamleider. The melding's own line belongs
to the intake and is not corrected here; a change of owner is made by choosing the right
owner, agreements of a network meeting at the meeting.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bemoeizorg.casework.cases import (
    _case,
    _check_date,
    may_correct,
    supersede,
    tie_zrm_scores,
)
from bemoeizorg.casework.intake import FieldProblems, case_event
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput, NotAllowed, RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case, CaseAction, CaseEvent, ZrmScore

CORRECTABLE = frozenset(
    {
        EventKind.CONTACT,
        EventKind.FASE,
        EventKind.DOORVERWIJZING,
        EventKind.NOTITIE,
        EventKind.ZRM,
        EventKind.MAATREGEL,
        EventKind.AFGESLOTEN,
    }
)
# A reopening by mistake is withdrawn (the case is closed again); it has nothing to correct.
WITHDRAWABLE = CORRECTABLE | {EventKind.HEROPEND}

NO_CORRECTION_REASON = "Geef in een paar woorden de reden van de correctie."
NO_WITHDRAW_REASON = "Geef in een paar woorden de reden van het intrekken."
OUTCOME_KNOWN = "Uitkomst bekend"
REASON_FIELD = "correction_reason"  # the field of the reason, in FieldProblems
LOGGED_CORRECTED = "regel gecorrigeerd ({kind})"  # the access log's detail
LOGGED_WITHDRAWN = "regel ingetrokken ({kind})"
ALREADY_SUPERSEDED = (
    "Deze regel is al gecorrigeerd of ingetrokken. Corrigeer zo nodig de nieuwste versie."
)
NOT_HERE = {
    EventKind.MELDING: (
        "De melding zelf wordt hier niet gecorrigeerd of ingetrokken: die hoort bij de "
        "intake. Lees hem terug met 'Melding inzien'."
    ),
    EventKind.EIGENAAR: (
        "Een wisseling van dossierhouder corrigeert u door de juiste dossierhouder te kiezen."
    ),
    EventKind.OVERLEG: "Afspraken uit een netwerkoverleg corrigeert u bij dat overleg.",
}
NOT_THIS_KIND = "Deze regel kan niet worden gecorrigeerd."
NOT_WITHDRAWABLE = "Deze regel kan niet worden ingetrokken."
OTHER_OPEN_CASE = (
    "Deze persoon heeft al een andere open casus; intrekken zou deze casus heropenen. "
    "Sluit eerst de andere casus af."
)
ZRM_DAY_TAKEN = "Op die dag is al een ZRM-score vastgelegd. Corrigeer die score."
# Short enough for one line under the date field.
PHASE_BEFORE = "Deze datum ligt vóór de fasewissel ervoor ({day})."
PHASE_AFTER = "Kies een datum vóór de fasewissel erna ({day})."
ACTION_NOT_YOURS = (
    "Alleen de dossierhouder van deze casus en een teamleider mogen een actie wijzigen, "
    "afronden of weer openzetten. Vraag het aan de dossierhouder."
)


class NotOwnerOrTeamleider(NotAllowed):
    """Only the case owner and a teamleider correct or withdraw a case's lines."""

    def __init__(self) -> None:
        RegisterError.__init__(
            self,
            "Alleen de dossierhouder van deze casus en een teamleider mogen regels "
            "corrigeren of intrekken. Vraag het aan de dossierhouder.",
        )


class ActionNotOwnerOrTeamleider(NotAllowed):
    """Only the case owner and a teamleider change, finish or reopen a case's actions."""

    def __init__(self) -> None:
        RegisterError.__init__(self, ACTION_NOT_YOURS)


# --- the frame ------------------------------------------------------------------------------


@contextmanager
def _superseding(
    register: Register,
    event_id: int,
    reason: str,
    *,
    kinds: frozenset[EventKind],
    no_reason: str,
    not_allowed: str,
    logged_as: str,
) -> Iterator[tuple[Session, Case, CaseEvent]]:
    """The frame of every correction and withdrawal: a reason, a current line of a kind
    that may be corrected here, a user who may; one CHANGE in the same transaction."""
    if not reason.strip():
        raise FieldProblems({REASON_FIELD: no_reason})
    role = register.role()  # its own session: read before this one opens
    with register.session() as session:
        original = session.get(CaseEvent, event_id)
        if original is None:
            raise InvalidInput("Deze regel bestaat niet (meer).")
        case = _case(session, original.case_id)
        if not may_correct(session, register, case, role):
            raise NotOwnerOrTeamleider()
        kind = EventKind(original.kind)
        if kind not in kinds:
            raise InvalidInput(NOT_HERE.get(kind, not_allowed))
        if original.superseded_at is not None:
            raise InvalidInput(ALREADY_SUPERSEDED)
        yield session, case, original
        # What kind of change, in the program's own words: never the reason or a value.
        register.audit(session, Action.CHANGE, case.id, detail=logged_as.format(kind=kind.label))


def _replace(
    register: Register,
    session: Session,
    case: Case,
    original: CaseEvent,
    reason: str,
    on_date: date,
    **fields: object,
) -> CaseEvent:
    """The corrected line in the original's place; the original marked, then the case's
    state follows the current lines."""
    _check_date(on_date, case)
    event = case_event(
        register, case, EventKind(original.kind), on_date, corrects_id=original.id, **fields
    )
    session.add(event)
    session.flush()
    supersede(register, original, reason)
    session.flush()
    _follow_lines(session, case, EventKind(original.kind))
    return event


# --- the case follows its current lines -------------------------------------------------------


def _current(session: Session, case: Case, *kinds: EventKind) -> CaseEvent | None:
    """The case's latest current line of these kinds (by date, then as entered)."""
    return session.scalar(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            CaseEvent.kind.in_([k.value for k in kinds]),
            CaseEvent.superseded_at.is_(None),
        )
        .order_by(CaseEvent.on_date.desc(), CaseEvent.id.desc())
        .limit(1)
    )


def _follow_lines(session: Session, case: Case, kind: EventKind) -> None:
    """Recompute what the changed kind of line decides; the rest of the case row stays as
    it is (older registers may hold states no line explains)."""
    if kind is EventKind.FASE:
        latest = _current(session, case, EventKind.FASE)
        if latest is not None and latest.phase_to:
            case.phase, case.phase_since = latest.phase_to, latest.on_date
        else:
            case.phase, case.phase_since = Phase.VINDEN.value, case.opened_on
    elif kind in (EventKind.AFGESLOTEN, EventKind.HEROPEND):
        latest = _current(session, case, EventKind.AFGESLOTEN, EventKind.HEROPEND)
        if latest is not None and latest.kind == EventKind.AFGESLOTEN.value:
            case.closed_on, case.outcome = latest.on_date, latest.outcome
        else:
            if case.closed_on is not None:
                other = session.scalar(
                    select(Case.id).where(
                        Case.person_id == case.person_id,
                        Case.closed_on.is_(None),
                        Case.id != case.id,
                    )
                )
                if other is not None:
                    raise InvalidInput(OTHER_OPEN_CASE)
            case.closed_on, case.outcome = None, None
    elif kind is EventKind.CONTACT:
        latest = _current(session, case, EventKind.CONTACT)
        case.last_contact_on = latest.on_date if latest is not None else None


# --- corrections ------------------------------------------------------------------------------


@contextmanager
def _frame(
    register: Register, event_id: int, reason: str, kind: EventKind
) -> Iterator[tuple[Session, Case, CaseEvent]]:
    """A correction of a line of this kind (a correction keeps the kind)."""
    with _superseding(
        register,
        event_id,
        reason,
        kinds=frozenset({kind}) & CORRECTABLE,
        no_reason=NO_CORRECTION_REASON,
        not_allowed=NOT_THIS_KIND,
        logged_as=LOGGED_CORRECTED,
    ) as frame:
        yield frame


def correct_contact(
    register: Register,
    event_id: int,
    reason: str,
    on_date: date,
    kind: ContactKind,
    with_whom: str,
    contact_made: bool,
    note: str = "",
) -> int:
    with _frame(register, event_id, reason, EventKind.CONTACT) as (session, case, original):
        return _replace(
            register,
            session,
            case,
            original,
            reason,
            on_date,
            contact_kind=kind.value,
            contact_with=with_whom.strip(),
            contact_made=contact_made,
            note=note,
        ).id


def correct_phase_change(
    register: Register, event_id: int, reason: str, to: Phase, on_date: date, why: str
) -> int:
    """The phase change as it really went: to which phase, when, why (`why` is the phase
    change's own reason). The case's phase follows its latest current phase change."""
    if not why.strip():
        raise FieldProblems({"reason": "Geef in een paar woorden de reden van de fasewissel."})
    with _frame(register, event_id, reason, EventKind.FASE) as (session, case, original):
        if original.phase_from == to.value:
            raise FieldProblems({"phase": "Kies een andere fase dan de fase ervoor."})
        _between_neighbours(session, case, original, on_date)
        return _replace(
            register,
            session,
            case,
            original,
            reason,
            on_date,
            phase_from=original.phase_from,
            phase_to=to.value,
            note=why.strip(),
        ).id


def _between_neighbours(session: Session, case: Case, original: CaseEvent, on_date: date) -> None:
    """A corrected phase change keeps its place among the case's current phase changes:
    on or after the day of the one before it, before the day of the one after it (a
    corrected line is newer than its neighbours, so on the same day it would come after
    both). Otherwise the phases would no longer follow one another."""
    others = session.execute(
        select(CaseEvent.on_date, CaseEvent.id).where(
            CaseEvent.case_id == case.id,
            CaseEvent.kind == EventKind.FASE.value,
            CaseEvent.superseded_at.is_(None),
            CaseEvent.id != original.id,
        )
    ).all()
    place = (original.on_date, original.id)
    before = [day for day, event_id in others if (day, event_id) < place]
    after = [day for day, event_id in others if (day, event_id) > place]
    if before and on_date < max(before):
        raise FieldProblems({"on_date": PHASE_BEFORE.format(day=date_text(max(before)))})
    if after and on_date >= min(after):
        raise FieldProblems({"on_date": PHASE_AFTER.format(day=date_text(min(after)))})


def correct_referral(
    register: Register,
    event_id: int,
    reason: str,
    on_date: date,
    target: ReferralTarget,
    accepted: bool | None,
    note: str = "",
) -> int:
    with _frame(register, event_id, reason, EventKind.DOORVERWIJZING) as (session, case, original):
        return _replace(
            register,
            session,
            case,
            original,
            reason,
            on_date,
            referral_target=target.value,
            referral_accepted=accepted,
            note=note,
        ).id


def record_referral_outcome(
    register: Register, event_id: int, accepted: bool, reason: str = OUTCOME_KNOWN
) -> int:
    """A referral's outcome once it is known ("Nog onbekend" -> "Ja"/"Nee"): a correction of
    the referral with everything else as it was."""
    with _frame(register, event_id, reason, EventKind.DOORVERWIJZING) as (session, case, original):
        return _replace(
            register,
            session,
            case,
            original,
            reason,
            original.on_date,
            referral_target=original.referral_target,
            referral_accepted=accepted,
            note=original.note,
        ).id


def correct_note(register: Register, event_id: int, reason: str, on_date: date, note: str) -> int:
    if not note.strip():
        raise FieldProblems({"note": "Een notitie kan niet leeg zijn."})
    with _frame(register, event_id, reason, EventKind.NOTITIE) as (session, case, original):
        return _replace(register, session, case, original, reason, on_date, note=note).id


def correct_measure(
    register: Register, event_id: int, reason: str, on_date: date, measure: Measure, note: str = ""
) -> int:
    with _frame(register, event_id, reason, EventKind.MAATREGEL) as (session, case, original):
        return _replace(
            register, session, case, original, reason, on_date, measure=measure.value, note=note
        ).id


def correct_closing(
    register: Register,
    event_id: int,
    reason: str,
    on_date: date,
    outcome: Outcome,
    note: str = "",
) -> int:
    """The closing as it really went (date, outcome, note); the case's closed date and
    outcome follow. Withdraw it (`withdraw_event`) when the case was not closed at all."""
    with _frame(register, event_id, reason, EventKind.AFGESLOTEN) as (session, case, original):
        return _replace(
            register, session, case, original, reason, on_date, outcome=outcome.value, note=note
        ).id


def correct_zrm(
    register: Register,
    event_id: int,
    reason: str,
    on_date: date,
    scores: Mapping[ZrmDomain, int],
) -> int:
    """The scores as they should have been: a new ZRM line with its scores; the original's
    scores stay in the register, out of the graph."""
    if any(not 1 <= s <= 5 for s in scores.values()):
        raise FieldProblems({"zrm": "Een ZRM-score is 1 tot en met 5."})
    if not scores:
        raise FieldProblems({"zrm": "Scoor minstens één leefgebied."})
    with _frame(register, event_id, reason, EventKind.ZRM) as (session, case, original):
        taken = session.scalar(
            select(CaseEvent.id).where(
                CaseEvent.case_id == case.id,
                CaseEvent.kind == EventKind.ZRM.value,
                CaseEvent.on_date == on_date,
                CaseEvent.superseded_at.is_(None),
                CaseEvent.id != original.id,
            )
        )
        if taken is not None:
            raise FieldProblems({"on_date": ZRM_DAY_TAKEN})
        tie_zrm_scores(session, original)
        event = _replace(register, session, case, original, reason, on_date)
        session.add_all(
            ZrmScore(case_id=case.id, scored_on=on_date, domain=d.value, score=s, event_id=event.id)
            for d, s in scores.items()
        )
        return event.id


# --- withdrawing ------------------------------------------------------------------------------


def withdraw_event(register: Register, event_id: int, reason: str) -> None:
    """Take a line back: it stays in the register, marked withdrawn, and no longer counts.
    A closing withdrawn reopens the case; a phase change withdrawn moves the phase back."""
    with _superseding(
        register,
        event_id,
        reason,
        kinds=WITHDRAWABLE,
        no_reason=NO_WITHDRAW_REASON,
        not_allowed=NOT_WITHDRAWABLE,
        logged_as=LOGGED_WITHDRAWN,
    ) as (session, case, original):
        if original.kind == EventKind.ZRM.value:
            tie_zrm_scores(session, original)
        supersede(register, original, reason)
        session.flush()
        _follow_lines(session, case, EventKind(original.kind))


# --- actions ----------------------------------------------------------------------------------


@contextmanager
def _changing_action(register: Register, action_id: int) -> Iterator[tuple[Session, CaseAction]]:
    """The frame of every change to an action: the case owner or a teamleider, also on a
    closed case (what was open when it closed can still be done); one CHANGE with the
    case id in the same transaction."""
    role = register.role()  # its own session: read before this one opens
    with register.session() as session:
        action = session.get(CaseAction, action_id)
        if action is None:
            raise InvalidInput("Deze actie bestaat niet (meer).")
        case = _case(session, action.case_id)
        if not may_correct(session, register, case, role):
            raise ActionNotOwnerOrTeamleider()
        yield session, action
        register.audit(session, Action.CHANGE, case.id)


def edit_action(
    register: Register,
    action_id: int,
    description: str,
    responsible: str,
    due_on: date | None,
) -> None:
    """Change what is to be done, by whom and by when."""
    if not description.strip():
        raise FieldProblems({"description": "Beschrijf wat er moet gebeuren."})
    with _changing_action(register, action_id) as (_, action):
        action.description = description.strip()
        action.responsible = responsible.strip()
        action.due_on = due_on


def complete_action(register: Register, action_id: int, done_on: date | None = None) -> None:
    """Mark an action done (today unless said). `reopen_action` undoes it."""
    with _changing_action(register, action_id) as (_, action):
        if action.done_on is not None:
            raise InvalidInput("Deze actie is al afgerond.")
        action.done_on = done_on or date.today()


def reopen_action(register: Register, action_id: int) -> None:
    """An action done back to open: the undo of `complete_action`, or work not finished."""
    with _changing_action(register, action_id) as (_, action):
        if action.done_on is None:
            raise InvalidInput("Deze actie staat al open.")
        action.done_on = None
