"""One program at a time on a register: an OS file lock beside it, and on POSIX a second
one on the register file itself.

The OS drops both locks when the holding process dies, so a crash never leaves a register
that cannot be opened; the lock file itself may stay behind and is simply reused.

Two things a stranger with write access to the folder could try, and why they fail:
- A symlink (or a hard link, a fifo) planted at `NAME.bzregister.lock`, so that taking the
  lock writes into another file: the lock file is opened with O_NOFOLLOW and without
  O_TRUNC, and is used only when it is a plain file with one name; anything else is
  refused in Dutch before a byte is written.
- Deleting the lock file while a register is open, so that a second program creates a new
  one and locks that: the register file is locked too (flock, POSIX), and an inode cannot
  be deleted from under a lock. SQLite's own locks are POSIX record locks (fcntl), which on
  Linux and macOS do not interact with flock, so SQLite works as before beside it (tested:
  tests/test_process_lock.py writes through a register whose file is flocked). On
  Windows a file that is open cannot be deleted at all, and a mandatory byte lock on the
  database would stop SQLite itself, so there the lock file alone is used.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import stat
import sys
from pathlib import Path
from typing import IO

from bemoeizorg.store.errors import DiskError, RegisterInUse, UnsafeRegister, from_os_error

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a planted fifo must not hang the open
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_LOCK_REGISTER_FILE = sys.platform != "win32"

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

    def _try_flock(fd: int) -> bool:
        return True

else:
    import fcntl

    def _try_flock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _try_lock(handle: IO[bytes]) -> bool:
        return _try_flock(handle.fileno())

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def lock_path_for(register_path: Path) -> Path:
    return register_path.with_name(register_path.name + ".lock")


def unsafe_lock_file(name: str) -> UnsafeRegister:
    return UnsafeRegister(
        f"naast het register staat '{name}', maar dat is geen gewoon bestand (een "
        "koppeling naar een ander bestand?). Er is niets aan veranderd. Laat het "
        "weghalen en probeer het opnieuw"
    )


class ProcessLock:
    def __init__(self, register_path: Path) -> None:
        self.register_path = Path(register_path)
        self.path = lock_path_for(self.register_path)
        self._handle: IO[bytes] | None = None
        self._register_fd = -1
        self.recovered_stale = False

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        """Take the lock; RegisterInUse if another program holds it. Calling it again while
        held takes the register file's lock if the file did not exist before (a register
        being created)."""
        if self._handle is not None:
            if not self._lock_register_file():
                raise RegisterInUse("onbekend proces")
            return
        handle = self._open_lock_file()
        if not _try_lock(handle):
            holder = self._describe(handle)
            handle.close()
            raise RegisterInUse(holder)
        if not self._lock_register_file():
            # The lock file was deleted and made anew while another program has the
            # register open: its lock on the register file still says so.
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()
            raise RegisterInUse("onbekend proces")
        # A lock file with content but no living holder is what a crash leaves behind.
        try:
            self.recovered_stale = bool(handle.read(4096))
            info = json.dumps({"pid": os.getpid(), "host": socket.gethostname()})
            handle.seek(0)
            handle.write(info.encode("utf-8"))
            handle.truncate()  # our own plain file (checked), after the write
            handle.flush()
        except OSError as exc:
            # A full disk: give the locks back and say so in Dutch, leak no handle.
            self._release_register_file()
            with contextlib.suppress(OSError):
                handle.truncate(0)
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):
                handle.close()
            raise from_os_error(exc) from None
        self._handle = handle

    def _open_lock_file(self) -> IO[bytes]:
        """The lock file, opened only if it is a plain file of one name (never through a
        link, never truncated on opening); created owner-only when missing."""
        flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK) or self.path.is_symlink():
                raise unsafe_lock_file(self.path.name) from None
            if exc.errno == errno.ENXIO:  # a socket or a fifo without a reader
                raise unsafe_lock_file(self.path.name) from None
            raise DiskError() from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
                raise unsafe_lock_file(self.path.name)
            if _NONBLOCK:
                os.set_blocking(fd, True)
        except BaseException:
            os.close(fd)
            raise
        return os.fdopen(fd, "r+b")

    def _lock_register_file(self) -> bool:
        """Lock the register file itself (POSIX); True when held or not (yet) possible.

        Opened read-only: a lock needs no write access, and nothing is ever written
        through this handle, so even a register path that is a link harms nothing."""
        if not _LOCK_REGISTER_FILE or self._register_fd >= 0:
            return True
        try:
            fd = os.open(self.register_path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
        except OSError:
            return True  # no register file yet (being created), or unreadable: SQLite says
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                return True  # not a database: opening it fails with its own message
            if not _try_flock(fd):
                os.close(fd)
                return False
        except OSError:
            os.close(fd)
            return True  # a file system without locks: the lock file alone, as before
        self._register_fd = fd
        return True

    def _release_register_file(self) -> None:
        fd, self._register_fd = self._register_fd, -1
        if fd >= 0:
            os.close(fd)  # the flock goes with it

    @staticmethod
    def _describe(handle: IO[bytes]) -> str:
        try:
            info = json.loads(handle.read(4096).decode("utf-8") or "{}")
            return f"computer {info.get('host', '?')}, proces {info.get('pid', '?')}"
        except (ValueError, OSError, AttributeError):
            return "onbekend proces"

    def release(self) -> None:
        handle, self._handle = self._handle, None
        self._release_register_file()
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
        finally:
            handle.close()
