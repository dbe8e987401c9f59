"""Instellingen > Algemeen: settings of this computer (the idle lock time)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.settings import DeviceSettings
from bemoeizorg.store.access_log import Action
from bemoeizorg.ui import messages
from bemoeizorg.ui.register_session import RegisterSession

_BOUNDS = DeviceSettings.BOUNDS["idle_lock_minutes"]


class GeneralPage(QWidget):
    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        title = QLabel("Algemeen")
        title.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(_BOUNDS.low, _BOUNDS.high)
        self.idle_spin.setSuffix(" minuten")
        self.idle_spin.setMinimumWidth(140)
        explanation = QLabel(
            "Zonder toetsenbord- of muisgebruik vergrendelt het register zich na deze tijd, "
            "ook als er een venster openstaat. Daarna is de wachtwoordzin weer nodig. Deze "
            "instelling geldt voor deze computer."
        )
        explanation.setWordWrap(True)
        self.save_button = QPushButton("Opslaan")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setObjectName("general_status")

        form = QFormLayout()
        # A number of minutes needs no full-width field.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("Automatisch vergrendelen na", self.idle_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.idle_spin.valueChanged.connect(self._update)
        session.settings_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.idle_spin.setValue(self._session.settings.idle_lock_minutes)
        self._update()

    def _update(self) -> None:
        changed = self.idle_spin.value() != self._session.settings.idle_lock_minutes
        self.save_button.setEnabled(changed)
        if changed:
            self.status.clear()

    def save(self) -> None:
        minutes = self.idle_spin.value()
        if minutes == self._session.settings.idle_lock_minutes:
            return
        self._session.settings.idle_lock_minutes = minutes
        self._session.save_settings()  # the idle timer listens to settings_changed
        self._session.call(lambda r: r.log_event(Action.SETTINGS), self._logged, self._failed)
        self.status.setText("Opgeslagen.")

    def _logged(self, _result: object) -> None:
        self._session.data_changed.emit("log")

    def _failed(self, exc: BaseException) -> None:
        messages.error(self, messages.dutch_error_text(exc))
