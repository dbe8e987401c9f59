"""Qt fixtures: an inline job runner, a session on a real unlocked register, scripted
message boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bemoeizorg.domain.people import Role
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_session import RegisterSession
from tests.conftest import STRONG


@pytest.fixture(autouse=True)
def scripted_messages() -> Iterator[list[messages.Shown]]:
    """No real message box ever blocks a test; each one shown is recorded."""
    messages.reset()
    messages.script()
    yield messages.shown
    messages.reset()


@pytest.fixture
def runner(qtbot: object) -> JobRunner:
    return JobRunner(inline=True)


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    return tmp_path / "team.bzregister"


@pytest.fixture
def unlocked_session(runner: JobRunner, register_path: Path) -> Iterator[RegisterSession]:
    register, _code = Register.create(
        register_path, "Team Roermond", "Anna de Vries", Role.TEAMLEIDER, STRONG
    )
    session = RegisterSession(runner, DeviceSettings())
    session.adopt(register, "Team Roermond")
    yield session
    if session.register is not None:
        session.register.lock()
