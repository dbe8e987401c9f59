"""Corrections with a trail (issue 14), at the store level on real encrypted registers: a
correction keeps the original (both lines, the original marked), a withdrawal marks only;
the case follows its current lines (phase, closed or open, last contact, ZRM over time);
the year's counts leave withdrawn and corrected lines out; a referral's outcome later; a
second ZRM score on a day asks and keeps the first; only the owner and a teamleider may;
one CHANGE each, and nothing typed in the access log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from bemoeizorg.casework import cases, corrections, retention
from bemoeizorg.casework.cases import TimelineEntry, ZrmSameDayNeedsConfirmation
from bemoeizorg.casework.intake import FieldProblems
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.store.errors import InvalidInput, NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, CaseEvent, ZrmScore
from tests.builders import (
    CHANGE,
    ROERMOND,
    STRONG,
    days_ago,
    log_entries,
    new_case,
    team_member,
)

TODAY = date.today()
WORKER = "Bram Peeters"  # a bemoeizorger, owner of the case
OTHER_WORKER = "Carla Smeets"  # a bemoeizorger, not the owner
SECRET_REASON = "Geheimzinnige-typfout-Qwyxzgui"


@pytest.fixture
def case_id(register: Register) -> int:
    return new_case(register)


def one_change(register: Register, case_id: int, before: int) -> None:
    assert log_entries(register)[before:] == [(CHANGE, case_id)]


def timeline(register: Register, case_id: int) -> list[TimelineEntry]:
    return cases.read_case(register, case_id).timeline


def entry(register: Register, case_id: int, event_id: int) -> TimelineEntry:
    return next(e for e in timeline(register, case_id) if e.id == event_id)


def latest_id(register: Register, case_id: int, kind: EventKind) -> int:
    return next(e.id for e in timeline(register, case_id) if e.kind is kind and e.is_current)


def log_text(register: Register) -> str:
    """Everything the access log holds, as text."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry))
        return " ".join(f"{r.action} {r.detail} {r.user_name} {r.case_id}" for r in rows)


# --- a correction keeps the original ---------------------------------------------------------


def test_a_corrected_contact_keeps_the_original_and_the_timeline_shows_both(
    register: Register, case_id: int
) -> None:
    original = cases.log_contact(
        register, case_id, days_ago(10), ContactKind.TELEFONISCH, "zus", False, "Niet bereikt"
    )
    assert cases.read_case(register, case_id).header is not None
    before = len(log_entries(register))
    corrected = corrections.correct_contact(
        register,
        original,
        SECRET_REASON,
        days_ago(8),
        ContactKind.HUISBEZOEK,
        "betrokkene",
        True,
        "Toch gesproken",
    )
    one_change(register, case_id, before)

    lines = {e.id: e for e in timeline(register, case_id)}
    old, new = lines[original], lines[corrected]
    # The original as it was typed, marked: when, by whom, why.
    assert old.on_date == days_ago(10)
    assert old.values.contact_kind is ContactKind.TELEFONISCH
    assert old.values.contact_made is False
    assert old.note == "Niet bereikt"
    assert not old.is_current and not old.is_withdrawn
    assert old.superseded_by == "Anna de Vries"
    assert old.supersede_reason == SECRET_REASON
    assert old.replaced_by_id == corrected
    # The correction names what it replaced.
    assert new.is_current and new.corrects_id == original
    assert new.values.contact_kind is ContactKind.HUISBEZOEK
    assert new.summary == "Huisbezoek met betrokkene: contact gelegd"
    assert new.on_date == days_ago(8)
    # The case list's last contact follows the current line.
    with register.session() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.last_contact_on == days_ago(8)
    # The log says a line of this case was corrected, never why or what was typed.
    assert "regel gecorrigeerd (Contact)" in log_text(register)
    assert SECRET_REASON not in log_text(register)
    assert "betrokkene" not in log_text(register)


def test_a_corrected_line_cannot_be_corrected_again_but_its_correction_can(
    register: Register, case_id: int
) -> None:
    note = latest_after(register, case_id, lambda: cases.add_note(register, case_id, TODAY, "A"))
    fixed = corrections.correct_note(register, note, "typfout", TODAY, "B")
    before = len(log_entries(register))
    with pytest.raises(InvalidInput, match="al gecorrigeerd"):
        corrections.correct_note(register, note, "nog eens", TODAY, "C")
    assert log_entries(register)[before:] == []
    again = corrections.correct_note(register, fixed, "nog eens", TODAY, "C")
    current = [e.note for e in timeline(register, case_id) if e.kind is EventKind.NOTITIE]
    assert current == ["C", "B", "A"]  # all three kept, newest first
    assert entry(register, case_id, again).corrects_id == fixed


