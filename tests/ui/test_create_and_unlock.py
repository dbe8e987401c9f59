"""The start of every session: creating a register, seeing the recovery code, unlocking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import failed_unlocks
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.create_register_dialog import NO_MUNICIPALITY, CreateRegisterDialog
from bemoeizorg.ui.dialogs.recover_dialog import RecoverDialog
from bemoeizorg.ui.dialogs.recovery_code_dialog import RecoveryCodeDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.start_view import StartView
from bemoeizorg.ui.views.unlock_view import UnlockView
from tests.builders import STRONG

ODD = 'Zoë\'s "sleutel" @/:%#? met spaties ĳs'


def type_text(qtbot, edit, text: str) -> None:
    """QTest can only synthesise ASCII keys; other letters arrive as typed-in text."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def _fill_create(qtbot, dialog: CreateRegisterDialog, path: Path, passphrase: str) -> None:
    dialog.file_edit.setText(str(path))
    qtbot.keyClicks(dialog.name_edit, "Bemoeizorg Midden-Limburg")
    type_text(qtbot, dialog.user_edit, "Zoë van 't Hoff")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.TEAMLEIDER))
    type_text(qtbot, dialog.passphrase.first, passphrase)
    type_text(qtbot, dialog.passphrase.second, passphrase)


def test_create_register_refuses_weak_passphrase_with_reason(qtbot, tmp_path, runner):
    dialog = CreateRegisterDialog(runner, tmp_path)
    qtbot.addWidget(dialog)
    _fill_create(qtbot, dialog, tmp_path / "a.bzregister", "welkom123")
    assert not dialog.create_button.isEnabled()
    assert "minstens 10 tekens" in dialog.passphrase.reason.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase.first, "wachtwoord1234")
    assert "veelgebruikt" in dialog.passphrase.reason.text() or dialog.passphrase.reason.text()
    assert not dialog.create_button.isEnabled()
    assert not (tmp_path / "a.bzregister").exists()


def test_create_register_with_odd_passphrase_then_unlock(qtbot, tmp_path, runner):
    path = tmp_path / "midden.bzregister"
    dialog = CreateRegisterDialog(runner, tmp_path)
    qtbot.addWidget(dialog)
    _fill_create(qtbot, dialog, path, ODD)
    assert dialog.passphrase.strength_label.text() in {"Goed", "Sterk"}
    assert dialog.create_button.isEnabled()
    dialog.show()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.created is not None and path.exists()
    code = dialog.recovery_code
    assert len(code.replace("-", "")) == 30
    dialog.created.lock()

    shown = RecoveryCodeDialog(code, "Bemoeizorg Midden-Limburg")
    qtbot.addWidget(shown)
    assert shown.code_label.text() == code
    assert not shown.close_button.isEnabled()  # first confirm it was written down
    shown.confirm_box.setChecked(True)
    assert shown.close_button.isEnabled()
    assert code in shown.document().toPlainText()

    session = RegisterSession(runner, DeviceSettings())
    view = UnlockView(session)
    qtbot.addWidget(view)
    assert view.prepare(path, locked=False)
    assert view.user_combo.currentText() == "Zoë van 't Hoff"
    type_text(qtbot, view.passphrase_edit, ODD)
    with qtbot.waitSignal(session.unlocked, timeout=5000):
        qtbot.mouseClick(view.unlock_button, Qt.MouseButton.LeftButton)
    assert session.register is not None
    assert session.register_name == "Bemoeizorg Midden-Limburg"
    assert view.passphrase_edit.text() == ""
    session.close()


def test_wrong_passphrase_shows_dutch_message_and_keeps_form(qtbot, tmp_path, runner):
    path = tmp_path / "r.bzregister"
    Register.create(path, "Team", "Anna de Vries", Role.BEMOEIZORGER, STRONG)[0].lock()
    before = path.read_bytes()
    session = RegisterSession(runner, DeviceSettings())
    view = UnlockView(session)
    qtbot.addWidget(view)
    view.prepare(path, locked=False)
    qtbot.keyClicks(view.passphrase_edit, "dit is niet goed")
    qtbot.keyPress(view.passphrase_edit, Qt.Key.Key_Return)
    assert "klopt niet" in view.message.text()
    assert "Traceback" not in view.message.text()
    assert session.register is None
    assert view.unlock_button.isEnabled()
    assert path.read_bytes() == before


