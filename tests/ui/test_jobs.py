"""The job runner: one worker, results in order on the GUI thread, errors delivered."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from bemoeizorg.store.errors import DiskFull, RegisterLocked
from bemoeizorg.ui.jobs import JobRunner, ignore_error


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
