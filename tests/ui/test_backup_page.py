"""Instellingen > Back-ups on a real encrypted register: the folder and when back-ups are
made (device settings, logged), a back-up now that is checked and listed, the last N
kept, a missing folder said plainly; and the automatic back-ups (daily at unlock, on
close of the main window)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bemoeizorg.domain.formats import size_text
from bemoeizorg.settings import DeviceSettings, load_device_settings
from bemoeizorg.store import backup
from bemoeizorg.ui.backup_schedule import made_today
from bemoeizorg.ui.main_window import MainWindow
from bemoeizorg.ui.models.backup_model import BackupColumn, BackupModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.views.settings_backup_page import NO_FOLDER, BackupPage
from bemoeizorg.ui.views.settings_view import SettingsView
from tests.builders import STRONG
from tests.ui.helpers import hand_over, settings_entries, shown_main_window, shown_rows

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """save_settings() writes the device settings: into this test's folder, not $HOME."""
    folder = tmp_path / "config"
    monkeypatch.setenv("BEMOEIZORG_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    usb = tmp_path / "usb"
    usb.mkdir()
    return usb


@pytest.fixture
def view(qtbot, unlocked_session: RegisterSession) -> SettingsView:
    widget = SettingsView(unlocked_session)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show_page("Back-ups")
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def page(view: SettingsView) -> BackupPage:
    return view.backup_page


def test_the_page_is_listed_and_starts_without_a_folder(view, page):
    assert view.page_list.currentItem().text() == "Back-ups"
    assert view.pages.currentWidget() is page
    assert page.folder_label.text() == NO_FOLDER
    assert page.daily_box.isChecked() and page.close_box.isChecked()
    assert page.keep_spin.value() == 10
    assert not page.save_button.isEnabled()
    assert page.table.placeholder() == "Kies eerst een map voor de back-ups."


def test_folder_and_schedule_saved_for_this_computer_and_logged(
    qtbot, page, unlocked_session, register, folder
):
    before = settings_entries(register)
    with qtbot.waitSignal(unlocked_session.settings_changed, timeout=1000):
        page.set_folder(folder)
    assert page.folder_label.text() == str(folder)
    assert unlocked_session.settings.backup_folder == str(folder)
    assert load_device_settings().backup_folder == str(folder)
    assert settings_entries(register) == before + 1

    page.daily_box.setChecked(False)
    page.keep_spin.setValue(3)
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, LEFT)
    stored = load_device_settings()
    assert (stored.backup_daily, stored.backup_on_close, stored.backup_keep) == (False, True, 3)
    assert page.status.text() == "Opgeslagen."
    assert not page.save_button.isEnabled()
    assert settings_entries(register) == before + 2


def test_a_backup_now_is_checked_listed_and_its_code_shown(
    qtbot, page, register, folder, scripted_messages
):
    page.set_folder(folder)
    assert page.table.placeholder().startswith("Nog geen back-ups")
    qtbot.mouseClick(page.make_button, LEFT)

    made = backup.list_backups(folder, register.register_id)
    assert len(made) == 1 and made[0].checked
    code = made[0].code
    with register.session() as session:  # the code names a state the log still holds
        assert register.access_log.check_code(session, code).ok
    [box] = [m for m in scripted_messages if m.title == "Back-up gemaakt"]
    assert made[0].path.name in box.text
    assert f"Controlecode van het logboek: {code}" in box.text
    assert code in page.last_made.text() and page.last_made.isVisible()
    rows = shown_rows(page.table)
    assert rows == [[made[0].label, size_text(made[0].size), "ja", code]]
    tip = page.proxy.index(0, BackupColumn.CHAIN).data(Qt.ItemDataRole.ToolTipRole)
    assert code in tip
    assert page.make_button.isEnabled() and page.progress.text() == ""


def test_only_the_last_n_are_kept(qtbot, page, register, folder):
    page.set_folder(folder)
    page.keep_spin.setValue(2)
    qtbot.mouseClick(page.save_button, LEFT)
    for _ in range(3):
        qtbot.mouseClick(page.make_button, LEFT)
    assert len(backup.list_backups(folder, register.register_id)) == 2
    assert len(shown_rows(page.table)) == 2


def test_a_missing_folder_is_said_plainly_and_nothing_is_made(
    qtbot, page, folder, tmp_path, scripted_messages
):
    gone = tmp_path / "usb-stick-niet-aangesloten"
    page.set_folder(gone)
    assert page.problem.isVisible()
    assert "niet bereikbaar" in page.problem.text() and "USB-stick" in page.problem.text()
    qtbot.mouseClick(page.make_button, LEFT)
    assert not gone.exists()
    assert not [m for m in scripted_messages if m.title == "Back-up gemaakt"]
    assert shown_rows(page.table) == []
    # Plugged in again: the page works again.
    page.set_folder(folder)
    assert not page.problem.isVisible()
    qtbot.mouseClick(page.make_button, LEFT)
    assert len(shown_rows(page.table)) == 1


