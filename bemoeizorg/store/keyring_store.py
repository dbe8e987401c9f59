"""Remember on this device ("Onthouden op deze computer"): a secret in the OS keyring.

`remember` makes a random secret, wraps the data key with it in a new device slot and keeps
the secret in the keyring of the logged-in OS user; `unlock_remembered` opens the register
with it, no passphrase typed. Only real keyrings are used (an allow-list): keyring's null
backend accepts a secret and keeps nothing, its fail backend refuses everything, and
keyrings.alt writes plaintext files. A secret is read back before it counts as stored.

Every failure comes out as `KeyringUnavailable` with one Dutch sentence that ends in "typ
uw wachtwoordzin": the caller falls back to the passphrase, never to plaintext.

Why the guards below: measured against a real gnome-keyring, keyring's Secret Service
backend answers a locked collection by asking the daemon for an unlock prompt and waits for
it without a time limit. Without a display the prompter fails and keyring raises
KeyringLocked at once; with a prompter that never answers (a dialog nobody clicks), or a
daemon that hangs, the call never returns. So we ask the collection whether it is locked
before touching it (no prompt is ever started) and run each keyring call under a deadline.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar, cast

from bemoeizorg.store.errors import RegisterError, WrongPassphrase
from bemoeizorg.store.keyslots import KeySlots, slots_path_for
from bemoeizorg.store.register import Register, peek

SERVICE = "Bemoeizorg Register"
SECRET_BYTES = 32

# Long enough for a keyring that legitimately asks the user something (macOS may ask
# whether this program may read its item), short enough that a hung daemon does not
# freeze the program for good.
CALL_TIMEOUT_SECONDS = 30.0

# Exact classes (module + qualified name), not isinstance: a subclass of a real backend
# could store anywhere. Tests widen this with monkeypatch; nothing in the program does.
ALLOWED_BACKENDS: frozenset[str] = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)

_SECRET_SERVICE_BACKENDS = frozenset(
    {"keyring.backends.SecretService.Keyring", "keyring.backends.libsecret.Keyring"}
)
_FAIL_BACKEND = "keyring.backends.fail.Keyring"
_CHAINER_BACKEND = "keyring.backends.chainer.ChainerBackend"
_DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"

T = TypeVar("T")


class KeyringBackendLike(Protocol):
    """The three calls we use of a `keyring` backend."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


class KeyringState(StrEnum):
    ABSENT = "geen sleutelbos"
    LOCKED = "vergrendeld"
    UNSAFE = "niet veilig"
    REFUSED = "geweigerd"
    NOT_RESPONDING = "reageert niet"


_MESSAGES = {
    KeyringState.ABSENT: (
        "Deze computer heeft geen sleutelbos (wachtwoordkluis) die het programma kan "
        "gebruiken, dus onthouden op deze computer kan hier niet. Typ uw wachtwoordzin."
    ),
    KeyringState.LOCKED: (
        "De sleutelbos van deze computer is vergrendeld. Ontgrendel hem (bijvoorbeeld door "
        "opnieuw in te loggen) of typ uw wachtwoordzin."
    ),
    KeyringState.UNSAFE: (
        "De sleutelbos van deze computer slaat niets veilig op, dus het programma onthoudt "
        "hier niets. Typ uw wachtwoordzin."
    ),
    KeyringState.REFUSED: (
        "De sleutelbos van deze computer weigerde het geheim te bewaren of terug te geven. "
        "Typ uw wachtwoordzin."
    ),
    KeyringState.NOT_RESPONDING: (
        "De sleutelbos van deze computer reageert niet. Typ uw wachtwoordzin, of start de "
        "computer opnieuw op als dit blijft gebeuren."
    ),
}


class KeyringUnavailable(RegisterError):
    """The keyring cannot be used now; `state` says why, `str()` says it in Dutch."""

    def __init__(self, state: KeyringState) -> None:
        super().__init__(_MESSAGES[state])
        self.state = state


# --- the public calls -----------------------------------------------------------------


def remember(register: Register, backend: KeyringBackendLike | None = None) -> None:
    """Remember `register.user` on this computer; on any failure nothing is left behind."""
    keyring = _resolve(backend)
    # Ask first, so a locked or absent keyring costs no slot and no log entries.
    _guarded(lambda: _refuse_if_locked(keyring))
    secret = secrets.token_bytes(SECRET_BYTES)
    encoded = base64.b64encode(secret).decode("ascii")
    slot = register.add_device_slot(secret)
    username = _username(register.register_id, slot.id)
    try:
        _guarded(lambda: _store_and_read_back(keyring, username, encoded))
    except KeyringUnavailable as exc:
        if exc.state in (KeyringState.UNSAFE, KeyringState.REFUSED):
            # It answered but kept the wrong thing, or half of it: take back what we can.
            with suppress(KeyringUnavailable):
                _guarded(lambda: _delete(keyring, [username]))
        # The slot goes even if the secret lingers somewhere: without the slot it opens
        # nothing.
        with suppress(RegisterError):
            register.remove_device_slot(slot.id)
        raise
    # An earlier "remember" of the same user here is now superfluous.
    with suppress(RegisterError):
        _forget_slots(register, keyring, keep=slot.id, user=register.user)


