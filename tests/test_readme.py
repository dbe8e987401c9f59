"""The README is true: every command in its table runs as written, in a child process, on
registers made for the test; and the Debian packages it lists are those `.ci/run` installs.

A row's command is a template (`bemoeizorg counts PAD (--year JJJJ [--quarter K] | --from
DATUM --to DATUM) ...`). Each is run in a few forms: without its optional parts, with all
of them, and once with every other alternative, its placeholders filled in with real
values. A placeholder or a command this test does not know fails it: a new row in the
README needs its values here.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Role, Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store import backup
from bemoeizorg.store.register import Register
from tests.builders import OTHER, STRONG
from tests.spreadsheet_helpers import GOOD_ROWS, TEAM_MEMBER, fill_template

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
LEAD = "Anna de Vries"
PASSWORD_ENV = "PAKKET_WACHTWOORD"

# --- the README's command table as templates ------------------------------------------------


def table_commands(text: str) -> list[str]:
    """The first cell of every row of the command table, as it reads ("\\|" is a "|")."""
    commands = []
    for line in text.splitlines():
        cell = re.match(r"\|\s*`(bemoeizorg [^`]+)`\s*\|", line)
        if cell:
            commands.append(cell.group(1).replace("\\|", "|"))
    return commands


# A template is a sequence of words, optional groups ([...]) and choices ((a | b), or a
# "|" between words of a group); a word itself may offer alternatives (`a|b`, `X.xlsx|.csv`).
Node = list["Item"]


@dataclass
class Item:
    word: str = ""
    optional: Node | None = None
    choices: list[Node] = field(default_factory=list)


def parse(template: str) -> Node:
    tokens = re.findall(r"\[|\]|\(|\)|(?<= )\|(?= )|[^\s\[\]()]+", template)
    node, rest = _sequence(tokens)
    assert not rest, f"unbalanced template: {template}"
    return node


def _sequence(tokens: list[str]) -> tuple[Node, list[str]]:
    alternatives: list[Node] = [[]]
    while tokens:
        token, tokens = tokens[0], tokens[1:]
        if token in ("]", ")"):
            return _joined(alternatives), [token, *tokens]
        if token == "|":
            alternatives.append([])
        elif token in ("[", "("):
            inner, tokens = _sequence(tokens)
            closing, tokens = tokens[0], tokens[1:]
            assert closing == ("]" if token == "[" else ")"), token
            if token == "[":
                alternatives[-1].append(Item(optional=inner))
            else:  # (a | b) is one choice; (a b) only groups
                alternatives[-1].extend(inner)
        else:
            alternatives[-1].append(Item(word=token))
    return _joined(alternatives), []


def _joined(alternatives: list[Node]) -> Node:
    return alternatives[0] if len(alternatives) == 1 else [Item(choices=alternatives)]


def _word_alternatives(word: str) -> list[str]:
    """`bemoeizorger|teamleider`; `BESTAND.xlsx|.csv|.pdf` (a bare suffix keeps the stem)."""
    parts = word.split("|")
    stem = parts[0].rsplit(".", 1)[0] if "." in parts[0] else parts[0]
    return [stem + part if part.startswith(".") else part for part in parts]


def _choice_count(node: Node) -> int:
    """How many alternatives beyond the first the template offers (words and groups)."""
    count = 0
    for item in node:
        if item.optional is not None:
            count += _choice_count(item.optional)
        elif item.choices:
            count += len(item.choices) - 1 + sum(_choice_count(c) for c in item.choices)
        else:
            count += len(_word_alternatives(item.word)) - 1
    return count


def _render(node: Node, optional: bool, pick: list[int]) -> list[str]:
    """Words of one form: optional parts in or out; `pick` counts down to the alternative
    to take (the one at that position among all alternatives), -1 for first ones only."""
    words: list[str] = []
    for item in node:
        if item.optional is not None:
            if optional or _holds(item.optional, pick):
                words += _render(item.optional, optional, pick)
            else:  # its alternatives are passed over, not taken
                pick[0] -= _choice_count(item.optional)
        elif item.choices:
            chosen = 0
            for index in range(1, len(item.choices)):
                pick[0] -= 1
                if pick[0] == 0:
                    chosen = index
            words += _render(item.choices[chosen], optional, pick)
        else:
            options = _word_alternatives(item.word)
            chosen = 0
            for index in range(1, len(options)):
                pick[0] -= 1
                if pick[0] == 0:
                    chosen = index
            words.append(options[chosen])
    return words


def _holds(node: Node, pick: list[int]) -> bool:
    """Whether the alternative `pick` points at lies in this optional part."""
    return 0 < pick[0] <= _choice_count(node)


def forms(template: str) -> list[list[str]]:
    """The template without its optional parts, with each other alternative (optional
    parts holding it included), and with all optional parts; duplicates once."""
    node = parse(template)
    found = [_render(node, False, [-1])]
    found += [_render(node, False, [k]) for k in range(1, _choice_count(node) + 1)]
    found.append(_render(node, True, [-1]))
    unique: list[list[str]] = []
    for words in found:
        if words not in unique:
            unique.append(words)
    return unique


def test_the_template_reader_reads_what_the_readme_writes() -> None:
    assert forms("bemoeizorg verify PAD [--head CODE]") == [
        ["bemoeizorg", "verify", "PAD"],
        ["bemoeizorg", "verify", "PAD", "--head", "CODE"],
    ]
    assert forms("bemoeizorg x (--year J [--quarter K] | --from D --to D) --out B.xlsx|.csv") == [
        ["bemoeizorg", "x", "--year", "J", "--out", "B.xlsx"],
        ["bemoeizorg", "x", "--from", "D", "--to", "D", "--out", "B.xlsx"],
        ["bemoeizorg", "x", "--year", "J", "--out", "B.csv"],
        ["bemoeizorg", "x", "--year", "J", "--quarter", "K", "--out", "B.xlsx"],
    ]


# --- running them -----------------------------------------------------------------------------


@dataclass
class Bench:
    """The registers and files the commands work on, and what earlier commands left."""

    folder: Path
    register: Path
    workbook: Path
    usb: Path
    made: Iterator[int]
    code: str = ""
    team_file: Path | None = None
    users_added: list[str] = field(default_factory=list)

    def fresh(self, name: str) -> Path:
        return self.folder / f"{next(self.made)}-{name}"


def _value(bench: Bench, command: str, option: str, placeholder: str) -> str:
    """A real value for a placeholder, by what the command and option need."""
    today = date.today()
    new = command in ("new", "demo")
    values: dict[str, Callable[[], object]] = {
        "PAD": lambda: (
            bench.fresh("nieuw.bzregister") if new or command == "restore" else bench.register
        ),
        "NAAM": lambda: _user_name(bench, command),
        "REGISTERNAAM": lambda: "Team Noord",
        "LIJST": lambda: "Roermond,Venlo",
        "N": lambda: 3 if command == "backup" else 40,
        "CODE": lambda: bench.code,
        "GEMEENTE": lambda: "Roermond",
        "JJJJ-MM-DD": lambda: today.isoformat(),
        "VARIABELE": lambda: PASSWORD_ENV,
        "JJJJ": lambda: today.year,
        "K": lambda: (today.month - 1) // 3 + 1,
        "DATUM": lambda: (
            f"01-01-{today.year}" if option == "--from" else today.strftime("%d-%m-%Y")
        ),
        "BSN": lambda: GOOD_ROWS[0]["bsn"],
        "NUMMER": lambda: 1,
        "MAP": lambda: bench.usb if command == "backup" else _folder(bench),
        "BACKUP": lambda: backup.list_backups(bench.usb)[0].path,
        "BESTAND.json...": lambda: bench.team_file,
    }
    if placeholder in values:
        return str(values[placeholder]())
    if placeholder.startswith("BESTAND."):
        if command == "import":
            return str(bench.workbook)
        path = bench.fresh("uit" + placeholder[len("BESTAND") :])
        if option == "--team-file":
            bench.team_file = path
        return str(path)
    raise AssertionError(f"the README has a placeholder this test does not know: {placeholder}")


def _user_name(bench: Bench, command: str) -> str:
    if command == "new":
        return LEAD
    if command == "user-add":
        name = f"Wim Werker {len(bench.users_added) + 1}"
        bench.users_added.append(name)
        return name
    assert bench.users_added, "user-add runs before user-role and user-remove"
    if command == "user-remove":
        return bench.users_added.pop()
    return bench.users_added[0]


def _folder(bench: Bench) -> Path:
    folder = bench.fresh("map")
    folder.mkdir()
    return folder


def concrete(bench: Bench, words: list[str]) -> list[str]:
    command = words[1]
    out: list[str] = []
    option = ""
    for word in words:
        placeholder = bool(re.fullmatch(r"[A-Z][A-Z0-9.\-]*(\.\.\.)?|BESTAND\.\w+(\.\.\.)?", word))
        out.append(_value(bench, command, option, word) if placeholder else word)
        option = word if word.startswith("--") else ""
    return out


# The order in which the rows run: each command finds what it needs made by those before it.
ORDER = [
    "new",
    "demo",
    "template",
    "import",
    "users",
    "user-add",
    "user-role",
    "user-remove",
    "meeting-pack",
    "inzage",
    "counts",
    "counts-merge",
    "log",
    "backup",
    "verify",
    "restore",
]


def run_cli(words: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A command as a user types it: `bemoeizorg` is this Python's `-m bemoeizorg`."""
    assert words[0] == "bemoeizorg"
    env = {
        **os.environ,
        "BEMOEIZORG_PASSPHRASE": STRONG,
        "BEMOEIZORG_NEW_PASSPHRASE": OTHER,
        PASSWORD_ENV: "Pakket voor het overleg 2026",
    }
    env.pop("BEMOEIZORG_RECOVERY_CODE", None)
    return subprocess.run(
        [sys.executable, "-m", "bemoeizorg", *words[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture
def bench(tmp_path: Path) -> Bench:
    path = tmp_path / "team.bzregister"
    register, _code = Register.create(path, "Team", LEAD, Role.TEAMLEIDER, STRONG)
    reference_data.save_team_member(register, TeamMemberData(TEAM_MEMBER, Specialism.VOLWASSENEN))
    register.lock()
    workbook = fill_template(tmp_path / "ingevuld.xlsx", GOOD_ROWS)
    usb = tmp_path / "usb"
    usb.mkdir()
    return Bench(tmp_path, path, workbook, usb, iter(range(1, 1000)))


def test_every_command_in_the_readme_runs_as_written(bench: Bench) -> None:
    templates = table_commands(README.read_text("utf-8"))
    assert len(templates) >= 15
    by_command: dict[str, list[str]] = {}
    for template in templates:
        by_command.setdefault(template.split()[1], []).append(template)
    assert set(by_command) == set(ORDER), "a README command this test does not run (or gone)"
    ran = []
    for command in ORDER:
        for template in by_command[command]:
            for words in forms(template):
                if command == "verify" and "--head" in words and not bench.code:
                    continue  # the code comes from the back-up just before
                typed = concrete(bench, words)
                done = run_cli(typed, bench.folder)
                shown = shlex.join(typed)
                assert done.returncode == 0, f"{shown}\n{done.stdout}{done.stderr}"
                assert "Traceback" not in done.stderr, shown
                if command == "backup" and not bench.code:
                    bench.code = re.search(r"Controlecode logboek: (\S+)", done.stdout)[1]
                ran.append(shown)
    assert any("--head" in line for line in ran)  # verify --head ran after the back-up
    assert any("--password-env" in line for line in ran)


def test_the_readme_lists_the_packages_ci_installs() -> None:
    readme = README.read_text("utf-8")
    listed = re.search(r"need the system packages `([^`]+)`", readme)
    assert listed is not None, "the README's sentence with the Debian packages"
    script = CI_RUN.read_text("utf-8")
    install = re.search(r"apt-get install [^\n]*\\\n((?:.*\\\n)*.*)>/dev/null", script)
    assert install is not None, ".ci/run's apt-get install"
    installed = set(install.group(1).replace("\\", " ").split())
    assert set(listed.group(1).split()) == installed
