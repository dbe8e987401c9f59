"""Jaarcijfers: the period's report counts for the regional monitor, as they will be
published (small numbers hidden), with a chart per quarter; export to XLSX, CSV or PDF;
team files made and merged.

Everything shown here is already suppressed: the screen shows what leaves the team.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import team_policy
from bemoeizorg.casework.team_policy import CountsPolicy
from bemoeizorg.exports.counts import Period, compute_counts
from bemoeizorg.exports.counts_export import Publication, chart, export_publication, publish
from bemoeizorg.exports.counts_team_file import merge, write_team_file
from bemoeizorg.store.register import Register
from bemoeizorg.ui import messages, style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.models.published_table_model import PublishedTableModel
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.bar_chart import NOTE, BarChart
from bemoeizorg.ui.widgets.optional_date_edit import DATE_FORMAT, from_qdate, to_qdate

WHOLE_YEAR = 0
OWN_PERIOD = 5  # after the four quarters
FILTER = "Excel-werkmap (*.xlsx);;CSV-bestand (*.csv);;PDF-document (*.pdf)"
TEAM_FILTER = "Teambestand met cijfers (*.json)"
INTRO = (
    "Zo gaan de cijfers naar de regionale monitor: kleine aantallen zijn al weggelaten "
    '("."). '
    "Alleen aantallen, nooit namen van personen, melders of medewerkers."
)


class CountsView(RegisterView):
    topics = EVERY_TOPIC - {Topic.LOG}  # a log entry changes no count
    reads_when_shown = True  # counting is work: only for a user who looks

    def build(self) -> None:
        self._seq = 0
        self.publication: Publication | None = None

        title = QLabel("Jaarcijfers")
        title.setStyleSheet(style.page_title())
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, date.today().year)
        self.year_spin.setValue(date.today().year - 1)
        self.part_combo = QComboBox()
        self.part_combo.addItem("Heel jaar")
        for q in range(1, 5):
            self.part_combo.addItem(f"Kwartaal {q}")
        self.part_combo.addItem("Zelf kiezen")
        self.from_edit, self.to_edit = QDateEdit(), QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.from_edit.setMaximumDate(QDate.currentDate())
        self.to_edit.setMaximumDate(QDate.currentDate())
        # Team policy in the register: shown to all, changed by a teamleider only.
        self.threshold_spin = QSpinBox()
        self.threshold_spin.setRange(team_policy.THRESHOLD_LOW, team_policy.THRESHOLD_HIGH)
        self.threshold_spin.setKeyboardTracking(False)  # typing "10" is not a change to 1
        self.threshold_spin.setEnabled(False)  # until the register says who may change it
        self.threshold_reason = QLabel(team_policy.only_teamleider(team_policy.CHANGE_THRESHOLD))
        self.threshold_reason.setStyleSheet(style.muted_text())
        self.threshold_reason.hide()
        self.export_button = QPushButton("Exporteren…")
        self.team_file_button = QPushButton("Teambestand maken…")
        self.team_file_button.setToolTip(
            "Voor de teamleider: de cijfers van dit register zonder verbergen, om samen te "
            "voegen met die van andere registers."
        )
        self.merge_button = QPushButton("Teambestanden samenvoegen…")
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table_list = QListWidget()
        self.table_list.setMaximumWidth(360)
        self.model = PublishedTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("counts_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.chart = BarChart()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(style.muted_text())

        period = QHBoxLayout()
        period.addWidget(QLabel("Jaar"))
        period.addWidget(self.year_spin)
        period.addWidget(self.part_combo)
        period.addWidget(QLabel("van"))
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("tot en met"))
        period.addWidget(self.to_edit)
        period.addSpacing(16)
        period.addWidget(QLabel("Verbergen onder"))
        period.addWidget(self.threshold_spin)
        period.addWidget(self.threshold_reason)
        period.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.team_file_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.status, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.table, 3)
        self.chart_title = QLabel()
        right_layout.addWidget(self.chart_title)
        right_layout.addWidget(self.chart, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table_list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addWidget(split, 1)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)

        self._sync_period_fields()
        self.year_spin.valueChanged.connect(self._period_changed)
        self.part_combo.currentIndexChanged.connect(self._period_changed)
        self.from_edit.dateChanged.connect(self._dates_changed)
        self.to_edit.dateChanged.connect(self._dates_changed)
        self.threshold_spin.valueChanged.connect(self._threshold_changed)
        self.table_list.currentRowChanged.connect(self._show_table)
        self.export_button.clicked.connect(self.choose_export)
        self.team_file_button.clicked.connect(self.choose_team_file)
        self.merge_button.clicked.connect(self.choose_merge)
        self._set_enabled(False)

    # --- the period ------------------------------------------------------------------------

    def period(self) -> Period:
        part = self.part_combo.currentIndex()
        year = self.year_spin.value()
        if part == WHOLE_YEAR:
            return Period.year(year)
        if part == OWN_PERIOD:
            return Period(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date()))
        return Period.quarter(year, part)

    def _sync_period_fields(self) -> None:
        own = self.part_combo.currentIndex() == OWN_PERIOD
        self.year_spin.setEnabled(not own)
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(own)
        if not own:
            chosen = self.period()
            for edit, day in ((self.from_edit, chosen.start), (self.to_edit, chosen.end)):
                edit.blockSignals(True)
                edit.setDate(to_qdate(day))
                edit.blockSignals(False)

    def _period_changed(self) -> None:
        self._sync_period_fields()
        self.reload()

    def _dates_changed(self) -> None:
        self.to_edit.setMinimumDate(self.from_edit.date())
        if self.part_combo.currentIndex() == OWN_PERIOD:
            self.reload()

    def _threshold_changed(self, value: int) -> None:
        # Team policy, logged in the store; a counting under way used the old value.
        self._seq += 1
        self._session.call(
            lambda r: team_policy.set_counts_threshold(r, value),
            self._threshold_saved,
            self._threshold_refused,
        )

    def _threshold_saved(self, _none: None) -> None:
        self._session.data_changed.emit(Topic.LOG)
        self.reload()

    def _threshold_refused(self, exc: BaseException) -> None:
        show_error(exc)
        self.reload()  # back to the value in force

    def _show_policy(self, policy: CountsPolicy) -> None:
        spin = self.threshold_spin
        spin.blockSignals(True)
        spin.setValue(policy.threshold)
        spin.blockSignals(False)
        spin.setEnabled(policy.may_change)
        reason = team_policy.only_teamleider(team_policy.CHANGE_THRESHOLD)
        spin.setToolTip(
            f"{team_policy.THRESHOLD_LABEL} (teambeleid, in het register)."
            + ("" if policy.may_change else " " + reason)
        )
        self.threshold_reason.setVisible(not policy.may_change)

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        self._seq += 1
        seq, period = self._seq, self.period()
        self.status.setText("Cijfers worden geteld…")

        def job(r: Register) -> tuple[CountsPolicy, Publication]:
            policy = team_policy.counts_policy(r)
            return policy, publish(compute_counts(r, period), policy.threshold)

        self._session.call(job, lambda result: self._loaded(seq, *result), self._failed)

    def _loaded(self, seq: int, policy: CountsPolicy, publication: Publication) -> None:
        if seq != self._seq or not self._session.is_unlocked:
            return
        self._show_policy(policy)
        self.publication = publication
        chosen = max(self.table_list.currentRow(), 0)
        self.table_list.blockSignals(True)
        self.table_list.clear()
        for table in publication.tables:
            self.table_list.addItem(table.table.title)
        self.table_list.blockSignals(False)
        self.table_list.setMinimumWidth(self.table_list.sizeHintForColumn(0) + 12)
        self.table_list.setCurrentRow(min(chosen, len(publication.tables) - 1))
        self._show_table(self.table_list.currentRow())
        self.explanation.setText(" ".join(publication.explanation))
        received = publication.received_text()
        self.status.setText(f"{publication.counts.period.label}: {received} meldingen.")
        self._show_chart(publication)
        self._set_enabled(True)

    def _show_table(self, row: int) -> None:
        publication = self.publication
        if publication is None or not 0 <= row < len(publication.tables):
            self.model.set_table(None)
            self.note.clear()
            return
        table = publication.tables[row]
        self.model.set_table(table)
        self.note.setText(f"<b>{table.table.title}</b>. {table.table.note}")
        self.table.resizeColumnsToContents()

    def _show_chart(self, publication: Publication) -> None:
        drawn = chart(publication)  # the published cells, as the PDF draws them
        self.chart_title.setText(f"<b>{drawn.title}</b>")
        self.chart.set_data(
            list(drawn.groups), list(drawn.series), [list(v) for v in drawn.values], NOTE
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.clear()
        show_error(exc)

    def _set_enabled(self, loaded: bool) -> None:
        for button in (self.export_button, self.team_file_button):
            button.setEnabled(loaded)

    def clear(self) -> None:
        self._seq += 1
        self.publication = None
        self.table_list.clear()
        self.model.set_table(None)
        self.note.clear()
        self.chart.clear()
        self.chart_title.clear()
        self.explanation.clear()
        self.status.clear()
        self._set_enabled(False)
        self.threshold_spin.setEnabled(False)
        self.threshold_reason.hide()

    # --- files -----------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, file_filter: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), file_filter)
        return Path(chosen) if chosen else None

    def choose_export(self) -> None:
        if self.publication is None:
            return
        path = self._ask_path(
            "Cijfers exporteren", self.publication.default_file_name(".xlsx"), FILTER
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Publish what the screen shows (written, then logged as an export)."""
        publication = self.publication
        if publication is None:
            return
        self._session.call(
            lambda r: export_publication(r, publication, path), self._exported, self._failed
        )

    def _exported(self, path: Path) -> None:
        self._session.data_changed.emit(Topic.LOG)
        messages.info(self, "Geëxporteerd", f"De cijfers staan in {path.name}.")

    def choose_team_file(self) -> None:
        period = self.period()
        name = f"teamcijfers-{period.start.isoformat()}-{period.end.isoformat()}.json"
        path = self._ask_path("Teambestand maken", name, TEAM_FILTER)
        if path is not None:
            self.make_team_file(path)

    def make_team_file(self, path: Path) -> None:
        period = self.period()
        self._session.call(
            lambda r: write_team_file(r, period, path),
            lambda _counts: self._team_file_made(path),
            self._failed,
        )

    def _team_file_made(self, path: Path) -> None:
        self._session.data_changed.emit(Topic.LOG)
        messages.info(
            self,
            "Teambestand gemaakt",
            f"{path.name} bevat de cijfers van dit register zonder verbergen: geef het alleen "
            "aan de teamleider, die het samenvoegt.",
        )

    def choose_merge(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Teambestanden kiezen", str(Path.home()), TEAM_FILTER
        )
        if not files:
            return
        out = self._ask_path("Samengevoegde cijfers opslaan", "cijfers-samen.xlsx", FILTER)
        if out is not None:
            self.merge_files([Path(f) for f in files], out)

    def merge_files(self, files: list[Path], out: Path) -> None:
        """Add the team files up, suppress once, write; logged in this register."""

        def job(register: Register) -> Path:
            threshold = team_policy.counts_threshold(register)  # the policy, not the screen
            return export_publication(register, publish(merge(files), threshold), out)

        self._session.call(job, self._exported, self._failed)
