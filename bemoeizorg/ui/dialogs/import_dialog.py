"""Importeren uit spreadsheet: choose a filled template, see what it would make, import.

Reading the workbook writes nothing. The preview shows the counts, the first rows and
every row error, and which rows are already in the register ("al in het register": they
are left out). "Importeren" is only enabled for a workbook without errors and with
something new, and the import itself is one transaction on the worker (all rows or none).
Reading and importing show how far they are, and Annuleren stops either: a cancelled
import writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.domain.cancel import Cancelled
from bemoeizorg.domain.formats import counted, number_text
from bemoeizorg.sheets.reading import (
    ImportPreview,
    ImportRefused,
    ImportResult,
    check_against_register,
    import_preview,
    read_workbook,
    team_names,
    write_template,
)
from bemoeizorg.store.errors import from_os_error
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.dialog_host import LockableDialog
from bemoeizorg.ui.jobs import JobControl, show_error
from bemoeizorg.ui.models.import_preview_model import ImportPreviewModel, PreviewColumn
from bemoeizorg.ui.models.row_table import SortProxy
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.widgets.table_view import TableView

TITLE = "Importeren uit spreadsheet"
INTRO = (
    "Lees meldingen, personen en casussen in uit een Excel-werkmap die volgens het sjabloon "
    "is ingevuld. U ziet eerst wat er wordt ingelezen; er wordt niets opgeslagen voordat u "
    "op Importeren klikt."
)
NO_FILE = "Kies een werkmap om te zien wat er wordt ingelezen."
READING = "Bezig met lezen van de werkmap…"
IMPORTING = "Bezig met importeren… Dit kan even duren."
READ_CANCELLED = "Lezen afgebroken. Kies de werkmap opnieuw om verder te gaan."
IMPORT_CANCELLED = "Import afgebroken: er is niets gewijzigd in het register."
SHEET_FILTER = "Excel-werkmap (*.xlsx)"
MAX_COLUMN_WIDTH = 180
NOTHING_NEW = (
    "Alles uit {file} staat al in het register ({count}): er is niets nieuws om in te lezen."
)


def summary_text(preview: ImportPreview) -> str:
    """'6 meldingen over 4 personen; 3 casussen, waarvan 2 afgesloten; ...'"""
    text = (
        f"{counted(preview.reports, 'melding', 'meldingen')} over "
        f"{counted(preview.persons, 'persoon', 'personen')}; "
        f"{counted(preview.cases, 'casus', 'casussen')}, "
        f"waarvan {number_text(preview.closed_cases)} afgesloten; "
        f"{number_text(preview.not_taken_on)} niet opgepakt."
    )
    known = len(preview.in_register)
    if known:
        text += " " + counted(
            known,
            "melding staat al in het register en wordt niet opnieuw ingelezen.",
            "meldingen staan al in het register en worden niet opnieuw ingelezen.",
        )
    if preview.errors:
        return (
            f"{counted(len(preview.errors), 'fout', 'fouten')} in {preview.file_name}: er kan "
            "niets worden geïmporteerd tot ze zijn verbeterd. Zonder de rijen met fouten: " + text
        )
    if preview.nothing_new:
        return NOTHING_NEW.format(
            count=counted(known, "melding", "meldingen"), file=preview.file_name
        )
    return f"Klaar om in te lezen uit {preview.file_name}: {text}"


def result_text(result: ImportResult) -> str:
    text = (
        f"Ingelezen: {counted(result.reports, 'melding', 'meldingen')}, "
        f"{counted(result.persons, 'nieuwe persoon', 'nieuwe personen')} en "
        f"{counted(result.cases, 'nieuwe casus', 'nieuwe casussen')}."
    )
    if result.skipped:
        text += f" Al in het register en overgeslagen: {number_text(result.skipped)}."
    return text


class ImportDialog(LockableDialog):
    progress_shown = Signal(str)  # each progress text, as the status line shows it

    def __init__(self, session: RegisterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.preview: ImportPreview | None = None
        self.path: Path | None = None
        self._busy = False
        self.control: JobControl | None = None  # the reading or import under way
        self.setWindowTitle(TITLE)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("Nog geen werkmap gekozen")
        self.choose_button = QPushButton("Werkmap kiezen…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Werkmap"))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.summary = QLabel(NO_FILE)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ImportPreviewModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = TableView("Hier verschijnen de eerste rijen van de werkmap.")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(PreviewColumn.ROW, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.rows_label = QLabel("")

        self.errors_label = QLabel("Fouten")
        self.errors_label.setStyleSheet(style.error_heading())
        self.errors_list = QListWidget()
        self.errors_list.setStyleSheet(style.error_text())
        self.errors_list.setWordWrap(True)
        self.errors_list.setMaximumHeight(150)
        self.warnings_label = QLabel("")
        self.warnings_label.setWordWrap(True)
        self.status = QLabel("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.setToolTip("Stopt het lezen of importeren; er wordt niets opgeslagen")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

        self.template_button = QPushButton("Sjabloon opslaan…")
        self.template_button.setToolTip("Een lege werkmap met de juiste kolommen en een uitleg")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Importeren", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            "Sluiten", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.template_button.clicked.connect(self.choose_template_file)
        self.buttons.accepted.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rows_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_list)
        bottom = QHBoxLayout()
        bottom.addWidget(self.template_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.resize(1160, 640)
        self._show_preview(None)
        self.choose_button.setFocus()

    # --- state ---------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.status.setText(text)
        if not busy:
            self.control = None
        self.progress.setRange(0, 0)  # busy until the work says how far it is
        self.progress.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.cancel_button.setVisible(busy)
        for widget in (self.choose_button, self.template_button, self.close_button):
            widget.setEnabled(not busy)
        self._update_import_button()
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _start(self, text: str) -> JobControl:
        """Busy with long work that reports progress and that Annuleren can stop."""
        self._set_busy(True, text)
        self.control = JobControl(self._progressed, self)
        return self.control

    def _progressed(self, fraction: float | None, text: str) -> None:
        if not self._busy:
            return  # a report that arrived after the end
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(100 * fraction))
        if text:
            self.status.setText(text)
            self.progress_shown.emit(text)

    def cancel(self) -> None:
        """Annuleren: the reading or import stops at its next step; nothing is written."""
        if self.control is not None:
            self.control.cancel()
            self.cancel_button.setEnabled(False)

    def _update_import_button(self) -> None:
        preview = self.preview
        ok = preview is not None and preview.ok and not preview.nothing_new
        self.import_button.setEnabled(ok and not self._busy)

    def _show_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.model.set_rows(preview.sample if preview else [])
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, min(width, MAX_COLUMN_WIDTH))
        errors = list(preview.errors) if preview else []
        self.errors_list.clear()
        self.errors_list.addItems(errors)
        self.errors_label.setText(f"Fouten ({len(errors)})")
        self.errors_label.setVisible(bool(errors))
        self.errors_list.setVisible(bool(errors))
        warnings = preview.warnings if preview else ()
        self.warnings_label.setText("\n".join(f"Let op: {w}" for w in warnings))
        self.warnings_label.setVisible(bool(warnings))
        self.summary.setStyleSheet("")
        if preview is None:
            self.summary.setText(NO_FILE)
            self.rows_label.clear()
        else:
            self.summary.setText(summary_text(preview))
            shown = len(preview.sample)
            more = f" (de eerste {shown} getoond)" if shown < preview.row_count else ""
            self.rows_label.setText(
                f"{counted(preview.row_count, 'rij', 'rijen')} in de werkmap{more}."
            )
        self._update_import_button()

    # --- reading -------------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen = file_dialogs.open_file(
            self, self._session, "Werkmap kiezen", SHEET_FILTER,
            folder=self.path.parent if self.path else None,
        )  # fmt: skip
        if chosen is not None:
            self.set_path(chosen)

    def set_path(self, path: Path) -> None:
        """Read and check the workbook (on the worker); nothing is written."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self._show_preview(None)
        control = self._start(READING)
        workbook = self.path

        def job(register: Register) -> ImportPreview:
            preview = read_workbook(workbook, team=team_names(register), steps=control)
            return check_against_register(register, preview, control)

        self._session.call(job, self._read, self._read_failed, control=control)

    def _read(self, preview: ImportPreview) -> None:
        self._set_busy(False)
        self._show_preview(preview)
        if self.import_button.isEnabled():
            self.import_button.setDefault(True)
            self.import_button.setFocus()

    def _read_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_preview(None)
        if isinstance(exc, Cancelled):
            self.summary.setText(READ_CANCELLED)
            return
        self.summary.setText(messages.dutch_error_text(exc))
        self.summary.setStyleSheet(style.error_text())

    # --- importing -----------------------------------------------------------------------

    def import_now(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok or self._busy:
            return
        control = self._start(IMPORTING)
        self._session.call(
            lambda register: import_preview(register, preview, control),
            self._imported,
            self._failed,
            control=control,
        )

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        if self._session.is_unlocked:
            self._session.data_changed.emit(Topic.CASES)
        if not self.closing_for_lock:
            messages.info(self, "Import klaar", result_text(result))
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, Cancelled):
            # Asked for: no message box, only the line that says nothing was written.
            self.status.setText(IMPORT_CANCELLED)
            return
        if isinstance(exc, ImportRefused):
            # The team changed since reading (an owner is gone): show why, import nothing.
            self.preview = None
            self.errors_list.clear()
            self.errors_list.addItems(exc.errors)
            self.errors_label.setText(f"Fouten ({len(exc.errors)})")
            self.errors_label.show()
            self.errors_list.show()
            self.summary.setText(exc.message)
            self._update_import_button()
            return
        show_error(exc)

    # --- the template --------------------------------------------------------------------

    def choose_template_file(self) -> None:
        chosen = file_dialogs.save_file(
            self, self._session, "Sjabloon opslaan als", "sjabloon meldingen.xlsx", SHEET_FILTER,
            suffix=".xlsx",
        )  # fmt: skip
        if chosen is not None:
            self.save_template(chosen)

    def save_template(self, path: Path) -> None:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self._set_busy(True, "Bezig met opslaan van het sjabloon…")
        self._session.runner.submit(
            lambda: write_template(path),
            lambda _none: self._template_saved(path),
            self._template_failed,
        )

    def _template_saved(self, path: Path) -> None:
        self._set_busy(False)
        messages.info(
            self,
            "Sjabloon opgeslagen",
            f"Het sjabloon staat in {path}. Vul één rij per melding in en kies het daarna "
            "hier met Werkmap kiezen.",
        )

    def _template_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, OSError):
            exc = from_os_error(exc)
        show_error(exc)

    def reject(self) -> None:
        # While importing, Sluiten waits for the end (it is one transaction either way);
        # locking closes the dialog at once and the lock waits behind the import.
        if self._busy and not self.closing_for_lock:
            return
        super().reject()
