"""Teamlid toevoegen of wijzigen: someone who can be case owner (dossierhouder)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from bemoeizorg.casework import reference_data
from bemoeizorg.domain.people import Specialism
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.store.errors import InvalidInput
from bemoeizorg.ui.dialogs.form_dialog import FormDialog, Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

NAME_MISSING = "Vul de naam van het teamlid in."


class TeamMemberDialog(FormDialog):
    """Saves a TeamMemberData; `saved` carries the stored one."""

    def __init__(
        self,
        session: RegisterSession,
        member: TeamMemberData | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = "Teamlid wijzigen" if member else "Teamlid toevoegen"
        super().__init__(session, title, parent=parent)
        self._id = member.id if member else None
        self._name_touched = False

        self.name_edit = QLineEdit()
        self.specialism_combo = QComboBox()
        for specialism in Specialism:
            self.specialism_combo.addItem(specialism.label, specialism)
        self.active_box = QCheckBox("Actief: kan dossierhouder zijn")
        self.active_box.setChecked(True)
        self.add_row("Naam", self.name_edit, "name")
        self.add_row("Specialisme", self.specialism_combo)
        self.add_row("", self.active_box)
        self.name_error = self.errors["name"]
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

    def problems(self) -> dict[str, str]:
        self._name_touched = True
        return {} if self._revalidate() else {"name": NAME_MISSING}

    def job(self) -> Job:
        return store_call(reference_data.save_team_member, self.value())

    def handle_failure(self, exc: BaseException) -> bool:
        if not isinstance(exc, InvalidInput):
            return False
        # The name is the only thing the store can refuse here (empty or taken).
        self.name_error.show_problem(exc.message)
        return True
