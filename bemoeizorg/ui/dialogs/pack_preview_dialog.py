"""Voorbeeld pakket: exactly the pages the PDF will hold (`build_pack`), page by page, with
the footer every page carries. "PDF maken…" writes that same pack, optionally protected
with a password, and the register logs which case went into it (verstrekkingenlog).

The privacy guard reads every typed text first: what looks like a name, address, BSN,
birth date, phone number or e-mail address is marked in the page with its reason, and
"PDF maken…" asks to remove it. A teamleider may go on anyway with a reason from a fixed
list (logged with the export, never the text).

The pack shown is the pack written: nothing is read again between the preview and the file.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from bemoeizorg.casework.pack_guard import guard_context
from bemoeizorg.domain.people import Role
from bemoeizorg.domain.privacy_guard import GuardContext, OverrideReason
from bemoeizorg.exports.meeting_pack import PackHit, PackWritten, pack_hits, write_pack
from bemoeizorg.exports.pack_pages import Pack, PackPage, build_pack
from bemoeizorg.store.register import Register
from bemoeizorg.ui import file_dialogs, messages, style
from bemoeizorg.ui.jobs import show_error
from bemoeizorg.ui.register_session import RegisterSession, Topic
from bemoeizorg.ui.teamleider_only import allow, is_lead
from bemoeizorg.ui.widgets.field_error import FieldError

TITLE = "Voorbeeld pakket"
ONLY_THIS = "Alleen wat hier staat komt in het pakket."
LOADING = "Pakket wordt samengesteld…"
PROTECT = "Beveiligen met wachtwoord"
PASSWORD_MIN = 8
TOO_SHORT = f"Kies een wachtwoord van ten minste {PASSWORD_MIN} tekens."
NO_MATCH = "De twee wachtwoorden zijn niet gelijk."
SAVED = "Pakket opgeslagen: {name}. Vastgelegd in het verstrekkingenlog."
SAVE_CAPTION = "Pakket opslaan"
PDF_FILTER = "PDF-bestand (*.pdf)"
HITS_FOUND = (
    "Mogelijk persoonsgegevens in de getypte tekst ({count}), hieronder gemarkeerd met de "
    "reden. Haal ze weg voordat u het pakket maakt: bij de casus met 'Vraag en delen…', "
    "in de gegevens van het overleg (plaats, voorzitter, deelnemers) met 'Wijzigen…'."
)
HITS_TITLE = "Persoonsgegevens in het pakket"
HITS_REMOVE = (
    "De getypte tekst bevat mogelijk persoonsgegevens: {where}. Haal ze weg voordat u het "
    "pakket maakt; een teamleider kan met een reden toch doorgaan."
)
OVERRIDE_ASK = (
    "Het pakket toch maken met de gemarkeerde tekst ({where})? De reden komt in het "
    "logboek: {reason}."
)
NO_OVERRIDE = "Niet overslaan"
OVERRIDE_WHAT = "de privacywaarschuwing overslaan"


def _marked(text: str, hits: list[PackHit]) -> str:
    """The text with each hit marked and its reason after it."""
    out: list[str] = []
    at = 0
    for hit in sorted(hits, key=lambda h: h.hit.start):
        out.append(html.escape(text[at : hit.hit.start]))
        out.append(
            f"<span style='background:{style.ERROR_BACKGROUND}; color:{style.ERROR}'>"
            f"{html.escape(text[hit.hit.start : hit.hit.end])}</span>"
            f"<span style='color:{style.ERROR}'> [{html.escape(hit.hit.reason)}]</span>"
        )
        at = hit.hit.end
    out.append(html.escape(text[at:]))
    return "".join(out)


def page_html(page: PackPage, hits: list[PackHit] | None = None) -> str:
    """The page as the PDF prints it: the title, then each label with its text; hits of
    the privacy guard (of this page) marked."""
    parts = [f"<h2>{html.escape(page.title)}</h2>", "<table cellspacing='0' cellpadding='4'>"]
    for index, line in enumerate(page.lines):
        label = html.escape(line.label)
        mine = [h for h in hits or () if h.line == index]
        text = (_marked(line.text, mine) if mine else html.escape(line.text)).replace("\n", "<br>")
        parts.append(
            f"<tr><td valign='top' style='color:{style.LABEL}; padding-right:16px'>{label}</td>"
            f"<td valign='top'>{text}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


def password_problem(protect: bool, first: str, second: str) -> str:
    if not protect:
        return ""
    if len(first) < PASSWORD_MIN:
        return TOO_SHORT
    if first != second:
        return NO_MATCH
    return ""


def _prepare(register: Register, meeting_id: int) -> tuple[Pack, GuardContext, Role]:
    pack = build_pack(register, meeting_id)
    return pack, guard_context(register, pack.case_ids), register.role()


class PackPreviewDialog(QDialog):
    written = Signal(object)  # PackWritten

    def __init__(
        self, session: RegisterSession, meeting_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.meeting_id = meeting_id
        self.pack: Pack | None = None
        self.guard: GuardContext | None = None
        self.hits: list[PackHit] = []
        self.setWindowTitle(TITLE)

        self.title_label = QLabel(LOADING)
        self.title_label.setStyleSheet(style.title(style.HEADER_SIZE))
        self.only_this = QLabel(ONLY_THIS)
        self.only_this.setStyleSheet(style.warning_note())
        self.hits_label = QLabel()
        self.hits_label.setObjectName("pack_hits")
        self.hits_label.setWordWrap(True)
        self.hits_label.setStyleSheet(style.error_banner())
        self.hits_label.setVisible(False)
        self.override_combo = QComboBox()
        self.override_combo.setAccessibleName("Reden om toch door te gaan")
        self.override_combo.addItem(NO_OVERRIDE, None)
        for reason in OverrideReason:
            self.override_combo.addItem(reason.label, reason.value)
        self.override_row = QWidget()
        override_layout = QHBoxLayout(self.override_row)
        override_layout.setContentsMargins(0, 0, 0, 0)
        override_layout.addWidget(QLabel("Toch doorgaan (teamleider), reden:"))
        override_layout.addWidget(self.override_combo, 1)
        self.override_row.setVisible(False)
        self.page_list = QListWidget()
        self.page_list.setAccessibleName("Pagina's")
        self.page_list.setMinimumWidth(200)
        self.page_view = QTextBrowser()
        self.page_view.setObjectName("page_view")
        self.page_view.setOpenLinks(False)
        self.footer_label = QLabel()
        self.footer_label.setObjectName("pack_footer")
        self.footer_label.setWordWrap(True)
        self.footer_label.setStyleSheet(style.footer_text())
        page_side = QWidget()
        page_layout = QVBoxLayout(page_side)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.page_view, 1)
        page_layout.addWidget(self.footer_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.page_list)
        splitter.addWidget(page_side)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.protect_box = QCheckBox(PROTECT)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("Wachtwoord")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName("Wachtwoord herhalen")
        self.password_error = FieldError()
        self.password_error.setObjectName("password_error")
        self.password_fields = QWidget()
        form = QFormLayout(self.password_fields)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow("Wachtwoord", self.password_edit)
        form.addRow("Nog een keer", self.repeat_edit)
        form.addRow("", self.password_error)
        self.password_fields.setVisible(False)
        self.password_hint = QLabel(
            "Geef het wachtwoord apart door aan de deelnemers, niet in dezelfde e-mail."
        )
        self.password_hint.setWordWrap(True)
        self.password_hint.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            "PDF maken…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            "Sluiten", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.make_button.setEnabled(False)
        self.buttons.accepted.connect(self.choose_file)
        self.buttons.rejected.connect(self.reject)

        protect_row = QHBoxLayout()
        protect_row.addWidget(self.protect_box)
        protect_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.only_this)
        layout.addWidget(self.hits_label)
        layout.addWidget(self.override_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(protect_row)
        layout.addWidget(self.password_fields)
        layout.addWidget(self.password_hint)
        layout.addWidget(self.buttons)
        self.resize(900, 640)

        self.page_list.currentRowChanged.connect(self.show_page)
        self.protect_box.toggled.connect(self._protect_toggled)
        for edit in (self.password_edit, self.repeat_edit):
            edit.textChanged.connect(lambda _text: self.password_error.show_problem(None))
        session.call(lambda r: _prepare(r, meeting_id), self._built, self._failed)

    # --- the preview -----------------------------------------------------------------------

    def is_alive(self) -> bool:
        return isValid(self)

    def _built(self, result: tuple[Pack, GuardContext, Role]) -> None:
        if not self.is_alive():
            return
        pack, self.guard, role = result
        self.pack = pack
        self.hits = pack_hits(pack, self.guard)
        if self.hits:
            self.hits_label.setText(HITS_FOUND.format(count=len(self.hits)))
        self.hits_label.setVisible(bool(self.hits))
        self.override_row.setVisible(bool(self.hits))
        allow(self.override_combo, is_lead(role), OVERRIDE_WHAT)
        self.title_label.setText(pack.title)
        self.page_list.clear()
        for index, page in enumerate(pack.pages):
            marked = any(h.page == index for h in self.hits)
            self.page_list.addItem(f"{page.title}  (!)" if marked else page.title)
        self.footer_label.setText(pack.footer())
        self.make_button.setEnabled(True)
        self.page_list.setCurrentRow(0)

    def show_page(self, index: int) -> None:
        if self.pack is None or not 0 <= index < len(self.pack.pages):
            self.page_view.clear()
            return
        mine = [h for h in self.hits if h.page == index]
        self.page_view.setHtml(page_html(self.pack.pages[index], mine))

    def page_text(self, index: int) -> str:
        """Tests: what page `index` shows, as plain text."""
        self.page_list.setCurrentRow(index)
        return self.page_view.toPlainText()

    def _failed(self, exc: BaseException) -> None:
        if not self.is_alive():
            return
        self.make_button.setEnabled(self.pack is not None)
        show_error(exc)
        if self.pack is None:
            self.reject()

    # --- the PDF -----------------------------------------------------------------------------

    def _protect_toggled(self, on: bool) -> None:
        self.password_fields.setVisible(on)
        self.password_hint.setVisible(on)
        self.password_error.show_problem(None)
        if on:
            self.password_edit.setFocus()

    def password(self) -> str | None:
        return self.password_edit.text() if self.protect_box.isChecked() else None

    def check_password(self) -> bool:
        problem = password_problem(
            self.protect_box.isChecked(), self.password_edit.text(), self.repeat_edit.text()
        )
        self.password_error.show_problem(problem or None)
        if problem:
            self.password_edit.setFocus()
        return not problem

    def override(self) -> OverrideReason | None:
        value = self.override_combo.currentData()
        return OverrideReason(value) if value and self.override_combo.isEnabled() else None

    def hits_allowed(self) -> bool:
        """No hits, or a teamleider goes on with a reason (asked once more): else the
        team lead is asked to remove them."""
        if not self.hits or self.pack is None:
            return True
        pack = self.pack
        where = ", ".join(dict.fromkeys(h.where(pack) for h in self.hits))
        reason = self.override()
        if reason is None:
            messages.error(self, HITS_REMOVE.format(where=where), HITS_TITLE)
            return False
        return messages.confirm(
            self, HITS_TITLE, OVERRIDE_ASK.format(where=where, reason=reason.value)
        )

    def choose_file(self) -> None:
        if self.pack is None or not self.check_password() or not self.hits_allowed():
            return
        path = file_dialogs.save_file(
            self, self._session, SAVE_CAPTION, self.pack.file_name, PDF_FILTER, suffix=".pdf"
        )
        if path is not None:
            if path.suffix.lower() != ".pdf":
                path = path.with_name(path.name + ".pdf")
            self.make_pdf(path, self.password())

    def make_pdf(self, path: Path, password: str | None) -> None:
        """Write the pack shown to `path` on the worker; the button calls this after the
        file dialog, tests call it directly."""
        pack, guard, override = self.pack, self.guard, self.override()
        if pack is None:
            return
        self.make_button.setEnabled(False)
        self._session.call(
            lambda r: write_pack(r, pack, path, password, guard=guard, override=override),
            self._written,
            self._failed,
        )

    def _written(self, result: PackWritten) -> None:
        self._session.data_changed.emit(Topic.MEETINGS)
        if not self.is_alive():
            return
        self.make_button.setEnabled(True)
        messages.notice(self, SAVED.format(name=result.path.name))
        self.written.emit(result)
        self.accept()
