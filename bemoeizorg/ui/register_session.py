"""The register this window works on, and its state: none, unlocked, locked.

Views never hold a Register themselves: they ask the session to run work on it through
the job runner and are told by signal when it is unlocked or locked.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from bemoeizorg.settings import DeviceSettings, load_device_settings, save_device_settings
from bemoeizorg.store.errors import RegisterLocked
from bemoeizorg.ui.jobs import Done, Failed, JobControl, JobRunner

if TYPE_CHECKING:  # the store loads when a register is opened, not at start (issue 16)
    from bemoeizorg.store.register import Register


CHANGES_SETTLE_MS = 300


class Topic(StrEnum):
    """What changed, told through `data_changed`: a view reloads for the topics it shows.
    Nearly every change also writes the access log; only the log view reloads on any topic.
    """

    CASES = "cases"  # reports, persons, cases and everything recorded on a case
    MEETINGS = "meetings"  # meetings, their agendas, packs made and agreements recorded
    LOG = "log"  # nothing but log entries (settings, passphrases, users, exports)
    BACKUPS = "backups"  # a back-up was made
    TEAM = "team"  # team members (the case owners)
    MUNICIPALITIES = "municipalities"  # the municipalities the team covers
    CONTACT_POINTS = "contact_points"  # the municipalities' contact points


class RegisterSession(QObject):
    unlocked = Signal()  # a register is open and usable
    locked = Signal()  # the register was locked: show only the lock screen
    closed = Signal()  # no register any more: back to the start screen
    data_changed = Signal(str)  # a Topic (a StrEnum: it travels as its text)
    settings_changed = Signal()
    # Someone else's change committed (a team register; emitted from the watching thread,
    # so delivered queued, in the GUI thread).
    _changed_elsewhere = Signal()

    def __init__(
        self,
        runner: JobRunner,
        settings: DeviceSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings if settings is not None else load_device_settings()
        self.register: Register | None = None
        self.path: Path | None = None
        self.user: str | None = None
        self.register_name: str = ""
        self.on_server = False  # a team register: locking closes it (no file to unlock)
        self._stop_watching: Callable[[], None] | None = None
        # A colleague's burst of saves is one reload, a moment after the last.
        self._reload_later = QTimer(self)
        self._reload_later.setSingleShot(True)
        self._reload_later.setInterval(CHANGES_SETTLE_MS)
        self._reload_later.timeout.connect(self._reload_for_others)
        self._changed_elsewhere.connect(self._reload_later.start)

    # --- state ---------------------------------------------------------------------------

    @property
    def is_unlocked(self) -> bool:
        return self.register is not None

    def adopt(self, register: Register, register_name: str) -> None:
        """Take a freshly unlocked register (the unlock ran on the worker)."""
        self.register = register
        self.path = register.path
        self.user = register.user
        self.register_name = register_name
        self.on_server = register.on_server
        self._stop_watching = register.watch_changes(self._changed_elsewhere.emit)
        if not register.on_server:  # a server address is no file for the recent list
            self.settings.remember_register(register.path, register.user)
            self.save_settings()
        self.unlocked.emit()

    def choose(self, path: Path) -> None:
        """A register was picked but is not unlocked yet."""
        self.path = Path(path)

    def lock(self) -> None:
        """Hide everything now; close the connection and drop the key on the worker."""
        register, self.register = self.register, None
        if register is None:
            return
        if self._stop_watching is not None:
            self._stop_watching()
            self._stop_watching = None
        self._reload_later.stop()
        self.locked.emit()
        self.runner.submit(register.lock)

    def close(self) -> None:
        self.lock()
        self.path = None
        self.user = None
        self.register_name = ""
        self.on_server = False
        self.closed.emit()

    def _reload_for_others(self) -> None:
        if self.is_unlocked:
            self.data_changed.emit(Topic.CASES)
            self.data_changed.emit(Topic.MEETINGS)

    # --- work ----------------------------------------------------------------------------

    def call(
        self,
        fn: Callable[[Register], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        control: JobControl | None = None,
    ) -> None:
        """Run fn(register) on the worker; on_done gets its result in the GUI thread.
        Long work passes a `control` for progress and cancel (fn reads it by closure)."""
        register = self.register

        def job() -> Any:
            if register is None or not register.is_unlocked:
                raise RegisterLocked()
            return fn(register)

        self.runner.submit(job, on_done, on_error, control=control)

    def save_settings(self) -> None:
        try:
            save_device_settings(self.settings)
        except OSError:
            pass  # settings are a convenience; failing to store them must not stop work
        self.settings_changed.emit()
