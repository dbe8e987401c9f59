"""A growing delay after repeated wrong passphrases (issue 12, finding 9): from the third
recent failure on, 1 s, doubling, at most 30 s, for every way of unlocking (it waits in
the store). The waits are seen through `failed_unlocks._sleep`, replaced here, so no test
waits; `delay_after` is the rule itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bemoeizorg.store import failed_unlocks
from bemoeizorg.store.errors import WrongPassphrase, WrongRecoveryCode
from bemoeizorg.store.failed_unlocks import delay_after, pending_path_for
from bemoeizorg.store.register import Register
from tests.builders import LEAD, STRONG

WRONG = "Dit is zeker niet de goede wachtwoordzin"


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(failed_unlocks, "_sleep", waited.append)
    return waited


@pytest.fixture
def path(register: Register) -> Path:
    register.lock()
    return register.path


def test_delay_rule() -> None:
    assert [delay_after(n) for n in range(11)] == [0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]
    assert delay_after(10**9) == 30  # no overflow, still the cap


def test_wrong_passphrases_wait_longer_and_longer(path: Path, waits: list[float]) -> None:
    for _ in range(6):
        with pytest.raises(WrongPassphrase):
            Register.unlock(path, LEAD, WRONG)
    assert waits == [1.0, 2.0, 4.0, 8.0]
    # The command line's way (any user) and the recovery code count alike.
    with pytest.raises(WrongPassphrase):
        Register.unlock_any_user(path, WRONG)
    with pytest.raises(WrongRecoveryCode):
        Register.recover(path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", LEAD, STRONG + " nieuw")
    assert waits[-2:] == [16.0, 30.0]

    # The right passphrase opens at once and starts the count afresh.
    Register.unlock(path, LEAD, STRONG).lock()
    waits.clear()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Register.unlock(path, LEAD, WRONG)
    assert waits == []


def test_deleting_the_note_does_not_reset_the_running_program(
    path: Path, waits: list[float]
) -> None:
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            Register.unlock(path, LEAD, WRONG)
        pending_path_for(path).unlink()  # a stranger removes the evidence each time
    assert waits == [1.0]


def test_only_recent_claims_count(path: Path, waits: list[float]) -> None:
    old = (datetime.now(UTC) - timedelta(hours=2)).isoformat()
    pending_path_for(path).write_text(
        json.dumps({"attempts": [{"at": old, "user": LEAD}] * 50}), "utf-8"
    )
    with pytest.raises(WrongPassphrase):
        Register.unlock(path, LEAD, WRONG)
    assert waits == []  # fifty failures two hours ago: no wait now

    recent = datetime.now(UTC).isoformat()
    pending_path_for(path).write_text(
        json.dumps({"attempts": [{"at": recent, "user": LEAD}] * 4}), "utf-8"
    )
    assert failed_unlocks.next_delay(path) == 4.0
    with pytest.raises(WrongPassphrase):
        Register.unlock(path, LEAD, WRONG)
    assert waits == [4.0]
