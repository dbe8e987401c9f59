"""Mijn werk plans the week, in real widgets on a real register: a melding typed and left for
"Later beoordelen" waits in the team lead's "Te beoordelen" with its age and is triaged from
there; a bemoeizorger gets no queue; an action due in 3 days is in "Acties deze week", one
past due in "Aandacht nodig" with the reason; long names are not cut off."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from bemoeizorg.casework import cases
from bemoeizorg.casework.intake import record_report
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.intake import PersonInput, ReporterInput, ReportInput
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import Concern, ReporterKind, TriageDecision, Urgency
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, Report
from bemoeizorg.ui.dialogs.intake_dialog import IntakeDialog
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog
from bemoeizorg.ui.models.my_work_model import OVERDUE_COLOUR, WorkColumn
from bemoeizorg.ui.models.report_list_model import ActionColumn, WaitingColumn
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.my_work_view import MyWorkView
from tests.builders import LEAD, OTHER, ROERMOND, days_ago, new_case, team_member
from tests.ui.helpers import choose, fill_rest, retype, select_row, type_into

LEFT = Qt.MouseButton.LeftButton
WORKER = "Wim Werker"


def shown_work(qtbot, session: RegisterSession, width: int = 1200, height: int = 800):
    view = MyWorkView(session)
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def column(table, col: int) -> list[str]:
    model = table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def left_for_later(qtbot, session: RegisterSession, family: str, received: date) -> None:
    """A melding typed into Nieuwe melding, then "Later beoordelen" at triage."""
    dialog = IntakeDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.person.family_edit, family)
    type_into(qtbot, dialog.person.given_edit, "Gerda")
    retype(qtbot, dialog.received_edit, date_text(received))
    fill_rest(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, LEFT)
    triage = dialog.triage_dialog
    assert triage is not None and triage.isVisible(), dialog.general_error.text()
    qtbot.mouseClick(triage.later_button, LEFT)
    assert not triage.isVisible()


def test_a_melding_left_for_later_is_triaged_from_the_team_leads_queue(
    qtbot, unlocked_session, register, scripted_messages
):
    anna = team_member(register, LEAD)  # the user, teamleider and case owner
    left_for_later(qtbot, unlocked_session, "Kraaijenhof", days_ago(4))
    view = shown_work(qtbot, unlocked_session)

    assert view.waiting_box.isVisible() and view.waiting_title.text() == "Te beoordelen (1)"
    assert column(view.waiting_table, WaitingColumn.NAME) == ["Gerda Kraaijenhof"]
    assert column(view.waiting_table, WaitingColumn.WAITING) == ["4 dagen"]
    assert column(view.waiting_table, WaitingColumn.RECEIVED) == [date_text(days_ago(4))]
    assert column(view.waiting_table, WaitingColumn.MUNICIPALITY) == ["Roermond"]
    assert not view.triage_button.isEnabled()  # nothing chosen yet

    select_row(view.waiting_table, "Gerda Kraaijenhof")
    assert view.triage_button.isEnabled()
    qtbot.mouseClick(view.triage_button, LEFT)
    triage = view._dialogs.shown_by(view, TriageDialog)
    assert triage is not None and triage.isVisible()
    assert "Gerda Kraaijenhof" in triage.heading.text()
    assert "wacht 4 dagen" in triage.heading.text()
    choose(triage.owner_combo, anna)
    with qtbot.waitSignal(unlocked_session.data_changed, timeout=1000):
        qtbot.mouseClick(triage.save_button, LEFT)

    # Taken on: gone from the queue, a case of Anna's in Mijn casussen.
    assert view.waiting_title.text() == "Te beoordelen (0)" and view.waiting_empty.isVisible()
    assert column(view.table, WorkColumn.NAME) == ["Gerda Kraaijenhof"]
    assert scripted_messages[-1].title == "Casus aangemaakt"
    with register.session() as s:
        case = s.scalars(select(Case)).one()
        report = s.scalars(select(Report)).one()
    assert case.owner_id == anna and report.triage == TriageDecision.OPGEPAKT.value


def test_the_queue_is_most_urgent_first_and_enter_triages(qtbot, unlocked_session, register):
    for family, ago, urgency in (("Aarts", 9, Urgency.NORMAAL), ("Bos", 1, Urgency.CRISIS)):
        record_report(
            register,
            ReportInput(
                received_on=days_ago(ago),
                municipality_code=ROERMOND,
                reporter=ReporterInput(ReporterKind.POLITIE),
                person=PersonInput(family, ROERMOND, given_names="Jo"),
                concerns=(Concern.OVERLAST,),
                urgency=urgency,
            ),
        )
    view = shown_work(qtbot, unlocked_session)
    assert column(view.waiting_table, WaitingColumn.NAME) == ["Jo Bos", "Jo Aarts"]
    assert column(view.waiting_table, WaitingColumn.WAITING) == ["1 dag", "9 dagen"]
    assert column(view.waiting_table, WaitingColumn.URGENCY) == ["Crisis", "Normaal"]
    view.waiting_table.setFocus()
    view.waiting_table.setCurrentIndex(view.waiting_table.model().index(1, 0))
    qtbot.keyClick(view.waiting_table, Qt.Key.Key_Return)
    triage = view._dialogs.shown_by(view, TriageDialog)
    assert triage is not None and "Jo Aarts" in triage.heading.text()
    triage.advice_radio.setChecked(True)
    qtbot.mouseClick(triage.save_button, LEFT)
    assert column(view.waiting_table, WaitingColumn.NAME) == ["Jo Bos"]


def test_a_bemoeizorger_gets_no_queue(qtbot, unlocked_session, register):
    team_member(register, WORKER)
    left_for_later(qtbot, unlocked_session, "Kraaijenhof", days_ago(2))
    register.add_user(WORKER, Role.BEMOEIZORGER, OTHER)
    path = register.path
    unlocked_session.lock()
    worker = Register.unlock(path, WORKER, OTHER)
    unlocked_session.adopt(worker, "Team")
    view = shown_work(qtbot, unlocked_session)
    assert view.owner == WORKER and not view.is_lead
    assert view.waiting_box.isHidden() and view.waiting_model.rowCount() == 0
    assert view.triage_selected() is None  # no way in, not even by a stray call


def test_the_week_and_what_needs_attention(qtbot, unlocked_session, register):
    anna = team_member(register, LEAD)
    case_id = new_case(register, family_name="Aarts", owner_id=anna, opened_days_ago=10)
    today = date.today()
    cases.add_action(register, case_id, "Huisarts bellen", "Anna", today + timedelta(3))
    cases.add_action(register, case_id, "Schuldhulp aanmelden", "Anna", today - timedelta(2))
    cases.add_action(register, case_id, "Na de vakantie", "Anna", today + timedelta(10))
    with register.session() as s:
        before = len(s.scalars(select(AccessLogEntry)).all())

    view = shown_work(qtbot, unlocked_session)

    assert view.week_title.text() == "Acties deze week (2)"
    assert column(view.week_table, ActionColumn.ACTION) == [
        "Schuldhulp aanmelden",
        "Huisarts bellen",
    ]
    assert column(view.week_table, ActionColumn.WHEN) == ["2 dagen over datum", "over 3 dagen"]
    assert column(view.week_table, ActionColumn.NAME) == ["Piet Aarts", "Piet Aarts"]
    late = date_text(today - timedelta(2))
    reasons = column(view.table, WorkColumn.ATTENTION)
    assert reasons == [f"1 actie over datum (sinds {late})"]
    cell = view.table.model().index(0, WorkColumn.ATTENTION)
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    with register.session() as s:
        entries = s.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id)).all()[before:]
    assert [(e.action, e.case_id) for e in entries] == [(Action.VIEW.value, None)]  # one read


@pytest.mark.parametrize("width", [1400, 800])
def test_long_names_are_readable(qtbot, unlocked_session, register, width):
    anna = team_member(register, LEAD)
    long_name = "Maria Johanna Wilhelmina van den Vermeulen-Oppenheimer"
    new_case(
        register,
        family_name="Vermeulen-Oppenheimer",
        prefix="van den",
        given_names="Maria Johanna Wilhelmina",
        owner_id=anna,
    )
    view = shown_work(qtbot, unlocked_session, width, 900)
    name_width = view.table.fontMetrics().horizontalAdvance(long_name)
    shown = view.table.horizontalHeader().sectionSize(WorkColumn.NAME)
    if width == 1400:
        assert shown > name_width  # the whole name, nothing cut off
    else:
        # Too narrow for everything: the name gives way, the reasons keep their room.
        assert shown < name_width and view.table.columnWidth(WorkColumn.ATTENTION) >= 250
    tip = view.table.model().index(0, WorkColumn.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == long_name
