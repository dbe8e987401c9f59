"""Casussen and Mijn werk in the store: filters, search, sorting, paging, attention."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from bemoeizorg.casework import case_list, intake
from bemoeizorg.casework.case_list import (
    AttentionKind,
    CaseFilter,
    CaseSort,
    CaseStatus,
    count_cases,
    list_cases,
    my_work,
    team_member_for_user,
)
from bemoeizorg.casework.cases import read_case
from bemoeizorg.casework.read_entries import SAME_SIGHT_SECONDS
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.vocabulary import Concern, Outcome, Phase, ReporterKind
from bemoeizorg.settings import load_device_settings, save_device_settings, settings_path
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, Person
from tests.builders import (
    CASE_LIST_TODAY,
    ROERMOND,
    VENLO,
    CaseIds,
    build_cases,
    new_register,
)

TODAY = CASE_LIST_TODAY  # what my_work is told "today" is


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, CaseIds]]:
    """One register with build_cases' five cases for the whole module: read-only tests."""
    register = new_register(tmp_path_factory.mktemp("caselist") / "team.bzregister")
    ids = build_cases(register)
    yield register, ids
    register.lock()


@pytest.fixture
def register(built: tuple[Register, CaseIds]) -> Register:
    return built[0]


@pytest.fixture
def ids(built: tuple[Register, CaseIds]) -> CaseIds:
    return built[1]


def found(register: Register, **filters: object) -> set[int]:
    page = list_cases(register, CaseFilter(**filters))  # type: ignore[arg-type]
    assert page.total == len(page.rows)
    return {row.id for row in page.rows}


def log_entries(register: Register) -> list[tuple[str, int | None]]:
    with register.session() as session:
        entries = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(e.action, e.case_id) for e in entries]


# --- filters ------------------------------------------------------------------------------


def test_open_closed_and_all(register: Register, ids: CaseIds) -> None:
    open_ids = {ids.noel, ids.mieke, ids.piet, ids.joelle}
    assert found(register) == open_ids  # open is the default
    assert found(register, status=CaseStatus.OPEN) == open_ids
    assert found(register, status=CaseStatus.CLOSED) == {ids.sjef}
    assert found(register, status=CaseStatus.ALL) == open_ids | {ids.sjef}


def test_each_filter_narrows(register: Register, ids: CaseIds) -> None:
    every = CaseStatus.ALL
    assert found(register, status=every, phase=Phase.VINDEN) == {ids.noel, ids.sjef}
    assert found(register, phase=Phase.VINDEN) == {ids.noel}
    assert found(register, phase=Phase.BINDEN) == {ids.mieke, ids.piet}
    assert found(register, phase=Phase.TOELEIDEN) == {ids.joelle}
    assert found(register, status=every, municipality_code=ROERMOND) == {ids.noel, ids.sjef}
    assert found(register, municipality_code=VENLO) == {ids.mieke}
    assert found(register, municipality_code="GM0889") == set()  # Beesel: none
    assert found(register, owner_id=ids.bram_id) == {ids.mieke}
    assert found(register, status=every, owner_id=ids.anna_id) == {ids.noel, ids.piet, ids.sjef}
    assert found(register, specialism=Specialism.JEUGD) == {ids.mieke}
    assert found(register, specialism=Specialism.VOLWASSENEN) == {ids.noel, ids.piet, ids.joelle}
    # Filters combine.
    assert found(register, status=every, owner_id=ids.anna_id, municipality_code=ROERMOND) == {
        ids.noel,
        ids.sjef,
    }
    assert found(register, owner_id=ids.anna_id, phase=Phase.BINDEN) == {ids.piet}


def test_a_report_not_taken_on_is_no_case(register: Register) -> None:
    assert found(register, status=CaseStatus.ALL, text="smeets") == set()


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("berg", "noel"),  # a piece of the family name
        ("Ber", "noel"),  # any case
        ("noel", "noel"),  # without the accent ...
        ("NOËL", "noel"),  # ... or with it, in capitals
        ("van der", "noel"),  # the tussenvoegsel
        ("van der berg", "noel"),
        ("berg noel", "noel"),  # words in any order
        ("joelle", "joelle"),
        ("Joëlle Hendriks", "joelle"),
        ("blonde", "mieke"),  # the alias
        ("  mieke  ", "mieke"),
        ("vries", "piet"),  # the case owner's name is not searched
    ],
)
def test_search_by_name_alias_and_accent(
    register: Register, ids: CaseIds, text: str, who: str
) -> None:
    assert found(register, status=CaseStatus.ALL, text=text) == {getattr(ids, who)}


