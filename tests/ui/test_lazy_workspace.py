"""The workspace's views are made when their tab is first shown (issue 16: start-up loads
only the start and unlock screens). A tab not yet shown holds an empty placeholder; a click
on it puts the real view there, in the same place under the same title, and shows it.

Real main window on a real encrypted register; jobs run inline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.ui.main_window import WORKSPACE_TABS, MainWindow
from bemoeizorg.ui.views.counts_view import CountsView
from bemoeizorg.ui.views.my_work_view import MyWorkView
from bemoeizorg.ui.views.register_view import RegisterView
from tests.ui.helpers import hand_over, shown_main_window


@pytest.fixture
def window(qtbot, runner, tmp_path, unlocked_session) -> MainWindow:
    win = shown_main_window(qtbot, runner, tmp_path)
    yield win
    win.session.close()


def made_tabs(window: MainWindow) -> list[str]:
    """The titles of the tabs that hold a real view."""
    tabs = window.workspace
    return [
        tabs.tabText(i) for i in range(tabs.count()) if isinstance(tabs.widget(i), RegisterView)
    ]


def test_the_start_screen_makes_no_workspace_view(window) -> None:
    assert made_tabs(window) == []
    assert window.workspace.count() == len(WORKSPACE_TABS)


def test_a_tab_gets_its_view_when_first_clicked(qtbot, window, unlocked_session) -> None:
    hand_over(window, unlocked_session)
    # Unlocked: Mijn werk is shown, so made; nothing else yet.
    assert made_tabs(window) == ["Mijn werk"]
    assert isinstance(window.workspace.currentWidget(), MyWorkView)
    titles = [window.workspace.tabText(i) for i in range(window.workspace.count())]

    bar = window.workspace.tabBar()
    counts_index = titles.index("Jaarcijfers")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(counts_index).center())

    shown = window.workspace.currentWidget()
    assert isinstance(shown, CountsView)
    assert shown.isVisible()
    assert window.workspace.indexOf(shown) == counts_index
    assert window.counts_view is shown  # made once: the window's name for it is this view
    assert made_tabs(window) == ["Mijn werk", "Jaarcijfers"]
    assert [window.workspace.tabText(i) for i in range(window.workspace.count())] == titles

    # Back to Mijn werk and again to Jaarcijfers: the same view, nothing made anew.
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(counts_index).center())
    assert window.workspace.currentWidget() is shown
    assert made_tabs(window) == ["Mijn werk", "Jaarcijfers"]


def test_a_view_asked_for_by_name_is_made_without_being_shown(window, unlocked_session) -> None:
    hand_over(window, unlocked_session)
    log_view = window.log_view
    assert window.workspace.widget(window.workspace.indexOf(log_view)) is log_view
    assert not log_view.isVisible()
    assert isinstance(window.workspace.currentWidget(), MyWorkView)  # still Mijn werk
