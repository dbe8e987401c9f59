"""Child process: change the passphrase again and again, reporting each acknowledged one.

    python passphrase_loop.py REGISTER USER BASE [--count N] [--cheap-kdf]

Starts from the passphrase in BEMOEIZORG_PASSPHRASE, which must be ``f"{BASE} 0"``, and
changes it to ``f"{BASE} 1"``, ``f"{BASE} 2"``, ... printing ``ok <k>`` (flushed) after
change k has returned. With --cheap-kdf the new slots use Argon2id at 1 MiB and one
pass, so the loop spends its time writing files rather than hashing.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bemoeizorg.store import keyslots
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("register", type=Path)
    parser.add_argument("user")
    parser.add_argument("base")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--cheap-kdf", action="store_true")
    args = parser.parse_args()
    if args.cheap_kdf:
        keyslots.ARGON2_TIME = 1
        keyslots.ARGON2_MEMORY_KIB = 1024
    current = os.environ["BEMOEIZORG_PASSPHRASE"]
    start = int(current.rsplit(" ", 1)[1])
    try:
        register = Register.unlock(args.register, args.user, current)
    except RegisterError as exc:
        print(f"fout {exc}", flush=True)
        return 3
    print("ready", flush=True)
    try:
        for k in range(start + 1, start + 1 + args.count):
            new = f"{args.base} {k}"
            register.change_passphrase(current, new)
            current = new
            print(f"ok {k}", flush=True)
    except RegisterError as exc:
        print(f"fout {exc}", flush=True)
        return 3
    finally:
        register.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
