"""Automatic back-ups, made quietly on the worker: once a day at the first unlock with no
back-up of this register in the folder yet today (local date), and when the program
closes with the register open (a local register's: a team register's server has its own).
Never a message box: a line in the status bar says it was made or why not, and the
user's work goes on.

"Made today" counts only back-ups that verify as this register's with a believable
date (backup.survey): a planted file, or one made while the clock was years ahead, does
not stop the day's back-up. Pruning after it is backup.prune's, and what it left alone
is said in the same status line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class AutoBackup:
    info: BackupInfo
    notes: list[str]  # what pruning left alone, in Dutch


def made_today(folder: Path, register: Register, today: date | None = None) -> bool:
    """Whether the folder holds a verified back-up of this register made today (local)."""
    return backup.survey(folder, register).made_on(today or date.today())


def auto_backup(register: Register, folder: Path, keep: int) -> AutoBackup:
    """A back-up, then the older ones pruned (worker side)."""
    info, pruned = backup.backup_and_prune(register, folder, keep)
    return AutoBackup(info, pruned.notes())


def daily_backup(register: Register, folder: Path, keep: int) -> AutoBackup | None:
    """The day's back-up, or None when one was made today already (worker side)."""
    if folder.is_dir() and made_today(folder, register):
        return None
    return auto_backup(register, folder, keep)


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
        # A team register is backed up on its server, not into this computer's folder.
        if self._session.on_server or not (settings.backup_daily and settings.backup_folder):
            return
        folder, keep = Path(settings.backup_folder), settings.backup_keep
        self._session.call(lambda r: daily_backup(r, folder, keep), self._made, self._failed)

    def before_close(self) -> None:
        """Queue a back-up ahead of the lock; the caller waits for the worker."""
        settings = self._session.settings
        if not (self._session.is_unlocked and settings.backup_on_close) or self._session.on_server:
            return
        if not settings.backup_folder:
            return
        folder, keep = Path(settings.backup_folder), settings.backup_keep
        self._status.showMessage("Back-up wordt gemaakt…")
        self._session.call(lambda r: auto_backup(r, folder, keep), self._made, self._failed)

    def _made(self, made: AutoBackup | None) -> None:
        if made is None:
            return
        text = f"Back-up gemaakt ({made.info.label})."
        if made.notes:  # stays until the next message: something to look at
            self._status.showMessage(f"{text} Let op: {' '.join(made.notes)}")
        else:
            self._status.showMessage(text, SHOWN_MS)
        self._session.data_changed.emit(Topic.LOG)
        self._session.data_changed.emit(Topic.BACKUPS)

    def _failed(self, exc: BaseException) -> None:
        log.warning("automatic back-up not made: %s", type(exc).__name__)
        self._status.showMessage(
            "Geen automatische back-up gemaakt: " + messages.dutch_error_text(exc)
        )
