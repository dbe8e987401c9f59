"""Remember on this device without a real keyring: none, null, refused, locked, hung, fake.

The in-memory keyring below is a plain class, not a keyring.backend.KeyringBackend
subclass: subclasses register themselves with keyring's backend discovery and could be
picked as the default. It is trusted only where a test widens ALLOWED_BACKENDS with
monkeypatch; the shipped allow-list names real OS keyrings only.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError, PasswordSetError

from bemoeizorg.domain.people import Role
from bemoeizorg.store import keyring_store
from bemoeizorg.store.keyring_store import (
    SERVICE,
    KeyringState,
    KeyringUnavailable,
    forget,
    is_remembered,
    remember,
    unlock_remembered,
)
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.register import Register, peek

STRONG = "Zeven zwanen zwemmen in de Maas"
USER = "Anna de Vries"


class MemoryKeyring:
    """A keyring in a dict; `mode` makes it misbehave the way real ones can."""

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.items: dict[tuple[str, str], str] = {}
        self.release = threading.Event()
        self.calls = 0

    def _misbehave(self) -> None:
        self.calls += 1
        if self.mode == "locked":
            raise KeyringLocked("Failed to unlock the collection!")
        if self.mode == "broken":
            raise RuntimeError("org.freedesktop.DBus.Error.Failed: iets onverwachts")
        if self.mode == "hangs":
            self.release.wait(30)

    def get_password(self, service: str, username: str) -> str | None:
        self._misbehave()
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._misbehave()
        if self.mode == "refuses":
            raise PasswordSetError("Failed to store password!")
        if self.mode == "forgetful":
            return
        if self.mode == "mangles":
            password = password[::-1]
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._misbehave()
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@pytest.fixture
def trust(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let keyring_store accept MemoryKeyring for this test only."""
    monkeypatch.setattr(
        keyring_store, "ALLOWED_BACKENDS", keyring_store.ALLOWED_BACKENDS | {_name(MemoryKeyring)}
    )
    yield


@pytest.fixture
def created(tmp_path: Path) -> Iterator[tuple[Path, Register]]:
    path = tmp_path / "r.bzregister"
    register, _ = Register.create(path, "Team", USER, Role.TEAMLEIDER, STRONG)
    try:
        yield path, register
    finally:
        register.lock()


@pytest.fixture
def remembered(trust: None, created: tuple[Path, Register]) -> tuple[Path, MemoryKeyring]:
    """The created register remembered in a memory keyring, then locked."""
    path, register = created
    backend = MemoryKeyring()
    remember(register, backend)
    register.lock()
    return path, backend


def device_slots_on_disk(path: Path) -> list[dict[str, object]]:
    doc = json.loads(slots_path_for(path).read_text("utf-8"))
    return [s for s in doc["slots"] if s["kind"] == "apparaat"]


def assert_refused(exc: KeyringUnavailable, state: KeyringState, text: str) -> None:
    assert exc.state is state
    assert text in str(exc)
    assert "typ uw wachtwoordzin" in str(exc).lower()


# --- the default keyring when there is no D-Bus ------------------------------------------


