"""Jaarcijfers: the period's report counts for the regional monitor, as they will be
published (small numbers hidden), with a chart per quarter; export to XLSX, CSV or PDF;
team files made and merged.

Everything shown here is already suppressed: the screen shows what leaves the team.
Counting and withholding run on the worker with a progress bar and Annuleren (a cancelled
computation writes nothing). The register's earlier publications are listed beside the
tables, marked where the figures now shown are protected together with them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.casework import team_policy
from bemoeizorg.casework.publications import (
    LoggedPublication,
    last_publication_id,
    publications,
    related_publications,
)
from bemoeizorg.casework.team_policy import CountsPolicy
from bemoeizorg.domain.disclosure import Cancelled
from bemoeizorg.domain.formats import counted, number_text, stored_moment_text
from bemoeizorg.exports.counts import Period
from bemoeizorg.exports.counts_export import (
    SHEET_NAMES,
    Publication,
    chart,
    export_publication,
    prepare,
    publish,
)
from bemoeizorg.exports.counts_team_file import merge, write_team_file
from bemoeizorg.store import access_log
from bemoeizorg.store.access_log import Action, LogFilter
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.jobs import JobControl, show_error
from bemoeizorg.ui.models.published_table_model import PublishedTableModel
from bemoeizorg.ui.register_session import Topic
from bemoeizorg.ui.views.register_view import EVERY_TOPIC, RegisterView
from bemoeizorg.ui.widgets.bar_chart import NOTE, BarChart
from bemoeizorg.ui.widgets.date_field import DateField

WHOLE_YEAR = 0
OWN_PERIOD = 5  # after the four quarters
FILTER = "Excel-werkmap (*.xlsx);;CSV-bestand (*.csv);;PDF-document (*.pdf)"
TEAM_FILTER = "Teambestand met cijfers (*.json)"
PER_SUBREGION, PER_MUNICIPALITY = 0, 1
SHAPES = ("Per subregio (standaard)", "Per gemeente")
SHAPE_TIP = (
    "Hoe de uitsplitsingen (beoordeling, melders, zorgen, kwartalen) worden gepubliceerd. "
    "Per gemeente moeten meer cijfers worden weggelaten."
)
CANCELLED = "Berekening afgebroken."
COUNTING = "Cijfers worden geteld…"
CHECKING = "Controleren dat niets terug te rekenen is: {n} berekeningen…"
EARLIER_TITLE = "Eerder gepubliceerd uit dit register"
NOTHING_EARLIER = "Nog niets gepubliceerd."
TAKEN_ALONG = "meegenomen"
TAKEN_ALONG_TIP = "De cijfers hierboven zijn samen met deze publicatie beschermd."
UNKNOWN_WHO = "onbekend"
INTRO = (
    "Zo gaan de cijfers naar de regionale monitor: kleine aantallen zijn al weggelaten "
    '("."). '
    "Alleen aantallen, nooit namen van personen, melders of medewerkers."
)


@dataclass(frozen=True, slots=True)
class Earlier:
    """An earlier publication as the screen lists it."""

    publication: LoggedPublication
    who: str  # the user who exported it (from the access log)

    @property
    def period_label(self) -> str:
        return Period(self.publication.start, self.publication.end).label

    def line(self) -> str:
        pub = self.publication
        tables = {c.table for c in pub.cells}
        shape = "per gemeente" if pub.per_municipality else "per subregio"
        return (
            f"{self.period_label} ({pub.label}), op {stored_moment_text(pub.published_at)} "
            f"door {self.who}: {counted(len(tables), 'tabel', 'tabellen')} {shape}, "
            f"{number_text(pub.withheld)} van {number_text(len(pub.cells))} cijfers weggelaten"
        )

    def tables_text(self) -> str:
        keys = sorted({c.table for c in self.publication.cells})
        names = []
        for key in keys:
            base, _, specialism = key.partition(":")
            names.append(SHEET_NAMES.get(base, base) + (f" ({specialism})" if specialism else ""))
        return "Tabellen: " + ", ".join(names) + "."


def earlier_publications(register: Register) -> list[Earlier]:
    """Every publication of this register, newest first, each with who exported it: the
    counts export's EXPORT entry is written just before its publication row, in the same
    transaction (exports/publish.publish_coded), so it is the last such entry before it."""
    found = publications(register)
    if not found:
        return []
    with register.session() as session:
        exports = [  # newest first; counts and other aggregates carry no case
            e
            for e in access_log.query(
                session,
                LogFilter(actions=(Action.EXPORT,), since=found[0].published_at[:10]),
            )
            if e.case_id is None
        ]
    listed = []
    for pub in reversed(found):
        second = pub.published_at[:19]  # stored to the second; the entry to the microsecond
        who = next((e.user_name for e in exports if e.at[:19] <= second), UNKNOWN_WHO)
        listed.append(Earlier(pub, who))
    return listed


@dataclass(frozen=True, slots=True)
class Loaded:
    policy: CountsPolicy
    publication: Publication
    earlier: list[Earlier]
    taken_along: set[int]  # ids of the earlier publications protected together now


class CountsView(RegisterView):
    topics = EVERY_TOPIC - {Topic.LOG}  # a log entry changes no count
    reads_when_shown = True  # counting is work: only for a user who looks
    progress_shown = Signal(str)  # what the progress line says while work runs

    def build(self) -> None:
        self._seq = 0
        self.publication: Publication | None = None
        self.control: JobControl | None = None  # the long work under way, if any
        self.earlier: list[Earlier] = []

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
        self._own = Period.year(self.year_spin.value())  # the own period last counted
        self.from_edit = DateField(required="Vul de begindatum in.", future=False)
        self.to_edit = DateField(
            required="Vul de einddatum in.",
            future=False,
            earliest_problem="De einddatum ligt vóór de begindatum ({date}).",
        )
        self.shape_combo = QComboBox()
        self.shape_combo.addItems(SHAPES)
        self.shape_combo.setToolTip(SHAPE_TIP)
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
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(200)
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.setToolTip("De berekening stoppen; er wordt niets geschreven.")
        self.progress.hide()
        self.cancel_button.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.table_list = QListWidget()
        self.earlier_title = QLabel(f"<b>{EARLIER_TITLE}</b>")
        self.earlier_list = QListWidget()
        self.earlier_list.setWordWrap(True)
        self.earlier_list.setObjectName("earlier_publications")
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
        period.addStretch(1)
        # How it is shown on a line of its own: with the period on one line the view was
        # 960 pixels at least, wider than an 800-pixel window.
        shown = QHBoxLayout()
        shown.addWidget(QLabel("Verbergen onder"))
        shown.addWidget(self.threshold_spin)
        shown.addSpacing(16)
        shown.addWidget(self.shape_combo)
        shown.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.team_file_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.status, 1)
        left = QWidget()
        left.setMaximumWidth(360)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table_list, 2)
        left_layout.addWidget(self.earlier_title)
        left_layout.addWidget(self.earlier_list, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.table, 3)
        self.chart_title = QLabel()
        right_layout.addWidget(self.chart_title)
        right_layout.addWidget(self.chart, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addLayout(shown)
        # Below the row, not in it: beside the fields it made the screen too wide.
        layout.addWidget(self.threshold_reason)
        layout.addWidget(split, 1)
        layout.addWidget(self.explanation)
        layout.addLayout(buttons)

        self._sync_period_fields()
        self.year_spin.valueChanged.connect(self._period_changed)
        self.part_combo.currentIndexChanged.connect(self._period_changed)
        self.from_edit.judged.connect(self._start_changed)
        self.to_edit.judged.connect(self._dates_changed)
        self.shape_combo.currentIndexChanged.connect(self.reload)
        self.cancel_button.clicked.connect(self.cancel)
        self.threshold_spin.valueChanged.connect(self._threshold_changed)
        self.table_list.currentRowChanged.connect(self._show_table)
        self.export_button.clicked.connect(self.choose_export)
        self.team_file_button.clicked.connect(self.choose_team_file)
        self.merge_button.clicked.connect(self.choose_merge)
        self._set_enabled(False)

    # --- the period ------------------------------------------------------------------------

    def period(self) -> Period:
        """The period chosen; for an own period with a date missing or wrong, the one the
        fields showed last (`period_problem` says what is wrong)."""
        part = self.part_combo.currentIndex()
        year = self.year_spin.value()
        if part == WHOLE_YEAR:
            return Period.year(year)
        if part == OWN_PERIOD:
            start, end = self.from_edit.value(), self.to_edit.value()
            if start is None or end is None or self.period_problem():
                return self._own
            return Period(start, end)
        return Period.quarter(year, part)

    def period_problem(self) -> str:
        """What is wrong with the own period's dates, in Dutch; "" when nothing."""
        if self.part_combo.currentIndex() != OWN_PERIOD:
            return ""
        return self.from_edit.problem() or self.to_edit.problem()

    def per_municipality(self) -> bool:
        return self.shape_combo.currentIndex() == PER_MUNICIPALITY

    def _sync_period_fields(self) -> None:
        own = self.part_combo.currentIndex() == OWN_PERIOD
        self.year_spin.setEnabled(not own)
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(own)
        if not own:
            chosen = self.period()
            self._own = chosen  # an own period starts from what was shown
            self.from_edit.set_value(chosen.start)
            self.to_edit.set_value(chosen.end)
            self.to_edit.set_earliest(chosen.start)

    def _period_changed(self) -> None:
        self._sync_period_fields()
        self.reload()

    def _start_changed(self) -> None:
        # The end cannot lie before the start (said under the end, when it was said).
        self.to_edit.set_earliest(self.from_edit.value())
        self._dates_changed()

    def _dates_changed(self) -> None:
        if self.part_combo.currentIndex() != OWN_PERIOD:
            return
        problem = self.period_problem()
        if problem:
            self.status.setText(problem)
            return
        chosen = self.period()
        if chosen != self._own:
            self._own = chosen
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

    # --- long work: progress and Annuleren ----------------------------------------------------

    def _start(self) -> JobControl:
        """A control for new long work; work still under way for the screen is stopped."""
        if self.control is not None:
            self.control.cancel()
        control = JobControl(self._progressed, self)
        self.control = control
        self.progress.setRange(0, 0)  # busy until the work says how far it is
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        # One piece of long work at a time from here; Annuleren stops it.
        self._set_enabled(False)
        self.merge_button.setEnabled(False)
        return control

    def _progressed(self, fraction: float | None, text: str) -> None:
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(100 * fraction))
        if text:
            self.status.setText(text)
            self.progress_shown.emit(text)

    def _finish(self, control: JobControl) -> None:
        """Work under `control` is over; the bar goes unless newer work took over."""
        if control is not self.control:
            return
        self.control = None
        self.progress.hide()
        self.cancel_button.hide()
        self._set_enabled(self.publication is not None)
        self.merge_button.setEnabled(True)

    def cancel(self) -> None:
        """Annuleren: the work stops at its next check and writes nothing."""
        if self.control is not None:
            self.control.cancel()
            self.cancel_button.setEnabled(False)

    def _ended(
        self, control: JobControl, then: Callable[[object], object]
    ) -> Callable[[object], None]:
        def done(result: object) -> None:
            self._finish(control)
            then(result)

        return done

    def _failed_for(
        self, control: JobControl, then: Callable[[BaseException], None] | None = None
    ) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self._finish(control)
            (then or self._failed)(exc)

        return failed

    def load(self) -> None:
        self._seq += 1
        seq, period, detailed = self._seq, self.period(), self.per_municipality()
        problem = self.period_problem()
        if problem:
            self.status.setText(problem)
            return
        control = self._start()
        self.status.setText(COUNTING)

        def job(r: Register) -> Loaded:
            control.report(None, COUNTING)
            policy = team_policy.counts_policy(r)
            publication = prepare(
                r,
                period,
                policy.threshold,
                per_municipality=detailed,
                progress=_ticks(control),
                cancelled=control.cancelled,
            )
            taken_along = {p.id for p in related_publications(r, period.start, period.end)}
            return Loaded(policy, publication, earlier_publications(r), taken_along)

        self._session.call(
            job,
            self._ended(control, lambda loaded: self._loaded(seq, loaded)),
            self._failed_for(control, lambda exc: self._load_failed(seq, exc)),
            control=control,
        )

    def _loaded(self, seq: int, loaded: object) -> None:
        if seq != self._seq or not self._session.is_unlocked:
            return
        assert isinstance(loaded, Loaded)
        policy, publication = loaded.policy, loaded.publication
        self._show_policy(policy)
        self._show_earlier(loaded.earlier, loaded.taken_along)
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

    def _show_earlier(self, earlier: list[Earlier], taken_along: set[int]) -> None:
        self.earlier = earlier
        self.earlier_list.clear()
        if not earlier:
            item = QListWidgetItem(NOTHING_EARLIER)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.earlier_list.addItem(item)
            return
        for entry in earlier:
            along = entry.publication.id in taken_along
            item = QListWidgetItem(entry.line() + (f" ({TAKEN_ALONG})" if along else ""))
            item.setToolTip(entry.tables_text() + (" " + TAKEN_ALONG_TIP if along else ""))
            self.earlier_list.addItem(item)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            # Asked for: no message box, only the line that says nothing was made.
            self.status.setText(CANCELLED)
            return
        self.status.clear()
        show_error(exc)

    def _set_enabled(self, loaded: bool) -> None:
        for button in (self.export_button, self.team_file_button):
            button.setEnabled(loaded)

    def clear(self) -> None:
        self._seq += 1
        if self.control is not None:
            self.control.cancel()  # the lock waits behind it on the worker
            self._finish(self.control)
        self.earlier = []
        self.earlier_list.clear()
        self._clear_numbers()
        self.status.clear()
        self.threshold_spin.setEnabled(False)
        self.threshold_reason.hide()

    def _clear_numbers(self) -> None:
        self.publication = None
        self.table_list.clear()
        self.model.set_table(None)
        self.note.clear()
        self.chart.clear()
        self.chart_title.clear()
        self.explanation.clear()
        self._set_enabled(False)

    def _load_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._seq:
            return  # newer work took over (it cancelled this one)
        if isinstance(exc, Cancelled):
            self._clear_numbers()  # no numbers of a period other than the one chosen
        self._failed(exc)

    # --- files -----------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, file_filter: str, suffix: str) -> Path | None:
        return file_dialogs.save_file(self, self._session, title, name, file_filter, suffix=suffix)

    def choose_export(self) -> None:
        if self.publication is None:
            return
        path = self._ask_path(
            "Cijfers exporteren", self.publication.default_file_name(".xlsx"), FILTER, ".xlsx"
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Publish what the screen shows (written, then logged as an export)."""
        publication = self.publication
        if publication is None:
            return
        control = self._start()

        def job(r: Register) -> Path:
            chosen = publication
            if not chosen.merged and chosen.log_mark != last_publication_id(r):
                # Published since the screen counted: withhold again, with that one too.
                control.report(None, COUNTING)
                chosen = prepare(
                    r,
                    chosen.counts.period,
                    chosen.threshold,
                    per_municipality=chosen.per_municipality,
                    progress=_ticks(control),
                    cancelled=control.cancelled,
                )
            control.check()  # the last moment nothing is written yet
            return export_publication(r, chosen, path)

        self._session.call(
            job,
            self._ended(control, lambda done: self._exported(Path(str(done)))),
            self._failed_for(control),
            control=control,
        )

    def _exported(self, path: Path) -> None:
        self._session.data_changed.emit(Topic.LOG)
        self.reload()  # the new publication in the list, and protected with from now on
        messages.info(self, "Geëxporteerd", f"De cijfers staan in {path.name}.")

    def choose_team_file(self) -> None:
        period = self.period()
        name = f"teamcijfers-{period.start.isoformat()}-{period.end.isoformat()}.json"
        path = self._ask_path("Teambestand maken", name, TEAM_FILTER, ".json")
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
        files = file_dialogs.open_files(self, self._session, "Teambestanden kiezen", TEAM_FILTER)
        if not files:
            return
        out = self._ask_path("Samengevoegde cijfers opslaan", "cijfers-samen.xlsx", FILTER, ".xlsx")
        if out is not None:
            self.merge_files(files, out)

    def merge_files(self, files: list[Path], out: Path) -> None:
        """Add the team files up, suppress once, write; logged in this register."""

        control = self._start()

        def job(register: Register) -> Path:
            threshold = team_policy.counts_threshold(register)  # the policy, not the screen
            control.report(None, COUNTING)
            merged = publish(
                merge(files),
                threshold,
                merged=True,  # not this register's counts: export them as they are
                progress=_ticks(control),
                cancelled=control.cancelled,
            )
            control.check()
            return export_publication(register, merged, out)

        self._session.call(
            job,
            self._ended(control, lambda done: self._exported(Path(str(done)))),
            self._failed_for(control),
            control=control,
        )


def _ticks(control: JobControl) -> Callable[[], None]:
    """The analyst's tick (one per solve) as a progress text."""
    solves = itertools.count(1)

    def tick() -> None:
        control.report(None, CHECKING.format(n=number_text(next(solves))))

    return tick
