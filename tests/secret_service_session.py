"""Run one keyring scenario against a real gnome-keyring, inside `dbus-run-session`.

Started by tests/test_keyring_secret_service.py as
`dbus-run-session -- python tests/secret_service_session.py SCENARIO WORKDIR`.
It gives itself a throw-away HOME, starts gnome-keyring-daemon unlocked with a throw-away
password on the private session bus, drives keyring_store and prints one
`RESULT {json}` line per fact; the parent test asserts on those.

It refuses to run unless the parent says so and the session bus is a private one: with
`--replace` on someone's real desktop bus it would replace their real keyring daemon.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

KEYRING_PASSWORD = b"wegwerp-sleutelbos-wachtwoord"
PASSPHRASE = "Zeven zwanen zwemmen in de Maas"
USER = "Anna de Vries"


def result(**facts: Any) -> None:
    print("RESULT " + json.dumps(facts), flush=True)


def refuse_unless_private_bus() -> None:
    if os.environ.get("BEMOEIZORG_SECRET_SERVICE_TEST") != "1":
        sys.exit("Alleen voor de tests: start via tests/test_keyring_secret_service.py.")
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    outer = os.environ.get("BEMOEIZORG_OUTER_BUS", "")
    if not address or address == outer:
        sys.exit("Geen eigen D-Bus-sessie: start via dbus-run-session.")


def throw_away_home() -> None:
    home = Path(tempfile.mkdtemp(prefix="sleutelbos-thuis-"))
    runtime = Path(tempfile.mkdtemp(prefix="sleutelbos-run-"))
    os.environ["HOME"] = str(home)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
    os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
    # No display: a prompter must not pop up anywhere.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "PYTHON_KEYRING_BACKEND"):
        os.environ.pop(name, None)


def start_daemon(unlock: bool = True) -> int:
    """Start gnome-keyring-daemon the way a login does; returns its process id."""
    args = ["gnome-keyring-daemon", "--replace", "--components=secrets"]
    if unlock:
        args.insert(2, "--unlock")
    done = subprocess.run(
        args,
        input=KEYRING_PASSWORD if unlock else b"",
        capture_output=True,
        timeout=30,
        check=True,
    )
    # The equivalent of `eval $(gnome-keyring-daemon ...)`.
    for line in done.stdout.decode().splitlines():
        name, sep, value = line.partition("=")
        if sep and name.isidentifier():
            os.environ[name] = value
    return wait_for_daemon_pid()


def wait_for_daemon_pid() -> int:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    deadline = time.monotonic() + 20
    with closing(open_dbus_connection(bus="SESSION")) as connection:
        while True:
            reply = connection.send_and_get_reply(
                new_method_call(
                    bus, "GetConnectionUnixProcessID", "s", ("org.freedesktop.secrets",)
                ),
                timeout=5,
            )
            if reply.body and isinstance(reply.body[0], int):
                return int(reply.body[0])
            if time.monotonic() > deadline:
                raise RuntimeError("gnome-keyring-daemon kwam niet op de bus")
            time.sleep(0.1)


def stop_daemon(pid: int) -> None:
    for sig in (signal.SIGCONT, signal.SIGTERM):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def default_collection_is_locked() -> bool:
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        return bool(secretstorage.Collection(connection).is_locked())


def lock_default_collection() -> None:
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        secretstorage.Collection(connection).lock()


def stored_items(username: str) -> list[bytes]:
    """Look in the daemon directly, not through our code or keyring."""
    import secretstorage

    from bemoeizorg.store.keyring_store import SERVICE

    with closing(secretstorage.dbus_init()) as connection:
        collection = secretstorage.Collection(connection)
        items = collection.search_items({"service": SERVICE, "username": username})
        return [item.get_secret() for item in items]


def take_prompter_name() -> None:
    """Own the system prompter's bus name and never answer, like a dialog nobody clicks."""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    connection = open_dbus_connection(bus="SESSION")
    reply = connection.send_and_get_reply(
        message_bus.RequestName("org.gnome.keyring.SystemPrompter"), timeout=5
    )
    assert reply.body == (1,), reply.body  # primary owner

    def swallow() -> None:
        with closing(connection):
            while True:
                try:
                    connection.receive()
                except Exception:
                    return

    threading.Thread(target=swallow, daemon=True).start()


def finishes_within(seconds: float, call: Callable[[], object]) -> tuple[bool, str]:
    """Whether `call` returns or raises within `seconds`; and what it did."""
    outcome: list[str] = []

    def run() -> None:
        try:
            outcome.append(f"gaf {call()!r}")
        except Exception as exc:
            outcome.append(type(exc).__name__)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    return (not worker.is_alive(), outcome[0] if outcome else "")


def timed(call: Callable[[], object]) -> dict[str, Any]:
    """Run one of our calls; report what it raised (Dutch message, state) and how long."""
    from bemoeizorg.store.keyring_store import KeyringUnavailable

    start = time.monotonic()
    try:
        value = call()
        return {"raised": None, "value": repr(value), "seconds": time.monotonic() - start}
    except KeyringUnavailable as exc:
        return {
            "raised": "KeyringUnavailable",
            "state": exc.state.name,
            "message": str(exc),
            "seconds": time.monotonic() - start,
        }


def new_register(workdir: Path) -> tuple[Path, Any]:
    from bemoeizorg.domain.people import Role
    from bemoeizorg.store.register import Register

    path = workdir / "r.bzregister"
    register, _ = Register.create(path, "Team", USER, Role.TEAMLEIDER, PASSPHRASE)
    return path, register


