"""Putting another register (a back-up's) at a register's path, so that a kill at any
moment leaves the old register or the new one there, never neither.

1. staged: in a private temp folder beside the target (`.bz-tmp-<id>-…`), the new
   database and key slots written whole and fsynced, and a second name for the old pair
   (a hard link, or a copy where the file system has none);
2. committed: one rename of that folder to `NAME.terugzetten`; from here on the restore
   is finished by whoever comes next;
3. the key slots, then the database, renamed into place; the old pair renamed out of the
   folder to `NAME.vervangen-<moment>` (a name chosen in step 1), the folder removed.

A kill before the commit leaves the old register untouched and a staged folder that the
register's next opening sweeps. Between the renames of step 3 the path holds the new key
slots beside the old database: nothing opens it like that, since every unlock starts with
`finish_interrupted` (through `register.peek`), which completes step 3 under the
register's process lock before the slots are read.

`NAME.terugzetten` is a file beside the register, so a stranger could plant one: it can
put files at the path (as the stranger could directly) but never drop a register: when
the old pair in the folder is not the register at the path, that register is put there
first, so it ends up kept aside like any replaced register.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from bemoeizorg.store.errors import InvalidInput, RegisterInUse, from_os_error
from bemoeizorg.store.files import copy_file_atomic, create_private, fsync_dir, private_dir
from bemoeizorg.store.keyslots import slots_path_for
from bemoeizorg.store.process_lock import ProcessLock

PENDING_SUFFIX = ".terugzetten"
ASIDE_INFIX = ".vervangen-"
DB_FILE = "register"
SLOTS_FILE = "sleutels"
OLD_DB_FILE = "oud-register"
OLD_SLOTS_FILE = "oud-sleutels"
ASIDE_FILE = "opzij"  # the name the old pair goes to in step 3
_ASIDE_NAME = re.compile(r"[^/\\\x00]{1,200}\.vervangen-\d{8}-\d{6}(_\d{1,4})?")

Writer = Callable[[BinaryIO], object]


def pending_path(target: Path) -> Path:
    return target.with_name(target.name + PENDING_SUFFIX)


def _reached(step: str) -> None:
    """Called after each step ('staged', 'committed', 'slots', 'register', 'kept',
    'done'); a test replaces it to stop a child process right there."""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def _free(aside: Path) -> bool:
    return not os.path.lexists(aside) and not os.path.lexists(slots_path_for(aside))


def _aside_name(target: Path) -> Path:
    base = f"{target.name}{ASIDE_INFIX}{_stamp(datetime.now(UTC))}"
    aside, n = target.with_name(base), 1
    while not _free(aside):
        n += 1
        aside = target.with_name(f"{base}_{n}")
    return aside


def _link_or_copy(source: Path, second: Path) -> None:
    """A second name for `source`: a hard link, or a whole copy where links are refused."""
    try:
        os.link(source, second, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # FAT, exFAT, some shares: no hard links
        copy_file_atomic(source, second)


def _same(live: Path, kept: Path) -> bool:
    with contextlib.suppress(OSError):
        if os.path.samefile(live, kept):
            return True
        return kept.is_file() and filecmp.cmp(live, kept, shallow=False)
    return False


def _write(path: Path, write: Writer) -> None:
    with create_private(path) as out:
        write(out)
        out.flush()
        os.fsync(out.fileno())


def _is_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def swap_in(target: Path, owner: str, write_db: Writer, write_slots: Writer) -> Path | None:
    """Put the database and key slots that `write_db`/`write_slots` write at `target`;
    an existing register there is kept aside. Returns where it went, or None.

    The caller holds `target`'s process lock. `owner`: the register id the staged temp
    folder is named for (the one whose next opening sweeps it after an early kill)."""
    target = Path(target)
    folder = target.parent
    _finish(target)  # a restore killed earlier is completed before another starts
    with private_dir(folder, owner) as stage:
        _write(stage / SLOTS_FILE, write_slots)
        _write(stage / DB_FILE, write_db)
        for live, old in ((target, OLD_DB_FILE), (slots_path_for(target), OLD_SLOTS_FILE)):
            if live.exists():
                _link_or_copy(live, stage / old)
        aside = _aside_name(target)
        _write(stage / ASIDE_FILE, lambda out: out.write(aside.name.encode("utf-8")))
        fsync_dir(stage)
        _reached("staged")
        if os.path.lexists(pending_path(target)):  # not a folder _finish took: not ours
            raise InvalidInput(
                f"Naast het register staat een onbekend bestand "
                f"'{pending_path(target).name}'. Verplaats of verwijder het en probeer het "
                "opnieuw; er is niets veranderd."
            )
        os.rename(stage, pending_path(target))  # the commit
        fsync_dir(folder)
    _reached("committed")
    return _finish(target)


def _finish(target: Path) -> Path | None:
    """Complete a committed restore at `target` (the caller holds its process lock);
    where the replaced register was kept, if anywhere. Each step can be repeated after a
    kill."""
    pending = pending_path(target)
    if not pending.is_dir() or pending.is_symlink():
        return None
    folder = target.parent
    slots = slots_path_for(target)
    pairs = ((target, DB_FILE, OLD_DB_FILE), (slots, SLOTS_FILE, OLD_SLOTS_FILE))
    for live, new, old in pairs:
        # What is at the path and about to be replaced must be the old copy in the folder:
        # otherwise (a folder not of our making) make it so, and it is kept aside below.
        if _is_file(pending / new) and live.exists() and not _same(live, pending / old):
            with contextlib.suppress(FileNotFoundError):
                (pending / old).unlink()
            _link_or_copy(live, pending / old)
    fsync_dir(pending)
    for live, new, step in ((slots, SLOTS_FILE, "slots"), (target, DB_FILE, "register")):
        if _is_file(pending / new):
            os.replace(pending / new, live)
            fsync_dir(folder)
        _reached(step)
    aside: Path | None = None
    if any(_is_file(pending / old) for _live, _new, old in pairs):
        aside = _recorded_aside(pending, target)
        for live, _new, old in pairs:
            if _is_file(pending / old):
                os.replace(pending / old, live.with_name(_aside_of(live, target, aside)))
        fsync_dir(folder)
    _reached("kept")
    shutil.rmtree(pending, ignore_errors=True)
    fsync_dir(folder)
    _reached("done")
    return aside


def _aside_of(live: Path, target: Path, aside: Path) -> str:
    return aside.name if live == target else slots_path_for(aside).name


def _recorded_aside(pending: Path, target: Path) -> Path:
    """The name chosen in step 1 (so a resumed step 3 keeps the pair together), if it is
    one of ours and still free; else a new one."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        name = (pending / ASIDE_FILE).read_bytes().decode("utf-8")
        if _ASIDE_NAME.fullmatch(name) and name.startswith(target.name + ASIDE_INFIX):
            aside = target.with_name(name)
            if not os.path.lexists(aside) or not (pending / OLD_DB_FILE).exists():
                return aside
    return _aside_name(target)


def finish_interrupted(target: Path) -> None:
    """Before a register is read: complete a restore to it that a kill interrupted.

    Under the register's process lock. Held elsewhere (a restore still under way, or the
    register open): nothing is done now, and opening it says "al geopend" as always."""
    target = Path(target)
    if not pending_path(target).is_dir():
        return
    lock = ProcessLock(target)
    try:
        lock.acquire()
    except RegisterInUse:
        return
    try:
        _finish(target)
    except OSError as exc:
        raise from_os_error(exc) from None
    finally:
        lock.release()
