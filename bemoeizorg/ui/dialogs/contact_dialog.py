"""Contact vastleggen: a home visit, a call, a meeting on the street or with the network.

Nothing typed here is lost: while the worker types, the form is kept as a draft inside the
register (a moment after the last keystroke); a crash or a lock leaves the draft, which the
case view offers back. Saving for real discards the draft. A correction of a contact
(`correcting=`) keeps no draft: closed unsaved, the line stays as it was.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from bemoeizorg.casework.cases import TimelineEntry, log_contact
from bemoeizorg.casework.corrections import correct_contact
from bemoeizorg.casework.drafts import DraftData, DraftKind
from bemoeizorg.domain.formats import stored_moment_text
from bemoeizorg.domain.vocabulary import ContactKind
from bemoeizorg.ui import messages
from bemoeizorg.ui.dialogs.case_event_dialog import Choice, DatedCaseDialog, note_edit
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.draft_keeper import DraftKeeper
from bemoeizorg.ui.register_session import RegisterSession

TITLE = "Contact vastleggen"
INTRO = (
    "Leg elk contact of elke poging vast, ook als u de persoon niet trof. Wat u typt, "
    "wordt tussentijds bewaard in het register."
)
RESTORED = "Hersteld uit een niet-opgeslagen concept van {when}."
DISCARD_TITLE = "Contact niet opslaan"
DISCARD_TEXT = (
    "Dit contact is nog niet opgeslagen. Wilt u het weggooien? Kies 'Nee' om terug te gaan "
    "naar het formulier."
)
NO_CHOICE = "Geef aan of er contact was."


class ContactDialog(DatedCaseDialog):
    DRAFT_DELAY_MS = 800
    draft_saved = Signal(int)  # the draft's id, after each save of the half-typed form
    window_title = TITLE
    intro_text = INTRO
    what = "Contact"

    def add_rows(self) -> None:
        self._filling = False
        self.kind_combo = QComboBox()
        for kind in ContactKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.with_edit = QLineEdit()
        self.with_edit.setPlaceholderText("bijvoorbeeld betrokkene, zus, wijkagent")
        self.made_choice = Choice([("Ja", True), ("Nee, geen contact", False)])
        self.note_edit = note_edit("Wat er gebeurde en wat is afgesproken")
        self.add_row("Soort", self.kind_combo, "kind")
        self.add_row("Met wie", self.with_edit, "with_whom")
        self.add_row("Contact gelegd", self.made_choice, "contact_made")
        self.add_row("Notitie", self.note_edit, "note")
        self.drafts: DraftKeeper | None = None
        if self.correcting is None:
            self._keep_drafts()
        self.kind_combo.setFocus()

    def _keep_drafts(self) -> None:
        """Every edit of the form is kept as a draft once the typing pauses."""
        drafts = DraftKeeper(
            self._session,
            self,
            DraftKind.CONTACT,
            delay_ms=self.DRAFT_DELAY_MS,
            case_id=self.case_id,
            parent=self,
        )
        self.drafts = drafts
        drafts.saved.connect(self.draft_saved)
        self.draft_timer = drafts.timer
        assert self.date_edit is not None
        self.date_edit.textChanged.connect(self._edited)
        self.kind_combo.currentIndexChanged.connect(self._edited)
        self.with_edit.textChanged.connect(self._edited)
        self.made_choice.group.idToggled.connect(self._edited)
        self.note_edit.textChanged.connect(self._edited)

    @classmethod
    def from_draft(
        cls,
        session: RegisterSession,
        draft: DraftData,
        *,
        earliest: date | None = None,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> ContactDialog:
        """The form as it was when the draft was last kept."""
        if draft.kind is not DraftKind.CONTACT or draft.case_id is None:
            raise ValueError("not a contact draft")
        dialog = cls(
            session, draft.case_id, case_number=case_number, earliest=earliest, parent=parent
        )
        dialog.restore(draft)
        return dialog

    # --- the draft -----------------------------------------------------------------------

    @property
    def keeper(self) -> DraftKeeper:
        """The draft keeper of a new contact (a correction has none)."""
        assert self.drafts is not None, "a correction keeps no draft"
        return self.drafts

    @property
    def draft_id(self) -> int | None:
        return self.drafts.draft_id if self.drafts is not None else None

    def draft_fields(self) -> dict[str, Any]:
        return {
            # As typed, so a half-typed date comes back as it was, not as some other day.
            "on_date": self.date_edit.text() if self.date_edit is not None else "",
            "kind": str(self.kind_combo.currentData()),
            "with_whom": self.with_edit.text(),
            "contact_made": self.made_choice.value(),
            "note": self.note_edit.toPlainText(),
        }

    def restore(self, draft: DraftData) -> None:
        self._filling = True
        try:
            fields = draft.fields
            typed = fields.get("on_date")
            if isinstance(typed, str) and self.date_edit is not None:
                try:  # a draft kept before dates were kept as typed holds an ISO date
                    self.set_on_date(date.fromisoformat(typed))
                except ValueError:
                    self.date_edit.setText(typed)
            found = self.kind_combo.findData(fields.get("kind"))
            if found >= 0:
                self.kind_combo.setCurrentIndex(found)
            self.with_edit.setText(str(fields.get("with_whom") or ""))
            made = fields.get("contact_made")
            if isinstance(made, bool):
                self.made_choice.set_value(made)
            self.note_edit.setPlainText(str(fields.get("note") or ""))
        finally:
            self._filling = False
        self.keeper.resume(draft.id)
        self.intro.setText(RESTORED.format(when=stored_moment_text(draft.updated_at)))
        self.intro.show()

    def _edited(self, *_args: object) -> None:
        if not self._filling and self.drafts is not None:
            self.drafts.edited()

    def save_draft(self) -> None:
        """Keep the form as it is now in the register (the keeper does so as one types)."""
        self.keeper.save()

    def prefill(self, entry: TimelineEntry) -> None:
        values = entry.values
        if values.contact_kind is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(values.contact_kind.value))
        self.with_edit.setText(values.contact_with)
        if values.contact_made is not None:
            self.made_choice.set_value(values.contact_made)
        self.note_edit.setPlainText(entry.note)

    # --- saving and closing --------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        problems = super().problems()
        if not self.made_choice.is_chosen():
            problems["contact_made"] = NO_CHOICE
        return problems

    def job(self) -> Job:
        kind = ContactKind(str(self.kind_combo.currentData()))
        with_whom, made = self.with_edit.text(), bool(self.made_choice.value())
        note = self.note_edit.toPlainText().strip()
        if self.correcting is not None:
            return store_call(
                correct_contact,
                self.corrected_id(),
                self.correction_reason(),
                self.on_date(),
                kind,
                with_whom,
                made,
                note,
            )
        case_id, on_date = self.case_id, self.on_date()
        # The draft goes in the contact's own transaction: one fsynced commit (issue 16).
        return self.keeper.with_discard_in(
            lambda register, draft_id: log_contact(
                register, case_id, on_date, kind, with_whom, made, note, draft_id=draft_id
            )
        )

    def _saved(self, result: object) -> None:
        if self.is_alive() and self.drafts is not None:
            self.drafts.finish()
        super()._saved(result)

    def reject(self) -> None:
        if self.drafts is None:  # a correction: nothing kept, nothing to ask
            super().reject()
            return
        if self.drafts.finished:
            super().reject()
            return
        if self.closing_for_lock:
            # The register is being locked: keep what was typed, ask nothing.
            self.drafts.keep_for_lock()
            super().reject()
            return
        if self.drafts.has_draft:
            if not messages.confirm(self, DISCARD_TITLE, DISCARD_TEXT):
                return
            self.drafts.discard()
        self.drafts.finish()
        super().reject()