def latest_after(register: Register, case_id: int, step: object) -> int:
    """Run step (a callable) and return the id of the newest line it made."""
    assert callable(step)
    step()
    with register.session() as session:
        newest = session.scalar(
            select(CaseEvent.id).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id.desc())
        )
    assert newest is not None
    return int(newest)


def test_a_reason_is_required_and_nothing_is_logged_without_it(
    register: Register, case_id: int
) -> None:
    note = latest_after(register, case_id, lambda: cases.add_note(register, case_id, TODAY, "A"))
    before = len(log_entries(register))
    with pytest.raises(FieldProblems) as caught:
        corrections.correct_note(register, note, "  ", TODAY, "B")
    assert set(caught.value.problems) == {corrections.REASON_FIELD}
    with pytest.raises(FieldProblems) as caught:
        corrections.withdraw_event(register, note, "")
    assert set(caught.value.problems) == {corrections.REASON_FIELD}
    assert log_entries(register)[before:] == []
    assert entry(register, case_id, note).is_current


def test_the_melding_line_is_not_withdrawn_here(register: Register, case_id: int) -> None:
    melding = latest_id(register, case_id, EventKind.MELDING)
    with pytest.raises(InvalidInput, match="intake"):
        corrections.withdraw_event(register, melding, "per ongeluk")
    assert entry(register, case_id, melding).is_current


def test_measure_and_referral_corrections(register: Register, case_id: int) -> None:
    measure = latest_after(
        register,
        case_id,
        lambda: cases.add_measure(register, case_id, days_ago(4), Measure.CRISISMAATREGEL),
    )
    new = corrections.correct_measure(
        register, measure, "verkeerde maatregel", days_ago(4), Measure.ZORGMACHTIGING, "rechter"
    )
    assert entry(register, case_id, new).values.measure is Measure.ZORGMACHTIGING
    assert entry(register, case_id, measure).values.measure is Measure.CRISISMAATREGEL


# --- referrals get their outcome later --------------------------------------------------------


def test_a_referral_gets_its_outcome_later(register: Register, case_id: int) -> None:
    referral = latest_after(
        register,
        case_id,
        lambda: cases.add_referral(
            register, case_id, days_ago(20), ReferralTarget.GGZ, None, "intake gepland"
        ),
    )
    assert "nog onbekend" in entry(register, case_id, referral).summary
    before = len(log_entries(register))
    known = corrections.record_referral_outcome(register, referral, True)
    one_change(register, case_id, before)
    line = entry(register, case_id, known)
    assert line.summary == "Doorverwezen naar GGZ (geaccepteerd)"
    assert line.on_date == days_ago(20)  # still the day it was referred
    assert line.note == "intake gepland"
    old = entry(register, case_id, referral)
    assert old.supersede_reason == corrections.OUTCOME_KNOWN
    assert old.values.referral_accepted is None


# --- the case follows its current lines -------------------------------------------------------


def test_correcting_a_phase_change_moves_the_phase(register: Register, case_id: int) -> None:
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(30), "eerste gesprek")
    phase = latest_id(register, case_id, EventKind.FASE)
    before = len(log_entries(register))
    corrections.correct_phase_change(
        register, phase, "was al toeleiden", Phase.TOELEIDEN, days_ago(25), "wil hulp"
    )
    one_change(register, case_id, before)
    header = cases.read_case(register, case_id).header
    assert header.phase is Phase.TOELEIDEN
    assert header.phase_since == days_ago(25)

    corrected = latest_id(register, case_id, EventKind.FASE)
    corrections.withdraw_event(register, corrected, "nooit gebeurd")
    header = cases.read_case(register, case_id).header
    assert header.phase is Phase.VINDEN
    assert header.phase_since == days_ago(90)  # back to the opening
    kinds = [(e.kind, e.is_current) for e in timeline(register, case_id)]
    assert kinds.count((EventKind.FASE, False)) == 2  # both kept, neither current


