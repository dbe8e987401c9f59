"""Dossierhouder wijzigen: another team member holds the case from a date on."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from bemoeizorg.casework import reference_data
from bemoeizorg.casework.cases import change_owner
from bemoeizorg.domain.team import TeamMemberData
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Dossierhouder wijzigen"
INTRO = "Huidige dossierhouder: {owner}."
NO_OWNER_YET = "Deze casus heeft nog geen dossierhouder."
NO_TEAM = (
    "Er staan nog geen actieve teamleden in het register. Een teamleider voegt ze toe via "
    "Instellingen, tabblad Team."
)
SAME = "Kies een ander teamlid dan de huidige dossierhouder."
LOADING = "Team wordt geladen…"


class OwnerDialog(CaseEventDialog):
    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        *,
        current_owner: str = "",
        earliest: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        intro = INTRO.format(owner=current_owner) if current_owner else NO_OWNER_YET
        super().__init__(session, case_id, TITLE, intro=intro, earliest=earliest, parent=parent)
        self.current_owner = current_owner
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(LOADING, None)
        self.owner_combo.setEnabled(False)
        self.save_button.setEnabled(False)
        self.add_row("Nieuwe dossierhouder", self.owner_combo, "owner")
        session.call(
            lambda r: reference_data.team_members(r, active_only=True),
            self._team_loaded,
            self._failed,
        )

    def _team_loaded(self, members: list[TeamMemberData]) -> None:
        self.owner_combo.clear()
        others = [m for m in members if m.name != self.current_owner]
        for member in others:
            self.owner_combo.addItem(
                f"{member.name} ({member.specialism.label.lower()})", member.id
            )
        self.owner_combo.setEnabled(bool(others))
        self.save_button.setEnabled(bool(others))
        if not others:
            self.show_problems({"owner": NO_TEAM if not members else SAME})
        else:
            self.owner_combo.setFocus()

    def owner_id(self) -> int | None:
        data = self.owner_combo.currentData()
        return int(data) if data is not None else None

    def job(self) -> Job:
        owner_id = self.owner_id()
        assert owner_id is not None  # save is enabled only with a choice
        return store_call(
            change_owner, self.case_id, owner_id, self.on_date(), shown=self.shown_state
        )
