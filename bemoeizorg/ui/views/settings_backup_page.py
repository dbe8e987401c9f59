"""Instellingen > Back-ups: where back-ups go and when they are made (settings of this
computer), a back-up now, the back-ups of this register in that folder, and restoring one.

Restoring locks the register first (so its file is released), puts the back-up in its
place with the replaced register kept aside, and leaves the user at the lock screen with
a sentence saying what happened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store import backup
from bemoeizorg.store.access_log import Action
from bemoeizorg.store.backup import BackupContents, BackupInfo
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.backup_model import BackupColumn, BackupModel
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.views.settings_general_page import CountSpin
from bemoeizorg.ui.views.unlock_view import restore_question, set_notice
from bemoeizorg.ui.widgets.table_view import TableView

NO_FOLDER = "Geen map gekozen"
EMPTY_NO_FOLDER = "Kies eerst een map voor de back-ups."
EMPTY = "Nog geen back-ups van dit register in deze map. Kies 'Nu een back-up maken'."
EMPTY_MISSING = "De map is niet bereikbaar."
_KEEP = DeviceSettings.BOUNDS["backup_keep"]


def missing_folder_text(folder: str) -> str:
    return (
        f"De map {folder} is niet bereikbaar. Is de USB-stick of netwerkschijf aangesloten? "
        "Zolang de map er niet is, worden er geen back-ups gemaakt."
    )


SAME_DISK = (
    "Let op: deze map staat op dezelfde schijf als het register. Gaat die schijf stuk of "
    "raakt de laptop weg, dan zijn register en back-ups samen weg. Kies liever een map op "
    "een USB-stick of netwerkschijf."
)


def same_disk(folder: Path, register_path: Path | None) -> bool:
    """Whether the back-up folder is on the disk that holds the register (same device)."""
    if register_path is None:
        return False
    try:
        return folder.stat().st_dev == register_path.resolve().parent.stat().st_dev
    except OSError:
        return False  # a folder that is not there is said elsewhere


def _listing(folder: Path, register: Register) -> tuple[bool, list[BackupInfo], list[str]]:
    """(folder reachable, the back-ups there that verify as this register's, what was
    left out and why). A file that only claims to be one is not offered."""
    if not folder.is_dir():
        return False, [], []
    found = backup.survey(folder, register)
    return True, found.verified, found.notes()


class BackupPage(QWidget):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        title = QLabel("Back-ups")
        title.setStyleSheet(style.page_title())
        intro = QLabel(
            "Een back-up is één versleuteld bestand met het hele register. Het opent met "
            "dezelfde wachtwoordzin of met de herstelcode, ook op een andere computer. Kies "
            "een map op een USB-stick of netwerkschijf, niet op dezelfde schijf als het "
            "register. Deze instellingen gelden voor deze computer."
        )
        intro.setWordWrap(True)

        self.folder_label = QLabel()
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("Map kiezen…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.daily_box = QCheckBox("Elke dag een back-up (bij het eerste ontgrendelen van de dag)")
        self.close_box = QCheckBox("Een back-up bij het afsluiten")
        self.keep_spin = CountSpin("back-up", "back-ups")
        self.keep_spin.setRange(_KEEP.low, _KEEP.high)
        self.keep_spin.setMinimumWidth(140)
        self.keep_spin.setToolTip(
            "Oudere back-ups van dit register in de map worden verwijderd na een nieuwe back-up."
        )
        self.save_button = QPushButton("Opslaan")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("backup_status")

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("Map voor back-ups", folder_row)
        form.addRow("", self.daily_box)
        form.addRow("", self.close_box)
        keep_row = QHBoxLayout()  # a number needs no full-width field
        keep_row.addWidget(self.keep_spin)
        keep_row.addStretch(1)
        form.addRow("Bewaar de laatste", keep_row)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status, 1)

        list_title = QLabel("Back-ups van dit register")
        list_title.setStyleSheet(style.bold())
        self.same_disk_note = QLabel(SAME_DISK)
        self.same_disk_note.setObjectName("backup_same_disk")
        self.same_disk_note.setWordWrap(True)
        self.same_disk_note.setStyleSheet(style.warning_banner())
        self.same_disk_note.hide()
        self.problem = QLabel()
        self.problem.setObjectName("backup_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(style.error_text())
        self.problem.hide()
        self.model = BackupModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(EMPTY_NO_FOLDER)
        self.table.setModel(self.proxy)
        self.table.sortByColumn(BackupColumn.MADE, Qt.SortOrder.DescendingOrder)
        self.table.fit_columns({BackupColumn.CHAIN})
        self.table.setMinimumHeight(160)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.make_button = QPushButton("Nu een back-up maken")
        self.make_button.clicked.connect(self.make_now)
        self.restore_button = QPushButton("Terugzetten…")
        self.restore_button.setToolTip("De gekozen back-up in de plaats van het register zetten")
        self.restore_button.clicked.connect(self.restore_selected)
        self.progress = QLabel()
        self.progress.setObjectName("backup_progress")
        self.last_made = QLabel()
        self.last_made.setObjectName("last_backup")
        self.last_made.setWordWrap(True)
        self.last_made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_made.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.make_button)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.progress, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.same_disk_note)
        layout.addLayout(save_row)
        layout.addSpacing(8)
        layout.addWidget(list_title)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.last_made)

        self._busy = False
        self.daily_box.toggled.connect(self._update)
        self.close_box.toggled.connect(self._update)
        self.keep_spin.valueChanged.connect(self._update)
        session.settings_changed.connect(self._load_settings)
        session.unlocked.connect(self.reload)
        session.unlocked.connect(self._load_settings)  # the register's disk is known now
        session.locked.connect(self.clear)
        session.data_changed.connect(self._data_changed)
        self._load_settings()
        if session.is_unlocked:
            self.reload()

    # --- settings ------------------------------------------------------------------------

    def folder(self) -> str:
        return self._session.settings.backup_folder

    def _load_settings(self) -> None:
        settings = self._session.settings
        folder = settings.backup_folder
        self.folder_label.setText(folder or NO_FOLDER)
        self.folder_label.setToolTip(folder)
        self.folder_label.setStyleSheet("" if folder else style.muted_text())
        # The intro promises this warning: a back-up beside the register guards nothing
        # against a broken disk or a lost laptop.
        self.same_disk_note.setVisible(bool(folder) and same_disk(Path(folder), self._session.path))
        for widget, value in (
            (self.daily_box, settings.backup_daily),
            (self.close_box, settings.backup_on_close),
        ):
            widget.blockSignals(True)
            widget.setChecked(value)
            widget.blockSignals(False)
        self.keep_spin.blockSignals(True)
        self.keep_spin.setValue(settings.backup_keep)
        self.keep_spin.blockSignals(False)
        self._update()

    def _changed(self) -> bool:
        settings = self._session.settings
        return (
            self.daily_box.isChecked() != settings.backup_daily
            or self.close_box.isChecked() != settings.backup_on_close
            or self.keep_spin.value() != settings.backup_keep
        )

    def _update(self) -> None:
        changed = self._changed()
        self.save_button.setEnabled(changed)
        if changed:
            self.status.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        unlocked = self._session.is_unlocked
        self.make_button.setEnabled(unlocked and not self._busy)
        self.restore_button.setEnabled(
            unlocked and not self._busy and self.table.selected_value() is not None
        )

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(
            self, self._session, "Map voor back-ups kiezen", self.folder()
        )
        if chosen is not None:
            self.set_folder(chosen)

    def set_folder(self, folder: Path) -> None:
        """The chosen folder is stored at once: the list below and every back-up use it."""
        self._session.settings.backup_folder = str(Path(folder))
        self._store_settings()
        self.last_made.hide()
        self.status.setText("Map opgeslagen.")
        self.reload()

    def save(self) -> None:
        if not self._changed():
            return
        settings = self._session.settings
        settings.backup_daily = self.daily_box.isChecked()
        settings.backup_on_close = self.close_box.isChecked()
        settings.backup_keep = self.keep_spin.value()
        self._store_settings()
        self.status.setText("Opgeslagen.")

    def _store_settings(self) -> None:
        self._session.save_settings()
        self._session.call(lambda r: r.log_event(Action.SETTINGS), self._logged)

    def _logged(self, _result: object) -> None:
        self._session.data_changed.emit(Topic.LOG)

    # --- the list ------------------------------------------------------------------------

    def _data_changed(self, topic: str) -> None:
        if topic == Topic.BACKUPS:
            self.reload()

    def reload(self) -> None:
        folder = self.folder()
        if not folder:
            self._show_problem("")
            self.table.set_placeholder(EMPTY_NO_FOLDER)
            self.model.clear()
            self._update_buttons()
            return
        if not self._session.is_unlocked:
            return
        self._session.call(
            lambda r: _listing(Path(folder), r), lambda found: self._listed(folder, *found)
        )

    def _listed(
        self, folder: str, reachable: bool, found: list[BackupInfo], notes: list[str]
    ) -> None:
        if folder != self.folder():
            return  # another folder was chosen meanwhile
        self._show_problem(" ".join(notes) if reachable else missing_folder_text(folder))
        self.table.set_placeholder(EMPTY if reachable else EMPTY_MISSING)
        self.model.set_rows(found)
        self._update_buttons()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def clear(self) -> None:
        self.model.clear()
        self.last_made.hide()
        self._update_buttons()

    # --- a back-up now -------------------------------------------------------------------

    def make_now(self) -> None:
        folder = self.folder()
        if not folder:
            self._show_problem("Kies eerst een map voor de back-ups (Map kiezen…).")
            return
        if not Path(folder).is_dir():
            self._show_problem(missing_folder_text(folder))
            return
        keep = self._session.settings.backup_keep
        self._set_busy(True, "Bezig met de back-up: kopiëren en controleren…")
        self._session.call(
            lambda r: backup.make_backup(r, Path(folder), keep=keep), self._made, self._make_failed
        )

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.progress.setText(text if busy else "")
        self._update_buttons()

    def _made(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self._show_problem("")
        self.last_made.setText(
            f"Laatste back-up: {info.path.name}, gemaakt op {info.label}.\n"
            f"Controlecode van het logboek: {info.code}"
        )
        self.last_made.setToolTip(
            "Noteer de controlecode buiten het register (bijvoorbeeld in het teamoverleg): "
            "daarmee is later aan te tonen dat het logboek tot dit moment niet is gewijzigd."
        )
        self.last_made.show()
        self._session.data_changed.emit(Topic.LOG)  # the back-up is logged as an export
        self._session.data_changed.emit(Topic.BACKUPS)
        messages.info(
            self,
            "Back-up gemaakt",
            f"De back-up is gemaakt en gecontroleerd:\n{info.path.name}\n\n"
            f"Controlecode van het logboek: {info.code}",
        )

    def _make_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.reload()
        messages.error(self, "Er is geen back-up gemaakt. " + messages.dutch_error_text(exc))

    # --- restoring -----------------------------------------------------------------------

    def restore_selected(self) -> None:
        chosen = self.table.selected_value()
        if not isinstance(chosen, BackupInfo) or self._busy:
            return
        self._set_busy(True, "De back-up wordt geopend…")
        self._session.call(
            lambda r: backup.contents_for_register(chosen.path, r),
            self._confirm_restore,
            self._restore_open_failed,
        )

    def _restore_open_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.reload()
        show_error(exc)

    def _confirm_restore(self, contents: BackupContents) -> None:
        self._set_busy(False)
        path = self._session.path
        if path is None or not self._session.is_unlocked:
            return
        question = restore_question(contents, path, damaged=False)
        if messages.confirm(self, "Back-up terugzetten", question):
            self.restore(contents.info, path)

    def restore(self, chosen: BackupInfo, path: Path) -> None:
        """Restore, then lock; the lock screen is shown again once the files are in place.

        The restore is queued before the lock, so it runs first on the open register:
        its key opens the back-up and writes the restore's entry (the replaced log's
        control code) into it, and it locks the register itself before the files change.
        """
        label = chosen.label
        set_notice(self._session, f"De back-up van {label} wordt teruggezet…")
        self._session.call(
            lambda register: backup.restore(chosen.path, path, register=register),
            lambda aside: self._restored(label, aside),
            self._restore_failed,
        )
        self._session.lock()

    def _restored(self, label: str, aside: Path | None) -> None:
        kept = f" Het vervangen register staat in dezelfde map als '{aside.name}'." if aside else ""
        set_notice(self._session, f"Back-up van {label} teruggezet. Ontgrendel het register.{kept}")
        self._show_lock_screen_again()

    def _restore_failed(self, exc: BaseException) -> None:
        text = messages.dutch_error_text(exc)
        set_notice(self._session, f"Terugzetten van de back-up is mislukt. {text}")
        self._show_lock_screen_again()

    def _show_lock_screen_again(self) -> None:
        # The register's files changed on disk: the lock screen reads them afresh.
        if not self._session.is_unlocked:
            self._session.locked.emit()
