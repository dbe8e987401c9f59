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

Long work (counting and withholding a year) takes a `JobControl`: the job reports how far
it is with `report` (shown by the UI's callback, queued to the GUI thread; in tests it runs
at once) and reads `cancelled()`, which the UI's Annuleren sets with `cancel()`. A job that
stops raises `domain.cancel.Cancelled`; one cancelled before it started is not run and gets
the same exception, so its `on_error` handles both alike.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication

from bemoeizorg.domain.cancel import Cancelled
from bemoeizorg.store.errors import RegisterLocked
from bemoeizorg.ui import messages

# A callback's own result is ignored: a lambda that opens a dialog may return the dialog.
Done = Callable[[Any], object]
Failed = Callable[[BaseException], object]
# How far a job is: a fraction from 0 to 1 (None: not known) and a short Dutch text.
Progress = Callable[[float | None, str], object]
REPORT_SECONDS = 0.1  # at most this often to the GUI thread, so ticks cannot flood it


class JobControl(QObject):
    """Progress and cancel of one job: made in the GUI thread, handed to `submit` (or
    `RegisterSession.call`) and read by the job on the worker."""

    _reported = Signal(object, str)

    def __init__(self, on_progress: Progress | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self._inline = False
        self._last: tuple[float | None, str] | None = None
        self._last_at = 0.0
        # A slot of this GUI-thread object: a report from the worker is queued to it.
        self._reported.connect(self._deliver)

    def report(self, fraction: float | None = None, text: str = "") -> None:
        """From the job: how far it is. A repeat is dropped, and on a worker thread a new
        text at most every REPORT_SECONDS (the last one shown may lag a little)."""
        now = time.monotonic()
        if (fraction, text) == self._last:
            return
        if not self._inline and self._last is not None and now - self._last_at < REPORT_SECONDS:
            return
        self._last, self._last_at = (fraction, text), now
        self._reported.emit(fraction, text)

    def cancel(self) -> None:
        """From the UI: ask the job to stop (it raises `Cancelled` at its next check)."""
        self._cancel.set()

    def cancelled(self) -> bool:
        """From the job: whether to stop now."""
        return self._cancel.is_set()

    def check(self) -> None:
        """From the job, between steps: stop here when asked."""
        if self._cancel.is_set():
            raise Cancelled

    @Slot(object, str)
    def _deliver(self, fraction: float | None, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(fraction, text)


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
    def __init__(
        self,
        runner: JobRunner,
        job_id: int,
        fn: Callable[[], Any],
        control: JobControl | None,
    ) -> None:
        super().__init__()
        self._runner = runner
        self._job_id = job_id
        self._fn = fn
        self._control = control

    def run(self) -> None:
        try:
            if self._control is not None:
                self._control.check()  # cancelled while it waited: not run at all
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
        *,
        control: JobControl | None = None,
    ) -> None:
        """Run fn on the worker; `control` (made by the caller) carries its progress and
        cancel, see `JobControl`."""
        job_id = next(self._ids)
        was_busy = self.busy
        self._pending[job_id] = (on_done, on_error)
        if not was_busy:
            self.busy_changed.emit(True)
        if control is not None:
            control._inline = self.inline
        if self.inline:
            try:
                if control is not None:
                    control.check()
                result = fn()
            except BaseException as exc:
                self._deliver(job_id, exc, False)
            else:
                self._deliver(job_id, result, True)
            return
        self._pool.start(_Job(self, job_id, fn, control))

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
