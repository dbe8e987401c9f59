"""The start screen as a user sees it: every sentence whole, nothing clipped."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.ui.helpers import shown_main_window


def test_start_screen_shows_every_label_whole(qtbot, runner, tmp_path) -> None:
    """A word-wrapped label gets the height its text needs at its width (centring the panel
    by alignment once gave them less, and the recent list's note no height at all)."""
    window = shown_main_window(qtbot, runner, tmp_path)
    window.resize(1280, 800)
    qtbot.wait(50)
    view = window.start_view
    assert window.stack.currentWidget() is view
    labels = [label for label in view.findChildren(QLabel) if label.isVisible()]
    assert any("demoregister" in label.text() for label in labels)
    assert view.recent_empty in labels
    for label in labels:
        needed = (
            label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        )
        assert label.height() >= needed, (label.text()[:40], label.height(), needed)
