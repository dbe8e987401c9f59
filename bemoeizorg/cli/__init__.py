"""The command line beside the GUI: `bemoeizorg` alone starts the GUI (see __main__).

Errors are one Dutch sentence on stderr and a non-zero exit, never a traceback.
Passphrases come from BEMOEIZORG_PASSPHRASE or are asked on the terminal without echo.

One module per group of commands, each with its `add_parsers`; what they share is in
`common`. This module only puts the groups together and runs one command.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bemoeizorg import APP_NAME, __version__
from bemoeizorg.cli import (
    backup,
    counts,
    demo,
    inzage,
    log,
    meetings,
    register,
    sheets,
    team,
    users,
)
from bemoeizorg.cli.common import (
    COMMAND_METAVAR,
    COMMANDS_TITLE,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    DutchParser,
    UserError,
    quiet_closed_stdout,
    safe_output,
)
from bemoeizorg.store.errors import RegisterError

# In the order `--help` lists them.
GROUPS = (register, users, demo, sheets, meetings, inzage, counts, log, backup, team)


def build_parser() -> DutchParser:
    parser = DutchParser(
        prog="bemoeizorg",
        description=f"{APP_NAME}: zonder opdracht start het programma met vensters.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="toon de versie en stop",  # argparse's own help text is English
    )
    sub = parser.add_subparsers(
        dest="command", title=COMMANDS_TITLE, metavar=COMMAND_METAVAR, parser_class=DutchParser
    )
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def run_command(argv: Sequence[str]) -> int:
    """One command, as `bemoeizorg COMMAND ...` runs it (the windows start from __main__)."""
    safe_output()
    try:
        code = _run(argv)
        if sys.stdout is not None:
            sys.stdout.flush()  # here, where a closed pipe can still be handled quietly
        return code
    except BrokenPipeError:
        # The reader stopped early (`| head`): it has what it wanted; no traceback.
        quiet_closed_stdout()
        return EXIT_OK


def _run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.func(args)
        return result
    except (RegisterError, UserError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:  # the last line of defence: no traceback for a user
        print(f"Er ging iets onverwachts mis ({type(exc).__name__}).", file=sys.stderr)
        return EXIT_ERROR
