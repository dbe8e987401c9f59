"""Child process for the fault-injection tests: unlock a register and save team members.

    python save_loop.py REGISTER USER PREFIX [--count N] [--pad N]

The passphrase comes from BEMOEIZORG_PASSPHRASE. After each save has returned (the commit
is acknowledged) the member's name is printed on its own line as ``ok <name>`` and
flushed, so a parent that kills this process knows exactly what was acknowledged. A
RegisterError prints ``fout <name>\t<Dutch message>`` and ends the loop (or, with
--keep-going, moves on to the next name); the exit code is then 3. A failed unlock prints
``fout <Dutch message>``. Anything else is a crash and ends with a traceback (exit 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bemoeizorg.casework.reference_data import save_team_member
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("register", type=Path)
    parser.add_argument("user")
    parser.add_argument("prefix")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--pad", type=int, default=0, help="extra characters per name")
    parser.add_argument(
        "--keep-going", action="store_true", help="after a RegisterError, try the next save"
    )
    args = parser.parse_args()
    passphrase = os.environ["BEMOEIZORG_PASSPHRASE"]
    try:
        register = Register.unlock(args.register, args.user, passphrase)
    except RegisterError as exc:
        print(f"fout {exc}", flush=True)
        return 3
    print("ready", flush=True)
    failed = False
    try:
        for i in range(args.count):
            name = f"{args.prefix} {i:06d}" + ("x" * args.pad)
            try:
                save_team_member(register, TeamMemberData(name, Specialism.VOLWASSENEN))
            except RegisterError as exc:
                print(f"fout {name}\t{exc}", flush=True)
                failed = True
                if not args.keep_going:
                    break
                continue
            sys.stdout.write(f"ok {name}\n")
            sys.stdout.flush()
    finally:
        register.lock()
    return 3 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
