"""Logboek as someone accountable for privacy uses it: read, filter, check."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, text

from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Case
from bemoeizorg.ui.models.access_log_model import AccessLogModel, LogColumn, LogRow, period_bounds
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.log_view import LogView
from bemoeizorg.ui.widgets.date_field import DateField
from bemoeizorg.ui.widgets.table_view import TableView
from tests.builders import new_case

LEFT = Qt.MouseButton.LeftButton
OLD_AT = "2024-03-01T10:00:00.000000+00:00"


def column(view: LogView, col: LogColumn) -> list[str]:
    model = view.table.model()
    return [model.index(r, col).data() for r in range(model.rowCount())]


def count(register: Register, *actions: Action) -> int:
    with register.session() as session:
        return len(access_log.query(session, LogFilter(actions=actions)))


@pytest.fixture
def register(register: Register) -> Register:
    """The shared fresh register with two real cases, and a colleague's entries on them."""
    reg = register
    first, second = new_case(reg, family_name="Jansen"), new_case(reg, family_name="Bakker")
    # A colleague's entries, one of them from long ago; written through the chain itself.
    with reg.session() as session:
        reg.access_log.record(session, "Bram Janssen", Action.VIEW, case_id=first, at=OLD_AT)
        reg.access_log.record(session, "Bram Janssen", Action.CHANGE, case_id=first)
        reg.access_log.record(session, "Bram Janssen", Action.VIEW, case_id=second)
    return reg


@pytest.fixture
def numbers(register: Register) -> tuple[str, str]:
    """The two cases' numbers, as users see them (never their internal ids)."""
    with register.session() as session:
        first, second = session.scalars(select(Case.number).order_by(Case.id))
    return first, second


def total(register: Register) -> int:
    return count(register)


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession, register: Register) -> LogView:
    widget = LogView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_log_shows_who_what_when_and_which_case_number(view, register, numbers):
    first, second = numbers
    n = total(register)
    assert column(view, LogColumn.NUMBER)[:4] == [str(n - i) for i in range(4)]  # newest first
    assert column(view, LogColumn.USER)[:4] == ["Bram Janssen"] * 3 + ["Anna de Vries"]
    assert column(view, LogColumn.ACTION)[:3] == ["Inzien", "Wijzigen", "Inzien"]
    # The case number a user knows from the case list, not the database's id.
    assert column(view, LogColumn.CASE)[:3] == [second, first, first]
    assert re.fullmatch(r"\d{4}-\d{4}", first)
    assert column(view, LogColumn.ACTION)[-1] == "Register aangemaakt"
    assert column(view, LogColumn.CASE)[-1] == ""  # an entry without a case
    for when in column(view, LogColumn.WHEN):
        assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d:\d\d", when)
    assert all(column(view, LogColumn.MACHINE))
    assert view.count_label.text() == f"{n} regels"
    headers = [view.table.model().headerData(c, Qt.Orientation.Horizontal) for c in LogColumn]
    assert headers == ["Nr.", "Wanneer", "Wie", "Handeling", "Casus", "Computer"]


def test_a_deleted_case_is_named_as_such(view, register):
    """An entry of a case removed since (retention) keeps its id, but the case is gone."""
    with register.session() as session:
        gone = (session.scalar(select(func.max(Case.id))) or 0) + 100
        register.access_log.record(session, "Bram Janssen", Action.VIEW, case_id=gone)
    view.reload()
    assert column(view, LogColumn.CASE)[0] == "(casus verwijderd)"


def test_filter_by_case_number(qtbot, view, register, numbers):
    first, second = numbers
    qtbot.keyClicks(view.case_edit, f" {first} ")
    qtbot.keyClick(view.case_edit, Qt.Key.Key_Return)
    cases = column(view, LogColumn.CASE)
    assert set(cases) == {first}
    with register.session() as session:
        expected = access_log.query_numbered(session, LogFilter(case_number=first))
    assert len(cases) == len(expected) >= 3  # the creation entries and Bram's two
    assert column(view, LogColumn.USER)[:2] == ["Bram Janssen"] * 2

    view.case_edit.setText("2000-9999")  # no such case
    view.case_edit.editingFinished.emit()
    assert view.table.is_empty()

    qtbot.mouseClick(view.clear_button, LEFT)
    assert view.case_edit.text() == ""
    assert set(column(view, LogColumn.CASE)) >= {first, second, ""}


