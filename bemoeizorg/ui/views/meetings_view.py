"""Netwerkoverleg: what a team lead prepares and records. Left the meetings
(meeting_list_panel.py); right the chosen one with its agenda and what the previous meeting
agreed (meeting_detail_panel.py). From here the pack is previewed and made, and what was
agreed is recorded (meeting_actions.py). This view loads and keeps the three in step.

Reading a meeting reads its cases (one VIEW entry per case, casework/meetings.py): so nothing
is read while the view is hidden (RegisterView.reads_when_shown), and on lock everything
goes, dialogs included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout

from bemoeizorg.casework.meetings import (
    AgendaEntry,
    MeetingDetail,
    MeetingSummary,
    list_meetings,
    meeting_detail,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.meeting_actions import MeetingActions
from bemoeizorg.ui.views.meeting_detail_panel import NO_MEETING, MeetingDetailPanel
from bemoeizorg.ui.views.meeting_detail_panel import NO_PREVIOUS as NO_PREVIOUS
from bemoeizorg.ui.views.meeting_list_panel import MeetingListPanel

LOADING = "Overleg wordt geladen…"
NOT_YET_HELD = "Afspraken vastleggen kan vanaf de dag van het overleg ({day})."


class MeetingsView(MeetingActions):
    case_requested = Signal(int)  # a case id: open it
    topics = frozenset({Topic.CASES, Topic.MEETINGS})
    reads_when_shown = True  # a meeting read is a logged view of its cases

    def build(self) -> None:
        self._seq = 0  # the newest list load; older answers are dropped
        self._detail_seq = 0
        self._selected_id = None
        self.detail = None
        self.today: Callable[[], date] = date.today  # tests may pin the day
        self.list_panel = MeetingListPanel()
        self.detail_panel = MeetingDetailPanel()
        self._name_parts()
        self._init_layout()
        self._connect_signals()
        self.clear()

    # --- building ------------------------------------------------------------------------

    def _name_parts(self) -> None:
        """The panels' widgets under the view's own names, for the tests that read them."""
        self.meeting_model, self.meeting_table = self.list_panel.model, self.list_panel.table
        self.new_button = self.list_panel.new_button
        self.edit_button = self.list_panel.edit_button
        self.delete_button = self.list_panel.delete_button
        m = self.detail_panel
        self.pages, self.placeholder = m, m.placeholder
        self.header_label, self.chair_label = m.header_label, m.chair_label
        self.participants_label, self.recorded_label = m.participants_label, m.recorded_label
        self.contact_point_label, self.when_label = m.contact_point_label, m.when_label
        self.agenda_model, self.agenda_proxy = m.agenda_model, m.agenda_proxy
        self.agenda_table = m.agenda_table
        self.add_case_button, self.edit_item_button = m.add_case_button, m.edit_item_button
        self.remove_item_button = m.remove_item_button
        self.preview_button, self.agreements_button = m.preview_button, m.agreements_button
        self.previous_label, self.previous_model = m.previous.label, m.previous.model
        self.previous_proxy, self.previous_table = m.previous.proxy, m.previous.table

    def _init_layout(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_panel)
        splitter.addWidget(self.detail_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([520, 760])
        self.splitter = splitter
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)
        self._outer = outer

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._widen_list()

    def _widen_list(self) -> None:
        """The list as wide as its columns when the detail keeps its own minimum beside it;
        it may be narrower (its minimum is small), so an 800-pixel window holds the view."""
        sizes = self.splitter.sizes()
        total = sum(sizes)
        spare = total - self.detail_panel.minimumSizeHint().width()
        want = min(self.list_panel.wanted_width, spare)
        if total > 0 and sizes[0] < want:
            self.splitter.setSizes([want, total - want])

    def _connect_signals(self) -> None:
        self.meeting_table.selectionModel().selectionChanged.connect(self._meeting_chosen)
        self.meeting_table.activated.connect(lambda _index: self.edit_meeting())
        self.detail_panel.entry_chosen.connect(self._update_buttons)
        self.detail_panel.case_requested.connect(self.case_requested)
        for button, action in (
            (self.new_button, self.plan_meeting),
            (self.edit_button, self.edit_meeting),
            (self.delete_button, self.delete_meeting),
            (self.add_case_button, self.add_case),
            (self.edit_item_button, self.edit_item),
            (self.remove_item_button, self.remove_item),
            (self.preview_button, self.preview_pack),
            (self.agreements_button, self.record_agreements),
        ):
            button.clicked.connect(action)

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1  # an answer still on its way is now out of date
        super().reload()

    def load(self) -> None:
        seq = self._seq
        self._session.call(
            list_meetings, lambda rows: self._listed(seq, rows), lambda exc: self._failed(seq, exc)
        )

    def _listed(self, seq: int, rows: list[MeetingSummary]) -> None:
        if seq != self._seq:
            return
        wanted = self._selected_id
        self.list_panel.set_rows(rows)
        self._widen_list()
        if wanted is not None and self.select_meeting(wanted):
            self._load_detail(wanted)
        else:
            self._show_none()
        self._update_buttons()

    def select_meeting(self, meeting_id: int) -> bool:
        """Select a meeting in the list (without loading it); False when it is not there."""
        if not self.list_panel.select(meeting_id):
            return False
        self._selected_id = meeting_id
        return True

    def show_meeting(self, meeting_id: int) -> None:
        """Choose a meeting and read it (its cases are logged as viewed)."""
        if self.select_meeting(meeting_id):
            self._load_detail(meeting_id)
        self._update_buttons()

    def _meeting_chosen(self, *_args: QItemSelection) -> None:
        row = self.list_panel.selected()
        if row is not None:
            self._selected_id = row.id
            self._load_detail(row.id)
        else:
            self._selected_id = None
            self._show_none()
        self._update_buttons()

    def _load_detail(self, meeting_id: int) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        if self.detail is None or self.detail.id != meeting_id:
            self.detail = None
            self.detail_panel.show_sentence(LOADING)
        self._session.call(
            lambda r: meeting_detail(r, meeting_id),
            lambda detail: self._detail_loaded(seq, detail),
            lambda exc: self._failed(seq, exc, detail=True),
        )

    def _detail_loaded(self, seq: int, detail: MeetingDetail) -> None:
        if seq != self._detail_seq or detail.id != self._selected_id:
            return
        self.detail = detail
        self.detail_panel.show_detail(detail)
        self._update_buttons()

    def _show_none(self) -> None:
        self._detail_seq += 1
        self.detail = None
        self.detail_panel.clear_agenda()
        self.detail_panel.show_sentence(NO_MEETING)

    def _failed(self, seq: int, exc: BaseException, *, detail: bool = False) -> None:
        if seq != (self._detail_seq if detail else self._seq):
            return
        if detail:
            self._selected_id = None
            self._show_none()
        show_error(exc)

    def clear(self) -> None:
        """Locked or closed: nothing of a case stays on screen (the dialog host closes the
        dialogs)."""
        self._seq += 1
        self._detail_seq += 1
        self._selected_id = None
        self.detail = None
        self.meeting_model.clear()
        self.detail_panel.clear()
        self._update_buttons()

    # --- the agenda and the buttons --------------------------------------------------------

    def selected_entry(self) -> AgendaEntry | None:
        return self.detail_panel.selected_entry()

    def select_agenda_case(self, case_id: int) -> bool:
        return self.detail_panel.select_agenda_case(case_id)

    def _update_buttons(self) -> None:
        chosen = self._selected_id is not None
        detail = self.detail
        has_detail = detail is not None
        has_agenda = has_detail and bool(detail.agenda) if detail else False
        entry = self.selected_entry() if has_detail else None
        self.new_button.setEnabled(self._session.is_unlocked)
        self.edit_button.setEnabled(chosen and has_detail)
        self.delete_button.setEnabled(chosen and has_detail)
        self.add_case_button.setEnabled(has_detail)
        self.edit_item_button.setEnabled(entry is not None)
        self.remove_item_button.setEnabled(entry is not None)
        self.preview_button.setEnabled(has_agenda)
        held = detail is not None and detail.data.held_on <= self.today()
        self.agreements_button.setEnabled(has_agenda and held)
        self.agreements_button.setToolTip(
            NOT_YET_HELD.format(day=date_text(detail.data.held_on))
            if detail is not None and not held
            else ""
        )