def test_withdrawing_a_closing_reopens_and_the_counts_leave_it_out(
    register: Register, case_id: int
) -> None:
    period = Period(days_ago(120), TODAY)
    open_before = compute_counts(register, period).table("open").value(ROERMOND, "vinden")
    cases.close_case(register, case_id, Outcome.ZORG_GEWEIGERD, days_ago(3), "weigert")
    counted = compute_counts(register, period)
    assert counted.table("afgesloten").value(ROERMOND, Outcome.ZORG_GEWEIGERD.value) == 1
    assert counted.table("open").value(ROERMOND, "vinden") == open_before - 1

    closing = latest_id(register, case_id, EventKind.AFGESLOTEN)
    before = len(log_entries(register))
    corrections.withdraw_event(register, closing, "verkeerde casus afgesloten")
    one_change(register, case_id, before)
    header = cases.read_case(register, case_id).header
    assert header.is_open and header.outcome is None
    # Work goes on: a note can be added again.
    cases.add_note(register, case_id, TODAY, "Verder")
    after = compute_counts(register, period)
    assert after.table("afgesloten").value(ROERMOND, Outcome.ZORG_GEWEIGERD.value) == 0
    assert after.table("open").value(ROERMOND, "vinden") == open_before
    # The withdrawn closing is still in the register, marked.
    old = entry(register, case_id, closing)
    assert old.is_withdrawn and old.values.outcome is Outcome.ZORG_GEWEIGERD


def test_a_corrected_closing_counts_once_with_its_new_outcome(
    register: Register, case_id: int
) -> None:
    period = Period(days_ago(120), TODAY)
    cases.close_case(register, case_id, Outcome.ZORG_GEWEIGERD, days_ago(3))
    closing = latest_id(register, case_id, EventKind.AFGESLOTEN)
    corrections.correct_closing(
        register, closing, "verkeerde uitkomst", days_ago(2), Outcome.TOEGELEID
    )
    header = cases.read_case(register, case_id).header
    assert not header.is_open
    assert header.outcome is Outcome.TOEGELEID and header.closed_on == days_ago(2)
    table = compute_counts(register, period).table("afgesloten")
    assert table.value(ROERMOND, Outcome.TOEGELEID.value) == 1
    assert table.value(ROERMOND, Outcome.ZORG_GEWEIGERD.value) == 0


def test_withdrawing_a_reopening_closes_the_case_again(register: Register, case_id: int) -> None:
    cases.close_case(register, case_id, Outcome.OVERGEDRAGEN, days_ago(5))
    cases.reopen_case(register, case_id, days_ago(1), "per ongeluk")
    reopening = latest_id(register, case_id, EventKind.HEROPEND)
    corrections.withdraw_event(register, reopening, "heropend bij de verkeerde persoon")
    header = cases.read_case(register, case_id).header
    assert not header.is_open and header.closed_on == days_ago(5)
    assert header.outcome is Outcome.OVERGEDRAGEN


def test_a_closed_case_can_have_its_lines_corrected(register: Register, case_id: int) -> None:
    note = latest_after(register, case_id, lambda: cases.add_note(register, case_id, TODAY, "A"))
    cases.close_case(register, case_id, Outcome.OVERGEDRAGEN, TODAY)
    corrections.correct_note(register, note, "typfout", TODAY, "B")
    assert not cases.read_case(register, case_id).header.is_open


# --- ZRM ------------------------------------------------------------------------------------


def test_a_second_zrm_score_on_a_day_asks_and_keeps_the_first(
    register: Register, case_id: int
) -> None:
    first = cases.score_zrm(register, case_id, TODAY, {ZrmDomain.FINANCIEN: 2})
    before = len(log_entries(register))
    with pytest.raises(ZrmSameDayNeedsConfirmation, match="vandaag al een ZRM-score"):
        cases.score_zrm(register, case_id, TODAY, {ZrmDomain.FINANCIEN: 4})
    assert log_entries(register)[before:] == []
    second = cases.score_zrm(
        register, case_id, TODAY, {ZrmDomain.FINANCIEN: 4}, replace_same_day=True
    )
    one_change(register, case_id, before)
    detail = cases.read_case(register, case_id)
    assert detail.zrm == {TODAY: {ZrmDomain.FINANCIEN: 4}}
    lines = {e.id: e for e in detail.timeline}
    assert not lines[first].is_current and lines[first].replaced_by_id == second
    assert lines[first].values.zrm == {ZrmDomain.FINANCIEN: 2}  # kept in the register
    with register.session() as session:
        tied = {s.event_id: s.score for s in session.scalars(select(ZrmScore))}
    assert tied == {first: 2, second: 4}


