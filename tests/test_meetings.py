"""Network meetings in the store and the pack's content: planning, the agenda, narrowing,
agreements carried to the next meeting, the access log, and what a pack never holds."""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from bemoeizorg.casework import meetings
from bemoeizorg.casework.intake import FieldProblems, record_report, take_on
from bemoeizorg.casework.reference_data import save_contact_point
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.meetings import (
    MeetingKind,
    PseudonymStyle,
    SharedFields,
    age_band,
    initials,
)
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import ContactPointData
from bemoeizorg.domain.vocabulary import Concern, ReporterKind
from bemoeizorg.exports import meeting_pack, pack_pages
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import CaseAction
from tests.builders import ROERMOND, days_ago, entries_since, log_entries, new_case

WEERT = "GM0988"
TODAY = date.today()
REPORTER = "Gerritje Hazelnootsma"
FAMILY = "Wolkenkrabbertje"
GIVEN = "Ermengarda Philomena"
ADDRESS = "Kwartelstraat 77"
BSN = "123456782"
BORN = date(1961, 3, 17)


def canary_case(register: Register, *, concerns=(Concern.VERWAARLOZING_KINDEREN,)) -> int:
    recorded = record_report(
        register,
        ReportInput(
            received_on=days_ago(40),
            municipality_code=ROERMOND,
            reporter=ReporterInput(
                ReporterKind.BUURT, "Buurtvereniging Eikenhof", REPORTER, "06 99887766"
            ),
            person=PersonInput(
                family_name=FAMILY,
                prefix="van der",
                given_names=GIVEN,
                birth_date=BORN,
                address=ADDRESS,
                postcode="6041 XZ",
                city="Roermond",
                bsn=BSN,
                municipality_code=ROERMOND,
            ),
            concerns=(Concern.SCHULDEN, *concerns),
            description="Buurvrouw Gerritje ziet de kinderen niet meer naar school gaan.",
        ),
    )
    return take_on(register, recorded.report_id, None, Specialism.VOLWASSENEN, days_ago(39))


def plan(register: Register, held_on: date = TODAY, code: str = ROERMOND) -> int:
    return meetings.plan_meeting(
        register,
        meetings.MeetingData(code, held_on, MeetingKind.NETWERKOVERLEG, "Wethouder", ("GGZ",)),
    )


def all_text(pack: pack_pages.Pack) -> str:
    return "\n".join(t for page in pack.pages for t in page.texts())


# --- the rules ------------------------------------------------------------------------------


def test_initials_and_age_bands() -> None:
    assert initials("Johannes Petrus", "van der", "Berg") == "J.P. vd B."
    assert initials("Anne-Marie", "", "Ëlzinga") == "A.Ë."
    assert initials("Jan", "", "Doe") == "J.D."
    assert initials("", "", "") == "?"
    assert age_band(17) == "jonger dan 18" and age_band(18) == "18 tot 27 jaar"
    assert age_band(67) == "67 jaar of ouder" and age_band(None) == "leeftijd onbekend"


def test_shared_fields_damaged_json_falls_back_to_narrow() -> None:
    narrow = SharedFields.from_json({"pseudonym": "iets anders", "age_band": "ja"})
    assert narrow.pseudonym is PseudonymStyle.NUMMER
    assert not narrow.age_band and not narrow.phase and not narrow.actions
    full = SharedFields().without_concern(Concern.VERSLAVING)
    assert SharedFields.from_json(json.loads(json.dumps(full.to_json()))) == full


# --- planning -------------------------------------------------------------------------------


def test_planning_needs_a_participant_and_a_municipality(register: Register) -> None:
    with pytest.raises(FieldProblems) as caught:
        meetings.plan_meeting(register, meetings.MeetingData("GM9999", TODAY))
    assert set(caught.value.problems) == {"municipality", "participants"}
    assert meetings.list_meetings(register) == []


