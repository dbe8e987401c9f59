"""Automatic back-ups, made quietly on the worker: once a day at the first unlock with no
back-up of this register in the folder yet today (local date), and when the program
closes with the register open. Never a message box: a line in the status bar says it was
made or why not, and the user's work goes on.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar

from bemoeizorg.store import backup
from bemoeizorg.store.backup import BackupInfo
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.register_session import RegisterSession, Topic

log = logging.getLogger(__name__)

SHOWN_MS = 10_000


def made_today(folder: Path, register_id: str, today: date | None = None) -> bool:
    """Whether the folder holds a back-up of this register made today (local time)."""
    today = today or date.today()
    found = backup.list_backups(folder, register_id)
    return bool(found) and found[0].made_at.astimezone().date() >= today


def daily_backup(register: Register, folder: Path, keep: int) -> BackupInfo | None:
    """The day's back-up, or None when one was made today already (worker side)."""
    if folder.is_dir() and made_today(folder, register.register_id):
        return None
    return backup.make_backup(register, folder, keep=keep)


class BackupSchedule(QObject):
    def __init__(
        self, session: RegisterSession, status_bar: QStatusBar, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._status = status_bar
        session.unlocked.connect(self.after_unlock)

    def after_unlock(self) -> None:
        settings = self._session.settings
        if not (settings.backup_daily and settings.backup_folder):
            return
        folder, keep = Path(settings.backup_folder), settings.backup_keep
        self._session.call(lambda r: daily_backup(r, folder, keep), self._made, self._failed)

    def before_close(self) -> None:
        """Queue a back-up ahead of the lock; the caller waits for the worker."""
        settings = self._session.settings
        if not (self._session.is_unlocked and settings.backup_on_close):
            return
        if not settings.backup_folder:
            return
        folder, keep = Path(settings.backup_folder), settings.backup_keep
        self._status.showMessage("Back-up wordt gemaakt…")
        self._session.call(
            lambda r: backup.make_backup(r, folder, keep=keep), self._made, self._failed
        )

    def _made(self, info: BackupInfo | None) -> None:
        if info is None:
            return
        self._status.showMessage(f"Back-up gemaakt ({info.label}).", SHOWN_MS)
        self._session.data_changed.emit(Topic.LOG)
        self._session.data_changed.emit(Topic.BACKUPS)

    def _failed(self, exc: BaseException) -> None:
        log.warning("automatic back-up not made: %s", type(exc).__name__)
        self._status.showMessage(
            "Geen automatische back-up gemaakt: " + messages.dutch_error_text(exc)
        )
