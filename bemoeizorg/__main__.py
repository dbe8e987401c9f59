"""The program's one entry point (`bemoeizorg`, `python -m bemoeizorg`): with no arguments it
starts the windows, with a command it runs the command line. It sits above both, so neither
the command line nor the windows imports the other."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        from bemoeizorg.ui.app import run_gui

        gui_exit: int = run_gui()
        return gui_exit
    from bemoeizorg.cli import run_command

    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
