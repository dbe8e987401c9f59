"""Unlock a chosen register: the screen after "Register openen" and the lock screen.

When the screen locks, this is all the window shows. A register remembered on this
computer opens with one click (or at once when it is first opened), never by itself
from the lock screen.

When the register file is damaged ("Register beschadigd"), the screen offers the newest
good back-up of this register from the configured back-up folder: opened with the typed
passphrase to show what it holds, restored (the damaged file kept aside), then unlocked.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain.formats import counted
from bemoeizorg.store.errors import RegisterCorrupt, RegisterError, RegisterMismatch
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_opening import Opened, open_register
from bemoeizorg.ui.register_session import RegisterSession

# The store is imported where it is used, not with the start screen (issue 16); this screen
# shows a register's users from its key-slot file alone (store/peek: no SQLAlchemy).
if TYPE_CHECKING:
    from bemoeizorg.store.backup import BackupContents, BackupInfo
    from bemoeizorg.store.peek import RegisterInfo

# A sentence for the next time this screen is shown (e.g. after a back-up was restored
# from Instellingen): a dynamic property of the session, read once by prepare().
NOTICE_PROPERTY = "unlock_notice"


def set_notice(session: QObject, text: str) -> None:
    session.setProperty(NOTICE_PROPERTY, text)


def _take_notice(session: QObject) -> str:
    text = session.property(NOTICE_PROPERTY)
    session.setProperty(NOTICE_PROPERTY, "")
    return text if isinstance(text, str) else ""


def contents_text(contents: BackupContents) -> str:
    """What a back-up holds, in one plain sentence."""
    return (
        f"De back-up van {contents.info.label} bevat "
        f"{counted(contents.cases, 'casus', 'casussen')} "
        f"(waarvan {contents.open_cases} open) en "
        f"{counted(contents.reports, 'melding', 'meldingen')}."
    )


def restore_question(contents: BackupContents, register_path: Path, *, damaged: bool) -> str:
    """The confirmation before a back-up replaces the register at register_path."""
    kept = "Het beschadigde register" if damaged else "Het huidige register"
    return (
        f"{contents_text(contents)}\n\n"
        f"De back-up komt in de plaats van het register. Wat na {contents.info.label} is "
        "vastgelegd, staat niet in de back-up. "
        f"{kept} wordt niet verwijderd: het blijft in dezelfde map bewaard als "
        f"'{register_path.name}.vervangen-' met de datum en tijd erachter.\n\n"
        "Deze back-up terugzetten?"
    )


def _newest_good(
    path: Path, folder: str, user: str, passphrase: str
) -> tuple[str, BackupInfo | None]:
    """The offer for a damaged register: ("", info), or (reason, None) to say why not.
    Only a back-up whose signed info verifies as this register's with the key the typed
    passphrase opens is offered (backup.newest_verified)."""
    if not folder:
        return "no folder", None
    if not Path(folder).is_dir():
        return "missing folder", None
    from bemoeizorg.store import backup

    try:
        found = backup.newest_verified(Path(folder), path, user, passphrase)
    except RegisterError:
        return "no key file", None
    return ("", found) if found is not None else ("none", None)


def _keyring_usable() -> bool:
    """On the worker: whether this computer has a keyring to remember a register in."""
    from bemoeizorg.store import keyring_store

    return keyring_store.usable()


class UnlockView(QWidget):
    back_requested = Signal()
    recovery_requested = Signal()

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._info: RegisterInfo | None = None
        self._locked_mode = False
        self._offered: BackupInfo | None = None

        self.title = QLabel()
        self.title.setObjectName("unlock_title")
        self.title.setStyleSheet(style.title(style.UNLOCK_TITLE_SIZE))
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.user_combo = QComboBox()
        self.user_combo.setMinimumWidth(280)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.returnPressed.connect(self.unlock_with_passphrase)
        self.remember_box = QCheckBox("Onthouden op deze computer")
        self.remember_box.setToolTip(
            "De sleutelbos van het besturingssysteem bewaart een geheim waarmee u op deze "
            "computer zonder typen ontgrendelt. Alleen doen op uw eigen, beveiligde laptop."
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("unlock_message")
        # Shown only after "Register beschadigd": the newest good back-up, or why there is none.
        self.backup_offer = QLabel()
        self.backup_offer.setWordWrap(True)
        self.backup_offer.setObjectName("backup_offer")
        self.backup_offer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton("Deze back-up terugzetten")
        self.restore_button.clicked.connect(self.restore_offered_backup)
        # Direct children of the panel (not in a frame): a word-wrapped label nested one
        # level deeper gets too little height in this centred panel.
        self.backup_offer.setStyleSheet(style.offer_box("QLabel#backup_offer"))
        self.backup_offer.hide()
        self.restore_button.hide()
        self.unlock_button = QPushButton("Ontgrendelen")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock_with_passphrase)
        self.device_button = QPushButton("Ontgrendelen met deze computer")
        self.device_button.clicked.connect(self.unlock_with_device)
        self.recovery_button = QPushButton("Herstelcode gebruiken…")
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self.recovery_requested)
        self.back_button = QPushButton("Ander register")
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(self.back_requested)

        form = QFormLayout()
        form.addRow("Gebruiker", self.user_combo)
        form.addRow("Wachtwoordzin", self.passphrase_edit)
        form.addRow("", self.remember_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.device_button)
        buttons.addWidget(self.unlock_button)

        panel = QWidget()
        panel.setMaximumWidth(640)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.title)
        inner.addWidget(self.file_label)
        inner.addSpacing(12)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.backup_offer)
        offer_buttons = QHBoxLayout()
        offer_buttons.addWidget(self.restore_button)
        offer_buttons.addStretch(1)
        inner.addLayout(offer_buttons)
        inner.addLayout(buttons)
        # Centred by stretches, not by alignment: an aligned item is asked its height for
        # the whole width, so wrapped sentences below the form (a damaged register's
        # offer) would get too little height.
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel, 100)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

    # --- showing -------------------------------------------------------------------------

    def prepare(self, path: Path, *, locked: bool) -> bool:
        """Fill the form for this register; False (with a message) if it cannot be used."""
        self._locked_mode = locked
        self.passphrase_edit.clear()
        self.message.clear()
        self._hide_offer()
        notice = _take_notice(self._session)
        from bemoeizorg.store.peek import peek

        try:
            self._info = peek(path)
        except RegisterError as exc:
            self._info = None
            messages.error(self, f"{notice}\n\n{exc.message}" if notice else exc.message)
            return False
        self.title.setText("Register vergrendeld" if locked else "Register openen")
        self.file_label.setText(f"Bestand: {path}")
        self.user_combo.clear()
        self.user_combo.addItems(self._info.users)
        last = self._session.settings.user_for(path)
        if last and last in self._info.users:
            self.user_combo.setCurrentText(last)
        remembered = bool(self._info.device_slots)
        self.device_button.setVisible(remembered)
        self.remember_box.setVisible(not remembered)
        self.remember_box.setChecked(False)
        # Without a keyring here neither can work: asked on the worker (D-Bus may be slow).
        # A convenience: without an answer both stay offered, and using one says why not.
        self._session.runner.submit(_keyring_usable, self._keyring_known, ignore_error)
        self.recovery_button.setVisible(self._info.has_recovery)
        self.back_button.setText("Register sluiten" if locked else "Ander register")
        self.passphrase_edit.setFocus()
        if notice:
            self._show_message(notice, problem=False)
        return True

    def _keyring_known(self, usable: bool) -> None:
        if not usable:
            self.device_button.hide()
            self.remember_box.hide()
            self.remember_box.setChecked(False)

    def users(self) -> list[str]:
        return list(self._info.users) if self._info else []

    def try_remembered(self) -> None:
        """Called when a register is first opened (not from the lock screen)."""
        if self._info is not None and self._info.device_slots and not self._locked_mode:
            self.unlock_with_device()

    def _show_message(self, text: str, *, problem: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style.error_text() if problem else style.normal_text())

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (
            self.unlock_button,
            self.device_button,
            self.passphrase_edit,
            self.restore_button,
        ):
            widget.setEnabled(not busy)
        if busy:
            self._show_message(text, problem=False)

    # --- unlocking -----------------------------------------------------------------------

    def unlock_with_passphrase(self) -> None:
        if self._info is None:
            return
        user = self.user_combo.currentText()
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self._show_message("Typ uw wachtwoordzin.")
            return
        self._hide_offer()
        self._start_unlock(user, passphrase)

    def _start_unlock(self, user: str, passphrase: str) -> None:
        assert self._info is not None
        path = self._info.path
        remember = self.remember_box.isVisible() and self.remember_box.isChecked()
        from bemoeizorg.store import failed_unlocks
        from bemoeizorg.store.register import Register

        # After several wrong passphrases the store waits before it answers (on the
        # worker: the window stays usable); say so rather than seem stuck.
        waiting = failed_unlocks.next_delay(path) > 0
        self._busy(True, failed_unlocks.WAITING if waiting else "Bezig met ontgrendelen…")
        open_register(
            self._session.runner,
            lambda: Register.unlock(path, user, passphrase),
            lambda opened: self._opened(opened, remember),
            self._failed,
        )

    def unlock_with_device(self) -> None:
        if self._info is None:
            return
        path = self._info.path
        self._busy(True, "Bezig met ontgrendelen via de sleutelbos van deze computer…")
        from bemoeizorg.store import keyring_store

        open_register(
            self._session.runner,
            lambda: keyring_store.unlock_remembered(path),
            lambda opened: self._opened(opened, remember=False),
            self._keyring_failed,
            on_nothing=self._not_remembered,
        )

    def _not_remembered(self) -> None:
        self._busy(False)
        self._show_message(
            "Deze computer kent de sleutel van dit register niet (meer). Typ uw wachtwoordzin."
        )
        self.passphrase_edit.setFocus()

    def _keyring_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._show_message(messages.dutch_error_text(exc))
        self.passphrase_edit.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.passphrase_edit.selectAll()
        self.passphrase_edit.setFocus()
        self._show_message(messages.dutch_error_text(exc))
        # A damaged start of the file (its salt) reads as a key file of another register:
        # the back-up holds both, so it helps there too.
        damaged = isinstance(exc, RegisterCorrupt | RegisterMismatch)
        if damaged and self._info is not None:
            user, passphrase = self.user_combo.currentText(), self.passphrase_edit.text()
            self._look_for_backup(self._info.path, user, passphrase)

    def _opened(self, opened: Opened, remember: bool) -> None:
        self._busy(False)
        self.passphrase_edit.clear()
        self.message.clear()
        opened.adopt(self._session, remember=remember)

    # --- a damaged register: the newest good back-up ---------------------------------------

    def _hide_offer(self) -> None:
        self._offered = None
        self.backup_offer.hide()
        self.restore_button.hide()

    def _look_for_backup(self, path: Path, user: str, passphrase: str) -> None:
        folder = self._session.settings.backup_folder
        self._session.runner.submit(
            lambda: _newest_good(path, folder, user, passphrase),
            lambda found: self._show_offer(folder, *found),
            lambda _exc: self._show_offer(folder, "none", None),
        )

    def _show_offer(self, folder: str, reason: str, found: BackupInfo | None) -> None:
        self._offered = found
        self.restore_button.setVisible(found is not None)
        if found is not None:
            self.backup_offer.setText(
                f"<b>Nieuwste goede back-up: {found.label}</b><br>"
                f"In de map {html.escape(folder)}. Typ hierboven uw wachtwoordzin en kies "
                "'Deze back-up terugzetten': u ziet eerst wat erin staat. Het beschadigde "
                "bestand blijft bewaard."
            )
        else:
            self.backup_offer.setText(_NO_OFFER[reason].format(folder=folder))
        self.backup_offer.show()

    def restore_offered_backup(self) -> None:
        offered, info = self._offered, self._info
        if offered is None or info is None:
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase:
            self._show_message("Typ uw wachtwoordzin: daarmee wordt de back-up geopend.")
            self.passphrase_edit.setFocus()
            return
        self._busy(True, "De back-up wordt geopend…")
        from bemoeizorg.store import backup

        self._session.runner.submit(
            lambda: backup.open_contents(offered.path, passphrase=passphrase),
            lambda contents: self._confirm_restore(contents, info.path, passphrase),
            self._restore_failed,
        )

    def _confirm_restore(self, contents: BackupContents, path: Path, passphrase: str) -> None:
        self._busy(False)
        self.message.clear()
        question = restore_question(contents, path, damaged=True)
        if not messages.confirm(self, "Back-up terugzetten", question):
            return
        user = self.user_combo.currentText()
        self._busy(True, "De back-up wordt teruggezet…")

        def job() -> RegisterInfo:
            from bemoeizorg.store import backup
            from bemoeizorg.store.peek import peek

            backup.restore(contents.info.path, path, passphrase=passphrase)
            return peek(path)

        self._session.runner.submit(
            job, lambda info: self._restored(info, user, passphrase), self._restore_failed
        )

    def _restored(self, info: RegisterInfo, user: str, passphrase: str) -> None:
        self._info = info
        self._hide_offer()
        self._start_unlock(user, passphrase)

    def _restore_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._show_message(messages.dutch_error_text(exc))
        self.passphrase_edit.setFocus()


_ASK_ADMIN = (
    "Heeft u ergens anders een back-up (een .bzbackup-bestand) of een kopie van het "
    "register, vraag dan uw teamleider of beheerder om die terug te zetten."
)
_NO_OFFER = {
    "no folder": (
        "Op deze computer is geen map voor back-ups ingesteld, dus hier staat geen back-up "
        f"klaar om terug te zetten. {_ASK_ADMIN} Stel daarna onder Instellingen > Back-ups "
        "een map in: dan kan dit de volgende keer met één klik."
    ),
    "missing folder": (
        "De map voor back-ups ({folder}) is niet bereikbaar. Sluit de USB-stick of "
        "netwerkschijf aan en klik opnieuw op Ontgrendelen."
    ),
    "none": (
        "In de map voor back-ups ({folder}) staat geen goede back-up van dit register. "
        + _ASK_ADMIN
    ),
    "no key file": (
        "Ook het sleutelbestand naast het register is niet te lezen, dus welke back-up "
        f"erbij hoort is niet te zien. {_ASK_ADMIN}"
    ),
}
