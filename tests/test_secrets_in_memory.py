"""Secrets in memory and on disk (issue 12, finding 6).

- Core dumps are off in a process that starts the way the program does (`python -m
  bemoeizorg`, both the command line and the windows) and in one that only uses the store
  as a library: RLIMIT_CORE is 0 and, on Linux, the process is not dumpable.
- After lock no copy of the data key (raw, hex in lower or upper case), of the access
  log's HMAC key or of the back-up description's key is left anywhere in the process's
  memory. A child process creates, unlocks
  and uses a real register, locks it, and reads every readable mapping of its own memory
  through /proc/self/mem. While the register is unlocked the same scan must find the key
  (the register's own bytearray) and copies planted in each form, so the scan is shown to
  work.

The secrets the scan looks for are kept in the child only as two random halves (x XOR m,
m) and put together just for a scan, in bytearrays whose addresses the scan skips and that
are zeroed right after, so the scan does not find its own needles.
"""

from __future__ import annotations

import ctypes
import hmac
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_CHUNK = 1 << 20
_LOWER = b"0123456789abcdef"
_UPPER = b"0123456789ABCDEF"
# Mappings the kernel gives every process that hold no process data (and that
# /proc/self/mem may refuse to read).
_SPECIAL = ("[vvar]", "[vvar_vclock]", "[vsyscall]")


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


# --- core dumps ----------------------------------------------------------------------------

# Reports this process's core-dump state as one JSON line at exit (after the program's main
# has run and raised SystemExit).
_REPORT = """
import atexit, ctypes, json, resource, sys

def core_state():
    dumpable = None
    if sys.platform.startswith("linux"):
        dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    return {"core": list(resource.getrlimit(resource.RLIMIT_CORE)), "dumpable": dumpable}

BEFORE = core_state()
atexit.register(lambda: print(json.dumps({"before": BEFORE, "after": core_state()})))
"""


def _core_state(result: subprocess.CompletedProcess[str]) -> dict[str, dict[str, object]]:
    assert result.returncode == 0, result.stderr
    state: dict[str, dict[str, object]] = json.loads(result.stdout.strip().splitlines()[-1])
    return state


def _assert_no_core_dumps(state: dict[str, dict[str, object]]) -> None:
    assert state["after"]["core"] == [0, 0]
    if sys.platform.startswith("linux"):
        # The control: a fresh interpreter is dumpable, so the program changed it.
        assert state["before"]["dumpable"] == 1
        assert state["after"]["dumpable"] == 0


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_CORE on Windows")
def test_the_command_line_starts_without_core_dumps() -> None:
    """`python -m bemoeizorg --help`, run the way Python runs it."""
    result = _run(
        _REPORT
        + """
import runpy
sys.argv = ["bemoeizorg", "--help"]
runpy.run_module("bemoeizorg", run_name="__main__", alter_sys=True)
"""
    )
    _assert_no_core_dumps(_core_state(result))


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_CORE on Windows")
def test_the_windows_start_without_core_dumps() -> None:
    """`python -m bemoeizorg` with no command starts the windows; the windows themselves are
    replaced by a stand-in that returns at once, so only the start is tested."""
    result = _run(
        _REPORT
        + """
import runpy
import bemoeizorg.ui.app
bemoeizorg.ui.app.run_gui = lambda: 0
sys.argv = ["bemoeizorg"]
runpy.run_module("bemoeizorg", run_name="__main__", alter_sys=True)
"""
    )
    _assert_no_core_dumps(_core_state(result))


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_CORE on Windows")
def test_a_program_using_the_store_gets_no_core_dumps(tmp_path: Path) -> None:
    """A program that imports the store, not the entry point: opening a register is enough."""
    result = _run(
        _REPORT
        + """
from pathlib import Path
from bemoeizorg.domain.people import Role
from bemoeizorg.store.register import Register
register, _code = Register.create(
    Path(sys.argv[1]) / "team.bzregister", "Team", "Anna", Role.TEAMLEIDER,
    "Zeven zwanen zwemmen in de Maas",
)
register.lock()
""",
        str(tmp_path),
    )
    _assert_no_core_dumps(_core_state(result))


