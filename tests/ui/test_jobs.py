"""The job runner: one worker, results in order on the GUI thread, errors delivered."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from bemoeizorg.domain.disclosure import Cancelled
from bemoeizorg.store.errors import DiskFull, RegisterLocked
from bemoeizorg.ui.jobs import JobControl, JobRunner, ignore_error


def test_threaded_runner_runs_in_order_on_one_worker_and_delivers_on_gui_thread(qtbot):
    runner = JobRunner()
    gui = threading.get_ident()
    workers: set[int] = set()
    results: list[int] = []
    delivered_on: set[int] = set()

    def job(i: int) -> int:
        workers.add(threading.get_ident())
        return i

    def done(value: int) -> None:
        delivered_on.add(threading.get_ident())
        results.append(value)

    with qtbot.waitSignal(runner.busy_changed, timeout=10_000, check_params_cb=lambda b: not b):
        for i in range(50):
            runner.submit(lambda i=i: job(i), done)
    assert results == list(range(50))
    assert len(workers) == 1 and gui not in workers
    assert delivered_on == {gui}


def test_errors_reach_the_error_callback_not_the_user_as_traceback(qtbot):
    runner = JobRunner()
    errors: list[BaseException] = []

    def fail() -> None:
        raise DiskFull()

    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
        runner.submit(fail, None, errors.append)
    assert len(errors) == 1 and "schijf is vol" in str(errors[0])


def test_without_an_error_callback_the_user_reads_the_dutch_text(runner, scripted_messages):
    def fail(exc: BaseException) -> None:
        raise exc

    runner.submit(lambda: fail(DiskFull()))
    assert [(m.kind, m.text) for m in scripted_messages] == [("error", DiskFull().message)]
    runner.submit(lambda: fail(KeyError("Jansen")))  # unexpected: a code, never its text
    assert "KeyError" in scripted_messages[-1].text and "Jansen" not in scripted_messages[-1].text


def test_a_locked_register_and_ignored_errors_show_nothing(runner, scripted_messages):
    def fail(exc: BaseException) -> None:
        raise exc

    runner.submit(lambda: fail(RegisterLocked()))  # the lock screen already says so
    runner.submit(lambda: fail(DiskFull()), None, ignore_error)
    assert scripted_messages == []


def test_progress_reaches_the_gui_thread_and_cancel_stops_the_job(qtbot):
    """The worker reports, the GUI thread hears it and presses cancel; the job stops at
    its next check and its on_error gets Cancelled, never on_done."""
    runner = JobRunner()
    gui = threading.get_ident()
    heard: list[tuple[float | None, str, int]] = []
    outcome: list[object] = []

    def on_progress(fraction: float | None, text: str) -> None:
        heard.append((fraction, text, threading.get_ident()))
        control.cancel()

    control = JobControl(on_progress)

    def job() -> str:
        control.report(0.25, "Tellen")
        for _ in range(200_000):  # bounded: a cancel that never arrives fails the test
            control.check()
            time.sleep(0.0001)
        return "niet gestopt"

    with qtbot.waitSignal(runner.busy_changed, timeout=20_000, check_params_cb=lambda b: not b):
        runner.submit(job, outcome.append, outcome.append, control=control)
    assert heard == [(0.25, "Tellen", gui)]
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)


def test_inline_progress_runs_at_once_and_a_cancelled_job_is_not_run(runner):
    heard: list[str] = []
    ran: list[str] = []
    errors: list[BaseException] = []
    control = JobControl(lambda _f, text: heard.append(text))

    def job() -> int:
        for text in ("Tellen", "Tellen", "Controleren"):  # a repeat is dropped
            control.report(None, text)
        ran.append("ja")
        return 1

    results: list[int] = []
    runner.submit(job, results.append, errors.append, control=control)
    assert heard == ["Tellen", "Controleren"] and results == [1]
    control.cancel()
    runner.submit(job, results.append, errors.append, control=control)
    assert ran == ["ja"] and results == [1]  # not run a second time
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    runner.submit(lambda: 2, results.append)  # a job without a control, as before
    assert results == [1, 2]


# In a fresh interpreter: inside the test session other tests' garbage is freed at any
# moment, which lowers the counts of None and True by itself and made this flaky.
_REFCOUNT_PROBE = """
import sys
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from bemoeizorg.ui.jobs import JobRunner

app = QApplication([])
runner = JobRunner()
count = 3000
seen = []
loop = QEventLoop()
runner.busy_changed.connect(lambda busy: None if busy else loop.quit())
before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(count):
    runner.submit(lambda: 1, seen.append)  # seen holds no None: those would hide a loss
loop.exec()
runner.wait()
print(len(seen), before_true - sys.getrefcount(True), before_none - sys.getrefcount(None))
"""


def test_thousands_of_jobs_do_not_corrupt_reference_counts() -> None:
    """PySide6 6.12.0 lost a reference to True per emit and to None per job; on Python
    3.11 that aborted the program after a few thousand jobs."""
    done = subprocess.run(
        [sys.executable, "-c", _REFCOUNT_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    jobs, lost_true, lost_none = (int(n) for n in done.stdout.split())
    count = 3000
    assert jobs == count
    assert lost_true < count // 10 and lost_none < count // 10, (
        f"after {count} jobs: {lost_true} references to True and {lost_none} to None lost"
    )
