"""What the buttons of Netwerkoverleg do: plan, change and delete a meeting; put a case on
its agenda, change or remove it; preview and make the pack; record what was agreed.

Each opens its dialog through the dialog host (so the lock closes it) or asks first, and
after a save tells every view through `data_changed` (the meetings view reloads too).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from bemoeizorg.casework.meetings import (
    AgendaEntry,
    MeetingDetail,
    delete_meeting,
    remove_from_agenda,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from bemoeizorg.ui.dialogs.agreements_dialog import AgreementsDialog
from bemoeizorg.ui.dialogs.meeting_dialog import MeetingDialog
from bemoeizorg.ui.dialogs.pack_preview_dialog import PackPreviewDialog
from bemoeizorg.ui.register_session import RegisterSession, Topic

DELETE_TITLE = "Overleg verwijderen"
DELETE_TEXT = "Het overleg van {day} in {municipality} verwijderen, met zijn agenda?"
REMOVE_TITLE = "Van de agenda halen"
REMOVE_TEXT = "Casus {number} van de agenda halen? De vraag aan het netwerk gaat verloren."


class MeetingActions(QObject):
    meeting_saved = Signal(int)  # planned or changed: the view shows it
    meeting_deleted = Signal(int)

    def __init__(
        self,
        session: RegisterSession,
        dialogs: DialogHost,
        owner: QWidget,
        detail: Callable[[], MeetingDetail | None],
        entry: Callable[[], AgendaEntry | None],
    ) -> None:
        """owner parents the dialogs and questions; detail and entry say what is chosen."""
        super().__init__(owner)
        self._session = session
        self._dialogs = dialogs
        self._owner = owner
        self._detail = detail
        self._entry = entry

    def _changed(self, _result: object = None) -> None:
        """After a save: tell every view."""
        self._session.data_changed.emit(Topic.MEETINGS)

    def _meeting_saved(self, meeting_id: object) -> None:
        if isinstance(meeting_id, int):
            self.meeting_saved.emit(meeting_id)
        self._changed()

    # --- the meeting ---------------------------------------------------------------------

    def plan_meeting(self) -> MeetingDialog | None:
        if not self._session.is_unlocked:
            return None
        dialog = MeetingDialog(self._session, parent=self._owner)
        dialog.saved.connect(self._meeting_saved)
        return self._dialogs.open(dialog)

    def edit_meeting(self) -> MeetingDialog | None:
        detail = self._detail()
        if detail is None:
            return None
        dialog = MeetingDialog(
            self._session, meeting_id=detail.id, data=detail.data, parent=self._owner
        )
        dialog.saved.connect(self._meeting_saved)
        return self._dialogs.open(dialog)

    def delete_meeting(self) -> None:
        detail = self._detail()
        if detail is None:
            return
        text = DELETE_TEXT.format(
            day=date_text(detail.data.held_on), municipality=detail.municipality
        )
        if not messages.confirm(self._owner, DELETE_TITLE, text):
            return
        meeting_id = detail.id

        def done(_result: object) -> None:
            self.meeting_deleted.emit(meeting_id)
            self._changed()

        self._session.call(lambda r: delete_meeting(r, meeting_id), done)

    # --- the agenda ------------------------------------------------------------------------

    def add_case(self) -> AgendaItemDialog | None:
        detail = self._detail()
        if detail is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            municipality_code=detail.data.municipality_code,
            on_agenda=frozenset(e.case_id for e in detail.agenda),
            participants=detail.data.participants,
            parent=self._owner,
        )
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)

    def edit_item(self) -> AgendaItemDialog | None:
        detail, entry = self._detail(), self._entry()
        if detail is None or entry is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            participants=detail.data.participants,
            entry=entry,
            parent=self._owner,
        )
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)

    def remove_item(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        text = REMOVE_TEXT.format(number=entry.case_number)
        if not messages.confirm(self._owner, REMOVE_TITLE, text):
            return
        item_id = entry.id
        self._session.call(lambda r: remove_from_agenda(r, item_id), self._changed)

    # --- the pack and the agreements -------------------------------------------------------

    def preview_pack(self) -> PackPreviewDialog | None:
        detail = self._detail()
        if detail is None or not detail.agenda:
            return None
        dialog = PackPreviewDialog(self._session, detail.id, parent=self._owner)
        return self._dialogs.open(dialog)

    def record_agreements(self) -> AgreementsDialog | None:
        detail = self._detail()
        if detail is None or not detail.agenda:
            return None
        dialog = AgreementsDialog(self._session, detail, parent=self._owner)
        dialog.saved.connect(self._changed)
        return self._dialogs.open(dialog)
