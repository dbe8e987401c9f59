"""Instellingen > Algemeen: settings of this computer (the idle lock time, and when Mijn
werk says a case needs attention)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.access_log import Action
from bemoeizorg.ui import style
from bemoeizorg.ui.register_session import RegisterSession, Topic

if TYPE_CHECKING:  # the store loads when a register opens, not at start
    from bemoeizorg.store.register import Register

_BOUNDS = DeviceSettings.BOUNDS["idle_lock_minutes"]
# Mijn werk's thresholds: (settings field, form label), each a number of days.
ATTENTION_FIELDS = (
    ("attention_no_contact_days", "Aandacht bij geen contact na"),
    ("attention_long_in_vinden_days", "Aandacht bij lang in vinden na"),
)


class CountSpin(QSpinBox):
    """A number with its unit in the right form as the value changes: "1 minuut",
    "5 minuten" (a fixed suffix read "1 minuten")."""

    def __init__(self, one: str, many: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._one, self._many = one, many
        self.valueChanged.connect(self._follow)
        self._follow()

    def setValue(self, value: int) -> None:
        # Also when set with the signals blocked (a page loading its settings).
        super().setValue(value)
        self._follow()

    def _follow(self, *_changed: object) -> None:
        suffix = f" {self._one if self.value() == 1 else self._many}"
        if self.suffix() != suffix:
            self.setSuffix(suffix)


def _days_spin(field: str) -> QSpinBox:
    bounds = DeviceSettings.BOUNDS[field]
    spin = CountSpin("dag", "dagen")
    spin.setRange(bounds.low, bounds.high)
    spin.setMinimumWidth(140)
    spin.setToolTip(bounds.label)
    return spin


SERVER_DUTY = (
    "Dit register staat op de server {address}. Versleuteling van de opslag op de server "
    "en back-ups (pg_dump of base back-ups) zijn de taak van de beheerder van die server, "
    "niet van dit programma."
)
TLS_ON = "Verbinding met de server: versleuteld (TLS)."
TLS_OFF = "Verbinding met de server: niet versleuteld (alleen toegestaan op deze computer)."


def _server_state(register: Register) -> tuple[str, bool] | None:
    """The team register's address and whether its connection runs over TLS; run on the
    worker. None for a register on this laptop."""
    from bemoeizorg.store.team_register import TeamRegister  # psycopg: only for a team

    if not isinstance(register, TeamRegister):
        return None
    return register.address, register.server_tls()


class GeneralPage(QWidget):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        title = QLabel("Algemeen")
        title.setStyleSheet(style.page_title())
        self.idle_spin = CountSpin("minuut", "minuten")
        self.idle_spin.setRange(_BOUNDS.low, _BOUNDS.high)
        self.idle_spin.setMinimumWidth(140)
        explanation = QLabel(
            "Zonder toetsenbord- of muisgebruik vergrendelt het register zich na deze tijd, "
            "ook als er een venster openstaat. Daarna is de wachtwoordzin weer nodig. Deze "
            "instelling geldt voor deze computer."
        )
        explanation.setWordWrap(True)
        self.attention_spins = {field: _days_spin(field) for field, _label in ATTENTION_FIELDS}
        self.no_contact_spin = self.attention_spins["attention_no_contact_days"]
        self.long_in_vinden_spin = self.attention_spins["attention_long_in_vinden_days"]
        attention_title = QLabel("Mijn werk")
        attention_title.setStyleSheet(style.bold())
        attention_explanation = QLabel(
            "Mijn werk toont een open casus als aandachtspunt als er langer dan dit aantal "
            "dagen geen contact is vastgelegd, of als de casus langer dan dit aantal dagen "
            "in de fase vinden staat. Acties over datum tonen altijd."
        )
        attention_explanation.setWordWrap(True)
        self.save_button = QPushButton("Opslaan")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("general_status")
        self.server_label = QLabel()
        self.server_label.setObjectName("server_state")
        self.server_label.setWordWrap(True)
        self.server_label.hide()

        # One form, so every field lines up; explanations and the heading span it.
        form = QFormLayout()
        # A number of minutes or days needs no full-width field.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Automatisch vergrendelen na", self.idle_spin)
        form.addRow(explanation)
        form.addItem(QSpacerItem(0, 8))
        form.addRow(attention_title)
        for field, label in ATTENTION_FIELDS:
            form.addRow(label, self.attention_spins[field])
        form.addRow(attention_explanation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.server_label)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.idle_spin.valueChanged.connect(self._update)
        for spin in self.attention_spins.values():
            spin.valueChanged.connect(self._update)
        session.settings_changed.connect(self.reload)
        session.unlocked.connect(self._read_server)
        self.reload()
        self._read_server()

    def _read_server(self) -> None:
        self.server_label.hide()
        if self._session.on_server:
            self._session.call(_server_state, self._show_server)

    def _show_server(self, state: tuple[str, bool] | None) -> None:
        if state is None:
            return
        address, tls = state
        self.server_label.setText(
            f"{SERVER_DUTY.format(address=address)}\n{TLS_ON if tls else TLS_OFF}"
        )
        self.server_label.show()

    def reload(self) -> None:
        self.idle_spin.setValue(self._session.settings.idle_lock_minutes)
        for field, spin in self.attention_spins.items():
            spin.setValue(getattr(self._session.settings, field))
        self._update()

    def _changed(self) -> bool:
        settings = self._session.settings
        return self.idle_spin.value() != settings.idle_lock_minutes or any(
            spin.value() != getattr(settings, field) for field, spin in self.attention_spins.items()
        )

    def _update(self) -> None:
        changed = self._changed()
        self.save_button.setEnabled(changed)
        if changed:
            self.status.clear()

    def save(self) -> None:
        if not self._changed():
            return
        self._session.settings.idle_lock_minutes = self.idle_spin.value()
        for field, spin in self.attention_spins.items():
            setattr(self._session.settings, field, spin.value())
        # The idle timer and Mijn werk listen to settings_changed.
        self._session.save_settings()
        self._session.call(lambda r: r.log_event(Action.SETTINGS), self._logged)
        self.status.setText("Opgeslagen.")

    def _logged(self, _result: object) -> None:
        self._session.data_changed.emit(Topic.LOG)
