"""The job runner: one worker, results in order on the GUI thread, errors delivered."""

from __future__ import annotations

import sys
import threading

from bemoeizorg.store.errors import DiskFull
from bemoeizorg.ui.jobs import JobRunner


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


def test_thousands_of_jobs_do_not_corrupt_reference_counts(qtbot):
    """PySide6 6.12.0 lost a reference to True per emit and to None per job; on Python
    3.11 that aborted the program after a few thousand jobs."""
    runner = JobRunner()
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    count = 3000
    seen: list[object] = []
    with qtbot.waitSignal(runner.busy_changed, timeout=60_000, check_params_cb=lambda b: not b):
        for _ in range(count):
            runner.submit(lambda: None, seen.append)
    assert len(seen) == count
    lost_true = before_true - sys.getrefcount(True)
    lost_none = before_none - sys.getrefcount(None)
    assert lost_true < count // 10 and lost_none < count // 10, (
        f"after {count} jobs: {lost_true} references to True and {lost_none} to None lost"
    )