@pytest.fixture
def no_dbus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No session bus anywhere, no keyring configuration, and keyring detects afresh."""
    for name in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path / "leeg"
    empty.mkdir()
    # jeepney falls back to $XDG_RUNTIME_DIR/bus; keyring reads its config from here.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(empty))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(empty))
    monkeypatch.setenv("XDG_DATA_HOME", str(empty))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


@pytest.mark.usefixtures("no_dbus")
def test_no_dbus_refuses_with_message_and_leaves_no_slot(
    created: tuple[Path, Register],
) -> None:
    path, register = created
    assert type(keyring.get_keyring()) is fail.Keyring  # the state this test is about
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register)
    assert_refused(caught.value, KeyringState.ABSENT, "Deze computer heeft geen sleutelbos")
    assert peek(path).device_slots == {}
    assert device_slots_on_disk(path) == []


@pytest.mark.usefixtures("no_dbus", "trust")
def test_no_dbus_on_unlock_says_so_when_a_slot_exists(created: tuple[Path, Register]) -> None:
    path, register = created
    remember(register, MemoryKeyring())  # remembered elsewhere, say
    register.lock()
    for call in (unlock_remembered, is_remembered):
        with pytest.raises(KeyringUnavailable) as caught:
            call(path)
        assert_refused(caught.value, KeyringState.ABSENT, "geen sleutelbos")


def test_nothing_remembered_asks_no_keyring(created: tuple[Path, Register]) -> None:
    path, register = created
    register.lock()
    # The fail backend raises on every call: None means it was not asked.
    assert unlock_remembered(path, fail.Keyring()) is None
    assert is_remembered(path, fail.Keyring()) is False


# --- keyrings that are not trusted or misbehave -------------------------------------------


def test_null_backend_is_refused_and_no_slot_is_left(created: tuple[Path, Register]) -> None:
    path, register = created
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register, null.Keyring())
    assert_refused(caught.value, KeyringState.UNSAFE, "slaat niets veilig op")
    assert device_slots_on_disk(path) == []


def test_null_backend_even_if_trusted_is_caught_by_reading_back(
    created: tuple[Path, Register], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, register = created
    monkeypatch.setattr(
        keyring_store, "ALLOWED_BACKENDS", keyring_store.ALLOWED_BACKENDS | {_name(null.Keyring)}
    )
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register, null.Keyring())
    assert_refused(caught.value, KeyringState.UNSAFE, "slaat niets veilig op")
    # The slot was made before storing; it must be gone again, on disk too.
    assert peek(path).device_slots == {}
    assert device_slots_on_disk(path) == []


def test_fail_backend_is_no_keyring(created: tuple[Path, Register]) -> None:
    _, register = created
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register, fail.Keyring())
    assert caught.value.state is KeyringState.ABSENT


def test_unlisted_backend_is_refused_without_being_called(created: tuple[Path, Register]) -> None:
    path, register = created
    untrusted = MemoryKeyring()  # no `trust` fixture: like a plaintext keyrings.alt file
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register, untrusted)
    assert_refused(caught.value, KeyringState.UNSAFE, "slaat niets veilig op")
    assert untrusted.calls == 0
    assert device_slots_on_disk(path) == []


@pytest.mark.usefixtures("trust")
@pytest.mark.parametrize(
    ("mode", "state", "text"),
    [
        ("forgetful", KeyringState.UNSAFE, "slaat niets veilig op"),
        ("mangles", KeyringState.UNSAFE, "slaat niets veilig op"),
        ("refuses", KeyringState.REFUSED, "weigerde"),
        ("locked", KeyringState.LOCKED, "De sleutelbos van deze computer is vergrendeld"),
        ("broken", KeyringState.REFUSED, "weigerde"),
    ],
)
def test_misbehaving_keyring_leaves_nothing_behind(
    created: tuple[Path, Register], mode: str, state: KeyringState, text: str
) -> None:
    path, register = created
    backend = MemoryKeyring(mode)
    with pytest.raises(KeyringUnavailable) as caught:
        remember(register, backend)
    assert_refused(caught.value, state, text)
    assert "iets onverwachts" not in str(caught.value)  # no technical text reaches the user
    assert peek(path).device_slots == {}
    assert backend.items == {}  # a mangled secret was taken back too


def test_locked_keyring_on_unlock(remembered: tuple[Path, MemoryKeyring]) -> None:
    path, backend = remembered
    backend.mode = "locked"
    with pytest.raises(KeyringUnavailable) as caught:
        unlock_remembered(path, backend)
    assert_refused(caught.value, KeyringState.LOCKED, "vergrendeld")


@pytest.mark.usefixtures("trust")
def test_hanging_keyring_meets_the_deadline(
    created: tuple[Path, Register], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, register = created
    monkeypatch.setattr(keyring_store, "CALL_TIMEOUT_SECONDS", 0.3)
    backend = MemoryKeyring("hangs")
    try:
        start = time.monotonic()
        with pytest.raises(KeyringUnavailable) as caught:
            remember(register, backend)
        assert time.monotonic() - start < 5
        assert_refused(caught.value, KeyringState.NOT_RESPONDING, "reageert niet")
        assert peek(path).device_slots == {}
    finally:
        backend.release.set()


# --- round trips ----------------------------------------------------------------------


@pytest.mark.usefixtures("trust")
def test_remember_unlock_forget(created: tuple[Path, Register]) -> None:
    path, register = created
    backend = MemoryKeyring()
    remember(register, backend)
    register_id = register.register_id
    register.lock()

    (slot_id,) = peek(path).device_slots
    assert peek(path).device_slots[slot_id] == USER
    ((service, username), stored) = next(iter(backend.items.items()))
    assert (service, username) == (SERVICE, f"{register_id}/{slot_id}")
    assert len(base64.b64decode(stored)) == 32
    assert is_remembered(path, backend)

    opened = unlock_remembered(path, backend)
    assert opened is not None
    try:
        assert opened.user == USER
        assert forget(opened, backend) == 1
    finally:
        opened.lock()
    assert peek(path).device_slots == {}
    assert backend.items == {}
    assert unlock_remembered(path, backend) is None
    assert not is_remembered(path, backend)


@pytest.mark.usefixtures("trust")
def test_remembering_again_replaces_the_old_slot(created: tuple[Path, Register]) -> None:
    path, register = created
    backend = MemoryKeyring()
    remember(register, backend)
    (first,) = peek(path).device_slots
    remember(register, backend)
    (second,) = peek(path).device_slots
    assert second != first
    assert list(backend.items) == [(SERVICE, f"{register.register_id}/{second}")]


@pytest.mark.usefixtures("trust")
def test_only_this_computers_slots_are_used_and_forgotten(created: tuple[Path, Register]) -> None:
    path, register = created
    here, elsewhere = MemoryKeyring(), MemoryKeyring()
    remember(register, elsewhere)
    remember(register, here)
    assert len(peek(path).device_slots) == 2
    assert forget(register, here) == 1
    register.lock()
    # The other computer's slot stays and still works there, not here.
    assert unlock_remembered(path, here) is None
    opened = unlock_remembered(path, elsewhere)
    assert opened is not None
    opened.lock()


def test_user_filter(remembered: tuple[Path, MemoryKeyring]) -> None:
    path, backend = remembered
    assert unlock_remembered(path, backend, user="Iemand Anders") is None
    assert not is_remembered(path, backend, user="Iemand Anders")
    opened = unlock_remembered(path, backend, user="  anna DE vries ")
    assert opened is not None
    opened.lock()


@pytest.mark.parametrize("bad", ["geen base64!", base64.b64encode(b"\x01" * 32).decode()])
def test_wrong_or_garbled_secret_opens_nothing(
    remembered: tuple[Path, MemoryKeyring], bad: str
) -> None:
    path, backend = remembered
    key = next(iter(backend.items))
    backend.items[key] = bad
    assert unlock_remembered(path, backend) is None


def test_usable_tells_whether_this_computer_can_remember(monkeypatch) -> None:
    """The unlock screen hides "Ontgrendelen met deze computer" and "Onthouden" where no
    keyring the program trusts exists; a locked one may still be opened, so it counts."""
    assert not keyring_store.usable(fail.Keyring())
    assert not keyring_store.usable(MemoryKeyring())  # untrusted: nothing safe to keep
    monkeypatch.setattr(
        keyring_store, "ALLOWED_BACKENDS", keyring_store.ALLOWED_BACKENDS | {_name(MemoryKeyring)}
    )
    assert keyring_store.usable(MemoryKeyring())
