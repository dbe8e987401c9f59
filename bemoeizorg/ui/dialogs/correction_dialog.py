"""Correcting and withdrawing a line of a case's timeline.

`correction_dialog` opens the dialog the line was recorded with, filled with what it holds
and with a required reason (casework/corrections.py keeps the original). `WithdrawDialog`
takes a line back with a reason: it stays in the register, marked withdrawn. Titles name
the case by its number, never the person.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from bemoeizorg.casework.cases import CaseDetail, TimelineEntry
from bemoeizorg.casework.corrections import (
    CORRECTABLE,
    NO_WITHDRAW_REASON,
    REASON_FIELD,
    withdraw_event,
)
from bemoeizorg.domain.formats import date_text
from bemoeizorg.domain.vocabulary import EventKind, ZrmDomain
from bemoeizorg.ui.dialogs.case_event_dialog import CaseEventDialog
from bemoeizorg.ui.dialogs.close_case_dialog import CloseCaseDialog
from bemoeizorg.ui.dialogs.contact_dialog import ContactDialog
from bemoeizorg.ui.dialogs.form_dialog import Job, store_call
from bemoeizorg.ui.dialogs.measure_dialog import MeasureDialog
from bemoeizorg.ui.dialogs.note_dialog import NoteDialog
from bemoeizorg.ui.dialogs.phase_dialog import PhaseDialog
from bemoeizorg.ui.dialogs.referral_dialog import ReferralDialog
from bemoeizorg.ui.dialogs.zrm_dialog import ZrmDialog
from bemoeizorg.ui.register_session import RegisterSession

WHAT: dict[EventKind, str] = {
    EventKind.CONTACT: "Contact",
    EventKind.FASE: "Fasewissel",
    EventKind.DOORVERWIJZING: "Doorverwijzing",
    EventKind.NOTITIE: "Notitie",
    EventKind.ZRM: "ZRM-score",
    EventKind.MAATREGEL: "Drang of dwang",
    EventKind.AFGESLOTEN: "Afsluiting",
    EventKind.HEROPEND: "Heropening",
}
WITHDRAW_TITLE = "{what} intrekken: casus {number}"
WITHDRAW_INTRO = (
    "U trekt deze regel in. Hij blijft bewaard in het register, gemarkeerd als ingetrokken, "
    "en telt niet meer mee."
)
WITHDRAW_EFFECT = {
    EventKind.AFGESLOTEN: " De casus gaat weer open.",
    EventKind.HEROPEND: " De casus wordt weer afgesloten.",
    EventKind.FASE: " De casus gaat terug naar de fase van de fasewissel ervoor.",
    EventKind.ZRM: " De scores verdwijnen uit 'ZRM door de tijd'.",
}
LINE = "{date} · {summary}"
WITHDRAW_PLACEHOLDER = "bijvoorbeeld: bij de verkeerde casus vastgelegd"
WITHDRAW = "Intrekken"


class WithdrawDialog(CaseEventDialog):
    """Take a line back, with the reason why."""

    def __init__(
        self,
        session: RegisterSession,
        case_id: int,
        entry: TimelineEntry,
        *,
        case_number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            case_id,
            WITHDRAW_TITLE.format(what=WHAT.get(entry.kind, "Regel"), number=case_number or "?"),
            intro=WITHDRAW_INTRO + WITHDRAW_EFFECT.get(entry.kind, ""),
            with_date=False,
            parent=parent,
        )
        self.entry = entry
        self.line_label = QLabel(LINE.format(date=date_text(entry.on_date), summary=entry.summary))
        self.line_label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(WITHDRAW_PLACEHOLDER)
        self.reason_edit.setMaxLength(300)
        self.add_row("Regel", self.line_label)
        self.add_row("Reden", self.reason_edit, REASON_FIELD, required=NO_WITHDRAW_REASON)
        self.save_button.setText(WITHDRAW)
        self.reason_edit.setFocus()

    def job(self) -> Job:
        return store_call(withdraw_event, self.entry.id, self.reason_edit.text().strip())


def _zrm_before(detail: CaseDetail, day: date) -> tuple[date | None, dict[ZrmDomain, int] | None]:
    """The scores of the latest day before `day`, to show beside the corrected ones."""
    earlier = [d for d in detail.zrm if d < day]
    if not earlier:
        return None, None
    on = max(earlier)
    return on, detail.zrm[on]


def correction_dialog(
    session: RegisterSession,
    detail: CaseDetail,
    entry: TimelineEntry,
    *,
    reason: str = "",
    parent: QWidget | None = None,
) -> CaseEventDialog | None:
    """The dialog that corrects `entry`, filled with what it holds; None for a kind of line
    that is not corrected here."""
    if entry.kind not in CORRECTABLE:
        return None
    case_id, number = detail.header.id, detail.header.number
    earliest = detail.header.opened_on
    if entry.kind is EventKind.FASE:
        return PhaseDialog(
            session,
            case_id,
            detail.header.phase,
            detail.header.phase_since,
            parent,
            case_number=number,
            correcting=entry,
            opened_on=earliest,
        )
    if entry.kind is EventKind.ZRM:
        previous_on, previous = _zrm_before(detail, entry.on_date)
        return ZrmDialog(
            session,
            case_id,
            previous=previous,
            previous_on=previous_on,
            earliest=earliest,
            case_number=number,
            correcting=entry,
            parent=parent,
        )
    kinds = {
        EventKind.CONTACT: ContactDialog,
        EventKind.DOORVERWIJZING: ReferralDialog,
        EventKind.NOTITIE: NoteDialog,
        EventKind.MAATREGEL: MeasureDialog,
        EventKind.AFGESLOTEN: CloseCaseDialog,
    }
    return kinds[entry.kind](
        session,
        case_id,
        earliest=earliest,
        case_number=number,
        correcting=entry,
        reason=reason,
        parent=parent,
    )
