"""The start screen as a user sees it: every sentence whole, nothing clipped, at every
window size from 800x600 up; no horizontal scrollbars in the recent list or the drafts."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from bemoeizorg.casework.drafts import DraftData, DraftKind
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.ui.dialogs.drafts_dialog import DraftsDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.start_view import RECENT_EMPTY, StartView
from tests.ui.helpers import shown_main_window
from tests.ui.layout_checks import clipped_labels, horizontal_scrollbars

SIZES = [(800, 600), (1024, 768), (1400, 900)]
LONG_FOLDER = "/home/medewerker/Documenten/Bemoeizorg/Noord-Limburg/registers van het team/2026"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_start_screen_shows_every_label_whole(qtbot, runner, tmp_path, width, height) -> None:
    """A word-wrapped label gets the height its text needs at its width (centring the panel
    by alignment once gave them less, and the recent list's note no height at all)."""
    view = StartView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    labels = [label for label in view.findChildren(QLabel) if label.isVisible()]
    assert any("wachtwoordzin" in label.text() for label in labels)
    assert view.recent_empty in labels and view.recent_empty.text() == RECENT_EMPTY
    assert not view.recent_list.isVisible()  # no blank strip where nothing is listed
    assert clipped_labels(view) == []
    assert horizontal_scrollbars(view) == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_long_recent_paths_fit_without_a_scrollbar(qtbot, tmp_path, width, height) -> None:
    folder = tmp_path / LONG_FOLDER.lstrip("/")
    folder.mkdir(parents=True)
    paths = []
    for name in ("team noord-limburg met een lange naam", "oefenregister", "demo"):
        path = folder / f"{name}.bzregister"
        path.write_bytes(b"")
        paths.append(str(path))
    view = StartView()
    qtbot.addWidget(view)
    view.set_recent(paths)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    assert view.recent_list.count() == 3 and view.recent_list.isVisible()
    assert not view.recent_empty.isVisible()
    assert horizontal_scrollbars(view) == []
    assert clipped_labels(view) == []
    # Every register in view: the list is as high as its rows, none behind a scroll.
    last = view.recent_list.visualItemRect(view.recent_list.item(2))
    assert last.bottom() <= view.recent_list.viewport().rect().bottom()
    assert not view.recent_list.verticalScrollBar().isVisible()


def test_start_screen_in_the_main_window(qtbot, runner, tmp_path) -> None:
    window = shown_main_window(qtbot, runner, tmp_path)
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.wait(10)  # the resize is laid out
        assert window.stack.currentWidget() is window.start_view
        assert clipped_labels(window.start_view) == [], (width, height)


def test_the_drafts_list_wraps_instead_of_scrolling_sideways(qtbot, runner) -> None:
    session = RegisterSession(runner, DeviceSettings())
    drafts = [
        (
            DraftData(
                id=i,
                kind=DraftKind.MELDING,
                case_id=None,
                fields={},
                updated_at="2026-12-01T10:00:00+00:00",
            ),
            f"Nieuwe melding over een persoon in Roermond, met zorgen over de woning en geld ({i})",
        )
        for i in range(1, 4)
    ]
    dialog = DraftsDialog(session, drafts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert horizontal_scrollbars(dialog) == []
    assert clipped_labels(dialog) == []