def test_unlock_without_keyring_falls_back_to_passphrase(qtbot, tmp_path, runner, monkeypatch):
    """A register remembered on a computer whose keyring is gone: message + passphrase."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    path = tmp_path / "r.bzregister"
    register, _ = Register.create(path, "Team", "Anna de Vries", Role.BEMOEIZORGER, STRONG)
    register.add_device_slot(b"x" * 32)  # remembered once, on a computer with a keyring
    register.lock()
    session = RegisterSession(runner, DeviceSettings())
    view = UnlockView(session)
    qtbot.addWidget(view)
    view.prepare(path, locked=False)
    # No keyring on this computer: "Ontgrendelen met deze computer" and "Onthouden" cannot
    # work here, so they are not offered.
    assert view.device_button.isHidden()
    assert view.remember_box.isHidden()
    view.try_remembered()
    assert session.register is None
    assert view.message.text()  # a Dutch explanation
    assert "Traceback" not in view.message.text()
    assert view.passphrase_edit.isEnabled()
    qtbot.keyClicks(view.passphrase_edit, STRONG)
    qtbot.keyPress(view.passphrase_edit, Qt.Key.Key_Return)
    assert session.register is not None
    session.close()


def test_missing_key_file_gives_message_not_traceback(qtbot, tmp_path, runner, scripted_messages):
    path = tmp_path / "r.bzregister"
    Register.create(path, "Team", "Anna de Vries", Role.BEMOEIZORGER, STRONG)[0].lock()
    (tmp_path / "r.bzregister.sleutels").unlink()
    view = UnlockView(RegisterSession(runner, DeviceSettings()))
    qtbot.addWidget(view)
    assert not view.prepare(path, locked=False)
    assert "sleutelbestand" in scripted_messages[-1].text


def test_recover_dialog_sets_new_passphrase(qtbot, tmp_path, runner):
    path = tmp_path / "r.bzregister"
    register, code = Register.create(path, "Team", "Anna de Vries", Role.TEAMLEIDER, STRONG)
    register.lock()
    dialog = RecoverDialog(runner, path, ["Anna de Vries"])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code_edit, code.lower().replace("-", " "))
    qtbot.keyClicks(dialog.passphrase.first, "Nieuwe zin na het verlies")
    qtbot.keyClicks(dialog.passphrase.second, "Nieuwe zin na het verlies")
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.recovered is not None
    dialog.recovered.lock()
    Register.unlock(path, "Anna de Vries", "Nieuwe zin na het verlies").lock()


def test_start_view_lists_existing_recent_registers(qtbot, tmp_path):
    existing = tmp_path / "a.bzregister"
    existing.write_bytes(b"x")
    view = StartView()
    qtbot.addWidget(view)
    view.set_recent([str(existing), str(tmp_path / "weg.bzregister")])
    assert view.recent_list.count() == 1
    with qtbot.waitSignal(view.open_path_requested) as blocker:
        view.recent_list.itemActivated.emit(view.recent_list.item(0))
    assert blocker.args == [existing]
    view.set_recent([])
    assert view.recent_list.isHidden() and not view.recent_empty.isHidden()


def test_after_several_wrong_passphrases_the_screen_says_to_wait(
    qtbot, tmp_path, runner, monkeypatch
):
    """The store waits (here: records the wait) while the screen says why."""
    path = tmp_path / "r.bzregister"
    Register.create(path, "Team", "Anna de Vries", Role.BEMOEIZORGER, STRONG)[0].lock()
    view = UnlockView(RegisterSession(runner, DeviceSettings()))
    qtbot.addWidget(view)
    view.prepare(path, locked=False)
    shown_while_waiting: list[tuple[float, str]] = []
    monkeypatch.setattr(
        failed_unlocks, "_sleep", lambda s: shown_while_waiting.append((s, view.message.text()))
    )
    for _ in range(4):
        view.passphrase_edit.setText("dit is niet goed")
        qtbot.keyPress(view.passphrase_edit, Qt.Key.Key_Return)
        assert "klopt niet" in view.message.text()
    assert shown_while_waiting == [
        (1.0, "Even wachten na meerdere mislukte pogingen…"),
        (2.0, "Even wachten na meerdere mislukte pogingen…"),
    ]
    assert view.unlock_button.isEnabled()


def test_new_register_makes_the_creator_a_team_member_of_the_ticked_municipalities(
    qtbot, tmp_path, runner
):
    path = tmp_path / "jeugd.bzregister"
    dialog = CreateRegisterDialog(runner, tmp_path)
    qtbot.addWidget(dialog)
    _fill_create(qtbot, dialog, path, STRONG)
    # All fourteen ticked at first, Volwassenen the first choice.
    assert len(dialog.municipality_boxes) == 14
    assert all(box.isChecked() for box in dialog.municipality_boxes.values())
    assert dialog.specialism_combo.currentData() == Specialism.VOLWASSENEN

    # Nothing ticked: the dialog says why it cannot make the register yet.
    for box in dialog.municipality_boxes.values():
        box.setChecked(False)
    assert not dialog.create_button.isEnabled()
    assert dialog.error_label.text() == NO_MUNICIPALITY
    dialog.municipality_boxes["GM0957"].setChecked(True)
    dialog.municipality_boxes["GM0988"].setChecked(True)
    dialog.specialism_combo.setCurrentIndex(dialog.specialism_combo.findData(Specialism.JEUGD))
    assert dialog.create_button.isEnabled()

    dialog.show()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    register = dialog.created
    assert register is not None
    try:
        members = reference_data.team_members(register)
        covered = reference_data.covered_municipalities(register)
    finally:
        register.lock()
    assert [(m.name, m.specialism) for m in members] == [("Zoë van 't Hoff", Specialism.JEUGD)]
    assert covered == ["GM0957", "GM0988"]
