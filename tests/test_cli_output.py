"""The command line's own Dutch sentences where it used to say "Er ging iets onverwachts
mis" or print a traceback (issue 12, finding 9): a too-small temp folder during a restore,
a closed pipe, and an ASCII-only terminal that must not cost the recovery code."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bemoeizorg.store import backup
from bemoeizorg.store.register import Register
from tests.builders import STRONG, new_case
from tests.helpers.processes import ROOT

HELPERS = ROOT / "tests" / "helpers"
CODE = re.compile(r"Herstelcode \(wordt maar een keer getoond\): (?P<code>[A-Z0-9-]{20,})")


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BEMOEIZORG_PASS")}
    return {**base, "BEMOEIZORG_PASSPHRASE": STRONG, **extra}


def no_trace(text: str) -> None:
    assert "Traceback" not in text
    assert "onverwachts" not in text
    assert "Exception ignored" not in text


@pytest.fixture
def made(register: Register, tmp_path: Path) -> Path:
    new_case(register)
    folder = tmp_path / "usb"
    folder.mkdir()
    info = backup.make_backup(register, folder)
    register.lock()
    return info.path


def test_a_too_small_temp_folder_gets_its_own_sentence(made: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    # A temp folder with room for 16 kB: the register's copy does not fit (EFBIG).
    done = subprocess.run(
        [
            sys.executable,
            str(HELPERS / "with_file_limit.py"),
            str(16 * 1024),
            sys.executable,
            "-m",
            "bemoeizorg",
            "restore",
            str(made),
            "--to",
            str(tmp_path / "terug.bzregister"),
        ],
        env=env(TMPDIR=str(temp)),
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode != 0
    no_trace(done.stderr)
    assert "te weinig ruimte voor de tijdelijke kopie" in done.stderr
    assert "TMPDIR" in done.stderr
    assert not (tmp_path / "terug.bzregister").exists()
    assert list(temp.iterdir()) == []  # nothing left behind in the temp folder


@pytest.mark.parametrize("command", ["verify", "log"])
def test_a_closed_pipe_ends_quietly(register: Register, tmp_path: Path, command: str) -> None:
    register.lock()
    args = [str(register.path)]
    if command == "log":
        args += ["--out", str(tmp_path / "logboek.csv")]
    child = subprocess.Popen(
        [sys.executable, "-m", "bemoeizorg", command, *args],
        env=env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # `| head -0`: the reader is gone before anything is written
    with child.stderr:
        stderr = child.stderr.read()
    assert child.wait(timeout=120) == 0, stderr
    no_trace(stderr)
    assert stderr == ""


def test_new_on_an_ascii_terminal_shows_the_recovery_code(tmp_path: Path) -> None:
    path = tmp_path / "Zoë-team.bzregister"
    done = subprocess.run(
        [sys.executable, "-m", "bemoeizorg", "new", str(path), "--user", "Zoë Jansen"]
        + ["--role", "teamleider", "--name", "Team Zoë"],
        env=env(LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii"),
        cwd=ROOT,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    stdout = done.stdout.decode("ascii")  # nothing but ASCII came out
    stderr = done.stderr.decode("ascii")
    assert done.returncode == 0, stderr
    no_trace(stderr)
    assert "Register aangemaakt:" in stdout
    found = CODE.search(stdout)
    assert found is not None, stdout
    assert "wachtwoordzinnen en deze code kwijt" in stdout  # the accents went, not the text
    # The printed code is the register's: it opens it.
    Register.recover(path, found["code"], "Zoë Jansen", STRONG + " opnieuw").lock()
