"""The one way this program writes a file: owner-only, temp file, fsync, atomic replace.

Exports and key slots can hold sensitive data, so the temp file is created 0600 before a
byte is written, and a crash leaves either the old file or the new one, never half of
one. Left-over temp files of a crash are swept at the next start.

Temp files and folders are named `.bz-tmp-…`. Those made for one register (a back-up
being written, a restore being staged, the copy a back-up checks) carry the register's
id, `.bz-tmp-<id>-…`, and a register sweeps only its own: opening register B never
removes what register A is writing in the same folder. Whoever writes a temp file also
holds an OS lock on it while it is in use (POSIX), and a sweep passes by a locked one, so
not even a second program on the same register removes a write in flight.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".bz-tmp-"
_HEX_ID = re.compile(r"[0-9a-f]{8,64}")
_RENAME_WHILE_OPEN = os.name == "posix"  # Windows renames no file that is open

if os.name == "posix":
    import fcntl

    def _hold(fd: int) -> None:
        """Mark a temp file or folder as in use for as long as `fd` is open."""
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _in_use(entry: Path, own: bool) -> bool:
        """Whether a living writer holds `entry`. Unknown (no OS locks on this file
        system): only a register's own temp files count as free, anyone else's as held."""
        try:
            fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return not own
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        except OSError:
            return not own
        finally:
            os.close(fd)  # the lock goes with it; the entry is removed right after

else:  # pragma: no cover - Windows refuses to delete a file that is open

    def _hold(fd: int) -> None:
        return None

    def _in_use(entry: Path, own: bool) -> bool:
        return False


def owner_tag(register_id: str) -> str:
    """A register id as it goes into a temp name: hex only. An id read from a file in the
    folder is not trusted to be a harmless name, so anything else is hashed."""
    if _HEX_ID.fullmatch(register_id):
        return register_id
    return hashlib.sha256(register_id.encode("utf-8", "replace")).hexdigest()[:32]


def temp_prefix(owner: str | None = None) -> str:
    """`.bz-tmp-` for a file of no register, `.bz-tmp-<id>-` for one of this register."""
    return TEMP_PREFIX if owner is None else f"{TEMP_PREFIX}{owner_tag(owner)}-"


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path, owner: str | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces target atomically. `owner`: the id
    of the register the file belongs to (its temp name carries it)."""
    target = Path(target)
    folder = target.parent
    # mkstemp creates the file with mode 0600 before anything is written into it.
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(owner), dir=folder)
    _hold(fd)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            if _RENAME_WHILE_OPEN:
                os.replace(tmp, target)  # while the file is still held: no sweep takes it
        if not _RENAME_WHILE_OPEN:
            os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_bytes_atomic(target: Path, data: bytes, owner: str | None = None) -> None:
    with atomic_writer(target, owner) as handle:
        handle.write(data)


def copy_file_atomic(source: Path, target: Path, owner: str | None = None) -> None:
    with atomic_writer(target, owner) as handle, open(source, "rb") as src:
        shutil.copyfileobj(src, handle, 1024 * 1024)


def create_private(path: Path) -> BinaryIO:
    """A new file opened for writing, owner-only (0600) from the start."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    return os.fdopen(fd, "wb")


@contextlib.contextmanager
def private_dir(base: Path, owner: str) -> Iterator[Path]:
    """A 0700 temp folder of register `owner` in `base`, held while in use and removed
    afterwards; one a killed program left there is swept first."""
    base = Path(base)
    sweep_temp_files(base, owner)
    folder = Path(tempfile.mkdtemp(prefix=temp_prefix(owner), dir=base))
    fd = os.open(folder, os.O_RDONLY) if os.name == "posix" else -1
    try:
        if fd >= 0:
            _hold(fd)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd >= 0:
            os.close(fd)


def _is_unowned(name: str) -> bool:
    # mkstemp's random part has no '-'; an owned name is `<prefix><id>-<random>`.
    return "-" not in name[len(TEMP_PREFIX) :]


def sweep_temp_files(folder: Path, owner: str | None = None) -> int:
    """Remove what crashed writes left behind; returns how many entries.

    With `owner` (a register id): that register's own temp files and folders, and temp
    files of no register. Without: every temp entry (the program's start, in its own
    folders). Never one a living writer still holds.
    """
    own_prefix = temp_prefix(owner) if owner is not None else None
    removed = 0
    with contextlib.suppress(FileNotFoundError, PermissionError, NotADirectoryError):
        for entry in Path(folder).iterdir():
            name = entry.name
            if not name.startswith(TEMP_PREFIX):
                continue
            own = own_prefix is None or name.startswith(own_prefix)
            if not (own or _is_unowned(name)):
                continue  # another register's: never ours to remove
            if _in_use(entry, own):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed += 1
    return removed
