"""Teamlid toevoegen of wijzigen: someone who can be case owner (dossierhouder)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.field_error import FieldError

NAME_MISSING = "Vul de naam van het teamlid in."


class TeamMemberDialog(QDialog):
    saved = Signal(object)  # the stored TeamMemberData

    def __init__(
        self,
        session: RegisterSession,
        member: TeamMemberData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._id = member.id if member else None
        self._name_touched = False
        self.setWindowTitle("Teamlid wijzigen" if member else "Teamlid toevoegen")

        self.name_edit = QLineEdit()
        self.name_error = FieldError()
        self.name_error.setObjectName("name_error")
        self.specialism_combo = QComboBox()
        for specialism in Specialism:
            self.specialism_combo.addItem(specialism.label, specialism)
        self.active_box = QCheckBox("Actief: kan dossierhouder zijn")
        self.active_box.setChecked(True)

        name_row = QWidget()
        name_layout = QVBoxLayout(name_row)
        name_layout.setContentsMargins(0, 0, 0, 0)
        name_layout.setSpacing(2)
        name_layout.addWidget(self.name_edit)
        name_layout.addWidget(self.name_error)
        form = QFormLayout()
        form.addRow("Naam", name_row)
        form.addRow("Specialisme", self.specialism_combo)
        form.addRow("", self.active_box)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "Annuleren", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        if member is not None:
            self.name_edit.setText(member.name)
            self.specialism_combo.setCurrentIndex(self.specialism_combo.findData(member.specialism))
            self.active_box.setChecked(member.active)
        self.name_edit.textChanged.connect(self._revalidate)
        self.name_edit.editingFinished.connect(self._touch)

    def value(self) -> TeamMemberData:
        return TeamMemberData(
            name=" ".join(self.name_edit.text().split()),
            specialism=Specialism(self.specialism_combo.currentData()),
            active=self.active_box.isChecked(),
            id=self._id,
        )

    def _touch(self) -> None:
        self._name_touched = True
        self._revalidate()

    def _revalidate(self) -> bool:
        missing = not self.value().name
        self.name_error.show_problem(NAME_MISSING if missing and self._name_touched else None)
        return not missing

    def save(self) -> None:
        self._name_touched = True
        if not self._revalidate():
            self.name_edit.setFocus()
            return
        value = self.value()
        self.setEnabled(False)
        self._session.call(
            lambda r: reference_data.save_team_member(r, value), self._saved, self._failed
        )

    def _saved(self, stored: TeamMemberData) -> None:
        self.setEnabled(True)
        self.saved.emit(stored)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        if isinstance(exc, InvalidInput):
            # The name is the only thing the store can refuse here (empty or taken).
            self.name_error.show_problem(exc.message)
        else:
            show_error(exc)