def test_meeting_detail_shows_contact_point_and_logs_one_view_per_case(register: Register):
    save_contact_point(
        register, ContactPointData(ROERMOND, "Lieke Aanspreek", "Gemeente Roermond", "0475 123456")
    )
    first, second = new_case(register, family_name="Aap"), new_case(register, family_name="Noot")
    meeting_id = plan(register)
    meetings.add_to_agenda(register, meeting_id, first, "Wie kent hem?", "Politie: wijkagent")
    meetings.add_to_agenda(register, meeting_id, second)
    with pytest.raises(InvalidInput, match="al op de agenda"):
        meetings.add_to_agenda(register, meeting_id, first)
    before = len(log_entries(register))
    detail = meetings.meeting_detail(register, meeting_id)
    assert detail.contact_point is not None and detail.contact_point.name == "Lieke Aanspreek"
    assert [e.case_id for e in detail.agenda] == [first, second]
    assert detail.agenda[0].question == "Wie kent hem?"
    assert entries_since(register, before) == [("inzien", first), ("inzien", second)]
    (summary,) = meetings.list_meetings(register)
    assert (summary.cases, summary.municipality, summary.packs_made) == (2, "Roermond", 0)


def test_a_case_of_another_municipality_is_refused(register: Register) -> None:
    case_id = new_case(register)
    with pytest.raises(InvalidInput, match="andere gemeente"):
        meetings.add_to_agenda(register, plan(register, code=WEERT), case_id)


# --- agreements -----------------------------------------------------------------------------


def test_agreements_become_actions_and_come_back_at_the_next_meeting(register: Register):
    case_id = new_case(register)
    last_month = plan(register, TODAY - timedelta(days=28))
    item = meetings.add_to_agenda(register, last_month, case_id, "Wie gaat op huisbezoek?")
    with pytest.raises(FieldProblems) as caught:
        meetings.record_agreements(
            register,
            last_month,
            [meetings.Agreement(item, (meetings.AgreedAction("Huisbezoek", ""),))],
        )
    assert f"organisation:{item}" in caught.value.problems
    before = len(log_entries(register))
    due = TODAY + timedelta(days=7)
    meetings.record_agreements(
        register,
        last_month,
        [
            meetings.Agreement(
                item,
                (
                    meetings.AgreedAction("Huisbezoek samen met wijkagent", "GGZ", due),
                    meetings.AgreedAction("Huurachterstand uitzoeken", "Woningcorporatie"),
                ),
                holder="GGZ",
            )
        ],
    )
    assert entries_since(register, before) == [(Action.CHANGE.value, case_id)]
    with register.session() as s:
        rows = s.query(CaseAction).filter(CaseAction.meeting_id == last_month).all()
        assert {(a.description, a.organisation, a.due_on) for a in rows} == {
            ("Huisbezoek samen met wijkagent", "GGZ", due),
            ("Huurachterstand uitzoeken", "Woningcorporatie", None),
        }

    now = plan(register)
    meetings.add_to_agenda(register, now, case_id, "Lukt het contact?")
    (entry,) = meetings.meeting_detail(register, now).agenda
    assert entry.previous is not None
    assert entry.previous.holder == "GGZ" and entry.previous.held_on == TODAY - timedelta(28)
    assert [a.organisation for a in entry.previous.actions] == ["GGZ", "Woningcorporatie"]
    page = pack_pages.build_pack(register, now).pages[1]
    text = "\n".join(page.texts())
    assert "Huisbezoek samen met wijkagent (GGZ, uiterlijk" in text and ": open" in text


def test_agreements_cannot_be_recorded_before_the_meeting(register: Register) -> None:
    case_id = new_case(register)
    next_week = plan(register, TODAY + timedelta(days=7))
    item = meetings.add_to_agenda(register, next_week, case_id)
    with pytest.raises(InvalidInput, match="vanaf de dag van het overleg"):
        meetings.record_agreements(register, next_week, [meetings.Agreement(item)])


# --- the pack -------------------------------------------------------------------------------


def test_pack_shows_the_minimum_and_never_identity_or_reporter(register: Register) -> None:
    case_id = canary_case(register)
    meeting_id = plan(register, TODAY + timedelta(days=3))
    meetings.add_to_agenda(register, meeting_id, case_id, "Wie heeft ingang?", "Sociaal team")
    pack = pack_pages.build_pack(register, meeting_id)
    agenda, page, agreements = pack.pages
    assert page.case_id == case_id and agenda.case_id is None
    assert agreements.case_id is None and agreements.write_lines > 0
    assert page.title == "1. E.P. vd W. (1961)"
    lines = {line.label: line.text for line in page.lines}
    assert lines["Gemeente"] == "Roermond"
    assert lines["Leeftijd"] == "55 tot 67 jaar"  # 64 or 65 this year
    assert lines["Zorgen"] == "Schulden en armoede, Verwaarlozing van kinderen"
    assert lines["Vraag aan het netwerk"] == "Wie heeft ingang?"
    assert lines["Fase"].startswith("Vinden, sinds ")
    text = all_text(pack) + pack.file_name
    for secret in (
        REPORTER, "Gerritje", "Eikenhof", "06 99887766", FAMILY, "Ermengarda", "Philomena",
        ADDRESS, "Kwartelstraat", "6041 XZ", BSN, "17-03-1961", "1961-03-17", "school",
    ):  # fmt: skip
        assert secret not in text, secret
    assert pack.file_name == f"Netwerkoverleg-Roermond-{(TODAY + timedelta(3)).isoformat()}.pdf"


