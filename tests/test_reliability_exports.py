"""Fault injection, part 4: kill -9 while exports and back-ups are being written.

Every file the program hands out is written to a temp file, fsynced and renamed, so a kill
leaves the previous whole file or the new whole file, never a torn one; the temp files a
kill leaves behind are swept at the next open of the register.
"""

from __future__ import annotations

import random
import time
import zipfile
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from bemoeizorg.store import backup
from bemoeizorg.store.files import TEMP_PREFIX
from bemoeizorg.store.register import Register
from tests.builders import new_case
from tests.helpers.reliability_common import (
    PASSPHRASE,
    USER,
    Child,
    cheap_kdf,
    child_env,
    create_register,
    helper_cmd,
)

READY_TIMEOUT = 30.0


def whole(path: Path) -> bool:
    """The file opens as what it claims to be."""
    try:
        if path.suffix == ".xlsx":
            openpyxl.load_workbook(path, read_only=True).close()
        elif path.suffix == ".pdf":
            return len(PdfReader(path).pages) > 0
        else:
            with zipfile.ZipFile(path) as archive:
                return archive.testzip() is None
        return True
    except Exception:  # any failure to open is what we count
        return False


def test_kill9_during_exports_and_backups_leaves_no_torn_file(tmp_path: Path) -> None:
    rng = random.Random(77)
    with cheap_kdf():
        path = create_register(tmp_path)
    register = Register.unlock(path, USER, PASSPHRASE)
    for i in range(20):
        new_case(register, family_name=f"Persoon{i}", opened_days_ago=30 + i)
    out = tmp_path / "uit"
    out.mkdir()
    # One whole back-up before the kills: on a loaded machine no child may finish one, and
    # the newest good back-up must still be found past whatever the kills left.
    (out / "backups").mkdir()
    backup.make_backup(register, out / "backups")
    register.lock()
    rounds, kills, files_checked, torn, temps_seen = 8, 0, 0, [], 0
    started = time.monotonic()
    for r in range(rounds):
        child = Child(helper_cmd("export_loop.py", str(path), USER, str(out)), child_env())
        assert child.wait_for_line("ready", READY_TIMEOUT), (child.lines, child.stderr)
        time.sleep(rng.uniform(0.05, 1.2))
        child.kill()
        kills += 1
        assert "Traceback" not in child.stderr, child.stderr
        for target in [out / "cijfers.xlsx", out / "cijfers.pdf", *(out / "backups").iterdir()]:
            if target.name.startswith(TEMP_PREFIX) or not target.exists():
                temps_seen += target.name.startswith(TEMP_PREFIX)
                continue
            files_checked += 1
            if not whole(target):
                torn.append(f"ronde {r}: {target.name}")
    elapsed = time.monotonic() - started
    # Opening the register sweeps the temp files a kill left in its own folder; the export
    # folders are swept by the same function at the program's start (app.run_gui).
    from bemoeizorg.store.files import sweep_temp_files

    swept = sweep_temp_files(out) + sweep_temp_files(out / "backups")
    left = [p.name for p in out.rglob(f"{TEMP_PREFIX}*")]
    figures = (
        f"{rounds} kills in {elapsed:.1f} s; {files_checked} files checked after the kills, "
        f"torn {len(torn)} {torn[:3]}; temp files left by kills {temps_seen + swept}, "
        f"after sweeping {len(left)}"
    )
    print(figures)
    assert files_checked >= rounds, figures
    assert torn == [], figures
    assert left == [], figures
    good = backup.newest_good(
        out / "backups", backup.read_info(next((out / "backups").glob("*.bzbackup"))).register_id
    )
    assert good is not None, figures
    assert backup.open_contents(good.path, passphrase=PASSPHRASE).cases == 20, figures
