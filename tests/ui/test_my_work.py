"""Mijn werk on build_cases' five cases: what needs attention and why, the week's actions,
opening a case, the settings, a user who is no team member. The triage queue, actions due
soon and readable names in a real-sized window are in test_my_work_week.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from threading import Event

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.casework.case_list import AttentionKind
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.models.my_work_model import OVERDUE_COLOUR, MyWorkModel, WorkColumn
from bemoeizorg.ui.models.report_list_model import ActionColumn, DueActionModel, WaitingModel
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.views import my_work_view
from bemoeizorg.ui.views.my_work_view import MyWorkView
from bemoeizorg.ui.views.register_view import LOADING
from tests.builders import CASE_LIST_TODAY as TODAY
from tests.builders import TEAM, CaseIds, build_cases, new_register

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseIds]:
    """build_cases' five cases, built once for the module in a register left locked."""
    path = tmp_path_factory.mktemp("mijnwerk") / "team.bzregister"
    register = new_register(path)
    ids = build_cases(register)
    register.lock()
    return path, ids


@pytest.fixture
def register(open_copy, cases_file: tuple[Path, CaseIds]) -> Register:
    """Each test its own copy of that register: tests change cases and write the log."""
    return open_copy(cases_file[0])


@pytest.fixture
def ids(cases_file: tuple[Path, CaseIds], register: Register) -> CaseIds:
    return cases_file[1]


@pytest.fixture
def work(qtbot, unlocked_session: RegisterSession, ids: CaseIds) -> MyWorkView:
    widget = MyWorkView(unlocked_session)
    widget.today = lambda: TODAY
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def column(table, col: int) -> list[str]:
    model = table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_empty_models_pass_qtmodeltester(qtmodeltester):
    qtmodeltester.check(MyWorkModel())
    qtmodeltester.check(DueActionModel())
    qtmodeltester.check(WaitingModel())


def test_my_work_shows_what_needs_attention_and_why(work, ids):
    assert work.owner == "Anna de Vries"
    assert column(work.table, WorkColumn.NUMBER) == ["2025-0003", "2025-0001"]
    days = (TODAY - date(2025, 1, 10)).days
    # Every reason in "Aandacht nodig", one a line, overdue actions first and in red.
    assert column(work.table, WorkColumn.ATTENTION) == [
        "2 acties over datum (sinds 01-05-2025)\n120 dagen geen contact",
        f"Nog geen contact ({days} dagen na de opening)\n{days} dagen in vinden",
    ]
    model = work.table.model()
    overdue = model.index(0, WorkColumn.ATTENTION).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue is not None and overdue.color() == OVERDUE_COLOUR
    assert model.index(0, WorkColumn.ATTENTION).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, WorkColumn.ATTENTION).data(Qt.ItemDataRole.ForegroundRole) is None
    tip = model.index(0, WorkColumn.ATTENTION).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "2 acties over datum (sinds 01-05-2025)\n120 dagen geen contact"
    assert work.summary.text() == "2 open casussen, waarvan 2 met aandachtspunten"
    assert "30 dagen zonder contact" in work.hint.text()
    assert work.not_in_team.isHidden()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in WorkColumn]
    assert headers == ["Nummer", "Naam", "Gemeente", "Fase", "Laatste contact", "Aandacht nodig"]
    # Both reason lines fit: the row is two lines high.
    assert work.table.rowHeight(0) > work.table.verticalHeader().defaultSectionSize()


def test_the_week_lists_the_actions_past_due_and_opens_their_case(qtbot, work, ids):
    # Piet's actions of 1 and 15 May are past due on 1 June; the one of 1 July is not yet
    # this week, and the one done is gone.
    assert work.week_title.text() == "Acties deze week (2)"
    assert column(work.week_table, ActionColumn.ACTION) == ["Schuldhulp bellen", "Huisarts vragen"]
    assert column(work.week_table, ActionColumn.WHEN) == [
        "31 dagen over datum",
        "17 dagen over datum",
    ]
    assert column(work.week_table, ActionColumn.DUE) == ["do 01-05-2025", "do 15-05-2025"]
    assert column(work.week_table, ActionColumn.NAME) == ["Piet de Vries"] * 2
    index = work.week_table.model().index(0, ActionColumn.WHEN)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOUR
    work.week_table.setFocus()
    work.week_table.setCurrentIndex(index)
    with qtbot.waitSignal(work.case_requested, timeout=1000) as blocker:
        qtbot.keyClick(work.week_table, Qt.Key.Key_Return)
    assert blocker.args == [ids.piet]