def test_narrowing_leaves_out_what_the_team_lead_unticks(register: Register) -> None:
    case_id = canary_case(register)
    meeting_id = plan(register)
    item = meetings.add_to_agenda(register, meeting_id, case_id, "Vraag")
    narrow = SharedFields(
        pseudonym=PseudonymStyle.NUMMER,
        age_band=False,
        phase=False,
        concerns_left_out=frozenset({Concern.VERWAARLOZING_KINDEREN}),
    )
    meetings.update_agenda_item(register, item, "Vraag", "", narrow)
    page = pack_pages.build_pack(register, meeting_id).pages[1]
    assert page.title == "1. Casus 1"
    labels = [line.label for line in page.lines]
    assert "Leeftijd" not in labels and "Fase" not in labels
    assert "kinderen" not in "\n".join(page.texts()).lower()
    assert "E.P." not in "\n".join(page.texts()) and "1961" not in "\n".join(page.texts())


def test_first_meeting_puts_every_open_case_of_the_municipality_on_the_agenda(
    register: Register,
) -> None:
    open_ids = {new_case(register, family_name=n) for n in ("Een", "Twee", "Drie")}
    elsewhere = canary_case(register)  # Roermond too
    open_ids.add(elsewhere)
    meeting_id = meetings.plan_first_meeting(
        register,
        meetings.MeetingData(ROERMOND, TODAY, MeetingKind.EERSTE_BESPREKING, "", ("GGZ",)),
    )
    pack = pack_pages.build_pack(register, meeting_id)
    assert set(pack.case_ids) == open_ids
    assert len(pack.pages) == 2 + len(open_ids)  # the agenda, the cases, the agreements


def test_open_cases_and_agenda_candidates_of_a_municipality(register: Register) -> None:
    ids = [new_case(register, family_name=n) for n in ("Een", "Twee")]
    before = len(log_entries(register))
    assert meetings.open_case_count(register, ROERMOND) == 2
    assert meetings.open_case_count(register, WEERT) == 0
    assert entries_since(register, before) == []  # a count reads no case

    found = meetings.agenda_candidates(register, ROERMOND, frozenset({ids[0]}))
    assert [c.row.id for c in found] == [ids[1]]
    assert found[0].concerns == tuple(sorted((Concern.SCHULDEN, Concern.VERVUILING)))
    assert entries_since(register, before) == [(Action.VIEW.value, None)]
    before = len(log_entries(register))
    assert meetings.agenda_candidates(register, ROERMOND, frozenset(ids)) == []
    assert entries_since(register, before) == []  # nothing shown, nothing logged

    concerns = meetings.case_concerns(register, ids[0])
    assert concerns == tuple(sorted((Concern.SCHULDEN, Concern.VERVUILING)))
    assert entries_since(register, before) == [(Action.VIEW.value, ids[0])]


def test_disclosure_makes_one_entry_and_one_export_per_case(register: Register) -> None:
    ids = [new_case(register, family_name=n) for n in ("Een", "Twee")]
    meeting_id = plan(register)
    for case_id in ids:
        meetings.add_to_agenda(register, meeting_id, case_id)
    pack = pack_pages.build_pack(register, meeting_id)
    before = len(log_entries(register))
    meeting_pack.record_disclosure(register, pack, "0" * 64)
    assert entries_since(register, before) == [(Action.EXPORT.value, i) for i in ids]
    entries = meetings.disclosures(register)
    assert sorted(e.case_id for e in entries) == sorted(ids)
    assert {e.organisations for e in entries} == {("GGZ",)}
    assert [e.case_id for e in meetings.disclosures(register, ids[0])] == [ids[0]]
    with pytest.raises(InvalidInput, match="verstrekkingenlog"):
        meetings.delete_meeting(register, meeting_id)


