"""Restoring a back-up, as a user does it, on real encrypted registers:
- from Instellingen > Back-ups: choose, confirm (the confirmation says what the back-up
  holds); the register locks, the back-up replaces it, the old file is kept aside, and
  unlocking again shows the back-up's data;
- from the unlock screen after "Register beschadigd": the newest good back-up offered,
  opened with the typed passphrase, restored and unlocked; or, without one, a plain
  explanation of what to do.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import backup
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register
from bemoeizorg.store.schema import Person
from bemoeizorg.ui import messages
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.settings_backup_page import BackupPage
from bemoeizorg.ui.views.unlock_view import UnlockView
from tests.builders import STRONG, new_case
from tests.ui.helpers import select_row, shown_main_window

LEFT = Qt.MouseButton.LeftButton
KEPT = "Merelhof"
LATER = "Spreeuwendaal"


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEMOEIZORG_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    usb = tmp_path / "usb"
    usb.mkdir()
    return usb


def family_names(path: Path) -> list[str]:
    register = Register.unlock(path, "Anna de Vries", STRONG)
    try:
        with register.session() as s:
            return sorted(s.scalars(select(Person.family_name)))
    finally:
        register.lock()


def set_aside(path: Path) -> list[Path]:
    """Registers kept aside by a restore (each with its key file beside it)."""
    return sorted(
        p
        for p in path.parent.iterdir()
        if ".vervangen-" in p.name and not p.name.endswith(slots_path_for(path).suffix)
    )


# --- from Instellingen > Back-ups ------------------------------------------------------


@pytest.fixture
def window(qtbot, runner, tmp_path, folder):
    # No automatic back-ups here: the test makes the one it restores.
    settings = DeviceSettings(backup_folder=str(folder), backup_daily=False, backup_on_close=False)
    win = shown_main_window(qtbot, runner, tmp_path, settings)
    win.resize(1100, 760)
    yield win
    win.session.close()


def test_restore_from_the_page_in_two_clicks(
    qtbot, window, unlocked_session, register_path, folder, scripted_messages
):
    register = unlocked_session.register
    assert register is not None
    new_case(register, family_name=KEPT)
    new_case(register, family_name=KEPT + "s")
    info = backup.make_backup(register, folder)
    new_case(register, family_name=LATER)  # after the back-up: gone after the restore
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    window.workspace.setCurrentWidget(window.settings_view)
    window.settings_view.show_page("Back-ups")
    page: BackupPage = window.settings_view.backup_page

    select_row(page.table, info.label)
    assert page.restore_button.isEnabled()
    scripted_messages.clear()
    messages.script(True)  # "Ja"
    qtbot.mouseClick(page.restore_button, LEFT)

    [asked] = scripted_messages
    assert asked.kind == "confirm" and asked.title == "Back-up terugzetten"
    assert f"De back-up van {info.label} bevat 2 casussen (waarvan 2 open) en 2 meldingen" in (
        asked.text
    )
    assert "team.bzregister.vervangen-" in asked.text
    # Locked, the lock screen shown for this register with what happened.
    assert not window.session.is_unlocked
    assert window.stack.currentWidget() is window.unlock_view
    message = window.unlock_view.message.text()
    assert message.startswith(f"Back-up van {info.label} teruggezet. Ontgrendel het register.")
    [aside] = set_aside(register_path)
    assert aside.name in message
    # The replaced register (as it was at the lock) is whole and opens on its own.
    assert family_names(aside) == [KEPT, KEPT + "s", LATER]

    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        qtbot.mouseClick(window.unlock_view.unlock_button, LEFT)
    window.session.lock()
    assert family_names(register_path) == [KEPT, KEPT + "s"]


def test_restore_not_confirmed_changes_nothing(
    qtbot, window, unlocked_session, register_path, folder, scripted_messages
):
    register = unlocked_session.register
    assert register is not None
    info = backup.make_backup(register, folder)
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    page = window.settings_view.backup_page
    select_row(page.table, info.label)
    scripted_messages.clear()
    messages.script(False)  # "Nee"
    qtbot.mouseClick(page.restore_button, LEFT)
    assert [m.kind for m in scripted_messages] == ["confirm"]
    assert window.session.is_unlocked
    assert set_aside(register_path) == []


# --- the unlock screen after "Register beschadigd" ------------------------------------


def damage(path: Path) -> None:
    """Flip a byte in page 1: every open reads it, so unlocking says 'Register beschadigd'
    (as in tests/test_reliability_corruption.py)."""
    data = bytearray(path.read_bytes())
    data[200] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.fixture
def unlock_view(qtbot, runner) -> UnlockView:
    session = RegisterSession(runner, DeviceSettings())
    view = UnlockView(session)
    qtbot.addWidget(view)
    view.resize(760, 560)
    view.show()
    qtbot.waitExposed(view)
    yield view
    if session.register is not None:
        session.register.lock()


@pytest.fixture
def damaged_with_backup(unlocked_session, register_path, folder) -> backup.BackupInfo:
    register = unlocked_session.register
    assert register is not None
    new_case(register, family_name=KEPT)
    older = backup.make_backup(register, folder)
    new_case(register, family_name=LATER)
    newest = backup.make_backup(register, folder)
    assert newest.made_at > older.made_at
    register.lock()
    unlocked_session.register = None
    damage(register_path)
    return newest


def try_unlock(qtbot, view: UnlockView, path: Path) -> None:
    assert view.prepare(path, locked=False)
    qtbot.keyClicks(view.passphrase_edit, STRONG)
    qtbot.mouseClick(view.unlock_button, LEFT)


def test_damaged_register_offers_the_newest_good_backup_and_restores_it(
    qtbot, unlock_view, damaged_with_backup, register_path, folder, scripted_messages
):
    newest = damaged_with_backup
    unlock_view._session.settings.backup_folder = str(folder)
    damaged_bytes = register_path.read_bytes()
    try_unlock(qtbot, unlock_view, register_path)

    assert unlock_view.message.text().startswith("Register beschadigd")
    assert unlock_view.backup_offer.isVisible()
    assert f"Nieuwste goede back-up: {newest.label}" in unlock_view.backup_offer.text()
    assert unlock_view.restore_button.isVisible()

    messages.script(True)  # "Ja"
    with qtbot.waitSignal(unlock_view._session.unlocked, timeout=5000):
        qtbot.mouseClick(unlock_view.restore_button, LEFT)
    [asked] = scripted_messages
    assert asked.kind == "confirm"
    assert "2 casussen (waarvan 2 open) en 2 meldingen" in asked.text
    assert "beschadigde register wordt niet verwijderd" in asked.text

    session = unlock_view._session
    assert session.is_unlocked and session.user == "Anna de Vries"
    assert session.register is not None and session.register.verify().ok
    assert not unlock_view.backup_offer.isVisible()
    session.register.lock()
    session.register = None
    [aside] = set_aside(register_path)
    assert aside.read_bytes() == damaged_bytes  # the damaged file is kept, untouched
    assert family_names(register_path) == [KEPT, LATER]


def test_a_wrong_passphrase_opens_no_backup(
    qtbot, unlock_view, damaged_with_backup, register_path, folder, scripted_messages
):
    unlock_view._session.settings.backup_folder = str(folder)
    try_unlock(qtbot, unlock_view, register_path)
    unlock_view.passphrase_edit.setText("Een verkeerde zin van genoeg woorden")
    qtbot.mouseClick(unlock_view.restore_button, LEFT)
    assert unlock_view.message.text().startswith("De wachtwoordzin klopt niet")
    assert scripted_messages == []  # nothing to confirm
    assert set_aside(register_path) == []
    assert unlock_view.restore_button.isEnabled()


def test_damaged_register_without_a_backup_folder_says_what_to_do(
    qtbot, unlock_view, damaged_with_backup, register_path
):
    try_unlock(qtbot, unlock_view, register_path)
    assert unlock_view.message.text().startswith("Register beschadigd")
    text = unlock_view.backup_offer.text()
    assert "geen map voor back-ups ingesteld" in text
    assert "Instellingen > Back-ups" in text and "kopie van het register" in text
    assert not unlock_view.restore_button.isVisible()
    assert set_aside(register_path) == []


def test_damaged_register_with_no_good_backup_in_the_folder(
    qtbot, unlock_view, damaged_with_backup, register_path, tmp_path
):
    empty = tmp_path / "lege-usb"
    empty.mkdir()
    unlock_view._session.settings.backup_folder = str(empty)
    try_unlock(qtbot, unlock_view, register_path)
    assert "staat geen goede back-up van dit register" in unlock_view.backup_offer.text()
    assert not unlock_view.restore_button.isVisible()


def test_damaged_register_with_the_usb_stick_out(
    qtbot, unlock_view, damaged_with_backup, register_path, tmp_path
):
    unlock_view._session.settings.backup_folder = str(tmp_path / "weg")
    try_unlock(qtbot, unlock_view, register_path)
    assert "niet bereikbaar" in unlock_view.backup_offer.text()
    assert not unlock_view.restore_button.isVisible()


def test_a_wrong_passphrase_is_no_damage(qtbot, unlock_view, register_path, unlocked_session):
    assert unlocked_session.register is not None
    unlocked_session.register.lock()
    unlocked_session.register = None
    assert unlock_view.prepare(register_path, locked=False)
    qtbot.keyClicks(unlock_view.passphrase_edit, "Niet de goede zin maar wel lang")
    qtbot.mouseClick(unlock_view.unlock_button, LEFT)
    assert unlock_view.message.text().startswith("De wachtwoordzin klopt niet")
    assert not unlock_view.backup_offer.isVisible()


def test_a_damaged_salt_is_offered_the_backup_too(
    qtbot, unlock_view, unlocked_session, register_path, folder, scripted_messages
):
    """The first 16 bytes (SQLCipher's salt) damaged: every page fails, which reads as the
    key file of another register; the back-up (register and key file) is the way back."""
    register = unlocked_session.register
    assert register is not None
    new_case(register, family_name=KEPT)
    backup.make_backup(register, folder)
    register.lock()
    unlocked_session.register = None
    data = bytearray(register_path.read_bytes())
    data[3] ^= 0xFF
    register_path.write_bytes(bytes(data))
    unlock_view._session.settings.backup_folder = str(folder)
    try_unlock(qtbot, unlock_view, register_path)
    assert "hoort niet bij dit register" in unlock_view.message.text()
    assert unlock_view.backup_offer.isVisible() and unlock_view.restore_button.isVisible()
    messages.script(True)  # "Ja"
    with qtbot.waitSignal(unlock_view._session.unlocked, timeout=5000):
        qtbot.mouseClick(unlock_view.restore_button, LEFT)
    session = unlock_view._session
    assert session.register is not None and session.register.verify().ok
    session.register.lock()
    session.register = None
    assert family_names(register_path) == [KEPT]


def forge_newer(real: backup.BackupInfo, folder: Path, name: str) -> Path:
    """A copy of a real back-up whose info claims a later moment (its MAC no longer
    holds): what a stranger with write access to the back-up folder could plant."""
    import json
    import zipfile

    forged = folder / name
    with zipfile.ZipFile(real.path) as src, zipfile.ZipFile(forged, "w") as out:
        for item in src.namelist():
            data = src.read(item)
            if item == backup.INFO_ENTRY:
                info = json.loads(data)
                info["made_at"] = (real.made_at + timedelta(minutes=5)).isoformat()
                data = json.dumps(info).encode()
            out.writestr(item, data)
    return forged


def test_only_a_backup_that_verifies_as_this_registers_is_offered(
    qtbot, unlock_view, damaged_with_backup, register_path, folder, make_register, tmp_path
):
    newest = damaged_with_backup
    forged = forge_newer(newest, folder, "bemoeizorg-vervalst.bzbackup")
    assert backup.read_info(forged).made_at > newest.made_at  # it claims to be newest
    # Another register's back-up, made later, in the same folder.
    (tmp_path / "ander").mkdir()
    other = make_register(tmp_path / "ander" / "ander.bzregister", team="Ander")
    foreign = backup.make_backup(other, folder)
    assert foreign.made_at > newest.made_at
    unlock_view._session.settings.backup_folder = str(folder)
    try_unlock(qtbot, unlock_view, register_path)
    assert unlock_view.backup_offer.isVisible()
    assert f"Nieuwste goede back-up: {newest.label}" in unlock_view.backup_offer.text()
    assert unlock_view._offered is not None and unlock_view._offered.path == newest.path
    assert foreign.path != newest.path


def test_the_offer_checks_with_the_typed_key_and_agrees_with_the_register(
    damaged_with_backup, register_path, folder
):
    newest = damaged_with_backup
    assert backup.newest_verified(folder, register_path, "Anna de Vries", STRONG) == newest
    # A wrong passphrase verifies nothing: nothing is offered.
    assert backup.newest_verified(folder, register_path, "Anna de Vries", "fout fout") is None
