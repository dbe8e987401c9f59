"""Teamregister openen: a team register on the organisation's PostgreSQL server, opened
with the worker's own name and password (issue 17). The server checks both; TLS is
required unless the server is on this computer (store/server.conninfo says so in Dutch)."""

from __future__ import annotations

import contextlib
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.errors import RegisterError
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


REMEMBER = "Onthouden op deze computer"
NOTHING_KEPT = (
    "Op deze computer is geen wachtwoord onthouden voor deze naam en deze server. Typ uw "
    "wachtwoord."
)
KEPT_WRONG = (
    "Het wachtwoord dat op deze computer was onthouden, klopt niet meer (is het gewijzigd?). "
    "Het is vergeten; typ uw wachtwoord."
)


def _for_password(exc: BaseException) -> str:
    """The keyring's sentences end in 'typ uw wachtwoordzin': here it is a password."""
    return str(exc).replace("wachtwoordzin", "wachtwoord")


class TeamRegisterDialog(PassphraseDialog):
    """Opens a team register. With "Onthouden op deze computer" the password goes into the
    OS keyring once the server accepted it (store/keyring_store.remember_password) and the
    next time the field may stay empty; unticked, a kept password is forgotten. The
    address and name of the last team register opened here are filled in (DeviceSettings),
    never the password."""

    def __init__(
        self,
        runner: JobRunner,
        settings: DeviceSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Teamregister openen", note=NOTE, accept_text="Openen", parent=parent)
        self._runner = runner
        self.url = ""  # the address opened (no name, no password), once accepted
        self.user = ""
        self.remembered = False  # whether its password is kept here now
        self.keyring_note = ""  # why the password could not be kept, if it could not
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText("bijvoorbeeld db.organisatie.nl")
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit()
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(REMEMBER)
        self.remember_box.setToolTip(
            "Het wachtwoord gaat in de sleutelbos (wachtwoordkluis) van deze computer, nooit "
            "in een bestand. Vink uit om het te vergeten."
        )
        self.form.addRow("Server", self.host_edit)
        self.form.addRow("Poort", self.port_spin)
        self.form.addRow("Database", self.database_edit)
        self.form.addRow("Naam", self.user_edit)
        self.form.addRow("Wachtwoord", self.password_edit)
        self.form.addRow("", self.remember_box)
        self.lay_out()
        if settings is not None:
            self._fill(settings)
        for edit in (self.host_edit, self.database_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._update)
        self.remember_box.toggled.connect(self._update)
        self._update()

    def _fill(self, settings: DeviceSettings) -> None:
        parts = urlsplit(settings.last_team_register)
        if not parts.hostname:
            return
        self.host_edit.setText(parts.hostname)
        self.port_spin.setValue(parts.port or DEFAULT_PORT)
        self.database_edit.setText(unquote(parts.path.lstrip("/")))
        self.user_edit.setText(settings.last_team_user)
        self.remember_box.setChecked(settings.team_password_remembered)
        if settings.team_password_remembered:
            self.password_edit.setPlaceholderText("onthouden op deze computer")

    def _update(self) -> None:
        self.ok_button.setEnabled(
            all(
                edit.text().strip() for edit in (self.host_edit, self.database_edit, self.user_edit)
            )
            and (bool(self.password_edit.text()) or self.remember_box.isChecked())
        )

    def start(self) -> None:
        url = server_url(self.host_edit.text(), self.port_spin.value(), self.database_edit.text())
        user, typed = self.user_edit.text().strip(), self.password_edit.text()
        remember = self.remember_box.isChecked()
        # A refused password is typed again; the address and name stay.
        self.password_edit.clear()

        def opener() -> Register:
            # Imported here: psycopg, the server code and the keyring load only for a team
            # register.
            from bemoeizorg.store import keyring_store
            from bemoeizorg.store.server import ServerPasswordWrong
            from bemoeizorg.store.team_register import open_team_register

            password = typed
            if not password:
                try:
                    kept = keyring_store.remembered_password(url, user)
                except keyring_store.KeyringUnavailable as exc:
                    raise RegisterError(_for_password(exc)) from None
                if kept is None:
                    raise RegisterError(NOTHING_KEPT)
                password = kept
            try:
                register = open_team_register(url, user, password)
            except ServerPasswordWrong:
                if not typed:
                    with contextlib.suppress(keyring_store.KeyringUnavailable):
                        keyring_store.forget_password(url, user)
                    raise RegisterError(KEPT_WRONG) from None
                raise
            # The server took it: keep it, or forget one kept before (never a failure of
            # the opening itself; the status bar says why it could not be kept).
            self.url, self.user, self.remembered, self.keyring_note = url, user, remember, ""
            try:
                if remember and typed:
                    keyring_store.remember_password(url, user, password)
                elif not remember:
                    keyring_store.forget_password(url, user)
            except keyring_store.KeyringUnavailable as exc:
                self.remembered = False
                if remember:
                    self.keyring_note = _for_password(exc)
            return register

        self.open_with(self._runner, opener, busy_text=OPENING)
