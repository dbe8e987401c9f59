"""Qt fixtures: an inline job runner, a session on a real unlocked register, scripted
message boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from bemoeizorg.domain.people import Role
from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.main_window import MainWindow
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


def shown_main_window(
    qtbot: Any, runner: JobRunner, tmp_path: Path, settings: DeviceSettings | None = None
) -> MainWindow:
    """A main window on its own QSettings file, shown; the caller closes its session."""
    window = MainWindow(
        RegisterSession(runner, settings or DeviceSettings()),
        QSettings(str(tmp_path / "venster.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def hand_over(window: MainWindow, unlocked_session: RegisterSession) -> Register:
    """Give the window the fixture's unlocked register, as an unlock would."""
    register = unlocked_session.register
    assert register is not None
    unlocked_session.register = None
    window.session.adopt(register, "Team Roermond")
    return register
