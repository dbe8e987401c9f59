"""One case: the header, its timeline, actions and ZRM over time, and a button per thing a
worker records. Each button opens its dialog; after a save the case is read again (one
"inzien" entry) and every view that lists cases hears `data_changed(Topic.CASES)`.

A line of the timeline is corrected or withdrawn (Corrigeren…/Intrekken…, buttons and
context menu) by the case owner or a teamleider, also on a closed case; the original stays
on the timeline, marked. Actions are changed, marked done (with an undo) and opened again,
also on a closed case. Dialog titles name the case by its number, never the person.

Opening a case is logged as a view; so is each reload. Nothing is read while the view is
hidden: a change elsewhere marks it stale and it reloads when shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.cases import (
    ActionItem,
    CaseDetail,
    TimelineEntry,
    read_case,
)
from bemoeizorg.casework.corrections import (
    ALREADY_SUPERSEDED,
    CORRECTABLE,
    NOT_HERE,
    NOT_THIS_KIND,
    NOT_WITHDRAWABLE,
    OUTCOME_KNOWN,
    WITHDRAWABLE,
    ActionNotOwnerOrTeamleider,
    NotOwnerOrTeamleider,
    complete_action,
    reopen_action,
)
from bemoeizorg.casework.drafts import DraftData, DraftKind, discard_draft, drafts_of_user
from bemoeizorg.casework.meetings import DisclosureEntry, disclosures
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.domain.vocabulary import EventKind
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.dialogs.action_dialog import ActionDialog
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog, DatedCaseDialog
from bemoeizorg.ui.dialogs.close_case_dialog import CloseCaseDialog
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.correction_dialog import WithdrawDialog, correction_dialog
from bemoeizorg.ui.dialogs.measure_dialog import MeasureDialog
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.dialogs.owner_dialog import OwnerDialog
from bemoeizorg.ui.dialogs.person_card_dialog import PersonCardDialog
from bemoeizorg.ui.dialogs.phase_dialog import PhaseDialog
from bemoeizorg.ui.dialogs.referral_dialog import ReferralDialog
from bemoeizorg.ui.dialogs.reopen_dialog import ReopenDialog
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.dialogs.zrm_dialog import ZrmDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.case_header import CaseHeaderWidget
from bemoeizorg.ui.views.case_panels import (
    DONE_TIP,
    EDIT_ACTION_TIP,
    REOPEN_ACTION_TIP,
    ActionsPanel,
    DisclosurePanel,
    TimelinePanel,
    ZrmPanel,
)
from bemoeizorg.ui.views.register_view import RegisterView

NO_CASE = "Geen casus geopend. Kies een casus in de lijst met casussen."
LOADING = "Casus wordt geopend…"
DRAFT_BANNER = "Er is een contact van {when} dat nog niet is opgeslagen."
CLOSED_TIP = "De casus is afgesloten. Heropen hem om iets vast te leggen."
NOT_OWNER = NotOwnerOrTeamleider().message
NOT_OWNER_ACTION = ActionNotOwnerOrTeamleider().message
TIMELINE_STRETCH = (3, 2)  # timeline : what is below it, as the window grows
CORRECTED = "Correctie opgeslagen. De oorspronkelijke regel blijft bewaard."
WITHDRAWN = "Regel ingetrokken. Hij blijft bewaard, gemarkeerd als ingetrokken."
ACTION_DONE = "Actie afgerond. Kies 'Ongedaan maken' als dat te snel ging."
ACTION_UNDONE = "De actie staat weer open."
ACTION_CHANGED = "Actie gewijzigd."

D = TypeVar("D", bound=CaseEventDialog)
Dated = TypeVar("Dated", bound=DatedCaseDialog)


def _contact_draft(register: Register, case_id: int) -> DraftData | None:
    """The user's newest unsaved contact for this case (drafts are not logged)."""
    for draft in reversed(drafts_of_user(register)):
        if draft.kind is DraftKind.CONTACT and draft.case_id == case_id:
            return draft
    return None


Loaded = tuple[CaseDetail, DraftData | None, list[DisclosureEntry]]


def _load(register: Register, case_id: int) -> Loaded:
    """The case (logged as one view), the user's unsaved contact for it, if any, and the
    packs it was shared in."""
    return (
        read_case(register, case_id),
        _contact_draft(register, case_id),
        disclosures(register, case_id),
    )


