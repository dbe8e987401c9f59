"""One program at a time on a register: an OS file lock beside it.

The OS drops the lock when the holding process dies, so a crash never leaves a register
that cannot be opened; the lock file itself may stay behind and is simply reused.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO

from bemoeizorg.store.errors import DiskError, RegisterInUse, from_os_error

if sys.platform == "win32":  # pragma: no cover - exercised on Windows laptops only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path_for(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".lock")


class ProcessLock:
    def __init__(self, register_path: Path) -> None:
        self.path = lock_path_for(register_path)
        self._handle: IO[bytes] | None = None
        self.recovered_stale = False

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        if self._handle is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            raise DiskError() from None
        handle = os.fdopen(fd, "r+b")
        if not _try_lock(handle):
            holder = self._describe(handle)
            handle.close()
            raise RegisterInUse(holder)
        # A lock file with content but no living holder is what a crash leaves behind.
        self.recovered_stale = bool(handle.read())
        handle.seek(0)
        handle.truncate()
        info = {"pid": os.getpid(), "host": socket.gethostname()}
        try:
            handle.write(json.dumps(info).encode("utf-8"))
            handle.flush()
        except OSError as exc:
            # A full disk: give the lock back and say so in Dutch, leak no handle.
            with contextlib.suppress(OSError):
                handle.truncate(0)
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()
            raise from_os_error(exc) from None
        self._handle = handle

    @staticmethod
    def _describe(handle: IO[bytes]) -> str:
        try:
            info = json.loads(handle.read().decode("utf-8") or "{}")
            return f"computer {info.get('host', '?')}, proces {info.get('pid', '?')}"
        except (ValueError, OSError):
            return "onbekend proces"

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
        finally:
            handle.close()
