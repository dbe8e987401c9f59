"""Actie toevoegen: something to do for the case, who does it and by when. Given an action
(`editing=`), the same form changes it (Actie wijzigen), also on a closed case."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.cases import ActionItem, add_action
from bemoeizorg.casework.corrections import edit_action
from bemoeizorg.domain import formats
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.jobs import ignore_error
from bemoeizorg.ui.register_session import RegisterSession
from bemoeizorg.ui.widgets.date_field import DateField

TITLE = "Actie toevoegen"
EDIT_TITLE = "Actie wijzigen"
INTRO = "Een afspraak uit het netwerkoverleg of een eigen taak. Wie doet het, en wanneer?"
NO_DESCRIPTION = "Beschrijf wat er moet gebeuren."
DEFAULT_DAYS = 14
NO_DUE_DATE = "geen datum"


class ActionDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        responsible: str = "",
        case_number: str = "",
        editing: ActionItem | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            EDIT_TITLE if editing is not None else TITLE,
            intro=INTRO,
            with_date=False,
            case_number=case_number,
            parent=parent,
        )
        self.editing = editing
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("bijvoorbeeld: huisarts bellen over medicatie")
        self.description_edit.setMaxLength(500)
        self.responsible_combo = QComboBox()
        self.responsible_combo.setEditable(True)  # a partner outside the team, too
        self.responsible_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.responsible_combo.setEditText(responsible)
        line = self.responsible_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText("teamlid of partner, bijvoorbeeld wijkagent")
        # A due date may lie ahead, or be left empty; what is typed is what is saved.
        self.due_edit = DateField(
            empty=NO_DUE_DATE, value=formats.today() + timedelta(days=DEFAULT_DAYS)
        )
        self.add_row("Wat", self.description_edit, "description", required=NO_DESCRIPTION)
        self.add_row("Wie", self.responsible_combo, "responsible")
        self.add_row("Uiterlijk", self.due_edit, "due_on")
        if editing is not None:
            self.description_edit.setText(editing.description)
            self.responsible_combo.setEditText(editing.responsible)
            self.due_edit.set_value(editing.due_on)
        self.description_edit.setFocus()
        session.call(
            lambda r: reference_data.team_members(r, active_only=True),
            self._team_loaded,
            ignore_error,  # without the list the field is still free text
        )

    def _team_loaded(self, members: list[TeamMemberData]) -> None:
        typed = self.responsible_combo.currentText()
        self.responsible_combo.clear()
        self.responsible_combo.addItems([m.name for m in members])
        self.responsible_combo.setEditText(typed)

    def job(self) -> Job:
        description = self.description_edit.text().strip()
        responsible = self.responsible_combo.currentText().strip()
        due_on = self.due_edit.value()
        if self.editing is not None:
            return store_call(edit_action, self.editing.id, description, responsible, due_on)
        return store_call(add_action, self.case_id, description, responsible, due_on)