# --- the memory scan ----------------------------------------------------------------------


def _address(buffer: bytearray) -> int:
    return ctypes.addressof((ctypes.c_char * len(buffer)).from_buffer(buffer))


class Hidden:
    """A secret held as two random-looking halves, so it is nowhere in memory as itself."""

    def __init__(self, secret: bytes | bytearray) -> None:
        self._mask = bytearray(os.urandom(len(secret)))
        self._masked = bytearray(len(secret))
        for i, byte in enumerate(secret):
            self._masked[i] = byte ^ self._mask[i]

    def render(self, form: str) -> bytearray:
        """The secret raw, or as hex text in lower or upper case (a fresh bytearray)."""
        size = len(self._mask)
        if form == "raw":
            out = bytearray(size)
            for i in range(size):
                out[i] = self._mask[i] ^ self._masked[i]
            return out
        digits = _LOWER if form == "hex" else _UPPER
        out = bytearray(2 * size)
        for i in range(size):
            byte = self._mask[i] ^ self._masked[i]
            out[2 * i] = digits[byte >> 4]
            out[2 * i + 1] = digits[byte & 0x0F]
        return out


FORMS = ("raw", "hex", "HEX")
# Each form is looked for in two halves (16 raw bytes or 32 hex digits: no chance match),
# so a copy is found even when its start was overwritten: freeing a block writes the
# allocator's list pointers over its first 8 (pymalloc) or 16 (glibc) bytes.
HALVES = ("1st half", "2nd half")


@contextmanager
def rendered(secrets: dict[str, Hidden]) -> Iterator[dict[str, bytearray]]:
    """Both halves of each secret in each form, zeroed on the way out (freed memory is not
    cleared)."""
    made: dict[str, bytearray] = {}
    for name, hidden in secrets.items():
        for form in FORMS:
            whole = hidden.render(form)
            middle = len(whole) // 2
            made[f"{name} {form} {HALVES[0]}"] = whole[:middle]
            made[f"{name} {form} {HALVES[1]}"] = whole[middle:]
            whole[:] = bytes(len(whole))
    try:
        yield made
    finally:
        for buffer in made.values():
            buffer[:] = bytes(len(buffer))


def scan_own_memory(needles: dict[str, bytearray]) -> dict[str, list[str]]:
    """Where each needle occurs in this process's readable memory: the mapping's line from
    /proc/self/maps and the offset in it. The scan's own read buffer and the needles
    themselves are skipped."""
    buffer = bytearray(_CHUNK)
    own = [(_address(b), _address(b) + len(b)) for b in (buffer, *needles.values())]
    overlap = max(len(n) for n in needles.values()) - 1
    found: dict[str, list[str]] = {name: [] for name in needles}
    view = memoryview(buffer)
    with open("/proc/self/mem", "rb", buffering=0) as mem:
        for line in Path("/proc/self/maps").read_text().splitlines():
            fields = line.split(None, 5)
            low, high = (int(part, 16) for part in fields[0].split("-"))
            if "r" not in fields[1] or (len(fields) == 6 and fields[5].strip() in _SPECIAL):
                continue
            start = low
            while start < high:
                try:
                    mem.seek(start)
                    got = mem.readinto(view[: min(_CHUNK, high - start)]) or 0
                except OSError:
                    break  # a mapping the kernel will not let us read (e.g. guard pages)
                for name, needle in needles.items():
                    at = buffer.find(needle, 0, got)
                    while at >= 0:
                        where = start + at
                        if not any(lo <= where < hi for lo, hi in own):
                            found[name].append(f"{line.strip()} +{where - low:#x}")
                        at = buffer.find(needle, at + 1, got)
                if got < min(_CHUNK, high - start):
                    break
                start += got if start + got >= high else got - overlap
    view.release()
    return found


