"""Meldingen that are no case, as a list of their own in Casussen.

"Te beoordelen": the triage queue (meldingen left for "Later beoordelen"), the most urgent
and the longest waiting first, with the days waited; "Beoordelen…" (or Enter) runs the
triage dialog for one, after which it leaves the list. "Niet opgepakt": meldingen answered
with advice or a referral elsewhere, newest first, by municipality; "Beoordeling
wijzigen…" and "Omzetten naar casus…" correct such a decision.

Everyone may read both lists (reading one is logged as one view) and open a melding;
triage from the queue and corrections are for a team lead: for a bemoeizorger those
buttons are disabled with the reason (casework refuses a correction anyway).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework.team_policy import only_teamleider
from bemoeizorg.casework.triage_queue import (
    CHANGE_TRIAGE,
    TRIAGE_WAITING,
    ReportRow,
    reports_not_taken_on,
    waiting_reports,
)
from bemoeizorg.domain.formats import counted
from bemoeizorg.domain.municipalities import MUNICIPALITIES
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.vocabulary import TriageDecision
from bemoeizorg.store.register import Register
from bemoeizorg.ui import style
from bemoeizorg.ui.dialog_host import DialogHost
from bemoeizorg.ui.dialogs.report_view_dialog import ReportViewDialog
from bemoeizorg.ui.dialogs.triage_dialog import TriageDialog
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.report_list_model import (
    NotTakenColumn,
    NotTakenOnModel,
    WaitingColumn,
    WaitingModel,
)
from bemoeizorg.ui.models.row_table import RowTableModel, SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.table_view import TableView

WAITING_INTRO = (
    "Meldingen die nog beoordeeld moeten worden (‘Later beoordelen’): de meest urgente en "
    "de langst wachtende bovenaan. Dubbelklik of Enter om er een te beoordelen."
)
NOT_TAKEN_INTRO = (
    "Meldingen die niet zijn opgepakt: advies gegeven of de melder elders naartoe "
    "verwezen, de nieuwste bovenaan. Een teamleider kan de beoordeling wijzigen of er "
    "alsnog een casus van maken; de eerdere beoordeling blijft bewaard."
)
WAITING_EMPTY = "Geen meldingen die wachten op een beoordeling."
NOT_TAKEN_EMPTY = "Geen meldingen die niet zijn opgepakt."
ALL_MUNICIPALITIES = "Alle gemeenten"
READ = "Melding &inzien…"
TRIAGE = "&Beoordelen…"
CHANGE = "Beoordeling &wijzigen…"
MAKE_CASE = "Omzetten naar &casus…"


class ReportListKind(StrEnum):
    WAITING = "te_beoordelen"
    NOT_TAKEN_ON = "niet_opgepakt"


class ReportListPanel(RegisterView):
    topics = EVERY_TOPIC - frozenset({Topic.LOG})
    reads_when_shown = True  # a list read is logged: read when the user looks at it

    def __init__(
        self,
        session: RegisterSession,
        kind: ReportListKind,
        dialogs: DialogHost | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.kind = kind  # build() needs it
        super().__init__(session, dialogs, parent)

    def build(self) -> None:
        self._seq = 0
        self.lead = False
        self.role_known = False  # the reason for disabled buttons shows only once known
        waiting = self.kind is ReportListKind.WAITING
        self.intro = QLabel(WAITING_INTRO if waiting else NOT_TAKEN_INTRO)
        self.intro.setWordWrap(True)
        self.model: RowTableModel[ReportRow] = (
            WaitingModel(self) if waiting else NotTakenOnModel(self)
        )
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView(WAITING_EMPTY if waiting else NOT_TAKEN_EMPTY)
        self.table.setModel(self.proxy)
        stretch = WaitingColumn.CONCERNS if waiting else NotTakenColumn.NOTE
        self.table.fit_columns({stretch})  # short lists: columns fit what they hold
        # The register's order (most pressing first) until the user clicks a header.
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        self.municipality_combo = QComboBox()
        self.municipality_combo.addItem(ALL_MUNICIPALITIES, None)
        for m in sorted(MUNICIPALITIES, key=lambda m: m.name):
            self.municipality_combo.addItem(m.name, m.code)
        self.municipality_combo.setVisible(not waiting)
        self.municipality_combo.currentIndexChanged.connect(self.reload)

        self.read_button = QPushButton(READ)
        self.triage_button = QPushButton(TRIAGE)
        self.change_button = QPushButton(CHANGE)
        self.case_button = QPushButton(MAKE_CASE)
        self.triage_button.setVisible(waiting)
        self.change_button.setVisible(not waiting)
        self.case_button.setVisible(not waiting)
        self.reason = QLabel(only_teamleider(TRIAGE_WAITING if waiting else CHANGE_TRIAGE))
        self.reason.setObjectName("teamleider_only")
        self.reason.setStyleSheet(style.muted_text())
        self.reason.setVisible(False)
        self.count_label = QLabel()
        self.count_label.setObjectName("report_count")

        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        if not waiting:
            top.addWidget(QLabel("Gemeente"))
            top.addWidget(self.municipality_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.reason)
        for button in (self.read_button, self.triage_button, self.change_button, self.case_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.read_button.clicked.connect(self.read_selected)
        self.triage_button.clicked.connect(self.triage_selected)
        self.change_button.clicked.connect(lambda: self.change_selected(None))
        self.case_button.clicked.connect(lambda: self.change_selected(TriageDecision.OPGEPAKT))
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        self._seq += 1  # an answer still on its way is now out of date
        super().reload()

    def load(self) -> None:
        seq, kind = self._seq, self.kind
        municipality = self.municipality_combo.currentData() or None

        def job(register: Register) -> tuple[Role, list[ReportRow]]:
            if kind is ReportListKind.WAITING:
                return register.role(), waiting_reports(register)
            return register.role(), reports_not_taken_on(register, municipality)

        self._session.call(job, lambda result: self._loaded(seq, *result), self._failed)

    def _loaded(self, seq: int, role: Role, rows: list[ReportRow]) -> None:
        if seq != self._seq:
            return
        self.lead = is_lead(role)
        self.role_known = True
        self.model.set_rows(rows)
        self.count_label.setText(counted(len(rows), "melding", "meldingen"))
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        show_error(exc)

    def clear(self) -> None:
        self._seq += 1
        self.lead = self.role_known = False
        self.model.clear()
        self.count_label.clear()
        self._update_buttons()

    # --- acting on a melding -------------------------------------------------------------

    def selected(self) -> ReportRow | None:
        value = self.table.selected_value()
        return value if isinstance(value, ReportRow) else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.read_button.setEnabled(chosen)
        for button in (self.triage_button, self.change_button, self.case_button):
            what = TRIAGE_WAITING if button is self.triage_button else CHANGE_TRIAGE
            allow(button, self.lead, what)
            button.setEnabled(self.lead and chosen)
        self.reason.setVisible(self.role_known and not self.lead)

    def _activated(self, index: QModelIndex) -> None:
        if self.kind is ReportListKind.WAITING and self.lead:
            self.triage_selected()
        else:
            self.read_selected()

    def read_selected(self) -> ReportViewDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = ReportViewDialog(
            self._session, row.report_id, show_person_button=False, parent=self
        )
        return self._dialogs.open(dialog)

    def triage_selected(self) -> TriageDialog | None:
        row = self.selected()
        if row is None or not self.lead:
            return None
        return self._dialogs.open(TriageDialog(self._session, row.report_id, self, waiting=row))

    def change_selected(self, start: TriageDecision | None) -> TriageDialog | None:
        row = self.selected()
        if row is None or not self.lead:
            return None
        dialog = TriageDialog(
            self._session, row.report_id, self, correcting=row, start=start or row.triage
        )
        return self._dialogs.open(dialog)
