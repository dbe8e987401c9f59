"""The verstrekkingenlog on screen: in the case view (this case's packs) and in the
Logboek (every pack, by case number); cleared on lock."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from bemoeizorg.casework import meetings
from bemoeizorg.domain.meetings import MeetingKind
from bemoeizorg.exports import meeting_pack, pack_pages
from bemoeizorg.store.register import Register
from bemoeizorg.ui.models.disclosure_model import DisclosureColumn
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.case_view import CaseView
from bemoeizorg.ui.views.log_view import LogView
from tests.builders import ROERMOND, new_case


def shared_in_a_pack(register: Register, case_ids: list[int]) -> None:
    meeting_id = meetings.plan_meeting(
        register,
        meetings.MeetingData(
            ROERMOND, date(2026, 11, 2), MeetingKind.NETWERKOVERLEG, "", ("GGZ", "Politie")
        ),
    )
    for case_id in case_ids:
        meetings.add_to_agenda(register, meeting_id, case_id, "Wie heeft contact?")
    pack = pack_pages.build_pack(register, meeting_id)
    meeting_pack.record_disclosure(register, pack, "0" * 64)


def cells(model, row: int) -> dict[DisclosureColumn, str]:
    return {c: str(model.index(row, c).data()) for c in DisclosureColumn}


def test_case_view_lists_the_packs_the_case_went_into(qtbot, unlocked_session: RegisterSession):
    register = unlocked_session.register
    assert register is not None
    shown, other = new_case(register, family_name="Aap"), new_case(register, family_name="Noot")
    view = CaseView(unlocked_session)
    qtbot.addWidget(view)
    view.show()
    view.show_case(shown)
    panel = view.disclosure_panel
    assert panel.model.rowCount() == 0 and panel.title.text() == "Verstrekkingen"

    shared_in_a_pack(register, [shown, other])
    view.reload()
    assert panel.model.rowCount() == 1  # only this case's line
    row = cells(panel.model, 0)
    assert row[DisclosureColumn.MEETING] == "Roermond, 02-11-2026"
    assert row[DisclosureColumn.ORGANISATIONS] == "GGZ, Politie"
    assert row[DisclosureColumn.BY] == "Anna de Vries"
    assert panel.title.text() == "Verstrekkingen (1)"
    unlocked_session.lock()
    assert panel.model.rowCount() == 0


def test_logboek_has_a_verstrekkingen_page(qtbot, unlocked_session: RegisterSession):
    register = unlocked_session.register
    assert register is not None
    ids = [new_case(register, family_name=n) for n in ("Mies", "Wim")]
    shared_in_a_pack(register, ids)
    view = LogView(unlocked_session)
    qtbot.addWidget(view)
    view.show()
    assert [view.pages.tabText(i) for i in range(view.pages.count())] == [
        "Toegang",
        "Verstrekkingen",
    ]
    view.pages.setCurrentWidget(view.disclosure_view)
    model = view.disclosure_view.model
    assert model.rowCount() == 2
    numbers = sorted(cells(model, r)[DisclosureColumn.CASE] for r in range(2))
    assert all(re.fullmatch(r"\d{4}-\d{4}", n) for n in numbers), numbers
    texts = " ".join(" ".join(cells(model, r).values()) for r in range(2))
    assert "Mies" not in texts and "Wim" not in texts  # numbers, never names
    assert view.disclosure_view.count_label.text() == "2 verstrekkingen"


def test_disclosure_model_passes_the_model_tester(qtmodeltester, unlocked_session):
    register = unlocked_session.register
    assert register is not None
    shared_in_a_pack(register, [new_case(register)])
    from bemoeizorg.ui.models.disclosure_model import DisclosureModel

    model = DisclosureModel()
    model.set_rows(meetings.disclosures(register))
    qtmodeltester.check(model)


def test_logboek_shows_the_pack_date_what_was_shared_and_the_password(
    qtbot, unlocked_session: RegisterSession, tmp_path
):
    register = unlocked_session.register
    assert register is not None
    case_id = new_case(register, family_name="Zus")
    meeting_id = meetings.plan_meeting(
        register, meetings.MeetingData(ROERMOND, date(2026, 11, 2), participants=("GGZ",))
    )
    meetings.add_to_agenda(register, meeting_id, case_id, "Wie heeft contact?")
    pack = pack_pages.build_pack(register, meeting_id)
    meeting_pack.write_pack(register, pack, tmp_path / "p.pdf", password="Wachtwoord 2026")
    data = meetings.meeting_detail(register, meeting_id).data
    meetings.update_meeting(register, meeting_id, replace(data, held_on=date(2026, 11, 9)))
    view = LogView(unlocked_session)
    qtbot.addWidget(view)
    view.show()
    view.pages.setCurrentWidget(view.disclosure_view)
    row = cells(view.disclosure_view.model, 0)
    assert row[DisclosureColumn.MEETING] == "Roermond, 02-11-2026"  # as on the pack
    assert row[DisclosureColumn.PASSWORD] == "ja"
    assert "Vraag aan het netwerk" in row[DisclosureColumn.SHARED]
    assert "Initialen en geboortejaar" in row[DisclosureColumn.SHARED]
    assert re.fullmatch(r"[0-9a-f]{64}", row[DisclosureColumn.DIGEST])