def test_no_folder_chosen_asks_for_one(qtbot, page, tmp_path):
    qtbot.mouseClick(page.make_button, LEFT)
    assert "Kies eerst een map" in page.problem.text()


def test_the_model_passes_the_model_tester(qtmodeltester, register, folder):
    infos = [backup.make_backup(register, folder) for _ in range(2)]
    model = BackupModel()
    model.set_rows(infos)
    qtmodeltester.check(model)
    proxy = SortProxy()
    proxy.setSourceModel(model)
    proxy.sort(BackupColumn.MADE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert proxy.value_at(0).made_at >= proxy.value_at(1).made_at


def test_size_text_is_dutch():
    assert size_text(800) == "1 kB"
    assert size_text(250_400) == "250 kB"
    assert size_text(3_450_000) == "3,5 MB"


# --- automatic back-ups ----------------------------------------------------------------


@pytest.fixture
def window(qtbot, runner, tmp_path, folder):
    settings = DeviceSettings(backup_folder=str(folder), backup_daily=True, backup_on_close=True)
    win = shown_main_window(qtbot, runner, tmp_path, settings)
    yield win
    win.session.close()


def unlock_again(qtbot, window: MainWindow) -> None:
    window.lock_now()
    qtbot.keyClicks(window.unlock_view.passphrase_edit, STRONG)
    with qtbot.waitSignal(window.session.unlocked, timeout=5000):
        qtbot.keyClick(window.unlock_view.passphrase_edit, Qt.Key.Key_Return)


def test_a_daily_backup_at_the_first_unlock_of_the_day_only(
    qtbot, window, unlocked_session, folder
):
    register = hand_over(window, unlocked_session)
    made = backup.list_backups(folder, register.register_id)
    assert len(made) == 1 and made[0].checked
    assert made_today(folder, register)
    assert window.statusBar().currentMessage().startswith("Back-up gemaakt")
    # The Back-ups page lists it without being asked.
    assert len(shown_rows(window.settings_view.backup_page.table)) == 1

    unlock_again(qtbot, window)
    assert len(backup.list_backups(folder, register.register_id)) == 1  # not twice a day


def test_yesterdays_backup_does_not_count_for_today(folder, register):
    info = backup.make_backup(register, folder)
    assert made_today(folder, register)
    tomorrow = info.made_at.astimezone().date() + timedelta(days=1)
    assert not made_today(folder, register, today=tomorrow)


def test_no_daily_backup_when_switched_off(qtbot, window, unlocked_session, folder):
    window.session.settings.backup_daily = False
    hand_over(window, unlocked_session)
    assert backup.list_backups(folder) == []


def test_a_missing_folder_at_unlock_is_a_quiet_warning(
    qtbot, window, unlocked_session, tmp_path, scripted_messages
):
    window.session.settings.backup_folder = str(tmp_path / "weg")
    hand_over(window, unlocked_session)
    assert window.stack.currentWidget() is window.workspace  # the work goes on
    assert "USB-stick" in window.statusBar().currentMessage()
    assert scripted_messages == []  # no message box


def test_closing_the_window_makes_one_more_backup(qtbot, window, unlocked_session, folder):
    register = hand_over(window, unlocked_session)
    register_id = register.register_id
    assert len(backup.list_backups(folder, register_id)) == 1  # the daily one
    window.close()
    assert not window.session.is_unlocked
    after = backup.list_backups(folder, register_id)
    assert len(after) == 2 and all(b.checked for b in after)
    assert after[0].made_at > datetime.now(UTC) - timedelta(minutes=1)


def test_closing_with_a_missing_folder_asks_nothing(
    qtbot, window, unlocked_session, tmp_path, scripted_messages
):
    hand_over(window, unlocked_session)
    window.session.settings.backup_folder = str(tmp_path / "weg")
    window.close()
    assert not window.session.is_unlocked
    assert scripted_messages == []
    assert "USB-stick" in window.statusBar().currentMessage()


def test_a_folder_on_the_registers_own_disk_is_warned_about(qtbot, page, folder) -> None:
    """The page says to choose a USB stick or network share, not the register's disk: a
    folder beside the register (the same device) gets that warning, another disk not."""
    page.set_folder(folder)  # tmp_path: where the register is too
    assert page.same_disk_note.isVisible()
    assert "dezelfde schijf als het register" in page.same_disk_note.text()
    other = Path(tempfile.mkdtemp(prefix="usb-", dir="/dev/shm"))  # a memory disk
    try:
        assert other.stat().st_dev != folder.stat().st_dev
        page.set_folder(other)
        assert not page.same_disk_note.isVisible()
    finally:
        shutil.rmtree(other)