class CaseView(RegisterView):
    loaded = Signal(object)  # the CaseHeader of the case now shown
    changed = Signal(int)  # a case id, after something was saved on it
    # Meetings: a pack made or agreements recorded change its disclosures and actions.
    topics = frozenset({Topic.CASES, Topic.MEETINGS})
    reads_when_shown = True  # a read is a logged view of the case

    def build(self) -> None:
        self._case_id: int | None = None
        self._detail: CaseDetail | None = None
        self._draft: DraftData | None = None
        self._resume_on_load = False
        self._announcing = False  # while this view tells the others about its own save
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.clear()

    # --- building ------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self.header = CaseHeaderWidget()
        self.placeholder = QLabel(NO_CASE)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(style.placeholder_text())

        self.draft_banner = QFrame()
        self.draft_banner.setObjectName("draft_banner")
        self.draft_banner.setStyleSheet(style.draft_banner("#draft_banner"))
        self.draft_label = QLabel()
        self.resume_button = QPushButton("Verder typen…")
        self.discard_draft_button = QPushButton("Weggooien")

        self.contact_button = QPushButton("&Contact vastleggen…")
        self.contact_button.setToolTip("Huisbezoek, telefoon, op straat, overleg met netwerk")
        self.phase_button = self.header.phase_button
        self.referral_button = QPushButton("&Doorverwijzing…")
        self.zrm_button = QPushButton("&ZRM scoren…")
        self.measure_button = QPushButton("Drang/d&wang…")
        self.note_button = QPushButton("&Notitie…")
        self.report_button = QPushButton("&Melding inzien…")
        self.report_button.setToolTip("Alles wat bij de gekozen melding is vastgelegd")
        self.person_button = self.header.person_button
        self.owner_button = self.header.owner_button
        self.close_button = self.header.close_button
        self.reopen_button = self.header.reopen_button
        self.edit_buttons = [
            self.contact_button,
            self.phase_button,
            self.referral_button,
            self.zrm_button,
            self.measure_button,
            self.note_button,
            self.owner_button,
            self.close_button,
        ]

        self.timeline_panel = TimelinePanel()
        self.actions_panel = ActionsPanel()
        self.zrm_panel = ZrmPanel()
        self.disclosure_panel = DisclosurePanel()
        # Short names for what tests and the main window reach for most.
        self.timeline = self.timeline_panel.table
        self.actions_table = self.actions_panel.table
        self.zrm_table = self.zrm_panel.table
        self.add_action_button = self.actions_panel.add_button
        self.edit_action_button = self.actions_panel.edit_button
        self.done_button = self.actions_panel.done_button
        self.reopen_action_button = self.actions_panel.reopen_button
        self.undo_done_button = self.actions_panel.undo_button
        self.correct_button = self.timeline_panel.correct_button
        self.withdraw_button = self.timeline_panel.withdraw_button
        self.outcome_button = self.timeline_panel.outcome_button
        self._undo_action_id: int | None = None  # the action just marked done
        # Each editing button's own tooltip, for when a closed case replaces it.
        self._tips = {b: b.toolTip() for b in [*self.edit_buttons, self.add_action_button]}

    def _init_layout(self) -> None:
        banner = QHBoxLayout(self.draft_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.resume_button)
        banner.addWidget(self.discard_draft_button)

        # What happened with the person goes on the timeline: its buttons sit on its title
        # line. Phase, case owner and closing sit in the header, beside what they change.
        self.timeline_panel.add_buttons(
            self.contact_button,
            self.referral_button,
            self.zrm_button,
            self.measure_button,
            self.note_button,
        )
        self.timeline_panel.title_row.addWidget(self.report_button)  # reads, right-aligned

        # The timeline over the full width; below it what is agreed and how things stand.
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.actions_panel)
        left.addWidget(self.disclosure_panel)
        left.setChildrenCollapsible(False)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(left)
        below.addWidget(self.zrm_panel)
        below.setStretchFactor(0, 1)
        below.setStretchFactor(1, 0)
        below.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.timeline_panel)
        self.splitter.addWidget(below)
        # The timeline first: more of the height to it than to what is below (which asked
        # for its whole size hint and left the timeline about four rows; issue 14).
        self.splitter.setStretchFactor(0, TIMELINE_STRETCH[0])
        self.splitter.setStretchFactor(1, TIMELINE_STRETCH[1])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(12)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.draft_banner)
        layout.addWidget(self.splitter, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(content)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)

    def _connect_signals(self) -> None:
        self.contact_button.clicked.connect(self.log_contact)
        self.phase_button.clicked.connect(self.change_phase)
        self.referral_button.clicked.connect(self.add_referral)
        self.zrm_button.clicked.connect(self.score_zrm)
        self.measure_button.clicked.connect(self.add_measure)
        self.note_button.clicked.connect(self.add_note)
        self.owner_button.clicked.connect(self.change_owner)
        self.close_button.clicked.connect(self.close_case)
        self.reopen_button.clicked.connect(self.reopen_case)
        self.add_action_button.clicked.connect(self.add_action)
        self.done_button.clicked.connect(self.complete_selected_action)
        self.edit_action_button.clicked.connect(self.edit_selected_action)
        self.reopen_action_button.clicked.connect(self.reopen_selected_action)
        self.undo_done_button.clicked.connect(self.undo_done)
        self.timeline_panel.correct_requested.connect(self.correct_selected)
        self.timeline_panel.withdraw_requested.connect(self.withdraw_selected)
        self.timeline_panel.outcome_requested.connect(self.record_outcome_selected)
        self.timeline_panel.report_requested.connect(lambda: self.open_report())
        self.resume_button.clicked.connect(self.resume_contact_draft)
        self.discard_draft_button.clicked.connect(self.discard_contact_draft)
        self.actions_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.timeline.selectionModel().selectionChanged.connect(self._update_buttons)
        self.timeline.activated.connect(self._timeline_activated)
        self.report_button.clicked.connect(lambda: self.open_report())
        self.person_button.clicked.connect(lambda: self.open_person_card())

    # --- loading -------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    def show_case(self, case_id: int, *, resume_draft: bool = False) -> None:
        """Open a case (logged as one view of it); with resume_draft, go on with its
        half-typed contact as soon as the case is shown."""
        self._resume_on_load = resume_draft
        if self._case_id != case_id:
            self._detail = None
            self._forget_undo()
            self.placeholder.setText(LOADING)
            self.pages.setCurrentWidget(self.placeholder)
        self._case_id = case_id
        self.read_now()  # asked for by name: read even before the view is shown

    def load(self) -> None:
        case_id = self._case_id
        if case_id is None:
            return
        self._session.call(lambda r: _load(r, case_id), self._loaded, self._load_failed)

    def _loaded(self, result: Loaded) -> None:
        detail, draft, shared = result
        if detail.header.id != self._case_id:
            return  # another case was asked for meanwhile
        self._detail = detail
        self.header.show_header(detail.header, detail.concerns, date.today())
        self.timeline_panel.set_entries(detail.timeline)
        self.actions_panel.set_actions(detail.actions, case_open=detail.header.is_open)
        self.zrm_panel.set_history(detail.zrm)
        self.disclosure_panel.set_entries(shared)
        self._show_draft(detail.header.id, draft)
        self._update_buttons()
        self.pages.setCurrentIndex(1)
        self.loaded.emit(detail.header)
        if self._resume_on_load:
            self._resume_on_load = False
            self.resume_contact_draft()

    def _load_failed(self, exc: BaseException) -> None:
        self.clear()
        show_error(exc)

    def clear(self) -> None:
        """Forget the case shown (the register was locked or closed)."""
        self._case_id = None
        self._detail = None
        self._draft = None
        self._forget_undo()
        self.header.clear()
        for panel in (
            self.timeline_panel,
            self.actions_panel,
            self.zrm_panel,
            self.disclosure_panel,
        ):
            panel.clear()
        self.draft_banner.hide()
        self.placeholder.setText(NO_CASE)
        self.pages.setCurrentWidget(self.placeholder)
        self._update_buttons()

    def _data_changed(self, topic: str) -> None:
        if self._case_id is not None and not self._announcing:
            super()._data_changed(topic)

    # --- state ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        detail = self._detail
        is_open = detail is not None and detail.header.is_open
        for button, tip in self._tips.items():
            button.setEnabled(is_open)
            button.setToolTip(tip if is_open or detail is None else CLOSED_TIP)
        self.close_button.setVisible(detail is None or detail.header.is_open)
        self.reopen_button.setVisible(detail is not None and not detail.header.is_open)
        self.reopen_button.setEnabled(detail is not None and not detail.header.is_open)
        # An action is changed, finished or opened again on a closed case too: what was
        # open when the case closed can still be done.
        # Only the case owner and a teamleider may: for anyone else disabled, with why.
        selected = self.actions_panel.selected()
        mine = detail is not None and detail.may_correct
        for button, chosen, tip in (
            (self.edit_action_button, selected is not None, EDIT_ACTION_TIP),
            (self.done_button, selected is not None and selected.done_on is None, DONE_TIP),
            (
                self.reopen_action_button,
                selected is not None and selected.done_on is not None,
                REOPEN_ACTION_TIP,
            ),
        ):
            button.setEnabled(chosen and mine)
            button.setToolTip(tip if mine or detail is None else NOT_OWNER_ACTION)
        self.resume_button.setEnabled(is_open)
        # Reading needs no open case: a closed case's meldingen and person can be read too.
        entry = self.timeline_panel.selected()
        self.report_button.setEnabled(entry is not None and entry.report_id is not None)
        self.person_button.setEnabled(detail is not None)
        self._update_line_buttons(detail, entry)

    def _update_line_buttons(self, detail: CaseDetail | None, entry: TimelineEntry | None) -> None:
        """Corrigeren/Intrekken for the chosen line, or why not (on a closed case too)."""
        if detail is None or entry is None:
            self.timeline_panel.set_line_actions(
                correct="", withdraw="", outcome=False, report=False
            )
            return
        not_mine = None if detail.may_correct else NOT_OWNER
        superseded = None if entry.is_current else ALREADY_SUPERSEDED
        correct = superseded or (
            None if entry.kind in CORRECTABLE else NOT_HERE.get(entry.kind, NOT_THIS_KIND)
        )
        withdraw = superseded or (
            None if entry.kind in WITHDRAWABLE else NOT_HERE.get(entry.kind, NOT_WITHDRAWABLE)
        )
        outcome = (
            entry.kind is EventKind.DOORVERWIJZING
            and entry.is_current
            and entry.values.referral_accepted is None
            and detail.may_correct
        )
        self.timeline_panel.set_line_actions(
            correct=correct or not_mine,
            withdraw=withdraw or not_mine,
            outcome=outcome,
            report=entry.report_id is not None,
        )

    # --- dialogs -------------------------------------------------------------------------

    @property
    def dialog(self) -> CaseEventDialog | None:
        """The dialog this view has open, if any."""
        return self._dialogs.shown_by(self, CaseEventDialog)

    def _open_dialog(self, dialog: CaseEventDialog, done: str = "") -> None:
        """Open a dialog on this case; after its save the case is read again, and `done`
        (when given) is said in the status bar."""
        dialog.saved.connect(self._saved)
        if done:
            dialog.saved.connect(lambda _result: messages.notice(self, done))
        dialog.finished.connect(lambda _code: self._dialog_closed(dialog))
        self._dialogs.open(dialog)

    def _dialog_closed(self, dialog: CaseEventDialog) -> None:
        cancelled = dialog.result() != QDialog.DialogCode.Accepted
        if isinstance(dialog, ContactDialog) and cancelled and not dialog.closing_for_lock:
            self.reload_draft_only()  # kept or thrown away: the banner says which

    def _saved(self, _result: object = None) -> None:
        case_id = self._case_id
        if case_id is None:
            return
        self.read_now()  # the user saved on this case: show what is in the register now
        self.changed.emit(case_id)
        self._announcing = True  # the other views reload; this one just did
        try:
            self._session.data_changed.emit(Topic.CASES)
        finally:
            self._announcing = False

    def _earliest(self) -> date | None:
        return self._detail.header.opened_on if self._detail else None

    def _current(self) -> tuple[int, CaseDetail] | None:
        if self._case_id is None or self._detail is None:
            return None
        return self._case_id, self._detail

    def _number(self) -> str:
        return self._detail.header.number if self._detail else ""

    def _open_on_case(self, make: Callable[[int, CaseDetail], D], done: str = "") -> D | None:
        """Open the dialog `make` builds for the case shown; None while no case is shown."""
        current = self._current()
        if current is None:
            return None
        dialog = make(*current)
        dialog.shown_state = current[1].header.state
        self._open_dialog(dialog, done)
        return dialog

    def log_contact(self) -> ContactDialog | None:
        if self._draft is not None:
            return self.resume_contact_draft()
        return self._open_on_case(
            lambda case_id, detail: ContactDialog(
                self._session,
                case_id,
                case_number=detail.header.number,
                earliest=self._earliest(),
                parent=self,
            )
        )

    def resume_contact_draft(self) -> ContactDialog | None:
        draft = self._draft
        if draft is None:
            return None
        dialog = self._open_on_case(
            lambda _case_id, detail: ContactDialog.from_draft(
                self._session,
                draft,
                case_number=detail.header.number,
                earliest=self._earliest(),
                parent=self,
            )
        )
        if dialog is not None:
            self._draft = None
            self.draft_banner.hide()
        return dialog

    def discard_contact_draft(self) -> None:
        draft = self._draft
        if draft is None:
            return
        if not messages.confirm(
            self, "Concept weggooien", "Het niet-opgeslagen contact weggooien?"
        ):
            return
        self._draft = None
        self.draft_banner.hide()
        self._session.call(lambda r: discard_draft(r, draft.id))

    def reload_draft_only(self) -> None:
        """After a contact dialog closed: is there (still) a draft for this case?"""
        case_id = self._case_id
        if case_id is None or not self._session.is_unlocked:
            return
        self._session.call(
            lambda r: _contact_draft(r, case_id), lambda draft: self._show_draft(case_id, draft)
        )

    def _show_draft(self, case_id: int, draft: DraftData | None) -> None:
        if case_id != self._case_id:
            return
        self._draft = draft
        self.draft_banner.setVisible(draft is not None)
        if draft is not None:
            self.draft_label.setText(DRAFT_BANNER.format(when=stored_moment_text(draft.updated_at)))

    def change_phase(self) -> PhaseDialog | None:
        return self._open_on_case(
            lambda case_id, detail: PhaseDialog(
                self._session,
                case_id,
                detail.header.phase,
                detail.header.phase_since,
                self,
                case_number=detail.header.number,
            )
        )

    def _open_simple(self, kind: type[Dated]) -> Dated | None:
        """A dialog that needs only the case and its first possible date."""
        return self._open_on_case(
            lambda case_id, detail: kind(
                self._session,
                case_id,
                earliest=self._earliest(),
                case_number=detail.header.number,
                parent=self,
            )
        )

    def add_referral(self) -> ReferralDialog | None:
        return self._open_simple(ReferralDialog)

    def add_measure(self) -> MeasureDialog | None:
        return self._open_simple(MeasureDialog)

    def add_note(self) -> NoteDialog | None:
        return self._open_simple(NoteDialog)

    def close_case(self) -> CloseCaseDialog | None:
        return self._open_simple(CloseCaseDialog)

    def score_zrm(self) -> ZrmDialog | None:
        def make(case_id: int, detail: CaseDetail) -> ZrmDialog:
            previous_on = max(detail.zrm) if detail.zrm else None
            return ZrmDialog(
                self._session,
                case_id,
                previous=detail.zrm[previous_on] if previous_on else None,
                previous_on=previous_on,
                earliest=self._earliest(),
                case_number=detail.header.number,
                parent=self,
            )

        return self._open_on_case(make)

    def change_owner(self) -> OwnerDialog | None:
        return self._open_on_case(
            lambda case_id, detail: OwnerDialog(
                self._session,
                case_id,
                current_owner=detail.header.owner,
                earliest=self._earliest(),
                parent=self,
            )
        )

    def reopen_case(self) -> ReopenDialog | None:
        closed_on = self._detail.header.closed_on if self._detail else None
        if closed_on is None:
            return None
        return self._open_on_case(
            lambda case_id, detail: ReopenDialog(
                self._session,
                case_id,
                closed_on=closed_on,
                phase_label=detail.header.phase.label,
                case_number=detail.header.number,
                parent=self,
            )
        )

    def add_action(self) -> ActionDialog | None:
        return self._open_on_case(
            lambda case_id, detail: ActionDialog(
                self._session,
                case_id,
                responsible=detail.header.owner,
                case_number=detail.header.number,
                parent=self,
            )
        )

    # --- correcting the timeline ---------------------------------------------------------

    def correct_selected(self, reason: str = "") -> CaseEventDialog | None:
        """The chosen line's own dialog, filled, with a reason to give: saved, the line is
        corrected and the original kept."""
        entry = self.timeline_panel.selected()
        current = self._current()
        if entry is None or current is None or not self.correct_button.isEnabled():
            return None
        dialog = correction_dialog(self._session, current[1], entry, reason=reason, parent=self)
        if dialog is not None:
            self._open_dialog(dialog, CORRECTED)
        return dialog

    def record_outcome_selected(self) -> CaseEventDialog | None:
        """A referral's outcome, now known: its correction with the reason filled in."""
        if not self.outcome_button.isEnabled():
            return None
        return self.correct_selected(OUTCOME_KNOWN)

    def withdraw_selected(self) -> WithdrawDialog | None:
        entry = self.timeline_panel.selected()
        if entry is None or not self.withdraw_button.isEnabled():
            return None
        return self._open_on_case(
            lambda case_id, detail: WithdrawDialog(
                self._session, case_id, entry, case_number=detail.header.number, parent=self
            ),
            WITHDRAWN,
        )

    def edit_selected_action(self) -> ActionDialog | None:
        action = self.actions_panel.selected()
        if action is None or not self.edit_action_button.isEnabled():
            return None
        return self._open_on_case(
            lambda case_id, detail: ActionDialog(
                self._session,
                case_id,
                case_number=detail.header.number,
                editing=action,
                parent=self,
            ),
            ACTION_CHANGED,
        )

    def complete_selected_action(self) -> None:
        action = self.actions_panel.selected()
        if action is None or action.done_on is not None:
            return
        action_id = action.id
        self.done_button.setEnabled(False)
        self._session.call(
            lambda r: complete_action(r, action_id),
            lambda _result: self._action_done(action_id),
            self._action_failed,
        )

    def _action_done(self, action_id: int) -> None:
        self._undo_action_id = action_id
        self.undo_done_button.show()
        messages.notice(self, ACTION_DONE)
        self._saved()

    def undo_done(self) -> None:
        """The action just marked done is open again."""
        action_id = self._undo_action_id
        if action_id is None:
            return
        self._forget_undo()
        self._reopen_action(action_id)

    def reopen_selected_action(self) -> None:
        action: ActionItem | None = self.actions_panel.selected()
        if action is None or action.done_on is None:
            return
        if action.id == self._undo_action_id:
            self._forget_undo()
        self._reopen_action(action.id)

    def _reopen_action(self, action_id: int) -> None:
        self.reopen_action_button.setEnabled(False)
        self._session.call(
            lambda r: reopen_action(r, action_id), self._action_reopened, self._action_failed
        )

    def _action_reopened(self, _result: object = None) -> None:
        messages.notice(self, ACTION_UNDONE)
        self._saved()

    def _forget_undo(self) -> None:
        self._undo_action_id = None
        self.undo_done_button.hide()

    # --- reading the melding and the person ------------------------------------------------

    def _timeline_activated(self, index: QModelIndex) -> None:
        """Double-click or Enter on a line: a melding's line opens the melding."""
        entry = self.timeline_panel.proxy.value_at(index.row())
        if entry is not None and entry.report_id is not None:
            self.open_report(entry.report_id)

    def open_report(self, report_id: int | None = None) -> ReportViewDialog | None:
        """The melding read back (the chosen timeline line's, unless named)."""
        if report_id is None:
            entry = self.timeline_panel.selected()
            report_id = entry.report_id if entry is not None else None
        current = self._current()
        if current is None or report_id is None:
            return None
        dialog = ReportViewDialog(
            self._session, report_id, case_number=current[1].header.number, parent=self
        )
        dialog.person_card_requested.connect(
            lambda person_id: self.open_person_card(person_id, over=dialog)
        )
        return self._dialogs.open(dialog)

    def open_person_card(
        self, person_id: int | None = None, *, over: QWidget | None = None
    ) -> PersonCardDialog | None:
        """The person card of this case's person (or of `person_id`), over `over` if given."""
        current = self._current()
        if current is None:
            return None
        case_id, detail = current
        person_id = person_id if person_id is not None else detail.header.person_id
        if person_id is None:
            return None
        dialog = PersonCardDialog(
            self._session,
            self._dialogs,
            person_id,
            from_case_id=case_id,
            case_number=detail.header.number,
            parent=over or self,
        )
        dialog.saved.connect(self._saved)  # a corrected name shows in the header at once
        return self._dialogs.open(dialog)

    def _action_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        show_error(exc)
