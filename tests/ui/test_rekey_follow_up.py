"""What follows a new key (ui/rekey_follow_up, ui/dialogs/rekey_dialog): the plain warning
that older back-ups keep the old key, a fresh back-up made in the same job, the older ones
of this register removed only once the fresh one exists, and no offer without a folder.
The change here is a passphrase change (any work on the register will do for the follow-up;
the key replacement itself is the store's, tested there)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from bemoeizorg.store import backup
from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.rekey_dialog import RekeyDialog
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.rekey_follow_up import NO_FOLDER, WARNING
from tests.builders import STRONG

NEW = "Twaalf tamme tijgers in Tegelen"
LEFT = Qt.MouseButton.LeftButton


def dialog_for(qtbot, session: RegisterSession) -> RekeyDialog:
    dialog = RekeyDialog(
        session,
        title="Proef",
        text="Het register krijgt een nieuwe sleutel.",
        accept_text="Doorgaan",
        change=lambda r: r.change_passphrase(STRONG, NEW),
        done_text="Gedaan.",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_fresh_backup_then_the_older_ones_go(
    qtbot, unlocked_session, register: Register, tmp_path: Path, scripted_messages
) -> None:
    folder = tmp_path / "back-ups"
    folder.mkdir()
    other = folder / "iets-anders.txt"
    other.write_text("blijft", "utf-8")
    older = [backup.make_backup(register, folder) for _ in range(2)]
    unlocked_session.settings.backup_folder = str(folder)
    dialog = dialog_for(qtbot, unlocked_session)
    box = dialog.follow_up_box
    assert box.warning.text() == WARNING and not box.no_folder.isVisible()
    assert box.backup_box.isChecked() and box.remove_box.isChecked()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    done = dialog.rekeyed
    assert done is not None and done.made is not None and done.removed == 2
    assert not any(info.path.exists() for info in older)
    assert other.exists()  # only this register's back-ups
    assert [b.path for b in backup.survey(folder, register).verified] == [done.made.path]
    said = scripted_messages[-1]
    assert said.kind == "info" and said.text.startswith("Gedaan.")
    assert "2 oudere back-ups verwijderd" in said.text and done.made.code in said.text


def test_keeping_the_older_ones_and_no_backup_at_all(
    qtbot, unlocked_session, register: Register, tmp_path: Path, scripted_messages
) -> None:
    folder = tmp_path / "back-ups"
    folder.mkdir()
    older = backup.make_backup(register, folder)
    unlocked_session.settings.backup_folder = str(folder)
    dialog = dialog_for(qtbot, unlocked_session)
    box = dialog.follow_up_box
    box.backup_box.setChecked(False)
    assert not box.remove_box.isEnabled() and not box.remove_box.isChecked()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.rekeyed is not None and dialog.rekeyed.made is None
    assert older.path.exists()
    assert "openen nog met de oude wachtwoordzinnen" in scripted_messages[-1].text


def test_without_a_folder_nothing_is_offered_and_the_note_says_why(
    qtbot, unlocked_session, scripted_messages
) -> None:
    dialog = dialog_for(qtbot, unlocked_session)
    box = dialog.follow_up_box
    assert not box.backup_box.isEnabled() and not box.remove_box.isEnabled()
    assert box.no_folder.isVisible() and box.no_folder.text() == NO_FOLDER
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert NO_FOLDER in scripted_messages[-1].text


def test_a_refusal_is_said_in_the_dialog_and_it_stays(qtbot, unlocked_session) -> None:
    dialog = RekeyDialog(
        unlocked_session,
        title="Proef",
        text="",
        accept_text="Doorgaan",
        change=lambda r: r.change_passphrase("Verkeerde wachtwoordzin hier", NEW),
        done_text="Gedaan.",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.isVisible() and dialog.isEnabled() and dialog.rekeyed is None
    assert dialog.error_label.text() and not dialog.progress.text()
