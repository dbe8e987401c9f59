"""Remember on this device against a real Secret Service (gnome-keyring on a private bus).

Each test runs tests/secret_service_session.py under `dbus-run-session` and asserts on the
`RESULT {json}` lines it prints. dbus-run-session and gnome-keyring-daemon are required:
a missing one fails the test (CI installs the Debian packages `dbus` and `gnome-keyring`),
because a skipped test here would hide that the keyring was never tried for real.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
HELPER = REPO / "tests" / "secret_service_session.py"
LOCKED_TEXT = "De sleutelbos van deze computer is vergrendeld"


def run_scenario(scenario: str, workdir: Path) -> dict[str, Any]:
    for tool, package in (("dbus-run-session", "dbus"), ("gnome-keyring-daemon", "gnome-keyring")):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} ontbreekt: installeer het pakket '{package}' (apt-get install)")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PYTEST_CURRENT_TEST")
    }
    env["BEMOEIZORG_SECRET_SERVICE_TEST"] = "1"
    # The helper checks it got a bus of its own, not this one.
    env["BEMOEIZORG_OUTER_BUS"] = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            ["dbus-run-session", "--", sys.executable, str(HELPER), scenario, str(workdir)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"scenario {scenario} hing: {exc.stdout!r} {exc.stderr!r}")
    results: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            results.update(json.loads(line.removeprefix("RESULT ")))
    assert done.returncode == 0 and results.get("done") == scenario, (
        f"rc={done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    )
    return results


def assert_refused_quickly(outcome: dict[str, Any], state: str, text: str, limit: float) -> None:
    assert outcome["raised"] == "KeyringUnavailable", outcome
    assert outcome["state"] == state, outcome
    assert text in outcome["message"]
    assert "typ uw wachtwoordzin" in outcome["message"].lower()  # the way back is named
    assert outcome["seconds"] < limit, outcome


def test_remember_reads_back_and_opens_without_passphrase(tmp_path: Path) -> None:
    r = run_scenario("roundtrip", tmp_path)
    assert r["backend"] == "keyring.backends.SecretService.Keyring"
    assert r["device_slots"] == 1
    # Seen in the daemon itself, not through our code: a real 32-byte secret.
    assert r["items_in_daemon"] == 1
    assert r["secret_bytes"] == 32
    assert r["is_remembered"] is True
    assert r["opened_as"] == "Anna de Vries"
    assert r["opened_after_restart_as"] == "Anna de Vries"
    assert r["forgotten"] == 1
    assert r["device_slots_after_forget"] == 0
    assert r["items_after_forget"] == 0
    assert r["unlock_after_forget"] == "None"


def test_locked_keyring_gives_dutch_message_at_once(tmp_path: Path) -> None:
    r = run_scenario("locked", tmp_path)
    assert r["collection_locked"] is True
    # The controls: plain keyring gives up without a display, but waits for ever on a
    # prompter that never answers. That is the hang our pre-check avoids.
    assert r["plain_no_prompter"] == [True, "KeyringLocked"]
    assert r["plain_silent_prompter"] == [False, ""]
    # Ours: refused in well under the 30 s deadline, i.e. by the check, not the deadline.
    for key in (
        "unlock_no_prompter",
        "unlock_silent_prompter",
        "is_remembered_locked",
        "remember_locked",
        "forget_locked",
    ):
        assert_refused_quickly(r[key], "LOCKED", LOCKED_TEXT, limit=5.0)
    # The failed remember left no second slot; the failed forget removed nothing.
    assert r["device_slots_after"] == 1


def test_daemon_without_keyring_counts_as_none(tmp_path: Path) -> None:
    r = run_scenario("no-keyring-yet", tmp_path)
    assert r["plain_create"] == [False, ""]
    assert_refused_quickly(
        r["remember_no_keyring"], "ABSENT", "Deze computer heeft geen sleutelbos", limit=5.0
    )
    assert r["device_slots_after"] == 0


def test_daemon_that_stops_answering_hits_the_deadline(tmp_path: Path) -> None:
    r = run_scenario("hung", tmp_path)
    for key in ("unlock_hung", "remember_hung"):
        outcome = r[key]
        assert_refused_quickly(outcome, "NOT_RESPONDING", "reageert niet", limit=10.0)
        assert outcome["seconds"] >= 1.9  # it waited for the (shortened) deadline
    assert r["device_slots_after"] == 1
