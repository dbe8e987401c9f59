"""The program's one entry point (`bemoeizorg`, `python -m bemoeizorg`): with no arguments it
starts the windows, with a command it runs the command line. It sits above both, so neither
the command line nor the windows imports the other."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bemoeizorg.store.secret_memory import harden_process


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything holds a passphrase or a key: no core file of this process, whatever
    # happens later (a crash during an import once wrote names, key and passphrase to one).
    harden_process()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from bemoeizorg.ui.app import run_gui

        gui_exit: int = run_gui()
        return gui_exit
    from bemoeizorg.cli import run_command

    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
