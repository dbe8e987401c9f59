"""What the buttons of Netwerkoverleg do: plan, change and delete a meeting; put a case on
its agenda, change or remove it; preview and make the pack; record what was agreed.

The meetings view (meetings_view.py) derives from this and says what is chosen: `detail`,
the meeting shown, and `selected_entry()`, the agenda case. Each action opens its form
through `open_form` (so the lock closes it, and its save tells every view, this one too) or
asks first; a meeting planned or changed is the one shown after the reload.
"""

from __future__ import annotations

from bemoeizorg.casework.meetings import (
    AgendaEntry,
    MeetingDetail,
    delete_meeting,
    remove_from_agenda,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.agenda_item_dialog import AgendaItemDialog
from bemoeizorg.ui.dialogs.agreements_dialog import AgreementsDialog
from bemoeizorg.ui.dialogs.meeting_dialog import MeetingDialog
from bemoeizorg.ui.dialogs.pack_preview_dialog import PackPreviewDialog
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import RegisterView

DELETE_TITLE = "Overleg verwijderen"
DELETE_TEXT = "Het overleg van {day} in {municipality} verwijderen, met zijn agenda?"
REMOVE_TITLE = "Van de agenda halen"
REMOVE_TEXT = "Casus {number} van de agenda halen? De vraag aan het netwerk gaat verloren."


class MeetingActions(RegisterView):
    detail: MeetingDetail | None  # the meeting shown
    _selected_id: int | None  # the meeting chosen in the list

    def selected_entry(self) -> AgendaEntry | None:
        """The agenda case chosen."""
        raise NotImplementedError

    def _changed(self, _result: object = None) -> None:
        """After a change without a form: tell every view."""
        self._session.data_changed.emit(Topic.MEETINGS)

    def _meeting_saved(self, meeting_id: object) -> None:
        if isinstance(meeting_id, int):
            self._selected_id = meeting_id  # shown once the list is read again

    # --- the meeting ---------------------------------------------------------------------

    def plan_meeting(self) -> MeetingDialog | None:
        if not self._session.is_unlocked:
            return None
        dialog = MeetingDialog(self._session, parent=self)
        dialog.saved.connect(self._meeting_saved)
        return self.open_form(dialog, Topic.MEETINGS)

    def edit_meeting(self) -> MeetingDialog | None:
        detail = self.detail
        if detail is None:
            return None
        dialog = MeetingDialog(
            self._session,
            meeting_id=detail.id,
            data=detail.data,
            packs_made=detail.packs_made,
            parent=self,
        )
        dialog.saved.connect(self._meeting_saved)
        return self.open_form(dialog, Topic.MEETINGS)

    def delete_meeting(self) -> None:
        detail = self.detail
        if detail is None:
            return
        text = DELETE_TEXT.format(
            day=date_text(detail.data.held_on), municipality=detail.municipality
        )
        if not messages.confirm(self, DELETE_TITLE, text):
            return
        meeting_id = detail.id

        def done(_result: object) -> None:
            if self._selected_id == meeting_id:
                self._selected_id = None
            self._changed()

        self._session.call(lambda r: delete_meeting(r, meeting_id), done)

    # --- the agenda ------------------------------------------------------------------------

    def add_case(self) -> AgendaItemDialog | None:
        detail = self.detail
        if detail is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            municipality_code=detail.data.municipality_code,
            on_agenda=frozenset(e.case_id for e in detail.agenda),
            participants=detail.data.participants,
            parent=self,
        )
        return self.open_form(dialog, Topic.MEETINGS)

    def edit_item(self) -> AgendaItemDialog | None:
        detail, entry = self.detail, self.selected_entry()
        if detail is None or entry is None:
            return None
        dialog = AgendaItemDialog(
            self._session,
            detail.id,
            participants=detail.data.participants,
            entry=entry,
            parent=self,
        )
        return self.open_form(dialog, Topic.MEETINGS)

    def remove_item(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        text = REMOVE_TEXT.format(number=entry.case_number)
        if not messages.confirm(self, REMOVE_TITLE, text):
            return
        item_id = entry.id
        self._session.call(lambda r: remove_from_agenda(r, item_id), self._changed)

    # --- the pack and the agreements -------------------------------------------------------

    def preview_pack(self) -> PackPreviewDialog | None:
        detail = self.detail
        if detail is None or not detail.agenda:
            return None
        return self._dialogs.open(PackPreviewDialog(self._session, detail.id, parent=self))

    def record_agreements(self) -> AgreementsDialog | None:
        detail = self.detail
        if detail is None or not detail.agenda:
            return None
        return self.open_form(AgreementsDialog(self._session, detail, parent=self), Topic.MEETINGS)