def unlock_remembered(
    path: Path, backend: KeyringBackendLike | None = None, *, user: str | None = None
) -> Register | None:
    """Open the register with a secret remembered here, or None if nothing is remembered.

    With `user`, only that user's remembered slots count. The keyring is not asked at all
    when the register has no device slot, so a register never remembered anywhere costs
    nothing and never shows a keyring message.
    """
    path = Path(path)
    for slot_id, encoded in _remembered(path, backend, user):
        secret = _decode(encoded)
        if secret is None:
            continue
        try:
            return Register.unlock_device(path, slot_id, secret)
        except WrongPassphrase:
            # A stale secret (the slot was rewritten elsewhere): try the next one.
            continue
    return None


def usable(backend: KeyringBackendLike | None = None) -> bool:
    """Whether this computer has a keyring the program would use at all: False when there
    is none or only one it does not trust (nothing can be remembered or read back here).
    A locked keyring counts as usable: it may be opened. Talks to D-Bus: on the worker."""
    try:
        _resolve(backend)
    except KeyringUnavailable as exc:
        return exc.state not in (KeyringState.ABSENT, KeyringState.UNSAFE)
    return True


def is_remembered(
    path: Path, backend: KeyringBackendLike | None = None, *, user: str | None = None
) -> bool:
    """Whether this computer's keyring holds a secret for a device slot of the register."""
    return bool(_remembered(Path(path), backend, user))


def forget(register: Register, backend: KeyringBackendLike | None = None) -> int:
    """Forget the register on this computer: its slots remembered here and their secrets.

    Returns how many were forgotten. Slots remembered on other computers stay.
    """
    keyring = _resolve(backend)
    return _forget_slots(register, keyring, keep=None, user=None)


# --- steps ----------------------------------------------------------------------------


def _username(register_id: str, slot_id: str) -> str:
    return f"{register_id}/{slot_id}"


