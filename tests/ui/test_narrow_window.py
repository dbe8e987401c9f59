"""The main window is usable at 800x600 (issue 16): no tab forces it wider (the Casussen
filters, the Netwerkoverleg list and the Jaarcijfers period row did: 980-1107 pixels), and
in the narrow window the case list keeps the names readable and scrolls sideways instead.

Real main window on a real encrypted register; jobs run inline."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QHeaderView

from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.models.case_list_model import CaseColumn
from bemoeizorg.ui.views.case_list_view import NAME_NARROWEST
from tests.builders import new_case
from tests.ui.helpers import hand_over, shown_main_window

NARROW = (800, 600)


@pytest.fixture
def window(qtbot, runner, tmp_path, unlocked_session) -> MainWindow:
    win = shown_main_window(qtbot, runner, tmp_path)
    yield win
    win.session.close()


def test_every_tab_fits_an_800_pixel_window(qtbot, window, unlocked_session) -> None:
    assert unlocked_session.register is not None
    new_case(unlocked_session.register, family_name="Verbeek")
    hand_over(window, unlocked_session)
    window.resize(*NARROW)
    for index in range(window.workspace.count()):
        window.workspace.setCurrentIndex(index)
        QApplication.processEvents()
        title = window.workspace.tabText(index)
        assert window.minimumSizeHint().width() <= NARROW[0], title
        window.resize(*NARROW)
        QApplication.processEvents()
        assert window.width() == NARROW[0], title


def test_the_case_list_keeps_names_readable_when_narrow(qtbot, window, unlocked_session) -> None:
    assert unlocked_session.register is not None
    new_case(unlocked_session.register, family_name="Verbeek")
    hand_over(window, unlocked_session)
    window.resize(*NARROW)
    window.workspace.setCurrentWidget(window.case_list_view)
    QApplication.processEvents()
    header = window.case_list_view.table.horizontalHeader()
    assert header.sectionSize(CaseColumn.NAME) >= NAME_NARROWEST
    # Wide again: the name takes what the other columns leave, no sideways scrolling.
    window.resize(1400, 800)
    QApplication.processEvents()
    assert header.sectionResizeMode(CaseColumn.NAME) is QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(CaseColumn.NAME) > NAME_NARROWEST