def test_search_by_case_number(register: Register, ids: CaseIds) -> None:
    every = CaseStatus.ALL
    numbers = {r.id: r.number for r in list_cases(register, CaseFilter(status=every)).rows}
    assert numbers[ids.joelle] == "2024-0001"
    assert found(register, status=every, text="2024-") == {ids.joelle}
    assert found(register, status=every, text="2025-00") == {
        ids.noel,
        ids.mieke,
        ids.piet,
        ids.sjef,
    }
    assert found(register, status=every, text=numbers[ids.piet]) == {ids.piet}
    assert found(register, status=every, text="0004") == {ids.sjef}


def test_search_that_matches_nothing_or_wildcards(register: Register) -> None:
    every = CaseStatus.ALL
    assert found(register, status=every, text="zzz") == set()
    assert found(register, status=every, text="%") == set()  # not a LIKE wildcard
    assert found(register, status=every, text="_") == set()
    assert found(register, status=every, text="berg zzz") == set()  # every word must match
    assert len(found(register, status=every, text="   ")) == 5  # blank: no search


def test_one_and_two_letters_find_what_longer_text_finds(register: Register) -> None:
    """Short words take the walk in the list's order (module text), longer ones the
    subquery: the same cases either way, under every sort and with a filter."""
    every = CaseStatus.ALL
    with register.session() as session:
        texts = {pid: text for pid, text in session.execute(select(Person.id, Person.search_text))}
        person_of = dict(session.execute(select(Case.id, Case.person_id)).all())
    for fragment in ("e", "oe", "rg", "ie", "x", "n e"):
        words = fragment.split()
        expected = {
            case_id for case_id, pid in person_of.items() if all(w in texts[pid] for w in words)
        }
        for sort in CaseSort:
            flt = CaseFilter(status=every, text=fragment, sort=sort)
            page = list_cases(register, flt)
            assert {r.id for r in page.rows} == expected, (fragment, sort)
            # A short page is found walking the list in its order: the same first rows.
            short = list_cases(register, flt, limit=3)
            assert short.rows == page.rows[:3], (fragment, sort)
            for status in (CaseStatus.OPEN, CaseStatus.CLOSED):
                narrowed = CaseFilter(status=status, text=fragment, sort=sort)
                whole = list_cases(register, narrowed).rows
                assert list_cases(register, narrowed, limit=3).rows == whole[:3]
    assert found(register, status=every, text="e") != set()  # the walk found rows at all