def test_viewing_the_log_is_not_itself_logged(view, register):
    before = count(register)
    view.reload()
    view.clear_filters()
    assert count(register) == before


def type_date(field: DateField, text: str) -> None:
    """Type a date and leave the field, as a user does."""
    field.setFocus()
    field.setText(text)
    field.editingFinished.emit()


def test_filters_narrow_the_rows(qtbot, view, register, numbers):
    first, second = numbers
    users = [view.user_combo.itemText(i) for i in range(view.user_combo.count())]
    assert users == ["Alle gebruikers", "Anna de Vries", "Bram Janssen"]

    view.user_combo.setCurrentIndex(view.user_combo.findText("Anna de Vries"))
    assert set(column(view, LogColumn.USER)) == {"Anna de Vries"}

    view.user_combo.setCurrentIndex(view.user_combo.findText("Bram Janssen"))
    view.action_combo.setCurrentIndex(view.action_combo.findText("Inzien"))
    assert column(view, LogColumn.CASE) == [second, first]

    qtbot.mouseClick(view.period_box, LEFT)
    type_date(view.from_edit, "01-03-2024")
    type_date(view.to_edit, "01032024")
    assert view.to_edit.text() == "01-03-2024"  # shown as it was understood
    assert column(view, LogColumn.NUMBER) == [str(total(register) - 2)]  # from long ago
    assert view.count_label.text() == "1 regel"

    type_date(view.to_edit, "01-02-2024")  # before the start: said, the filter stays
    assert "vóór de begindatum (01-03-2024)" in view.period_problem.text()
    assert column(view, LogColumn.NUMBER) == [str(total(register) - 2)]
    type_date(view.to_edit, "01-03-2024")
    assert view.period_problem.text() == ""

    view.action_combo.setCurrentIndex(view.action_combo.findText("Exporteren"))
    assert view.table.is_empty()
    assert "Filters wissen" in view.table.placeholder()

    qtbot.mouseClick(view.clear_button, LEFT)
    assert len(column(view, LogColumn.NUMBER)) == total(register)
    assert view.user_combo.currentText() == "Alle gebruikers"
    assert not view.from_edit.isEnabled()


def test_new_entries_appear_when_data_changes(view, unlocked_session, register):
    view.user_combo.setCurrentIndex(view.user_combo.findText("Bram Janssen"))
    register.log_event(Action.SETTINGS)
    unlocked_session.data_changed.emit("team")
    assert view.user_combo.currentText() == "Bram Janssen"  # the choice survives a reload
    view.user_combo.setCurrentIndex(0)
    assert column(view, LogColumn.ACTION)[0] == "Instellingen"


def test_verify_shows_in_orde_with_count_and_control_code(qtbot, view, register):
    assert "Nog niet gecontroleerd" in view.verdict.text()
    qtbot.mouseClick(view.verify_button, LEFT)

    verdict = view.verdict.text()
    assert view.verdict_ok is True
    n = total(register)  # the check's own entry included
    assert f"Het logboek is in orde: {n - 1} regels gecontroleerd" in verdict
    assert "NIET" not in verdict
    # The control code as printed on exports: Controlecode nagaan confirms it.
    shown = re.search(r"Controlecode (\d+(?:-[0-9a-f]{5}){4})\.", verdict)
    assert shown is not None and shown[1].startswith(f"{n - 1}-")
    with register.session() as session:
        assert register.access_log.check_code(session, shown[1]).ok
    assert "#1b5e20" in view.verdict.styleSheet()  # green
    # The check itself is logged once, and shows up at the top of the table.
    assert count(register, Action.VERIFIED) == 1
    assert column(view, LogColumn.ACTION)[0] == "Register gecontroleerd"


def test_verify_after_tampering_says_niet_in_orde(qtbot, view, register):
    with register.session() as session:
        session.execute(text("UPDATE access_log SET action = 'exporteren' WHERE id = 2"))
    qtbot.mouseClick(view.verify_button, LEFT)

    verdict = view.verdict.text()
    assert view.verdict_ok is False
    assert "Het logboek is NIET in orde" in verdict
    assert "Regel 2 is gewijzigd of verplaatst." in verdict
    assert "#b3261e" in view.verdict.styleSheet()  # red
    assert count(register, Action.VERIFIED) == 0  # a broken chain is left as found


def test_locking_empties_the_log(view, unlocked_session):
    unlocked_session.lock()
    assert view.table.is_empty()
    assert view.count_label.text() == ""
    assert "Nog niet gecontroleerd" in view.verdict.text()


