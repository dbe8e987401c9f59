"""Shared fixtures: every test gets its own config and data folders in tmp_path, cheap
Argon2id unless it asks for the real cost, and the `register` family.

The family: `register_path` (where a test's register lives), `make_register` (a factory:
new registers that are locked again at teardown), `register` (one fresh register at
`register_path`, unlocked), `open_copy` (a test's own copy of a register a module-scoped
fixture built once). A module that needs a prepared register extends `register` by
requesting it under the same name; the UI tests' `unlocked_session` holds this same
`register`. Builders (cases, team members, the counts data) are in tests/builders.py.

Argon2id: `cheap_kdf` (session, autouse) makes every slot written in-process cheap;
`full_kdf` gives a test the shipped cost (tests/test_kdf_cost.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bemoeizorg.domain.people import Role
from bemoeizorg.store import failed_unlocks, keyslots
from bemoeizorg.store.register import Register
from tests import builders
from tests.builders import LEAD, STRONG, TEAM, copy_register, new_register

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True, scope="session")
def cheap_kdf() -> Iterator[None]:
    """Every slot a test writes in this process is cheap (builders.cheap_kdf), unless the
    test uses `full_kdf`. Child processes (the CLI, the helper scripts, the benchmarks)
    write full-cost slots as shipped."""
    with builders.cheap_kdf():
        yield


@pytest.fixture
def full_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped Argon2id cost, for a test whose subject is the KDF or its cost."""
    monkeypatch.setattr(keyslots, "ARGON2_TIME", builders.REAL_ARGON2[0])
    monkeypatch.setattr(keyslots, "ARGON2_MEMORY_KIB", builders.REAL_ARGON2[1])


@pytest.fixture(autouse=True, scope="session")
def session_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Config and data folders for what module- and session-scoped fixtures build, before
    a test's own `isolated_dirs` replaces them: nothing reaches the real home folder."""
    home = tmp_path_factory.mktemp("sessie-thuis")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BEMOEIZORG_CONFIG_DIR", str(home / "config"))
        patch.setenv("BEMOEIZORG_DATA_DIR", str(home / "data"))
        yield


@pytest.fixture(autouse=True)
def no_unlock_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The growing delay after wrong passphrases does not wait in tests run in this
    process (tests/test_unlock_delay.py replaces the wait to see it); child processes,
    the command line among them, wait as shipped."""
    monkeypatch.setattr(failed_unlocks, "_sleep", lambda _seconds: None)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "thuis"
    (home / "config").mkdir(parents=True)
    (home / "data").mkdir(parents=True)
    monkeypatch.setenv("BEMOEIZORG_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("BEMOEIZORG_DATA_DIR", str(home / "data"))
    return home


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    return tmp_path / "team.bzregister"


MakeRegister = Callable[..., Register]


@pytest.fixture
def make_register(tmp_path: Path) -> Iterator[MakeRegister]:
    """make_register(path=None, team=TEAM, user=LEAD, role=TEAMLEIDER, passphrase=STRONG):
    a new unlocked register (default: tmp_path/team.bzregister); locked at teardown."""
    made: list[Register] = []

    def make(
        path: Path | None = None,
        team: str = TEAM,
        user: str = LEAD,
        role: Role = Role.TEAMLEIDER,
        passphrase: str = STRONG,
    ) -> Register:
        register = new_register(path or tmp_path / "team.bzregister", team, user, role, passphrase)
        made.append(register)
        return register

    yield make
    for register in made:
        register.lock()


@pytest.fixture
def register(make_register: MakeRegister, register_path: Path) -> Register:
    """A new register at register_path ('Team Roermond', Anna de Vries, teamleider), unlocked."""
    return make_register(register_path)


@pytest.fixture
def open_copy(tmp_path: Path) -> Iterator[Callable[..., Register]]:
    """open_copy(locked_path, user=LEAD, passphrase=STRONG): a copy of a register built
    once by a module- or session-scoped fixture, in this test's tmp_path, unlocked; locked
    at teardown. The test may change its copy freely."""
    opened: list[Register] = []

    def open_(source: Path, user: str = LEAD, passphrase: str = STRONG) -> Register:
        register = Register.unlock(copy_register(source, tmp_path / "kopie"), user, passphrase)
        opened.append(register)
        return register

    yield open_
    for register in opened:
        register.lock()
