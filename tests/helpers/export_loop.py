"""Child process for the torn-export test: write the same files over and over.

    python export_loop.py REGISTER USER OUTDIR

Each round writes the counts as XLSX and PDF to fixed names in OUTDIR (replacing the last
round's) and a back-up into OUTDIR/backups (keeping 2), printing ``ok <round>`` after each
round; the parent kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import export_counts
from bemoeizorg.store.backup import make_backup
from bemoeizorg.store.register import Register


def main() -> int:
    register_path, user, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    register = Register.unlock(register_path, user, os.environ["BEMOEIZORG_PASSPHRASE"])
    (out / "backups").mkdir(exist_ok=True)
    print("ready", flush=True)
    try:
        for i in range(100_000):
            export_counts(register, Period.year(2026), out / "cijfers.xlsx", 5)
            export_counts(register, Period.year(2026), out / "cijfers.pdf", 5)
            make_backup(register, out / "backups", keep=2)
            print(f"ok {i}", flush=True)
    finally:
        register.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main())