def _child(folder: Path) -> None:
    """Run in a fresh interpreter: create, unlock, work, scan, lock, scan; print JSON."""
    from bemoeizorg.casework.cases import add_note, read_case
    from bemoeizorg.domain.people import Role
    from bemoeizorg.store import access_log, backup
    from bemoeizorg.store.register import Register
    from bemoeizorg.store.secret_memory import raw_key_spec, scrub
    from tests.builders import days_ago, new_case

    path = folder / "team.bzregister"
    passphrase = "Zeven zwanen zwemmen in de Maas"
    register, _code = Register.create(path, "Team", "Anna", Role.TEAMLEIDER, passphrase)
    register.lock()
    register = Register.unlock(path, "Anna", passphrase)
    case_id = new_case(register)
    add_note(register, case_id, days_ago(1), "Gesprek met de buren.")
    read_case(register, case_id)
    access_log.verify_and_record(register)
    (folder / "backups").mkdir()
    backup.make_backup(register, folder / "backups")

    # The one reach inside: the register's own key, to know what to look for.
    data_key = register._key
    assert data_key is not None
    log_key = access_log.log_key(data_key)
    # The back-up description's key, derived as Register.backup_mac derives it.
    backup_key = hmac.digest(data_key, b"bemoeizorg-backup-info", "sha256")
    secrets = {
        "data key": Hidden(data_key),
        "log key": Hidden(log_key),
        "back-up key": Hidden(backup_key),
    }
    log_key[:] = bytes(len(log_key))
    scrub(backup_key)
    del log_key, backup_key

    # Copies planted in every form while unlocked: the scan must find each of them.
    planted = {
        f"{name} {form}": hidden.render(form) for name, hidden in secrets.items() for form in FORMS
    }
    with rendered(secrets) as needles:
        unlocked = scan_own_memory(needles)
    for buffer in planted.values():
        buffer[:] = bytes(len(buffer))
    # SQLCipher's x'<hex>' form, as the engine builds it, planted too.
    spec = raw_key_spec(data_key)
    with rendered(secrets) as needles:
        spec_found = scan_own_memory(needles)["data key hex 2nd half"]
    spec[:] = bytes(len(spec))

    # The key objects stay referenced through the lock and the scan: one that lock failed
    # to overwrite is then found for certain, rather than freed and perhaps reused by then.
    kept = (data_key, register.access_log)
    register.lock()
    with rendered(secrets) as needles:
        locked = scan_own_memory(needles)
    del kept
    print(json.dumps({"unlocked": unlocked, "spec": spec_found, "locked": locked}))


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("geheugen")
    result = _run(
        "import sys; from pathlib import Path; import tests.test_secrets_in_memory as t; "
        "t._child(Path(sys.argv[1]))",
        str(folder),
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, dict[str, list[str]]] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc/self/maps and /proc/self/mem"
)


@linux_only
def test_the_scan_finds_the_keys_while_unlocked(scans: dict[str, dict[str, list[str]]]) -> None:
    """The control: every form of each key is found when a copy exists, and the register's
    own data key and log key (bytearrays it holds while unlocked) are found without
    planting."""
    unlocked = scans["unlocked"]
    for name in ("data key", "log key", "back-up key"):
        for form in FORMS:
            for half in HALVES:
                what = f"{name} {form} {half}"
                assert unlocked[what], f"{what} not found while unlocked"
    # Planted once; the register and its access log hold the raw keys too.
    assert len(unlocked["data key raw 2nd half"]) >= 2
    assert len(unlocked["log key raw 2nd half"]) >= 2
    assert scans["spec"], "SQLCipher's x'<hex>' form of the key was not found"


@linux_only
def test_no_key_is_left_in_memory_after_lock(scans: dict[str, dict[str, list[str]]]) -> None:
    left = {name: places for name, places in scans["locked"].items() if places}
    assert left == {}, json.dumps(left, indent=1)