def test_export_code_cannot_reach_the_reporter() -> None:
    """The pack's modules import nothing that holds the reporter or free text."""
    root = Path(__file__).parent.parent / "bemoeizorg" / "exports"
    forbidden = {"Reporter", "CaseEvent", "Draft", "description", "triage_note", "note"}
    for name in ("pack_pages.py", "pack_pdf.py", "meeting_pack.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        imported = {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        assert not (forbidden & imported), (name, forbidden & imported)
        reached = {"Reporter", "Draft", "CaseEvent"} & used
        assert not reached, (name, reached)


def test_disclosure_log_keeps_the_pack_date_after_the_meeting_moves(
    register: Register, tmp_path: Path
) -> None:
    case_id = canary_case(register)
    first_day = TODAY + timedelta(days=5)
    meeting_id = plan(register, first_day)
    item = meetings.add_to_agenda(register, meeting_id, case_id, "Wie heeft ingang?")
    narrow = SharedFields(pseudonym=PseudonymStyle.NUMMER, age_band=False)
    meetings.update_agenda_item(register, item, "Wie heeft ingang?", "", narrow)
    pack = pack_pages.build_pack(register, meeting_id)
    meeting_pack.write_pack(register, pack, tmp_path / "a.pdf", password="Wachtwoord 2026")
    assert meetings.packs_made(register, meeting_id) == 1

    moved = TODAY + timedelta(days=12)
    data = meetings.meeting_detail(register, meeting_id).data
    meetings.update_meeting(register, meeting_id, replace(data, held_on=moved))
    meeting_pack.write_pack(
        register, pack_pages.build_pack(register, meeting_id), tmp_path / "b.pdf"
    )

    entries = sorted(meetings.disclosures(register), key=lambda e: e.pack_date or TODAY)
    assert [e.date_on_pack for e in entries] == [first_day, moved]
    assert all(e.held_on == moved for e in entries)  # the meeting's date now
    assert [e.password_protected for e in entries] == [True, False]
    shared = entries[0].shared
    assert "Alleen een nummer" in shared and "Vraag aan het netwerk" in shared
    assert "Leeftijd" not in shared and "Initialen en geboortejaar" not in shared
    assert all(len(e.digest) == 64 for e in entries)
    assert entries[0].digest != entries[1].digest


def test_time_place_chair_and_participants_carry_over_to_the_next_meeting(
    register: Register,
) -> None:
    assert meetings.previous_meeting_data(register, ROERMOND) is None
    data = meetings.MeetingData(
        ROERMOND,
        TODAY,
        MeetingKind.NETWERKOVERLEG,
        "Wethouder Smeets",
        ("GGZ", "Politie", "Wijkagent Roermond-Oost"),
        starts_at="14:30",
        place="Stadhuis, zaal 2",
    )
    meetings.plan_meeting(register, data)
    meetings.plan_meeting(
        register, meetings.MeetingData(WEERT, TODAY, participants=("GGD",), place="Weert")
    )
    carried = meetings.previous_meeting_data(register, ROERMOND)
    assert carried is not None
    assert (carried.chair, carried.participants) == (data.chair, data.participants)
    assert (carried.starts_at, carried.place) == ("14:30", "Stadhuis, zaal 2")
    summary = next(m for m in meetings.list_meetings(register) if m.municipality_code == ROERMOND)
    assert (summary.starts_at, summary.place) == ("14:30", "Stadhuis, zaal 2")


def test_time_is_checked_and_printed_with_the_place(register: Register) -> None:
    assert meetings.time_text("9.30") == "09:30" and meetings.time_text("1430") == "14:30"
    with pytest.raises(FieldProblems) as problems:
        meetings.plan_meeting(
            register,
            meetings.MeetingData(ROERMOND, TODAY, participants=("GGZ",), starts_at="25:00"),
        )
    assert "starts_at" in problems.value.problems
    case_id = canary_case(register)
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, TODAY, participants=("GGZ",), starts_at="09:30", place="Stadhuis"
        ),
    )
    meetings.add_to_agenda(register, meeting_id, case_id, "Vraag")
    agenda = {
        line.label: line.text for line in pack_pages.build_pack(register, meeting_id).pages[0].lines
    }
    assert agenda["Datum"].endswith(", 09:30 uur")
    assert agenda["Plaats"] == "Stadhuis"
