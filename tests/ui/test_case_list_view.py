"""Casussen as a worker uses it: search while typing, filter, sort, open (Mijn werk is in
test_my_work.py, the lists of meldingen in test_triage_dialog.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from bemoeizorg.casework import cases
from bemoeizorg.domain.vocabulary import Phase
from bemoeizorg.settings import load_device_settings
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import AccessLogEntry, Case, Person
from bemoeizorg.ui.models.case_list_model import CaseColumn, CaseListModel
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views import case_list_view
from bemoeizorg.ui.views.case_list_view import CaseListView
from bemoeizorg.ui.views.settings_general_page import GeneralPage
from tests.builders import CaseIds, build_cases, new_register

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def cases_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseIds]:
    """build_cases' five cases, built once for the module in a register left locked."""
    path = tmp_path_factory.mktemp("casussen") / "team.bzregister"
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
def view(qtbot, unlocked_session: RegisterSession, ids: CaseIds) -> CaseListView:
    widget = CaseListView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def column(table, col: int) -> list[str]:
    model = table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def names(view: CaseListView) -> list[str]:
    return column(view.table, CaseColumn.NAME)


def type_search(qtbot, view: CaseListView, text: str) -> None:
    view.search_box.clear()
    qtbot.keyClicks(view.search_box, text)
    assert view.search_timer.isActive()  # waiting for the typing to pause
    view.search_timer.timeout.emit()


def pick(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def list_entries(register: Register) -> int:
    with register.session() as session:
        rows = session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.action == Action.VIEW.value, AccessLogEntry.case_id.is_(None)
            )
        )
        return len(list(rows))


# --- Casussen ----------------------------------------------------------------------------


def test_shows_open_cases_newest_first_with_dutch_headers(view):
    headers = [view.table.model().headerData(c, Qt.Orientation.Horizontal) for c in CaseColumn]
    assert headers == [
        "Nummer",
        "Naam",
        "Gemeente",
        "Dossierhouder",
        "Fase",
        "Dagen in fase",
        "Laatste contact",
        "Status",
        "Specialisme",
    ]
    assert column(view.table, CaseColumn.NUMBER) == [
        "2025-0003",
        "2025-0002",
        "2025-0001",
        "2024-0001",
    ]
    assert names(view) == [
        "Piet de Vries",
        "Mieke Jansen ‘Blonde Mieke’",
        "Noël van der Berg",
        "Joëlle Hendriks",
    ]
    assert column(view.table, CaseColumn.OWNER) == [
        "Anna de Vries",
        "Bram Janssen",
        "Anna de Vries",
        "Geen dossierhouder",
    ]
    assert column(view.table, CaseColumn.PHASE) == ["Binden", "Binden", "Vinden", "Toeleiden"]
    assert column(view.table, CaseColumn.LAST_CONTACT)[2] == "Nog geen"
    assert column(view.table, CaseColumn.LAST_CONTACT)[1] == "20-05-2025"
    assert set(column(view.table, CaseColumn.STATUS)) == {"Open"}
    assert view.count_label.text() == "4 casussen"


def test_typing_in_the_search_box_narrows_the_rows(qtbot, view):
    qtbot.keyClicks(view.search_box, "berg")
    assert len(names(view)) == 4  # nothing asked yet: the debounce timer runs
    view.search_timer.timeout.emit()
    assert names(view) == ["Noël van der Berg"]
    assert view.count_label.text() == "1 casus"
    assert not view.search_timer.isActive()

    type_search(qtbot, view, "noel")  # no accent typed: still found
    assert names(view) == ["Noël van der Berg"]
    type_search(qtbot, view, "van der")
    assert names(view) == ["Noël van der Berg"]
    type_search(qtbot, view, "BLONDE")  # the alias
    assert names(view) == ["Mieke Jansen ‘Blonde Mieke’"]
    type_search(qtbot, view, "2024-")  # a case number
    assert names(view) == ["Joëlle Hendriks"]
    type_search(qtbot, view, "zzz")
    assert names(view) == [] and view.table.is_empty()
    assert view.table.placeholder() == case_list_view.EMPTY
    assert view.count_label.text() == "0 casussen"


def test_enter_in_the_search_box_searches_at_once(qtbot, view):
    qtbot.keyClicks(view.search_box, "jansen")
    qtbot.keyClick(view.search_box, Qt.Key.Key_Return)
    assert not view.search_timer.isActive()
    assert names(view) == ["Mieke Jansen ‘Blonde Mieke’"]


