"""What every command shares: exit codes, the Dutch refusal, the Dutch argument parser, the
passphrase and the register path.

Only our own parser speaks Dutch: argparse itself is left as it is for the rest of the
process, so the parser translates argparse's English texts where they come out.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import getpass
import io
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

if TYPE_CHECKING:  # the store loads when a command opens a register, not at start
    from bemoeizorg.store.register import Register

PASSPHRASE_ENV = "BEMOEIZORG_PASSPHRASE"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_VERIFY_FAILED = 3


class UserError(Exception):
    """A problem to report in one Dutch sentence."""


USAGE_PREFIX = "gebruik: "
HELP_HELP = "toon deze hulp en stop"
POSITIONALS_TITLE = "argumenten"
OPTIONALS_TITLE = "opties"
COMMANDS_TITLE = "opdrachten"
COMMAND_METAVAR = "OPDRACHT"
# The placeholder `--help` shows for a value whose argument names none (argparse would show
# the English `dest`: "path", "USER").
PLACEHOLDERS = {
    "path": "PAD",
    "file": "BESTAND",
    "backup": "BACKUP",
    "user": "NAAM",
    "name": "NAAM",
}

# argparse's English messages as they reach `error()`, and their Dutch. An argument's own
# message comes as "argument NAME: MESSAGE"; its name is kept and the message translated.
_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<message>.*)", re.DOTALL)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english, re.DOTALL), dutch)
    for english, dutch in (
        (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
        (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
        (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze: \1 (kies uit \2)"),
        (r"expected one argument", "hier hoort één waarde bij"),
        (r"one of the arguments (.*) is required", r"kies één van \1"),
        (r"not allowed with argument (.*)", r"gaat niet samen met \1"),
        (r"invalid \S+ value: (.*)", r"ongeldige waarde: \1"),
    )
)


def dutch_message(message: str) -> str:
    """argparse's English error message in Dutch; a message of our own passes unchanged."""
    prefix = ""
    if match := _ARGUMENT.fullmatch(message):
        prefix, message = f"bij {match['name']}: ", match["message"]
    for english, dutch in _MESSAGES:
        if english.fullmatch(message):
            return prefix + english.sub(dutch, message)
    return prefix + message


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class DutchParser(argparse.ArgumentParser):
    """An argument parser that speaks Dutch: usage, help, section titles and errors.

    Usage errors exit with EXIT_USAGE after the usage line and one "Fout in de opdracht".
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        # The two default sections are made with English titles in argparse's __init__.
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:  # argparse's own -h has an English help text
            self.add_argument("-h", "--help", action="help", help=HELP_HELP)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        # A value without a placeholder of its own gets a Dutch one, never the English dest.
        if action.metavar is None and action.nargs != 0 and action.choices is None:
            action.metavar = PLACEHOLDERS.get(action.dest, action.dest.upper())
        return action

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fout in de opdracht: {dutch_message(message)}\n")


# What `add_subparsers` returns, for each group's `add_parsers`; argparse names its class
# privately.
Subcommands: TypeAlias = "argparse._SubParsersAction[DutchParser]"


def read_passphrase(prompt: str = "Wachtwoordzin: ", *, confirm: bool = False) -> str:
    """From BEMOEIZORG_PASSPHRASE, or asked on the terminal without echo."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            f"Geen wachtwoordzin: zet {PASSPHRASE_ENV} of start de opdracht in een terminal."
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nogmaals ter controle: ") != first:
        raise UserError("De twee wachtwoordzinnen zijn niet gelijk.")
    return first


def register_path(text: str) -> Path:
    return Path(text).expanduser()


def check_register(text: str) -> None:
    """Before anything is asked or read: a missing register file (or its key file) is
    reported, an unusable team register address refused (TLS off this computer). No
    connection yet."""
    from bemoeizorg.store.server import conninfo, is_server_url

    if is_server_url(text):
        conninfo(text)
        return
    from bemoeizorg.store.register import peek

    peek(register_path(text))


def is_team_address(text: str) -> bool:
    """Whether a command's register is a team register's `postgresql://` URL."""
    from bemoeizorg.store.server import is_server_url

    return is_server_url(text)


def open_register(text: str, passphrase: str | None = None) -> Register:
    """The register a command names: a file (unlocked with the passphrase from
    BEMOEIZORG_PASSPHRASE or the terminal) or a team register's `postgresql://` URL (the
    password and TLS by libpq's conventions: the URL, PGPASSWORD, ~/.pgpass, sslmode,
    sslrootcert). `passphrase`: one already asked for. The caller locks it."""
    if is_team_address(text):
        from bemoeizorg.store.team_register import open_team_register

        return open_team_register(text)
    from bemoeizorg.store.register import Register

    check_register(text)
    if passphrase is None:
        passphrase = read_passphrase()
    return Register.unlock_any_user(register_path(text), passphrase)


# --- output that cannot fail on a terminal's encoding -------------------------------------

ASCII_FALLBACK = "bemoeizorg-ascii"


def _plain_letters(exc: UnicodeError) -> tuple[str, int]:
    """What a terminal that cannot show a character gets instead: the letter without its
    accent ('één' -> 'een'), else '?'. Never an error: the recovery code must get out."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if len(plain) < len(text):
        plain = "".join(
            unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii") or "?"
            for c in text
        )
    return plain, exc.end


codecs.register_error(ASCII_FALLBACK, _plain_letters)


def safe_output() -> None:
    """Let stdout and stderr write every Dutch text on any terminal (LC_ALL=C, an ASCII
    PYTHONIOENCODING): what the encoding cannot show is written without accent or as '?',
    instead of raising UnicodeEncodeError halfway through a command."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=ASCII_FALLBACK)


def quiet_closed_stdout() -> None:
    """stdout's reader went away (`bemoeizorg log ... | head -1`): send what is left to
    nowhere, so neither this command nor Python's exit complains about it."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def refuse_existing(path: Path, force: bool) -> None:
    """An output file is never overwritten unless --force says so, and never a folder."""
    if path.exists() and not force:
        raise UserError(
            f"Er staat al een bestand '{path.name}'. Kies een andere naam, of vervang het met "
            "--force."
        )
    if path.exists() and not path.is_file():
        raise UserError(f"'{path.name}' is geen bestand; kies een andere naam.")


def pdf_path(text: str, example: str) -> Path:
    """A PDF to write, or an existing folder (the caller names the file in it)."""
    path = Path(text).expanduser()
    if path.is_dir():
        return path
    if path.suffix.lower() != ".pdf":
        raise UserError(f"Geef een bestandsnaam die eindigt op .pdf, bijvoorbeeld {example}.")
    if not path.parent.is_dir():
        raise UserError(f"De map '{path.parent}' bestaat niet.")
    return path