def test_a_team_lead_sees_an_empty_queue_as_empty(work):
    # Anna is teamleider; the one melding of build_cases was answered with advice.
    assert work.is_lead and work.waiting_box.isVisible()
    assert work.waiting_title.text() == "Te beoordelen (0)"
    assert work.waiting_table.isHidden() and work.waiting_empty.isVisible()


def test_my_work_follows_the_settings(qtbot, work, unlocked_session):
    unlocked_session.settings.attention_no_contact_days = 365
    unlocked_session.settings.attention_long_in_vinden_days = 365
    unlocked_session.save_settings()  # emits settings_changed
    # Overdue actions alone are a reason too: the row says so (it once stayed empty).
    assert column(work.table, WorkColumn.ATTENTION) == [
        "2 acties over datum (sinds 01-05-2025)",
        "Niets bijzonders",
    ]
    assert work.summary.text() == "2 open casussen, waarvan 1 met aandachtspunten"
    work.only_attention.setChecked(True)
    assert column(work.table, WorkColumn.NUMBER) == ["2025-0003"]


def test_my_work_double_click_asks_for_the_case(qtbot, work, ids):
    rect = work.table.visualRect(work.table.model().index(1, WorkColumn.NAME))
    with qtbot.waitSignal(work.case_requested, timeout=1000) as blocker:
        # A real double-click is a press and release, then the double-click event.
        qtbot.mouseClick(work.table.viewport(), LEFT, pos=rect.center())
        qtbot.mouseDClick(work.table.viewport(), LEFT, pos=rect.center())
    assert blocker.args == [ids.noel]


def test_my_work_says_so_when_the_user_is_not_in_the_team(qtbot, work, unlocked_session):
    unlocked_session.user = "Carla Peeters"
    work.reload()
    assert work.not_in_team.isVisible()
    assert "‘Carla Peeters’" in work.not_in_team.text()
    assert "Instellingen > Team" in work.not_in_team.text()
    assert work.model.rowCount() == 0 and work.cases_box.isHidden()
    assert work.week_model.rowCount() == 0 and work.week_box.isHidden()
    assert work.owner is None


def test_my_work_model_passes_qtmodeltester(qtmodeltester, work):
    assert work.model.rowCount() == 2
    assert {a.kind for r in work.model.rows() for a in r.reasons} == set(AttentionKind)
    qtmodeltester.check(work.model)
    qtmodeltester.check(work.proxy)
    qtmodeltester.check(work.week_model)


def test_my_work_clears_on_lock(work, unlocked_session):
    unlocked_session.lock()
    assert work.model.rowCount() == 0 and work.summary.text() == ""
    assert work.week_model.rowCount() == 0 and work.waiting_box.isHidden()


def test_while_the_register_is_read_the_lists_say_loading_not_empty(qtbot, register) -> None:
    """The demo register takes seconds: "U heeft geen open casussen." during that time
    told a user their cases were gone. The worker is held until the lists are looked at."""
    runner = JobRunner()  # a real worker thread: the answer comes later
    session = RegisterSession(runner, DeviceSettings())
    session.adopt(register, TEAM)
    held = Event()
    runner.submit(lambda: held.wait(30))
    view = MyWorkView(session)
    view.today = lambda: TODAY
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    try:
        assert view.model.rowCount() == 0
        assert view.table.placeholder() == LOADING
        assert view.week_empty.text() == LOADING
        assert my_work_view.EMPTY not in [view.table.placeholder(), view.week_empty.text()]
    finally:
        held.set()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert view.table.placeholder() == my_work_view.EMPTY
    assert view.week_empty.text() != LOADING
    # A read again after a change keeps what is shown until its answer: no flicker.
    again = Event()
    runner.submit(lambda: again.wait(30))
    try:
        session.data_changed.emit(Topic.CASES)
        assert view.week_empty.text() != LOADING
        assert view.table.placeholder() == my_work_view.EMPTY
    finally:
        again.set()
    qtbot.waitUntil(lambda: not runner.busy)
    session.register = None  # the fixture locks the register itself
    runner.wait()
