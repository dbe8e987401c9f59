"""What the retention rules say must go, shown before anything goes; a team lead confirms
and it is removed for good (only a deletion record without names remains). Anyone may look;
a bemoeizorger sees the confirmation disabled, with the reason (the store refuses anyway)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import retention
from bemoeizorg.casework.retention import RetentionDone, RetentionReview
from bemoeizorg.casework.team_policy import APPLY_RETENTION, only_teamleider
from bemoeizorg.domain.formats import counted, date_text
from bemoeizorg.domain.people import Role
from bemoeizorg.ui import messages
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.retention_model import DueColumn, DueItemModel, due_items
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead, reason_label, show_reason
from bemoeizorg.ui.widgets.table_view import TableView

NOTHING = "Er is niets dat volgens de bewaartermijnen weg moet."
CONFIRM = "Ik heb dit gecontroleerd: verwijder het definitief"
ONLY_LEAD = only_teamleider(APPLY_RETENTION)


def summary(review: RetentionReview) -> list[str]:
    p = review.policy
    lines = []
    if review.cases:
        closed = counted(len(review.cases), "afgesloten casus", "afgesloten casussen")
        lines.append(
            f"{closed}, langer dan {p.case_years} jaar geleden afgesloten: "
            + ("wordt" if len(review.cases) == 1 else "worden")
            + " met alles erbij verwijderd."
        )
    if review.reports:
        reports = counted(len(review.reports), "melding", "meldingen")
        lines.append(
            f"{reports} zonder casus, langer dan {p.report_years} jaar geleden beoordeeld: "
            + ("wordt" if len(review.reports) == 1 else "worden")
            + " verwijderd."
        )
    if review.reporters:
        lines.append(
            f"Van {counted(len(review.reporters), 'melding', 'meldingen')} worden naam, "
            "organisatie en bereikbaarheid van de melder gewist (afgesloten langer dan "
            f"{p.reporter_years} jaar geleden)."
        )
    if review.log_entries:
        lines.append(
            f"{counted(review.log_entries, 'logboekregel', 'logboekregels')} van vóór "
            f"{date_text(review.log_before)} (ouder dan 5 jaar) "
            + ("wordt" if review.log_entries == 1 else "worden")
            + " verwijderd."
        )
    return lines or [NOTHING]


def done_text(done: RetentionDone) -> str:
    space = (
        "De ruimte in het register is vrijgegeven."
        if done.space_reclaimed
        else "De ruimte kon nog niet worden vrijgegeven (is de schijf vol?); dat gebeurt bij "
        "de volgende keer. Het verwijderde is wel definitief weg."
    )
    return (
        f"Verwijderd: {counted(done.cases, 'casus', 'casussen')}, "
        f"{counted(done.reports, 'melding', 'meldingen')}, "
        f"{counted(done.persons, 'persoon', 'personen')} en "
        f"{counted(done.log_entries, 'logboekregel', 'logboekregels')}; "
        f"{counted(done.reporters, 'melder', 'melders')} gewist. {space}"
    )


class RetentionReviewDialog(QDialog):
    def __init__(
        self, session: RegisterSession, review: RetentionReview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.review = review
        self.removed: RetentionDone | None = None
        self.setWindowTitle("Bewaartermijnen: wat weg moet")
        intro = QLabel(
            f"Volgens de bewaartermijnen van het team moet op {date_text(review.today)} het "
            "volgende weg. Controleer het: verwijderen kan niet ongedaan worden gemaakt (een "
            "back-up van vóór vandaag heeft het nog)."
        )
        intro.setWordWrap(True)
        self.summary = QLabel("\n".join(f"• {line}" for line in summary(review)))
        self.summary.setWordWrap(True)
        # Each thing that goes, by number, kind and date (no names): a count alone cannot
        # be checked before confirming.
        self.model = DueItemModel(self)
        self.model.set_rows(due_items(review))
        proxy = SortProxy(self)
        proxy.setSourceModel(self.model)
        self.table = TableView("Niets.")
        self.table.setObjectName("due_items")
        self.table.setModel(proxy)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # cases first, by date
        self.table.fit_columns({DueColumn.WHAT})
        self.table.setVisible(self.model.rowCount() > 0)
        self.confirm_box = QCheckBox(CONFIRM)
        self.lead_note = reason_label(APPLY_RETENTION)
        self.buttons = QDialogButtonBox()
        self.delete_button = QPushButton("Definitief verwijderen")
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(
            "Sluiten", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.delete_button.setEnabled(False)
        self.confirm_box.setEnabled(False)  # until the register says who is looking
        self.confirm_box.toggled.connect(self._update)
        self.delete_button.clicked.connect(self.remove)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.lead_note)
        layout.addWidget(self.buttons)
        self.confirm_box.setVisible(not review.empty)
        self.resize(760, 480)
        self._is_lead = False
        session.call(lambda r: r.role(), self._role_known)

    def _role_known(self, role: Role) -> None:
        self._is_lead = is_lead(role)
        allow(self.confirm_box, self._is_lead, APPLY_RETENTION)
        show_reason(self.lead_note, self._is_lead or self.review.empty)
        self._update()

    def _update(self) -> None:
        self.delete_button.setEnabled(
            self._is_lead and self.confirm_box.isChecked() and not self.review.empty
        )

    def remove(self) -> None:
        if not self.delete_button.isEnabled():
            return
        self.setEnabled(False)
        review = self.review
        self._session.call(lambda r: retention.apply(r, review), self._removed, self._failed)

    def _removed(self, done: RetentionDone) -> None:
        self.removed = done
        self.setEnabled(True)
        self._session.data_changed.emit(Topic.CASES)
        messages.info(self, "Verwijderd", done_text(done))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        show_error(exc)
