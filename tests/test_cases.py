"""Case events at the store level, on a real encrypted register: every kind of event on the
timeline, the phase rule, closing and reopening, actions, ZRM over time, and exactly one
access-log entry per view or change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bemoeizorg.casework import case_list, cases, corrections, drafts
from bemoeizorg.casework.intake import FieldProblems
from bemoeizorg.domain.vocabulary import (
    ContactKind,
    EventKind,
    Measure,
    Outcome,
    Phase,
    ReferralTarget,
    ZrmDomain,
)
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case
from tests.builders import (
    CHANGE,
    VIEW,
    days_ago,
    log_entries,
    new_case,
    team_member,
    writing_commits,
)

TODAY = date.today()


@pytest.fixture
def case_id(register: Register) -> int:
    return new_case(register)


def one_change(register: Register, case_id: int, before: int) -> None:
    """Exactly one new access-log entry since `before`: a change of this case."""
    assert log_entries(register)[before:] == [(CHANGE, case_id)]


def test_reading_a_case_logs_one_view(register: Register, case_id: int) -> None:
    before = len(log_entries(register))
    detail = cases.read_case(register, case_id)
    assert log_entries(register)[before:] == [(VIEW, case_id)]
    header = detail.header
    assert header.name == "Piet Jansen"
    assert header.phase is Phase.VINDEN
    assert header.is_open
    assert header.days_in_phase(TODAY) == 90
    assert [e.kind for e in detail.timeline] == [EventKind.MELDING]
    assert "schulden" in detail.timeline[0].summary


def test_every_kind_of_event_on_the_timeline_each_logged_once(
    register: Register, case_id: int
) -> None:
    owner = team_member(register)
    steps = [
        lambda: cases.log_contact(
            register,
            case_id,
            days_ago(80),
            ContactKind.HUISBEZOEK,
            "betrokkene",
            False,
            "Niet thuis",
        ),
        lambda: cases.change_phase(register, case_id, Phase.BINDEN, days_ago(70), "Contact gelegd"),
        lambda: cases.add_referral(
            register, case_id, days_ago(60), ReferralTarget.SCHULDHULP, True, "Intake gepland"
        ),
        lambda: cases.add_measure(
            register, case_id, days_ago(50), Measure.DRANG, "Via woningcorp."
        ),
        lambda: cases.score_zrm(register, case_id, days_ago(40), {ZrmDomain.FINANCIEN: 2}),
        lambda: cases.add_note(register, case_id, days_ago(30), "Gesprek met huisarts"),
        lambda: cases.change_owner(register, case_id, owner, days_ago(20)),
        lambda: cases.close_case(register, case_id, Outcome.TOEGELEID, days_ago(10), "Klaar"),
        lambda: cases.reopen_case(register, case_id, days_ago(5), "Nieuwe melding buren"),
    ]
    for step in steps:
        before = len(log_entries(register))
        step()
        one_change(register, case_id, before)

    timeline = cases.read_case(register, case_id).timeline
    assert [e.kind for e in timeline] == [
        EventKind.HEROPEND,
        EventKind.AFGESLOTEN,
        EventKind.EIGENAAR,
        EventKind.NOTITIE,
        EventKind.ZRM,
        EventKind.MAATREGEL,
        EventKind.DOORVERWIJZING,
        EventKind.FASE,
        EventKind.CONTACT,
        EventKind.MELDING,
    ]
    assert all(e.created_by == "Anna de Vries" for e in timeline)
    summaries = {e.kind: e.summary for e in timeline}
    assert summaries[EventKind.CONTACT] == "Huisbezoek met betrokkene: geen contact"
    assert summaries[EventKind.FASE] == "Fase vinden → binden"
    assert summaries[EventKind.DOORVERWIJZING] == "Doorverwezen naar Schuldhulp (geaccepteerd)"
    assert summaries[EventKind.AFGESLOTEN] == "Casus afgesloten: toegeleid naar zorg"


def test_vinden_to_toeleiden_needs_confirmation(register: Register, case_id: int) -> None:
    before = len(log_entries(register))
    with pytest.raises(cases.PhaseSkipNeedsConfirmation):
        cases.change_phase(register, case_id, Phase.TOELEIDEN, days_ago(1), "Snel geregeld")
    assert log_entries(register)[before:] == []
    assert cases.read_case(register, case_id).header.phase is Phase.VINDEN

    before = len(log_entries(register))
    cases.change_phase(
        register, case_id, Phase.TOELEIDEN, days_ago(1), "Snel geregeld", confirmed_skip=True
    )
    one_change(register, case_id, before)
    header = cases.read_case(register, case_id).header
    assert header.phase is Phase.TOELEIDEN
    assert header.phase_since == days_ago(1)


def test_phase_change_needs_a_reason_and_a_date_in_the_phase(
    register: Register, case_id: int
) -> None:
    with pytest.raises(FieldProblems) as caught:
        cases.change_phase(register, case_id, Phase.BINDEN, days_ago(1), "  ")
    assert set(caught.value.problems) == {"reason"}
    cases.change_phase(register, case_id, Phase.BINDEN, days_ago(10), "Contact")
    with pytest.raises(FieldProblems) as caught:
        cases.change_phase(register, case_id, Phase.TOELEIDEN, days_ago(20), "Te vroeg")
    assert set(caught.value.problems) == {"on_date"}


def test_impossible_dates_refused_per_field(register: Register, case_id: int) -> None:
    before = len(log_entries(register))
    for on_date in (TODAY + timedelta(days=1), days_ago(365)):
        with pytest.raises(FieldProblems) as caught:
            cases.log_contact(register, case_id, on_date, ContactKind.TELEFONISCH, "", True)
        assert set(caught.value.problems) == {"on_date"}
    owner = team_member(register)
    before = len(log_entries(register))
    with pytest.raises(FieldProblems) as caught:
        cases.change_owner(register, case_id, owner, TODAY + timedelta(days=1))
    assert set(caught.value.problems) == {"on_date"}
    assert log_entries(register)[before:] == []


def test_close_with_outcome_then_reopen(register: Register, case_id: int) -> None:
    cases.close_case(register, case_id, Outcome.ZORG_GEWEIGERD, days_ago(3))
    header = cases.read_case(register, case_id).header
    assert not header.is_open
    assert header.outcome is Outcome.ZORG_GEWEIGERD
    assert header.closed_on == days_ago(3)

    with pytest.raises(InvalidInput):
        cases.add_note(register, case_id, TODAY, "Mag niet: afgesloten")
    with pytest.raises(FieldProblems) as caught:
        cases.reopen_case(register, case_id, days_ago(5), "Voor de afsluiting")
    assert set(caught.value.problems) == {"on_date"}
    with pytest.raises(FieldProblems):
        cases.reopen_case(register, case_id, TODAY + timedelta(days=1), "Morgen")

    cases.reopen_case(register, case_id, TODAY, "Nieuwe zorgen")
    header = cases.read_case(register, case_id).header
    assert header.is_open
    assert header.outcome is None
    assert header.phase is Phase.VINDEN


def test_actions_due_done_and_closed_case(register: Register, case_id: int) -> None:
    before = len(log_entries(register))
    late = cases.add_action(register, case_id, "Bel huisarts", "Bram", days_ago(2))
    one_change(register, case_id, before)
    cases.add_action(register, case_id, "Huisbezoek", "Anna", TODAY + timedelta(days=7))
    cases.add_action(register, case_id, "Ooit", "", None)
    actions = cases.read_case(register, case_id).actions
    assert [a.description for a in actions] == ["Bel huisarts", "Huisbezoek", "Ooit"]

    before = len(log_entries(register))
    corrections.complete_action(register, late)
    one_change(register, case_id, before)
    assert cases.read_case(register, case_id).actions[0].done_on == TODAY

    with pytest.raises(FieldProblems):
        cases.add_action(register, case_id, " ", "", None)
    cases.close_case(register, case_id, Outcome.OVERGEDRAGEN, TODAY)
    second = cases.read_case(register, case_id).actions[1]
    # What was open when the case closed can still be finished, and undone.
    before = len(log_entries(register))
    corrections.complete_action(register, second.id)
    one_change(register, case_id, before)
    assert cases.read_case(register, case_id).actions[1].done_on == TODAY
    with pytest.raises(InvalidInput):
        corrections.complete_action(register, second.id)  # done already
    corrections.reopen_action(register, second.id)
    assert cases.read_case(register, case_id).actions[1].done_on is None
    with pytest.raises(InvalidInput):
        cases.add_action(register, case_id, "Nieuw op een gesloten casus", "", None)


def test_zrm_history_over_two_dates(register: Register, case_id: int) -> None:
    first = {ZrmDomain.FINANCIEN: 1, ZrmDomain.HUISVESTING: 2, ZrmDomain.MIDDELENGEBRUIK: 3}
    cases.score_zrm(register, case_id, days_ago(60), first)
    cases.score_zrm(register, case_id, days_ago(5), {ZrmDomain.FINANCIEN: 3, ZrmDomain.ADL: 5})
    zrm = cases.read_case(register, case_id).zrm
    assert list(zrm) == [days_ago(60), days_ago(5)]
    assert zrm[days_ago(60)] == first
    assert zrm[days_ago(5)] == {ZrmDomain.FINANCIEN: 3, ZrmDomain.ADL: 5}

    with pytest.raises(FieldProblems):
        cases.score_zrm(register, case_id, TODAY, {ZrmDomain.WERK: 6})
    with pytest.raises(FieldProblems):
        cases.score_zrm(register, case_id, TODAY, {})


def test_contact_draft_is_kept_per_case_and_not_logged(register: Register, case_id: int) -> None:
    before = len(log_entries(register))
    fields = {"with_whom": "buurvrouw", "note": "Half getypt"}
    draft_id = drafts.save_draft(register, drafts.DraftKind.CONTACT, fields, case_id=case_id)
    drafts.save_draft(
        register,
        drafts.DraftKind.CONTACT,
        {**fields, "note": "Meer"},
        draft_id=draft_id,
        case_id=case_id,
    )
    (kept,) = drafts.drafts_of_user(register)
    assert (kept.id, kept.case_id, kept.fields["note"]) == (draft_id, case_id, "Meer")
    drafts.discard_draft(register, draft_id)
    assert drafts.drafts_of_user(register) == []
    assert log_entries(register)[before:] == []


def test_saving_a_contact_throws_its_draft_away_in_the_same_commit(
    register: Register, case_id: int
) -> None:
    """One fsynced commit per user action (issue 16): the contact, its log entry and the
    draft it replaces go together."""
    fields = {"with_whom": "zus", "note": "Belde terug"}
    draft_id = drafts.save_draft(register, drafts.DraftKind.CONTACT, fields, case_id=case_id)
    before = len(log_entries(register))
    writes = writing_commits(register)
    cases.log_contact(
        register,
        case_id,
        days_ago(1),
        ContactKind.TELEFONISCH,
        "zus",
        True,
        "Belde terug",
        draft_id=draft_id,
    )
    assert len(writes) == 1
    assert drafts.drafts_of_user(register) == []
    assert log_entries(register)[before:] == [(CHANGE, case_id)]


def test_case_numbers_past_9999_in_a_year_stay_unique_and_in_order(register: Register) -> None:
    """The year's next number follows the highest by number: "2026-9999" is text-higher
    than "2026-10000", so a text max handed out 10000 twice."""
    first = new_case(register, opened_days_ago=3)
    with register.session() as session:
        case = session.get(Case, first)
        assert case is not None
        year = case.opened_on.year
        case.number = f"{year}-9999"
    numbers = []
    for family in ("Bakker", "Visser"):
        opened = new_case(register, family_name=family, opened_days_ago=3)
        with register.session() as session:
            numbers.append(session.get_one(Case, opened).number)
    assert numbers == [f"{year}-10000", f"{year}-10001"]
    newest_first = case_list.list_cases(register, case_list.CaseFilter())
    assert [r.number for r in newest_first.rows] == [f"{year}-{n}" for n in (10001, 10000, 9999)]
    by_name = case_list.CaseFilter(sort=case_list.CaseSort.NAME, descending=False)
    assert [r.family_name for r in case_list.list_cases(register, by_name).rows] == [
        "Bakker",
        "Jansen",
        "Visser",
    ]