def test_a_zrm_line_corrected_or_withdrawn_leaves_the_graph(
    register: Register, case_id: int
) -> None:
    early = cases.score_zrm(register, case_id, days_ago(30), {ZrmDomain.ADL: 1})
    late = cases.score_zrm(register, case_id, days_ago(5), {ZrmDomain.ADL: 3})
    corrections.correct_zrm(
        register, early, "verkeerd leefgebied", days_ago(30), {ZrmDomain.WERK: 1}
    )
    assert cases.read_case(register, case_id).zrm == {
        days_ago(30): {ZrmDomain.WERK: 1},
        days_ago(5): {ZrmDomain.ADL: 3},
    }
    with pytest.raises(FieldProblems) as caught:  # moved onto a day that has a score
        corrections.correct_zrm(register, late, "dag", days_ago(30), {ZrmDomain.ADL: 3})
    assert set(caught.value.problems) == {"on_date"}
    corrections.withdraw_event(register, late, "dubbel")
    assert list(cases.read_case(register, case_id).zrm) == [days_ago(30)]


# --- who may ------------------------------------------------------------------------------


@pytest.fixture
def as_user(register: Register) -> Iterator[object]:
    """as_user(name): the same register, locked and unlocked again as `name`."""
    opened: list[Register] = []

    def again(name: str) -> Register:
        for earlier in [register, *opened]:
            if earlier.is_unlocked:
                earlier.lock()
        other = Register.unlock(register.path, name, STRONG)
        opened.append(other)
        return other

    yield again
    for other in opened:
        if other.is_unlocked:
            other.lock()


def test_only_the_owner_and_a_teamleider_may_correct(register: Register, as_user) -> None:
    owner = team_member(register, WORKER)
    team_member(register, OTHER_WORKER)
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    register.add_user(OTHER_WORKER, Role.BEMOEIZORGER, STRONG)
    case_id = new_case(register, owner_id=owner)
    note = latest_after(register, case_id, lambda: cases.add_note(register, case_id, TODAY, "A"))

    other = as_user(OTHER_WORKER)
    assert not cases.read_case(other, case_id).may_correct
    before = len(log_entries(other))
    with pytest.raises(NotAllowed, match="dossierhouder") as caught:
        corrections.correct_note(other, note, "mag niet", TODAY, "B")
    assert "Alleen de dossierhouder van deze casus en een teamleider" in caught.value.message
    with pytest.raises(NotAllowed):
        corrections.withdraw_event(other, note, "mag niet")
    assert log_entries(other)[before:] == []

    owner_register = as_user(WORKER)
    assert cases.read_case(owner_register, case_id).may_correct
    corrections.correct_note(owner_register, note, "typfout", TODAY, "B")
    assert entry(owner_register, case_id, note).superseded_by == WORKER


def test_only_the_owner_and_a_teamleider_change_finish_or_reopen_an_action(
    register: Register, as_user
) -> None:
    owner = team_member(register, WORKER)
    team_member(register, OTHER_WORKER)
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    register.add_user(OTHER_WORKER, Role.BEMOEIZORGER, STRONG)
    case_id = new_case(register, owner_id=owner)
    action = cases.add_action(register, case_id, "Huisarts bellen", "Bram", days_ago(-3))
    done = cases.add_action(register, case_id, "Brief sturen", "Bram", days_ago(-1))
    corrections.complete_action(register, done)  # a teamleider may

    other = as_user(OTHER_WORKER)
    before = len(log_entries(other))
    with pytest.raises(NotAllowed) as caught:
        corrections.edit_action(other, action, "Iets anders", "Carla", TODAY)
    assert caught.value.message == corrections.ACTION_NOT_YOURS
    with pytest.raises(NotAllowed, match="dossierhouder"):
        corrections.complete_action(other, action)
    with pytest.raises(NotAllowed, match="dossierhouder"):
        corrections.reopen_action(other, done)
    assert log_entries(other)[before:] == []
    actions = {a.id: a for a in cases.read_case(other, case_id).actions}
    assert actions[action].description == "Huisarts bellen" and actions[action].done_on is None
    assert actions[done].done_on == TODAY

    mine = as_user(WORKER)
    before = len(log_entries(mine))
    corrections.edit_action(mine, action, "Huisarts en POH bellen", "Bram", days_ago(-5))
    corrections.complete_action(mine, action)
    corrections.reopen_action(mine, action)  # the undo
    assert log_entries(mine)[before:] == [(CHANGE, case_id)] * 3
    edited = next(a for a in cases.read_case(mine, case_id).actions if a.id == action)
    assert (edited.description, edited.due_on, edited.done_on) == (
        "Huisarts en POH bellen",
        days_ago(-5),
        None,
    )


