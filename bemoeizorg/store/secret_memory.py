"""Keeping the register's keys in memory only, and only while it is unlocked.

- `harden_process()` switches core dumps off for this process (RLIMIT_CORE 0 and, on Linux,
  not dumpable, which also keeps other programs of the same user from reading its memory
  through /proc or a debugger). The program calls it at start; the store calls it again
  before a key reaches SQLCipher, so a program that uses the store as a library gets it too.
- Keys live in bytearrays, never in `bytes` or `str`, so they can be overwritten: `zero()`
  does that when the register locks. `raw_key_spec()` gives SQLCipher its key in the same
  form (`x'<hex>'`), built in a bytearray instead of a `PRAGMA key` string.
- `scrub()` overwrites the few immutable `bytes` a library hands back (a fresh random key)
  after they are copied into a bytearray, so no copy stays behind in freed memory.

None of this raises: where the platform has no such switch it does nothing.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

_HEX_DIGITS = b"0123456789abcdef"
_PR_SET_DUMPABLE = 4  # <linux/prctl.h>
_PR_GET_DUMPABLE = 3

_hardened = False
_harden_lock = threading.Lock()


def harden_process() -> None:
    """Core dumps off for this process and its children; idempotent and never raises."""
    global _hardened
    with _harden_lock:
        if _hardened:
            return
        _hardened = True
        _no_core_files()
        if sys.platform.startswith("linux"):
            _not_dumpable()


def _no_core_files() -> None:
    try:
        import resource
    except ImportError:  # Windows: no core files of this kind
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):
        return


def _libc() -> ctypes.CDLL | None:
    try:
        # dlopen(NULL): the symbols already loaded, the C library's among them.
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _not_dumpable() -> None:
    """PR_SET_DUMPABLE 0: no core file even if a core pattern pipes to a helper (which
    ignores RLIMIT_CORE), and no ptrace or /proc/PID/mem by other processes of this user."""
    libc = _libc()
    if libc is None:
        return
    try:
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (AttributeError, OSError):
        return


def is_dumpable() -> bool | None:
    """Linux: whether this process may still write a core file; None where unknown."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    if libc is None:
        return None
    try:
        return bool(libc.prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (AttributeError, OSError):
        return None


def zero(buffer: bytearray | None) -> None:
    """Overwrite a secret in place (its length stays, so no copy is made)."""
    if buffer is None:
        return
    buffer[:] = bytes(len(buffer))


def raw_key_spec(key: bytearray) -> bytearray:
    """SQLCipher's raw-key form `x'<64 hex digits>'` of a 32-byte key, in a bytearray that
    the caller zeroes after handing it over (sqlite3_key copies it)."""
    spec = bytearray(2 * len(key) + 3)
    spec[0] = ord("x")
    spec[1] = spec[-1] = ord("'")
    for i, byte in enumerate(key):
        spec[2 + 2 * i] = _HEX_DIGITS[byte >> 4]
        spec[3 + 2 * i] = _HEX_DIGITS[byte & 0x0F]
    return spec


def scrub(data: bytes) -> None:
    """Overwrite an immutable `bytes` object that only the caller holds, just before it is
    dropped: CPython frees its memory without clearing it. Only for a secret that a
    library returns as bytes and that was never hashed or shared; elsewhere a no-op."""
    if sys.implementation.name != "cpython" or len(data) < 2:
        return  # b"" and one-byte objects are shared singletons
    address = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value
    if address is not None:
        ctypes.memset(address, 0, len(data))


def random_key(size: int) -> bytearray:
    """A fresh random key in a bytearray, without an immutable copy left behind."""
    raw = os.urandom(size)
    try:
        return bytearray(raw)
    finally:
        scrub(raw)
