"""The person card and the melding read back, at the store level on real encrypted
registers: what they return, who may see the reporter or correct a person (refused below
every screen), and the access log: one view per reading, one change per correction naming
the fields that changed and never a value."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from bemoeizorg.casework import cases
from bemoeizorg.casework.intake import FieldProblems, not_taken_on, record_report, take_on
from bemoeizorg.casework.person_card import (
    BSN_TAKEN,
    ContactInput,
    PersonChangeNotAllowed,
    change_person,
    person_of_case,
    read_person_card,
    read_person_history,
    remove_contact,
    save_contact,
)
from bemoeizorg.casework.person_merge import (
    merge_candidates,
    merge_persons,
    merge_side,
    merges_into,
    undo_merge,
)
from bemoeizorg.casework.persons import find_matches
from bemoeizorg.casework.report_reading import ReporterNotAllowed, read_report, read_reporter
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.vocabulary import (
    Concern,
    Outcome,
    Phase,
    ReporterKind,
    TriageDecision,
    Urgency,
)
from bemoeizorg.store.errors import InvalidInput, NotAllowed
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry
from tests.builders import LEAD, ROERMOND, STRONG, VENLO, days_ago, new_case, team_member

WORKER = "Bram Peeters"  # a bemoeizorger, owner of the case
OTHER_WORKER = "Cor Smeets"  # a bemoeizorger who owns nothing of it
FAMILY = "Quakkelsteijn"
GIVEN = "Wobbe"
DESCRIPTION = "Zwerfkattenkolonie op het balkon van Quakkelsteijn"
REPORTER_NAME = "Ybeltje Ruisdaal"
REPORTER_ORG = "Woonstichting Kraaiennest"
REPORTER_CONTACT = "06 99887766"
BSN = "111222333"  # passes the 11-test
OTHER_BSN = "123456782"


def log_rows(register: Register) -> list[tuple[str, int | None, str]]:
    """(action, case id, detail) of every access-log entry, oldest first."""
    with register.session() as session:
        rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(r.action, r.case_id, r.detail) for r in rows]


def canary_report(register: Register, person_id: int | None = None) -> int:
    person = (
        None
        if person_id is not None
        else PersonInput(
            family_name=FAMILY,
            given_names=GIVEN,
            prefix="van",
            alias="Wob",
            birth_date=date(1971, 4, 2),
            bsn=BSN,
            address="Kraaiheide 7",
            postcode="6041 AB",
            city="Roermond",
            municipality_code=ROERMOND,
        )
    )
    return record_report(
        register,
        ReportInput(
            received_on=days_ago(10),
            municipality_code=ROERMOND,
            reporter=ReporterInput(
                ReporterKind.WONINGCORPORATIE,
                organisation=REPORTER_ORG,
                name=REPORTER_NAME,
                contact=REPORTER_CONTACT,
            ),
            person=person,
            person_id=person_id,
            concerns=(Concern.VERVUILING, Concern.ISOLEMENT),
            description=DESCRIPTION,
            urgency=Urgency.HOOG,
        ),
    ).report_id


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[list[Register]]:
    """Registers a test unlocks itself; locked at teardown."""
    registers: list[Register] = []
    yield registers
    for register in registers:
        register.lock()


@pytest.fixture
def built(register: Register) -> tuple[int, int, int]:
    """(report id, case id, person id): the canary melding taken on, owned by WORKER; the
    register also knows WORKER and OTHER_WORKER as bemoeizorgers."""
    owner = team_member(register, WORKER)
    team_member(register, OTHER_WORKER)
    report_id = canary_report(register)
    case_id = take_on(register, report_id, owner, Specialism.VOLWASSENEN, days_ago(9))
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    register.add_user(OTHER_WORKER, Role.BEMOEIZORGER, STRONG)
    return report_id, case_id, person_of_case(register, case_id)


def reopen_as(register: Register, user: str, opened: list[Register]) -> Register:
    """The same register, locked and unlocked again as `user`."""
    path = register.path
    register.lock()
    again = Register.unlock(path, user, STRONG)
    opened.append(again)
    return again


# --- the melding read back -------------------------------------------------------------------


def test_a_melding_reads_back_all_that_was_recorded_and_logs_one_view(
    register: Register, built: tuple[int, int, int]
) -> None:
    report_id, case_id, person_id = built
    before = len(log_rows(register))
    record = read_report(register, report_id)
    assert log_rows(register)[before:] == [("inzien", case_id, "melding ingezien")]
    assert record.received_on == days_ago(10)
    assert record.municipality == "Roermond"
    assert record.concerns == (Concern.VERVUILING, Concern.ISOLEMENT)
    assert record.description == DESCRIPTION
    assert record.urgency is Urgency.HOOG
    assert record.reporter_kind is ReporterKind.WONINGCORPORATIE
    assert record.triage is TriageDecision.OPGEPAKT
    assert record.triaged_on == days_ago(9)
    assert record.triaged_by == LEAD
    assert record.recorded_by == LEAD
    assert record.person_id == person_id
    assert record.case_number == cases.read_case(register, case_id).header.number
    assert record.may_see_reporter  # a teamleider
    # The reporter is not in the record: only its kind.
    assert REPORTER_NAME not in repr(record) and REPORTER_ORG not in repr(record)


def test_a_melding_not_taken_on_reads_back_with_its_advice(register: Register) -> None:
    report_id = canary_report(register)
    not_taken_on(register, report_id, TriageDecision.DOORVERWEZEN, "Wijkteam Oost")
    record = read_report(register, report_id)
    assert record.case_id is None and record.case_number == ""
    assert record.triage is TriageDecision.DOORVERWEZEN
    assert record.triage_note == "Wijkteam Oost"
    assert record.triaged_by == LEAD  # who decided not to take it on


def test_a_teamleider_reads_the_reporter_and_the_reading_is_logged(
    register: Register, built: tuple[int, int, int]
) -> None:
    report_id, case_id, _ = built
    before = len(log_rows(register))
    reporter = read_reporter(register, report_id)
    assert (reporter.name, reporter.organisation, reporter.contact) == (
        REPORTER_NAME,
        REPORTER_ORG,
        REPORTER_CONTACT,
    )
    assert reporter.kind is ReporterKind.WONINGCORPORATIE
    assert log_rows(register)[before:] == [("inzien", case_id, "melder ingezien")]


def test_the_case_owner_reads_the_reporter(
    register: Register, built: tuple[int, int, int], opened: list[Register]
) -> None:
    report_id, case_id, _ = built
    worker = reopen_as(register, WORKER, opened)
    assert read_report(worker, report_id).may_see_reporter
    before = len(log_rows(worker))
    assert read_reporter(worker, report_id).name == REPORTER_NAME
    assert log_rows(worker)[before:] == [("inzien", case_id, "melder ingezien")]


def test_another_bemoeizorger_is_refused_the_reporter_in_casework(
    register: Register, built: tuple[int, int, int], opened: list[Register]
) -> None:
    report_id, _, _ = built
    other = reopen_as(register, OTHER_WORKER, opened)
    assert not read_report(other, report_id).may_see_reporter
    before = len(log_rows(other))
    with pytest.raises(ReporterNotAllowed) as refused:
        read_reporter(other, report_id)
    assert "dossierhouder" in refused.value.message
    assert REPORTER_NAME not in refused.value.message
    assert log_rows(other)[before:] == []  # nothing read, nothing logged


def test_a_melding_without_a_case_reporter_only_for_a_teamleider(
    register: Register, opened: list[Register]
) -> None:
    team_member(register, WORKER)
    report_id = canary_report(register)
    register.add_user(WORKER, Role.BEMOEIZORGER, STRONG)
    assert read_reporter(register, report_id).name == REPORTER_NAME
    worker = reopen_as(register, WORKER, opened)
    with pytest.raises(ReporterNotAllowed):
        read_reporter(worker, report_id)


def test_the_timeline_line_of_a_melding_names_its_melding(
    register: Register, built: tuple[int, int, int]
) -> None:
    report_id, case_id, _ = built
    timeline = cases.read_case(register, case_id).timeline
    assert [e.report_id for e in timeline] == [report_id]


# --- the person card -----------------------------------------------------------------------


def test_the_card_shows_the_person_every_case_and_melding_and_logs_one_view(
    register: Register, built: tuple[int, int, int]
) -> None:
    report_id, case_id, person_id = built
    cases.close_case(register, case_id, Outcome.TOEGELEID, days_ago(5))
    second = canary_report(register, person_id=person_id)  # after closing: awaits triage
    before = len(log_rows(register))
    card = read_person_card(register, person_id, from_case_id=case_id)
    assert log_rows(register)[before:] == [("inzien", case_id, "persoonskaart ingezien")]
    p = card.person
    assert (p.family_name, p.prefix, p.given_names, p.alias) == (FAMILY, "van", GIVEN, "Wob")
    assert (p.birth_date, p.bsn, p.address, p.postcode, p.city) == (
        date(1971, 4, 2),
        BSN,
        "Kraaiheide 7",
        "6041 AB",
        "Roermond",
    )
    assert card.name == f"{GIVEN} van {FAMILY}"
    assert [(c.case_id, c.phase, c.closed_on, c.outcome, c.owner) for c in card.cases] == [
        (case_id, Phase.VINDEN, days_ago(5), Outcome.TOEGELEID, WORKER)
    ]
    number = card.cases[0].number
    assert [(r.report_id, r.case_number, r.triage) for r in card.reports] == [
        (second, "", TriageDecision.OPEN),
        (report_id, number, TriageDecision.OPGEPAKT),
    ]
    assert card.reports[1].concerns == (Concern.VERVUILING, Concern.ISOLEMENT)
    assert card.may_edit


def edited(card_person: PersonInput, **changes: object) -> PersonInput:
    values = {f: getattr(card_person, f) for f in card_person.__dataclass_fields__}
    values.update(changes)
    return PersonInput(**values)  # type: ignore[arg-type]


def test_a_correction_is_one_change_naming_fields_never_values(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    card = read_person_card(register, person_id, case_id)
    before = len(log_rows(register))
    changed = change_person(
        register,
        person_id,
        edited(
            card.person,
            family_name="Kwakkelsteyn",
            bsn=OTHER_BSN,
            postcode="6042 cd",
            municipality_code=VENLO,
        ),
        case_id,
    )
    assert changed == ("family_name", "municipality_code", "bsn", "postcode")
    entries = log_rows(register)[before:]
    assert entries == [
        ("wijzigen", case_id, "persoonsgegevens: achternaam, gemeente, BSN, postcode")
    ]
    assert not any(value in entries[0][2] for value in ("Kwakkel", OTHER_BSN, "6042", "Venlo"))
    again = read_person_card(register, person_id, case_id).person
    assert (again.family_name, again.bsn, again.postcode, again.municipality_code) == (
        "Kwakkelsteyn",
        OTHER_BSN,
        "6042 CD",
        VENLO,
    )
    # Search and matching read the new name.
    assert cases.read_case(register, case_id).header.name == f"{GIVEN} van Kwakkelsteyn"


def test_a_save_without_changes_writes_and_logs_nothing(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    card = read_person_card(register, person_id, case_id)
    before = len(log_rows(register))
    assert change_person(register, person_id, edited(card.person, city=" Roermond "), case_id) == ()
    assert log_rows(register)[before:] == []


def test_a_correction_is_checked_as_at_intake(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    card = read_person_card(register, person_id, case_id)
    before = len(log_rows(register))
    with pytest.raises(FieldProblems) as bad:
        change_person(
            register,
            person_id,
            edited(
                card.person, bsn="111222334", family_name="", alias="", birth_date=date(2999, 1, 1)
            ),
            case_id,
        )
    assert set(bad.value.problems) == {"bsn", "family_name", "birth_date"}
    assert "elfproef" in bad.value.problems["bsn"]
    assert log_rows(register)[before:] == []
    assert read_person_card(register, person_id).person.bsn == BSN


def test_a_bsn_another_person_has_is_refused(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    other_case = new_case(register, family_name="Anders")
    other_person = person_of_case(register, other_case)
    card = read_person_card(register, other_person, other_case)
    with pytest.raises(FieldProblems) as taken:
        change_person(register, other_person, edited(card.person, bsn=BSN), other_case)
    assert taken.value.problems == {"bsn": BSN_TAKEN}


def test_the_case_owner_may_correct_another_bemoeizorger_may_not(
    register: Register, built: tuple[int, int, int], opened: list[Register]
) -> None:
    _, case_id, person_id = built
    path = register.path
    worker = reopen_as(register, WORKER, opened)
    card = read_person_card(worker, person_id, case_id)
    assert card.may_edit
    assert change_person(worker, person_id, edited(card.person, city="Swalmen"), case_id) == (
        "city",
    )
    worker.lock()
    other = Register.unlock(path, OTHER_WORKER, STRONG)
    opened.append(other)
    card = read_person_card(other, person_id, case_id)
    assert not card.may_edit
    before = len(log_rows(other))
    with pytest.raises(PersonChangeNotAllowed):
        change_person(other, person_id, edited(card.person, city="Elders"), case_id)
    assert log_rows(other)[before:] == []
    assert read_person_card(other, person_id).person.city == "Swalmen"


# --- earlier values ----------------------------------------------------------------------------


def test_a_correction_keeps_the_earlier_values_and_reading_them_is_one_view(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    card = read_person_card(register, person_id, case_id)
    assert card.history_count == 0
    change_person(
        register,
        person_id,
        edited(card.person, family_name="Kwakkelsteyn", birth_date=None, birth_year_estimate=1970),
        case_id,
    )
    card = read_person_card(register, person_id, case_id)
    change_person(register, person_id, edited(card.person, city="Swalmen"), case_id)
    before = len(log_rows(register))
    lines = read_person_history(register, person_id, case_id)
    assert log_rows(register)[before:] == [("inzien", case_id, "eerdere persoonsgegevens ingezien")]
    assert [(h.field, h.old_value, h.changed_by) for h in lines] == [
        ("woonplaats", "Roermond", LEAD),
        ("geschatte leeftijd", "", LEAD),
        ("geboortedatum", "02-04-1971", LEAD),
        ("achternaam", FAMILY, LEAD),
    ]
    assert read_person_card(register, person_id, case_id).history_count == 4
    # The log holds field names, never an earlier or a new value.
    log = " ".join(detail for _a, _c, detail in log_rows(register))
    assert FAMILY not in log and "Kwakkel" not in log and "1971" not in log


def test_a_municipality_is_kept_by_its_name(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    card = read_person_card(register, person_id, case_id)
    change_person(register, person_id, edited(card.person, municipality_code=VENLO), case_id)
    assert [(h.field, h.old_value) for h in read_person_history(register, person_id)] == [
        ("gemeente", "Roermond")
    ]


# --- contact persons ---------------------------------------------------------------------------

HUISARTS = ContactInput("Dokter Zwaluwstaart", "huisarts", "077 1234567", "Praktijk De Berk")


def test_contact_persons_are_added_changed_and_removed_each_one_change_without_values(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, case_id, person_id = built
    before = len(log_rows(register))
    doctor = save_contact(register, person_id, HUISARTS, from_case_id=case_id)
    sister = save_contact(register, person_id, ContactInput("Aaltje", "zus", "06 11112222"))
    card = read_person_card(register, person_id, case_id)
    assert [(c.name, c.relation, c.phone) for c in card.contacts] == [
        ("Aaltje", "zus", "06 11112222"),
        ("Dokter Zwaluwstaart", "huisarts", "077 1234567"),
    ]
    assert card.contacts[1].organisation == "Praktijk De Berk"
    save_contact(register, person_id, ContactInput("Aaltje", "zus", "06 33334444"), sister)
    save_contact(register, person_id, ContactInput("Aaltje", "zus", "06 33334444"), sister)
    remove_contact(register, person_id, doctor, case_id)
    assert log_rows(register)[before:] == [
        ("wijzigen", case_id, "contactpersoon toegevoegd"),
        ("wijzigen", case_id, "contactpersoon toegevoegd"),
        ("inzien", case_id, "persoonskaart ingezien"),
        ("wijzigen", case_id, "contactpersoon gewijzigd"),  # the same again: nothing
        ("wijzigen", case_id, "contactpersoon verwijderd"),
    ]
    left = read_person_card(register, person_id).contacts
    assert [(c.name, c.phone) for c in left] == [("Aaltje", "06 33334444")]
    log = " ".join(detail for _a, _c, detail in log_rows(register))
    assert "Aaltje" not in log and "Zwaluw" not in log and "0611" not in log.replace(" ", "")


def test_a_contact_needs_a_name_and_another_bemoeizorger_may_not_add_one(
    register: Register, built: tuple[int, int, int], opened: list[Register]
) -> None:
    _, case_id, person_id = built
    with pytest.raises(FieldProblems) as bad:
        save_contact(register, person_id, ContactInput("  ", "huisarts"))
    assert bad.value.problems == {"name": "Vul de naam van de contactpersoon in."}
    other = reopen_as(register, OTHER_WORKER, opened)
    before = len(log_rows(other))
    with pytest.raises(PersonChangeNotAllowed):
        save_contact(other, person_id, HUISARTS)
    assert log_rows(other)[before:] == []
    assert read_person_card(other, person_id).contacts == ()


# --- merging two persons ----------------------------------------------------------------------


def duplicate(register: Register) -> tuple[int, int]:
    """(case id, person id) of the canary person entered a second time, without a BSN."""
    second = record_report(
        register,
        ReportInput(
            received_on=days_ago(4),
            municipality_code=ROERMOND,
            reporter=ReporterInput(ReporterKind.ANONIEM),
            person=PersonInput(
                family_name=FAMILY, given_names=GIVEN, prefix="van", municipality_code=ROERMOND
            ),
            concerns=(Concern.SCHULDEN,),
        ),
    )
    case_id = take_on(register, second.report_id, None, Specialism.VOLWASSENEN, days_ago(3))
    return case_id, second.person_id


def test_merging_moves_everything_hides_the_other_and_undo_puts_it_back(
    register: Register, built: tuple[int, int, int]
) -> None:
    report_id, case_id, kept = built
    other_case, other = duplicate(register)
    save_contact(register, other, ContactInput("Aaltje", "zus"))
    assert {m.person_id for m in find_matches(register, family_name=FAMILY)} == {kept, other}
    side = merge_side(register, other)
    assert (side.name, side.bsn, side.reports) == (f"{GIVEN} van {FAMILY}", "", 1)
    before = len(log_rows(register))
    record = merge_persons(register, kept, other)
    assert (record.kept_id, record.merged_id, record.cases, record.reports) == (kept, other, 1, 1)
    assert record.contacts == 1 and record.merged_by == LEAD and not record.undone
    assert log_rows(register)[before:] == [("wijzigen", other_case, "personen samengevoegd")]
    card = read_person_card(register, kept)
    assert {c.case_id for c in card.cases} == {case_id, other_case}
    assert len(card.reports) == 2 and [c.name for c in card.contacts] == ["Aaltje"]
    assert read_person_card(register, other).merged_into_id == kept
    assert [m.person_id for m in find_matches(register, family_name=FAMILY)] == [kept]
    assert [m.person_id for m in find_matches(register, family_name="Kwakkelsteijn")] == [kept]
    assert person_of_case(register, other_case) == kept
    # Undo: exactly what moved goes back; the record stays, marked undone.
    undone = undo_merge(register, record.merge_id)
    assert undone.undone and undone.undone_by == LEAD
    assert log_rows(register)[-1] == ("wijzigen", other_case, "samenvoegen ongedaan gemaakt")
    assert person_of_case(register, other_case) == other
    assert [c.case_id for c in read_person_card(register, kept).cases] == [case_id]
    assert read_person_card(register, other).merged_into_id is None
    assert [c.name for c in read_person_card(register, other).contacts] == ["Aaltje"]
    assert {m.person_id for m in find_matches(register, family_name=FAMILY)} == {kept, other}
    assert [(m.merge_id, m.undone) for m in merges_into(register, kept)] == [
        (record.merge_id, True)
    ]
    with pytest.raises(InvalidInput):
        undo_merge(register, record.merge_id)


def test_a_merged_persons_bsn_belongs_to_the_kept_person(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, _, kept = built
    _, other = duplicate(register)
    card = read_person_card(register, kept)
    change_person(register, kept, edited(card.person, bsn=OTHER_BSN))
    card = read_person_card(register, other)
    change_person(register, other, edited(card.person, bsn=BSN))
    merge_persons(register, kept, other)
    # The merged person's BSN no longer blocks the kept person from taking it.
    card = read_person_card(register, kept)
    assert change_person(register, kept, edited(card.person, bsn=BSN)) == ("bsn",)


def test_only_a_teamleider_merges_and_a_person_not_with_itself(
    register: Register, built: tuple[int, int, int], opened: list[Register]
) -> None:
    _, _, kept = built
    _, other = duplicate(register)
    with pytest.raises(InvalidInput):
        merge_persons(register, kept, kept)
    worker = reopen_as(register, WORKER, opened)
    before = len(log_rows(worker))
    with pytest.raises(NotAllowed):
        merge_persons(worker, kept, other)
    with pytest.raises(NotAllowed):
        merge_side(worker, other)
    assert log_rows(worker)[before:] == []
    assert read_person_card(worker, other).merged_into_id is None


def test_merge_candidates_are_alike_persons_or_what_was_typed_never_itself(
    register: Register, built: tuple[int, int, int]
) -> None:
    _, _, kept = built
    _, other = duplicate(register)
    far = person_of_case(register, new_case(register, family_name="Verweggelegen"))
    assert [m.person_id for m in merge_candidates(register, kept)] == [other]
    assert [m.person_id for m in merge_candidates(register, other)] == [kept]
    assert [m.person_id for m in merge_candidates(register, far, BSN)] == [kept]
    assert [m.person_id for m in merge_candidates(register, far, "02-04-1971")] == [kept]
    assert [m.person_id for m in merge_candidates(register, kept, "Verwegelegen")] == [far]
    assert merge_candidates(register, kept, BSN) == []  # only itself has it
    merge_persons(register, kept, other)
    assert [m.person_id for m in merge_candidates(register, far, FAMILY)] == [kept]
