"""The one register-opening flow: the name is read on the worker, one error path, and a
register nobody will use is locked again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.ui.jobs import JobRunner
from bemoeizorg.ui.register_opening import Opened, open_register
from bemoeizorg.ui.register_session import RegisterSession
from tests.builders import TEAM


def test_the_name_comes_with_the_register_and_the_session_adopts_it(
    runner: JobRunner, register: Register
) -> None:
    opened: list[Opened] = []
    open_register(runner, lambda: (register, "CODE"), opened.append)
    assert [(o.register, o.name, o.recovery_code) for o in opened] == [(register, TEAM, "CODE")]
    session = RegisterSession(runner, DeviceSettings())
    opened[0].adopt(session)
    assert session.register is register and session.register_name == TEAM


def test_nothing_to_open_is_not_an_error(runner: JobRunner) -> None:
    nothing: list[bool] = []
    open_register(runner, lambda: None, lambda _o: None, on_nothing=lambda: nothing.append(True))
    assert nothing == [True]


def test_a_register_whose_name_cannot_be_read_is_locked_and_the_error_told(
    runner: JobRunner, register: Register, monkeypatch
) -> None:
    def broken() -> str:
        raise RegisterError("kapot")

    monkeypatch.setattr(register, "name", broken)
    errors: list[BaseException] = []
    open_register(runner, lambda: register, lambda _o: None, errors.append)
    assert [type(e) for e in errors] == [RegisterError]
    assert not register.is_unlocked


def test_a_register_for_a_closed_dialog_is_locked_again(
    qtbot, runner: JobRunner, register: Register
) -> None:
    closed = QWidget()
    qtbot.addWidget(closed)  # never shown: like a dialog the lock closed meanwhile
    opened: list[Opened] = []
    open_register(runner, lambda: register, opened.append, for_widget=closed)
    assert opened == [] and not register.is_unlocked
