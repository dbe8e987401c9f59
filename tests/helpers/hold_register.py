"""Child process: unlock a register, print ``ready``, then hold it until killed.

    python hold_register.py REGISTER USER [--seconds N]

The passphrase comes from BEMOEIZORG_PASSPHRASE.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("register", type=Path)
    parser.add_argument("user")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    try:
        register = Register.unlock(args.register, args.user, os.environ["BEMOEIZORG_PASSPHRASE"])
    except RegisterError as exc:
        print(f"fout {exc}", flush=True)
        return 3
    print("ready", flush=True)
    try:
        time.sleep(args.seconds)  # the parent kills us long before this ends
    finally:
        register.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
