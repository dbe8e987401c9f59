"""After the register gets a new key (a user removed, "Oude sleutel ook vervangen", this
computer forgotten): what the user must know, and the offer that goes with it.

A new key locks out every old copy of the key-slot file, but not the back-ups made before:
each holds the register and its slot file of that moment, so it still opens with the
passphrases and the recovery code of then. So the program says so plainly and offers, in
the same job on the worker, a fresh back-up right after the new key, and the removal of
the older back-ups of this register in the back-up folder: only those that verified as
this register's before the change (under the old key, since after it they no longer do),
never the fresh one, and only once the fresh one was made and checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from bemoeizorg.domain.formats import counted
from bemoeizorg.store import backup
from bemoeizorg.store.backup import BackupInfo
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.register_session import RegisterSession

WARNING = (
    "Let op: back-ups die al gemaakt zijn, krijgen de nieuwe sleutel niet. Ze openen nog "
    "steeds met de wachtwoordzinnen en de herstelcode van toen. Maak daarom meteen een "
    "nieuwe back-up en verwijder de oudere. De herstelcode blijft dezelfde en opent ook het "
    "register van nu: kende iemand die er niet meer bij hoort de code, maak dan een nieuwe "
    "herstelcode."
)
BUSY = "Bezig: het register krijgt een nieuwe sleutel. Dat duurt enkele seconden…"
NO_FOLDER = (
    "Er is geen back-upmap bereikbaar (Instellingen > Back-ups): maak zelf zo snel mogelijk "
    "een nieuwe back-up en verwijder de oudere."
)


@dataclass(frozen=True, slots=True)
class FollowUp:
    folder: Path | None  # the back-up folder of this computer, when set and reachable
    backup_now: bool
    remove_older: bool


@dataclass(frozen=True, slots=True)
class Rekeyed:
    made: BackupInfo | None  # the fresh back-up
    backup_problem: str  # why no fresh back-up was made (Dutch), if one was asked for
    removed: int  # older back-ups removed
    not_removed: int  # older back-ups that could not be removed (or were kept: no fresh one)


def rekeying(
    change: Callable[[Register], object], follow: FollowUp
) -> Callable[[Register], Rekeyed]:
    """The job for session.call: `change` (which gives the register its new key), then the
    fresh back-up and the removal of the older ones, as `follow` asks."""

    def job(register: Register) -> Rekeyed:
        folder = follow.folder
        older: list[Path] = []
        if folder is not None and follow.remove_older:
            # Recognised now, with the key they were made under.
            older = [info.path for info in backup.survey(folder, register).verified]
        change(register)
        if folder is None or not follow.backup_now:
            return Rekeyed(None, "", 0, 0)
        try:
            made = backup.make_backup(register, folder)
        except (RegisterError, OSError) as exc:
            # The new key is in place already; only the back-up failed: say so, keep the rest.
            return Rekeyed(None, messages.dutch_error_text(exc), 0, len(older))
        removed = failed = 0
        for path in older:
            if path == made.path:
                continue
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError:
                failed += 1
        return Rekeyed(made, "", removed, failed)

    return job


def done_text(done: str, rekeyed: Rekeyed, follow: FollowUp) -> str:
    """`done` ("Bram Janssen is verwijderd.") and what became of the back-ups."""
    lines = [done, "Het register heeft een nieuwe sleutel."]
    if rekeyed.made is not None:
        lines.append(
            f"Een nieuwe back-up is gemaakt en gecontroleerd: {rekeyed.made.path.name}.\n"
            f"Controlecode van het logboek: {rekeyed.made.code}"
        )
        if rekeyed.removed:
            lines.append(
                f"{counted(rekeyed.removed, 'oudere back-up', 'oudere back-ups')} verwijderd."
            )
        if rekeyed.not_removed == 1:
            lines.append(
                "1 oudere back-up kon niet worden verwijderd: verwijder die zelf uit de back-upmap."
            )
        elif rekeyed.not_removed:
            lines.append(
                f"{rekeyed.not_removed} oudere back-ups konden niet worden verwijderd: "
                "verwijder ze zelf uit de back-upmap."
            )
    elif rekeyed.backup_problem:
        lines.append(
            "Er is geen nieuwe back-up gemaakt: "
            f"{rekeyed.backup_problem} Oudere back-ups zijn niet verwijderd; maak zo snel "
            "mogelijk een nieuwe back-up (Instellingen > Back-ups)."
        )
    else:
        lines.append(
            "Back-ups van vóór vandaag openen nog met de oude wachtwoordzinnen en herstelcode: "
            + ("verwijder ze als u ze niet meer nodig hebt." if follow.folder else NO_FOLDER)
        )
    return "\n\n".join(lines)


class FollowUpBox(QWidget):
    """The plain warning and the two offers, for a dialog that gives the register a new
    key. Without a reachable back-up folder the offers are off and the note says why."""

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chosen = session.settings.backup_folder
        self._folder = Path(chosen) if chosen and Path(chosen).is_dir() else None
        self.warning = QLabel(WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(style.warning_note())
        self.backup_box = QCheckBox("Meteen een nieuwe back-up maken")
        self.remove_box = QCheckBox(
            "Daarna de oudere back-ups van dit register in de back-upmap verwijderen"
        )
        self.no_folder = QLabel(NO_FOLDER)
        self.no_folder.setWordWrap(True)
        self.no_folder.setStyleSheet(style.muted_text())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.warning, self.backup_box, self.remove_box, self.no_folder):
            layout.addWidget(widget)
        reachable = self._folder is not None
        self.backup_box.setChecked(reachable)
        self.remove_box.setChecked(reachable)
        self.backup_box.setEnabled(reachable)
        self.no_folder.setVisible(not reachable)
        self.backup_box.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        # Older back-ups go only when a fresh one replaces them.
        self.remove_box.setEnabled(self.backup_box.isEnabled() and self.backup_box.isChecked())
        if not self.remove_box.isEnabled():
            self.remove_box.setChecked(False)

    def follow_up(self) -> FollowUp:
        return FollowUp(self._folder, self.backup_box.isChecked(), self.remove_box.isChecked())


def tell(parent: QWidget | None, title: str, done: str, rekeyed: Rekeyed, follow: FollowUp) -> None:
    messages.info(parent, title, done_text(done, rekeyed, follow))
