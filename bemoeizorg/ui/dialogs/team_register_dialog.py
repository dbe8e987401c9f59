"""Teamregister openen: a team register on the organisation's PostgreSQL server, opened
with the worker's own name and password (issue 17). The server checks both; TLS is
required unless the server is on this computer (store/server.conninfo says so in Dutch)."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from bemoeizorg.store.register import Register
from bemoeizorg.ui.dialogs.passphrase_dialog import PassphraseDialog
from bemoeizorg.ui.jobs import JobRunner

NOTE = (
    "Een teamregister staat op de PostgreSQL-server van uw organisatie. Vul het adres in "
    "dat de teamleider u gaf, en uw eigen naam en wachtwoord. Buiten deze computer gaat "
    "de verbinding altijd versleuteld (TLS)."
)
DEFAULT_PORT = 5432
OPENING = "Verbinden met de server…"


def server_url(host: str, port: int, database: str) -> str:
    """The address without name or password: those go to the server apart."""
    return f"postgresql://{quote(host.strip(), safe='.:[]')}:{port}/{quote(database.strip())}"


class TeamRegisterDialog(PassphraseDialog):
    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__("Teamregister openen", note=NOTE, accept_text="Openen", parent=parent)
        self._runner = runner
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("bijvoorbeeld db.organisatie.nl")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow("Server", self.host_edit)
        self.form.addRow("Poort", self.port_spin)
        self.form.addRow("Database", self.database_edit)
        self.form.addRow("Naam", self.user_edit)
        self.form.addRow("Wachtwoord", self.password_edit)
        self.lay_out()
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(
            all(
                edit.text().strip() for edit in (self.host_edit, self.database_edit, self.user_edit)
            )
            and bool(self.password_edit.text())
        )

    def start(self) -> None:
        url = server_url(self.host_edit.text(), self.port_spin.value(), self.database_edit.text())
        user, password = self.user_edit.text().strip(), self.password_edit.text()
        # A refused password is typed again; the address and name stay.
        self.password_edit.clear()

        def opener() -> Register:
            # Imported here: psycopg and the server code load only for a team register.
            from bemoeizorg.store.team_register import open_team_register

            return open_team_register(url, user, password)

        self.open_with(self._runner, opener, busy_text=OPENING)