def test_a_first_page_walked_short_is_the_start_of_the_list(
    register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking stops after WALK_ROWS cases; what it found there is the list's start, and
    the rest follows on the next page (counted, not taken for all there is)."""
    monkeypatch.setattr(case_list, "WALK_ROWS", 4)
    every = CaseFilter(status=CaseStatus.ALL)
    whole = list_cases(register, every).rows
    assert len(whole) == 5
    first = list_cases(register, every, limit=6, count=False)
    assert first.rows == whole[:4] and first.total is None  # not "4 cases in all"
    assert list_cases(register, every, limit=6).total == 5
    assert list_cases(register, every, limit=200, offset=4).rows == whole[4:]


def test_the_first_page_can_leave_the_count_for_later(register: Register) -> None:
    every = CaseFilter(status=CaseStatus.ALL, sort=CaseSort.NUMBER, descending=False)
    first = list_cases(register, every, limit=2, count=False)
    assert len(first.rows) == 2 and first.total is None  # more may match: not counted
    assert count_cases(register, every) == 5 == list_cases(register, every).total
    whole = list_cases(register, every, limit=10, count=False)
    assert whole.total == 5  # the page holds them all: known without counting
    assert count_cases(register, CaseFilter(status=CaseStatus.ALL, text="e")) == len(
        found(register, status=CaseStatus.ALL, text="e")
    )


def test_search_combines_with_filters(register: Register, ids: CaseIds) -> None:
    assert found(register, status=CaseStatus.ALL, text="e", owner_id=ids.bram_id) == {ids.mieke}
    assert found(register, status=CaseStatus.CLOSED, text="berg") == set()


# --- rows, sorting, paging ----------------------------------------------------------------


def test_row_holds_what_the_list_shows(register: Register, ids: CaseIds) -> None:
    page = list_cases(register, CaseFilter(status=CaseStatus.ALL), today=TODAY)
    rows = {r.id: r for r in page.rows}
    noel = rows[ids.noel]
    assert noel.name == "Noël van der Berg"
    assert noel.municipality == "Roermond" and noel.municipality_code == ROERMOND
    assert noel.owner == "Anna de Vries" and noel.owner_id == ids.anna_id
    assert noel.phase is Phase.VINDEN and noel.phase_since == date(2025, 1, 10)
    assert noel.days_in_phase == (TODAY - date(2025, 1, 10)).days
    assert noel.last_contact_on is None and noel.is_open
    assert noel.specialism is Specialism.VOLWASSENEN
    mieke = rows[ids.mieke]
    assert mieke.alias == "Blonde Mieke" and mieke.owner == "Bram Janssen"
    assert mieke.last_contact_on == date(2025, 5, 20)
    sjef = rows[ids.sjef]
    assert sjef.closed_on == date(2025, 3, 1) and sjef.outcome is Outcome.TOEGELEID
    assert sjef.days_in_phase == 26  # counted up to the closing date, not today
    assert not sjef.is_open
    assert rows[ids.joelle].owner == "" and rows[ids.joelle].owner_id is None


def test_sorted_in_sql(register: Register, ids: CaseIds) -> None:
    def order(sort: CaseSort, descending: bool = False) -> list[int]:
        flt = CaseFilter(status=CaseStatus.ALL, sort=sort, descending=descending)
        return [r.id for r in list_cases(register, flt).rows]

    # Dutch lists sort on the family name proper, not on "van der".
    assert order(CaseSort.NAME) == [ids.noel, ids.joelle, ids.mieke, ids.sjef, ids.piet]
    assert order(CaseSort.NUMBER, descending=True)[0] == ids.sjef
    assert order(CaseSort.NUMBER)[0] == ids.joelle
    assert order(CaseSort.PHASE)[-1] == ids.joelle  # toeleiden last
    assert order(CaseSort.STATUS)[-1] == ids.sjef  # open first, closed last
    assert order(CaseSort.MUNICIPALITY)[0] == ids.noel  # Roermond < Venlo < Venray < Weert
    assert order(CaseSort.MUNICIPALITY)[-1] == ids.piet
    assert order(CaseSort.OWNER)[0] == ids.joelle  # no owner first
    assert order(CaseSort.SPECIALISM)[0] == ids.mieke  # jeugd before volwassenen
    # Days in the phase count up to today, or to the closing date for a closed case.
    assert order(CaseSort.DAYS_IN_PHASE, descending=True)[0] == ids.noel
    assert order(CaseSort.DAYS_IN_PHASE)[0] == ids.sjef
    assert order(CaseSort.LAST_CONTACT, descending=True)[0] == ids.joelle


def test_paging_keeps_the_total(register: Register) -> None:
    every = CaseFilter(status=CaseStatus.ALL, sort=CaseSort.NUMBER, descending=False)
    first = list_cases(register, every, limit=2)
    second = list_cases(register, every, limit=2, offset=2)
    last = list_cases(register, every, limit=2, offset=4)
    assert (first.total, second.total, last.total) == (5, 5, 5)
    assert [len(p.rows) for p in (first, second, last)] == [2, 2, 1]
    numbers = [r.number for p in (first, second, last) for r in p.rows]
    assert numbers == sorted(numbers) and len(set(numbers)) == 5
    assert list_cases(register, every, limit=2, offset=10).rows == []


def test_one_log_entry_per_listing_without_a_case_id(register: Register, ids: CaseIds) -> None:
    # An hour ahead, clear of what other tests logged just now.
    with freeze_time(datetime.now(UTC) + timedelta(hours=1), tick=True) as clock:
        before = log_entries(register)
        list_cases(register, CaseFilter(status=CaseStatus.ALL))
        added = log_entries(register)[len(before) :]
        assert added == [(Action.VIEW.value, None)]
        list_cases(register, CaseFilter(text="zzz"))  # showed nothing: nothing logged
        assert len(log_entries(register)) == len(before) + 1
        # A name typed letter by letter shows a list at each: the entry stands for them all.
        for typed in ("b", "be", "ber", "berg"):
            assert list_cases(register, CaseFilter(status=CaseStatus.ALL, text=typed)).rows
        assert len(log_entries(register)) == len(before) + 1
        # Once the moment has passed, the next list is logged again ...
        clock.tick(SAME_SIGHT_SECONDS + 1)
        list_cases(register, CaseFilter(status=CaseStatus.ALL))
        assert log_entries(register)[len(before) :] == [(Action.VIEW.value, None)] * 2
        # ... and so it is after anything else was logged (here a case opened).
        read_case(register, ids.noel)
        list_cases(register, CaseFilter(status=CaseStatus.ALL))
        assert log_entries(register)[len(before) :] == [
            (Action.VIEW.value, None),
            (Action.VIEW.value, None),
            (Action.VIEW.value, ids.noel),
            (Action.VIEW.value, None),
        ]


# --- Mijn werk ----------------------------------------------------------------------------


def test_my_work_lists_the_owners_open_cases_with_reasons(register: Register, ids: CaseIds) -> None:
    rows = my_work(register, ids.anna_id, TODAY, no_contact_days=30, long_in_vinden_days=60)
    # Sjef's case is closed; overdue actions are the most pressing, so Piet comes first.
    assert [r.case.id for r in rows] == [ids.piet, ids.noel]
    piet, noel = rows
    assert [r.kind for r in noel.reasons] == [
        AttentionKind.NO_CONTACT,
        AttentionKind.LONG_IN_VINDEN,
    ]
    days = (TODAY - date(2025, 1, 10)).days
    assert noel.reasons_text == (
        f"Nog geen contact ({days} dagen na de opening); {days} dagen in vinden"
    )
    assert piet.overdue_actions == 2 and piet.oldest_due_on == date(2025, 5, 1)
    assert [r.kind for r in piet.reasons] == [
        AttentionKind.ACTIONS_OVERDUE,
        AttentionKind.NO_CONTACT,
    ]
    assert piet.reasons[0].text == "2 acties over datum (sinds 01-05-2025)"
    assert piet.reasons[0].overdue
    assert piet.reasons[1].text == "120 dagen geen contact"


def test_my_work_thresholds_come_from_the_caller(register: Register, ids: CaseIds) -> None:
    # Generous settings: only the overdue actions remain.
    rows = my_work(register, ids.anna_id, TODAY, no_contact_days=365, long_in_vinden_days=365)
    reasons = {r.case.id: [a.kind for a in r.reasons] for r in rows}
    assert reasons == {ids.piet: [AttentionKind.ACTIONS_OVERDUE], ids.noel: []}
    assert rows[0].case.id == ids.piet  # who needs attention comes first
    # Exactly N days without contact is not yet "more than N".
    bram = my_work(register, ids.bram_id, TODAY, no_contact_days=12, long_in_vinden_days=60)
    assert bram[0].reasons == ()
    bram = my_work(register, ids.bram_id, TODAY, no_contact_days=11, long_in_vinden_days=60)
    assert bram[0].reasons[0].text == "12 dagen geen contact"


def test_an_action_due_today_is_not_yet_overdue(register: Register, ids: CaseIds) -> None:
    rows = my_work(register, ids.anna_id, date(2025, 5, 1), 365, 365)
    piet = next(r for r in rows if r.case.id == ids.piet)
    assert piet.overdue_actions == 0 and piet.reasons == ()


def test_my_work_by_user_name(register: Register, ids: CaseIds) -> None:
    assert team_member_for_user(register, "anna  DE vries") == (ids.anna_id, "Anna de Vries")
    assert team_member_for_user(register, "Carla Peeters") is None
    by_name = my_work(register, "ANNA DE VRIES", TODAY, 30, 60)
    assert [r.case.id for r in by_name] == [ids.piet, ids.noel]
    before = log_entries(register)
    assert my_work(register, "Carla Peeters", TODAY, 30, 60) == []
    assert log_entries(register) == before  # nothing shown, nothing logged
    my_work(register, ids.anna_id, TODAY, 30, 60)
    assert log_entries(register)[len(before) :] == [(Action.VIEW.value, None)]


# --- the thresholds are device settings ---------------------------------------------------


def test_attention_settings_are_typed_bounded_and_kept() -> None:
    settings = load_device_settings()
    assert settings.attention_no_contact_days == 30
    assert settings.attention_long_in_vinden_days == 60
    settings.attention_no_contact_days = 14
    settings.attention_long_in_vinden_days = 90
    save_device_settings(settings)
    loaded = load_device_settings()
    assert (loaded.attention_no_contact_days, loaded.attention_long_in_vinden_days) == (14, 90)
    settings.attention_no_contact_days = 0
    with pytest.raises(ValueError, match="geen contact"):
        settings.validate()


def test_an_out_of_bounds_threshold_in_the_file_falls_back_to_its_default() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "idle_lock_minutes": 7,
                "attention_no_contact_days": 5000,
                "attention_long_in_vinden_days": 45,
            }
        ),
        "utf-8",
    )
    loaded = load_device_settings()
    assert loaded.idle_lock_minutes == 7  # a good value next to a bad one is kept
    assert loaded.attention_no_contact_days == 30
    assert loaded.attention_long_in_vinden_days == 45


# --- search by BSN, birth date, and with a typo ---------------------------------------------


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Register, dict[str, int]]]:
    """Cases of persons with a BSN and a birth date (a register of their own)."""
    register = new_register(tmp_path_factory.mktemp("search") / "team.bzregister")
    cases: dict[str, int] = {}
    for key, family, given, born, bsn in (
        ("ans", "Qwyxzgui", "Ans", date(1960, 2, 2), "111222333"),
        ("kees", "Janssen", "Kees", date(1985, 5, 5), "123456782"),
        ("piet", "Meijer", "Piet", date(1985, 5, 5), ""),
        ("truus", "Bakker", "Truus", None, ""),
    ):
        recorded = intake.record_report(
            register,
            ReportInput(
                received_on=date(2025, 3, 1),
                municipality_code=ROERMOND,
                reporter=ReporterInput(ReporterKind.BUURT),
                person=PersonInput(
                    family_name=family,
                    given_names=given,
                    birth_date=born,
                    bsn=bsn,
                    municipality_code=ROERMOND,
                ),
                concerns=(Concern.OVERLAST,),
            ),
        )
        cases[key] = intake.take_on(
            register, recorded.report_id, None, Specialism.VOLWASSENEN, date(2025, 3, 2)
        )
    yield register, cases
    register.lock()


def search(built: tuple[Register, dict[str, int]], text: str) -> set[str]:
    register, cases = built
    page = list_cases(register, CaseFilter(status=CaseStatus.ALL, text=text))
    by_id = {case_id: key for key, case_id in cases.items()}
    return {by_id[row.id] for row in page.rows}


@pytest.mark.parametrize("text", ["111222333", "111.222.333", " 111 222 333 "])
def test_search_by_bsn(people: tuple[Register, dict[str, int]], text: str) -> None:
    assert search(people, text) == {"ans"}


def test_search_by_bsn_needs_the_whole_valid_number(
    people: tuple[Register, dict[str, int]],
) -> None:
    assert search(people, "11122233") == set()  # a part of a BSN finds no one
    assert search(people, "111222334") == set()  # fails the 11-test


@pytest.mark.parametrize("text", ["05-05-1985", "5-5-1985", "05051985", "05/05/1985", "5.5.85"])
def test_search_by_birth_date(people: tuple[Register, dict[str, int]], text: str) -> None:
    assert search(people, text) == {"kees", "piet"}


@pytest.mark.parametrize(
    ("text", "who"), [("111222333", {"ans"}), ("05-05-1985", {"kees", "piet"})]
)
def test_bsn_and_birth_date_on_a_short_first_page(
    people: tuple[Register, dict[str, int]], text: str, who: set[str]
) -> None:
    """A short first page walks the list (module text): the person's BSN and birth date
    are tested on the joined row there, through their indexes otherwise; the same cases."""
    register, cases = people
    by_id = {case_id: key for key, case_id in cases.items()}
    flt = CaseFilter(status=CaseStatus.ALL, text=text)
    assert {by_id[r.id] for r in list_cases(register, flt, limit=3).rows} == who


def test_search_by_a_date_nobody_was_born_on(people: tuple[Register, dict[str, int]]) -> None:
    assert search(people, "02-02-1961") == set()
    assert search(people, "31-02-1985") == set()  # no such date: no error either


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Kwyxzgui", "ans"),  # another first letter that sounds the same
        ("Qwyxgzui", "ans"),  # two letters swapped
        ("Jnassen", "kees"),  # a typo at the start
        ("Meyer", "piet"),  # ij / y
        ("kees jansen", "kees"),  # every word, one with a letter less
        ("Baker", "truus"),
    ],
)
def test_search_tolerates_a_typo(
    people: tuple[Register, dict[str, int]], text: str, who: str
) -> None:
    register, _cases = people
    assert search(people, text) == {who}
    assert list_cases(register, CaseFilter(status=CaseStatus.ALL, text=text)).alike


def test_exact_results_come_without_look_alikes(people: tuple[Register, dict[str, int]]) -> None:
    register, _cases = people
    page = list_cases(register, CaseFilter(status=CaseStatus.ALL, text="Janssen"))
    assert not page.alike and [r.name for r in page.rows] == ["Kees Janssen"]
    assert search(people, "Wolters") == set()  # nothing alike: nothing shown
    assert search(people, "kees bakker") == set()  # every word must be alike
