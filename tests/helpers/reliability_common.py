"""Shared pieces of the fault-injection tests (tests/test_reliability_*.py).

Children are real processes running the scripts beside this file; their stdout is read
line by line by a thread, so the parent knows what each child acknowledged before it was
killed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bemoeizorg.domain.people import Role
from bemoeizorg.store.errors import DiskError, DiskFull
from bemoeizorg.store.files import TEMP_PREFIX
from bemoeizorg.store.register import Register
from tests.builders import cheap_kdf as cheap_kdf  # the same helper for the tests beside it
from tests.builders import copy_register as copy_register

PASSPHRASE = "Zeven zwanen zwemmen in de Maas"
USER = "Anna de Vries"
HELPERS = Path(__file__).resolve().parent
ROOT = HELPERS.parent.parent

# The Dutch sentences a write that fails on the disk may end in.
DISK_MESSAGES = {DiskFull().message, DiskError().message}


def create_register(folder: Path, name: str = "Team", file: str = "team.bzregister") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    register, _code = Register.create(path, name, USER, Role.TEAMLEIDER, PASSPHRASE)
    register.lock()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def child_env(passphrase: str = PASSPHRASE) -> dict[str, str]:
    env = dict(os.environ)
    env["BEMOEIZORG_PASSPHRASE"] = passphrase
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTHONWARNINGS", None)
    return env


def helper_cmd(script: str, *args: str) -> list[str]:
    return [sys.executable, str(HELPERS / script), *args]


def run_cli(*args: str, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    """`python -m bemoeizorg ...` as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bemoeizorg", *args],
        cwd=ROOT,
        env=child_env(passphrase),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Child:
    """A helper script in its own process; stdout lines are collected as they come."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            list(cmd),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.stderr = ""
        self._new_line = threading.Condition()
        self._out = threading.Thread(target=self._read_out, daemon=True)
        self._err = threading.Thread(target=self._read_err, daemon=True)
        self._out.start()
        self._err.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()
        with self._new_line:
            self._new_line.notify_all()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        self.stderr = self.proc.stderr.read()

    def wait_for_line(self, wanted: str, timeout: float) -> bool:
        """Wait until a line equal to `wanted` came, or the child ended, or time ran out."""
        deadline = time.monotonic() + timeout
        with self._new_line:
            while wanted not in self.lines:
                left = deadline - time.monotonic()
                if left <= 0 or (not self._out.is_alive() and wanted not in self.lines):
                    return False
                self._new_line.wait(min(left, 0.1))
            return True

    def kill(self) -> None:
        """SIGKILL: no handler, no cleanup in the child."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.finish(timeout=30)

    def finish(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._out.join(timeout=10)
        self._err.join(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return code

    def acknowledged(self, prefix: str = "ok ") -> list[str]:
        return [line[len(prefix) :] for line in self.lines if line.startswith(prefix)]
