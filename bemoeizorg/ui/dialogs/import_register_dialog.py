"""Laptopregister inlezen: a laptop's register brought into the open team register (issue
17), as `bemoeizorg team import-register` does: all of it or nothing, persons already
there recognised, logged on both sides, and a second time nothing. A teamleider of the
team register only (the store refuses the rest); the laptop register is opened with its
own user and passphrase, on the worker, and locked again after."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from bemoeizorg.domain.formats import counted
from bemoeizorg.store.errors import RegisterError
from bemoeizorg.store.register import Register
from bemoeizorg.store.register_import import RegisterImported
from bemoeizorg.ui import file_dialogs
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic

NOTE = (
    "Breng de casussen van een register op een laptop over naar dit teamregister: personen, "
    "meldingen, casussen, tijdlijnen en overleggen, in één keer of helemaal niet. Wie al in "
    "het teamregister staat, wordt herkend. Open het laptopregister met uw eigen naam en "
    "wachtwoordzin daarvan; de casussen blijven daar ook staan."
)
READING = "Inlezen…"
NOT_A_REGISTER = "Kies een Bemoeizorg-register (.bzregister) op deze computer."


def imported_text(done: RegisterImported) -> str:
    """What the import did, in a sentence (the status bar)."""
    if done.already:
        return "Niets ingelezen: dit register is al eerder in het teamregister ingelezen."
    return (
        f"Ingelezen in het teamregister: {counted(done.reports, 'melding', 'meldingen')}, "
        f"{counted(done.cases, 'casus', 'casussen')}, "
        f"{counted(done.persons_new, 'nieuwe persoon', 'nieuwe personen')} en "
        f"{counted(done.persons_known, 'persoon', 'personen')} die er al "
        f"{'was' if done.persons_known == 1 else 'waren'}."
    )


class ImportRegisterDialog(PassphraseDialog):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(
            "Laptopregister inlezen", note=NOTE, accept_text="Inlezen", min_width=620, parent=parent
        )
        self._session = session
        self.imported: RegisterImported | None = None  # once accepted
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("het .bzregister-bestand van de laptop")
        self.choose_button = QPushButton("Kiezen…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        self.user_combo = QComboBox()
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow("Laptopregister", file_row)
        self.form.addRow("Gebruiker", self.user_combo)
        self.form.addRow("Wachtwoordzin", self.passphrase_edit)
        self.lay_out()
        self.file_edit.textChanged.connect(self._file_changed)
        self.passphrase_edit.textChanged.connect(self._update)
        self._update()

    def choose_file(self) -> None:
        from bemoeizorg.store.peek import REGISTER_SUFFIX

        chosen = file_dialogs.open_file(
            self,
            self._session,
            "Laptopregister kiezen",
            f"Bemoeizorg-register (*{REGISTER_SUFFIX});;Alle bestanden (*)",
        )
        if chosen is not None:
            self.file_edit.setText(str(chosen))

    def _path(self) -> Path | None:
        text = self.file_edit.text().strip()
        return Path(text) if text else None

    def _file_changed(self) -> None:
        """The users of the chosen register (its key slots: no passphrase needed)."""
        from bemoeizorg.store.peek import peek

        self.user_combo.clear()
        path = self._path()
        self.error_label.clear()
        if path is not None and path.is_file():
            try:
                self.user_combo.addItems(list(peek(path).users))
            except RegisterError as exc:
                self.error_label.setText(str(exc))
            except OSError:
                self.error_label.setText(NOT_A_REGISTER)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(self.user_combo.count() > 0 and bool(self.passphrase_edit.text()))

    def start(self) -> None:
        path = self._path()
        if path is None:
            return
        user, passphrase = self.user_combo.currentText(), self.passphrase_edit.text()
        self.passphrase_edit.clear()  # typed again after a failure

        def job(team: Register) -> None:
            from bemoeizorg.store.register_import import import_register

            laptop = Register.unlock(path, user, passphrase)
            try:
                self.imported = import_register(laptop, team)
            finally:
                laptop.lock()

        self.error_label.setText(READING)
        self.run(self._session, job)

    def _logged(self, session: RegisterSession) -> None:
        super()._logged(session)
        session.data_changed.emit(Topic.CASES)