def test_a_corrected_phase_change_keeps_its_place_between_its_neighbours(
    register: Register, case_id: int
) -> None:
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(60), "eerste gesprek")
    cases.change_phase(register, case_id, Phase.TOELEIDEN, days_ago(40), "wil hulp")
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(20), "haakte af")
    middle = next(
        e.id
        for e in timeline(register, case_id)
        if e.kind is EventKind.FASE and e.values.phase_to is Phase.TOELEIDEN
    )
    before = len(log_entries(register))
    with pytest.raises(FieldProblems) as caught:
        corrections.correct_phase_change(
            register, middle, "datum", Phase.TOELEIDEN, days_ago(70), "wil hulp"
        )
    assert caught.value.problems == {
        "on_date": corrections.PHASE_BEFORE.format(day=date_text(days_ago(60)))
    }
    assert "vóór de fasewissel ervoor" in caught.value.problems["on_date"]
    with pytest.raises(FieldProblems) as caught:
        corrections.correct_phase_change(
            register, middle, "datum", Phase.TOELEIDEN, days_ago(10), "wil hulp"
        )
    assert caught.value.problems == {
        "on_date": corrections.PHASE_AFTER.format(day=date_text(days_ago(20)))
    }
    assert log_entries(register)[before:] == []  # nothing saved, nothing logged
    assert entry(register, case_id, middle).is_current
    with pytest.raises(FieldProblems, match="vóór de fasewissel erna"):  # the same day
        corrections.correct_phase_change(
            register, middle, "datum", Phase.TOELEIDEN, days_ago(20), "wil hulp"
        )
    # Between its neighbours, or on the day of the one before, it is corrected.
    corrections.correct_phase_change(
        register, middle, "datum", Phase.TOELEIDEN, days_ago(60), "wil hulp"
    )
    assert not entry(register, case_id, middle).is_current
    header = cases.read_case(register, case_id).header
    assert header.phase is Phase.BINDEN and header.phase_since == days_ago(20)


# --- the trail goes with the case -------------------------------------------------------------


def test_a_case_with_corrections_and_zrm_is_removed_whole_under_the_retention_rules(
    register: Register, case_id: int
) -> None:
    """ZRM scores name their line and corrections their original: removing the case at the
    end of its term removes them all (the scores before the lines they name)."""
    first = cases.score_zrm(register, case_id, days_ago(9), {ZrmDomain.ADL: 2})
    corrections.correct_zrm(register, first, "verkeerd", days_ago(9), {ZrmDomain.ADL: 3})
    cases.score_zrm(register, case_id, days_ago(2), {ZrmDomain.ADL: 4})
    note = latest_after(register, case_id, lambda: cases.add_note(register, case_id, TODAY, "A"))
    corrections.correct_note(register, note, "typfout", TODAY, "B")
    cases.close_case(register, case_id, Outcome.OVERGEDRAGEN, TODAY)
    later = TODAY.replace(year=TODAY.year + 30, day=min(TODAY.day, 28))
    due = retention.review(register, later)
    assert [c.case_id for c in due.cases] == [case_id]
    done = retention.apply(register, due)
    assert done.cases == 1
    with register.session() as session:
        assert session.scalar(select(CaseEvent.id).where(CaseEvent.case_id == case_id)) is None
        assert session.scalar(select(ZrmScore.id).where(ZrmScore.case_id == case_id)) is None


def test_scores_from_before_they_named_their_line_are_corrected_with_it(
    register: Register, case_id: int
) -> None:
    """A register from before migration 0008 holds ZRM scores without a line: its ZRM line
    shows them, and correcting or replacing that line takes them out of the graph."""
    line = cases.score_zrm(register, case_id, days_ago(6), {ZrmDomain.ADL: 2})
    with register.session() as session:  # as an older register has it
        for score in session.scalars(select(ZrmScore)):
            score.event_id = None
    assert entry(register, case_id, line).values.zrm == {ZrmDomain.ADL: 2}
    corrections.correct_zrm(register, line, "verkeerd", days_ago(6), {ZrmDomain.ADL: 4})
    assert cases.read_case(register, case_id).zrm == {days_ago(6): {ZrmDomain.ADL: 4}}
    assert entry(register, case_id, line).values.zrm == {ZrmDomain.ADL: 2}  # kept
