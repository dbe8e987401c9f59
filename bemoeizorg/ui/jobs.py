"""The one way to do slow work: a single worker thread for all register access.

One SQLCipher connection must not be used by two threads at once, so the pool has exactly
one thread and jobs run in the order submitted (a lock queued behind a save waits for the
save). Results come back to the GUI thread by a queued signal; callbacks may touch
widgets, jobs never do. Tests construct the runner with inline=True and everything runs
synchronously, in order.

A job that fails goes to its `on_error`, or else to `show_error`: the Dutch text in a
message box. Leave `on_error` out unless there is more to do (re-enable a button, show the
problem under a field), and call `show_error` from such a handler for the message itself.
Work whose failure a user need not hear about passes `ignore_error`, saying why.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication

from bemoeizorg.store.errors import RegisterLocked
from bemoeizorg.ui import messages

# A callback's own result is ignored: a lambda that opens a dialog may return the dialog.
Done = Callable[[Any], object]
Failed = Callable[[BaseException], object]


def show_error(exc: BaseException) -> None:
    """The default for every failed job: its Dutch text over the window in front.

    Not for RegisterLocked: the lock screen already says so, and such a job was only asked
    for on the way to the lock (a timer, a reload).
    """
    if isinstance(exc, RegisterLocked):
        return
    parent = QApplication.activeModalWidget() or QApplication.activeWindow()
    messages.error(parent, messages.dutch_error_text(exc))


def ignore_error(_exc: BaseException) -> None:
    """For work that is a convenience, whose failure takes nothing the user asked for: a
    look-up that only offers suggestions, a list to choose from where typing still works,
    a draft kept quietly while the form itself still holds the text. Not for a save, a
    delete or a read the user waits for: those fail out loud (`show_error`)."""


class _Job(QRunnable):
    def __init__(self, runner: JobRunner, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._job_id = job_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never raised here
            self._runner._finished.emit(self._job_id, exc, False)
        else:
            self._runner._finished.emit(self._job_id, result, True)


class JobRunner(QObject):
    # (job id, result or exception, succeeded)
    _finished = Signal(int, object, bool)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        inline: bool = False,
    ) -> None:
        super().__init__(parent)
        self.inline = inline
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread: SQLite likes a stable owner
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done | None, Failed | None]] = {}
        self._finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        job_id = next(self._ids)
        was_busy = self.busy
        self._pending[job_id] = (on_done, on_error)
        if not was_busy:
            self.busy_changed.emit(True)
        if self.inline:
            try:
                result = fn()
            except BaseException as exc:
                self._deliver(job_id, exc, False)
            else:
                self._deliver(job_id, result, True)
            return
        self._pool.start(_Job(self, job_id, fn))

    @Slot(int, object, bool)
    def _deliver(self, job_id: int, payload: object, ok: bool) -> None:
        on_done, on_error = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if ok:
            if on_done is not None:
                on_done(payload)
            return
        assert isinstance(payload, BaseException)
        (on_error or show_error)(payload)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued jobs ran (used when the program closes)."""
        return bool(self._pool.waitForDone(msecs))
