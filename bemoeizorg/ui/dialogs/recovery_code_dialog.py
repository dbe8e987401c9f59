"""Shows a new recovery code once, with the plain warning, and lets the user print it."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bemoeizorg.ui.dialog_host import LockableDialog

WARNING = (
    "Dit is de herstelcode van het register. Hij wordt maar één keer getoond. Bewaar hem op "
    "papier op een veilige plek, los van deze laptop. Met deze code komt u weer in het "
    "register als u uw wachtwoordzin kwijt bent.\n\n"
    "Let op: wie alle wachtwoordzinnen én deze herstelcode kwijt is, is het register kwijt. "
    "Niemand kan het dan nog openen, ook de makers van het programma niet."
)


class RecoveryCodeDialog(LockableDialog):
    def __init__(self, code: str, register_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Herstelcode")
        self._code = code
        self._register_name = register_name

        title = QLabel(f"<b>Herstelcode voor {_escape(register_name)}</b>")
        self.code_label = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setObjectName("recovery_code")
        warning = QLabel(WARNING)
        warning.setWordWrap(True)

        self.print_button = QPushButton("Afdrukken…")
        self.print_button.clicked.connect(self._print)
        self.confirm_box = QCheckBox("Ik heb de herstelcode opgeschreven of afgedrukt")
        self.close_button = QPushButton("Sluiten")
        self.close_button.setEnabled(False)
        self.close_button.setDefault(True)
        self.confirm_box.toggled.connect(self.close_button.setEnabled)
        self.close_button.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.code_label)
        layout.addWidget(warning)
        layout.addWidget(self.confirm_box)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    def reject(self) -> None:
        # Closing without confirming is allowed only when the lock screen forces it.
        if self.confirm_box.isChecked() or self.closing_for_lock:
            super().reject()

    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setHtml(
            f"<h2>Herstelcode {_escape(self._register_name)}</h2>"
            f"<p style='font-size:20pt; font-family:monospace'><b>{self._code}</b></p>"
            f"<p>{_escape(WARNING).replace(chr(10), '<br>')}</p>"
        )
        return doc

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
            self.confirm_box.setChecked(True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