def test_access_log_model(qtmodeltester):
    model = AccessLogModel()
    model.set_rows(
        [
            LogRow(1, "2024-03-01T10:00:00.000000+00:00", "Anna", "inzien", "2024-0012", "pc"),
            LogRow(2, "2024-03-02T10:00:00.000000+00:00", "Bram", "onbekend", "", "pc"),
            LogRow(3, "geen tijd", "Bram", "exporteren", "2024-0007", "pc"),
        ]
    )
    qtmodeltester.check(model)
    proxy = SortProxy()
    proxy.setSourceModel(model)
    proxy.sort(LogColumn.CASE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert [proxy.index(r, LogColumn.CASE).data() for r in range(3)] == [
        "2024-0012",
        "2024-0007",
        "",
    ]
    assert model.index(1, LogColumn.ACTION).data() == "onbekend"  # unknown shown as stored
    assert model.index(2, LogColumn.WHEN).data() == "geen tijd"


def test_period_bounds_cover_whole_local_days():
    since, until = period_bounds(date(2024, 3, 1), date(2024, 3, 1))
    assert since < OLD_AT < until
    assert since.endswith("+00:00") and until.endswith("+00:00")


def test_logboek_checks_an_earlier_control_code(view, register, qtbot):
    """A code printed earlier is confirmed after more work; a made-up one is not."""
    with register.session() as session:
        code = register.access_log.control_code(session)
    register.log_event(Action.SETTINGS)  # more work since
    view.code_edit.setText(code)
    qtbot.mouseClick(view.code_button, LEFT)
    assert "klopt:" in view.code_verdict.text()
    number = code.split("-")[0]
    view.code_edit.setText(f"{number}-00000-00000-00000-00000")
    qtbot.mouseClick(view.code_button, LEFT)
    assert "klopt NIET" in view.code_verdict.text()


def test_logboek_exports_the_log_as_csv_and_logs_that(view, register, tmp_path, scripted_messages):
    exports_before = count(register, Action.EXPORT)
    out = tmp_path / "logboek.csv"
    view.export_to(out)
    text = out.read_text("utf-8-sig")
    assert text.startswith("regel;tijdstip;gebruiker;handeling;casusnummer")
    assert "Bram Janssen" in text
    assert count(register, Action.EXPORT) == exports_before + 1
    with register.session() as session:
        code = register.access_log.control_code(session)
    assert f"Controlecode logboek: {code}" in text
    assert scripted_messages[-1].title == "Logboek geëxporteerd"
    assert code in scripted_messages[-1].text


def test_rows_show_in_the_order_asked_whether_loaded_so_or_not(qtbot) -> None:
    """Rows loaded already in the order asked for are not sorted again (issue 16: the log
    comes newest first); rows in another order are; a header click still sorts."""
    model = AccessLogModel()
    proxy = SortProxy()
    proxy.setSourceModel(model)
    table = TableView()
    table.setModel(proxy)
    qtbot.addWidget(table)

    def rows(*numbers: int, users: tuple[str, ...] = ()) -> list[LogRow]:
        names = users or tuple("u" for _ in numbers)
        return [LogRow(n, OLD_AT, u, "view", "", "pc") for n, u in zip(numbers, names, strict=True)]

    def shown(col: LogColumn = LogColumn.NUMBER) -> list[str]:
        return [proxy.index(r, col).data() for r in range(proxy.rowCount())]

    table.sortByColumn(LogColumn.NUMBER, Qt.SortOrder.DescendingOrder)
    model.set_rows(rows(3, 2, 1))  # as the log loads: newest first
    assert shown() == ["3", "2", "1"]
    model.set_rows(rows(2, 3, 1))
    assert shown() == ["3", "2", "1"]
    table.sortByColumn(LogColumn.NUMBER, Qt.SortOrder.AscendingOrder)
    assert shown() == ["1", "2", "3"]
    model.set_rows(rows(1, 2, 3))
    assert shown() == ["1", "2", "3"]
    # Texts compare with case ignored, as Qt sorts them.
    model.set_rows(rows(1, 2, 3, users=("Anna", "bram", "Carla")))
    table.sortByColumn(LogColumn.USER, Qt.SortOrder.AscendingOrder)
    assert shown(LogColumn.USER) == ["Anna", "bram", "Carla"]
    model.set_rows(rows(1, 2, 3, users=("bram", "Carla", "Anna")))
    assert shown(LogColumn.USER) == ["Anna", "bram", "Carla"]