def _same_user(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _remembered(
    path: Path, backend: KeyringBackendLike | None, user: str | None
) -> list[tuple[str, str]]:
    """(slot id, stored secret) of the register's device slots this keyring remembers. The
    keyring is not asked at all when the register has no device slot (of that user)."""
    candidates = _device_slot_ids(path, user)
    if not candidates:
        return []
    register_id = KeySlots.load(slots_path_for(path)).register_id
    keyring = _resolve(backend)
    return _guarded(lambda: _lookup(keyring, register_id, candidates))


def _device_slot_ids(path: Path, user: str | None) -> list[str]:
    slots = peek(path).device_slots
    return [sid for sid, owner in slots.items() if user is None or _same_user(owner, user)]


def _decode(encoded: str) -> bytes | None:
    try:
        secret = base64.b64decode(encoded.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return None
    return secret if len(secret) == SECRET_BYTES else None


def _forget_slots(
    register: Register, keyring: KeyringBackendLike, keep: str | None, user: str | None
) -> int:
    slot_ids = [
        sid
        for sid, owner in register.info().device_slots.items()
        if sid != keep and (user is None or _same_user(owner, user))
    ]
    if not slot_ids:
        return 0
    register_id = register.register_id
    found = _guarded(lambda: _lookup(keyring, register_id, slot_ids))
    for slot_id, _ in found:
        register.remove_device_slot(slot_id)
    # The slots are gone, so a secret the keyring fails to delete opens nothing any more.
    usernames = [_username(register_id, slot_id) for slot_id, _ in found]
    with suppress(KeyringUnavailable):
        _guarded(lambda: _delete(keyring, usernames))
    return len(found)


def _store_and_read_back(keyring: KeyringBackendLike, username: str, encoded: str) -> None:
    _refuse_if_locked(keyring)
    keyring.set_password(SERVICE, username, encoded)
    if keyring.get_password(SERVICE, username) != encoded:
        raise KeyringUnavailable(KeyringState.UNSAFE)


def _lookup(
    keyring: KeyringBackendLike, register_id: str, slot_ids: Iterable[str]
) -> list[tuple[str, str]]:
    _refuse_if_locked(keyring)
    found: list[tuple[str, str]] = []
    for slot_id in slot_ids:
        encoded = keyring.get_password(SERVICE, _username(register_id, slot_id))
        if encoded is not None:
            found.append((slot_id, encoded))
    return found


def _delete(keyring: KeyringBackendLike, usernames: Iterable[str]) -> None:
    # keyring (with jaraco and more_itertools, 0.1 s) loads when a keyring is used, not
    # with the start screen.
    from keyring.errors import PasswordDeleteError

    _refuse_if_locked(keyring)
    for username in usernames:
        # Already gone is what we want.
        with suppress(PasswordDeleteError):
            keyring.delete_password(SERVICE, username)


# --- a team register's password (issue 17) ---------------------------------------------


def _password_username(address: str, user: str) -> str:
    return f"teamregister {user}@{address}"


def remember_password(
    address: str, user: str, password: str, backend: KeyringBackendLike | None = None
) -> None:
    """Keep the team register's password of `user` at `address` (no password in it) in the
    OS keyring, read back before it counts; KeyringUnavailable when it cannot be kept."""
    keyring = _resolve(backend)
    username = _password_username(address, user)
    _guarded(lambda: _store_and_read_back(keyring, username, password))


def remembered_password(
    address: str, user: str, backend: KeyringBackendLike | None = None
) -> str | None:
    """The password kept for `user` at `address`, or None when none is kept here."""
    keyring = _resolve(backend)
    username = _password_username(address, user)

    def read() -> str | None:
        _refuse_if_locked(keyring)
        return keyring.get_password(SERVICE, username)

    return _guarded(read)


def forget_password(address: str, user: str, backend: KeyringBackendLike | None = None) -> None:
    """No password kept for `user` at `address` any more (none kept: nothing to do)."""
    keyring = _resolve(backend)
    _guarded(lambda: _delete(keyring, [_password_username(address, user)]))


# --- choosing and guarding the backend ------------------------------------------------


def _qualified_name(obj: object) -> str:
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def _resolve(backend: KeyringBackendLike | None) -> KeyringBackendLike:
    """The keyring to use, or KeyringUnavailable if it is not one we trust."""
    if backend is None:
        # Detection itself talks to D-Bus on Linux, so it gets the deadline too.
        backend = _guarded(_default_backend)
    name = _qualified_name(backend)
    if name == _CHAINER_BACKEND:
        # Chaining writes to whichever backend takes it first; use one trusted backend.
        chained: list[KeyringBackendLike] = list(getattr(backend, "backends", []))
        for candidate in chained:
            if _qualified_name(candidate) in ALLOWED_BACKENDS:
                return candidate
        if all(_qualified_name(c) == _FAIL_BACKEND for c in chained):
            raise KeyringUnavailable(KeyringState.ABSENT)
        raise KeyringUnavailable(KeyringState.UNSAFE)
    if name in ALLOWED_BACKENDS:
        return backend
    if name == _FAIL_BACKEND:
        raise KeyringUnavailable(KeyringState.ABSENT)
    raise KeyringUnavailable(KeyringState.UNSAFE)


def _default_backend() -> KeyringBackendLike:
    import keyring

    return keyring.get_keyring()


def _refuse_if_locked(keyring: KeyringBackendLike) -> None:
    """For Secret Service: look whether the collection is locked, without unlocking it.

    Unlocking means a prompt, which may wait forever (see the module text). A collection
    that does not exist yet would be created, again with a prompt: treat it as absent.
    """
    if _qualified_name(keyring) not in _SECRET_SERVICE_BACKENDS:
        return
    try:
        import secretstorage
        from secretstorage.exceptions import ItemNotFoundException
    except ImportError:
        # libsecret without SecretStorage: only the deadline guards it.
        return
    preferred = getattr(keyring, "preferred_collection", None)
    path = preferred if isinstance(preferred, str) and preferred.startswith("/") else None
    with closing(secretstorage.dbus_init()) as connection:
        try:
            collection = secretstorage.Collection(connection, path or _DEFAULT_COLLECTION)
        except ItemNotFoundException:
            raise KeyringUnavailable(KeyringState.ABSENT) from None
        if collection.is_locked():
            raise KeyringUnavailable(KeyringState.LOCKED)


def _guarded(call: Callable[[], T]) -> T:
    """Run one keyring step under a deadline and turn every failure into KeyringUnavailable.

    A daemon thread, not an executor: a call that never returns must not keep the program
    from exiting (executor threads are joined at exit).
    """
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except Exception as exc:  # every keyring failure is mapped below
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="bemoeizorg-sleutelbos", daemon=True)
    worker.start()
    worker.join(CALL_TIMEOUT_SECONDS)
    if worker.is_alive() or not outcome:
        raise KeyringUnavailable(KeyringState.NOT_RESPONDING)
    ok, value = outcome[0]
    if ok:
        return cast(T, value)
    assert isinstance(value, Exception)
    raise KeyringUnavailable(_state_of(value)) from None


def _state_of(exc: Exception) -> KeyringState:
    from keyring.errors import InitError, KeyringLocked, NoKeyringError

    if isinstance(exc, KeyringUnavailable):
        return exc.state
    if isinstance(exc, KeyringLocked):
        return KeyringState.LOCKED
    if isinstance(exc, NoKeyringError | InitError):
        return KeyringState.ABSENT
    state = _secretstorage_state(exc)
    if state is not None:
        return state
    if isinstance(exc, OSError):
        # No bus socket, connection refused or reset: nothing to talk to.
        return KeyringState.ABSENT
    return KeyringState.REFUSED


def _secretstorage_state(exc: Exception) -> KeyringState | None:
    try:
        from secretstorage.exceptions import (
            LockedException,
            PromptDismissedException,
            SecretServiceNotAvailableException,
        )
    except ImportError:
        return None
    if isinstance(exc, LockedException | PromptDismissedException):
        return KeyringState.LOCKED
    if isinstance(exc, SecretServiceNotAvailableException):
        return KeyringState.ABSENT
    return None