# --- scenarios ------------------------------------------------------------------------


def roundtrip(workdir: Path) -> None:
    import keyring

    from bemoeizorg.store import keyring_store
    from bemoeizorg.store.register import Register, peek

    pid = start_daemon()
    backend = keyring.get_keyring()
    result(backend=f"{type(backend).__module__}.{type(backend).__qualname__}")

    path, register = new_register(workdir)
    try:
        keyring_store.remember(register)
        register_id = register.register_id
    finally:
        register.lock()
    slots = peek(path).device_slots
    result(device_slots=len(slots))
    (slot_id,) = slots
    secrets_found = stored_items(f"{register_id}/{slot_id}")
    result(
        items_in_daemon=len(secrets_found),
        secret_bytes=len(base64.b64decode(secrets_found[0])) if secrets_found else 0,
    )

    result(is_remembered=keyring_store.is_remembered(path))
    opened = keyring_store.unlock_remembered(path)
    result(opened_as=opened.user if opened else None)
    if opened:
        opened.lock()

    # A new login: the daemon restarts and unlocks the same keyring from disk.
    stop_daemon(pid)
    pid = start_daemon()
    opened = keyring_store.unlock_remembered(path)
    result(opened_after_restart_as=opened.user if opened else None)
    if opened:
        opened.lock()

    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        result(forgotten=keyring_store.forget(register))
    finally:
        register.lock()
    result(
        device_slots_after_forget=len(peek(path).device_slots),
        items_after_forget=len(stored_items(f"{register_id}/{slot_id}")),
        unlock_after_forget=repr(keyring_store.unlock_remembered(path)),
    )
    stop_daemon(pid)


def locked(workdir: Path) -> None:
    import keyring

    from bemoeizorg.store import keyring_store
    from bemoeizorg.store.register import Register, peek

    pid = start_daemon()
    path, register = new_register(workdir)
    try:
        keyring_store.remember(register)
        register_id = register.register_id
    finally:
        register.lock()
    (slot_id,) = peek(path).device_slots
    username = f"{register_id}/{slot_id}"

    lock_default_collection()
    result(collection_locked=default_collection_is_locked())

    # Without a display the prompter fails and keyring itself gives up at once.
    plain = keyring.get_keyring()
    result(plain_no_prompter=finishes_within(5, lambda: plain.get_password("x", username)))
    result(unlock_no_prompter=timed(lambda: keyring_store.unlock_remembered(path)))

    # With a prompter that never answers, keyring itself waits for ever; we must not.
    take_prompter_name()
    result(plain_silent_prompter=finishes_within(3, lambda: plain.get_password("x", username)))
    result(unlock_silent_prompter=timed(lambda: keyring_store.unlock_remembered(path)))
    result(is_remembered_locked=timed(lambda: keyring_store.is_remembered(path)))

    register = Register.unlock(path, USER, PASSPHRASE)
    try:
        result(remember_locked=timed(lambda: keyring_store.remember(register)))
        result(forget_locked=timed(lambda: keyring_store.forget(register)))
    finally:
        register.lock()
    result(device_slots_after=len(peek(path).device_slots))
    stop_daemon(pid)


def no_keyring_yet(workdir: Path) -> None:
    """A daemon without any keyring: making one would need a prompt, so it counts as none."""
    import keyring

    from bemoeizorg.store import keyring_store
    from bemoeizorg.store.register import peek

    pid = start_daemon(unlock=False)
    take_prompter_name()
    # keyring itself would ask for a new keyring through the prompter and wait for ever.
    plain = keyring.get_keyring()
    result(plain_create=finishes_within(3, lambda: plain.set_password("x", "y", "z")))
    path, register = new_register(workdir)
    try:
        result(remember_no_keyring=timed(lambda: keyring_store.remember(register)))
    finally:
        register.lock()
    result(device_slots_after=len(peek(path).device_slots))
    stop_daemon(pid)


def hung(workdir: Path) -> None:
    from bemoeizorg.store import keyring_store
    from bemoeizorg.store.register import Register, peek

    pid = start_daemon()
    path, register = new_register(workdir)
    try:
        keyring_store.remember(register)
    finally:
        register.lock()

    keyring_store.CALL_TIMEOUT_SECONDS = 2.0
    os.kill(pid, signal.SIGSTOP)  # a daemon that no longer answers
    try:
        result(unlock_hung=timed(lambda: keyring_store.unlock_remembered(path)))
        register = Register.unlock(path, USER, PASSPHRASE)
        try:
            result(remember_hung=timed(lambda: keyring_store.remember(register)))
        finally:
            register.lock()
        result(device_slots_after=len(peek(path).device_slots))
    finally:
        stop_daemon(pid)


SCENARIOS: dict[str, Callable[[Path], None]] = {
    "roundtrip": roundtrip,
    "locked": locked,
    "no-keyring-yet": no_keyring_yet,
    "hung": hung,
}


def main() -> None:
    refuse_unless_private_bus()
    scenario, workdir = sys.argv[1], Path(sys.argv[2])
    throw_away_home()
    SCENARIOS[scenario](workdir)
    result(done=scenario)
    sys.stdout.flush()
    # Threads left waiting on a silent prompter or a stopped daemon must not hold us up.
    os._exit(0)


if __name__ == "__main__":
    main()
