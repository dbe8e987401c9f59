"""Qt fixtures: an inline job runner, a session on the test's unlocked `register` (see
tests/conftest.py), and scripted message boxes. Helpers several UI tests share are in
tests/ui/helpers.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import TEAM


@pytest.fixture(autouse=True)
def scripted_messages() -> Iterator[list[messages.Shown]]:
    """No real message box ever blocks a test; each one shown is recorded. A question
    (confirm) needs its answer scripted with messages.script(...): one asked without it
    fails the test, even when the code around it swallowed the AssertionError."""
    messages.reset()
    messages.script()
    yield messages.shown
    unanswered = list(messages.unanswered)
    messages.reset()
    assert not unanswered, f"questions asked without a scripted answer: {unanswered}"


@pytest.fixture
def runner(qtbot: object) -> JobRunner:
    return JobRunner(inline=True)


@pytest.fixture
def unlocked_session(runner: JobRunner, register: Register) -> Iterator[RegisterSession]:
    """A session holding the test's `register` ('Team Roermond', Anna de Vries)."""
    session = RegisterSession(runner, DeviceSettings())
    session.adopt(register, TEAM)
    yield session
    if session.register is not None:
        session.register.lock()
