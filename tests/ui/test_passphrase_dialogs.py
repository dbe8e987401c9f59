"""Gebruiker toevoegen and Wachtwoordzin wijzigen: the accept button waits for a strong
passphrase typed twice, the work runs on the worker and is logged, a refusal is said in
the red line and the dialog stays open."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.add_user_dialog import AddUserDialog
from bemoeizorg.ui.dialogs.change_passphrase_dialog import ChangePassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic
from tests.builders import LEAD, OTHER, STRONG

LEFT = Qt.MouseButton.LeftButton


D = TypeVar("D", AddUserDialog, ChangePassphraseDialog)


def shown(qtbot, dialog: D) -> D:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_passphrase(qtbot, dialog: AddUserDialog | ChangePassphraseDialog, text: str) -> None:
    qtbot.keyClicks(dialog.passphrase.first, text)
    qtbot.keyClicks(dialog.passphrase.second, text)


def test_add_user_needs_a_name_and_a_strong_passphrase(
    qtbot, unlocked_session: RegisterSession, register: Register
) -> None:
    dialog = shown(qtbot, AddUserDialog(unlocked_session))
    assert dialog.ok_button.text() == "Toevoegen" and not dialog.ok_button.isEnabled()
    type_passphrase(qtbot, dialog, OTHER)
    assert not dialog.ok_button.isEnabled()  # no name yet
    qtbot.keyClicks(dialog.name_edit, "Wim Werker")
    assert dialog.ok_button.isEnabled()

    topics: list[str] = []
    unlocked_session.data_changed.connect(topics.append)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert topics == [Topic.LOG]
    assert ("Wim Werker", Role.BEMOEIZORGER) in [(u.name, u.role) for u in register.users()]
    # Said once the dialog is gone (a status-bar notice in the main window).
    assert any("Wim Werker is toegevoegd als bemoeizorger" in m.text for m in messages.shown), (
        messages.shown
    )


def test_add_user_refused_says_why_and_stays_open(qtbot, unlocked_session: RegisterSession) -> None:
    dialog = shown(qtbot, AddUserDialog(unlocked_session))
    qtbot.keyClicks(dialog.name_edit, LEAD)  # already a user of this register
    type_passphrase(qtbot, dialog, OTHER)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.isEnabled()
    assert dialog.error_label.text()


def test_change_passphrase_wrong_current_then_right(
    qtbot, unlocked_session: RegisterSession, register: Register, register_path: Path
) -> None:
    dialog = shown(qtbot, ChangePassphraseDialog(unlocked_session))
    assert dialog.ok_button.text() == "Wijzigen" and not dialog.ok_button.isEnabled()
    type_passphrase(qtbot, dialog, OTHER)
    assert dialog.ok_button.isEnabled()

    qtbot.keyClicks(dialog.current_edit, "niet de goede zin")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.error_label.text()

    dialog.current_edit.setText(STRONG)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    assert any("Uw wachtwoordzin is gewijzigd" in m.text for m in messages.shown)
    register.lock()
    Register.unlock(register_path, LEAD, OTHER).lock()  # the new passphrase opens it


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def _contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_strength_word_is_readable_beside_the_bar(qtbot, unlocked_session) -> None:
    """'Sterk' was black on the dark green bar: the word now stands beside the bar, in a
    colour that reads on the window (WCAG 4.5:1), whatever the strength."""
    dialog = shown(qtbot, ChangePassphraseDialog(unlocked_session))
    fields = dialog.passphrase
    assert not fields.meter.isTextVisible()
    seen = {}
    for text in ("kort", "Zomer2026", STRONG):
        fields.first.setText(text)
        fields.strength_label.ensurePolished()
        colour = fields.strength_label.palette().color(QPalette.ColorRole.WindowText)
        background = dialog.palette().color(QPalette.ColorRole.Window)
        seen[fields.strength_label.text()] = _contrast(colour, background)
    assert "Sterk" in seen, seen
    assert all(ratio >= 4.5 for ratio in seen.values()), seen