def test_keys_typed_while_a_search_runs_ask_once_for_the_newest_text(
    qtbot, view, unlocked_session, monkeypatch
):
    pending = []
    monkeypatch.setattr(
        unlocked_session,
        "call",
        lambda fn, on_done=None, on_error=None: pending.append((fn, on_done)),
    )
    shown = names(view)
    qtbot.keyClicks(view.search_box, "j")
    view.search_timer.timeout.emit()
    for key in "ansen":  # each its own keystroke, while the first search is on its way
        qtbot.keyClicks(view.search_box, key)
        view.search_timer.timeout.emit()
    assert len(pending) == 1  # one query at a time
    register = unlocked_session.register
    first, first_done = pending[0]
    first_done(first(register))  # the answer for "j": old by now, not shown ...
    assert names(view) == shown
    assert len(pending) == 2  # ... and one query for all that was typed meanwhile
    second, second_done = pending[1]
    second_done(second(register))
    assert names(view) == ["Mieke Jansen ‘Blonde Mieke’"]


def test_filters_narrow_and_clear(qtbot, view):
    assert view.table.isColumnHidden(CaseColumn.STATUS)  # every row is open
    owners = [view.owner_combo.itemText(i) for i in range(view.owner_combo.count())]
    assert owners == ["Alle dossierhouders", "Anna de Vries", "Bram Janssen"]
    pick(view.phase_combo, "Binden")
    assert sorted(names(view)) == ["Mieke Jansen ‘Blonde Mieke’", "Piet de Vries"]
    pick(view.owner_combo, "Anna de Vries")
    assert names(view) == ["Piet de Vries"]
    view.clear_filters()
    assert len(names(view)) == 4

    pick(view.municipality_combo, "Venlo")
    assert names(view) == ["Mieke Jansen ‘Blonde Mieke’"]
    view.clear_filters()
    pick(view.specialism_combo, "Jeugd")
    assert names(view) == ["Mieke Jansen ‘Blonde Mieke’"]
    view.clear_filters()

    pick(view.status_combo, "Afgesloten")
    assert names(view) == ["Sjef Peeters"]
    assert column(view.table, CaseColumn.STATUS) == ["Afgesloten"]
    tip = view.table.model().index(0, CaseColumn.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Afgesloten op 01-03-2025: Toegeleid naar zorg"
    pick(view.status_combo, "Alle")
    assert len(names(view)) == 5
    assert not view.table.isColumnHidden(CaseColumn.STATUS)  # only then does it differ
    type_search(qtbot, view, "peeters")
    pick(view.owner_combo, "Bram Janssen")
    assert names(view) == []  # search and filters together
    view.clear_filters()
    assert view.search_box.text() == "" and len(names(view)) == 4
    assert view.status_combo.currentText() == "Open"


def test_clicking_a_header_sorts(qtbot, view):
    header = view.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        LEFT,
        pos=QPoint(header.sectionViewportPosition(CaseColumn.NAME) + 5, header.height() // 2),
    )
    assert header.sortIndicatorSection() == CaseColumn.NAME
    # On the family name proper: Berg, Hendriks, Jansen, Vries.
    expected = [
        "Noël van der Berg",
        "Joëlle Hendriks",
        "Mieke Jansen ‘Blonde Mieke’",
        "Piet de Vries",
    ]
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert names(view) == (expected if ascending else expected[::-1])
    # A second click turns the order round.
    qtbot.mouseClick(
        header.viewport(),
        LEFT,
        pos=QPoint(header.sectionViewportPosition(CaseColumn.NAME) + 5, header.height() // 2),
    )
    assert names(view) == (expected[::-1] if ascending else expected)
    header.setSortIndicator(CaseColumn.DAYS_IN_PHASE, Qt.SortOrder.DescendingOrder)
    assert names(view)[0] == "Noël van der Berg"  # in vinden since January


def test_only_a_page_is_loaded_and_more_follows(qtbot, view, monkeypatch):
    monkeypatch.setattr(case_list_view, "FIRST_PAGE", 3)
    monkeypatch.setattr(case_list_view, "PAGE_SIZE", 3)
    view.reload()
    assert len(names(view)) == 3
    # The rows first; the count once typing pauses.
    assert view.count_label.text() == "3 casussen getoond; de rest wordt geteld…"
    assert not view.more_button.isVisible()
    assert view.count_timer.isActive()
    view.count_timer.timeout.emit()
    assert view.count_label.text() == "3 van 4 casussen getoond"
    assert view.more_button.isVisible()
    qtbot.mouseClick(view.more_button, LEFT)
    assert len(names(view)) == 4
    assert view.count_label.text() == "4 casussen"
    assert not view.more_button.isVisible()

    # Sorting a partly loaded list asks the register, which sorts everything.
    view.reload()
    view.table.horizontalHeader().setSortIndicator(CaseColumn.NAME, Qt.SortOrder.AscendingOrder)
    assert names(view) == ["Noël van der Berg", "Joëlle Hendriks", "Mieke Jansen ‘Blonde Mieke’"]


def test_double_click_and_enter_ask_for_the_case(qtbot, view, ids):
    type_search(qtbot, view, "mieke")
    index = view.table.model().index(0, CaseColumn.NAME)
    rect = view.table.visualRect(index)
    asked: list[int] = []
    view.case_requested.connect(asked.append)
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=rect.center())
    assert asked == []  # a single click only selects
    qtbot.mouseDClick(view.table.viewport(), LEFT, pos=rect.center())
    assert asked == [ids.mieke]  # once

    view.table.setFocus()
    view.table.setCurrentIndex(index)
    with qtbot.waitSignal(view.case_requested, timeout=1000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [ids.mieke]
    assert view.selected_case_id() == ids.mieke


def test_one_log_entry_per_listing_and_one_for_a_name_typed(qtbot, view, register, ids):
    cases.read_case(register, ids.noel)  # the list's entry is no longer the newest
    before = list_entries(register)
    view.reload()
    assert list_entries(register) == before + 1
    # Typing a name shows a list at every letter: the one entry stands for them all.
    for key in "berg":
        qtbot.keyClicks(view.search_box, key)
        view.search_timer.timeout.emit()
    assert names(view) == ["Noël van der Berg"]
    assert list_entries(register) == before + 1


def test_reloads_on_a_change_and_clears_on_lock(qtbot, view, unlocked_session, register, ids):
    cases.change_phase(register, ids.noel, Phase.BINDEN, date(2025, 2, 1), "gevonden")
    unlocked_session.data_changed.emit("cases")
    assert "Vinden" not in column(view.table, CaseColumn.PHASE)

    qtbot.keyClicks(view.search_box, "berg")
    unlocked_session.lock()
    assert view.model.rowCount() == 0
    assert view.search_box.text() == ""  # a typed name does not wait behind the lock
    assert view.count_label.text() == ""
    assert not view.search_timer.isActive()


def test_a_hidden_list_loads_when_shown(qtbot, unlocked_session, ids, register):
    widget = CaseListView(unlocked_session)
    qtbot.addWidget(widget)
    before = list_entries(register)
    unlocked_session.data_changed.emit("cases")
    assert widget.model.rowCount() == 0 and list_entries(register) == before
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.model.rowCount() == 4 and list_entries(register) == before + 1


def test_case_list_model_passes_qtmodeltester(qtmodeltester, view):
    assert view.model.rowCount() == 4
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_an_empty_case_list_model_passes_qtmodeltester(qtmodeltester):
    qtmodeltester.check(CaseListModel())


# --- the thresholds in Instellingen > Algemeen --------------------------------------------


def test_attention_thresholds_are_edited_in_general_settings(qtbot, unlocked_session):
    page = GeneralPage(unlocked_session)
    qtbot.addWidget(page)
    page.show()
    assert page.no_contact_spin.value() == 30
    assert page.long_in_vinden_spin.value() == 60
    assert not page.save_button.isEnabled()
    page.no_contact_spin.selectAll()
    qtbot.keyClicks(page.no_contact_spin, "21")
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(unlocked_session.settings_changed, timeout=1000):
        qtbot.mouseClick(page.save_button, LEFT)
    assert unlocked_session.settings.attention_no_contact_days == 21
    assert load_device_settings().attention_no_contact_days == 21
    assert load_device_settings().attention_long_in_vinden_days == 60
    page.long_in_vinden_spin.setValue(5000)
    assert page.long_in_vinden_spin.value() == 730  # its bound


def test_search_by_bsn_birth_date_and_with_a_typo(qtbot, view, register, ids):
    with register.session() as s:
        noel = s.get(Person, s.get(Case, ids.noel).person_id)
        noel.bsn = "111222333"
        noel.birth_date = date(1971, 4, 2)
    assert "BSN" in view.search_box.placeholderText()
    assert "geboortedatum" in view.search_box.placeholderText()
    for text in ("111222333", "111.222.333", "02-04-1971", "02041971"):
        type_search(qtbot, view, text)
        assert names(view) == ["Noël van der Berg"], text
    type_search(qtbot, view, "Hendrikz")  # a typo
    assert names(view) == ["Joëlle Hendriks"]
    type_search(qtbot, view, "Brg")  # a letter left out
    assert names(view) == ["Noël van der Berg"]
    type_search(qtbot, view, "12-12-1912")
    assert names(view) == [] and view.table.is_empty()
